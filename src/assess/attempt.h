/* Private to the settings and attempt files of src/assess: an assessment version's settings as the engine
 * reads them, and the pieces the attempt routes share (loading the caller's attempt, the deadline rule, the
 * ATTEMPT object). Everything here runs on the caller's connection. */
#ifndef KY_ASSESS_ATTEMPT_H
#define KY_ASSESS_ATTEMPT_H

#include "assess/assess_int.h"

#include "catalog/catalog.h"

#include <jansson.h>

#define ASSESS_QUESTIONS_MAX 200 /* questions one attempt draws, at most (the settings' draws add up to it) */
#define ASSESS_ANSWER_CHARS 500  /* characters of a filled blank */

/* --- settings.c --- */

/* An assessment version's settings row. max_attempts and time_limit_s are 0 when there is no limit;
 * grant_competency_id 0 when nothing is granted. */
struct assess_settings {
	int64_t version_id;
	char purpose[16]; /* practice, final, proficiency, pre_test, post_test */
	int64_t pass_percent, max_attempts, time_limit_s;
	bool shuffle_questions, shuffle_options, allow_review;
	int64_t grant_competency_id, grant_level;
};

/* Loads version_id's settings. Returns 1 found, 0 none, or a negative DB_ code. */
int assess_settings_load(struct db_conn *conn, int64_t version_id, struct assess_settings *out) ASSESS_WUR;
/* How many questions the draws of version_id ask for. Returns the count (0 without draws) or a negative DB_
 * code. */
int64_t assess_settings_question_count(struct db_conn *conn, int64_t version_id) ASSESS_WUR;

/* --- settings_input.c: a PUT of settings, read and checked --- */

#define ASSESS_DRAWS_MAX 20

struct assess_draw_in {
	int64_t bank_id, competency_id, level, count; /* competency_id and level 0 when the draw takes any */
};

struct assess_settings_in {
	struct assess_settings s;
	struct assess_draw_in draws[ASSESS_DRAWS_MAX];
	size_t ndraws;
};

/* Reads a SETTINGS_IN body into out. Returns NULL when it is valid, else the field errors (a new array). */
json_t *assess_settings_read(json_t *body, struct assess_settings_in *out);
/* Checks in against the database for content of provider_id: banks of that provider, competencies that
 * exist, enough active questions for each draw. Adds field errors to *errors. Returns 0 or a negative DB_ code. */
int assess_settings_check(struct db_conn *db, int64_t provider_id, const struct assess_settings_in *in,
			  json_t **errors) ASSESS_WUR;
/* Active questions of bank_id matching competency_id and level (0: any). Returns the count or a negative
 * DB_ code. */
int64_t assess_draw_available(struct db_conn *db, int64_t bank_id, int64_t competency_id, int64_t level) ASSESS_WUR;

/* --- attempt_json.c: the ATTEMPT object --- */

/* An ISO 8601 time, or JSON null for 0. */
json_t *assess_moment_json(int64_t ms);
/* A string, or JSON null for NULL. */
json_t *assess_text_json(const char *s);
/* The ATTEMPT object of a as its owner sees it at now: with its questions (in the attempt's order, options in
 * the attempt's order, the saved answers; never a correct flag, accepted answer or explanation) when
 * with_questions, and its result once submitted. Returns a new reference, or NULL on a database error. */
json_t *assess_attempt_json(struct db_conn *conn, const struct assess_attempt *a, bool with_questions, int64_t now);
/* Seconds left before a's deadline at now (0 when past), or -1 when a has no deadline or is submitted. */
int64_t assess_remaining_s(const struct assess_attempt *a, int64_t now);

/* --- attempts.c --- */

/* Loads attempt {id} of the path for its owner, the caller: 404 for anyone else. An attempt past its deadline
 * is submitted first, as it stood, dated at the deadline. Returns 1 loaded, 0 with the reply set. */
int assess_attempt_mine(struct http_request *req, struct db_conn *db, int64_t now, struct assess_attempt *a);
/* Submits a automatically when it is open and past its deadline at now, in a transaction of its own.
 * Returns 1 submitted, 0 nothing to do, or a negative DB_ code. */
int assess_attempt_overdue(struct db_conn *db, struct assess_attempt *a, int64_t now) ASSESS_WUR;

/* --- attempt_start.c --- */

/* Draws a new attempt (number) of official_id at published version s of content_id, at now, inside the
 * caller's transaction: the questions of each draw picked at random without repeats, shuffled per s, the
 * options' order kept. Returns 0 (sets *out), 1 when the banks have no question left to draw, or a negative
 * DB_ code (DB_CONSTRAINT: another start took this number). */
int assess_attempt_draw(struct db_conn *conn, int64_t content_id, const struct assess_settings *s, int64_t official_id,
			int64_t number, int64_t now, struct assess_attempt *out) ASSESS_WUR;

/* --- review.c --- */

void assess_review_get(struct http_request *req);

/* --- attempt_answers.c --- */

void assess_answers_put(struct http_request *req);

#endif
