/* Drawing a new attempt: for each draw in order, its count of questions picked at random (libsodium's
 * uniform generator, a partial Fisher-Yates shuffle) from the bank's active questions that match, never one
 * question twice; the questions shuffled when the settings say so, and each question's options shuffled
 * (true/false keeps True before False) with their order stored, so the attempt looks the same on every
 * reload and its review shows it as it was asked. */
#include "assess/attempt.h"

#include "assess/scoring.h"
#include "core/buf.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct drawn {
	int64_t id, points;
	enum assess_kind kind;
};

struct draw_row {
	int64_t bank_id, competency_id, level, count;
};

static void shuffle_drawn(struct drawn *d, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = randombytes_uniform((uint32_t)i);
		struct drawn t = d[i - 1];
		d[i - 1] = d[j];
		d[j] = t;
	}
}

static void shuffle_ids(int64_t *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = randombytes_uniform((uint32_t)i);
		int64_t t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

static int by_id(const void *a, const void *b)
{
	int64_t x = ((const struct drawn *)a)->id, y = ((const struct drawn *)b)->id;
	return x < y ? -1 : x > y;
}

static bool taken(const struct drawn *d, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (d[i].id == id)
			return true;
	return false;
}

static int load_draws(struct db_conn *conn, int64_t version_id, struct draw_row *out, size_t *n)
{
	struct db_stmt *st = db_prepare(conn, "SELECT bank_id, COALESCE(competency_id, 0), COALESCE(level, 0), count "
					      "FROM assessment_draws WHERE version_id = $1 ORDER BY seq");
	if (!st || db_bind_int64(st, 1, version_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW && *n < ASSESS_DRAWS_MAX) {
		out[*n] = (struct draw_row){db_column_int64(st, 0), db_column_int64(st, 1), db_column_int64(st, 2),
					    db_column_int64(st, 3)};
		(*n)++;
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* Adds up to d->count questions of the draw to picked (not already there), chosen at random. */
static int draw_one(struct db_conn *conn, const struct draw_row *d, struct drawn *picked, size_t *npicked)
{
	struct db_stmt *st = db_prepare(conn, "SELECT id, points, kind FROM questions WHERE bank_id = $1 AND status = "
					      "'active' AND (competency_id = $2 OR $2 = 0) AND (level = $3 OR $3 = 0) "
					      "ORDER BY id");
	if (!st || db_bind_int64(st, 1, d->bank_id) || db_bind_int64(st, 2, d->competency_id) ||
	    db_bind_int64(st, 3, d->level)) {
		db_finish(st);
		return DB_ERROR;
	}
	struct drawn *pool = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_column_int64(st, 0);
		if (taken(picked, *npicked, id))
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct drawn *p = realloc(pool, ncap * sizeof *p);
			if (!p) {
				rc = DB_ERROR;
				break;
			}
			pool = p;
			cap = ncap;
		}
		pool[n].id = id;
		pool[n].points = db_column_int64(st, 1);
		if (assess_kind_parse(db_column_text(st, 2), &pool[n].kind))
			pool[n].kind = ASSESS_SINGLE;
		n++;
	}
	db_finish(st);
	if (rc < 0) {
		free(pool);
		return rc;
	}
	/* Partial Fisher-Yates: the first k places of the pool become a uniform pick of k without repeats. */
	size_t k = (size_t)d->count < n ? (size_t)d->count : n;
	for (size_t i = 0; i < k && *npicked < ASSESS_QUESTIONS_MAX; i++) {
		size_t j = i + randombytes_uniform((uint32_t)(n - i));
		struct drawn t = pool[i];
		pool[i] = pool[j];
		pool[j] = t;
		picked[(*npicked)++] = pool[i];
	}
	free(pool);
	return 0;
}

/* The option order of question q as text ("12,15,13"), shuffled when shuffle is set and q is not true/false. */
static int option_order(struct db_conn *conn, const struct drawn *q, bool shuffle, struct buf *out)
{
	buf_reset(out);
	if (!assess_kind_choice(q->kind))
		return 0;
	struct db_stmt *st = db_prepare(conn, "SELECT id FROM question_options WHERE question_id = $1 ORDER BY seq");
	if (!st || db_bind_int64(st, 1, q->id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int64_t ids[16];
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && n < 16)
		ids[n++] = db_column_int64(st, 0);
	db_finish(st);
	if (rc < 0)
		return rc;
	if (shuffle && q->kind != ASSESS_TRUE_FALSE)
		shuffle_ids(ids, n);
	for (size_t i = 0; i < n; i++)
		if (buf_printf(out, "%s%lld", i ? "," : "", (long long)ids[i]))
			return DB_ERROR;
	return 0;
}

static int insert_attempt(struct db_conn *conn, int64_t content_id, const struct assess_settings *s,
			  int64_t official_id, int64_t number, int64_t now, int64_t max_score, struct assess_attempt *a)
{
	memset(a, 0, sizeof *a);
	a->content_id = content_id;
	a->version_id = s->version_id;
	a->official_id = official_id;
	a->number = number;
	a->started_at = now;
	a->deadline_at = s->time_limit_s ? now + s->time_limit_s * 1000 : 0;
	a->max_score = max_score;
	struct db_stmt *st =
		db_prepare(conn, "INSERT INTO attempts (content_id, version_id, official_id, number, status, "
				 "started_at, deadline_at, max_score) VALUES ($1, $2, $3, $4, 'in_progress', "
				 "$5, $6, $7) RETURNING id");
	if (!st || db_bind_int64(st, 1, content_id) || db_bind_int64(st, 2, s->version_id) ||
	    db_bind_int64(st, 3, official_id) || db_bind_int64(st, 4, number) || db_bind_int64(st, 5, now) ||
	    (a->deadline_at ? db_bind_int64(st, 6, a->deadline_at) : db_bind_null(st, 6)) ||
	    db_bind_int64(st, 7, max_score)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		a->id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int insert_questions(struct db_conn *conn, const struct assess_attempt *a, const struct drawn *q, size_t n,
			    bool shuffle_options)
{
	struct buf order;
	buf_init(&order, 1024);
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		rc = option_order(conn, &q[i], shuffle_options, &order);
		if (rc)
			break;
		struct db_stmt *st = db_prepare(conn, "INSERT INTO attempt_questions (attempt_id, question_id, seq, "
						      "option_order, points) VALUES ($1, $2, $3, $4, $5)");
		if (!st || db_bind_int64(st, 1, a->id) || db_bind_int64(st, 2, q[i].id) ||
		    db_bind_int64(st, 3, (int64_t)i + 1) ||
		    (order.len ? db_bind_text(st, 4, order.data) : db_bind_null(st, 4)) ||
		    db_bind_int64(st, 5, q[i].points)) {
			db_finish(st);
			rc = DB_ERROR;
			break;
		}
		rc = db_step(st);
		db_finish(st);
		rc = rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
	}
	buf_free(&order);
	return rc;
}

int assess_attempt_draw(struct db_conn *conn, int64_t content_id, const struct assess_settings *s, int64_t official_id,
			int64_t number, int64_t now, struct assess_attempt *out)
{
	struct draw_row draws[ASSESS_DRAWS_MAX];
	size_t ndraws = 0, n = 0;
	struct drawn *picked = malloc(ASSESS_QUESTIONS_MAX * sizeof *picked);
	if (!picked)
		return DB_ERROR;
	int rc = load_draws(conn, s->version_id, draws, &ndraws);
	for (size_t i = 0; !rc && i < ndraws; i++) {
		size_t start = n;
		rc = draw_one(conn, &draws[i], picked, &n);
		/* Unshuffled, each draw's questions keep the bank's order. */
		if (!rc && !s->shuffle_questions)
			qsort(picked + start, n - start, sizeof *picked, by_id);
	}
	if (!rc && n == 0)
		rc = 1;
	if (rc)
		goto out;
	if (s->shuffle_questions)
		shuffle_drawn(picked, n);
	int64_t max_score = 0;
	for (size_t i = 0; i < n; i++)
		max_score += picked[i].points;
	rc = insert_attempt(conn, content_id, s, official_id, number, now, max_score, out);
	if (!rc)
		rc = insert_questions(conn, out, picked, n, s->shuffle_options);
out:
	free(picked);
	return rc;
}
