/* Module cbp: the ministries' annual capacity-building plans (items of content with an audience, a due date,
 * mandatory or recommended; revisions approved and published by cbp_admin with their trail) and, later, My
 * iGOT: each official's home. Its tables are its own (migration 0020); other modules ask through this header.
 *
 * Public views: other modules may read (never write) these columns in their own SQL:
 *   cbp_plans (id, org_id, year, revision, status)
 *   cbp_items (id, plan_id, content_id, due_at, mandatory)
 * A change to these columns is a change to this header's contract. */
#ifndef KY_CBP_CBP_H
#define KY_CBP_CBP_H

#include "db/db.h"
#include "http/http.h"

#include <stdint.h>

/* For org's hooks, inside org's transaction: official_id joined, moved, changed designation or status, or
 * gained or lost a role, at `at`: the items of published plans follow (assigned when the audience takes them
 * in, ended when it no longer does). Returns 0 or a negative DB_ code. */
int cbp_official_changed(struct db_conn *conn, int64_t official_id, int64_t at) __attribute__((warn_unused_result));
/* After an onboarding into org_id (inside its transaction): every published item that may reach its officials
 * is assigned again to its audience. Returns 0 or a negative DB_ code. */
int cbp_officials_onboarded(struct db_conn *conn, int64_t org_id, int64_t at) __attribute__((warn_unused_result));

/* Tells cbp the server is stopping: a plan being assigned after its publication stops after the chunk in hand
 * and answers that assigning stopped part way (any later change assigns again), so its parked request is
 * resumed before the server closes. Call before http_server_stop. */
void cbp_stop(void);

/* For the server's ticker: queues the reminders now due, of every published plan (a batch of each kind per
 * run). Returns 0 or a negative DB_ code. */
int cbp_remind_all(struct db_conn *conn, int64_t now) __attribute__((warn_unused_result));

/* Peers' completions, which My iGOT ranks its recommendations by: how many officials of each designation
 * completed each content item. For learn's completed hook (inside learn's transaction): counts one more
 * completion of content_id by official_id's designation. Returns 0 or a negative DB_ code. */
int cbp_content_completed(struct db_conn *conn, int64_t official_id, int64_t content_id, int64_t at)
	__attribute__((warn_unused_result));
/* For the server's ticker: counts them whole from learn's enrolments when the database was never counted
 * (made before the hook, or loaded in bulk); otherwise does nothing. Returns 0 or a negative DB_ code. */
int cbp_peers_refresh(struct db_conn *conn, int64_t now) __attribute__((warn_unused_result));
/* Counts them whole now (after a bulk load such as bench-seed learn). Returns 0 or a negative DB_ code. */
int cbp_peers_recount(struct db_conn *conn, int64_t now) __attribute__((warn_unused_result));

extern const struct http_route cbp_mine_routes[];       /* mine.c, home.c: /me/plan-items, /me/home */
extern const struct http_route cbp_compliance_routes[]; /* compliance.c: by item, organisation, official */
extern const struct http_route cbp_plan_routes[];       /* plans.c, items.c: plans, revisions, items, audience */
extern const struct http_route cbp_people_routes[];     /* people.c: the officials and positions a rule may name */

#endif
