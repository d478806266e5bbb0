/* Questions over HTTP: a bank's questions listed with filters, added, read, replaced and retired. Authors see
 * everything (correct flags, accepted answers, explanations); this view never goes to learners. An edit of a
 * question an attempt has drawn becomes a new question that replaces it (see questions_store.c). */
#include "assess/banks_int.h"

#include "core/util.h"
#include "http/input.h"
#include "http/list.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A whole number query argument from min to max; 0 when absent. -1 (with a field error) when bad. */
static int query_int(struct http_request *req, const char *name, int64_t min, int64_t max, int64_t *out,
		     const char *rule, json_t **errors)
{
	const char *s = http_query(req, name);
	*out = 0;
	if (!s)
		return 0;
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || errno || *end || v < min || v > max) {
		http_field_error(errors, name, rule);
		return -1;
	}
	*out = v;
	return 0;
}

struct question_filter {
	const char *status; /* active, retired or all */
	int64_t competency_id, level;
};

static int read_filter(struct http_request *req, struct question_filter *f)
{
	json_t *errors = NULL;
	f->status = http_query(req, "status");
	if (!f->status)
		f->status = "active";
	else if (strcmp(f->status, "active") && strcmp(f->status, "retired") && strcmp(f->status, "all"))
		http_field_error(&errors, "status", "must be active, retired or all");
	(void)query_int(req, "competency_id", 1, INT64_MAX, &f->competency_id, "must be the id of a competency",
			&errors);
	(void)query_int(req, "level", 1, 5, &f->level, "must be a whole number from 1 to 5", &errors);
	if (errors) {
		http_reply_invalid(req, errors);
		return -1;
	}
	return 0;
}

/* One page of questions, oldest first. */
static json_t *question_page(struct http_request *req, struct db_conn *db, int64_t bank_id,
			     const struct question_filter *f, const struct http_list *list, json_t **cursor)
{
	struct db_stmt *st = db_prepare(
		db,
		"SELECT id FROM questions WHERE bank_id = $1 AND ($2 = 'all' OR status = $2) AND (CAST($3 AS "
		"BIGINT) = 0 OR competency_id = $3) AND (CAST($4 AS BIGINT) = 0 OR level = $4) AND id > $5 ORDER BY "
		"id LIMIT $6");
	if (!st || db_bind_int64(st, 1, bank_id) || db_bind_text(st, 2, f->status) ||
	    db_bind_int64(st, 3, f->competency_id) || db_bind_int64(st, 4, f->level) ||
	    db_bind_int64(st, 5, list->id) || db_bind_int64(st, 6, list->limit + 1)) {
		db_finish(st);
		return NULL;
	}
	int64_t ids[HTTP_LIST_MAX + 1];
	int rc, n = 0;
	*cursor = json_null();
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == list->limit) {
			const char *c = http_list_cursor(req, "", ids[n - 1]);
			if (c)
				*cursor = json_string(c);
			break;
		}
		ids[n++] = db_column_int64(st, 0);
	}
	db_finish(st);
	if (rc < 0)
		return NULL;
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		bool found;
		json_t *q = assess_question_json(db, ids[i], NULL, &found);
		if (!q) {
			json_decref(items);
			return NULL;
		}
		json_array_append_new(items, q);
	}
	return items;
}

