/* Onboarding's pure rules: the columns, the checks of one record (the same rules as POST /officials),
 * and the report that collects every error with its row and column. No database here. */
#include "org/onboard_int.h"

#include "core/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAME 200
#define MAX_SERVICE 200
#define MAX_EMAIL 254
#define MAX_CODE 32
#define MAX_ORG_CODE 64

const char *const org_onboard_col_names[OB_NCOLS] = {
	"employee_code", "name",      "name_hi",         "email",    "mobile", "designation", "group",
	"service",       "pay_level", "date_of_joining", "language", "status", "org_code",
};

const char *const org_ob_statuses[3] = {"active", "suspended", "retired"};
const char *const org_ob_languages[2] = {"en", "hi"};

int org_onboard_col_find(const char *s, size_t n)
{
	for (int c = 0; c < OB_NCOLS; c++) {
		const char *name = org_onboard_col_names[c];
		if (strlen(name) != n)
			continue;
		size_t i = 0;
		for (; i < n; i++) {
			char ch = s[i];
			if (ch >= 'A' && ch <= 'Z')
				ch = (char)(ch - 'A' + 'a');
			else if (ch == ' ' || ch == '-')
				ch = '_';
			if (ch != name[i])
				break;
		}
		if (i == n)
			return c;
	}
	return -1;
}

/* --- the report --- */

void org_onboard_report_init(struct ob_report *r)
{
	memset(r, 0, sizeof *r);
}

void org_onboard_report_free(struct ob_report *r)
{
	if (!r)
		return;
	free(r->items);
	r->items = NULL;
	r->n = r->total = 0;
}

