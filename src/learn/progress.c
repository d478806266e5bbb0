/* Progress, the platform's hottest write: a batch of updates per request (a phone that was offline sends many
 * at once), checked whole before anything is written (all or nothing), then written through the group-commit
 * writer and answered only once durable. The request is parked meanwhile (http_defer), so a worker thread
 * is never held waiting for a commit. Updates are idempotent and monotonic; completion is derived here, on
 * the server, from what the resources say, never from anything the client claims. */
#include "learn/learn_int.h"

#include "core/util.h"
#include "http/input.h"

#include <stdio.h>
#include <string.h>

#define BATCH_MAX 1000
#define FUTURE_SLACK_MS (5 * 60 * 1000) /* a client clock a little ahead is tolerated, no more */
#define POSITION_MAX 100000000
#define TIME_SPENT_MAX 10000000

struct update {
	int64_t content_id, resource_id, percent, position, time_spent_s, client_at;
	size_t enrolment; /* index into the job's enrolments */
	bool required;
};

struct progress_job {
	struct http_request *req;
	int64_t official_id, now;
	size_t n, nenrol;
	struct update *updates;
	struct learn_settle *enrolments;
	int result;
};

static const char *const UPDATE_FIELDS[] = {"content_id", "resource_id", "percent", "position",     "time_spent_s",
					    "at",         "completed",   "status",  "completed_at", NULL};

