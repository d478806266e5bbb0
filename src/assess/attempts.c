/* Attempts over HTTP: an assessment looked up by its code (what a course's quiz names), starting or resuming
 * an attempt, reading it, submitting it, and the caller's history. The time limit is the server's: any
 * access to an open attempt past its deadline submits it first, as it stood, dated at the deadline. Saving
 * answers is in attempt_answers.c, the review in review.c. */
#include "assess/attempt.h"

#include "core/util.h"
#include "http/input.h"
#include "http/list.h"

#include <stdio.h>
#include <string.h>

#define HISTORY_MAX 100

int assess_attempt_overdue(struct db_conn *db, struct assess_attempt *a, int64_t now)
{
	if (a->submitted || !a->deadline_at || now < a->deadline_at)
		return 0;
	int rc = db_begin(db);
	if (!rc)
		rc = assess_attempt_finish(db, a, now, true);
	if (rc == 1) {
		/* Another request finished it first: show it as that one left it. */
		db_rollback(db);
		rc = assess_attempt_load(db, a->id, a);
		return rc == 1 ? 1 : rc < 0 ? rc : DB_ERROR;
	}
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	return 1;
}

/* Attempt {id} of the caller, as it is in the database. Returns 1, or 0 with the reply set. */
static int load_owned(struct http_request *req, struct db_conn *db, struct assess_attempt *a)
{
	int64_t id;
	if (http_param_id(req, "id", &id))
		return 0;
	int rc = assess_attempt_load(db, id, a);
	if (rc < 0) {
		http_reply_db_error(req);
		return 0;
	}
	if (rc == 0 || a->official_id != http_user(req)->id) {
		http_reply_not_found(req, "attempt");
		return 0;
	}
	return 1;
}

int assess_attempt_mine(struct http_request *req, struct db_conn *db, int64_t now, struct assess_attempt *a)
{
	if (!load_owned(req, db, a))
		return 0;
	if (assess_attempt_overdue(db, a, now) < 0) {
		http_reply_db_error(req);
		return 0;
	}
	return 1;
}

static void reply_attempt(struct http_request *req, struct db_conn *db, const struct assess_attempt *a, int status,
			  bool with_questions, int64_t now)
{
	json_t *out = assess_attempt_json(db, a, with_questions, now);
	if (out)
		http_reply_json(req, status, out);
	else
		http_reply_db_error(req);
}