void org_onboard_report_add(struct ob_report *r, uint32_t row, const char *column, const char *fmt, ...)
{
	r->total++;
	if (r->n >= OB_REPORT_CAP)
		return;
	if (!r->items) {
		r->items = malloc(OB_REPORT_CAP * sizeof *r->items);
		if (!r->items) {
			r->oom = true;
			return;
		}
	}
	struct ob_error *e = &r->items[r->n++];
	e->row = row;
	snprintf(e->column, sizeof e->column, "%s", column ? column : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
}

static int column_rank(const char *column)
{
	if (!*column)
		return -1;
	int c = org_onboard_col_find(column, strlen(column));
	return c < 0 ? OB_NCOLS : c;
}

/* Orders by row, then by the column's place in the file's column list (file-level errors first). */
static bool error_after(const struct ob_error *x, const struct ob_error *y)
{
	if (x->row != y->row)
		return x->row > y->row;
	return column_rank(x->column) > column_rank(y->column);
}

void org_onboard_report_sort(struct ob_report *r)
{
	/* Insertion sort: stable, and the kept errors are few and nearly in order already. */
	for (size_t i = 1; i < r->n; i++) {
		struct ob_error e = r->items[i];
		size_t j = i;
		while (j > 0 && error_after(&r->items[j - 1], &e)) {
			r->items[j] = r->items[j - 1];
			j--;
		}
		r->items[j] = e;
	}
}

json_t *org_onboard_report_json(const struct ob_report *r, uint32_t rows)
{
	json_t *errors = json_array();
	if (!errors)
		return NULL;
	for (size_t i = 0; i < r->n; i++) {
		const struct ob_error *e = &r->items[i];
		json_t *item = json_pack("{s:I, s:o, s:s}", "row", (json_int_t)e->row, "column",
					 e->column[0] ? json_string(e->column) : json_null(), "message", e->message);
		if (!item || json_array_append_new(errors, item)) {
			json_decref(errors);
			return NULL;
		}
	}
	return json_pack("{s:I, s:o, s:I}", "rows", (json_int_t)rows, "errors", errors, "errors_total",
			 (json_int_t)r->total);
}

void org_onboard_snippet(const char *s, size_t n, size_t max, char *out, size_t out_size)
{
	size_t take = n <= max ? n : max;
	while (take > 0 && take < n && ((unsigned char)s[take] & 0xC0) == 0x80)
		take--; /* do not cut a character in two */
	snprintf(out, out_size, "%.*s%s", (int)take, s, take < n ? "..." : "");
}

/* --- single-value rules --- */

/* The rules themselves are officials.c's (the same for POST /officials and for files); these wrappers
 * take (pointer, length) slices. */
static bool slice_copy(char *buf, size_t size, const char *s, size_t n)
{
	if (n >= size || memchr(s, '\0', n))
		return false; /* too long for any rule, or hiding a NUL */
	memcpy(buf, s, n);
	buf[n] = '\0';
	return true;
}

bool org_onboard_code_ok(const char *s, size_t n)
{
	char text[MAX_CODE + 2];
	return slice_copy(text, sizeof text, s, n) && org_employee_code_valid(text);
}

bool org_onboard_email_ok(const char *s, size_t n)
{
	char text[MAX_EMAIL + 2];
	return slice_copy(text, sizeof text, s, n) && org_email_valid(text);
}

bool org_onboard_mobile_norm(const char *s, size_t n, char out[11])
{
	char text[64];
	return slice_copy(text, sizeof text, s, n) && org_mobile_normalise(text, out);
}

bool org_onboard_date_ok(const char *s, size_t n)
{
	char text[16];
	return slice_copy(text, sizeof text, s, n) && org_date_valid(text);
}

static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* --- one record --- */

static void trim(struct ob_field *f)
{
	if (!f->s)
		return;
	while (f->n && (f->s[0] == ' ' || f->s[0] == '\t')) {
		f->s++;
		f->n--;
	}
	while (f->n && (f->s[f->n - 1] == ' ' || f->s[f->n - 1] == '\t'))
		f->n--;
	if (!f->n)
		f->s = NULL;
}

/* Control characters other than line breaks and tabs (which quoted CSV fields may carry) are refused. */
static bool has_control(const struct ob_field *f)
{
	for (size_t i = 0; i < f->n; i++) {
		unsigned char c = (unsigned char)f->s[i];
		if ((c < ' ' && c != '\n' && c != '\r' && c != '\t') || c == 0x7f)
			return true;
	}
	return false;
}

struct checker {
	struct ob_clean *out;
	struct ob_report *rep;
	uint32_t row;
	uint32_t present;
	int errors;
};

static void fail(struct checker *k, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(struct checker *k, int col, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	org_onboard_report_add(k->rep, k->row, org_onboard_col_names[col], "%s", msg);
	k->out->v[col].s = NULL;
	k->errors++;
}

static void check_text(struct checker *k, int col, size_t max)
{
	const struct ob_field *f = &k->out->v[col];
	if (!f->s)
		return;
	if (has_control(f))
		fail(k, col, "contains a control character");
	else if (util_utf8_chars(f->s, f->n) > max)
		fail(k, col, "is longer than %zu characters", max);
}

static void check_required(struct checker *k)
{
	for (int c = 0; c < OB_NCOLS; c++)
		if ((OB_REQUIRED & OB_BIT(c)) && (k->present & OB_BIT(c)) && !k->out->v[c].s)
			fail(k, c, "is required");
}

static void check_code(struct checker *k)
{
	const struct ob_field *f = &k->out->v[OB_EMPLOYEE_CODE];
	if (f->s && !org_onboard_code_ok(f->s, f->n))
		fail(k, OB_EMPLOYEE_CODE, "must be 1 to 32 letters, digits, '/', '_' or '-'");
}

static void check_email(struct checker *k)
{
	struct ob_field *f = &k->out->v[OB_EMAIL];
	if (!f->s)
		return;
	if (!org_onboard_email_ok(f->s, f->n)) {
		fail(k, OB_EMAIL, "is not an email address (one @, a dot in the domain, at most 254 characters)");
		return;
	}
	for (size_t i = 0; i < f->n; i++) {
		char c = f->s[i];
		k->out->email[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	k->out->email[f->n] = '\0';
	f->s = k->out->email;
}

static void check_mobile(struct checker *k)
{
	struct ob_field *f = &k->out->v[OB_MOBILE];
	if (!f->s)
		return;
	if (!org_onboard_mobile_norm(f->s, f->n, k->out->mobile)) {
		fail(k, OB_MOBILE, "must be 10 digits starting with 6, 7, 8 or 9 (optionally after +91)");
		return;
	}
	f->s = k->out->mobile;
	f->n = 10;
}

static void check_choice(struct checker *k, int col, const char *const *choices, size_t n, const char *say)
{
	const struct ob_field *f = &k->out->v[col];
	if (!f->s)
		return;
	for (size_t i = 0; i < n; i++)
		if (strlen(choices[i]) == f->n && !memcmp(choices[i], f->s, f->n))
			return;
	fail(k, col, "must be %s", say);
}

static void check_pay_level(struct checker *k)
{
	const struct ob_field *f = &k->out->v[OB_PAY_LEVEL];
	if (!f->s)
		return;
	int v = f->n <= 2 ? digits(f->s, f->n) : -1;
	if (v < 1 || v > 18)
		fail(k, OB_PAY_LEVEL, "must be a whole number from 1 to 18");
	else
		k->out->pay_level = v;
}

static void check_date(struct checker *k)
{
	const struct ob_field *f = &k->out->v[OB_DATE_OF_JOINING];
	if (f->s && !org_onboard_date_ok(f->s, f->n))
		fail(k, OB_DATE_OF_JOINING, "must be a real date written YYYY-MM-DD");
}

static void check_codes_of_lookups(struct checker *k)
{
	const struct ob_field *d = &k->out->v[OB_DESIGNATION];
	if (d->s && !org_onboard_code_ok(d->s, d->n))
		fail(k, OB_DESIGNATION, "is not a designation code");
	const struct ob_field *o = &k->out->v[OB_ORG_CODE];
	if (o->s && (o->n > MAX_ORG_CODE || has_control(o)))
		fail(k, OB_ORG_CODE, "is not an organisation code");
}

int org_onboard_check(const struct ob_record *rec, uint32_t row, struct ob_clean *out, struct ob_report *rep)
{
	memset(out, 0, sizeof *out);
	for (int c = 0; c < OB_NCOLS; c++) {
		out->v[c] = (rec->present & OB_BIT(c)) ? rec->f[c] : (struct ob_field){NULL, 0};
		trim(&out->v[c]);
	}
	struct checker k = {out, rep, row, rec->present, 0};
	check_required(&k);
	check_code(&k);
	check_text(&k, OB_NAME, MAX_NAME);
	check_text(&k, OB_NAME_HI, MAX_NAME);
	check_text(&k, OB_SERVICE, MAX_SERVICE);
	check_email(&k);
	check_mobile(&k);
	check_choice(&k, OB_GROUP, (const char *const[]){"A", "B", "C"}, 3, "A, B or C");
	check_pay_level(&k);
	check_date(&k);
	check_choice(&k, OB_LANGUAGE, org_ob_languages, 2, "en or hi");
	if ((rec->present & OB_BIT(OB_STATUS)) && !out->v[OB_STATUS].s)
		fail(&k, OB_STATUS, "must be given (active, suspended or retired) when the file has a status column");
	check_choice(&k, OB_STATUS, org_ob_statuses, 3, "active, suspended or retired");
	check_codes_of_lookups(&k);
	return k.errors;
}

/* --- the fingerprint that tells "unchanged" without keeping stored values in memory --- */

static int fp_put(struct buf *b, int col, const char *s, size_t n)
{
	unsigned char head[5] = {(unsigned char)col, 0xFF, 0xFF, 0xFF, 0xFF}; /* 0xFFFFFFFF: no value */
	if (s) {
		uint32_t len = (uint32_t)n;
		memcpy(head + 1, &len, sizeof len);
	}
	return buf_append(b, head, sizeof head) || (s && buf_append(b, s, n)) ? -1 : 0;
}

int org_onboard_fingerprint(const struct ob_map *m, const struct ob_clean *c, uint32_t present, struct buf *scratch,
			    uint64_t *fp)
{
	buf_reset(scratch);
	for (int col = 0; col < OB_NCOLS; col++) {
		if (!(present & OB_FP_COLS & OB_BIT(col)))
			continue;
		char level[4];
		const char *s = c->v[col].s;
		size_t n = c->v[col].n;
		if (col == OB_PAY_LEVEL && c->pay_level) {
			n = (size_t)snprintf(level, sizeof level, "%d", c->pay_level);
			s = level;
		} else if (col == OB_PAY_LEVEL) {
			s = NULL;
		}
		if (fp_put(scratch, col, s, n))
			return -1;
	}
	*fp = org_ob_map_hash(m, scratch->data ? scratch->data : "", scratch->len);
	return 0;
}