/* An integer member in [min, max]; absent gives dflt when optional. Records an error and returns false. */
static bool take_int(json_t *u, const char *key, const char *label, int64_t min, int64_t max, bool optional,
		     int64_t dflt, int64_t *out, json_t **errors)
{
	char field[64], message[96];
	snprintf(field, sizeof field, "%s.%s", label, key);
	json_t *v = json_object_get(u, key);
	if (!v && optional) {
		*out = dflt;
		return true;
	}
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		snprintf(message, sizeof message, "must be a whole number from %lld to %lld", (long long)min,
			 (long long)max);
		http_field_error(errors, field, message);
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

/* The client's time of an update: "at", or now when absent. Far in the future is refused. */
static void take_at(json_t *u, const char *label, int64_t now, int64_t *out, json_t **errors)
{
	char field[64];
	snprintf(field, sizeof field, "%s.at", label);
	json_t *v = json_object_get(u, "at");
	*out = now;
	if (!v)
		return;
	int64_t at = 0;
	if (!json_is_string(v) || !util_iso8601_parse(json_string_value(v), &at)) {
		http_field_error(errors, field, "must be a time written like 2026-12-03T10:15:00Z");
		return;
	}
	if (at > now + FUTURE_SLACK_MS) {
		http_field_error(errors, field, "is in the future: check the device's clock");
		return;
	}
	*out = at;
}

/* Members of an update that are not fields of one, named by their place in the batch. */
static void reject_unknown(json_t *u, const char *label, json_t **errors)
{
	const char *key;
	json_t *v;
	json_object_foreach(u, key, v)
	{
		bool known = false;
		for (const char *const *f = UPDATE_FIELDS; *f && !known; f++)
			known = !strcmp(*f, key);
		if (!known) {
			char field[96];
			snprintf(field, sizeof field, "%s.%.60s", label, key);
			http_field_error(errors, field, "is not a field of a progress update");
		}
	}
}

static void read_update(json_t *u, size_t i, int64_t now, struct update *out, json_t **errors)
{
	char label[32];
	snprintf(label, sizeof label, "updates[%zu]", i);
	if (!json_is_object(u)) {
		http_field_error(errors, label, "must be an object");
		return;
	}
	reject_unknown(u, label, errors);
	take_int(u, "content_id", label, 1, INT64_MAX, false, 0, &out->content_id, errors);
	take_int(u, "resource_id", label, 1, INT64_MAX, false, 0, &out->resource_id, errors);
	take_int(u, "percent", label, 0, 100, false, 0, &out->percent, errors);
	take_int(u, "position", label, 0, POSITION_MAX, true, 0, &out->position, errors);
	take_int(u, "time_spent_s", label, 0, TIME_SPENT_MAX, true, 0, &out->time_spent_s, errors);
	take_at(u, label, now, &out->client_at, errors);
}

/* Reads the body into job->updates. Returns 0, or -1 with the reply set (400, 413, 422). */
static int read_batch(struct http_request *req, struct progress_job *job)
{
	json_t *body = http_body_json(req);
	if (!body)
		return -1;
	json_t *errors = NULL, *list = json_object_get(body, "updates");
	static const char *const FIELDS[] = {"updates", NULL};
	http_reject_unknown(body, FIELDS, "a progress batch", &errors);
	if (!json_is_array(list) || !json_array_size(list)) {
		http_field_error(&errors, "updates", "must be a list of one or more progress updates");
	} else if (json_array_size(list) > BATCH_MAX) {
		char detail[128];
		snprintf(detail, sizeof detail, "A batch holds at most %d updates; this one has %zu. Send it in parts.",
			 BATCH_MAX, json_array_size(list));
		json_decref(body);
		json_decref(errors);
		http_reply_problem(req, 413, "batch_too_large", detail);
		return -1;
	} else {
		job->n = json_array_size(list);
		job->updates = arena_alloc(http_arena(req), job->n * sizeof *job->updates);
		if (!job->updates) {
			json_decref(body);
			json_decref(errors);
			http_reply_problem(req, 413, "batch_too_large", "This batch is too large to take at once.");
			return -1;
		}
		memset(job->updates, 0, job->n * sizeof *job->updates);
		for (size_t i = 0; i < job->n; i++)
			read_update(json_array_get(list, i), i, job->now, &job->updates[i], &errors);
	}
	json_decref(body);
	if (errors) {
		http_reply_invalid(req, errors);
		return -1;
	}
	return 0;
}

/* The index of content_id among the job's enrolments, looked up once per content. Returns the index, -1
 * not enrolled, or -2 on a database error. */
static long enrolment_index(struct db_conn *conn, struct progress_job *job, int64_t content_id)
{
	for (size_t k = 0; k < job->nenrol; k++)
		if (job->enrolments[k].content_id == content_id)
			return (long)k;
	struct learn_settle *s = &job->enrolments[job->nenrol];
	memset(s, 0, sizeof *s);
	int rc = learn_settle_load(conn, job->official_id, content_id, s);
	if (rc < 0)
		return -2;
	if (rc == 0)
		return -1;
	return (long)job->nenrol++;
}

/* Checks every update against the official's enrolments and their versions' outlines. Returns 0, or -1 with
 * the reply set: 403 for content not enrolled in, 422 for a resource that is not in the enrolled version. */
static int check_batch(struct http_request *req, struct progress_job *job)
{
	struct db_conn *conn = http_db(req);
	if (!conn)
		return -1;
	job->enrolments = arena_alloc(http_arena(req), job->n * sizeof *job->enrolments);
	if (!job->enrolments) {
		http_reply_problem(req, 413, "batch_too_large", "This batch is too large to take at once.");
		return -1;
	}
	json_t *forbidden = NULL, *invalid = NULL;
	for (size_t i = 0; i < job->n; i++) {
		struct update *u = &job->updates[i];
		char field[64];
		long k = enrolment_index(conn, job, u->content_id);
		if (k == -2)
			goto db_error;
		if (k == -1) {
			snprintf(field, sizeof field, "updates[%zu].content_id", i);
			http_field_error(&forbidden, field, "you are not enrolled in this content");
			continue;
		}
		u->enrolment = (size_t)k;
		struct learn_resource_ref ref;
		int rc = learn_outline_lookup(conn, job->enrolments[k].version_id, u->resource_id, NULL, &ref);
		if (rc < 0)
			goto db_error;
		snprintf(field, sizeof field, "updates[%zu].resource_id", i);
		if (rc == 0)
			http_field_error(&invalid, field, "is not a resource of the version you are enrolled in");
		else if (ref.quiz)
			http_field_error(&invalid, field, "is a quiz: it is completed by passing its assessment");
		u->required = ref.required;
	}
	if (forbidden) {
		json_decref(invalid);
		http_reply_problem_errors(req, 403, "not_enrolled", "You are not enrolled in some of this content.",
					  forbidden);
		return -1;
	}
	if (invalid) {
		http_reply_invalid(req, invalid);
		return -1;
	}
	return 0;
db_error:
	json_decref(forbidden);
	json_decref(invalid);
	http_reply_db_error(req);
	return -1;
}

/* Percent and time spent only grow; the resume position is the newest by the client's clock; completion of
 * a resource is dated once. */
static int upsert(struct db_conn *conn, const struct learn_settle *s, const struct update *u, int64_t now)
{
	struct db_stmt *st = db_prepare(
		conn,
		"INSERT INTO resource_progress (enrolment_id, resource_id, required, percent, position, time_spent_s, "
		"client_at, completed_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $9, $8) ON CONFLICT "
		"(enrolment_id, resource_id) DO UPDATE SET "
		"percent = CASE WHEN excluded.percent > resource_progress.percent THEN excluded.percent ELSE "
		"resource_progress.percent END, "
		"time_spent_s = CASE WHEN excluded.time_spent_s > resource_progress.time_spent_s THEN "
		"excluded.time_spent_s ELSE resource_progress.time_spent_s END, "
		"position = CASE WHEN excluded.client_at >= resource_progress.client_at THEN excluded.position ELSE "
		"resource_progress.position END, "
		"client_at = CASE WHEN excluded.client_at > resource_progress.client_at THEN excluded.client_at ELSE "
		"resource_progress.client_at END, "
		"completed_at = COALESCE(resource_progress.completed_at, excluded.completed_at), updated_at = $8");
	int rc = !st || db_bind_int64(st, 1, s->enrolment_id) || db_bind_int64(st, 2, u->resource_id) ||
		 db_bind_int64(st, 3, u->required) || db_bind_int64(st, 4, u->percent) ||
		 db_bind_int64(st, 5, u->position) || db_bind_int64(st, 6, u->time_spent_s) ||
		 db_bind_int64(st, 7, u->client_at) || db_bind_int64(st, 8, now) ||
		 (u->percent == 100 ? db_bind_int64(st, 9, now) : db_bind_null(st, 9));
	if (!rc)
		rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Runs on the group-commit writer: every update, then each enrolment settled (progress, completion). */
static int write_batch(struct db_conn *conn, void *arg)
{
	struct progress_job *job = arg;
	for (size_t i = 0; i < job->n; i++) {
		int rc = upsert(conn, &job->enrolments[job->updates[i].enrolment], &job->updates[i], job->now);
		if (rc)
			return rc;
	}
	for (size_t k = 0; k < job->nenrol; k++) {
		int rc = learn_settle(conn, &job->enrolments[k], job->now);
		if (rc)
			return rc;
	}
	return 0;
}

static void written(void *arg, int result)
{
	struct progress_job *job = arg;
	job->result = result;
	http_resume(job->req);
}

static void reply_written(struct http_request *req)
{
	struct progress_job *job = http_deferred_state(req);
	if (job->result) {
		http_reply_db_error(req);
		return;
	}
	json_t *list = json_array();
	for (size_t k = 0; k < job->nenrol; k++) {
		const struct learn_settle *s = &job->enrolments[k];
		json_array_append_new(list,
				      json_pack("{s:I, s:s, s:I, s:o, s:o}", "content_id", (json_int_t)s->content_id,
						"status", s->status, "progress", (json_int_t)s->progress,
						"completed_at", learn_time_json(s->completed_at), "certificate_code",
						s->certificate[0] ? json_string(s->certificate) : json_null()));
	}
	http_reply_json(req, 200, json_pack("{s:I, s:o}", "applied", (json_int_t)job->n, "enrolments", list));
}

static void handle_progress(struct http_request *req)
{
	struct progress_job *job = arena_alloc(http_arena(req), sizeof *job);
	if (!job) {
		http_reply_problem(req, 503, "busy", "The server is short of memory; try again shortly.");
		return;
	}
	memset(job, 0, sizeof *job);
	job->req = req;
	job->official_id = http_user(req)->id;
	job->now = util_now_ms();
	if (read_batch(req, job) || check_batch(req, job))
		return;
	http_defer(req, reply_written, job);
	if (db_gc_submit(http_gc(req), write_batch, job, written)) {
		job->result = DB_ERROR;
		http_resume(req);
	}
}

/* A batch of 1,000 updates is about 150 KiB of JSON; the limit leaves room for long fields and spaces. */
const struct http_route learn_progress_routes[] = {
	{"POST", "/api/v1/me/progress", handle_progress, HTTP_SESSION, 512 * 1024},
	{NULL, NULL, NULL, NULL, 0},
};
