/* Bench data (karmayogi bench-seed assess): a bank of 20 questions of the four kinds and published assessments
 * drawing all of them (no time limit, no limit on attempts), with an open attempt for each bench login in each:
 * the first assessment's attempts take the "save an answer" row's writes, the others' are submitted one by one
 * by the "submit" row, answered already so that scoring has work to do. Each submit needs an attempt of its
 * own, so there are enough of them for SUBMIT_ATTEMPTS submits (several assessments, one open attempt per
 * login in each: a login never holds two open attempts at one assessment, as the engine keeps it).
 *
 * Set-based: the logins and the drawn questions go into temporary tables, and each assessment's attempts and
 * their questions are two INSERT ... SELECT statements. */
#include "assess/assess.h"

#include "catalog/catalog.h"
#include "core/util.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUESTIONS 20
#define SUBMIT_ATTEMPTS 20000 /* over 30 s of submits at the rate measured here (about 600 a second) */
#define ROUNDS_MAX 100        /* assessments for the submit row, at most */
#define DAY_MS (24LL * 3600 * 1000)

/* The bench's questions: what kind, how many options (the first `correct` of them correct), and for a blank
 * its accepted answer. */
struct bench_question {
	const char *kind;
	int options, correct;
};

static const struct bench_question KINDS[QUESTIONS] = {
	{"single", 4, 1}, {"multiple", 4, 2}, {"true_false", 2, 1}, {"fill_blank", 0, 0}, {"single", 4, 1},
	{"single", 4, 1}, {"multiple", 4, 2}, {"true_false", 2, 1}, {"single", 4, 1},     {"fill_blank", 0, 0},
	{"single", 4, 1}, {"multiple", 4, 2}, {"true_false", 2, 1}, {"single", 4, 1},     {"fill_blank", 0, 0},
	{"single", 4, 1}, {"multiple", 4, 2}, {"single", 4, 1},     {"single", 4, 1},     {"single", 4, 1},
};

struct bench {
	struct db_conn *db;
	FILE *plan;
	int64_t now, provider, author, bank;
	char run[8]; /* "0001": this run's number, in its codes */
	int64_t question[QUESTIONS], option[QUESTIONS][4];
	int64_t *officials;
	char **emails;
	size_t logins, rounds;
	int64_t (*assessments)[2]; /* content and version id; [0] takes answers, the others submits */
};

