/* Question banks over HTTP: a provider's banks listed, made and renamed, and the route table of everything the
 * bank files serve (questions: questions.c; import: import.c; export: export.c). Any person of the provider
 * reads; its content creators write, and every write is audited. */
#include "assess/banks_int.h"

#include "catalog/catalog.h"
#include "core/util.h"
#include "http/input.h"
#include "http/list.h"

#include <stdio.h>
#include <string.h>

/* 1 when organisation id exists, 0 when not, or a negative DB_ code. */
static int org_exists(struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM organisations WHERE id = $1");
	int rc = !st || db_bind_int64(st, 1, id) ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc;
}

/* The provider {id} of the path, when the caller is one of its people (a creator to write). Returns 1, or 0
 * with the reply set (404 unknown or no content role, 403 another provider's person). */
static int provider_for(struct http_request *req, struct db_conn *db, bool write, int64_t *id)
{
	if (http_param_id(req, "id", id))
		return 0;
	int rc = org_exists(db, *id);
	if (rc < 0) {
		http_reply_db_error(req);
		return 0;
	}
	int64_t me = http_user(req)->id;
	bool person = rc == 1 && catalog_provider_person(db, me, *id);
	if (person && (!write || catalog_may_create(db, me, *id)))
		return 1;
	if (rc == 0 || !catalog_content_person(db, me))
		http_reply_not_found(req, "provider");
	else
		http_reply_problem(req, 403, "forbidden",
				   person ? "Only the provider's content creators make question banks."
					  : "You are not one of this provider's people, so you cannot see or make its "
					    "question banks.");
	return 0;
}

/* One page of a provider's banks, by code. */
static json_t *bank_page(struct http_request *req, struct db_conn *db, int64_t provider_id,
			 const struct http_list *list, json_t **cursor)
{
	struct db_stmt *st = db_prepare(
		db, "SELECT id, code FROM question_banks WHERE provider_id = $1 AND (code > $2 OR (code = $2 "
		    "AND id > $3)) ORDER BY code, id LIMIT $4");
	if (!st || db_bind_int64(st, 1, provider_id) || db_bind_text(st, 2, list->key) ||
	    db_bind_int64(st, 3, list->id) || db_bind_int64(st, 4, list->limit + 1)) {
		db_finish(st);
		return NULL;
	}
	int64_t ids[HTTP_LIST_MAX + 1];
	char last_code[64] = "";
	int rc, n = 0;
	*cursor = json_null();
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == list->limit) {
			const char *c = http_list_cursor(req, last_code, ids[n - 1]);
			if (c)
				*cursor = json_string(c);
			break;
		}
		ids[n++] = db_column_int64(st, 0);
		snprintf(last_code, sizeof last_code, "%s", db_column_text(st, 1));
	}
	db_finish(st);
	if (rc < 0)
		return NULL;
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		json_t *b = assess_bank_json(db, ids[i]);
		if (!b) {
			json_decref(items);
			return NULL;
		}
		json_array_append_new(items, b);
	}
	return items;
}

/* GET /providers/{id}/question-banks */
static void get_banks(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	int64_t provider_id;
	struct http_list list;
	if (!db || !provider_for(req, db, false, &provider_id) || http_list_params(req, &list))
		return;
	json_t *cursor = NULL, *items = bank_page(req, db, provider_id, &list, &cursor);
	if (!items) {
		json_decref(cursor);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", cursor));
}

struct bank_in {
	const char *code, *title, *title_hi;
	bool has_title, has_title_hi;
};

static json_t *read_bank(json_t *body, bool create, struct bank_in *in)
{
	json_t *errors = NULL;
	memset(in, 0, sizeof *in);
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
		return errors;
	}
	static const char *const KNOWN[] = {"code", "title", "title_hi", NULL};
	http_reject_unknown(body, KNOWN, "a question bank", &errors);
	if (create) {
		if (!json_object_get(body, "code"))
			http_field_error(&errors, "code", "is required");
		if (!json_object_get(body, "title"))
			http_field_error(&errors, "title", "is required");
		(void)http_take_string(body, "code", NULL, BANK_CODE_MAX, false, &in->code, NULL, &errors);
		if (in->code && !util_code_valid(in->code, BANK_CODE_MAX, true))
			http_field_error(&errors, "code",
					 "must be 2 to 40 of capital letters, digits, '-' and '_', "
					 "starting with a letter or digit");
	} else {
		if (json_object_get(body, "code"))
			http_field_error(&errors, "code", "cannot change: imports and exports name the bank by it");
		if (!errors && json_object_size(body) == 0)
			http_field_error(&errors, "body", "changes nothing: send title or title_hi");
	}
	(void)http_take_string(body, "title", NULL, BANK_TITLE_MAX, false, &in->title, &in->has_title, &errors);
	(void)http_take_string(body, "title_hi", NULL, BANK_TITLE_MAX, true, &in->title_hi, &in->has_title_hi, &errors);
	return errors;
}

static bool code_taken(struct db_conn *db, const char *code)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM question_banks WHERE code = $1");
	bool yes = st && !db_bind_text(st, 1, code) && db_step(st) == DB_ROW;
	db_finish(st);
	return yes;
}

static void reply_code_taken(struct http_request *req, const char *code)
{
	char detail[160];
	snprintf(detail, sizeof detail, "A question bank with the code %s already exists: bank codes are unique.",
		 code);
	http_reply_problem(req, 409, "code_taken", detail);
}

