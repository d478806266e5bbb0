/* A question bank's CSV file: libcsv in strict mode turns bytes into fields; this file maps the header to
 * columns, checks each row's shape and UTF-8, and turns each row into a QUESTION_IN object (option_N columns
 * into options, `correct` into their flags, `answers` split at |), so one set of rules serves CSV and JSON.
 * What is wrong goes to the report under the row and column a person sees in a spreadsheet. */
#include "assess/banks_int.h"

#include "core/util.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
	COL_KIND,
	COL_TEXT,
	COL_TEXT_HI,
	COL_EXPLANATION,
	COL_EXPLANATION_HI,
	COL_COMPETENCY,
	COL_LEVEL,
	COL_POINTS,
	COL_CORRECT,
	COL_ANSWERS,
	COL_OPTIONS,
	NCOLS = COL_OPTIONS + 2 * BANK_OPTIONS_MAX
};
#define COL_OPTION(i) (COL_OPTIONS + 2 * (i))
#define COL_OPTION_HI(i) (COL_OPTIONS + 2 * (i) + 1)
#define MAX_FIELDS 64
#define MAX_ROW_BYTES (256u << 10)

const char *const assess_csv_columns[] = {
	"kind",        "text",         "text_hi",     "explanation", "explanation_hi", "competency_code", "level",
	"points",      "correct",      "answers",     "option_1",    "option_1_hi",    "option_2",        "option_2_hi",
	"option_3",    "option_3_hi",  "option_4",    "option_4_hi", "option_5",       "option_5_hi",     "option_6",
	"option_6_hi", "option_7",     "option_7_hi", "option_8",    "option_8_hi",    "option_9",        "option_9_hi",
	"option_10",   "option_10_hi", NULL,
};

struct slice {
	const char *s; /* NULL: the column is absent or the cell empty */
	size_t n;
};

struct csv_state {
	struct assess_import *im;
	struct buf row; /* the current row's fields, each NUL-terminated */
	size_t off[MAX_FIELDS], len[MAX_FIELDS];
	size_t nfields;
	bool too_long, header_done, stop;
	int col_of[MAX_FIELDS]; /* the column each header field names, -1 for none */
	size_t header_n;
	size_t rows;
};

static void on_field(void *s, size_t n, void *data)
{
	struct csv_state *st = data;
	size_t i = st->nfields++;
	if (st->stop || i >= MAX_FIELDS)
		return;
	st->off[i] = st->row.len;
	st->len[i] = n;
	if (buf_append(&st->row, s ? s : "", n) || buf_append(&st->row, "", 1)) {
		st->too_long = true;
		st->len[i] = 0;
	}
}

static const char *field(const struct csv_state *st, size_t i)
{
	return st->row.data + st->off[i];
}

static struct slice trim(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return (struct slice){n ? s : NULL, n};
}

static int column_find(const char *s, size_t n)
{
	char name[32];
	if (n == 0 || n >= sizeof name)
		return -1;
	for (size_t i = 0; i < n; i++)
		name[i] = s[i] == ' ' || s[i] == '-' ? '_' : s[i];
	name[n] = '\0';
	for (int c = 0; c < NCOLS; c++)
		if (!strcasecmp(name, assess_csv_columns[c]))
			return c;
	return -1;
}

static void read_header(struct csv_state *st)
{
	bool present[NCOLS] = {false};
	st->header_done = true;
	st->header_n = st->nfields < MAX_FIELDS ? st->nfields : MAX_FIELDS;
	if (st->nfields > MAX_FIELDS)
		assess_import_error(st->im, 0, NULL, "The header has %zu columns; at most %d are allowed.", st->nfields,
				    MAX_FIELDS);
	for (size_t i = 0; i < st->header_n; i++) {
		st->col_of[i] = -1;
		const char *s = field(st, i);
		size_t n = st->len[i];
		if (i == 0 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) { /* Excel's byte order mark */
			s += 3;
			n -= 3;
		}
		struct slice name = trim(s, n);
		if (!util_utf8_valid(s, n)) {
			assess_import_error(st->im, 0, NULL,
					    "Header cell %zu is not valid UTF-8 text; save the file as CSV UTF-8.",
					    i + 1);
			continue;
		}
		if (!name.s) {
			assess_import_error(st->im, 0, NULL, "Header cell %zu is empty; every column needs a name.",
					    i + 1);
			continue;
		}
		int c = column_find(name.s, name.n);
		if (c < 0)
			assess_import_error(
				st->im, 0, NULL,
				"%.40s is not a known column; the columns are kind, text, text_hi, explanation, "
				"explanation_hi, competency_code, level, points, correct, answers, option_1 to "
				"option_10 and option_1_hi to option_10_hi.",
				name.s);
		else if (present[c])
			assess_import_error(st->im, 0, assess_csv_columns[c], "appears twice in the header");
		else {
			present[c] = true;
			st->col_of[i] = c;
		}
	}
	if (!present[COL_KIND])
		assess_import_error(st->im, 0, "kind", "is a required column and is missing");
	if (!present[COL_TEXT])
		assess_import_error(st->im, 0, "text", "is a required column and is missing");
}

