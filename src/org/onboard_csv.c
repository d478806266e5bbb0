/* Onboarding's CSV reader: libcsv in strict mode turns bytes into fields; this file maps the header to
 * columns, checks each row's shape and UTF-8, names row and column in every error, and hands the rows
 * that have the right shape to the caller. A file that is not CSV text is recognised before parsing. */
#include "org/onboard_int.h"

#include "core/util.h"

#include <csv.h>
#include <stdio.h>
#include <string.h>

#define MAX_FIELDS 64
#define MAX_ROW_BYTES (1u << 20)
#define CHUNK (256u << 10)

struct csv_state {
	struct ob_report *rep;
	ob_row_fn fn;
	void *ctx;
	struct ob_read_result *res;
	struct buf row; /* the current row's fields, each NUL-terminated */
	size_t off[MAX_FIELDS];
	size_t len[MAX_FIELDS];
	size_t nfields; /* may pass MAX_FIELDS: only the first are kept */
	bool row_too_long;
	bool header_done;
	int col_of[MAX_FIELDS]; /* the column each header field names, -1 for none */
	size_t header_n;
	bool stop;
};

static void on_field(void *s, size_t n, void *data)
{
	struct csv_state *st = data;
	if (st->stop)
		return;
	size_t i = st->nfields++;
	if (i >= MAX_FIELDS)
		return;
	st->off[i] = st->row.len;
	st->len[i] = n;
	if (buf_append(&st->row, s ? s : "", n) || buf_append(&st->row, "", 1)) {
		st->row_too_long = true;
		st->len[i] = 0;
	}
}

static const char *field(const struct csv_state *st, size_t i)
{
	return st->row.data + st->off[i];
}

static bool row_is_blank(const struct csv_state *st)
{
	for (size_t i = 0; i < st->nfields && i < MAX_FIELDS; i++)
		if (st->len[i])
			return false;
	return !st->row_too_long && st->nfields <= MAX_FIELDS;
}

static void header_cell(struct csv_state *st, size_t i, uint32_t *present)
{
	st->col_of[i] = -1;
	const char *s = field(st, i);
	size_t n = st->len[i];
	if (i == 0 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) { /* Excel's byte order mark */
		s += 3;
		n -= 3;
	}
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	char name[48];
	if (!util_utf8_valid(s, n)) {
		org_onboard_report_add(st->rep, 0, NULL,
				       "Header cell %zu is not valid UTF-8 text; save the file as CSV UTF-8.", i + 1);
		return;
	}
	org_onboard_snippet(s, n, 40, name, sizeof name);
	if (n == 0) {
		org_onboard_report_add(st->rep, 0, NULL, "Header cell %zu is empty; every column needs a name.", i + 1);
		return;
	}
	int c = org_onboard_col_find(s, n);
	if (c < 0) {
		org_onboard_report_add(
			st->rep, 0, name,
			"is not a known column; the columns are employee_code, name, name_hi, email, mobile, "
			"designation, group, service, pay_level, date_of_joining, language, status, org_code");
	} else if (*present & OB_BIT(c)) {
		org_onboard_report_add(st->rep, 0, org_onboard_col_names[c], "appears twice in the header");
	} else {
		*present |= OB_BIT(c);
		st->col_of[i] = c;
	}
}

static void read_header(struct csv_state *st)
{
	st->header_done = true;
	st->header_n = st->nfields;
	uint32_t present = 0;
	if (st->nfields > MAX_FIELDS || st->row_too_long) {
		org_onboard_report_add(st->rep, 0, NULL, "The header has %zu columns; at most %d are allowed.",
				       st->nfields, MAX_FIELDS);
		st->header_n = MAX_FIELDS;
	}
	for (size_t i = 0; i < st->header_n; i++)
		header_cell(st, i, &present);
	for (int c = 0; c < OB_NCOLS; c++)
		if ((OB_REQUIRED & OB_BIT(c)) && !(present & OB_BIT(c)))
			org_onboard_report_add(st->rep, 0, org_onboard_col_names[c],
					       "is a required column and is missing");
	st->res->present = present;
}

/* Checks a data row's shape and text; 0 when it may go on to the rules. */
static int row_shape(struct csv_state *st, uint32_t row)
{
	if (st->row_too_long) {
		org_onboard_report_add(st->rep, row, NULL, "The row is longer than %u bytes.", MAX_ROW_BYTES);
		return -1;
	}
	if (st->nfields != st->header_n) {
		org_onboard_report_add(st->rep, row, NULL, "The row has %zu fields; the header has %zu.", st->nfields,
				       st->header_n);
		return -1;
	}
	int bad = 0;
	for (size_t i = 0; i < st->nfields; i++) {
		if (util_utf8_valid(field(st, i), st->len[i]))
			continue;
		char col[32];
		snprintf(col, sizeof col, "column %zu", i + 1);
		org_onboard_report_add(st->rep, row, st->col_of[i] >= 0 ? org_onboard_col_names[st->col_of[i]] : col,
				       "is not valid UTF-8 text; save the file as CSV UTF-8");
		bad++;
	}
	return bad ? -1 : 0;
}

