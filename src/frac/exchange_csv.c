/* The framework file as CSV: libcsv in strict mode (as onboarding reads e-HRMS files) turns bytes into
 * records; each record becomes an object of the JSON format, levels, activities and requirements joined to
 * their competency or role by code, and each keeps the line it started on for the report. */
#include "frac/exchange_int.h"

#include "core/buf.h"
#include "core/util.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_FIELDS 32
#define MAX_ROW_BYTES (1u << 20)

enum col { C_RECORD, C_CODE, C_AREA, C_NAME, C_NAME_HI, C_DESC, C_DESC_HI, C_LEVEL, C_TEXT, C_TEXT_HI, C_REF, NCOLS };
static const char *const COLS[NCOLS] = {"record",  "code",           "area",  "name", "name_hi", "description",
					"description_hi", "level", "text", "text_hi", "ref"};

/* A record waiting to be joined: a competency or role (obj is the item) or one of their lines. */
struct pend {
	struct ex_at at;
	const char *code; /* competencies' upper-cased */
	json_t *obj;
	struct ex_at *subs[2]; /* levels; or activities and requirements */
};

struct pend_list {
	struct pend *items;
	size_t n, cap;
};

struct csv_state {
	struct ex_run *run;
	struct buf row; /* the current record's fields, each NUL-terminated */
	size_t off[MAX_FIELDS], len[MAX_FIELDS];
	size_t nfields; /* may pass MAX_FIELDS: only the first are kept */
	bool too_long;
	uint32_t line;   /* the line being fed to the parser */
	uint32_t breaks; /* line breaks inside the current record's fields */
	uint32_t next;   /* the line after the last record ended: where an unclosed quote's record starts */
	bool header_done;
	int col_of[MAX_FIELDS];
	size_t header_n;
	uint32_t records;
	struct pend_list comps, levels, roles, acts, reqs;
};

static void on_field(void *s, size_t n, void *data)
{
	struct csv_state *st = data;
	for (size_t i = 0; i < n; i++)
		if (((char *)s)[i] == '\n' || (((char *)s)[i] == '\r' && (i + 1 == n || ((char *)s)[i + 1] != '\n')))
			st->breaks++;
	size_t i = st->nfields++;
	if (i >= MAX_FIELDS)
		return;
	st->off[i] = st->row.len;
	st->len[i] = n;
	if (buf_append(&st->row, s ? s : "", n) || buf_append(&st->row, "", 1)) {
		st->too_long = true;
		st->len[i] = 0;
	}
}

static const char *cell(const struct csv_state *st, size_t i)
{
	return st->row.data + st->off[i];
}

static bool blank(const struct csv_state *st)
{
	for (size_t i = 0; i < st->nfields && i < MAX_FIELDS; i++)
		if (st->len[i])
			return false;
	return !st->too_long && st->nfields <= MAX_FIELDS;
}

static void header_cell(struct csv_state *st, const struct ex_at *at, size_t i, bool seen[NCOLS])
{
	st->col_of[i] = -1;
	const char *s = cell(st, i);
	size_t n = st->len[i];
	if (i == 0 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) { /* the byte order mark the export writes */
		s += 3;
		n -= 3;
	}
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	for (int c = 0; c < NCOLS; c++)
		if (strlen(COLS[c]) == n && !strncasecmp(COLS[c], s, n)) {
			if (seen[c])
				ex_error(st->run, at, COLS[c], "appears twice in the header");
			seen[c] = true;
			st->col_of[i] = c;
			return;
		}
	if (!util_utf8_valid(s, n) || n > 40)
		ex_error(st->run, at, NULL, "Header cell %zu is not a known column.", i + 1);
	else
		ex_error(st->run, at, NULL,
			 "Header cell %zu (\"%.*s\") is not a known column; the columns are record, code, area, name, "
			 "name_hi, description, description_hi, level, text, text_hi, ref.",
			 i + 1, (int)n, s);
}

static void read_header(struct csv_state *st, const struct ex_at *at)
{
	st->header_done = true;
	st->header_n = st->nfields < MAX_FIELDS ? st->nfields : MAX_FIELDS;
	if (st->nfields > MAX_FIELDS || st->too_long)
		ex_error(st->run, at, NULL, "The header has %zu columns; a framework file has %d.", st->nfields, NCOLS);
	bool seen[NCOLS] = {false};
	for (size_t i = 0; i < st->header_n; i++)
		header_cell(st, at, i, seen);
	for (int c = C_RECORD; c <= C_CODE; c++)
		if (!seen[c])
			ex_error(st->run, at, COLS[c], "is a required column and is missing from the header");
}

