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

#include "http/http.h"

extern const struct http_route cbp_plan_routes[]; /* plans.c, items.c: plans, revisions, items, audience */

#endif
