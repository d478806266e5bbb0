/* The review workflow over HTTP: a version moves draft -> submitted -> in_review -> changes_requested (and
 * back through submit) or, approved, -> published -> retired; publishing a newer version supersedes the
 * older. Each step checks who may take it (nobody reviews, approves or publishes their own version) and
 * leaves a row in the trail and the audit log. Comments are in content_comments.c, the queue in
 * content_list.c. */
#include "catalog/catalog_int.h"

#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"

#include <stdio.h>
#include <string.h>

enum who { CREATOR, REVIEWER, PUBLISHER };

struct action {
	const char *name;
	enum who who;
	bool not_author;          /* the version's author may not take it */
	const char *from[3];      /* the statuses it starts from */
	const char *to;
};

static const struct action ACTIONS[] = {
	{"submit", CREATOR, false, {"draft", "changes_requested", NULL}, "submitted"},
	{"withdraw", CREATOR, false, {"submitted", NULL, NULL}, "draft"},
	{"start_review", REVIEWER, true, {"submitted", NULL, NULL}, "in_review"},
	{"request_changes", REVIEWER, true, {"in_review", NULL, NULL}, "changes_requested"},
	{"approve", REVIEWER, true, {"in_review", NULL, NULL}, "in_review"},
	{"publish", PUBLISHER, true, {"in_review", NULL, NULL}, "published"},
	{"retire", PUBLISHER, false, {"published", NULL, NULL}, "retired"},
};

static const struct action *find_action(const char *name)
{
	for (size_t i = 0; name && i < sizeof ACTIONS / sizeof ACTIONS[0]; i++)
		if (!strcmp(ACTIONS[i].name, name))
			return &ACTIONS[i];
	return NULL;
}

static json_t *read_body(json_t *body, const struct action **a, const char **comment)
{
	json_t *errors = NULL;
	*comment = NULL;
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
		return errors;
	}
	static const char *const KNOWN[] = {"action", "comment", NULL};
	http_reject_unknown(body, KNOWN, "a transition", &errors);
	const char *name = NULL;
	(void)http_take_string(body, "action", NULL, 40, false, &name, NULL, &errors);
	*a = find_action(name);
	if (!*a && !json_object_get(body, "action"))
		http_field_error(&errors, "action", "is required");
	else if (!*a && name)
		http_field_error(&errors, "action", "must be submit, withdraw, start_review, request_changes, approve, "
						    "publish or retire");
	(void)http_take_string(body, "comment", NULL, 4000, true, comment, NULL, &errors);
	if (*a && !strcmp((*a)->name, "request_changes") && !*comment)
		http_field_error(&errors, "comment", "is required: tell the creator what to change");
	return errors;
}

/* 403 unless the caller may take a on c's version v. Returns true when allowed. */
static bool person_allowed(struct http_request *req, struct db_conn *db, const struct catalog_content *c,
			   const struct catalog_version *v, const struct action *a)
{
	int64_t me = http_user(req)->id;
	bool role = a->who == CREATOR    ? catalog_may_create(db, me, c->provider_id)
		    : a->who == REVIEWER ? catalog_may_review(db, me, c->provider_id)
					 : catalog_may_publish(db, me, c->provider_id);
	static const char *const ROLE[] = {"a content_creator", "a content_reviewer", "a content_publisher"};
	char msg[240];
	if (!role) {
		snprintf(msg, sizeof msg, "Only %s of this provider (or of the platform, for reviewers and publishers) "
					  "may %s.",
			 ROLE[a->who], a->name);
		http_reply_problem(req, 403, "forbidden", msg);
		return false;
	}
	if (a->not_author && v->author_id == me) {
		snprintf(msg, sizeof msg, "You wrote version %lld: someone else must %s it; nobody reviews, approves or "
					  "publishes their own work.",
			 (long long)v->version, a->name);
		http_reply_problem(req, 403, "own_work", msg);
		return false;
	}
	return true;
}

/* 409 unless v's status lets a start. Returns true when it does. */
static bool state_allowed(struct http_request *req, const struct catalog_version *v, const struct action *a)
{
	bool from = false;
	for (int i = 0; i < 3 && a->from[i]; i++)
		from |= !strcmp(v->status, a->from[i]);
	char msg[240];
	if (from && !strcmp(a->name, "publish") && !v->approved_by) {
		snprintf(msg, sizeof msg, "Version %lld is in_review but not reviewed yet: a reviewer must approve it "
					  "before it is published.",
			 (long long)v->version);
		http_reply_problem(req, 409, "not_reviewed", msg);
		return false;
	}
	if (!from) {
		snprintf(msg, sizeof msg, "Version %lld is %s: %s needs it to be %s%s%s.", (long long)v->version, v->status,
			 a->name, a->from[0], a->from[1] ? " or " : "", a->from[1] ? a->from[1] : "");
		if (!strcmp(a->name, "publish"))
			snprintf(msg, sizeof msg, "Version %lld is %s: not reviewed yet; only a version a reviewer approved "
						  "can be published.",
				 (long long)v->version, v->status);
		http_reply_problem(req, 409, "wrong_status", msg);
		return false;
	}
	return true;
}

