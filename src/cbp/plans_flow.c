/* A plan's workflow: approve (a draft with items), reopen (back to draft), publish (an approved revision
 * supersedes the published one of its year), new revisions of a published plan, and the plan's trail. */
#include "cbp/cbp_int.h"

#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define COMMENT_MAX 1000

struct step {
	const char *action, *from, *to, *stamp; /* stamp: the *_by / *_at pair set, or NULL */
	const char *event;                      /* on the plan's trail */
};

static const struct step STEPS[] = {
	{"approve", "draft", "approved", "approved", "approved"},
	{"reopen", "approved", "draft", NULL, "reopened"},
	{"publish", "approved", "published", "published", "published"},
};

static int set_status(struct db_conn *conn, const struct cbp_plan *p, const struct step *s, int64_t me, int64_t now)
{
	const char *sql =
		!s->stamp ? "UPDATE cbp_plans SET status = $2, updated_at = $4, approved_by = NULL, approved_at = NULL "
			    "WHERE id = $1 AND status = $5 AND $3 = $3"
		: !strcmp(s->stamp, "approved") ? "UPDATE cbp_plans SET status = $2, approved_by = $3, approved_at = "
						  "$4, updated_at = $4 WHERE id = "
						  "$1 AND status = $5"
						: "UPDATE cbp_plans SET status = $2, published_by = $3, published_at = "
						  "$4, updated_at = $4 WHERE id "
						  "= $1 AND status = $5";
	struct db_stmt *st = db_prepare(conn, sql);
	int rc = !st || db_bind_int64(st, 1, p->id) || db_bind_text(st, 2, s->to) || db_bind_int64(st, 3, me) ||
		 db_bind_int64(st, 4, now) || db_bind_text(st, 5, s->from);
	if (!rc)
		rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* The revision of the same organisation and year published until now gives way to p. */
static int supersede_previous(struct db_conn *conn, const struct cbp_plan *p, int64_t me, int64_t now)
{
	struct db_stmt *st =
		db_prepare(conn, "UPDATE cbp_plans SET status = 'superseded', superseded_at = $4, updated_at "
				 "= $4 WHERE org_id = $1 AND year = $2 AND status = 'published' AND id <> $3 "
				 "RETURNING id");
	if (!st || db_bind_int64(st, 1, p->org_id) || db_bind_int64(st, 2, p->year) || db_bind_int64(st, 3, p->id) ||
	    db_bind_int64(st, 4, now)) {
		db_finish(st);
		return DB_ERROR;
	}
	int64_t old[8];
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		if (n < 8)
			old[n++] = db_column_int64(st, 0);
	db_finish(st);
	if (rc < 0)
		return rc;
	char detail[64];
	snprintf(detail, sizeof detail, "by revision %lld", (long long)p->revision);
	for (size_t i = 0; i < n && !rc; i++)
		rc = cbp_event_add(conn, old[i], me, "superseded", detail, now);
	return rc;
}

static const struct step *step_named(const char *action)
{
	for (size_t i = 0; action && i < sizeof STEPS / sizeof STEPS[0]; i++)
		if (!strcmp(action, STEPS[i].action))
			return &STEPS[i];
	return NULL;
}

/* Publishing commits first; then the items are assigned to their audiences on a thread of its own while the
 * request is parked (http_defer), so no worker thread (and none of the connections it serves) waits for a large
 * audience; the answer tells how many were assigned and how long it took. */
struct publish_job {
	struct http_request *req;
	struct db_pool *pool;
	int64_t plan_id, now, assigned, micros;
	json_t *plan; /* the plan as published, for the answer */
	int result;
};

static void *assign_main(void *arg)
{
	struct publish_job *job = arg;
	struct db_conn *conn = db_acquire(job->pool);
	int64_t started = util_mono_us();
	job->result = conn ? cbp_plan_assign(conn, job->plan_id, job->now, &job->assigned) : DB_ERROR;
	job->micros = util_mono_us() - started;
	db_release(conn);
	http_resume(job->req);
	return NULL;
}

static void reply_published(struct http_request *req)
{
	struct publish_job *job = http_deferred_state(req);
	if (job->result) {
		json_decref(job->plan);
		http_reply_problem(req, 503, "assignment_incomplete",
				   "The plan is published, but assigning its items stopped part way; publishing a new "
				   "revision, or any change to an official, assigns again.");
		return;
	}
	json_object_set_new(job->plan, "assigned", json_integer(job->assigned));
	json_object_set_new(job->plan, "assign_seconds", json_real((double)job->micros / 1e6));
	http_reply_json(req, 200, job->plan);
}

static void publish_and_assign(struct http_request *req, struct db_conn *conn, const struct cbp_plan *p,
			       const char *audit, int64_t now)
{
	struct publish_job *job = arena_alloc(http_arena(req), sizeof *job);
	json_t *after = NULL;
	if (!job || cbp_commit_audited(req, conn, p->id, p->org_id, audit, NULL, &after)) {
		http_reply_db_error(req);
		return;
	}
	*job = (struct publish_job){.req = req, .pool = http_pool(req), .plan_id = p->id, .now = now, .plan = after};
	http_defer(req, reply_published, job);
	pthread_attr_t attr;
	pthread_t thread;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&thread, &attr, assign_main, job)) {
		job->result = DB_ERROR;
		http_resume(req);
	}
	pthread_attr_destroy(&attr);
}

