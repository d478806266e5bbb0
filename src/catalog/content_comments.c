/* Review comments: a reviewer's note on one part of a version (its title, description, metadata, a module or
 * a resource) while it is in review, the creator's replies at any time, and marking a comment resolved. */
#include "catalog/catalog_int.h"

#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *comment_json(struct db_conn *db, int64_t id, bool *db_error)
{
	*db_error = true;
	struct db_stmt *st = db_prepare(db, "SELECT v.version, c.anchor, c.body, c.author_id, c.resolved, c.created_at "
					    "FROM review_comments c JOIN content_versions v ON v.id = c.version_id WHERE "
					    "c.id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return NULL;
	}
	int rc = db_step(st);
	json_t *out = NULL;
	int64_t author = 0;
	if (rc == DB_ROW) {
		out = json_pack("{s:I, s:I, s:s, s:s, s:b, s:o}", "id", (json_int_t)id, "version",
				(json_int_t)db_column_int64(st, 0), "anchor", db_column_text(st, 1), "body",
				db_column_text(st, 2), "resolved", db_column_int64(st, 4) != 0, "created_at",
				catalog_time_json(db_column_int64(st, 5)));
		author = db_column_int64(st, 3);
	}
	db_finish(st);
	if (rc == DB_DONE)
		*db_error = false;
	json_t *who = out ? catalog_person_json(db, author) : NULL;
	if (!who) {
		json_decref(out);
		return NULL;
	}
	json_object_set_new(out, "author", who);
	*db_error = false;
	return out;
}