static int64_t count_by_version(struct db_conn *db, const char *sql, int64_t version_id)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t n = -1;
	if (st && !db_bind_int64(st, 1, version_id) && db_step(st) == DB_ROW)
		n = db_column_int64(st, 0);
	db_finish(st);
	return n;
}

/* What a version needs before review: a course a module with a resource, a programme a course or session.
 * Returns 0, 1 with the 422 sent, or -1 on a database error. */
static int ready_for_review(struct http_request *req, struct db_conn *db, const struct catalog_content *c,
			    int64_t version_id)
{
	json_t *errors = NULL;
	if (!strcmp(c->kind, "course")) {
		int64_t n = count_by_version(db, "SELECT COUNT(*) FROM course_modules m WHERE m.version_id = $1 AND EXISTS "
						 "(SELECT 1 FROM resources r WHERE r.module_id = m.id)",
					     version_id);
		if (n < 0)
			return -1;
		if (n == 0)
			http_field_error(&errors, "modules", "a course needs at least one module with at least one resource "
							     "before review");
	} else if (strstr(c->kind, "programme")) {
		int64_t n = count_by_version(db, "SELECT (SELECT COUNT(*) FROM programme_items WHERE version_id = $1) + "
						 "(SELECT COUNT(*) FROM blended_sessions WHERE version_id = $1)",
					     version_id);
		if (n < 0)
			return -1;
		if (n == 0)
			http_field_error(&errors, "items", "a programme needs at least one course before review");
	}
	if (catalog_hook_version_ready(db, c, version_id, &errors)) {
		json_decref(errors);
		return -1;
	}
	if (!errors)
		return 0;
	http_reply_invalid(req, errors);
	return 1;
}

static int exec2(struct db_conn *db, const char *sql, int64_t a, int64_t b, int64_t c)
{
	struct db_stmt *st = db_prepare(db, sql);
	int rc = !st || db_bind_int64(st, 1, a) || db_bind_int64(st, 2, b) || db_bind_int64(st, 3, c) ||
		 db_step(st) != DB_DONE;
	db_finish(st);
	return rc ? DB_ERROR : 0;
}

/* The version's own fields for each action ($1 version id, $2 the caller, $3 now). */
static const char *version_update(const char *action)
{
	if (!strcmp(action, "submit"))
		return "UPDATE content_versions SET status = 'submitted', submitted_at = $3, reviewer_id = NULL, "
		       "approved_by = NULL, approved_at = NULL, updated_at = $3 WHERE id = $1 AND $2 > 0";
	if (!strcmp(action, "withdraw"))
		return "UPDATE content_versions SET status = 'draft', updated_at = $3 WHERE id = $1 AND $2 > 0";
	if (!strcmp(action, "start_review"))
		return "UPDATE content_versions SET status = 'in_review', reviewer_id = $2, updated_at = $3 WHERE id = $1";
	if (!strcmp(action, "request_changes"))
		return "UPDATE content_versions SET status = 'changes_requested', approved_by = NULL, approved_at = NULL, "
		       "updated_at = $3 WHERE id = $1 AND $2 > 0";
	if (!strcmp(action, "approve"))
		return "UPDATE content_versions SET approved_by = $2, approved_at = $3, updated_at = $3 WHERE id = $1";
	if (!strcmp(action, "publish"))
		return "UPDATE content_versions SET status = 'published', published_by = $2, published_at = $3, "
		       "updated_at = $3 WHERE id = $1";
	return "UPDATE content_versions SET status = 'retired', updated_at = $3 WHERE id = $1 AND $2 > 0";
}

static int apply(struct db_conn *db, const struct catalog_content *c, const struct catalog_version *v,
		 const struct action *a, int64_t me, const char *comment, int64_t now)
{
	int rc = exec2(db, version_update(a->name), v->id, me, now);
	bool publish = !strcmp(a->name, "publish");
	if (!rc && publish && c->published_id && !strcmp(c->published_status, "published"))
		rc = exec2(db, "UPDATE content_versions SET status = 'superseded', updated_at = $3 WHERE id = $1 AND $2 > 0",
			   c->published_id, me, now);
	if (!rc && publish)
		rc = exec2(db, "UPDATE contents SET published_version_id = $2, updated_at = $3 WHERE id = $1", c->id, v->id,
			   now);
	if (!rc) {
		struct db_stmt *st = db_prepare(db, "UPDATE contents SET status = $2, updated_at = $3 WHERE id = $1");
		if (!st || db_bind_int64(st, 1, c->id) || db_bind_text(st, 2, a->to) || db_bind_int64(st, 3, now) ||
		    db_step(st) != DB_DONE)
			rc = DB_ERROR;
		db_finish(st);
	}
	if (!rc)
		rc = catalog_transition_add(db, c->id, v->id, a->name, v->status, a->to, me, comment, now);
	if (!rc && (publish || !strcmp(a->name, "retire")))
		rc = catalog_search_index(db, c->id);
	return rc;
}

