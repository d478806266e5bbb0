/* One attempt as the engine sees it: loading it, and finishing it: every question scored by the rules of
 * scoring.c, the attempt's score, percent and pass, then what a finished attempt means elsewhere: learn
 * completes the quizzes naming the assessment (and the course when that was all it lacked), and a passed
 * proficiency assessment enters its competency in the passport. */
#include "assess/attempt.h"

#include "assess/scoring.h"
#include "frac/frac.h"
#include "learn/learn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPTIONS_MAX (ASSESS_QUESTIONS_MAX * 10)
#define ACCEPTED_MAX (ASSESS_QUESTIONS_MAX * 20)

int assess_attempt_load(struct db_conn *conn, int64_t id, struct assess_attempt *out)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT content_id, version_id, official_id, number, status, started_at, "
				 "deadline_at, submitted_at, auto_submitted, score_x100, max_score, percent, "
				 "passed FROM attempts WHERE id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->id = id;
		out->content_id = db_column_int64(st, 0);
		out->version_id = db_column_int64(st, 1);
		out->official_id = db_column_int64(st, 2);
		out->number = db_column_int64(st, 3);
		out->submitted = !strcmp(db_column_text(st, 4), "submitted");
		out->started_at = db_column_int64(st, 5);
		out->deadline_at = db_column_int64(st, 6);
		out->submitted_at = db_column_int64(st, 7);
		out->auto_submitted = db_column_int64(st, 8) != 0;
		out->score_x100 = db_column_int64(st, 9);
		out->max_score = db_column_int64(st, 10);
		out->percent = db_column_int64(st, 11);
		out->passed = db_column_int64(st, 12) != 0;
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

/* A question of the attempt being scored, with its options (a slice of the attempt's) or accepted answers. */
struct scored {
	int64_t id, points, score_x100;
	enum assess_kind kind;
	char *answer;    /* the stored JSON, or NULL */
	size_t first, n; /* its options or accepted answers: a slice of the arrays below */
};

struct scoring {
	struct scored q[ASSESS_QUESTIONS_MAX];
	size_t nq;
	int64_t option_q[OPTIONS_MAX]; /* which question each option belongs to */
	struct assess_option options[OPTIONS_MAX];
	size_t noptions;
	int64_t accepted_q[ACCEPTED_MAX];
	char *accepted[ACCEPTED_MAX];
	size_t naccepted;
};

static void scoring_free(struct scoring *s)
{
	for (size_t i = 0; s && i < s->nq; i++)
		free(s->q[i].answer);
	for (size_t i = 0; s && i < s->naccepted; i++)
		free(s->accepted[i]);
	free(s);
}

