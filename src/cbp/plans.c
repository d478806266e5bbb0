/* Annual capacity-building plans: a plan per organisation and financial year, made by its cbp_admin, moving
 * draft -> approved -> published, with every step on the plan's trail and in the audit log. A published
 * revision never changes: a change is a new revision (a draft copy), which supersedes it when published. */
#include "cbp/cbp_int.h"

#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"
#include "http/list.h"
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TITLE_MAX 200

json_t *cbp_time_json(int64_t ms)
{
	return http_time_json(ms);
}

/* A cbp_admin (or spv_admin) on org_id or above it: who builds and publishes its plans. */
static bool may_plan(struct db_conn *conn, int64_t official_id, int64_t org_id)
{
	return org_has_role(conn, official_id, "cbp_admin", org_id) ||
	       org_has_role(conn, official_id, "spv_admin", org_id);
}

/* Readers of plans: the planners, and the organisation's mdo_admins. */
static bool may_read(struct db_conn *conn, int64_t official_id, int64_t org_id)
{
	return may_plan(conn, official_id, org_id) || org_can_admin(conn, official_id, org_id);
}

static int plan_load(struct db_conn *conn, int64_t id, struct cbp_plan *out)
{
	struct db_stmt *st = db_prepare(conn, "SELECT id, org_id, year, revision, status FROM cbp_plans WHERE id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_column_int64(st, 0);
		out->org_id = db_column_int64(st, 1);
		out->year = db_column_int64(st, 2);
		out->revision = db_column_int64(st, 3);
		snprintf(out->status, sizeof out->status, "%s", db_column_text(st, 4));
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

/* Loads plan {id} for a caller allowed by may (404 for those who may not see the organisation at all). */
static int plan_for(struct http_request *req, struct cbp_plan *out, bool (*may)(struct db_conn *, int64_t, int64_t))
{
	int64_t id;
	if (http_param_id(req, "id", &id))
		return 0;
	struct db_conn *conn = http_db(req);
	if (!conn)
		return 0;
	int rc = plan_load(conn, id, out);
	if (rc < 0) {
		http_reply_db_error(req);
		return 0;
	}
	int64_t me = http_user(req)->id;
	if (rc == 0 || !may_read(conn, me, out->org_id)) {
		http_reply_not_found(req, "capacity-building plan");
		return 0;
	}
	if (!may(conn, me, out->org_id)) {
		http_reply_problem(req, 403, "forbidden",
				   "Only a CBP admin of this organisation (or above it) may change its plans.");
		return 0;
	}
	return 1;
}

int cbp_plan_for_admin(struct http_request *req, struct cbp_plan *out)
{
	return plan_for(req, out, may_plan);
}

int cbp_plan_for_reader(struct http_request *req, struct cbp_plan *out)
{
	return plan_for(req, out, may_read);
}

int cbp_plan_require_draft(struct http_request *req, const struct cbp_plan *p)
{
	if (!strcmp(p->status, "draft"))
		return 1;
	char detail[240];
	snprintf(detail, sizeof detail, "This plan is %s: it cannot be edited. %s", p->status,
		 !strcmp(p->status, "approved")
			 ? "Reopen it as a draft first (action reopen)."
			 : "Make a new revision (POST /api/v1/cbp-plans/{id}/revisions) and edit that.");
	http_reply_problem(req, 409, "plan_not_draft", detail);
	return 0;
}

int cbp_event_add(struct db_conn *conn, int64_t plan_id, int64_t actor, const char *action, const char *detail,
		  int64_t at)
{
	struct db_stmt *st = db_prepare(conn, "INSERT INTO cbp_plan_events (plan_id, at, actor_id, action, detail) "
					      "VALUES ($1, $2, $3, $4, $5)");
	int rc = !st || db_bind_int64(st, 1, plan_id) || db_bind_int64(st, 2, at) || db_bind_int64(st, 3, actor) ||
		 db_bind_text(st, 4, action) || db_bind_text(st, 5, detail);
	if (!rc)
		rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

#define PLAN_COLUMNS                                                                                                   \
	"p.id, p.org_id, o.code, o.name_en, o.name_hi, p.year, p.revision, p.status, p.title_en, p.title_hi, "         \
	"p.created_at, p.updated_at, p.approved_at, p.published_at, p.superseded_at, (SELECT COUNT(*) FROM "           \
	"cbp_items i WHERE i.plan_id = p.id), (SELECT COUNT(*) FROM cbp_items i WHERE i.plan_id = p.id AND "           \
	"i.mandatory = 1) FROM cbp_plans p JOIN organisations o ON o.id = p.org_id"

static json_t *text_or_null(struct db_stmt *st, int col)
{
	const char *s = db_column_text(st, col);
	return s ? json_string(s) : json_null();
}

static json_t *plan_row_json(struct db_stmt *st)
{
	json_t *org = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)db_column_int64(st, 1), "code",
				db_column_text(st, 2), "name", db_column_text(st, 3), "name_hi", text_or_null(st, 4));
	int64_t year = db_column_int64(st, 5);
	char from[32], to[32];
	snprintf(from, sizeof from, "%04lld-04-01", (long long)year);
	snprintf(to, sizeof to, "%04lld-03-31", (long long)year + 1);
	json_t *p = json_pack("{s:I, s:o, s:I, s:s, s:s, s:I, s:s, s:s, s:o}", "id", (json_int_t)db_column_int64(st, 0),
			      "org", org, "year", (json_int_t)year, "starts_on", from, "ends_on", to, "revision",
			      (json_int_t)db_column_int64(st, 6), "status", db_column_text(st, 7), "title",
			      db_column_text(st, 8), "title_hi", text_or_null(st, 9));
	static const char *const TIMES[] = {"created_at", "updated_at", "approved_at", "published_at", "superseded_at"};
	for (int i = 0; i < 5; i++)
		json_object_set_new(p, TIMES[i],
				    cbp_time_json(db_column_null(st, 10 + i) ? 0 : db_column_int64(st, 10 + i)));
	json_object_set_new(p, "item_count", json_integer(db_column_int64(st, 15)));
	json_object_set_new(p, "mandatory_count", json_integer(db_column_int64(st, 16)));
	return p;
}

/* The plan object with its items; NULL on a database error. */
static json_t *plan_json(struct db_conn *conn, int64_t id)
{
	struct db_stmt *st = db_prepare(conn, "SELECT " PLAN_COLUMNS " WHERE p.id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return NULL;
	}
	json_t *p = db_step(st) == DB_ROW ? plan_row_json(st) : NULL;
	db_finish(st);
	json_t *items = p ? cbp_items_json(conn, id) : NULL;
	if (!items) {
		json_decref(p);
		return NULL;
	}
	json_object_set_new(p, "items", items);
	return p;
}

/* GET /orgs/{id}/cbp-plans?year=: every revision of the organisation's plans, newest year and revision first. */
void cbp_plans_list(struct http_request *req)
{
	int64_t org_id;
	if (http_param_id(req, "id", &org_id))
		return;
	struct db_conn *conn = http_db(req);
	if (!conn)
		return;
	if (!may_read(conn, http_user(req)->id, org_id)) {
		http_reply_not_found(req, "organisation");
		return;
	}
	const char *y = http_query(req, "year");
	int64_t year = 0;
	if (y) {
		char *end = NULL;
		year = strtoll(y, &end, 10);
		if (!*y || *end || year < 2000 || year > 2100) {
			json_t *errors = NULL;
			http_field_error(&errors, "year",
					 "must be a year from 2000 to 2100 (2026 is April 2026 to March 2027)");
			http_reply_invalid(req, errors);
			return;
		}
	}
	struct db_stmt *st = db_prepare(conn, "SELECT " PLAN_COLUMNS " WHERE p.org_id = $1 AND ($2 = 0 OR p.year = $2) "
					      "ORDER BY p.year DESC, p.revision DESC LIMIT 200");
	if (!st || db_bind_int64(st, 1, org_id) || db_bind_int64(st, 2, year)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(items, plan_row_json(st));
	db_finish(st);
	if (rc < 0) {
		json_decref(items);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

/* Reads title and title_hi (create: title required). */
static void read_titles(json_t *body, bool create, const char **title, const char **title_hi, bool *hi_present,
			json_t **errors)
{
	bool present = false;
	if (!http_take_string(body, "title", NULL, TITLE_MAX, false, title, &present, errors) && create && !present)
		http_field_error(errors, "title",
				 "is required: the plan's name, e.g. \"Annual capacity-building plan 2026-27\"");
	(void)http_take_string(body, "title_hi", NULL, TITLE_MAX, true, title_hi, hi_present, errors);
}

static int plan_exists(struct db_conn *conn, int64_t org_id, int64_t year)
{
	struct db_stmt *st = db_prepare(conn, "SELECT 1 FROM cbp_plans WHERE org_id = $1 AND year = $2");
	if (!st || db_bind_int64(st, 1, org_id) || db_bind_int64(st, 2, year)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

static int plan_insert(struct db_conn *conn, int64_t org_id, int64_t year, int64_t revision, const char *title,
		       const char *title_hi, int64_t me, int64_t now, int64_t *id)
{
	struct db_stmt *st =
		db_prepare(conn, "INSERT INTO cbp_plans (org_id, year, revision, status, title_en, title_hi, "
				 "created_by, created_at, updated_at) VALUES ($1, $2, $3, 'draft', $4, $5, "
				 "$6, $7, $7) RETURNING id");
	int rc = !st || db_bind_int64(st, 1, org_id) || db_bind_int64(st, 2, year) || db_bind_int64(st, 3, revision) ||
		 db_bind_text(st, 4, title) || db_bind_text(st, 5, title_hi) || db_bind_int64(st, 6, me) ||
		 db_bind_int64(st, 7, now);
	if (!rc)
		rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

int cbp_commit_audited(struct http_request *req, struct db_conn *conn, int64_t plan_id, int64_t org_id,
		       const char *action, json_t *before, json_t **after)
{
	*after = plan_json(conn, plan_id);
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)plan_id);
	int rc = *after ? http_audit(req, action, "cbp_plan", idtext, org_id, before, *after) : DB_ERROR;
	if (!rc)
		rc = db_commit(conn);
	json_decref(before);
	if (rc) {
		db_rollback(conn);
		json_decref(*after);
		*after = NULL;
	}
	return rc;
}

void cbp_commit_and_reply(struct http_request *req, struct db_conn *conn, int64_t plan_id, int64_t org_id,
			  const char *action, json_t *before, int status)
{
	json_t *after = NULL;
	if (cbp_commit_audited(req, conn, plan_id, org_id, action, before, &after)) {
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, status, after);
}

void cbp_plan_create(struct http_request *req)
{
	int64_t org_id;
	if (http_param_id(req, "id", &org_id))
		return;
	struct db_conn *conn = http_db(req);
	if (!conn)
		return;
	int64_t me = http_user(req)->id;
	if (!may_plan(conn, me, org_id)) {
		http_reply_problem(req, 403, "forbidden",
				   "Only a CBP admin of this organisation (or above it) may plan for it.");
		return;
	}
	json_t *body = http_body_json(req);
	if (!body)
		return;
	json_t *errors = NULL;
	static const char *const KNOWN[] = {"year", "title", "title_hi", NULL};
	http_reject_unknown(body, KNOWN, "a plan", &errors);
	json_t *y = json_object_get(body, "year");
	if (!json_is_integer(y) || json_integer_value(y) < 2000 || json_integer_value(y) > 2100)
		http_field_error(
			&errors, "year",
			"must be the financial year it starts in, 2000 to 2100 (2026 is April 2026 to March 2027)");
	const char *title = NULL, *title_hi = NULL;
	read_titles(body, true, &title, &title_hi, NULL, &errors);
	if (errors) {
		json_decref(body);
		http_reply_invalid(req, errors);
		return;
	}
	int64_t year = json_integer_value(y), id = 0, now = util_now_ms();
	int rc = db_begin(conn);
	int exists = rc ? DB_ERROR : plan_exists(conn, org_id, year);
	if (exists == 1) {
		db_rollback(conn);
		json_decref(body);
		http_reply_problem(
			req, 409, "plan_exists",
			"This organisation already has a plan for that year: change it through a new revision.");
		return;
	}
	rc = exists < 0 ? exists : plan_insert(conn, org_id, year, 1, title, title_hi, me, now, &id);
	if (!rc)
		rc = cbp_event_add(conn, id, me, "created", NULL, now);
	json_decref(body);
	if (rc) {
		db_rollback(conn);
		http_reply_db_error(req);
		return;
	}
	cbp_commit_and_reply(req, conn, id, org_id, "cbp_plan.create", NULL, 201);
}

void cbp_plan_get(struct http_request *req)
{
	struct cbp_plan p;
	if (!cbp_plan_for_reader(req, &p))
		return;
	json_t *out = plan_json(http_db(req), p.id);
	if (!out) {
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, out);
}

void cbp_plan_patch(struct http_request *req)
{
	struct cbp_plan p;
	if (!cbp_plan_for_admin(req, &p) || !cbp_plan_require_draft(req, &p))
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	json_t *errors = NULL;
	static const char *const KNOWN[] = {"title", "title_hi", NULL};
	http_reject_unknown(body, KNOWN, "a plan", &errors);
	const char *title = NULL, *title_hi = NULL;
	bool hi_present = false;
	read_titles(body, false, &title, &title_hi, &hi_present, &errors);
	if (errors) {
		json_decref(body);
		http_reply_invalid(req, errors);
		return;
	}
	struct db_conn *conn = http_db(req);
	json_t *before = plan_json(conn, p.id);
	int64_t now = util_now_ms();
	struct db_stmt *st = NULL;
	int rc = before ? db_begin(conn) : DB_ERROR;
	if (!rc) {
		st = db_prepare(conn,
				"UPDATE cbp_plans SET title_en = COALESCE($2, title_en), title_hi = CASE WHEN $3 = 1 "
				"THEN $4 ELSE title_hi END, updated_at = $5 WHERE id = $1 AND status = 'draft'");
		rc = !st || db_bind_int64(st, 1, p.id) || db_bind_text(st, 2, title) ||
		     db_bind_int64(st, 3, hi_present) || db_bind_text(st, 4, title_hi) || db_bind_int64(st, 5, now);
		rc = rc ? DB_ERROR : db_step(st) == DB_DONE ? 0 : DB_ERROR;
		db_finish(st);
	}
	if (!rc)
		rc = cbp_event_add(conn, p.id, http_user(req)->id, "edited", NULL, now);
	json_decref(body);
	if (rc) {
		db_rollback(conn);
		json_decref(before);
		http_reply_db_error(req);
		return;
	}
	cbp_commit_and_reply(req, conn, p.id, p.org_id, "cbp_plan.update", before, 200);
}