/* GET /question-banks/{id}/questions */
void assess_questions_list(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct assess_bank b;
	struct question_filter f;
	struct http_list list;
	if (!db || !assess_bank_for(req, db, "id", false, &b) || read_filter(req, &f) || http_list_params(req, &list))
		return;
	json_t *cursor = NULL, *items = question_page(req, db, b.id, &f, &list, &cursor);
	if (!items) {
		json_decref(cursor);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", cursor));
}

/* Reads and checks the body as QUESTION_IN into q (the body is kept in *body: q points into it). Returns 0,
 * or -1 with the reply set. */
static int read_question(struct http_request *req, struct db_conn *db, json_t **body, struct assess_question_in *q)
{
	*body = http_body_json(req);
	if (!*body)
		return -1;
	json_t *errors = assess_question_read(*body, q);
	if (!errors && assess_question_check(db, q, &errors)) {
		json_decref(errors);
		http_reply_db_error(req);
		return -1;
	}
	if (errors) {
		http_reply_invalid(req, errors);
		return -1;
	}
	return 0;
}

/* POST /question-banks/{id}/questions */
void assess_question_post(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct assess_bank b;
	struct assess_question_in q;
	json_t *body = NULL, *after = NULL;
	int64_t id = 0;
	if (!db || !assess_bank_for(req, db, "id", true, &b) || read_question(req, db, &body, &q))
		goto out;
	bool found;
	int rc = db_begin(db);
	if (!rc)
		rc = assess_question_insert(db, b.id, &q, http_user(req)->id, util_now_ms(), 0, &id);
	if (!rc && !(after = assess_question_json(db, id, NULL, &found)))
		rc = DB_ERROR;
	if (!rc)
		rc = assess_bank_audit(req, "question.create", "question", id, b.provider_id, NULL, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		http_reply_db_error(req);
		goto out;
	}
	http_reply_json(req, 201, json_incref(after));
out:
	json_decref(after);
	json_decref(body);
}

/* The question {id} of the path with its bank, for the caller (a creator of its provider to write). Returns
 * the QUESTION (a new reference), or NULL with the reply set. */
static json_t *question_for(struct http_request *req, struct db_conn *db, bool write, struct assess_bank *b)
{
	int64_t id, bank_id = 0;
	bool found;
	if (http_param_id(req, "id", &id))
		return NULL;
	json_t *q = assess_question_json(db, id, &bank_id, &found);
	if (!q) {
		found ? http_reply_db_error(req) : http_reply_not_found(req, "question");
		return NULL;
	}
	if (!assess_bank_access(req, db, bank_id, write, "question", b)) {
		json_decref(q);
		return NULL;
	}
	return q;
}

/* GET /questions/{id} */
void assess_question_get(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct assess_bank b;
	json_t *q = db ? question_for(req, db, false, &b) : NULL;
	if (q)
		http_reply_json(req, 200, q);
}

static void reply_retired(struct http_request *req)
{
	http_reply_problem(
		req, 409, "question_retired",
		"This question is retired: it cannot change. Edit the question that replaced it, or add a new "
		"one.");
}

/* PUT /questions/{id} */
void assess_question_put(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct assess_bank b;
	struct assess_question_in q;
	json_t *body = NULL, *before = db ? question_for(req, db, true, &b) : NULL, *after = NULL;
	if (!before)
		return;
	int64_t id = json_integer_value(json_object_get(before, "id")), new_id = 0;
	if (!strcmp(json_string_value(json_object_get(before, "status")), "retired")) {
		reply_retired(req);
		goto out;
	}
	if (read_question(req, db, &body, &q))
		goto out;
	bool found;
	int rc = db_begin(db);
	if (!rc)
		rc = assess_question_edit(db, b.id, id, &q, http_user(req)->id, util_now_ms(), &new_id);
	if (!rc && !(after = assess_question_json(db, new_id, NULL, &found)))
		rc = DB_ERROR;
	if (!rc)
		rc = assess_bank_audit(req, "question.update", "question", id, b.provider_id, before, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		http_reply_db_error(req);
		goto out;
	}
	http_reply_json(req, 200, json_incref(after));
out:
	json_decref(before);
	json_decref(after);
	json_decref(body);
}

/* DELETE /questions/{id}: retires it (attempts that drew it still show it); a retired one stays as it is. */
void assess_question_delete(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct assess_bank b;
	json_t *before = db ? question_for(req, db, true, &b) : NULL, *after = NULL;
	if (!before)
		return;
	int64_t id = json_integer_value(json_object_get(before, "id"));
	if (!strcmp(json_string_value(json_object_get(before, "status")), "retired")) {
		http_reply_json(req, 200, before);
		return;
	}
	bool found;
	int rc = db_begin(db);
	if (!rc)
		rc = assess_question_retire(db, id, util_now_ms());
	if (!rc && !(after = assess_question_json(db, id, NULL, &found)))
		rc = DB_ERROR;
	if (!rc)
		rc = assess_bank_audit(req, "question.retire", "question", id, b.provider_id, before, NULL);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		json_decref(after);
		http_reply_db_error(req);
	} else {
		http_reply_json(req, 200, after);
	}
	json_decref(before);
}
