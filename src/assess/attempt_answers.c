/* Saving answers as one goes, the hot path of an attempt: the batch is checked whole on the request's
 * connection (each question in this attempt, each option one of that question's, the shape right for the
 * kind), then written through the group-commit writer and answered once durable, the request parked
 * meanwhile (http_defer), exactly like progress (src/learn/progress.c). The writer looks at the attempt again
 * inside its transaction, so an answer never lands after a submission or after the deadline: then the
 * attempt is submitted as it stood and the answer refused (409 time_up). */
#include "assess/attempt.h"

#include "assess/scoring.h"
#include "core/util.h"
#include "http/input.h"
#include "http/list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SAVE_SUBMITTED = 1, SAVE_TIME_UP = 2 };

struct asked {
	int64_t id;
	enum assess_kind kind;
	const char *option_order; /* "12,15,13" in the request's arena; NULL for fill_blank */
};

struct saved {
	int64_t question_id;
	const char *answer; /* JSON in the request's arena, or NULL to clear */
};

struct answer_job {
	struct http_request *req;
	struct assess_attempt a;
	int64_t now, answered, total;
	struct asked *asked;
	size_t nasked;
	struct saved *items;
	size_t n;
	int result;
};

static int load_asked(struct http_request *req, struct db_conn *db, struct answer_job *job)
{
	struct db_stmt *st = db_prepare(db, "SELECT aq.question_id, q.kind, aq.option_order FROM attempt_questions aq "
					    "JOIN questions q ON q.id = aq.question_id WHERE aq.attempt_id = $1");
	if (!st || db_bind_int64(st, 1, job->a.id)) {
		db_finish(st);
		return DB_ERROR;
	}
	job->asked = arena_alloc(http_arena(req), ASSESS_QUESTIONS_MAX * sizeof *job->asked);
	int rc = job->asked ? DB_DONE : DB_ERROR;
	while (job->asked && (rc = db_step(st)) == DB_ROW && job->nasked < ASSESS_QUESTIONS_MAX) {
		struct asked *q = &job->asked[job->nasked++];
		q->id = db_column_int64(st, 0);
		if (assess_kind_parse(db_column_text(st, 1), &q->kind))
			q->kind = ASSESS_SINGLE;
		const char *order = db_column_text(st, 2);
		q->option_order = order ? arena_strdup(http_arena(req), order) : NULL;
		if (order && !q->option_order)
			rc = DB_ERROR;
	}
	db_finish(st);
	job->total = (int64_t)job->nasked;
	return rc < 0 ? rc : 0;
}

static const struct asked *find_asked(const struct answer_job *job, int64_t id)
{
	for (size_t i = 0; i < job->nasked; i++)
		if (job->asked[i].id == id)
			return &job->asked[i];
	return NULL;
}

/* True when id is one of the ids in order ("12,15,13"). */
static bool in_order(const char *order, int64_t id)
{
	const char *p = order;
	while (p && *p) {
		char *end;
		long long v = strtoll(p, &end, 10);
		if (end == p)
			return false;
		if (v == id)
			return true;
		p = *end == ',' ? end + 1 : end;
	}
	return false;
}

static const char *kind_words(enum assess_kind k)
{
	return k == ASSESS_SINGLE       ? "a single-choice question"
	       : k == ASSESS_TRUE_FALSE ? "a true/false question"
	       : k == ASSESS_MULTIPLE   ? "a multiple-choice question"
					: "a fill-in-the-blank question";
}