/* True when the anchor names a part of version_id: title, description, metadata, module:{id}, resource:{id}. */
static int anchor_valid(struct db_conn *db, int64_t version_id, const char *anchor)
{
	if (!strcmp(anchor, "title") || !strcmp(anchor, "description") || !strcmp(anchor, "metadata"))
		return 1;
	const char *sql = NULL, *num = NULL;
	if (!strncmp(anchor, "module:", 7)) {
		sql = "SELECT 1 FROM course_modules WHERE id = $1 AND version_id = $2";
		num = anchor + 7;
	} else if (!strncmp(anchor, "resource:", 9)) {
		sql = "SELECT 1 FROM resources r JOIN course_modules m ON m.id = r.module_id WHERE r.id = $1 AND "
		      "m.version_id = $2";
		num = anchor + 9;
	}
	char *end;
	long long id = num ? strtoll(num, &end, 10) : 0;
	if (!num || !*num || *end || id < 1)
		return 0;
	struct db_stmt *st = db_prepare(db, sql);
	if (!st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, version_id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static json_t *read_body(json_t *body, const char **anchor, const char **text)
{
	json_t *errors = NULL;
	*anchor = *text = NULL;
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
		return errors;
	}
	static const char *const KNOWN[] = {"anchor", "body", NULL};
	http_reject_unknown(body, KNOWN, "a comment", &errors);
	(void)http_take_string(body, "anchor", NULL, 40, false, anchor, NULL, &errors);
	if (!json_object_get(body, "anchor"))
		http_field_error(&errors, "anchor", "is required: title, description, metadata, module:{id} or "
						    "resource:{id}");
	(void)http_take_string(body, "body", NULL, 4000, false, text, NULL, &errors);
	if (!json_object_get(body, "body"))
		http_field_error(&errors, "body", "is required: the comment's text");
	return errors;
}

/* Reviewers comment while the version is in review; the content's creators reply at any time. */
static bool may_comment(struct http_request *req, struct db_conn *db, const struct catalog_content *c,
			const struct catalog_version *v)
{
	int64_t me = http_user(req)->id;
	if (catalog_may_create(db, me, c->provider_id))
		return true;
	if (!catalog_may_review(db, me, c->provider_id) || v->author_id == me) {
		http_reply_problem(req, 403, "forbidden",
				   "Only a reviewer of this provider (not the version's author) or one of its creators may "
				   "comment.");
		return false;
	}
	if (strcmp(v->status, "in_review")) {
		char msg[160];
		snprintf(msg, sizeof msg, "Version %lld is %s: reviewers comment while it is in_review.",
			 (long long)v->version, v->status);
		http_reply_problem(req, 409, "wrong_status", msg);
		return false;
	}
	return true;
}

static void save_comment(struct http_request *req, struct db_conn *db, const struct catalog_content *c,
			 int64_t version_id, const char *anchor, const char *text)
{
	bool err;
	int64_t id = 0;
	json_t *after = NULL;
	int rc = db_begin(db);
	struct db_stmt *st = rc ? NULL
				: db_prepare(db, "INSERT INTO review_comments (version_id, anchor, author_id, body, created_at) "
						 "VALUES ($1, $2, $3, $4, $5) RETURNING id");
	if (!rc && (!st || db_bind_int64(st, 1, version_id) || db_bind_text(st, 2, anchor) ||
		    db_bind_int64(st, 3, http_user(req)->id) || db_bind_text(st, 4, text) ||
		    db_bind_int64(st, 5, util_now_ms()) || db_step(st) != DB_ROW))
		rc = DB_ERROR;
	if (!rc)
		id = db_column_int64(st, 0);
	db_finish(st);
	if (!rc && !(after = comment_json(db, id, &err)))
		rc = DB_ERROR;
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	if (!rc)
		rc = http_audit(req, "review_comment.create", "review_comment", idtext, c->provider_id, NULL, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		json_decref(after);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 201, after);
}

void catalog_comment_post(struct http_request *req)
{
	struct catalog_content c;
	struct catalog_version v;
	struct db_conn *db = http_db(req);
	if (!db || !catalog_content_for_write(req, db, &c))
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	const char *anchor, *text;
	json_t *errors = read_body(body, &anchor, &text);
	int rc = errors ? 1 : catalog_version_load(db, c.latest_id, &v);
	int valid = rc == 1 && !errors ? anchor_valid(db, c.latest_id, anchor) : 1;
	if (errors)
		http_reply_invalid(req, errors);
	else if (rc != 1 || valid < 0)
		http_reply_db_error(req);
	else if (!may_comment(req, db, &c, &v))
		;
	else if (!valid) {
		http_field_error(&errors, "anchor", "must be title, description, metadata, or module:{id} or resource:{id} "
						    "of a module or resource of this version");
		http_reply_invalid(req, errors);
	} else
		save_comment(req, db, &c, c.latest_id, anchor, text);
	json_decref(body);
}

void catalog_comment_list(struct http_request *req)
{
	struct catalog_content c;
	struct db_conn *db = http_db(req);
	if (!db || !catalog_content_for_write(req, db, &c))
		return;
	int64_t vid = c.latest_id;
	const char *v = http_query(req, "version");
	if (v) {
		char *end;
		long long n = strtoll(v, &end, 10);
		int rc = *end || n < 1 ? 0 : catalog_version_find(db, c.id, n, &vid);
		if (rc <= 0) {
			rc < 0 ? http_reply_db_error(req) : http_reply_not_found(req, "version");
			return;
		}
	}
	struct db_stmt *st = db_prepare(db, "SELECT id FROM review_comments WHERE version_id = $1 ORDER BY id");
	if (!st || db_bind_int64(st, 1, vid)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	int64_t ids[1000];
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < 1000)
		ids[n++] = db_column_int64(st, 0);
	db_finish(st);
	json_t *items = json_array();
	for (int i = 0; rc >= 0 && i < n; i++) {
		bool err;
		json_t *one = comment_json(db, ids[i], &err);
		if (!one)
			rc = DB_ERROR;
		else
			json_array_append_new(items, one);
	}
	if (rc < 0) {
		json_decref(items);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

/* The content a comment is on: 1 found (sets *content_id), 0 unknown, -1 on error. */
static int comment_content(struct db_conn *db, int64_t id, int64_t *content_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT v.content_id FROM review_comments c JOIN content_versions v ON v.id "
					    "= c.version_id WHERE c.id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*content_id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static void resolve(struct http_request *req, struct db_conn *db, const struct catalog_content *c, int64_t id,
		    bool resolved)
{
	bool err;
	json_t *before = NULL, *after = NULL;
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	int rc = db_begin(db);
	if (!rc && !(before = comment_json(db, id, &err)))
		rc = DB_ERROR;
	struct db_stmt *st = rc ? NULL : db_prepare(db, "UPDATE review_comments SET resolved = $2 WHERE id = $1");
	if (!rc && (!st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, resolved) || db_step(st) != DB_DONE))
		rc = DB_ERROR;
	db_finish(st);
	if (!rc && !(after = comment_json(db, id, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = http_audit(req, "review_comment.update", "review_comment", idtext, c->provider_id, before, after);
	if (!rc)
		rc = db_commit(db);
	json_decref(before);
	if (rc) {
		db_rollback(db);
		json_decref(after);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, after);
}

void catalog_comment_patch(struct http_request *req)
{
	int64_t id, content_id = 0;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	struct catalog_content c;
	int rc = comment_content(db, id, &content_id);
	if (rc == 1)
		rc = catalog_content_load(db, content_id, &c);
	if (rc < 0) {
		http_reply_db_error(req);
		return;
	}
	if (rc == 0 || !catalog_provider_person(db, http_user(req)->id, c.provider_id)) {
		http_reply_not_found(req, "review comment");
		return;
	}
	json_t *body = http_body_json(req);
	if (!body)
		return;
	json_t *errors = NULL;
	static const char *const KNOWN[] = {"resolved", NULL};
	if (!json_is_object(body))
		http_field_error(&errors, "body", "must be a JSON object");
	else
		http_reject_unknown(body, KNOWN, "a comment change", &errors);
	json_t *resolved = json_object_get(body, "resolved");
	if (!errors && !json_is_boolean(resolved))
		http_field_error(&errors, "resolved", "is required: true or false");
	if (errors)
		http_reply_invalid(req, errors);
	else
		resolve(req, db, &c, id, json_is_true(resolved));
	json_decref(body);
}
