/* Importing questions into a bank: POST /question-banks/{id}/import takes a CSV or JSON file, checks every row
 * by the rules of QUESTION_IN, and either writes them all in one transaction or nothing, answering 422 with a
 * report naming row, column and what is wrong (the shape of onboarding's). A row whose kind and text (once
 * normalised) match an active question of the bank updates it, or leaves it alone when nothing differs, so the
 * file export gives back can be imported again without making copies. ?dry_run=true checks and counts only. */
#include "assess/banks_int.h"

#include "core/util.h"
#include "http/input.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum action { ACT_NONE, ACT_CREATE, ACT_UPDATE, ACT_UNCHANGED };
static const char *const ACTION_NAMES[] = {"", "create", "update", "unchanged"};

void assess_import_error(struct assess_import *im, size_t row, const char *column, const char *fmt, ...)
{
	im->errors_total++;
	if (json_array_size(im->errors) >= BANK_IMPORT_REPORT_CAP)
		return;
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	json_t *e = json_pack("{s:I, s:o, s:s}", "row", (json_int_t)row, "column",
			      column && *column ? json_string(column) : json_null(), "message", msg);
	if (e)
		json_array_append_new(im->errors, e);
}

int64_t assess_import_competency(struct assess_import *im, const char *code)
{
	json_t *known = json_object_get(im->competencies, code);
	if (known)
		return json_integer_value(known);
	struct db_stmt *st = db_prepare(im->db, "SELECT id FROM competencies WHERE code = $1 AND status = 'active'");
	int rc = !st || db_bind_text(st, 1, code) ? DB_ERROR : db_step(st);
	int64_t id = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	db_finish(st);
	if (rc < 0)
		im->db_rc = rc;
	else
		json_object_set_new(im->competencies, code, json_integer(id));
	return id;
}

/* One entry of a JSON file as a QUESTION_IN object: competency_code becomes competency_id. */
static json_t *json_row(struct assess_import *im, size_t row, json_t *item)
{
	if (!json_is_object(item)) {
		assess_import_error(im, row, NULL, "Each entry of questions must be a JSON object.");
		return json_null();
	}
	json_t *o = json_object(), *v;
	const char *key;
	json_object_foreach(item, key, v)
	{
		if (!strcmp(key, "competency_id")) {
			assess_import_error(im, row, key,
					    "is not a field of a file: name the competency by competency_code "
					    "(ids differ from one installation to another)");
		} else if (!strcmp(key, "competency_code") && json_is_string(v)) {
			int64_t id = assess_import_competency(im, json_string_value(v));
			if (!id)
				assess_import_error(im, row, key, "%.60s is not the code of an active competency",
						    json_string_value(v));
			json_object_set_new(o, "competency_id", id ? json_integer(id) : json_null());
		} else if (!strcmp(key, "competency_code")) {
			if (!json_is_null(v))
				assess_import_error(im, row, key, "must be a competency code or null");
		} else {
			json_object_set(o, key, v);
		}
	}
	return o;
}

/* {"questions": [...]} (a "bank" member, as export writes it, is allowed and ignored). */
static void read_json(struct assess_import *im, json_t *root)
{
	json_t *list = json_object_get(root, "questions");
	if (!json_is_object(root) || !json_is_array(list)) {
		assess_import_error(im, 0, NULL,
				    "The file must be a JSON object with a list of questions: "
				    "{\"questions\": [{\"kind\": ..., \"text\": ...}, ...]}.");
		return;
	}
	const char *key;
	json_t *v;
	json_object_foreach(root, key, v)
	{
		if (strcmp(key, "questions") && strcmp(key, "bank"))
			assess_import_error(im, 0, key, "is not a member of a question bank file (questions, bank)");
	}
	size_t n = json_array_size(list);
	if (n == 0)
		assess_import_error(im, 0, NULL, "The file has no questions.");
	if (n > BANK_IMPORT_ROWS_MAX) {
		assess_import_error(im, 0, NULL, "The file has more than %d questions; import it in parts.",
				    BANK_IMPORT_ROWS_MAX);
		return;
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(im->rows, json_row(im, i + 1, json_array_get(list, i)));
}

/* The key that makes a file's row the same question as a stored one: kind and normalised text. */
static char *question_key(const char *kind, const char *text)
{
	struct buf b;
	buf_init(&b, 4 * BANK_TEXT_MAX + 64);
	char *key = NULL;
	if (!assess_normalise(text, strlen(text), &b)) {
		char *norm = buf_steal(&b);
		if (norm && buf_printf(&b, "%s\x1f%s", kind, norm) == 0)
			key = buf_steal(&b);
		free(norm);
	}
	buf_free(&b);
	return key;
}

/* The bank's active questions by key -> id. */
static json_t *stored_keys(struct db_conn *db, int64_t bank_id)
{
	struct db_stmt *st = db_prepare(
		db, "SELECT id, kind, text_en FROM questions WHERE bank_id = $1 AND status = 'active' ORDER BY "
		    "id");
	if (!st || db_bind_int64(st, 1, bank_id)) {
		db_finish(st);
		return NULL;
	}
	json_t *keys = json_object();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		char *key = question_key(db_column_text(st, 1), db_column_text(st, 2));
		if (key && !json_object_get(keys, key))
			json_object_set_new(keys, key, json_integer(db_column_int64(st, 0)));
		free(key);
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(keys);
		return NULL;
	}
	return keys;
}