static void set_text(json_t *o, const char *key, struct slice v)
{
	if (v.s)
		json_object_set_new(o, key, json_stringn(v.s, v.n));
}

/* A whole number cell; false (reported) when it is not one. */
static bool set_number(struct assess_import *im, size_t row, json_t *o, const char *key, struct slice v,
		       const char *rule)
{
	if (!v.s)
		return true;
	long long n = 0;
	for (size_t i = 0; i < v.n; i++) {
		if (v.s[i] < '0' || v.s[i] > '9' || i >= 6) {
			assess_import_error(im, row, key, "%s", rule);
			return false;
		}
		n = n * 10 + (v.s[i] - '0');
	}
	json_object_set_new(o, key, json_integer(n));
	return true;
}

/* option_N and option_N_hi into options, with the flags `correct` names ("2" or "1;3"). */
static void set_options(struct assess_import *im, size_t row, json_t *o, const struct slice *v)
{
	size_t n = 0;
	for (size_t i = 0; i < BANK_OPTIONS_MAX; i++)
		if (v[COL_OPTION(i)].s || v[COL_OPTION_HI(i)].s)
			n = i + 1;
	if (n == 0)
		return;
	json_t *opts = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *opt = json_pack("{s:s%, s:b}", "text", v[COL_OPTION(i)].s ? v[COL_OPTION(i)].s : "",
					v[COL_OPTION(i)].s ? v[COL_OPTION(i)].n : 0, "correct", false);
		set_text(opt, "text_hi", v[COL_OPTION_HI(i)]);
		json_array_append_new(opts, opt);
	}
	json_object_set_new(o, "options", opts);
	struct slice c = v[COL_CORRECT];
	for (size_t i = 0; c.s && i < c.n;) {
		size_t j = i;
		while (j < c.n && c.s[j] != ';' && c.s[j] != ',' && c.s[j] != ' ')
			j++;
		if (j > i) {
			size_t k = 0;
			bool digits = j - i <= 2;
			for (size_t d = i; d < j && digits; d++) {
				digits = c.s[d] >= '0' && c.s[d] <= '9';
				k = k * 10 + (size_t)(c.s[d] - '0');
			}
			if (!digits || k < 1 || k > n)
				assess_import_error(im, row, "correct",
						    "%.*s is not the number of an option here (1 to %zu)",
						    (int)(j - i > 20 ? 20 : j - i), c.s + i, n);
			else
				json_object_set_new(json_array_get(opts, k - 1), "correct", json_true());
		}
		i = j + 1;
	}
}

/* `answers`: accepted answers separated by |. */
static void set_answers(json_t *o, struct slice v)
{
	if (!v.s)
		return;
	json_t *list = json_array();
	for (size_t i = 0; i <= v.n;) {
		size_t j = i;
		while (j < v.n && v.s[j] != '|')
			j++;
		struct slice a = trim(v.s + i, j - i);
		if (a.s)
			json_array_append_new(list, json_stringn(a.s, a.n));
		i = j + 1;
	}
	json_object_set_new(o, "answers", list);
}

static void set_kind_parts(struct assess_import *im, size_t row, json_t *o, const struct slice *v)
{
	const char *kind = json_string_value(json_object_get(o, "kind"));
	bool choice = kind && (!strcmp(kind, "single") || !strcmp(kind, "multiple"));
	bool tf = kind && !strcmp(kind, "true_false");
	set_options(im, row, o, v); /* on other kinds, the rules say options do not belong */
	if (!choice && !tf && !kind)
		return;
	if (tf && v[COL_CORRECT].s) {
		struct slice c = v[COL_CORRECT];
		if (c.n == 4 && !strncasecmp(c.s, "true", 4))
			json_object_set_new(o, "correct", json_true());
		else if (c.n == 5 && !strncasecmp(c.s, "false", 5))
			json_object_set_new(o, "correct", json_false());
		else
			assess_import_error(im, row, "correct", "must be true or false for a true_false question");
	} else if (!choice && v[COL_CORRECT].s) {
		set_text(o, "correct", v[COL_CORRECT]);
	}
	set_answers(o, v[COL_ANSWERS]);
}