static void on_row(int c, void *data)
{
	(void)c;
	struct csv_state *st = data;
	if (st->stop)
		goto reset;
	if (row_is_blank(st))
		goto reset;
	if (!st->header_done) {
		read_header(st);
		goto reset;
	}
	uint32_t row = ++st->res->rows;
	if (row_shape(st, row))
		goto reset;
	struct ob_record rec = {.present = st->res->present};
	for (size_t i = 0; i < st->nfields; i++)
		if (st->col_of[i] >= 0)
			rec.f[st->col_of[i]] = (struct ob_field){field(st, i), st->len[i]};
	if (st->fn(st->ctx, row, &rec))
		st->stop = true;
reset:
	buf_reset(&st->row);
	st->nfields = 0;
	st->row_too_long = false;
}

static bool starts_with(const char *data, size_t len, const char *magic, size_t n)
{
	return len >= n && !memcmp(data, magic, n);
}

/* Recognises what is plainly not CSV text; true (with the error reported) when the file is refused. */
static bool not_csv(const char *data, size_t len, struct ob_report *rep)
{
	const char *why = NULL;
	size_t skip = starts_with(data, len, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (skip < len && (data[skip] == ' ' || data[skip] == '\t' || data[skip] == '\r' || data[skip] == '\n'))
		skip++;
	if (skip == len)
		why = "The file is empty; send a header row and at least one data row.";
	else if (starts_with(data, len, "PK\x03\x04", 4) || starts_with(data, len, "\xD0\xCF\x11\xE0", 4))
		why = "The file is a zip archive or an Excel workbook, not CSV; save the sheet as \"CSV UTF-8\" and "
		      "upload that.";
	else if (starts_with(data, len, "\x89PNG", 4) || starts_with(data, len, "\xFF\xD8\xFF", 3) ||
		 starts_with(data, len, "GIF8", 4) || starts_with(data, len, "%PDF", 4))
		why = "The file is an image or a PDF, not CSV; export the staff list from the e-HRMS as CSV.";
	else if (data[skip] == '{' || data[skip] == '[')
		why = "The file looks like JSON, not CSV; send JSON with the header Content-Type: application/json.";
	else if (memchr(data, '\0', len))
		why = "The file is not CSV text: it contains NUL bytes (a binary or UTF-16 file); save it as CSV "
		      "UTF-8.";
	if (why)
		org_onboard_report_add(rep, 0, NULL, "%s", why);
	return why != NULL;
}

static void parse_failed(struct csv_state *st, int err)
{
	uint32_t row = st->header_done ? st->res->rows + 1 : 0;
	st->res->fatal = true;
	if (err == CSV_EPARSE)
		org_onboard_report_add(
			st->rep, row, NULL,
			"A quote is out of place: a quoted field must end with a quote followed by a comma "
			"or a line break, and a quote inside a field is written twice (\"\"). Reading "
			"stopped here.");
	else
		org_onboard_report_add(st->rep, row, NULL,
				       "A field is too long to read (is a closing quote missing?). "
				       "Reading stopped here.");
}

static int parse_all(struct csv_state *st, struct csv_parser *p, const char *data, size_t len)
{
	for (size_t at = 0; at < len && !st->stop; at += CHUNK) {
		size_t n = len - at < CHUNK ? len - at : CHUNK;
		if (csv_parse(p, data + at, n, on_field, on_row, st) != n) {
			parse_failed(st, csv_error(p));
			return 0;
		}
		if (csv_get_buffer_size(p) > MAX_ROW_BYTES) { /* one field keeps growing: an unclosed quote */
			parse_failed(st, CSV_ETOOBIG);
			return 0;
		}
	}
	if (st->stop)
		return -1;
	if (csv_fini(p, on_field, on_row, st)) {
		uint32_t row = st->header_done ? st->res->rows + 1 : 0;
		st->res->fatal = true;
		org_onboard_report_add(st->rep, row, NULL, "A quoted field is not closed: a closing quote is missing.");
		return 0;
	}
	return st->stop ? -1 : 0;
}

int org_onboard_csv_read(const char *data, size_t len, struct ob_report *rep, ob_row_fn fn, void *ctx,
			 struct ob_read_result *res)
{
	memset(res, 0, sizeof *res);
	if (not_csv(data, len, rep)) {
		res->fatal = true;
		return 0;
	}
	struct csv_state st = {.rep = rep, .fn = fn, .ctx = ctx, .res = res};
	buf_init(&st.row, MAX_ROW_BYTES);
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI)) {
		buf_free(&st.row);
		return -1;
	}
	int rc = parse_all(&st, &p, data, len);
	csv_free(&p);
	buf_free(&st.row);
	if (rc || res->fatal)
		return rc;
	if (!st.header_done) {
		res->fatal = true;
		org_onboard_report_add(rep, 0, NULL, "The file is empty; send a header row and at least one data row.");
	} else if (res->rows == 0) {
		org_onboard_report_add(rep, 0, NULL, "The file has a header row but no data rows.");
	}
	return 0;
}