static int insert_bank(struct db_conn *db, int64_t provider_id, const struct bank_in *in, int64_t me, int64_t *id)
{
	int64_t now = util_now_ms();
	struct db_stmt *st = db_prepare(db, "INSERT INTO question_banks (provider_id, code, title_en, title_hi, "
					    "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) "
					    "RETURNING id");
	int rc = !st || db_bind_int64(st, 1, provider_id) || db_bind_text(st, 2, in->code) ||
				 db_bind_text(st, 3, in->title) ||
				 (in->title_hi ? db_bind_text(st, 4, in->title_hi) : db_bind_null(st, 4)) ||
				 db_bind_int64(st, 5, me) || db_bind_int64(st, 6, now)
			 ? DB_ERROR
			 : db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* POST /providers/{id}/question-banks */
static void post_bank(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	int64_t provider_id, id = 0;
	if (!db || !provider_for(req, db, true, &provider_id))
		return;
	json_t *body = http_body_json(req), *after = NULL;
	if (!body)
		return;
	struct bank_in in;
	json_t *errors = read_bank(body, true, &in);
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	if (code_taken(db, in.code)) {
		reply_code_taken(req, in.code);
		goto out;
	}
	int rc = db_begin(db);
	if (!rc)
		rc = insert_bank(db, provider_id, &in, http_user(req)->id, &id);
	if (!rc && !(after = assess_bank_json(db, id)))
		rc = DB_ERROR;
	if (!rc)
		rc = assess_bank_audit(req, "question_bank.create", "question_bank", id, provider_id, NULL, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		json_decref(after);
		after = NULL;
		/* A constraint is the code taken meanwhile, or an organisation that is not a provider. */
		if (rc == DB_CONSTRAINT && code_taken(db, in.code))
			reply_code_taken(req, in.code);
		else if (rc == DB_CONSTRAINT)
			http_reply_not_found(req, "content provider");
		else
			http_reply_db_error(req);
		goto out;
	}
	http_reply_json(req, 201, after);
out:
	json_decref(body);
}

/* GET /question-banks/{id} */
static void get_bank(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct assess_bank b;
	if (!db || !assess_bank_for(req, db, "id", false, &b))
		return;
	json_t *out = assess_bank_json(db, b.id);
	if (out)
		http_reply_json(req, 200, out);
	else
		http_reply_db_error(req);
}

static int update_bank(struct db_conn *db, int64_t id, const struct bank_in *in)
{
	struct db_stmt *st = db_prepare(db, "UPDATE question_banks SET title_en = CASE WHEN $2 = 1 THEN $3 ELSE "
					    "title_en END, title_hi = CASE WHEN $4 = 1 THEN $5 ELSE title_hi END, "
					    "updated_at = $6 WHERE id = $1");
	int rc = !st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, in->has_title) ||
				 (in->title ? db_bind_text(st, 3, in->title) : db_bind_null(st, 3)) ||
				 db_bind_int64(st, 4, in->has_title_hi) ||
				 (in->title_hi ? db_bind_text(st, 5, in->title_hi) : db_bind_null(st, 5)) ||
				 db_bind_int64(st, 6, util_now_ms())
			 ? DB_ERROR
			 : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* PATCH /question-banks/{id} */
static void patch_bank(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct assess_bank b;
	if (!db || !assess_bank_for(req, db, "id", true, &b))
		return;
	json_t *body = http_body_json(req), *before = NULL, *after = NULL;
	if (!body)
		return;
	struct bank_in in;
	json_t *errors = read_bank(body, false, &in);
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	int rc = db_begin(db);
	if (!rc && !(before = assess_bank_json(db, b.id)))
		rc = DB_ERROR;
	if (!rc)
		rc = update_bank(db, b.id, &in);
	if (!rc && !(after = assess_bank_json(db, b.id)))
		rc = DB_ERROR;
	if (!rc)
		rc = assess_bank_audit(req, "question_bank.update", "question_bank", b.id, b.provider_id, before,
				       after);
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

const struct http_route assess_bank_routes[] = {
	{"GET", "/api/v1/providers/{id}/question-banks", get_banks, HTTP_SESSION, 0},
	{"POST", "/api/v1/providers/{id}/question-banks", post_bank, HTTP_SESSION, 0},
	{"GET", "/api/v1/question-banks/{id}", get_bank, HTTP_SESSION, 0},
	{"PATCH", "/api/v1/question-banks/{id}", patch_bank, HTTP_SESSION, 0},
	{"GET", "/api/v1/question-banks/{id}/questions", assess_questions_list, HTTP_SESSION, 0},
	{"POST", "/api/v1/question-banks/{id}/questions", assess_question_post, HTTP_SESSION, 0},
	{"GET", "/api/v1/questions/{id}", assess_question_get, HTTP_SESSION, 0},
	{"PUT", "/api/v1/questions/{id}", assess_question_put, HTTP_SESSION, 0},
	{"DELETE", "/api/v1/questions/{id}", assess_question_delete, HTTP_SESSION, 0},
	{"POST", "/api/v1/question-banks/{id}/import", assess_bank_import, HTTP_SESSION, BANK_IMPORT_LIMIT},
	{"GET", "/api/v1/question-banks/{id}/export", assess_bank_export, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