/* One data row as a QUESTION_IN object. */
static json_t *row_object(struct assess_import *im, size_t row, const struct slice *v)
{
	json_t *o = json_object();
	static const int TEXTS[] = {COL_KIND, COL_TEXT, COL_TEXT_HI, COL_EXPLANATION, COL_EXPLANATION_HI};
	for (size_t i = 0; i < sizeof TEXTS / sizeof TEXTS[0]; i++)
		set_text(o, assess_csv_columns[TEXTS[i]], v[TEXTS[i]]);
	if (v[COL_COMPETENCY].s) {
		char code[64];
		snprintf(code, sizeof code, "%.*s", (int)(v[COL_COMPETENCY].n < 60 ? v[COL_COMPETENCY].n : 60),
			 v[COL_COMPETENCY].s);
		int64_t id = assess_import_competency(im, code);
		if (!id)
			assess_import_error(im, row, "competency_code", "%s is not the code of an active competency",
					    code);
		json_object_set_new(o, "competency_id", id ? json_integer(id) : json_null());
	}
	if (!set_number(im, row, o, "level", v[COL_LEVEL], "must be a whole number from 1 to 5"))
		json_object_set_new(o, "level", json_null());
	(void)set_number(im, row, o, "points", v[COL_POINTS], "must be a whole number from 1 to 100");
	set_kind_parts(im, row, o, v);
	return o;
}

static bool row_is_blank(const struct csv_state *st)
{
	for (size_t i = 0; i < st->nfields && i < MAX_FIELDS; i++)
		if (trim(field(st, i), st->len[i]).s)
			return false;
	return !st->too_long;
}

static void data_row(struct csv_state *st)
{
	size_t row = ++st->rows;
	if (row > BANK_IMPORT_ROWS_MAX) {
		assess_import_error(st->im, 0, NULL, "The file has more than %d questions; import it in parts.",
				    BANK_IMPORT_ROWS_MAX);
		st->stop = true;
		return;
	}
	if (st->too_long || st->nfields != st->header_n) {
		if (st->too_long)
			assess_import_error(st->im, row, NULL, "The row is longer than %u bytes.", MAX_ROW_BYTES);
		else
			assess_import_error(st->im, row, NULL, "The row has %zu fields; the header has %zu.",
					    st->nfields, st->header_n);
		json_array_append_new(st->im->rows, json_null());
		return;
	}
	struct slice v[NCOLS] = {{0}};
	for (size_t i = 0; i < st->nfields; i++) {
		if (st->col_of[i] < 0)
			continue;
		if (!util_utf8_valid(field(st, i), st->len[i]) || memchr(field(st, i), '\0', st->len[i])) {
			assess_import_error(st->im, row, assess_csv_columns[st->col_of[i]],
					    "is not valid UTF-8 text; save the file as CSV UTF-8");
			continue;
		}
		struct slice c = trim(field(st, i), st->len[i]);
		if (c.n > 1 && c.s[0] == '\'' && strchr("=+-@", c.s[1])) { /* export's guard against formulas */
			c.s++;
			c.n--;
		}
		v[st->col_of[i]] = c;
	}
	json_array_append_new(st->im->rows, row_object(st->im, row, v));
}

static void on_row(int c, void *data)
{
	(void)c;
	struct csv_state *st = data;
	if (!st->stop && !row_is_blank(st)) {
		if (!st->header_done)
			read_header(st);
		else
			data_row(st);
	}
	buf_reset(&st->row);
	st->nfields = 0;
	st->too_long = false;
}

static bool starts_with(const char *data, size_t len, const char *magic, size_t n)
{
	return len >= n && !memcmp(data, magic, n);
}