static void take(struct http_request *req, struct db_conn *db, struct catalog_content *c,
		 const struct catalog_version *v, const struct action *a, const char *comment)
{
	int64_t me = http_user(req)->id;
	bool err;
	json_t *after = NULL;
	int rc = db_begin(db);
	if (!rc)
		rc = apply(db, c, v, a, me, comment, util_now_ms());
	if (!rc)
		rc = catalog_content_load(db, c->id, c) == 1 ? 0 : DB_ERROR;
	if (!rc && !(after = catalog_content_json(db, c, v->id, &err)))
		rc = DB_ERROR;
	char idtext[24], action[48];
	snprintf(idtext, sizeof idtext, "%lld", (long long)c->id);
	snprintf(action, sizeof action, "content.%s", a->name);
	json_t *before = json_pack("{s:I, s:s}", "version", (json_int_t)v->version, "status", v->status);
	json_t *summary = json_pack("{s:I, s:s, s:s*}", "version", (json_int_t)v->version, "status", a->to, "comment",
				    comment);
	if (!rc)
		rc = http_audit(req, action, "content", idtext, c->provider_id, before, summary);
	json_decref(before);
	json_decref(summary);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		json_decref(after);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, after);
}

static void post_transition(struct http_request *req)
{
	struct catalog_content c;
	struct catalog_version v;
	struct db_conn *db = http_db(req);
	if (!db || !catalog_content_for_write(req, db, &c))
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	const struct action *a = NULL;
	const char *comment;
	json_t *errors = read_body(body, &a, &comment);
	int rc = errors ? 0 : catalog_version_load(db, c.latest_id, &v);
	if (errors)
		http_reply_invalid(req, errors);
	else if (rc != 1)
		http_reply_db_error(req);
	else if (person_allowed(req, db, &c, &v, a) && state_allowed(req, &v, a)) {
		rc = !strcmp(a->name, "submit") ? ready_for_review(req, db, &c, v.id) : 0;
		if (rc < 0)
			http_reply_db_error(req);
		else if (rc == 0)
			take(req, db, &c, &v, a, comment);
	}
	json_decref(body);
}

static json_t *history_row(struct db_stmt *st)
{
	json_t *by = json_pack("{s:I, s:s}", "id", (json_int_t)db_column_int64(st, 3), "name", db_column_text(st, 4));
	json_object_set_new(by, "name_hi", db_column_text(st, 5) ? json_string(db_column_text(st, 5)) : json_null());
	const char *from = db_column_text(st, 1), *comment = db_column_text(st, 6);
	json_t *t = json_pack("{s:s, s:o, s:s, s:o, s:o, s:o, s:I}", "action", db_column_text(st, 0), "from",
			      from ? json_string(from) : json_null(), "to", db_column_text(st, 2), "by", by, "comment",
			      comment ? json_string(comment) : json_null(), "at", catalog_time_json(db_column_int64(st, 7)),
			      "version", (json_int_t)db_column_int64(st, 8));
	return t;
}

static void get_history(struct http_request *req)
{
	struct catalog_content c;
	struct db_conn *db = http_db(req);
	if (!db || !catalog_content_for_write(req, db, &c))
		return;
	struct db_stmt *st = db_prepare(
		db, "SELECT t.action, t.from_status, t.to_status, t.actor_id, o.name_en, o.name_hi, t.comment, t.at, "
		    "v.version FROM content_transitions t JOIN officials o ON o.id = t.actor_id JOIN content_versions v ON "
		    "v.id = t.version_id WHERE t.content_id = $1 ORDER BY t.id");
	if (!st || db_bind_int64(st, 1, c.id)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(items, history_row(st));
	db_finish(st);
	if (rc < 0) {
		json_decref(items);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

const struct http_route catalog_review_routes[] = {
	{"POST", "/api/v1/contents/{id}/transitions", post_transition, HTTP_SESSION, 0},
	{"GET", "/api/v1/contents/{id}/history", get_history, HTTP_SESSION, 0},
	{"POST", "/api/v1/contents/{id}/comments", catalog_comment_post, HTTP_SESSION, 0},
	{"GET", "/api/v1/contents/{id}/comments", catalog_comment_list, HTTP_SESSION, 0},
	{"PATCH", "/api/v1/review-comments/{id}", catalog_comment_patch, HTTP_SESSION, 0},
	{"GET", "/api/v1/review-queue", catalog_review_queue, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
