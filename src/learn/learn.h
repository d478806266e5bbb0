/* Module learn: enrolment, progress per resource (the hot path, through group commit), completion derived
 * on the server, certificates (PDF, public verification, Open Badges 2.0), learning hours and karma points.
 * Its tables are its own (migration 0008); other modules ask through this header.
 *
 * Public views: other modules may read (never write) these columns in their own SQL:
 *   enrolments (id, official_id, content_id, version_id, source, status, progress, due_at, enrolled_at,
 *               last_activity_at, completed_at, credited_minutes)
 * A change to these columns is a change to this header's contract. */
#ifndef KY_LEARN_LEARN_H
#define KY_LEARN_LEARN_H

#include "db/db.h"
#include "http/http.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define LEARN_WUR __attribute__((warn_unused_result))

/* 1 when official_id has completed content_id, 0 when not (or never enrolled), or a negative DB_ code. */
int learn_completed(struct db_conn *conn, int64_t official_id, int64_t content_id) LEARN_WUR;

/* Tells learn that official_id finished an attempt at the assessment content_id (code: its catalogue code,
 * which a course's quiz resources name in assessment_ref) at `at`, inside the caller's transaction. done:
 * the attempt counts (passed, or a practice quiz or pre/post test taken). Then every quiz resource naming
 * code in the official's live enrolments is at 100 % and those enrolments settle (a course completes when
 * its other required resources are done, with its certificate); their enrolment in the assessment itself,
 * if any, completes. passed also pays the assessment_pass karma rule, once per assessment. Returns 0 or a
 * negative DB_ code. */
int learn_assessment_done(struct db_conn *conn, int64_t official_id, int64_t content_id, const char *code, bool passed,
			  int64_t at) LEARN_WUR;

/* What learn_enrol says of content that cannot be joined. */
enum { LEARN_ENROL_UNKNOWN = 1, LEARN_ENROL_UNPUBLISHED = 2, LEARN_ENROL_RETIRED = 3 };

/* Enrols official_id in content_id as source says ("self", "admin", "plan"; assigned_by and due_at 0 when
 * none) at now, inside the caller's transaction; a programme also enrols its published courses. Already
 * enrolled: nothing changes. Back after leaving: the row comes back with its progress. Returns 0 (sets
 * *created when a row was made or revived), LEARN_ENROL_*, or a negative DB_ code. */
int learn_enrol(struct db_conn *conn, int64_t official_id, int64_t content_id, const char *source, int64_t assigned_by,
		int64_t due_at, int64_t now, bool *created) LEARN_WUR;

/* Awards the karma points of event (a row of karma_rules: the official's ministry's own row, else the
 * national one) to official_id for ref (e.g. "content:12"), inside the caller's transaction. Pays nothing
 * when this event and ref already paid, or when the rule's monthly cap is reached. Sets *points to what was
 * paid (0 or more; points may be NULL). Returns 0 or a negative DB_ code. */
int learn_karma_award(struct db_conn *conn, int64_t official_id, const char *event, const char *ref, int64_t at,
		      int64_t *points) LEARN_WUR;

/* What learn tells the modules above it (which learn may not include) about its own events. Each hook runs
 * inside learn's transaction on conn (the group-commit writer's, for progress) and returns 0 or a negative DB_
 * code (which rolls that transaction back). completed: official_id completed content_id at epoch ms. */
struct learn_hooks {
	int (*completed)(struct db_conn *conn, int64_t official_id, int64_t content_id, int64_t at);
};
/* Sets the hooks (copied); call once at start-up, before the server takes requests. NULL clears them. */
void learn_set_hooks(const struct learn_hooks *hooks);

/* For org's first_login hook (cmd/serve.c sets it): pays the first_login rule to official_id, once, inside
 * the login's transaction. Returns 0 or a negative DB_ code. */
int learn_first_login(struct db_conn *conn, int64_t official_id, int64_t at) LEARN_WUR;

/* Loads demo enrolments, progress, completions and certificates for the demo officials (inside the
 * caller's transaction; after the catalogue's demo). Returns 0 or a negative DB_ code. */
int learn_demo_seed(struct db_conn *conn) LEARN_WUR;

/* For make bench (karmayogi bench-seed learn): enrols up to `officials` active officials with no enrolment yet
 * (0: all of them), oldest first, in ten published courses each: 6 in 100 complete (progress, certificate,
 * karma), 20 in 100 partway (progress on some required resources), the rest just enrolled. Commits every
 * 20,000 officials (what is committed stays on failure). The first `logins` of them get password_hash (when
 * not NULL) and lines in plan (when not NULL): "progress EMAIL CONTENT_ID RESOURCE_ID" for a required
 * resource they have not begun in an active enrolment, "certificate EMAIL CODE" for a certificate of theirs.
 * counts receives officials, enrolments, progress rows, certificates and karma rows written. Returns 0, 1 when
 * fewer than ten published courses exist, or a negative DB_ code. */
int learn_bench_seed(struct db_conn *conn, size_t officials, size_t logins, const char *password_hash, FILE *plan,
		     size_t counts[5]) LEARN_WUR;

extern const struct http_route learn_enrolment_routes[];   /* enrol.c: enrol, leave, assign, my learning */
extern const struct http_route learn_progress_routes[];    /* progress.c: POST /me/progress */
extern const struct http_route learn_certificate_routes[]; /* certificates.c: list, PDF, revoke, verify */
extern const struct http_route learn_badge_routes[];       /* badges.c: Open Badges 2.0 JSON-LD */
extern const struct http_route learn_hours_routes[];       /* hours.c: learning hours, targets, points */

#endif