static void transition(struct http_request *req)
{
	struct cbp_plan p;
	if (!cbp_plan_for_admin(req, &p))
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	json_t *errors = NULL;
	static const char *const KNOWN[] = {"action", "comment", NULL};
	http_reject_unknown(body, KNOWN, "a plan transition", &errors);
	const char *action = NULL, *comment = NULL;
	(void)http_take_string(body, "action", NULL, 16, false, &action, NULL, &errors);
	(void)http_take_string(body, "comment", NULL, COMMENT_MAX, true, &comment, NULL, &errors);
	const struct step *s = step_named(action);
	if (!errors && !s)
		http_field_error(&errors, "action", "must be approve, reopen or publish");
	if (errors) {
		json_decref(body);
		http_reply_invalid(req, errors);
		return;
	}
	if (strcmp(p.status, s->from)) {
		char detail[200];
		snprintf(detail, sizeof detail, "This plan is %s; %s needs it %s.", p.status, s->action, s->from);
		json_decref(body);
		http_reply_problem(req, 409, "wrong_status", detail);
		return;
	}
	struct db_conn *conn = http_db(req);
	int64_t me = http_user(req)->id, now = util_now_ms(), items = 0;
	int rc = db_begin(conn);
	if (!rc && !strcmp(s->action, "approve"))
		rc = cbp_scalar(conn, "SELECT COUNT(*) FROM cbp_items WHERE plan_id = $1", p.id, &items);
	if (!rc && !strcmp(s->action, "approve") && items == 0) {
		db_rollback(conn);
		json_decref(body);
		http_reply_problem(req, 409, "plan_empty", "A plan needs at least one item before it is approved.");
		return;
	}
	if (!rc)
		rc = set_status(conn, &p, s, me, now);
	if (!rc && !strcmp(s->action, "publish"))
		rc = supersede_previous(conn, &p, me, now);
	if (!rc)
		rc = cbp_event_add(conn, p.id, me, s->event, comment, now);
	json_decref(body);
	if (rc) {
		db_rollback(conn);
		http_reply_db_error(req);
		return;
	}
	char audit[32];
	snprintf(audit, sizeof audit, "cbp_plan.%s", s->action);
	if (strcmp(s->action, "publish")) {
		cbp_commit_and_reply(req, conn, p.id, p.org_id, audit, NULL, 200);
		return;
	}
	publish_and_assign(req, conn, &p, audit, now);
}

