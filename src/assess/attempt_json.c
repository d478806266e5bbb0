/* The ATTEMPT object as its owner sees it: the questions in this attempt's order with their options in this
 * attempt's order and the answers saved so far, the time left, and the result once submitted. Nothing here
 * ever reads a correct flag, an accepted answer or an explanation: those go out only in the review
 * (review.c), so no change to this file can leak them before submission. */
#include "assess/attempt.h"

#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *assess_moment_json(int64_t ms)
{
	if (!ms)
		return json_null();
	char t[32];
	util_iso8601(ms, t);
	return json_string(t);
}

json_t *assess_text_json(const char *s)
{
	return s ? json_string(s) : json_null();
}

int64_t assess_remaining_s(const struct assess_attempt *a, int64_t now)
{
	if (a->submitted || !a->deadline_at)
		return -1;
	return a->deadline_at > now ? (a->deadline_at - now) / 1000 : 0;
}

/* Every option of the attempt's questions, by id (as text): {id, text, text_hi}. NULL on a database error. */
static json_t *options_by_id(struct db_conn *conn, int64_t attempt_id)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT o.id, o.text_en, o.text_hi FROM attempt_questions aq JOIN "
				 "question_options o ON o.question_id = aq.question_id WHERE aq.attempt_id = $1");
	if (!st || db_bind_int64(st, 1, attempt_id)) {
		db_finish(st);
		return NULL;
	}
	json_t *map = json_object();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)db_column_int64(st, 0));
		json_object_set_new(map, key,
				    json_pack("{s:I, s:s, s:o}", "id", (json_int_t)db_column_int64(st, 0), "text",
					      db_column_text(st, 1), "text_hi",
					      assess_text_json(db_column_text(st, 2))));
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(map);
		return NULL;
	}
	return map;
}

/* The options named in order ("12,15,13"), in that order. */
static json_t *ordered_options(json_t *map, const char *order)
{
	json_t *list = json_array();
	const char *p = order;
	while (p && *p) {
		char *end;
		long long id = strtoll(p, &end, 10);
		if (end == p)
			break;
		char key[24];
		snprintf(key, sizeof key, "%lld", id);
		json_t *o = json_object_get(map, key);
		if (o)
			json_array_append(list, o);
		p = *end == ',' ? end + 1 : end;
	}
	return list;
}

static json_t *answer_json(const char *stored)
{
	json_t *v = stored ? json_loads(stored, 0, NULL) : NULL;
	return v ? v : json_null();
}

