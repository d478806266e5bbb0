/* Private to src/cbp: what its files share. */
#ifndef KY_CBP_INT_H
#define KY_CBP_INT_H

#include "cbp/cbp.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "frac/frac.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define CBP_WUR __attribute__((warn_unused_result))

/* --- plans.c --- */

/* A plan revision as its row holds it. */
struct cbp_plan {
	int64_t id, org_id, year, revision;
	char status[16];
};

/* Loads plan {id} of the path for a cbp_admin (or spv_admin) over its organisation: 404 when unknown or out of
 * the caller's reach, 403 for an official without the role there. Returns 1 loaded, 0 with the reply set. */
int cbp_plan_for_admin(struct http_request *req, struct cbp_plan *out);
/* The same for a reader (its planners and the organisation's mdo_admins). */
int cbp_plan_for_reader(struct http_request *req, struct cbp_plan *out);
/* Audits a write of plan_id ("cbp_plan.<verb>", before may be NULL and is stolen) and commits the open
 * transaction; *after is the plan as it now stands (the caller's). Returns 0, or a DB_ code (rolled back). */
int cbp_commit_audited(struct http_request *req, struct db_conn *conn, int64_t plan_id, int64_t org_id,
		       const char *action, json_t *before, json_t **after) CBP_WUR;
/* Audits a write of plan_id ("cbp_plan.<verb>", before may be NULL and is stolen), commits the open
 * transaction and replies with the whole plan (status 200 or 201), or rolls back with a 503. */
void cbp_commit_and_reply(struct http_request *req, struct db_conn *conn, int64_t plan_id, int64_t org_id,
			  const char *action, json_t *before, int status);
/* Handlers of plans.c, in plans_flow.c's route table. */
void cbp_plans_list(struct http_request *req);
void cbp_plan_create(struct http_request *req);
void cbp_plan_get(struct http_request *req);
void cbp_plan_patch(struct http_request *req);
/* 409 unless plan p is a draft (a published plan changes only through a new revision). Returns 1 when it is
 * a draft, 0 with the reply set. */
int cbp_plan_require_draft(struct http_request *req, const struct cbp_plan *p);
/* Records an event of plan_id for its page. Returns 0 or a negative DB_ code. */
int cbp_event_add(struct db_conn *conn, int64_t plan_id, int64_t actor, const char *action, const char *detail,
		  int64_t at) CBP_WUR;
/* "2026-12-03T10:00:00Z", or JSON null for 0. */
json_t *cbp_time_json(int64_t ms);

/* --- items.c --- */

/* The items of plan_id with their audience and counts, in order; NULL on a database error. */
json_t *cbp_items_json(struct db_conn *conn, int64_t plan_id);
/* Copies the items of from_plan (and their audience) to to_plan. Returns 0 or a negative DB_ code. */
int cbp_items_copy(struct db_conn *conn, int64_t from_plan, int64_t to_plan, int64_t now) CBP_WUR;
/* Handlers of the item routes (plans.c's table). */
void cbp_item_post(struct http_request *req);
void cbp_item_put(struct http_request *req);
void cbp_item_delete(struct http_request *req);
void cbp_audience_preview(struct http_request *req);

/* --- assignments.c --- */

/* The one number sql (with $1 = arg) answers, into *out. Returns 0 or a negative DB_ code. */
int cbp_scalar(struct db_conn *conn, const char *sql, int64_t arg, int64_t *out) CBP_WUR;

/* Assigns the items of published plan_id to their audiences, in chunks of officials each committed on its
 * own (the caller holds no transaction), and ends the assignments of the revision it superseded. Sets
 * *assigned to the assignments the plan now has. Returns 0 or a negative DB_ code. */
int cbp_plan_assign(struct db_conn *conn, int64_t plan_id, int64_t now, int64_t *assigned) CBP_WUR;

/* --- mine.c, home.c --- */

/* official_id's plan items (as GET /me/plan-items shows them) written to w as a list, those filter keeps
 * (NULL: all), at most max; counts gets upcoming, overdue and completed over all of them. Returns 0 or a DB_
 * code. */
int cbp_my_plan_items(struct db_conn *conn, int64_t official_id, const char *filter, int64_t now, size_t max,
		      struct jsonw *w, int64_t counts[3]) CBP_WUR;

/* GET /me/home (home.c). */
void cbp_home_get(struct http_request *req);

/* --- positions.c: the positions the plan builder's picker offers (people.c has its routes) --- */

/* Where a page of positions ends; they come in order of organisation, title and id. */
struct cbp_position_key {
	int64_t org_id;
	const char *title;
	int64_t id;
};
/* Appends to items up to max of the active positions of root's subtree that q finds (org's rule, ORG_WORDS_MATCH,
 * over title, Hindi title and code; NULL or "" finds all), in order after the key after ({0, "", 0} for the
 * first page); sets *n. Uses arena for what it reads. Returns 0 or a negative DB_ code. */