/* The options chosen for q, checked: the list of ids (empty clears the answer), or NULL with errors recorded. */
static json_t *read_options(json_t *ids, const struct asked *q, const char *label, json_t **errors)
{
	char field[96], msg[160];
	snprintf(field, sizeof field, "%s.option_ids", label);
	if (!json_is_array(ids)) {
		http_field_error(errors, field, "must be a list of option ids");
		return NULL;
	}
	size_t n = json_array_size(ids), i;
	if (q->kind != ASSESS_MULTIPLE && n > 1) {
		snprintf(msg, sizeof msg, "%s takes one option; %zu were given", kind_words(q->kind), n);
		http_field_error(errors, field, msg);
		return NULL;
	}
	json_t *v, *out = json_array();
	bool bad = false;
	json_array_foreach(ids, i, v)
	{
		snprintf(field, sizeof field, "%s.option_ids[%zu]", label, i);
		int64_t id = json_is_integer(v) ? json_integer_value(v) : 0;
		bool repeat = false;
		for (size_t k = 0; k < i; k++)
			repeat |= json_integer_value(json_array_get(ids, k)) == id;
		if (!in_order(q->option_order, id)) {
			snprintf(msg, sizeof msg, "is not an option of question %lld", (long long)q->id);
			http_field_error(errors, field, msg);
			bad = true;
		} else if (repeat) {
			http_field_error(errors, field, "is chosen twice");
			bad = true;
		} else {
			json_array_append_new(out, json_integer(id));
		}
	}
	if (bad) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* One answer of the batch into out; records errors under answers[i]. */
static void read_answer(struct http_request *req, struct answer_job *job, json_t *item, size_t i, struct saved *out,
			json_t **errors)
{
	char label[32], field[64], msg[160];
	snprintf(label, sizeof label, "answers[%zu]", i);
	if (!json_is_object(item)) {
		http_field_error(errors, label, "must be an object {question_id, option_ids} or {question_id, text}");
		return;
	}
	const char *key;
	json_t *v;
	json_object_foreach(item, key, v)
	{
		if (strcmp(key, "question_id") && strcmp(key, "option_ids") && strcmp(key, "text")) {
			snprintf(field, sizeof field, "%s.%.30s", label, key);
			http_field_error(errors, field, "is not a field of an answer");
		}
	}
	json_t *qid = json_object_get(item, "question_id"), *ids = json_object_get(item, "option_ids");
	json_t *text = json_object_get(item, "text");
	snprintf(field, sizeof field, "%s.question_id", label);
	const struct asked *q = json_is_integer(qid) ? find_asked(job, json_integer_value(qid)) : NULL;
	if (!json_is_integer(qid)) {
		http_field_error(errors, field, "is required: the id of a question of this attempt");
		return;
	}
	if (!q) {
		http_field_error(errors, field, "is not a question of this attempt");
		return;
	}
	out->question_id = q->id;
	bool choice = assess_kind_choice(q->kind);
	if ((choice && (text || !ids)) || (!choice && (ids || !text))) {
		snprintf(field, sizeof field, "%s.%s", label,
			 choice ? (text ? "text" : "option_ids") : (ids ? "option_ids" : "text"));
		snprintf(msg, sizeof msg, "question %lld is %s: answer it with %s", (long long)q->id,
			 kind_words(q->kind), choice ? "option_ids" : "text");
		http_field_error(errors, field, msg);
		return;
	}
	json_t *stored = NULL;
	if (choice) {
		json_t *list = read_options(ids, q, label, errors);
		if (list && json_array_size(list))
			stored = json_pack("{s:o}", "option_ids", list);
		else
			json_decref(list);
	} else {
		const char *s = NULL;
		snprintf(field, sizeof field, "%s.text", label);
		if (!json_is_string(text) && !json_is_null(text))
			http_field_error(errors, field, "must be a string (or null to clear the answer)");
		else if ((s = json_string_value(text)) &&
			 util_utf8_chars(s, json_string_length(text)) > ASSESS_ANSWER_CHARS)
			http_field_error(errors, field, "is longer than 500 characters");
		else if (s && memchr(s, 0, json_string_length(text)))
			http_field_error(errors, field, "holds a NUL character");
		else if (s && *s)
			stored = json_pack("{s:s}", "text", s);
	}
	if (stored) {
		char *dump = json_dumps(stored, JSON_COMPACT);
		out->answer = dump ? arena_strdup(http_arena(req), dump) : NULL;
		free(dump);
		json_decref(stored);
	}
}

/* Reads and checks the batch. Returns 0, or -1 with the reply set. */
static int read_batch(struct http_request *req, struct answer_job *job)
{
	json_t *body = http_body_json(req);
	if (!body)
		return -1;
	json_t *errors = NULL, *list = json_object_get(body, "answers");
	static const char *const FIELDS[] = {"answers", NULL};
	http_reject_unknown(body, FIELDS, "a batch of answers", &errors);
	size_t n = json_array_size(list);
	if (!json_is_array(list) || n < 1 || n > ASSESS_QUESTIONS_MAX) {
		http_field_error(&errors, "answers", "must be a list of 1 to 200 answers");
	} else if (!(job->items = arena_alloc(http_arena(req), n * sizeof *job->items))) {
		json_decref(body);
		json_decref(errors);
		http_reply_problem(req, 503, "busy", "The server is short of memory; try again shortly.");
		return -1;
	} else {
		memset(job->items, 0, n * sizeof *job->items);
		job->n = n;
		for (size_t i = 0; i < n; i++)
			read_answer(req, job, json_array_get(list, i), i, &job->items[i], &errors);
	}
	json_decref(body);
	if (errors) {
		http_reply_invalid(req, errors);
		return -1;
	}
	return 0;
}

/* The attempt's state inside the writer's transaction. The no-op update locks the attempt's row until the
 * commit (a plain read would not on PostgreSQL): a submission racing this write then scores it, or finds it
 * comes after and refuses it, never scoring a snapshot that misses an answer saved as "saved". */
static int attempt_state(struct db_conn *conn, const struct answer_job *job)
{
	struct db_stmt *st =
		db_prepare(conn, "UPDATE attempts SET status = status WHERE id = $1 RETURNING status, deadline_at");
	if (!st || db_bind_int64(st, 1, job->a.id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		int64_t deadline = db_column_int64(st, 1);
		rc = strcmp(db_column_text(st, 0), "in_progress") ? SAVE_SUBMITTED
		     : deadline && job->now >= deadline           ? SAVE_TIME_UP
								  : 0;
	} else {
		rc = rc < 0 ? rc : DB_ERROR;
	}
	db_finish(st);
	return rc;
}

/* Runs on the group-commit writer. */
static int write_answers(struct db_conn *conn, void *arg)
{
	struct answer_job *job = arg;
	int rc = attempt_state(conn, job);
	for (size_t i = 0; !rc && i < job->n; i++) {
		const struct saved *s = &job->items[i];
		struct db_stmt *st =
			db_prepare(conn, "UPDATE attempt_questions SET answer = $3, answered_at = $4 WHERE "
					 "attempt_id = $1 AND question_id = $2");
		if (!st || db_bind_int64(st, 1, job->a.id) || db_bind_int64(st, 2, s->question_id) ||
		    (s->answer ? db_bind_text(st, 3, s->answer) : db_bind_null(st, 3)) ||
		    (s->answer ? db_bind_int64(st, 4, job->now) : db_bind_null(st, 4))) {
			db_finish(st);
			return DB_ERROR;
		}
		rc = db_step(st);
		db_finish(st);
		rc = rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
	}
	if (rc)
		return rc;
	struct db_stmt *st = db_prepare(conn, "SELECT COUNT(answer) FROM attempt_questions WHERE attempt_id = $1");
	if (!st || db_bind_int64(st, 1, job->a.id)) {
		db_finish(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		job->answered = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static void written(void *arg, int result)
{
	struct answer_job *job = arg;
	job->result = result;
	http_resume(job->req);
}

static void reply_submitted(struct http_request *req)
{
	http_reply_problem(req, 409, "attempt_submitted",
			   "This attempt has been submitted: its answers can no longer "
			   "change.");
}

/* The deadline passed: the attempt is submitted as it stood (dated at the deadline) and the answer refused. */
static void reply_time_up(struct http_request *req, struct db_conn *db, struct assess_attempt *a, int64_t now)
{
	if (assess_attempt_overdue(db, a, now) < 0) {
		http_reply_db_error(req);
		return;
	}
	http_reply_problem(req, 409, "time_up",
			   "The time limit of this attempt has passed: it was submitted with the "
			   "answers saved before the deadline, and this answer was not saved.");
}

static void reply_written(struct http_request *req)
{
	struct answer_job *job = http_deferred_state(req);
	struct db_conn *db;
	if (job->result == SAVE_SUBMITTED) {
		reply_submitted(req);
	} else if (job->result == SAVE_TIME_UP) {
		if ((db = http_db(req)))
			reply_time_up(req, db, &job->a, util_now_ms());
	} else if (job->result) {
		http_reply_db_error(req);
	} else {
		int64_t remaining = assess_remaining_s(&job->a, util_now_ms());
		http_reply_json(req, 200,
				json_pack("{s:I, s:I, s:I, s:o}", "saved", (json_int_t)job->n, "answered",
					  (json_int_t)job->answered, "total", (json_int_t)job->total, "remaining_s",
					  remaining < 0 ? json_null() : json_integer(remaining)));
	}
}

void assess_answers_put(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct answer_job *job = arena_alloc(http_arena(req), sizeof *job);
	if (!db)
		return;
	if (!job) {
		http_reply_problem(req, 503, "busy", "The server is short of memory; try again shortly.");
		return;
	}
	memset(job, 0, sizeof *job);
	job->req = req;
	job->now = util_now_ms();
	int64_t id;
	if (http_param_id(req, "id", &id))
		return;
	int rc = assess_attempt_load(db, id, &job->a);
	if (rc <= 0 || job->a.official_id != http_user(req)->id) {
		rc < 0 ? http_reply_db_error(req) : http_reply_not_found(req, "attempt");
		return;
	}
	if (job->a.submitted) {
		reply_submitted(req);
		return;
	}
	if (job->a.deadline_at && job->now >= job->a.deadline_at) {
		reply_time_up(req, db, &job->a, job->now);
		return;
	}
	if (load_asked(req, db, job)) {
		http_reply_db_error(req);
		return;
	}
	if (read_batch(req, job))
		return;
	http_defer(req, reply_written, job);
	if (db_gc_submit(http_gc(req), write_answers, job, written)) {
		job->result = DB_ERROR;
		http_resume(req);
	}
}