/* The questions of attempt_id, counting the answered ones. NULL on a database error. */
static json_t *questions_json(struct db_conn *conn, int64_t attempt_id, int64_t *answered)
{
	json_t *map = options_by_id(conn, attempt_id);
	if (!map)
		return NULL;
	struct db_stmt *st =
		db_prepare(conn, "SELECT aq.question_id, aq.seq, q.kind, q.text_en, q.text_hi, aq.points, "
				 "aq.option_order, aq.answer FROM attempt_questions aq JOIN questions q ON "
				 "q.id = aq.question_id WHERE aq.attempt_id = $1 ORDER BY aq.seq");
	if (!st || db_bind_int64(st, 1, attempt_id)) {
		db_finish(st);
		json_decref(map);
		return NULL;
	}
	json_t *list = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *answer = db_column_text(st, 7);
		*answered += answer != NULL;
		json_t *q =
			json_pack("{s:I, s:I, s:s, s:s, s:o, s:I, s:o, s:o}", "id", (json_int_t)db_column_int64(st, 0),
				  "seq", (json_int_t)db_column_int64(st, 1), "kind", db_column_text(st, 2), "text",
				  db_column_text(st, 3), "text_hi", assess_text_json(db_column_text(st, 4)), "points",
				  (json_int_t)db_column_int64(st, 5), "options",
				  ordered_options(map, db_column_text(st, 6)), "answer", answer_json(answer));
		json_array_append_new(list, q);
	}
	db_finish(st);
	json_decref(map);
	if (rc < 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

static int count_answers(struct db_conn *conn, int64_t attempt_id, int64_t *answered, int64_t *total)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT COUNT(*), COUNT(answer) FROM attempt_questions WHERE attempt_id = $1");
	if (!st || db_bind_int64(st, 1, attempt_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*total = db_column_int64(st, 0);
		*answered = db_column_int64(st, 1);
	}
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* What the attempt is of: the version's number and title, and its settings. */
static int version_facts(struct db_conn *conn, const struct assess_attempt *a, int64_t *number, char **title,
			 char **title_hi)
{
	struct db_stmt *st = db_prepare(conn, "SELECT version, title_en, title_hi FROM content_versions WHERE id = $1");
	if (!st || db_bind_int64(st, 1, a->version_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*number = db_column_int64(st, 0);
		*title = strdup(db_column_text(st, 1));
		*title_hi = db_column_text(st, 2) ? strdup(db_column_text(st, 2)) : NULL;
	}
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int64_t one_int(struct db_conn *conn, const char *sql, int64_t a, int64_t b, bool *found)
{
	struct db_stmt *st = db_prepare(conn, sql);
	if (!st || db_bind_int64(st, 1, a) || (b && db_bind_int64(st, 2, b))) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	int64_t v = rc == DB_ROW ? db_column_int64(st, 0) : rc < 0 ? rc : 0;
	*found = rc == DB_ROW;
	db_finish(st);
	return v;
}

/* Attempts left under the limit that applies now: the published version's, else the attempt's own
 * version's. JSON null when there is no limit. */
static int attempts_left(struct db_conn *conn, const struct assess_attempt *a, const struct assess_settings *s,
			 json_t **out)
{
	bool found;
	int64_t max = one_int(conn,
			      "SELECT COALESCE(s.max_attempts, 0) FROM contents c JOIN assessment_settings s ON "
			      "s.version_id = c.published_version_id WHERE c.id = $1",
			      a->content_id, 0, &found);
	if (max < 0)
		return (int)max;
	if (!found)
		max = s->max_attempts;
	int64_t used = one_int(conn, "SELECT COUNT(*) FROM attempts WHERE content_id = $1 AND official_id = $2",
			       a->content_id, a->official_id, &found);
	if (used < 0)
		return (int)used;
	*out = max ? json_integer(max > used ? max - used : 0) : json_null();
	return 0;
}

static json_t *result_json(struct db_conn *conn, const struct assess_attempt *a, const struct assess_settings *s)
{
	json_t *left = NULL;
	if (attempts_left(conn, a, s, &left))
		return NULL;
	return json_pack("{s:f, s:I, s:I, s:b, s:b, s:o, s:o, s:b}", "score", (double)a->score_x100 / 100.0,
			 "max_score", (json_int_t)a->max_score, "percent", (json_int_t)a->percent, "passed", a->passed,
			 "auto_submitted", a->auto_submitted, "submitted_at", assess_moment_json(a->submitted_at),
			 "attempts_left", left, "review_allowed", s->allow_review);
}

json_t *assess_attempt_json(struct db_conn *conn, const struct assess_attempt *a, bool with_questions, int64_t now)
{
	struct assess_settings s;
	int64_t version = 0, answered = 0, total = 0;
	char *title = NULL, *title_hi = NULL;
	json_t *out = NULL, *questions = NULL, *result = json_null();
	if (assess_settings_load(conn, a->version_id, &s) != 1 || version_facts(conn, a, &version, &title, &title_hi))
		goto out;
	if (with_questions) {
		if (!(questions = questions_json(conn, a->id, &answered)))
			goto out;
		total = (int64_t)json_array_size(questions);
	} else if (count_answers(conn, a->id, &answered, &total)) {
		goto out;
	}
	if (a->submitted && !(result = result_json(conn, a, &s)))
		goto out;
	int64_t remaining = assess_remaining_s(a, now);
	out = json_pack("{s:I, s:I, s:I, s:s, s:o, s:s, s:I, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)a->id,
			"content_id", (json_int_t)a->content_id, "version", (json_int_t)version, "title", title,
			"title_hi", assess_text_json(title_hi), "purpose", s.purpose, "number", (json_int_t)a->number,
			"status", a->submitted ? "submitted" : "in_progress", "started_at",
			assess_moment_json(a->started_at), "deadline_at", assess_moment_json(a->deadline_at), "remaining_s",
			remaining < 0 ? json_null() : json_integer(remaining), "time_limit_minutes",
			s.time_limit_s ? json_integer(s.time_limit_s / 60) : json_null());
	if (questions)
		json_object_set(out, "questions", questions);
	json_object_set_new(out, "answered", json_integer(answered));
	json_object_set_new(out, "total", json_integer(total));
	json_object_set(out, "result", result);
out:
	json_decref(questions);
	json_decref(result);
	free(title);
	free(title_hi);
	return out;
}
