/* The review of a submitted attempt, when its assessment allows one: each question as it was asked (the
 * options in the attempt's order), the answer given, the correct options or accepted answers, the score and
 * the explanation. The only place that sends answers and explanations to a learner, and only after
 * submission. */
#include "assess/attempt.h"

#include "core/util.h"
#include "http/input.h"
#include "http/list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *key_of(int64_t id)
{
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)id);
	return json_string(key);
}

/* Runs sql ($1 the attempt) and files each row under its first column (an id) in map with make(st). */
static json_t *rows_by_id(struct db_conn *db, const char *sql, int64_t attempt_id, bool append,
			  json_t *(*make)(struct db_stmt *st))
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st || db_bind_int64(st, 1, attempt_id)) {
		db_finish(st);
		return NULL;
	}
	json_t *map = json_object();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *k = key_of(db_column_int64(st, 0));
		const char *key = json_string_value(k);
		if (append) {
			json_t *list = json_object_get(map, key);
			if (!list) {
				list = json_array();
				json_object_set_new(map, key, list);
			}
			json_array_append_new(list, make(st));
		} else {
			json_object_set_new(map, key, make(st));
		}
		json_decref(k);
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(map);
		return NULL;
	}
	return map;
}

static json_t *option_row(struct db_stmt *st)
{
	return json_pack("{s:I, s:s, s:o, s:b}", "id", (json_int_t)db_column_int64(st, 0), "text",
			 db_column_text(st, 1), "text_hi", assess_text_json(db_column_text(st, 2)), "correct",
			 db_column_int64(st, 3) != 0);
}

static json_t *accepted_row(struct db_stmt *st)
{
	return json_string(db_column_text(st, 1));
}

static bool chose(json_t *answer, int64_t id)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(answer, "option_ids"), i, v)
	{
		if (json_integer_value(v) == id)
			return true;
	}
	return false;
}

/* The options of a question in the attempt's order, each with correct and chosen. */
static json_t *review_options(json_t *options, const char *order, json_t *answer)
{
	json_t *list = json_array();
	const char *p = order;
	while (p && *p) {
		char *end;
		long long id = strtoll(p, &end, 10);
		if (end == p)
			break;
		json_t *k = key_of(id), *o = json_object_get(options, json_string_value(k));
		json_decref(k);
		if (o) {
			json_t *copy = json_copy(o);
			json_object_set_new(copy, "chosen", json_boolean(chose(answer, id)));
			json_array_append_new(list, copy);
		}
		p = *end == ',' ? end + 1 : end;
	}
	return list;
}

static json_t *review_question(struct db_stmt *st, json_t *options, json_t *accepted)
{
	const char *stored = db_column_text(st, 8);
	json_t *answer = stored ? json_loads(stored, 0, NULL) : NULL;
	int64_t points = db_column_int64(st, 5), score = db_column_int64(st, 6);
	json_t *k = key_of(db_column_int64(st, 0));
	json_t *acc = json_object_get(accepted, json_string_value(k));
	json_decref(k);
	json_t *q = json_pack("{s:I, s:I, s:s, s:s, s:o, s:I, s:f, s:b}", "id", (json_int_t)db_column_int64(st, 0),
			      "seq", (json_int_t)db_column_int64(st, 1), "kind", db_column_text(st, 2), "text",
			      db_column_text(st, 3), "text_hi", assess_text_json(db_column_text(st, 4)), "points",
			      (json_int_t)points, "score", (double)score / 100.0, "correct", score == points * 100);
	json_object_set_new(q, "options", review_options(options, db_column_text(st, 7), answer));
	if (!strcmp(db_column_text(st, 2), "fill_blank"))
		json_object_set_new(q, "accepted_answers", acc ? json_copy(acc) : json_array());
	json_object_set_new(q, "answer", answer ? answer : json_null());
	json_object_set_new(q, "explanation", assess_text_json(db_column_text(st, 9)));
	json_object_set_new(q, "explanation_hi", assess_text_json(db_column_text(st, 10)));
	return q;
}

static json_t *review_questions(struct db_conn *db, int64_t attempt_id)
{
	json_t *options = rows_by_id(db,
				     "SELECT o.id, o.text_en, o.text_hi, o.correct FROM attempt_questions aq JOIN "
				     "question_options o ON o.question_id = aq.question_id WHERE aq.attempt_id = $1",
				     attempt_id, false, option_row);
	json_t *accepted = rows_by_id(db,
				      "SELECT a.question_id, a.answer FROM attempt_questions aq JOIN "
				      "question_answers a ON a.question_id = aq.question_id WHERE aq.attempt_id = $1 "
				      "ORDER BY a.question_id, a.seq",
				      attempt_id, true, accepted_row);
	json_t *list = NULL;
	struct db_stmt *st = NULL;
	if (!options || !accepted)
		goto out;
	st = db_prepare(db,
			"SELECT aq.question_id, aq.seq, q.kind, q.text_en, q.text_hi, aq.points, "
			"COALESCE(aq.score_x100, 0), aq.option_order, aq.answer, q.explanation_en, q.explanation_hi "
			"FROM attempt_questions aq JOIN questions q ON q.id = aq.question_id WHERE aq.attempt_id = $1 "
			"ORDER BY aq.seq");
	if (!st || db_bind_int64(st, 1, attempt_id))
		goto out;
	list = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(list, review_question(st, options, accepted));
	if (rc < 0) {
		json_decref(list);
		list = NULL;
	}
out:
	db_finish(st);
	json_decref(options);
	json_decref(accepted);
	return list;
}

void assess_review_get(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct assess_attempt a;
	int64_t now = util_now_ms();
	if (!db || !assess_attempt_mine(req, db, now, &a))
		return;
	if (!a.submitted) {
		http_reply_problem(req, 409, "not_submitted", "The review opens once the attempt is submitted.");
		return;
	}
	struct assess_settings s;
	int rc = assess_settings_load(db, a.version_id, &s);
	if (rc != 1) {
		http_reply_db_error(req);
		return;
	}
	if (!s.allow_review) {
		http_reply_problem(req, 403, "review_not_allowed",
				   "This assessment does not show its answers after "
				   "submission: your score is in the result.");
		return;
	}
	json_t *out = assess_attempt_json(db, &a, false, now);
	json_t *questions = out ? review_questions(db, a.id) : NULL;
	if (!questions) {
		json_decref(out);
		http_reply_db_error(req);
		return;
	}
	json_object_set_new(out, "questions", questions);
	http_reply_json(req, 200, out);
}