/* Recognises what is plainly not CSV text; true (reported) when the file is refused. */
static bool not_csv(struct assess_import *im, const char *data, size_t len)
{
	const char *why = NULL;
	size_t skip = starts_with(data, len, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (skip < len && (data[skip] == ' ' || data[skip] == '\t' || data[skip] == '\r' || data[skip] == '\n'))
		skip++;
	if (skip == len)
		why = "The file is empty; send a header row and at least one question.";
	else if (starts_with(data, len, "PK\x03\x04", 4) || starts_with(data, len, "\xD0\xCF\x11\xE0", 4))
		why = "The file is a zip archive or an Excel workbook, not CSV; save the sheet as \"CSV UTF-8\".";
	else if (starts_with(data, len, "%PDF", 4) || starts_with(data, len, "\x89PNG", 4) ||
		 starts_with(data, len, "\xFF\xD8\xFF", 3))
		why = "The file is a PDF or an image, not CSV.";
	else if (data[skip] == '{' || data[skip] == '[')
		why = "The file looks like JSON, not CSV; send JSON with the header Content-Type: application/json.";
	else if (data[skip] == '<')
		why = "The file looks like XML, not CSV; send QTI 2.1 XML with the header Content-Type: "
		      "application/xml.";
	else if (memchr(data, '\0', len))
		why = "The file is not CSV text: it holds NUL bytes (a binary or UTF-16 file); save it as CSV UTF-8.";
	if (why)
		assess_import_error(im, 0, NULL, "%s", why);
	return why != NULL;
}

int assess_import_csv(struct assess_import *im, const char *data, size_t len)
{
	im->csv = true;
	if (not_csv(im, data, len))
		return 0;
	struct csv_state st = {.im = im};
	buf_init(&st.row, MAX_ROW_BYTES);
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI)) {
		buf_free(&st.row);
		return -1;
	}
	bool broken = csv_parse(&p, data, len, on_field, on_row, &st) != len;
	if (!broken && !st.stop)
		broken = csv_fini(&p, on_field, on_row, &st) != 0;
	if (broken && !st.stop)
		assess_import_error(
			im, st.header_done ? st.rows + 1 : 0, NULL,
			"A quote is out of place or not closed: a quoted field ends with a quote followed by a "
			"comma or a line break, and a quote inside a field is written twice (\"\"). Reading "
			"stopped here.");
	else if (!st.header_done)
		assess_import_error(im, 0, NULL, "The file is empty; send a header row and at least one question.");
	else if (st.rows == 0)
		assess_import_error(im, 0, NULL, "The file has a header row but no questions.");
	csv_free(&p);
	buf_free(&st.row);
	return 0;
}

/* Copies msg, with options[K] written option_{K+1} and answers[K] answer {K+1}, as a spreadsheet shows them. */
static void spreadsheet_words(const char *msg, char *out, size_t size)
{
	size_t o = 0;
	for (const char *p = msg; *p && o + 1 < size;) {
		const char *word = !strncmp(p, "options[", 8)   ? "option_"
				   : !strncmp(p, "answers[", 8) ? "answer "
								: NULL;
		char *end;
		long k = word ? strtol(p + 8, &end, 10) : 0;
		if (word && *end == ']') {
			int n = snprintf(out + o, size - o, "%s%ld", word, k + 1);
			o += n > 0 && (size_t)n < size - o ? (size_t)n : 0;
			p = end + 1;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
}

void assess_import_csv_column(const char *field, const char *msg, char *column, size_t column_size, char *message,
			      size_t message_size)
{
	char *end;
	spreadsheet_words(msg, message, message_size);
	if (!strcmp(field, "competency_id")) {
		snprintf(column, column_size, "competency_code");
	} else if (!strcmp(field, "level") && !strncmp(msg, "needs a competency_id", 21)) {
		snprintf(column, column_size, "level");
		snprintf(message, message_size,
			 "needs a competency_code: it is a proficiency level of the question's "
			 "competency");
	} else if (!strcmp(field, "options")) {
		snprintf(column, column_size, "%s", strstr(msg, "correct") ? "correct" : "options");
	} else if (!strncmp(field, "options[", 8)) {
		long k = strtol(field + 8, &end, 10);
		if (!strcmp(end, "].correct"))
			snprintf(column, column_size, "correct");
		else
			snprintf(column, column_size, "option_%ld%s", k + 1, !strcmp(end, "].text_hi") ? "_hi" : "");
	} else if (!strncmp(field, "answers[", 8)) {
		long k = strtol(field + 8, &end, 10);
		char tail[200];
		snprintf(tail, sizeof tail, "%s", message);
		snprintf(column, column_size, "answers");
		snprintf(message, message_size, "answer %ld %s", k + 1, tail);
	} else {
		snprintf(column, column_size, "%s", field);
	}
}
