/* Exporting a bank: GET /question-banks/{id}/export?format=csv|json gives its active questions as a file the
 * import takes back (competencies named by code, as ids differ between installations). Importing it into the
 * same bank changes nothing; into another bank it copies the questions. */
#include "assess/banks_int.h"

#include "core/csvout.h"
#include "http/input.h"
#include "http/list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT_CAP ((size_t)64 << 20)

static void set_if(json_t *o, const char *key, json_t *v)
{
	if (v && !json_is_null(v))
		json_object_set(o, key, v);
}

/* A question as a file's entry: QUESTION_IN with competency_code. */
static json_t *file_entry(json_t *q)
{
	const char *kind = json_string_value(json_object_get(q, "kind"));
	json_t *e = json_pack("{s:s, s:O}", "kind", kind, "text", json_object_get(q, "text"));
	set_if(e, "text_hi", json_object_get(q, "text_hi"));
	set_if(e, "explanation", json_object_get(q, "explanation"));
	set_if(e, "explanation_hi", json_object_get(q, "explanation_hi"));
	set_if(e, "competency_code", json_object_get(json_object_get(q, "competency"), "code"));
	set_if(e, "level", json_object_get(q, "level"));
	json_object_set(e, "points", json_object_get(q, "points"));
	if (!strcmp(kind, "true_false")) {
		json_object_set(e, "correct", json_object_get(q, "correct"));
	} else if (!strcmp(kind, "fill_blank")) {
		json_object_set(e, "answers", json_object_get(q, "answers"));
	} else {
		json_t *opts = json_array(), *o;
		size_t i;
		json_array_foreach(json_object_get(q, "options"), i, o)
		{
			json_t *x = json_pack("{s:O}", "text", json_object_get(o, "text"));
			set_if(x, "text_hi", json_object_get(o, "text_hi"));
			json_object_set(x, "correct", json_object_get(o, "correct"));
			json_array_append_new(opts, x);
		}
		json_object_set_new(e, "options", opts);
	}
	return e;
}

/* The entries of the bank's active questions, oldest first; NULL on a database error. */
static json_t *entries(struct db_conn *db, int64_t bank_id)
{
	struct db_stmt *st =
		db_prepare(db, "SELECT id FROM questions WHERE bank_id = $1 AND status = 'active' ORDER BY id");
	if (!st || db_bind_int64(st, 1, bank_id)) {
		db_finish(st);
		return NULL;
	}
	json_t *ids = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(ids, json_integer(db_column_int64(st, 0)));
	db_finish(st);
	json_t *out = rc < 0 ? NULL : json_array(), *id;
	size_t i;
	json_array_foreach(ids, i, id)
	{
		bool found;
		json_t *q = out ? assess_question_json(db, json_integer_value(id), NULL, &found) : NULL;
		if (!q) {
			json_decref(out);
			out = NULL;
			break;
		}
		json_array_append_new(out, file_entry(q));
		json_decref(q);
	}
	json_decref(ids);
	return out;
}

static const char *cell(json_t *e, const char *key)
{
	return json_string_value(json_object_get(e, key));
}

/* One CSV row of an entry, its columns in the order of assess_csv_columns. */
static int csv_row(struct buf *b, json_t *e)
{
	const char *v[64] = {NULL};
	char level[8] = "", points[8] = "", correct[40] = "";
	struct buf answers;
	buf_init(&answers, EXPORT_CAP);
	v[0] = cell(e, "kind");
	v[1] = cell(e, "text");
	v[2] = cell(e, "text_hi");
	v[3] = cell(e, "explanation");
	v[4] = cell(e, "explanation_hi");
	v[5] = cell(e, "competency_code");
	if (json_is_integer(json_object_get(e, "level")))
		snprintf(level, sizeof level, "%lld", (long long)json_integer_value(json_object_get(e, "level")));
	snprintf(points, sizeof points, "%lld", (long long)json_integer_value(json_object_get(e, "points")));
	v[6] = level;
	v[7] = points;
	json_t *o, *tf = json_object_get(e, "correct");
	size_t i;
	if (json_is_boolean(tf))
		snprintf(correct, sizeof correct, "%s", json_is_true(tf) ? "true" : "false");
	json_array_foreach(json_object_get(e, "options"), i, o)
	{
		v[10 + 2 * i] = cell(o, "text");
		v[11 + 2 * i] = cell(o, "text_hi");
		if (json_is_true(json_object_get(o, "correct")))
			snprintf(correct + strlen(correct), sizeof correct - strlen(correct), "%s%zu",
				 *correct ? ";" : "", i + 1);
	}
	v[8] = correct;
	int rc = 0;
	json_array_foreach(json_object_get(e, "answers"), i, o)
	{
		if (!rc && i)
			rc = buf_puts(&answers, "|");
		if (!rc)
			rc = buf_puts(&answers, json_string_value(o));
	}
	v[9] = answers.data;
	for (int c = 0; !rc && assess_csv_columns[c]; c++)
		rc = csvout_field(b, v[c], !assess_csv_columns[c + 1]);
	buf_free(&answers);
	return rc;
}

static int csv_file(struct buf *b, json_t *list)
{
	int rc = buf_puts(b, CSVOUT_BOM);
	for (int c = 0; !rc && assess_csv_columns[c]; c++)
		rc = csvout_field(b, assess_csv_columns[c], !assess_csv_columns[c + 1]);
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
	{
		if (!rc)
			rc = csv_row(b, e);
	}
	return rc;
}

static void reply_file(struct http_request *req, const char *code, bool csv, const char *data, size_t len)
{
	char disposition[128];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"%s.%s\"", code, csv ? "csv" : "json");
	http_add_header(req, "Content-Disposition", disposition);
	http_reply_bytes(req, 200, csv ? "text/csv; charset=utf-8" : "application/json", data, len);
}

/* GET /question-banks/{id}/export?format=csv|json */
void assess_bank_export(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct assess_bank b;
	if (!db || !assess_bank_for(req, db, "id", false, &b))
		return;
	const char *format = http_query(req, "format");
	if (format && strcmp(format, "csv") && strcmp(format, "json")) {
		json_t *errors = NULL;
		http_field_error(&errors, "format", "must be csv or json");
		http_reply_invalid(req, errors);
		return;
	}
	bool csv = format && !strcmp(format, "csv");
	json_t *bank = assess_bank_json(db, b.id), *list = bank ? entries(db, b.id) : NULL;
	if (!list) {
		json_decref(bank);
		http_reply_db_error(req);
		return;
	}
	struct buf out;
	buf_init(&out, EXPORT_CAP);
	char *text = NULL;
	int rc = 0;
	if (csv) {
		rc = csv_file(&out, list);
	} else {
		json_t *file = json_pack("{s:{s:O, s:O, s:O}, s:O}", "bank", "code", json_object_get(bank, "code"),
					 "title", json_object_get(bank, "title"), "title_hi",
					 json_object_get(bank, "title_hi"), "questions", list);
		text = file ? json_dumps(file, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
		rc = text ? 0 : -1;
		json_decref(file);
	}
	if (rc)
		http_reply_problem(req, 500, "internal", "The file could not be made.");
	else
		reply_file(req, b.code, csv, csv ? out.data : text, csv ? out.len : strlen(text));
	free(text);
	buf_free(&out);
	json_decref(list);
	json_decref(bank);
}