/* True when one of the first n errors is on row and column: the file reader's own, more precise one. */
static bool reported(const struct assess_import *im, size_t n, size_t row, const char *column)
{
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(im->errors, i);
		const char *c = json_string_value(json_object_get(e, "column"));
		if ((size_t)json_integer_value(json_object_get(e, "row")) == row && c && !strcmp(c, column))
			return true;
	}
	return false;
}

static void report_field_errors(struct assess_import *im, size_t row, json_t *errors)
{
	size_t i, before = json_array_size(im->errors);
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		const char *f = json_string_value(json_object_get(e, "field"));
		const char *m = json_string_value(json_object_get(e, "message"));
		char column[48], message[300];
		if (im->csv)
			assess_import_csv_column(f, m, column, sizeof column, message, sizeof message);
		else {
			snprintf(column, sizeof column, "%s", f);
			snprintf(message, sizeof message, "%s", m);
		}
		if (!reported(im, before, row, column))
			assess_import_error(im, row, column, "%s", message);
	}
}

/* Decides what row does (acts[row - 1], targets[row - 1]) against the stored questions. */
static int plan_row(struct assess_import *im, size_t row, json_t *stored, json_t *seen, enum action *act,
		    int64_t *target)
{
	struct assess_question_in q;
	json_t *obj = json_array_get(im->rows, row - 1), *errors = NULL;
	if (json_is_null(obj))
		return 0;
	errors = assess_question_read(obj, &q);
	int rc = errors ? 0 : assess_question_check(im->db, &q, &errors);
	if (errors || rc) {
		report_field_errors(im, row, errors);
		json_decref(errors);
		return rc;
	}
	char *key = question_key(q.kind, q.text);
	if (!key)
		return DB_ERROR;
	json_t *earlier = json_object_get(seen, key), *id = json_object_get(stored, key);
	if (earlier)
		assess_import_error(im, row, "text",
				    "is the same question as row %lld (the same kind and text, whatever "
				    "the case or spacing)",
				    (long long)json_integer_value(earlier));
	json_object_set_new(seen, key, json_integer((json_int_t)row));
	free(key);
	if (earlier)
		return 0;
	*act = ACT_CREATE;
	if (!id)
		return 0;
	bool found;
	*target = json_integer_value(id);
	json_t *now = assess_question_json(im->db, *target, NULL, &found);
	json_t *a = now ? assess_question_canonical_of(now) : NULL, *b = a ? assess_question_canonical(&q) : NULL;
	*act = json_equal(a, b) ? ACT_UNCHANGED : ACT_UPDATE;
	rc = a && b ? 0 : DB_ERROR;
	json_decref(now);
	json_decref(a);
	json_decref(b);
	return rc;
}

static int plan(struct assess_import *im, int64_t bank_id, enum action *acts, int64_t *targets)
{
	json_t *stored = stored_keys(im->db, bank_id), *seen = json_object();
	int rc = stored ? 0 : DB_ERROR;
	for (size_t row = 1; !rc && row <= json_array_size(im->rows); row++)
		rc = plan_row(im, row, stored, seen, &acts[row - 1], &targets[row - 1]);
	json_decref(stored);
	json_decref(seen);
	return rc;
}

