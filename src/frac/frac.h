/* Module frac: the competency framework (FRAC). The competency dictionary (behavioural, functional and
 * domain competencies, each with five proficiency levels, in English and Hindi), its versions and the
 * governance queue where MDOs propose and SPV admins publish; work roles with activities and required
 * competencies; positions (posts) carrying roles, their holders and reporting officers; each official's
 * competency passport; gaps, and matching of officials to positions; import and export of a framework.
 * Its tables are its own (migrations 0003, 0004); other modules ask through this header.
 *
 * Public views: other modules may read (never write) these columns in their own SQL:
 *   competencies     (id, code, area, status, name_en, name_hi)
 *   positions        (id, org_id, code, title_en, title_hi, designation, status)
 *   position_holders (position_id, official_id, end_date)   -- held while end_date IS NULL
 * A change to these columns is a change to this header's contract. */
#ifndef KY_FRAC_FRAC_H
#define KY_FRAC_FRAC_H

#include "db/db.h"
#include "http/http.h"

/* Loads the demo framework (inside the caller's transaction on conn). Returns 0 or a negative DB_ code. */
int frac_demo_seed(struct db_conn *conn) __attribute__((warn_unused_result));

/* For make bench (karmayogi bench-seed frac): up to n active officials of the organisation with this code who
 * hold no post each get a post (code BENCH-nnnnnnn) carrying a demo role it may carry, a reporting officer
 * among them and four to six passport entries. Inside the caller's transaction. Returns 0 (sets *officials
 * and *entries), 1 when no organisation has the code, 2 when no role may be carried there, or a DB_ code. */
int frac_bench_seed(struct db_conn *db, const char *org_code, size_t n, size_t *officials, size_t *entries)
	__attribute__((warn_unused_result));

/* Adds a verified entry to official_id's passport, earned by completing content (source "course") or by
 * passing an assessment ("assessment"), against the competency's current version, dated today. evidence is
 * a line a person reads ("Completed: Public procurement basics"); evidence_ref what it points at (a
 * certificate code), may be NULL. Runs inside the caller's transaction. Returns 0 (sets *entry_id when not
 * NULL), 1 when the competency is unknown or retired, the level is outside 1-5 or the source is neither
 * "course" nor "assessment", or a negative DB_ code. */
int frac_passport_award(struct db_conn *db, int64_t official_id, int64_t competency_id, int level,
			const char *source, const char *evidence, const char *evidence_ref, int64_t *entry_id)
	__attribute__((warn_unused_result));

/* Keeps the passport in step when official_id moves to org_id: org calls it inside the transaction that
 * moves them (passport rows carry the organisation so ranking an organisation reads only its rows).
 * Returns 0 or a negative DB_ code. */
int frac_official_moved(struct db_conn *db, int64_t official_id, int64_t org_id) __attribute__((warn_unused_result));

/* What frac tells the modules above it (which frac may not include) about its own events. Each hook runs inside
 * frac's transaction on conn and returns 0 or a negative DB_ code (which rolls that transaction back).
 * holder_changed: official_id began or stopped holding a position (assigned, replaced, ended, abolished). */
struct frac_hooks {
	int (*holder_changed)(struct db_conn *db, int64_t official_id, int64_t at);
};
/* Sets the hooks (copied); call once at start-up, before the server takes requests. NULL clears them. */
void frac_set_hooks(const struct frac_hooks *hooks);
/* Runs the holder_changed hook, if one is set. Returns 0 or its negative DB_ code. */
int frac_hook_holder_changed(struct db_conn *db, int64_t official_id) __attribute__((warn_unused_result));

extern const struct http_route frac_dictionary_routes[];  /* dictionary.c: /competencies */
extern const struct http_route frac_governance_routes[];  /* governance.c: /competency-proposals */
extern const struct http_route frac_role_routes[];        /* roles.c: /work-roles */
extern const struct http_route frac_position_routes[];    /* positions.c: /positions, holders, /me/reportees */
extern const struct http_route frac_passport_routes[];    /* passport.c: passports, verify and reject */
/* A competency an official's posts require above what their passport verifies. */
struct frac_gap {
	int64_t competency_id;
	int required, verified; /* levels; verified 0 when none */
};
/* The gaps of official_id: what the positions they hold now require, against their verified levels (their own
 * declarations never count), largest gap first, then by competency id; up to max. Sets *n (0 for an official
 * with no position or no gap). Returns 0 or a negative DB_ code. */
int frac_official_gaps(struct db_conn *db, int64_t official_id, struct frac_gap *out, size_t max, size_t *n)
	__attribute__((warn_unused_result));

extern const struct http_route frac_gap_routes[];         /* gaps.c: an official's gaps, an org's heatmap */
extern const struct http_route frac_match_routes[];       /* match.c: candidates for a post, posts one fits */
extern const struct http_route frac_exchange_routes[];    /* exchange.c: framework import and export */

#endif