static int load_questions(struct db_conn *conn, int64_t attempt_id, struct scoring *s)
{
	struct db_stmt *st = db_prepare(conn, "SELECT aq.question_id, q.kind, aq.points, aq.answer FROM "
					      "attempt_questions aq JOIN questions q ON q.id = aq.question_id WHERE "
					      "aq.attempt_id = $1 ORDER BY aq.question_id");
	if (!st || db_bind_int64(st, 1, attempt_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW && s->nq < ASSESS_QUESTIONS_MAX) {
		struct scored *q = &s->q[s->nq++];
		memset(q, 0, sizeof *q);
		q->id = db_column_int64(st, 0);
		if (assess_kind_parse(db_column_text(st, 1), &q->kind))
			q->kind = ASSESS_SINGLE;
		q->points = db_column_int64(st, 2);
		q->answer = db_column_text(st, 3) ? strdup(db_column_text(st, 3)) : NULL;
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* The options (id, correct) and the normalised accepted answers of the attempt's questions, ordered by
 * question so each question's share is one slice. */
static int load_keys(struct db_conn *conn, int64_t attempt_id, struct scoring *s)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT o.question_id, o.id, o.correct FROM attempt_questions aq JOIN "
				 "question_options o ON o.question_id = aq.question_id WHERE aq.attempt_id = "
				 "$1 ORDER BY o.question_id, o.id");
	if (!st || db_bind_int64(st, 1, attempt_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW && s->noptions < OPTIONS_MAX) {
		s->option_q[s->noptions] = db_column_int64(st, 0);
		s->options[s->noptions].id = db_column_int64(st, 1);
		s->options[s->noptions].correct = db_column_int64(st, 2) != 0;
		s->noptions++;
	}
	db_finish(st);
	if (rc < 0)
		return rc;
	st = db_prepare(conn, "SELECT a.question_id, a.normalised FROM attempt_questions aq JOIN question_answers a ON "
			      "a.question_id = aq.question_id WHERE aq.attempt_id = $1 ORDER BY a.question_id, a.seq");
	if (!st || db_bind_int64(st, 1, attempt_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	while ((rc = db_step(st)) == DB_ROW && s->naccepted < ACCEPTED_MAX) {
		s->accepted_q[s->naccepted] = db_column_int64(st, 0);
		s->accepted[s->naccepted] = strdup(db_column_text(st, 1));
		s->naccepted++;
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* The chosen option ids of a stored answer {"option_ids": [...]}; returns how many (at most max). */
static size_t chosen_ids(json_t *answer, int64_t *out, size_t max)
{
	json_t *ids = json_object_get(answer, "option_ids"), *v;
	size_t i, n = 0;
	json_array_foreach(ids, i, v)
	{
		if (n < max && json_is_integer(v))
			out[n++] = json_integer_value(v);
	}
	return n;
}

static int64_t score_fill(const struct scoring *s, const struct scored *q, json_t *answer)
{
	const char *text = json_string_value(json_object_get(answer, "text"));
	if (!text)
		return 0;
	struct buf norm;
	buf_init(&norm, 4 * ASSESS_ANSWER_CHARS + 64);
	int64_t score = 0;
	if (!assess_normalise(text, strlen(text), &norm) && norm.data) {
		size_t first = 0;
		while (first < s->naccepted && s->accepted_q[first] != q->id)
			first++;
		size_t n = 0;
		while (first + n < s->naccepted && s->accepted_q[first + n] == q->id)
			n++;
		score = assess_score_fill(q->points, norm.data, (const char *const *)&s->accepted[first], n);
	}
	buf_free(&norm);
	return score;
}

static int64_t score_one(const struct scoring *s, const struct scored *q)
{
	json_t *answer = q->answer ? json_loads(q->answer, 0, NULL) : NULL;
	int64_t score = 0;
	if (!answer)
		return 0;
	if (q->kind == ASSESS_FILL_BLANK) {
		score = score_fill(s, q, answer);
	} else {
		size_t first = 0, n = 0;
		while (first < s->noptions && s->option_q[first] != q->id)
			first++;
		while (first + n < s->noptions && s->option_q[first + n] == q->id)
			n++;
		int64_t chosen[10];
		size_t nchosen = chosen_ids(answer, chosen, 10);
		score = assess_score_choice(q->kind, q->points, &s->options[first], n, chosen, nchosen);
	}
	json_decref(answer);
	return score;
}

static int exec_ids(struct db_conn *conn, const char *sql, int64_t a, int64_t b, int64_t c)
{
	struct db_stmt *st = db_prepare(conn, sql);
	int rc = !st || db_bind_int64(st, 1, a) || db_bind_int64(st, 2, b) || db_bind_int64(st, 3, c) ? DB_ERROR
												      : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Scores every question of a and writes each score; sets *total. */
static int score_questions(struct db_conn *conn, const struct assess_attempt *a, int64_t *total)
{
	struct scoring *s = calloc(1, sizeof *s);
	if (!s)
		return DB_ERROR;
	int rc = load_questions(conn, a->id, s);
	if (!rc)
		rc = load_keys(conn, a->id, s);
	*total = 0;
	for (size_t i = 0; !rc && i < s->nq; i++) {
		s->q[i].score_x100 = score_one(s, &s->q[i]);
		*total += s->q[i].score_x100;
		rc = exec_ids(conn,
			      "UPDATE attempt_questions SET score_x100 = $3 WHERE attempt_id = $1 AND question_id = $2",
			      a->id, s->q[i].id, s->q[i].score_x100);
	}
	scoring_free(s);
	return rc;
}

/* The assessment's code and the version's title, for learn and the passport's evidence line. */
static int content_names(struct db_conn *conn, const struct assess_attempt *a, char code[64], char title[200])
{
	struct db_stmt *st = db_prepare(conn, "SELECT c.code, v.title_en FROM contents c JOIN content_versions v ON "
					      "v.content_id = c.id WHERE c.id = $1 AND v.id = $2");
	if (!st || db_bind_int64(st, 1, a->content_id) || db_bind_int64(st, 2, a->version_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		snprintf(code, 64, "%s", db_column_text(st, 0));
		snprintf(title, 200, "%s", db_column_text(st, 1));
	}
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* What a finished attempt means to learn and to the passport. */
static int tell_others(struct db_conn *conn, const struct assess_attempt *a, const struct assess_settings *s)
{
	bool counts = a->passed || !strcmp(s->purpose, "practice") || !strcmp(s->purpose, "pre_test") ||
		      !strcmp(s->purpose, "post_test");
	bool grant = a->passed && !strcmp(s->purpose, "proficiency") && s->grant_competency_id;
	if (!counts && !grant)
		return 0;
	char code[64], title[200];
	int rc = content_names(conn, a, code, title);
	if (!rc && counts)
		rc = learn_assessment_done(conn, a->official_id, a->content_id, code, a->passed, a->submitted_at);
	if (!rc && grant) {
		char evidence[240], ref[40];
		snprintf(evidence, sizeof evidence, "Passed: %s", title);
		snprintf(ref, sizeof ref, "attempt:%lld", (long long)a->id);
		/* 1: the competency was retired since the settings were made; the pass still stands. */
		rc = frac_passport_award(conn, a->official_id, s->grant_competency_id, (int)s->grant_level,
					 "assessment", evidence, ref, NULL);
		if (rc > 0)
			rc = 0;
	}
	return rc;
}

int assess_attempt_finish(struct db_conn *conn, struct assess_attempt *a, int64_t now, bool automatic)
{
	int64_t at = automatic && a->deadline_at && a->deadline_at < now ? a->deadline_at : now;
	/* Claimed first: of two finishes racing, only the one whose update changes the row goes on. */
	int rc = exec_ids(conn,
			  "UPDATE attempts SET status = 'submitted', submitted_at = $2, auto_submitted = $3 WHERE "
			  "id = $1 AND status = 'in_progress'",
			  a->id, at, automatic);
	if (rc)
		return rc;
	if (db_changes(conn) == 0)
		return 1;
	struct assess_settings s;
	rc = assess_settings_load(conn, a->version_id, &s);
	if (rc != 1)
		return rc < 0 ? rc : DB_ERROR;
	int64_t total = 0, percent = 0;
	bool passed = false;
	if ((rc = score_questions(conn, a, &total)))
		return rc;
	assess_score_total(total, a->max_score, s.pass_percent, &percent, &passed);
	struct db_stmt *st =
		db_prepare(conn, "UPDATE attempts SET score_x100 = $2, percent = $3, passed = $4 WHERE id = $1");
	rc = !st || db_bind_int64(st, 1, a->id) || db_bind_int64(st, 2, total) || db_bind_int64(st, 3, percent) ||
			     db_bind_int64(st, 4, passed)
		     ? DB_ERROR
		     : db_step(st);
	db_finish(st);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERROR;
	a->submitted = true;
	a->submitted_at = at;
	a->auto_submitted = automatic;
	a->score_x100 = total;
	a->percent = percent;
	a->passed = passed;
	return tell_others(conn, a, &s);
}