/* Pass 2: every row written; sets targets[] to the question each row ends as. */
static int write_rows(struct http_request *req, struct assess_import *im, int64_t bank_id, enum action *acts,
		      int64_t *targets)
{
	int64_t me = http_user(req)->id, now = util_now_ms();
	int rc = 0;
	for (size_t i = 0; !rc && i < json_array_size(im->rows); i++) {
		struct assess_question_in q;
		if (acts[i] == ACT_UNCHANGED)
			continue;
		json_t *errors = assess_question_read(json_array_get(im->rows, i), &q);
		if (errors) { /* checked in pass 1 */
			json_decref(errors);
			return DB_ERROR;
		}
		if (acts[i] == ACT_CREATE)
			rc = assess_question_insert(im->db, bank_id, &q, me, now, 0, &targets[i]);
		else
			rc = assess_question_edit(im->db, bank_id, targets[i], &q, me, now, &targets[i]);
	}
	return rc;
}

static json_t *summary(struct assess_import *im, bool dry_run, const enum action *acts, const int64_t *targets)
{
	size_t n = json_array_size(im->rows), count[4] = {0};
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		count[acts[i]]++;
		json_array_append_new(items, json_pack("{s:I, s:s, s:o}", "row", (json_int_t)i + 1, "action",
						       ACTION_NAMES[acts[i]], "question_id",
						       targets[i] ? json_integer(targets[i]) : json_null()));
	}
	return json_pack("{s:b, s:I, s:I, s:I, s:I, s:o}", "dry_run", dry_run, "rows", (json_int_t)n, "created",
			 (json_int_t)count[ACT_CREATE], "updated", (json_int_t)count[ACT_UPDATE], "unchanged",
			 (json_int_t)count[ACT_UNCHANGED], "items", items);
}

struct sorted_error {
	json_int_t row;
	size_t at;
	json_t *e;
};

static int by_row(const void *a, const void *b)
{
	const struct sorted_error *x = a, *y = b;
	return x->row != y->row ? (x->row < y->row ? -1 : 1) : (x->at < y->at ? -1 : x->at > y->at);
}

/* 422 import_rejected with the report, errors in row order. */
static void reject(struct http_request *req, struct assess_import *im)
{
	size_t n = json_array_size(im->errors), rows = 0;
	struct sorted_error *s = calloc(n ? n : 1, sizeof *s);
	json_t *errors = json_array();
	for (size_t i = 0; s && i < n; i++)
		s[i] = (struct sorted_error){json_integer_value(json_object_get(json_array_get(im->errors, i), "row")),
					     i, json_array_get(im->errors, i)};
	if (s)
		qsort(s, n, sizeof *s, by_row);
	for (size_t i = 0; s && i < n; i++) {
		json_array_append(errors, s[i].e);
		rows += s[i].row && (i == 0 || s[i - 1].row != s[i].row);
	}
	char detail[600];
	const struct sorted_error *first = s && n ? &s[0] : NULL;
	const char *column = first ? json_string_value(json_object_get(first->e, "column")) : NULL;
	const char *message = first ? json_string_value(json_object_get(first->e, "message")) : "";
	if (im->errors_total == 1 && first && first->row)
		snprintf(detail, sizeof detail, "Row %lld%s%s: %s%s Nothing was changed.", (long long)first->row,
			 column ? ", " : "", column ? column : "", message, column ? "." : "");
	else if (im->errors_total == 1)
		snprintf(detail, sizeof detail, "%s%s%s%s Nothing was changed.", column ? column : "",
			 column ? ": " : "", message, column ? "." : "");
	else
		snprintf(detail, sizeof detail,
			 "%zu errors in %zu rows; nothing was changed. Fix what the report names and import the file "
			 "again.",
			 im->errors_total, rows);
	free(s);
	json_t *report = json_pack("{s:I, s:o, s:I}", "rows", (json_int_t)json_array_size(im->rows), "errors", errors,
				   "errors_total", (json_int_t)im->errors_total);
	http_reply_problem_with(req, 422, "import_rejected", detail, json_pack("{s:o}", "report", report));
}