/* The value of column c in the current record: NULL when empty or absent. A leading ' that the export put
 * before a cell a spreadsheet would run as a formula is taken off again. */
static const char *value(const struct csv_state *st, int c)
{
	for (size_t i = 0; i < st->header_n && i < st->nfields; i++) {
		if (st->col_of[i] != c || !st->len[i])
			continue;
		const char *s = cell(st, i);
		if (s[0] == '\'' && strchr("=+-@\t\r", s[1]) && s[1])
			s++;
		return s;
	}
	return NULL;
}

static bool shape_ok(struct csv_state *st, const struct ex_at *at)
{
	if (st->too_long) {
		ex_error(st->run, at, NULL, "The record is longer than %u bytes.", MAX_ROW_BYTES);
		return false;
	}
	if (st->nfields != st->header_n) {
		ex_error(st->run, at, NULL, "The record has %zu fields; the header has %zu.", st->nfields, st->header_n);
		return false;
	}
	bool ok = true;
	for (size_t i = 0; i < st->nfields; i++)
		if (!util_utf8_valid(cell(st, i), st->len[i])) {
			int c = st->col_of[i];
			ex_error(st->run, at, c >= 0 ? COLS[c] : NULL, "is not valid UTF-8 text; save the file as CSV UTF-8");
			ok = false;
		}
	return ok;
}

static void set_text(json_t *obj, const char *key, const char *s)
{
	if (s)
		json_object_set_new(obj, key, json_string(s));
}

/* A level number as the JSON format has it: a number when the cell is one, else the text (reported). */
static void set_level(json_t *obj, const char *s)
{
	if (!s)
		return;
	size_t n = strspn(s, "0123456789");
	json_object_set_new(obj, "level", !s[n] && n <= 9 ? json_integer(strtol(s, NULL, 10)) : json_string(s));
}

static int pend_add(struct ex_run *run, struct pend_list *l, const struct ex_at *at, const char *code, json_t *obj)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct pend *p = realloc(l->items, cap * sizeof *p);
		if (!p) {
			json_decref(obj);
			run->oom = true;
			return -1;
		}
		l->items = p;
		l->cap = cap;
	}
	l->items[l->n++] = (struct pend){*at, code ? ex_strdup(run, code) : NULL, obj, {NULL, NULL}};
	return 0;
}