int cbp_positions_find(struct db_conn *conn, struct arena *arena, int64_t root, const char *q,
		       const struct cbp_position_key *after, size_t max, json_t *items, size_t *n) CBP_WUR;
/* Appends to items those of the n positions ids (whatever their status) whose organisation lies in root's
 * subtree, in the order of ids. Returns 0 or a negative DB_ code. */
int cbp_positions_get(struct db_conn *conn, int64_t root, const int64_t *ids, size_t n, json_t *items) CBP_WUR;

/* --- reminders.c --- */

/* Queues in org's outbox the reminders now due of plan_id (0: every published plan): a week before an item's
 * due date and once it is overdue, to each assigned official who has not completed it, once of each kind;
 * up to 500 of each kind per call, each batch its own transaction (the caller holds none). Sets how many of
 * each were queued. Returns 0 or a negative DB_ code. */
int cbp_remind(struct db_conn *conn, int64_t plan_id, int64_t now, int64_t *due_soon, int64_t *overdue) CBP_WUR;

/* --- audience.c --- */

#define CBP_RULES_MAX 10   /* rules in an audience */
#define CBP_VALUES_MAX 500 /* designations, groups, roles, positions and officials in all its rules */

enum cbp_criterion { CBP_DESIGNATION, CBP_GRP, CBP_ROLE, CBP_POSITION, CBP_OFFICIAL, CBP_CRITERIA };

/* One rule: officials of an organisation (and under it, unless org_only), with every criterion given. */
struct cbp_rule {
	int64_t org_id;
	bool org_only;
	size_t first[CBP_CRITERIA], count[CBP_CRITERIA]; /* each criterion's values in the audience's pool */
};

/* An audience: its rules and the pool of their values (as text: codes and ids). */
struct cbp_audience {
	struct cbp_rule rules[CBP_RULES_MAX];
	size_t nrules;
	const char *values[CBP_VALUES_MAX];
	size_t nvalues;
};

/* The stored audience of item $1, resolved in fixed SQL: CBP_AUDIENCE_WITH names each rule's organisations (its
 * root and, unless 'org', everything under it); then a SELECT (or INSERT ... SELECT) of what is wanted, then
 * CBP_AUDIENCE_FROM: their active officials o with every criterion the rule gives checked against the stored
 * values (orgs.rule is the rule). An official may match several rules: count DISTINCT o.id. */
// clang-format off
#define CBP_AUDIENCE_WITH                                                                                         \
	"WITH RECURSIVE sub(rule, id) AS (SELECT rule, CAST(value AS BIGINT) FROM cbp_audience WHERE item_id = $1 " \
	"AND kind = 'subtree' UNION ALL SELECT sub.rule, x.id FROM organisations x JOIN sub ON x.parent_id = "     \
	"sub.id), orgs(rule, id) AS (SELECT rule, id FROM sub UNION SELECT rule, CAST(value AS BIGINT) FROM "      \
	"cbp_audience WHERE item_id = $1 AND kind = 'org') "
#define CBP_CRITERION(kind, match)                                                                                \
	"(NOT EXISTS (SELECT 1 FROM cbp_audience a WHERE a.item_id = $1 AND a.rule = orgs.rule AND a.kind = '"     \
	kind "') OR EXISTS (SELECT 1 FROM cbp_audience a WHERE a.item_id = $1 AND a.rule = orgs.rule AND "         \
	"a.kind = '" kind "' AND " match "))"
#define CBP_AUDIENCE_FROM                                                                                         \
	" FROM orgs JOIN officials o ON o.org_id = orgs.id AND o.status = 'active' WHERE "                        \
	CBP_CRITERION("designation", "a.value = o.designation") " AND "                                           \
	CBP_CRITERION("grp", "a.value = o.grp") " AND "                                                           \
	CBP_CRITERION("role", "EXISTS (SELECT 1 FROM role_grants g WHERE g.official_id = o.id AND "               \
			      "g.role = a.value)") " AND "                                                        \
	CBP_CRITERION("position", "EXISTS (SELECT 1 FROM position_holders h WHERE h.official_id = o.id AND "      \
				  "h.end_date IS NULL AND h.position_id = CAST(a.value AS BIGINT))") " AND "      \
	CBP_CRITERION("official", "CAST(a.value AS BIGINT) = o.id")
// clang-format on

/* Reads the "audience" member of body (an array of rules) for a plan of plan_org, checking each value:
 * errors collects what is malformed or unknown (422), scope what lies outside plan_org's subtree (403).
 * Values are allocated from arena. Returns 0, or a negative DB_ code. */
