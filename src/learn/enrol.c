/* Enrolment: an official joins published content themselves, or an admin assigns it (recorded as such);
 * they may leave it and come back; "my learning" lists where they stand. A programme enrols its courses. */
#include "learn/learn_int.h"

#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What enrolling needs to know of the content. */
struct target {
	int64_t content_id, version_id;
	char kind[24];
	bool published, retired;
};

/* 1 found, 0 unknown content, negative DB_ code. */
static int target_read(struct db_conn *conn, int64_t content_id, struct target *t)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT c.kind, c.published_version_id, v.status FROM contents c LEFT JOIN "
				 "content_versions v ON v.id = c.published_version_id WHERE c.id = $1");
	if (!st || db_bind_int64(st, 1, content_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		memset(t, 0, sizeof *t);
		t->content_id = content_id;
		snprintf(t->kind, sizeof t->kind, "%s", db_column_text(st, 0));
		t->version_id = db_column_null(st, 1) ? 0 : db_column_int64(st, 1);
		const char *vs = db_column_text(st, 2);
		t->published = vs && !strcmp(vs, "published");
		t->retired = vs && !strcmp(vs, "retired");
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

/* How an enrolment comes about. */
struct how {
	const char *source; /* self, admin, plan, programme */
	int64_t assigned_by, via_content_id, due_at, now;
};

/* The official's enrolment row in content_id: 1 found (*id, status), 0 none, negative DB_ code. */
static int existing(struct db_conn *conn, int64_t official_id, int64_t content_id, int64_t *id, char status[16])
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT id, status FROM enrolments WHERE official_id = $1 AND content_id = $2");
	if (!st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, content_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_column_int64(st, 0);
		snprintf(status, 16, "%s", db_column_text(st, 1));
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

static int insert_enrolment(struct db_conn *conn, int64_t official_id, const struct target *t, const struct how *how)
{
	struct db_stmt *st = db_prepare(
		conn,
		"INSERT INTO enrolments (official_id, content_id, version_id, kind, source, assigned_by, "
		"via_content_id, status, progress, due_at, enrolled_at, last_activity_at) VALUES ($1, $2, $3, $4, "
		"$5, $6, $7, 'enrolled', 0, $8, $9, $9)");
	int rc = !st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, t->content_id) ||
		 db_bind_int64(st, 3, t->version_id) || db_bind_text(st, 4, t->kind) ||
		 db_bind_text(st, 5, how->source) ||
		 (how->assigned_by ? db_bind_int64(st, 6, how->assigned_by) : db_bind_null(st, 6)) ||
		 (how->via_content_id ? db_bind_int64(st, 7, how->via_content_id) : db_bind_null(st, 7)) ||
		 (how->due_at ? db_bind_int64(st, 8, how->due_at) : db_bind_null(st, 8)) ||
		 db_bind_int64(st, 9, how->now);
	if (!rc)
		rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Back after leaving: where they stood is kept (progress, resume points); an assignment's due date and
 * source are taken when it is an admin or a plan that brings them back. */
static int revive(struct db_conn *conn, int64_t id, const struct how *how)
{
	bool assigned = strcmp(how->source, "self") && strcmp(how->source, "programme");
	struct db_stmt *st = db_prepare(
		conn, "UPDATE enrolments SET status = CASE WHEN progress > 0 THEN 'in_progress' ELSE 'enrolled' END, "
		      "left_at = NULL, last_activity_at = $2, source = CASE WHEN $3 = 1 THEN $4 ELSE source END, "
		      "assigned_by = CASE WHEN $3 = 1 THEN $5 ELSE assigned_by END, due_at = CASE WHEN $3 = 1 THEN $6 "
		      "ELSE due_at END WHERE id = $1");
	int rc = !st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, how->now) || db_bind_int64(st, 3, assigned) ||
		 db_bind_text(st, 4, how->source) ||
		 (how->assigned_by ? db_bind_int64(st, 5, how->assigned_by) : db_bind_null(st, 5)) ||
		 (how->due_at ? db_bind_int64(st, 6, how->due_at) : db_bind_null(st, 6));
	if (!rc)
		rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Enrols official_id in t (published, not retired) unless already there. Sets *created when a row was made
 * or revived. Returns 0 or a negative DB_ code. */
static int enrol_one(struct db_conn *conn, int64_t official_id, const struct target *t, const struct how *how,
		     bool *created)
{
	int64_t id = 0;
	char status[16] = "";
	*created = false;
	int rc = existing(conn, official_id, t->content_id, &id, status);
	if (rc < 0)
		return rc;
	if (rc == 1 && strcmp(status, "left"))
		return 0;
	rc = rc == 1 ? revive(conn, id, how) : insert_enrolment(conn, official_id, t, how);
	if (rc)
		return rc;
	*created = true;
	return learn_karma_award(conn, official_id, "first_enrolment", "first", how->now, NULL);
}

/* A programme's courses, each enrolled (source programme) when published and not retired. */
static int enrol_courses(struct db_conn *conn, int64_t official_id, const struct target *programme,
			 const struct how *how)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT course_id FROM programme_items WHERE version_id = $1 ORDER BY seq");
	if (!st || db_bind_int64(st, 1, programme->version_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int64_t courses[512];
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && n < sizeof courses / sizeof courses[0])
		courses[n++] = db_column_int64(st, 0);
	db_finish(st);
	if (rc < 0)
		return rc;
	struct how via = *how;
	via.source = "programme";
	via.assigned_by = 0;
	via.via_content_id = programme->content_id;
	for (size_t i = 0; i < n; i++) {
		struct target course;
		rc = target_read(conn, courses[i], &course);
		if (rc < 0)
			return rc;
		if (rc == 0 || !course.published)
			continue;
		bool created = false;
		rc = enrol_one(conn, official_id, &course, &via, &created);
		if (rc)
			return rc;
	}
	return 0;
}

static bool is_programme(const char *kind)
{
	return !strcmp(kind, "programme") || !strcmp(kind, "curated_programme") || !strcmp(kind, "blended_programme");
}

/* Settles a programme just enrolled in: its courses may all be complete already. */
static int settle_programme(struct db_conn *conn, int64_t official_id, const struct target *t, int64_t now)
{
	struct learn_settle p = {.official_id = official_id, .content_id = t->content_id};
	struct db_stmt *st =
		db_prepare(conn, "SELECT id, version_id, source, COALESCE(due_at, 0), status FROM enrolments "
				 "WHERE official_id = $1 AND content_id = $2");
	if (!st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, t->content_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		p.enrolment_id = db_column_int64(st, 0);
		p.version_id = db_column_int64(st, 1);
		snprintf(p.source, sizeof p.source, "%s", db_column_text(st, 2));
		p.due_at = db_column_int64(st, 3);
		snprintf(p.status, sizeof p.status, "%s", db_column_text(st, 4));
	}
	db_finish(st);
	if (rc != DB_ROW)
		return rc < 0 ? rc : DB_ERROR;
	if (!strcmp(p.status, "completed"))
		return 0;
	rc = learn_outline_lookup(conn, p.version_id, 0, &p.facts, NULL);
	if (rc < 0 && rc != LEARN_NO_VERSION)
		return rc;
	return learn_programme_settle(conn, &p, now, 0);
}

int learn_enrol(struct db_conn *conn, int64_t official_id, int64_t content_id, const char *source, int64_t assigned_by,
		int64_t due_at, int64_t now, bool *created)
{
	*created = false;
	struct target t;
	int rc = target_read(conn, content_id, &t);
	if (rc <= 0)
		return rc < 0 ? rc : LEARN_ENROL_UNKNOWN;
	if (t.retired)
		return LEARN_ENROL_RETIRED;
	if (!t.published)
		return LEARN_ENROL_UNPUBLISHED;
	struct how how = {.source = source, .assigned_by = assigned_by, .due_at = due_at, .now = now};
	rc = enrol_one(conn, official_id, &t, &how, created);
	if (!rc && is_programme(t.kind)) {
		rc = enrol_courses(conn, official_id, &t, &how);
		if (!rc && *created)
			rc = settle_programme(conn, official_id, &t, now);
	}
	return rc;
}

/* Enrols, in one transaction, and answers 201 (new or back after leaving) or 200 (already there). */
static void enrol_and_reply(struct http_request *req, int64_t official_id, int64_t content_id, const struct how *how,
			    bool audit)
{
	struct db_conn *conn = http_db(req);
	if (!conn)
		return;
	json_t *e = NULL;
	bool created = false;
	if (db_begin(conn)) {
		http_reply_db_error(req);
		return;
	}
	int rc = learn_enrol(conn, official_id, content_id, how->source, how->assigned_by, how->due_at, how->now,
			     &created);
	if (rc > 0) {
		db_rollback(conn);
		if (rc == LEARN_ENROL_UNKNOWN)
			http_reply_not_found(req, "content");
		else if (rc == LEARN_ENROL_RETIRED)
			http_reply_problem(req, 409, "content_retired",
					   "This content has been retired: nobody can enrol in it any more.");
		else
			http_reply_problem(
				req, 409, "content_not_published",
				"This content is not published yet: learners can enrol only in published content.");
		return;
	}
	if (!rc && learn_enrolment_read(conn, official_id, content_id, &e) != 1)
		rc = DB_ERROR;
	if (!rc && audit && created) {
		char idtext[24];
		snprintf(idtext, sizeof idtext, "%lld", (long long)official_id);
		rc = http_audit(req, "enrolment.assign", "official", idtext, 0, NULL, e);
	}
	if (rc || db_commit(conn)) {
		db_rollback(conn);
		json_decref(e);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, created ? 201 : 200, e);
}

static void handle_enrol(struct http_request *req)
{
	int64_t content_id;
	if (http_param_id(req, "id", &content_id))
		return;
	struct how how = {.source = "self", .now = util_now_ms()};
	enrol_and_reply(req, http_user(req)->id, content_id, &how, false);
}

/* A due date YYYY-MM-DD as the end of that day in UTC; false when it is not a real date. */
static bool due_from_date(const char *s, int64_t *out)
{
	if (!org_date_valid(s))
		return false;
	struct tm tm = {0};
	if (sscanf(s, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = ((int64_t)timegm(&tm) + 86400) * 1000 - 1;
	return true;
}

/* The official's organisation: 1 found, 0 unknown, negative DB_ code. */
static int official_org(struct db_conn *conn, int64_t official_id, int64_t *org_id)
{
	struct db_stmt *st = db_prepare(conn, "SELECT org_id FROM officials WHERE id = $1");
	if (!st || db_bind_int64(st, 1, official_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*org_id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

static const char *const ASSIGN_FIELDS[] = {"content_id", "due", NULL};

/* Reads {"content_id", "due"?}: 0, or -1 with the 422 reply set. */
static int read_assignment(struct http_request *req, json_t *body, int64_t *content_id, int64_t *due_at)
{
	json_t *errors = NULL;
	http_reject_unknown(body, ASSIGN_FIELDS, "an assignment", &errors);
	json_t *cid = json_object_get(body, "content_id");
	if (!json_is_integer(cid) || json_integer_value(cid) <= 0)
		http_field_error(&errors, "content_id", "must be the id of published content");
	else
		*content_id = json_integer_value(cid);
	const char *due = NULL;
	if (!http_take_string(body, "due", NULL, 10, true, &due, NULL, &errors) && due && !due_from_date(due, due_at))
		http_field_error(&errors, "due", "must be a date written YYYY-MM-DD");
	if (errors) {
		http_reply_invalid(req, errors);
		return -1;
	}
	return 0;
}

static void handle_assign(struct http_request *req)
{
	int64_t official_id, org_id = 0, content_id = 0, due_at = 0;
	if (http_param_id(req, "id", &official_id))
		return;
	struct db_conn *conn = http_db(req);
	if (!conn)
		return;
	int rc = official_org(conn, official_id, &org_id);
	if (rc <= 0) {
		if (rc)
			http_reply_db_error(req);
		else
			http_reply_not_found(req, "official");
		return;
	}
	if (!org_can_admin(conn, http_user(req)->id, org_id)) {
		http_reply_problem(req, 403, "forbidden",
				   "Only an admin of this official's organisation may assign them content.");
		return;
	}
	json_t *body = http_body_json(req);
	if (!body)
		return;
	rc = read_assignment(req, body, &content_id, &due_at);
	json_decref(body);
	if (rc)
		return;
	struct how how = {.source = "admin", .assigned_by = http_user(req)->id, .due_at = due_at, .now = util_now_ms()};
	enrol_and_reply(req, official_id, content_id, &how, true);
}

static int mark_left(struct db_conn *conn, int64_t official_id, int64_t content_id, int64_t now)
{
	struct db_stmt *st =
		db_prepare(conn, "UPDATE enrolments SET status = 'left', left_at = $3, last_activity_at = $3 "
				 "WHERE official_id = $1 AND content_id = $2 AND status IN ('enrolled', "
				 "'in_progress')");
	int rc = !st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, content_id) ||
		 db_bind_int64(st, 3, now);
	if (!rc)
		rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static void handle_leave(struct http_request *req)
{
	int64_t content_id, id = 0;
	if (http_param_id(req, "id", &content_id))
		return;
	struct db_conn *conn = http_db(req);
	if (!conn)
		return;
	int64_t me = http_user(req)->id;
	char status[16] = "";
	int rc = existing(conn, me, content_id, &id, status);
	if (rc < 0) {
		http_reply_db_error(req);
		return;
	}
	if (rc == 0 || !strcmp(status, "left")) {
		http_reply_problem(req, 404, "not_enrolled", "You are not enrolled in this content.");
		return;
	}
	if (!strcmp(status, "completed")) {
		http_reply_problem(req, 409, "already_completed",
				   "You have completed this content; a completion is kept and cannot be left.");
		return;
	}
	json_t *e = NULL;
	if (mark_left(conn, me, content_id, util_now_ms()) || learn_enrolment_read(conn, me, content_id, &e) != 1) {
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, e);
}

/* A positive id written in digits (at most 18 of them). */
static bool parse_id(const char *s, int64_t *out)
{
	size_t n = strlen(s);
	if (n == 0 || n > 18 || s[0] == '0' || strspn(s, "0123456789") != n)
		return false;
	*out = strtoll(s, NULL, 10);
	return true;
}

static void handle_mine(struct http_request *req)
{
	struct http_list list;
	if (http_list_params(req, &list))
		return;
	int64_t content_id = 0;
	const char *only = http_query(req, "content_id");
	if (only && !parse_id(only, &content_id)) {
		json_t *errors = NULL;
		http_field_error(&errors, "content_id", "must be the id of content");
		http_reply_invalid(req, errors);
		return;
	}
	struct buf page;
	buf_init(&page, 16u << 20);
	int rc = learn_enrolment_page(req, http_user(req)->id, http_query(req, "status"), content_id, &list, &page);
	if (!rc)
		http_reply_bytes(req, 200, "application/json", page.data, page.len);
	buf_free(&page);
	if (rc == 1) {
		json_t *errors = NULL;
		http_field_error(&errors, "status", "must be active, completed, left or all");
		http_reply_invalid(req, errors);
		return;
	}
	if (rc < 0)
		http_reply_db_error(req);
}

static void handle_one(struct http_request *req)
{
	int64_t content_id;
	if (http_param_id(req, "id", &content_id))
		return;
	struct db_conn *conn = http_db(req);
	if (!conn)
		return;
	json_t *e = NULL;
	int rc = learn_enrolment_read(conn, http_user(req)->id, content_id, &e);
	if (rc == 0) {
		http_reply_problem(req, 404, "not_enrolled", "You are not enrolled in this content.");
		return;
	}
	if (rc < 0 || learn_enrolment_detail(conn, http_user(req)->id, e)) {
		json_decref(e);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, e);
}

const struct http_route learn_enrolment_routes[] = {
	{"POST", "/api/v1/contents/{id}/enrolment", handle_enrol, HTTP_SESSION, 0},
	{"DELETE", "/api/v1/contents/{id}/enrolment", handle_leave, HTTP_SESSION, 0},
	{"POST", "/api/v1/officials/{id}/enrolments", handle_assign, HTTP_SESSION, 0},
	{"GET", "/api/v1/me/enrolments", handle_mine, HTTP_SESSION, 0},
	{"GET", "/api/v1/me/enrolments/{id}", handle_one, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