static void get_by_code(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	const char *code = http_param(req, "code");
	if (!db)
		return;
	struct db_stmt *st = db_prepare(db, "SELECT c.id, c.code, v.title_en, v.title_hi, v.id FROM contents c JOIN "
					    "content_versions v ON v.id = c.published_version_id WHERE c.code = $1 AND "
					    "c.kind = 'assessment' AND v.status = 'published'");
	if (!st || db_bind_text(st, 1, code)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	int rc = db_step(st);
	json_t *out = NULL;
	int64_t vid = 0;
	if (rc == DB_ROW) {
		out = json_pack("{s:I, s:s, s:s, s:o}", "content_id", (json_int_t)db_column_int64(st, 0), "code",
				db_column_text(st, 1), "title", db_column_text(st, 2), "title_hi",
				assess_text_json(db_column_text(st, 3)));
		vid = db_column_int64(st, 4);
	}
	db_finish(st);
	if (rc != DB_ROW) {
		rc < 0 ? http_reply_db_error(req) : http_reply_not_found(req, "published assessment");
		return;
	}
	struct assess_settings s;
	int64_t count = assess_settings_question_count(db, vid);
	rc = assess_settings_load(db, vid, &s);
	if (rc != 1 || count < 0) {
		json_decref(out);
		rc == 0 ? http_reply_not_found(req, "published assessment") : http_reply_db_error(req);
		return;
	}
	json_object_set_new(out, "purpose", json_string(s.purpose));
	json_object_set_new(out, "pass_percent", json_integer(s.pass_percent));
	json_object_set_new(out, "max_attempts", s.max_attempts ? json_integer(s.max_attempts) : json_null());
	json_object_set_new(out, "time_limit_minutes",
			    s.time_limit_s ? json_integer(s.time_limit_s / 60) : json_null());
	json_object_set_new(out, "question_count", json_integer(count));
	http_reply_json(req, 200, out);
}

/* The caller's open attempt at content_id: 1 found (loaded), 0 none, or a negative DB_ code. */
static int open_attempt(struct db_conn *db, int64_t me, int64_t content_id, struct assess_attempt *a)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM attempts WHERE official_id = $1 AND content_id = $2 AND "
					    "status = 'in_progress' ORDER BY number DESC LIMIT 1");
	if (!st || db_bind_int64(st, 1, me) || db_bind_int64(st, 2, content_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	int64_t id = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	db_finish(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 0 : rc;
	return assess_attempt_load(db, id, a);
}

/* Attempts the caller made at content_id and the highest number. */
static int attempts_used(struct db_conn *db, int64_t me, int64_t content_id, int64_t *used, int64_t *last)
{
	struct db_stmt *st = db_prepare(db, "SELECT COUNT(*), COALESCE(MAX(number), 0) FROM attempts WHERE official_id "
					    "= $1 AND content_id = $2");
	if (!st || db_bind_int64(st, 1, me) || db_bind_int64(st, 2, content_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*used = db_column_int64(st, 0);
		*last = db_column_int64(st, 1);
	}
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* The published assessment content {id}: 1 (sets c), 0 with the reply set (404, 409). */
static int published_assessment(struct http_request *req, struct db_conn *db, const char *param,
				struct catalog_content *c)
{
	int64_t id;
	if (http_param_id(req, param, &id))
		return 0;
	int rc = catalog_content_load(db, id, c);
	if (rc < 0) {
		http_reply_db_error(req);
		return 0;
	}
	if (rc == 0 || strcmp(c->kind, "assessment")) {
		http_reply_not_found(req, "assessment");
		return 0;
	}
	if (strcmp(c->published_status, "published")) {
		http_reply_problem(req, 409, "content_not_published",
				   c->published_id
					   ? "This assessment has been retired: no new attempts can start."
					   : "This assessment is not published yet: attempts start once it is.");
		return 0;
	}
	return 1;
}

/* A new attempt: 0 made (sets a), 1 with the reply set, 2 to look again (another start raced this one). */
static int start_new(struct http_request *req, struct db_conn *db, const struct catalog_content *c, int64_t now,
		     struct assess_attempt *a)
{
	int64_t me = http_user(req)->id, used = 0, last = 0;
	struct assess_settings s;
	int rc = assess_settings_load(db, c->published_id, &s);
	if (rc == 1)
		rc = attempts_used(db, me, c->id, &used, &last);
	else if (rc == 0) {
		http_reply_problem(req, 409, "no_settings", "This assessment has no settings: it cannot be taken.");
		return 1;
	}
	if (rc) {
		http_reply_db_error(req);
		return 1;
	}
	if (s.max_attempts && used >= s.max_attempts) {
		char msg[160];
		snprintf(msg, sizeof msg, "You have used all %lld attempts this assessment allows.",
			 (long long)s.max_attempts);
		http_reply_problem(req, 409, "max_attempts_reached", msg);
		return 1;
	}
	rc = db_begin(db);
	if (!rc)
		rc = assess_attempt_draw(db, c->id, &s, me, last + 1, now, a);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		if (rc == DB_CONSTRAINT)
			return 2;
		if (rc == 1)
			http_reply_problem(req, 409, "no_questions",
					   "The question banks of this assessment have no "
					   "active questions left to draw.");
		else
			http_reply_db_error(req);
		return 1;
	}
	return 0;
}

static void post_attempt(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct catalog_content c;
	if (!db || !published_assessment(req, db, "id", &c))
		return;
	int64_t now = util_now_ms();
	struct assess_attempt a;
	for (int tries = 0; tries < 3; tries++) {
		int rc = open_attempt(db, http_user(req)->id, c.id, &a);
		if (rc == 1)
			rc = assess_attempt_overdue(db, &a, now);
		else if (rc == 0)
			rc = 1;
		if (rc < 0) {
			http_reply_db_error(req);
			return;
		}
		if (rc == 0) {
			reply_attempt(req, db, &a, 200, true, now);
			return;
		}
		rc = start_new(req, db, &c, now, &a);
		if (rc == 0) {
			reply_attempt(req, db, &a, 201, true, now);
			return;
		}
		if (rc == 1)
			return;
	}
	http_reply_problem(req, 409, "busy", "Another start of this assessment is under way; try again.");
}

static void get_attempt(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct assess_attempt a;
	int64_t now = util_now_ms();
	if (db && assess_attempt_mine(req, db, now, &a))
		reply_attempt(req, db, &a, 200, true, now);
}

static void post_submit(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct assess_attempt a;
	int64_t now = util_now_ms();
	if (!db || !load_owned(req, db, &a))
		return;
	int rc = 1;
	if (!a.submitted) {
		/* Past the deadline the submission is the automatic one, dated at the deadline. */
		bool late = a.deadline_at && now >= a.deadline_at;
		rc = db_begin(db);
		if (!rc)
			rc = assess_attempt_finish(db, &a, now, late);
		if (!rc)
			rc = db_commit(db);
		if (rc)
			db_rollback(db);
	}
	if (rc == 1) {
		http_reply_problem(req, 409, "already_submitted",
				   "This attempt has already been submitted; its result "
				   "stands. Start a new attempt if any are left.");
	} else if (rc) {
		http_reply_db_error(req);
	} else {
		reply_attempt(req, db, &a, 200, true, now);
	}
}

/* The history's summary: attempts used, whether any passed, the best percent. */
static int history_summary(struct db_conn *db, int64_t me, int64_t content_id, json_t *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT COUNT(*), COALESCE(MAX(passed), 0), MAX(percent) FROM attempts "
					    "WHERE official_id = $1 AND content_id = $2");
	if (!st || db_bind_int64(st, 1, me) || db_bind_int64(st, 2, content_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		int64_t used = db_column_int64(st, 0);
		int64_t max = json_integer_value(json_object_get(out, "max_attempts"));
		json_object_set_new(out, "attempts_used", json_integer(used));
		json_object_set_new(out, "attempts_left",
				    max ? json_integer(max > used ? max - used : 0) : json_null());
		json_object_set_new(out, "passed", json_boolean(db_column_int64(st, 1) != 0));
		json_object_set_new(out, "best_percent",
				    db_column_null(st, 2) ? json_null() : json_integer(db_column_int64(st, 2)));
	}
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int history_items(struct db_conn *db, int64_t me, int64_t content_id, int64_t now, json_t *items)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM attempts WHERE official_id = $1 AND content_id = $2 ORDER "
					    "BY number DESC LIMIT 100");
	if (!st || db_bind_int64(st, 1, me) || db_bind_int64(st, 2, content_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int64_t ids[HISTORY_MAX];
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && n < HISTORY_MAX)
		ids[n++] = db_column_int64(st, 0);
	db_finish(st);
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		struct assess_attempt a;
		rc = assess_attempt_load(db, ids[i], &a);
		json_t *item = rc == 1 ? assess_attempt_json(db, &a, false, now) : NULL;
		if (!item)
			return rc < 0 ? rc : DB_ERROR;
		json_array_append_new(items, item);
	}
	return rc < 0 ? rc : 0;
}

static void get_history(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	int64_t id, me, now = util_now_ms();
	struct catalog_content c;
	if (!db || http_param_id(req, "id", &id))
		return;
	me = http_user(req)->id;
	int rc = catalog_content_load(db, id, &c);
	struct assess_settings s;
	if (rc == 1 && !strcmp(c.kind, "assessment") && c.published_id)
		rc = assess_settings_load(db, c.published_id, &s);
	else if (rc == 1)
		rc = 0;
	if (rc <= 0) {
		rc < 0 ? http_reply_db_error(req) : http_reply_not_found(req, "assessment");
		return;
	}
	struct assess_attempt open;
	rc = open_attempt(db, me, c.id, &open);
	if (rc == 1)
		rc = assess_attempt_overdue(db, &open, now);
	json_t *out =
		json_pack("{s:s, s:I, s:o, s:o}", "purpose", s.purpose, "pass_percent", (json_int_t)s.pass_percent,
			  "max_attempts", s.max_attempts ? json_integer(s.max_attempts) : json_null(),
			  "time_limit_minutes", s.time_limit_s ? json_integer(s.time_limit_s / 60) : json_null());
	json_t *items = json_array();
	if (rc >= 0)
		rc = history_summary(db, me, c.id, out);
	if (!rc)
		rc = history_items(db, me, c.id, now, items);
	json_object_set_new(out, "items", items);
	if (rc < 0) {
		json_decref(out);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, out);
}

const struct http_route assess_attempt_routes[] = {
	{"GET", "/api/v1/assessments/by-code/{code}", get_by_code, HTTP_SESSION, 0},
	{"POST", "/api/v1/assessments/{id}/attempts", post_attempt, HTTP_SESSION, 0},
	{"GET", "/api/v1/assessments/{id}/attempts", get_history, HTTP_SESSION, 0},
	{"GET", "/api/v1/attempts/{id}", get_attempt, HTTP_SESSION, 0},
	{"PUT", "/api/v1/attempts/{id}/answers", assess_answers_put, HTTP_SESSION, 64 * 1024},
	{"POST", "/api/v1/attempts/{id}/submit", post_submit, HTTP_SESSION, 0},
	{"GET", "/api/v1/attempts/{id}/review", assess_review_get, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