/* The draft or approved revision of the plan's organisation and year, if one is open (0 when none). */
static int open_revision(struct db_conn *conn, const struct cbp_plan *p, int64_t *id, int64_t *last)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT COALESCE(MAX(CASE WHEN status IN ('draft', 'approved') THEN id END), "
				 "0), MAX(revision) FROM cbp_plans WHERE org_id = $1 AND year = $2");
	if (!st || db_bind_int64(st, 1, p->org_id) || db_bind_int64(st, 2, p->year)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_column_int64(st, 0);
		*last = db_column_int64(st, 1);
	}
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int copy_plan(struct db_conn *conn, const struct cbp_plan *p, int64_t revision, int64_t me, int64_t now,
		     int64_t *id)
{
	struct db_stmt *st =
		db_prepare(conn, "INSERT INTO cbp_plans (org_id, year, revision, status, title_en, title_hi, "
				 "created_by, created_at, updated_at) SELECT org_id, year, $2, 'draft', "
				 "title_en, title_hi, $3, $4, $4 FROM cbp_plans WHERE id = $1 RETURNING id");
	int rc = !st || db_bind_int64(st, 1, p->id) || db_bind_int64(st, 2, revision) || db_bind_int64(st, 3, me) ||
		 db_bind_int64(st, 4, now);
	if (!rc)
		rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* POST /cbp-plans/{id}/revisions: a draft copy of a published plan, the way to change it. */
static void revision_create(struct http_request *req)
{
	struct cbp_plan p;
	if (!cbp_plan_for_admin(req, &p))
		return;
	if (strcmp(p.status, "published")) {
		http_reply_problem(req, 409, "plan_not_published",
				   "Only a published plan gets a new revision; a draft is edited as it is.");
		return;
	}
	struct db_conn *conn = http_db(req);
	int64_t me = http_user(req)->id, now = util_now_ms(), open = 0, last = 0, id = 0;
	int rc = db_begin(conn);
	if (!rc)
		rc = open_revision(conn, &p, &open, &last);
	if (!rc && open) {
		db_rollback(conn);
		char detail[160];
		snprintf(detail, sizeof detail, "Revision %lld of this plan is already being prepared: edit that one.",
			 (long long)open);
		http_reply_problem_with(req, 409, "revision_open", detail,
					json_pack("{s:I}", "plan_id", (json_int_t)open));
		return;
	}
	if (!rc)
		rc = copy_plan(conn, &p, last + 1, me, now, &id);
	if (!rc)
		rc = cbp_items_copy(conn, p.id, id, now);
	char detail[64];
	snprintf(detail, sizeof detail, "from revision %lld", (long long)p.revision);
	if (!rc)
		rc = cbp_event_add(conn, id, me, "revised", detail, now);
	if (rc) {
		db_rollback(conn);
		http_reply_db_error(req);
		return;
	}
	cbp_commit_and_reply(req, conn, id, p.org_id, "cbp_plan.revise", NULL, 201);
}

/* GET /cbp-plans/{id}/events: the plan's trail, oldest first, with who did each step. */
static void events_list(struct http_request *req)
{
	struct cbp_plan p;
	if (!cbp_plan_for_reader(req, &p))
		return;
	struct db_conn *conn = http_db(req);
	struct db_stmt *st =
		db_prepare(conn, "SELECT e.id, e.at, e.action, e.detail, e.actor_id, o.name_en, o.name_hi FROM "
				 "cbp_plan_events e LEFT JOIN officials o ON o.id = e.actor_id WHERE "
				 "e.plan_id = $1 ORDER BY e.id LIMIT 500");
	if (!st || db_bind_int64(st, 1, p.id)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *detail = db_column_text(st, 3), *hi = db_column_text(st, 6);
		json_t *actor = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)db_column_int64(st, 4), "name",
					  db_column_text(st, 5) ? db_column_text(st, 5) : "", "name_hi",
					  hi ? json_string(hi) : json_null());
		json_array_append_new(
			items, json_pack("{s:I, s:o, s:s, s:o, s:o}", "id", (json_int_t)db_column_int64(st, 0), "at",
					 cbp_time_json(db_column_int64(st, 1)), "action", db_column_text(st, 2),
					 "detail", detail ? json_string(detail) : json_null(), "actor", actor));
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(items);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

/* POST /cbp-plans/{id}/reminders: a published plan's reminders now, rather than at the ticker's next run. */
static void reminders_now(struct http_request *req)
{
	struct cbp_plan p;
	if (!cbp_plan_for_admin(req, &p))
		return;
	if (strcmp(p.status, "published")) {
		http_reply_problem(req, 409, "plan_not_published", "Reminders go out for a published plan only.");
		return;
	}
	int64_t soon = 0, late = 0;
	if (cbp_remind(http_db(req), p.id, util_now_ms(), &soon, &late)) {
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:I, s:I}", "due_soon", (json_int_t)soon, "overdue", (json_int_t)late));
}

const struct http_route cbp_plan_routes[] = {
	{"GET", "/api/v1/orgs/{id}/cbp-plans", cbp_plans_list, HTTP_SESSION, 0},
	{"POST", "/api/v1/orgs/{id}/cbp-plans", cbp_plan_create, HTTP_SESSION, 0},
	{"GET", "/api/v1/cbp-plans/{id}", cbp_plan_get, HTTP_SESSION, 0},
	{"PATCH", "/api/v1/cbp-plans/{id}", cbp_plan_patch, HTTP_SESSION, 0},
	{"POST", "/api/v1/cbp-plans/{id}/transitions", transition, HTTP_SESSION, 0},
	{"POST", "/api/v1/cbp-plans/{id}/revisions", revision_create, HTTP_SESSION, 0},
	{"GET", "/api/v1/cbp-plans/{id}/events", events_list, HTTP_SESSION, 0},
	{"POST", "/api/v1/cbp-plans/{id}/reminders", reminders_now, HTTP_SESSION, 0},
	{"POST", "/api/v1/cbp-plans/{id}/items", cbp_item_post, HTTP_SESSION, 0},
	{"PUT", "/api/v1/cbp-plans/{id}/items/{item}", cbp_item_put, HTTP_SESSION, 0},
	{"DELETE", "/api/v1/cbp-plans/{id}/items/{item}", cbp_item_delete, HTTP_SESSION, 0},
	{"POST", "/api/v1/cbp-plans/{id}/audience-preview", cbp_audience_preview, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