int cbp_audience_read(struct db_conn *conn, struct arena *arena, json_t *body, int64_t plan_org,
		      struct cbp_audience *out, json_t **errors, json_t **scope) CBP_WUR;
/* How many active officials the stored audience of item_id resolves to (per_rule, when not NULL, gets the
 * count of each of its nrules rules). Returns 0 or a negative DB_ code. */
int cbp_audience_count(struct db_conn *conn, int64_t item_id, int64_t *total, int64_t *per_rule, size_t nrules) CBP_WUR;
/* Counts audience a without holding the write lock while counting: stored under a scratch id in a short
 * transaction, counted in a read, then removed. The caller holds no transaction. Returns 0 or a negative DB_
 * code. */
int cbp_audience_measure(struct db_conn *conn, const struct cbp_audience *a, int64_t *total, int64_t *per_rule) CBP_WUR;
/* Stores a as item_id's audience (replacing what was there). Returns 0 or a negative DB_ code. */
int cbp_audience_store(struct db_conn *conn, int64_t item_id, const struct cbp_audience *a) CBP_WUR;
/* Deletes item_id's audience. Returns 0 or a negative DB_ code. */
int cbp_audience_delete(struct db_conn *conn, int64_t item_id) CBP_WUR;
/* Loads item_id's audience; strings are allocated from arena. Returns 0 or a negative DB_ code. */
int cbp_audience_load(struct db_conn *conn, struct arena *arena, int64_t item_id, struct cbp_audience *out) CBP_WUR;
/* The audience as the API shows it: [{org_id, include_suborgs, designations, groups, roles, position_ids,
 * official_ids}]. */
json_t *cbp_audience_json(const struct cbp_audience *a);

/* --- My iGOT's candidates per gap (home_cache.c) --- */

/* A competency's names, for a recommendation's reason. */
struct cbp_comp_name {
	char code[64], name[256], name_hi[256];
};
/* My iGOT's ranking, in one place for the shared lists (home_cache.c) and the reads for one official (home.c):
 * published content (not an assessment) addressing competency $1 at a level above $2 (verified) and up to $3
 * (required), with its peers of designation $4; columns content_id, level, rating_x100, rating_count, peers,
 * card. A caller may add conditions between the two parts, then a LIMIT. */
#define CBP_CANDIDATES_SELECT                                                                                          \
	"SELECT ci.content_id, cc.level, ci.rating_x100, ci.rating_count, COALESCE(pc.completed, 0), ci.card FROM "    \
	"content_competencies cc JOIN content_versions v ON v.id = cc.version_id JOIN catalog_index ci ON "            \
	"ci.content_id = v.content_id AND ci.version_id = cc.version_id LEFT JOIN cbp_peer_completions pc ON "         \
	"pc.content_id = ci.content_id AND pc.designation = $4 WHERE cc.competency_id = $1 AND cc.level > $2 AND "     \
	"cc.level <= $3 AND ci.kind <> 'assessment'"
#define CBP_CANDIDATES_ORDER                                                                                           \
	" ORDER BY ABS(cc.level - $2 - 1), COALESCE(pc.completed, 0) DESC, ci.rating_x100 DESC, ci.content_id"

/* One content item that may fill a gap, with what ranks it. */
struct cbp_candidate {
	int64_t content_id, rating_x100, rating_count, peers;
	int level;
};
/* The ranked candidates for a gap (competency, verified level, required level) and officials of one designation,
 * whoever is enrolled in what: shared by requests and never changed once made. complete: these are all there
 * are (fewer than the cap). */
struct cbp_candidates {
	struct cbp_cache_entry *entry; /* what holds it in the cache: private to home_cache.c */
	struct cbp_comp_name name;
	size_t n;
	bool complete;
	struct cbp_candidate items[];
};
/* The candidates for gap g and designation as the catalogue's index generation is now, from the process's
 * cache or read (and kept). Release what it gives with cbp_candidates_release. Returns 0 (sets *out) or a
 * negative DB_ code. */
int cbp_candidates_get(struct db_conn *conn, const struct frac_gap *g, const char *designation, int64_t generation,
		       const struct cbp_candidates **out) CBP_WUR;
void cbp_candidates_release(const struct cbp_candidates *c);
/* Appends content_id's catalogue card (compact JSON text) to out, from the process's cache of cards as the index
 * generation is now, or read (and kept). Returns 0, 1 when the item is not in the index, or a negative DB_ code
 * (also when out is full). */
int cbp_card_append(struct db_conn *conn, int64_t content_id, int64_t generation, struct buf *out) CBP_WUR;

#endif
