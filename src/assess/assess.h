/* Module assess: question banks owned by providers (single and multiple choice, true/false, fill in the
 * blank, in English and Hindi, tagged with competency and level), the settings of assessments (catalogue
 * items of kind 'assessment', reviewed and published like any other), and attempts decided on the server:
 * questions drawn and shuffled per attempt, answers saved as one goes, a time limit enforced by the server,
 * scoring, review and history. A passed attempt tells learn (learn_assessment_done), which completes the
 * quizzes that name it; a proficiency assessment grants its competency in the passport. Its tables are its
 * own (migration 0013); other modules ask through this header.
 *
 * Public views: other modules may read (never write) these columns in their own SQL (the dashboards read
 * pre-test and post-test scores as learning gain):
 *   assessment_settings (version_id, purpose, pass_percent, grant_competency_id, grant_level)
 *   attempts            (id, content_id, version_id, official_id, number, status, started_at, submitted_at,
 *                        percent, passed)
 * A change to these columns is a change to this header's contract. */
#ifndef KY_ASSESS_ASSESS_H
#define KY_ASSESS_ASSESS_H

#include "db/db.h"
#include "http/http.h"

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#define ASSESS_WUR __attribute__((warn_unused_result))

/* Demo question banks and assessments (demo.c): a bank in English and Hindi over the demo providers, a course
 * with a practice quiz and a timed final assessment, and a proficiency assessment; inside the caller's
 * transaction, after the catalogue's demo; a second run adds nothing. Returns 0 or a negative DB_ code. */
int assess_demo_seed(struct db_conn *conn) ASSESS_WUR;

/* For make bench (karmayogi bench-seed assess, benchseed.c): a published 20-question assessment, and an open
 * attempt for each of the first `logins` officials that bench-seed learn gave a login; lines in plan:
 * "answer EMAIL ATTEMPT_ID QUESTION_ID OPTION_ID" and "submit EMAIL ATTEMPT_ID". Returns 0, 1 when there is
 * no provider or too few logins, or a negative DB_ code. */
int assess_bench_seed(struct db_conn *conn, size_t logins, FILE *plan) ASSESS_WUR;

/* Catalog hooks (settings_hooks.c), set from cmd/serve.c with catalog_set_hooks: a new draft of an assessment
 * copied from a published version takes its settings and draws; a version goes to review only with settings
 * whose draws the banks can fill (field errors under "assessment"). Inside catalog's transaction; 0 or a
 * negative DB_ code. */
struct catalog_content;
int assess_version_copied(struct db_conn *db, const struct catalog_content *c, int64_t from_id, int64_t to_id);
int assess_version_ready(struct db_conn *db, const struct catalog_content *c, int64_t version_id, json_t **errors);

/* For the server's ticker (sweep.c): submits up to 100 open attempts whose deadline passed before now, as they
 * stood, dated at their deadline, each in its own transaction. Returns 0 or a negative DB_ code. */
int assess_sweep_expired(struct db_conn *conn, int64_t now) ASSESS_WUR;

extern const struct http_route assess_bank_routes[];     /* banks.c: question banks, questions, import */
extern const struct http_route assess_settings_routes[]; /* settings.c: an assessment version's settings */
extern const struct http_route assess_attempt_routes[];  /* attempts.c: start, answer, submit, review */

#endif