static bool media_type_is(const char *ct, const char *type)
{
	size_t n = strcspn(ct, ";");
	while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	return n == strlen(type) && !strncasecmp(ct, type, n);
}

/* Reads ?dry_run and the file into im. Returns 0, or -1 with the reply set (415, 400, 422). */
static int read_request(struct http_request *req, struct assess_import *im, bool *dry_run)
{
	const char *d = http_query(req, "dry_run");
	*dry_run = d && (!strcmp(d, "true") || !strcmp(d, "1"));
	if (d && !*dry_run && strcmp(d, "false") && strcmp(d, "0")) {
		json_t *errors = NULL;
		http_field_error(&errors, "dry_run", "must be true or false");
		http_reply_invalid(req, errors);
		return -1;
	}
	const char *ct = http_header(req, "Content-Type");
	if (ct && (media_type_is(ct, "text/csv") || media_type_is(ct, "application/csv") ||
		   media_type_is(ct, "application/vnd.ms-excel"))) {
		size_t len;
		const char *data = http_body(req, &len);
		im->format = "csv";
		if (assess_import_csv(im, data, len)) {
			http_reply_problem(req, 500, "internal", "The server is out of memory; nothing was changed.");
			return -1;
		}
		return 0;
	}
	if (ct && (media_type_is(ct, "application/xml") || media_type_is(ct, "text/xml") ||
		   media_type_is(ct, "application/qti+xml"))) {
		size_t len;
		const char *data = http_body(req, &len);
		im->format = "qti";
		return assess_import_qti(im, data, len);
	}
	if (!ct || !media_type_is(ct, "application/json")) {
		http_reply_problem(
			req, 415, "unsupported_media_type",
			"Send the questions as CSV (Content-Type: text/csv), JSON (application/json) or QTI 2.1 "
			"XML (application/xml).");
		return -1;
	}
	im->format = "json";
	json_t *root = http_body_json(req);
	if (!root)
		return -1;
	read_json(im, root);
	json_decref(root);
	return 0;
}

static int write_and_audit(struct http_request *req, struct assess_import *im, const struct assess_bank *b,
			   enum action *acts, int64_t *targets)
{
	int rc = write_rows(req, im, b->id, acts, targets);
	json_t *after = rc ? NULL : summary(im, false, acts, targets);
	if (after) {
		json_object_del(after, "items");
		json_object_set_new(after, "format", json_string(im->format));
		rc = assess_bank_audit(req, "question_bank.import", "question_bank", b->id, b->provider_id, NULL,
				       after);
	}
	json_decref(after);
	return rc ? rc : after ? 0 : DB_ERROR;
}

static void run(struct http_request *req, struct assess_import *im, const struct assess_bank *b, bool dry_run)
{
	size_t n = json_array_size(im->rows);
	enum action *acts = calloc(n ? n : 1, sizeof *acts);
	int64_t *targets = calloc(n ? n : 1, sizeof *targets);
	int rc = acts && targets ? im->db_rc : DB_ERROR;
	if (!rc)
		rc = db_begin(im->db);
	if (!rc)
		rc = plan(im, b->id, acts, targets);
	if (!rc && !im->errors_total && !dry_run)
		rc = write_and_audit(req, im, b, acts, targets);
	if (!rc && !im->errors_total && !dry_run)
		rc = db_commit(im->db);
	else
		db_rollback(im->db);
	if (rc)
		http_reply_db_error(req);
	else if (im->errors_total)
		reject(req, im);
	else
		http_reply_json(req, 200, summary(im, dry_run, acts, targets));
	free(acts);
	free(targets);
}

/* POST /question-banks/{id}/import */
void assess_bank_import(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct assess_bank b;
	bool dry_run;
	if (!db || !assess_bank_for(req, db, "id", true, &b))
		return;
	struct assess_import im = {
		.db = db, .rows = json_array(), .errors = json_array(), .competencies = json_object()};
	if (!read_request(req, &im, &dry_run)) /* every row is checked, even after the reader found errors */
		run(req, &im, &b, dry_run);
	json_decref(im.rows);
	json_decref(im.errors);
	json_decref(im.competencies);
}