static int step_done(struct db_stmt *st, int failed)
{
	int rc = failed ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int returning(struct db_stmt *st, int failed, int64_t *id)
{
	int rc = failed ? DB_ERROR : db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int64_t id_of(struct db_conn *db, const char *sql, const char *key)
{
	struct db_stmt *st = db_prepare(db, sql);
	int rc = !st || db_bind_text(st, 1, key) ? DB_ERROR : db_step(st);
	int64_t id = rc == DB_ROW ? db_column_int64(st, 0) : rc == DB_DONE ? 0 : -1;
	db_finish(st);
	return id;
}

/* The bench logins: the first `logins` officials (by id) that bench-seed learn enrolled, the way it leaves
 * them: ten enrolments, all their own. Returns 0, 1 when there are fewer, or a negative DB_ code. */
static int load_logins(struct bench *b)
{
	struct db_stmt *st = db_prepare(
		b->db, "SELECT o.id, o.email FROM officials o WHERE o.status = 'active' AND (SELECT COUNT(*) FROM "
		       "enrolments e WHERE e.official_id = o.id) = 10 AND NOT EXISTS (SELECT 1 FROM enrolments e "
		       "WHERE e.official_id = o.id AND e.source <> 'self') ORDER BY o.id LIMIT $1");
	if (!st || db_bind_int64(st, 1, (int64_t)b->logins)) {
		db_finish(st);
		return DB_ERROR;
	}
	b->officials = calloc(b->logins, sizeof *b->officials);
	b->emails = calloc(b->logins, sizeof *b->emails);
	size_t n = 0;
	int rc = DB_ERROR;
	while (b->officials && b->emails && n < b->logins && (rc = db_step(st)) == DB_ROW) {
		b->officials[n] = db_column_int64(st, 0);
		if (!(b->emails[n++] = strdup(db_column_text(st, 1)))) {
			rc = DB_ERROR;
			break;
		}
	}
	db_finish(st);
	if (rc < 0)
		return rc;
	return n < b->logins ? 1 : 0;
}

/* This run's number: one past the banks earlier runs made. */
static int run_number(struct bench *b)
{
	struct db_stmt *st = db_prepare(b->db, "SELECT COUNT(*) FROM question_banks WHERE code LIKE 'BENCH-BANK-%'");
	int rc = st ? db_step(st) : DB_ERROR;
	if (rc == DB_ROW)
		snprintf(b->run, sizeof b->run, "%04lld", (long long)db_column_int64(st, 0) % 9999 + 1);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int write_question(struct bench *b, size_t i)
{
	const struct bench_question *k = &KINDS[i];
	char en[128], hi[256];
	snprintf(en, sizeof en, "Bench question %zu: which answer is right?", i + 1);
	snprintf(hi, sizeof hi, "बेंच प्रश्न %zu: कौन-सा उत्तर सही है?", i + 1);
	struct db_stmt *st = db_prepare(
		b->db,
		"INSERT INTO questions (bank_id, kind, text_en, text_hi, explanation_en, points, created_by, "
		"created_at, updated_at) VALUES ($1, $2, $3, $4, 'Because the first answer is right.', 1, $5, $6, "
		"$6) RETURNING id");
	int rc = returning(st,
			   !st || db_bind_int64(st, 1, b->bank) || db_bind_text(st, 2, k->kind) ||
				   db_bind_text(st, 3, en) || db_bind_text(st, 4, hi) ||
				   db_bind_int64(st, 5, b->author) || db_bind_int64(st, 6, b->now),
			   &b->question[i]);
	for (int o = 0; !rc && o < k->options; o++) {
		char text[32];
		if (!strcmp(k->kind, "true_false"))
			snprintf(text, sizeof text, "%s", o ? "False" : "True");
		else
			snprintf(text, sizeof text, "Answer %c", 'A' + o);
		st = db_prepare(b->db, "INSERT INTO question_options (question_id, seq, text_en, text_hi, correct) "
				       "VALUES ($1, $2, $3, $3, $4) RETURNING id");
		rc = returning(st,
			       !st || db_bind_int64(st, 1, b->question[i]) || db_bind_int64(st, 2, o + 1) ||
				       db_bind_text(st, 3, text) || db_bind_int64(st, 4, o < k->correct),
			       &b->option[i][o]);
	}
	if (!rc && !k->options) {
		st = db_prepare(b->db,
				"INSERT INTO question_answers (question_id, seq, answer, normalised) VALUES ($1, "
				"1, 'Lok Sabha', 'lok sabha')");
		rc = step_done(st, !st || db_bind_int64(st, 1, b->question[i]));
	}
	return rc;
}

static int write_bank(struct bench *b)
{
	char code[32];
	snprintf(code, sizeof code, "BENCH-BANK-%s", b->run);
	struct db_stmt *st = db_prepare(b->db, "INSERT INTO question_banks (provider_id, code, title_en, title_hi, "
					       "created_by, created_at, updated_at) VALUES ($1, $2, 'Bench questions', "
					       "'बेंच प्रश्न', $3, $4, $4) RETURNING id");
	int rc = returning(st,
			   !st || db_bind_int64(st, 1, b->provider) || db_bind_text(st, 2, code) ||
				   db_bind_int64(st, 3, b->author) || db_bind_int64(st, 4, b->now),
			   &b->bank);
	for (size_t i = 0; !rc && i < QUESTIONS; i++)
		rc = write_question(b, i);
	return rc;
}

/* Assessment n of this run, published by LBSNAA's demo people, with its settings and its one draw. */
static int write_assessment(struct bench *b, size_t n)
{
	char code[48], en[96], hi[160];
	snprintf(code, sizeof code, "BENCH-ASSESS-%s-%03zu", b->run, n);
	snprintf(en, sizeof en, "Bench assessment %s-%03zu: twenty questions", b->run, n);
	snprintf(hi, sizeof hi, "बेंच मूल्यांकन %s-%03zu: बीस प्रश्न", b->run, n);
	struct catalog_demo_item item = {
		.code = code,
		.kind = "assessment",
		.provider = "LBSNAA",
		.author = "creator@karmayogi.demo",
		.reviewer = "reviewer@karmayogi.demo",
		.publisher = "publisher@karmayogi.demo",
		.title = en,
		.title_hi = hi,
		.description = "Twenty questions of every kind, no time limit, as many attempts as you like.",
		.description_hi = "हर प्रकार के बीस प्रश्न, कोई समय-सीमा नहीं, जितने चाहें उतने प्रयास।",
		.keywords = "bench, assessment",
		.minutes = 20,
		.at = b->now - 4 * DAY_MS,
	};
	int64_t *ids = b->assessments[n];
	int rc = catalog_demo_publish(b->db, &item, &ids[0], &ids[1]);
	if (rc)
		return rc > 0 ? DB_ERROR : rc;
	struct db_stmt *st = db_prepare(
		b->db, "INSERT INTO assessment_settings (version_id, purpose, pass_percent, shuffle_questions, "
		       "shuffle_options, allow_review, updated_at) VALUES ($1, 'final', 60, 1, 1, 1, $2)");
	rc = step_done(st, !st || db_bind_int64(st, 1, ids[1]) || db_bind_int64(st, 2, b->now));
	if (!rc) {
		st = db_prepare(b->db, "INSERT INTO assessment_draws (version_id, seq, bank_id, count) VALUES ($1, 1, "
				       "$2, 20)");
		rc = step_done(st, !st || db_bind_int64(st, 1, ids[1]) || db_bind_int64(st, 2, b->bank));
	}
	return rc;
}

static const char *const SCRATCH[] = {
	"CREATE TEMP TABLE bench_logins (pos BIGINT PRIMARY KEY, official_id BIGINT NOT NULL)",
	"CREATE TEMP TABLE bench_questions (seq BIGINT PRIMARY KEY, question_id BIGINT NOT NULL, option_order "
	"TEXT, answer TEXT NOT NULL)",
	NULL,
};

static void drop_scratch(struct db_conn *db)
{
	if (db_exec(db, "DROP TABLE IF EXISTS bench_logins; DROP TABLE IF EXISTS bench_questions"))
		return; /* temporary: they go with the connection anyway */
}

/* The drawn questions in seq order with their options' order, and the answer a submitted attempt carries: the
 * first option, or the accepted text. */
static int fill_scratch(struct bench *b)
{
	drop_scratch(b->db);
	int rc = 0;
	for (const char *const *sql = SCRATCH; !rc && *sql; sql++)
		rc = db_exec(b->db, *sql);
	for (size_t i = 0; !rc && i < b->logins; i++) {
		struct db_stmt *st = db_prepare(b->db, "INSERT INTO bench_logins (pos, official_id) VALUES ($1, $2)");
		rc = step_done(st, !st || db_bind_int64(st, 1, (int64_t)i) || db_bind_int64(st, 2, b->officials[i]));
	}
	for (size_t i = 0; !rc && i < QUESTIONS; i++) {
		char order[128] = "", answer[64];
		size_t len = 0;
		for (int o = 0; o < KINDS[i].options; o++)
			len += (size_t)snprintf(order + len, sizeof order - len, "%s%lld", o ? "," : "",
						(long long)b->option[i][o]);
		if (KINDS[i].options)
			snprintf(answer, sizeof answer, "{\"option_ids\":[%lld]}", (long long)b->option[i][0]);
		else
			snprintf(answer, sizeof answer, "{\"text\":\"lok  sabha\"}");
		struct db_stmt *st = db_prepare(b->db, "INSERT INTO bench_questions (seq, question_id, option_order, "
						       "answer) VALUES ($1, $2, $3, $4)");
		rc = step_done(st, !st || db_bind_int64(st, 1, (int64_t)i + 1) ||
					   db_bind_int64(st, 2, b->question[i]) ||
					   (order[0] ? db_bind_text(st, 3, order) : db_bind_null(st, 3)) ||
					   db_bind_text(st, 4, answer));
	}
	return rc;
}

/* Every login's open attempt at assessment n; for the submit row's (n > 0), its 20 questions drawn and answered. */
static int write_attempts(struct bench *b, size_t n)
{
	const int64_t *ids = b->assessments[n];
	struct db_stmt *st = db_prepare(
		b->db, "INSERT INTO attempts (content_id, version_id, official_id, number, status, started_at, "
		       "max_score) SELECT $1, $2, official_id, 1, 'in_progress', $3, 20 FROM bench_logins");
	int rc = step_done(st, !st || db_bind_int64(st, 1, ids[0]) || db_bind_int64(st, 2, ids[1]) ||
				       db_bind_int64(st, 3, b->now));
	if (rc || !n)
		return rc; /* the answer row's attempts: nothing saved yet */
	st = db_prepare(b->db,
			"INSERT INTO attempt_questions (attempt_id, question_id, seq, option_order, points, "
			"answer, answered_at) SELECT a.id, q.question_id, q.seq, q.option_order, 1, q.answer, $2 "
			"FROM attempts a CROSS JOIN bench_questions q WHERE a.content_id = $1");
	return step_done(st, !st || db_bind_int64(st, 1, ids[0]) || db_bind_int64(st, 2, b->now));
}

/* Every login's attempt at the first assessment, its 20 questions drawn and none answered. */
static int write_answer_attempts(struct bench *b)
{
	struct db_stmt *st = db_prepare(
		b->db,
		"INSERT INTO attempt_questions (attempt_id, question_id, seq, option_order, points) SELECT a.id, "
		"q.question_id, q.seq, q.option_order, 1 FROM attempts a CROSS JOIN bench_questions q WHERE "
		"a.content_id = $1");
	return step_done(st, !st || db_bind_int64(st, 1, b->assessments[0][0]));
}

/* The plan: for the first assessment's attempts, two answers (two options) of each single-choice and true/false
 * question, so consecutive saves of one question change it; then the attempts to submit, a login after
 * another. */
static int plan_lines(struct bench *b, size_t n, int64_t attempt, const char *email)
{
	if (n)
		return fprintf(b->plan, "submit %s %lld\n", email, (long long)attempt) < 0 ? DB_ERROR : 0;
	for (size_t q = 0; q < QUESTIONS; q++)
		for (int o = 0; o < 2 && (!strcmp(KINDS[q].kind, "single") || !strcmp(KINDS[q].kind, "true_false"));
		     o++)
			if (fprintf(b->plan, "answer %s %lld %lld %lld\n", email, (long long)attempt,
				    (long long)b->question[q], (long long)b->option[q][o]) < 0)
				return DB_ERROR;
	return 0;
}

static int write_plan(struct bench *b)
{
	int rc = 0;
	for (size_t n = 0; !rc && n <= b->rounds; n++) {
		struct db_stmt *st = db_prepare(b->db, "SELECT a.id, l.pos FROM attempts a JOIN bench_logins l ON "
						       "l.official_id = a.official_id WHERE a.content_id = $1 ORDER BY "
						       "l.pos");
		if (!st || db_bind_int64(st, 1, b->assessments[n][0])) {
			db_finish(st);
			return DB_ERROR;
		}
		while ((rc = db_step(st)) == DB_ROW) {
			int64_t pos = db_column_int64(st, 1);
			if (pos < 0 || (size_t)pos >= b->logins ||
			    plan_lines(b, n, db_column_int64(st, 0), b->emails[pos])) {
				rc = DB_ERROR;
				break;
			}
		}
		db_finish(st);
	}
	return rc;
}

static int seed(struct bench *b)
{
	b->provider = id_of(b->db,
			    "SELECT p.org_id FROM providers p JOIN organisations o ON o.id = p.org_id WHERE "
			    "o.code = $1",
			    "LBSNAA");
	b->author = id_of(b->db, "SELECT id FROM officials WHERE email = $1", "creator@karmayogi.demo");
	if (b->provider < 0 || b->author < 0)
		return DB_ERROR;
	if (!b->provider || !b->author)
		return 1;
	int rc = load_logins(b);
	if (!rc)
		rc = run_number(b);
	if (!rc)
		rc = write_bank(b);
	for (size_t n = 0; !rc && n <= b->rounds; n++)
		rc = write_assessment(b, n);
	if (!rc)
		rc = fill_scratch(b);
	for (size_t n = 0; !rc && n <= b->rounds; n++)
		rc = write_attempts(b, n);
	if (!rc)
		rc = write_answer_attempts(b);
	if (!rc && b->plan)
		rc = write_plan(b);
	drop_scratch(b->db);
	return rc;
}

int assess_bench_seed(struct db_conn *conn, size_t logins, FILE *plan)
{
	if (!logins)
		return 1;
	struct bench b = {.db = conn, .plan = plan, .now = util_now_ms(), .logins = logins};
	b.rounds = (SUBMIT_ATTEMPTS + logins - 1) / logins;
	if (b.rounds > ROUNDS_MAX)
		b.rounds = ROUNDS_MAX;
	b.assessments = calloc(b.rounds + 1, sizeof *b.assessments);
	int rc = b.assessments ? seed(&b) : DB_ERROR;
	for (size_t i = 0; b.emails && i < b.logins; i++)
		free(b.emails[i]);
	free(b.emails);
	free(b.officials);
	free(b.assessments);
	return rc;
}