static void upper(char *s)
{
	for (; s && *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

/* Turns one record into an item or an item's line. */
static void take_record(struct csv_state *st, const struct ex_at *at)
{
	const char *record = value(st, C_RECORD), *code = value(st, C_CODE);
	json_t *obj = json_object();
	set_text(obj, "code", code);
	if (record && !strcmp(record, "competency")) {
		static const int TEXT[] = {C_AREA, C_NAME, C_NAME_HI, C_DESC, C_DESC_HI};
		for (size_t i = 0; i < sizeof TEXT / sizeof TEXT[0]; i++)
			set_text(obj, COLS[TEXT[i]], value(st, TEXT[i]));
		char *key = ex_strdup(st->run, code ? code : "");
		upper(key);
		(void)pend_add(st->run, &st->comps, at, key, obj);
		return;
	}
	if (record && !strcmp(record, "role")) {
		static const int TEXT[] = {C_NAME, C_NAME_HI, C_DESC, C_DESC_HI};
		for (size_t i = 0; i < sizeof TEXT / sizeof TEXT[0]; i++)
			set_text(obj, COLS[TEXT[i]], value(st, TEXT[i]));
		json_object_set_new(obj, "extends", value(st, C_REF) ? json_string(value(st, C_REF)) : json_null());
		json_object_set_new(obj, "activities", json_array());
		json_object_set_new(obj, "requirements", json_array());
		(void)pend_add(st->run, &st->roles, at, code ? code : "", obj);
		return;
	}
	json_object_del(obj, "code");
	struct pend_list *list = NULL;
	if (record && !strcmp(record, "level")) {
		set_level(obj, value(st, C_LEVEL));
		set_text(obj, "descriptor", value(st, C_TEXT));
		set_text(obj, "descriptor_hi", value(st, C_TEXT_HI));
		list = &st->levels;
	} else if (record && !strcmp(record, "activity")) {
		set_text(obj, "text", value(st, C_TEXT));
		set_text(obj, "text_hi", value(st, C_TEXT_HI));
		list = &st->acts;
	} else if (record && !strcmp(record, "requirement")) {
		set_text(obj, "competency", value(st, C_REF));
		set_level(obj, value(st, C_LEVEL));
		list = &st->reqs;
	}
	if (!list) {
		json_decref(obj);
		ex_error(st->run, at, "record", "must be competency, level, role, activity or requirement");
		return;
	}
	if (!code) {
		json_decref(obj);
		ex_error(st->run, at, "code", "is required: the code of the %s this %s belongs to",
			 list == &st->levels ? "competency" : "role", record);
		return;
	}
	char *key = ex_strdup(st->run, code);
	if (list == &st->levels)
		upper(key);
	(void)pend_add(st->run, list, at, key, obj);
}

static void on_row(int c, void *data)
{
	(void)c;
	struct csv_state *st = data;
	struct ex_at at = {0, st->line - st->breaks, NULL};
	if (blank(st))
		goto reset;
	at.seq = at.line; /* a CSV report is in line order */
	if (!st->header_done) {
		read_header(st, &at);
		goto reset;
	}
	st->records++;
	if (shape_ok(st, &at))
		take_record(st, &at);
reset:
	buf_reset(&st->row);
	st->nfields = 0;
	st->breaks = 0;
	st->next = st->line + 1;
	st->too_long = false;
}

/* --- joining lines to their competency or role --- */

static int by_code_then_seq(const void *a, const void *b)
{
	const struct pend *x = a, *y = b;
	int c = strcmp(x->code, y->code);
	return c ? c : x->at.seq < y->at.seq ? -1 : x->at.seq > y->at.seq;
}

/* The first pending parent with code, in a list sorted by code then line. */
static struct pend *find(struct pend **sorted, size_t n, const char *code)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(sorted[mid]->code, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(sorted[lo]->code, code) ? sorted[lo] : NULL;
}

static int by_code_ptr(const void *a, const void *b)
{
	return by_code_then_seq(*(struct pend *const *)a, *(struct pend *const *)b);
}

/* Appends each line of subs to the member list of the first parent with its code (slot: which ats). */
static int join(struct ex_run *run, struct pend_list *parents, struct pend_list *subs, const char *member, int slot,
		const char *what)
{
	struct pend **sorted = parents->n ? malloc(parents->n * sizeof *sorted) : NULL;
	if (parents->n && !sorted)
		return -1;
	for (size_t i = 0; i < parents->n; i++)
		sorted[i] = &parents->items[i];
	if (parents->n)
		qsort(sorted, parents->n, sizeof *sorted, by_code_ptr);
	if (subs->n)
		qsort(subs->items, subs->n, sizeof *subs->items, by_code_then_seq);
	for (size_t i = 0; i < subs->n;) {
		size_t end = i;
		while (end < subs->n && !strcmp(subs->items[end].code, subs->items[i].code))
			end++;
		struct pend *p = find(sorted, parents->n, subs->items[i].code);
		struct ex_at *ats = p ? arena_alloc(&run->arena, (end - i) * sizeof *ats) : NULL;
		if (p && !ats)
			run->oom = true;
		for (size_t k = i; k < end; k++) {
			struct pend *s = &subs->items[k];
			if (!ats) {
				if (p == NULL)
					ex_error(run, &s->at, "code", "no %s record in this file has the code %s", what, s->code);
				continue;
			}
			json_t *list = json_object_get(p->obj, member);
			if (!list) {
				list = json_array();
				json_object_set_new(p->obj, member, list);
			}
			ats[json_array_size(list)] = s->at;
			json_array_append(list, s->obj);
		}
		if (p)
			p->subs[slot] = ats;
		i = end;
	}
	free(sorted);
	return 0;
}

static void pend_free(struct pend_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		json_decref(l->items[i].obj);
	free(l->items);
}

/* Hands the joined items to the item rules, in file order. */
static int finish(struct csv_state *st)
{
	struct ex_run *run = st->run;
	if (join(run, &st->comps, &st->levels, "levels", 0, "competency") ||
	    join(run, &st->roles, &st->acts, "activities", 0, "role") ||
	    join(run, &st->roles, &st->reqs, "requirements", 1, "role"))
		return -1;
	for (size_t i = 0; i < st->comps.n; i++)
		ex_read_comp(run, &st->comps.items[i].at, st->comps.items[i].obj, st->comps.items[i].subs[0]);
	for (size_t i = 0; i < st->roles.n; i++)
		ex_read_role(run, &st->roles.items[i].at, st->roles.items[i].obj, st->roles.items[i].subs[0],
			     st->roles.items[i].subs[1]);
	return run->oom ? -1 : 0;
}

/* --- reading --- */

static bool starts_with(const char *data, size_t len, const char *magic, size_t n)
{
	return len >= n && !memcmp(data, magic, n);
}

/* Recognises what is plainly not CSV text; true (reported) when the file is refused. */
static bool not_csv(struct ex_run *run, const char *data, size_t len)
{
	const char *why = NULL;
	size_t skip = starts_with(data, len, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (skip < len && (data[skip] == ' ' || data[skip] == '\t' || data[skip] == '\r' || data[skip] == '\n'))
		skip++;
	if (skip == len)
		why = "The file is empty; send a header row and at least one record.";
	else if (starts_with(data, len, "PK\x03\x04", 4) || starts_with(data, len, "\xD0\xCF\x11\xE0", 4))
		why = "The file is a zip archive or an Excel workbook, not CSV; save the sheet as \"CSV UTF-8\".";
	else if (data[skip] == '{' || data[skip] == '[')
		why = "The file looks like JSON, not CSV; send JSON with the header Content-Type: application/json.";
	else if (memchr(data, '\0', len))
		why = "The file is not CSV text: it contains NUL bytes (a binary or UTF-16 file); save it as CSV UTF-8.";
	if (why)
		ex_error(run, NULL, NULL, "%s", why);
	return why != NULL;
}

static void parse_failed(struct csv_state *st, uint32_t line, const char *why)
{
	struct ex_at at = {line, line, NULL};
	ex_error(st->run, &at, NULL, "%s Reading stopped here; nothing was imported.", why);
}

#define QUOTE_ERROR                                                                                                  \
	"A quote is out of place: a quoted field must end with a quote followed by a comma or a line break, and a "  \
	"quote inside a field is written twice (\"\")."

/* Feeds the parser a line at a time, so a record knows the line it ends on. Returns 0 when the whole file
 * was read, 1 when it stopped at a malformed record (reported). */
static int parse_lines(struct csv_state *st, struct csv_parser *p, const char *data, size_t len)
{
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(data + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (data + at)) + 1 : len - at;
		st->line++;
		if (csv_parse(p, data + at, n, on_field, on_row, st) != n) {
			parse_failed(st, st->line, csv_error(p) == CSV_EPARSE ? QUOTE_ERROR : "A field is too long to read.");
			return 1;
		}
		if (csv_get_buffer_size(p) > MAX_ROW_BYTES) {
			parse_failed(st, st->next, "A field is too long to read: is a closing quote missing?");
			return 1;
		}
		at += n;
	}
	if (csv_fini(p, on_field, on_row, st)) {
		parse_failed(st, st->next, "A quoted field is not closed: a closing quote is missing.");
		return 1;
	}
	return 0;
}

int ex_csv_read(struct ex_run *run, const char *data, size_t len)
{
	run->format = EX_CSV;
	if (not_csv(run, data, len))
		return 0;
	struct csv_state st = {.run = run, .next = 1};
	buf_init(&st.row, MAX_ROW_BYTES);
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI)) {
		buf_free(&st.row);
		return -1;
	}
	int rc = 0;
	if (!parse_lines(&st, &p, data, len)) {
		if (!st.header_done)
			ex_error(run, NULL, NULL, "The file is empty; send a header row and at least one record.");
		else if (!st.records)
			ex_error(run, NULL, NULL, "The file has a header row but no records.");
		else
			rc = finish(&st);
	}
	csv_free(&p);
	buf_free(&st.row);
	struct pend_list *lists[] = {&st.comps, &st.levels, &st.roles, &st.acts, &st.reqs};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		pend_free(lists[i]);
	return rc || run->oom ? -1 : 0;
}
