/* What a position asks for: the requirements of its roles, with what each role inherits through extends,
 * merged to the highest level per competency; and what an official has verified. Gaps and matching read
 * both through here, so they cannot disagree on the rule. */
#include "frac/frac_int.h"

/* The chain of roles from a seed, following extends; UNION (not UNION ALL) so even a cycle that slipped
 * past the write checks ends. Requirements on retired competencies no longer count. */
#define CHAIN_TO_REQUIREMENTS                                                                                    \
	" UNION SELECT r.extends_id FROM work_roles r JOIN chain c ON r.id = c.role_id WHERE r.extends_id IS NOT NULL)" \
	" SELECT rr.competency_id, MAX(rr.level) FROM role_requirements rr JOIN chain c ON c.role_id = rr.role_id"     \
	" JOIN competencies k ON k.id = rr.competency_id AND k.status = 'active'"                                        \
	" GROUP BY rr.competency_id ORDER BY rr.competency_id"

/* Runs st (bound already) and collects (id, level) rows. Finishes st. */
static int collect(struct db_stmt *st, struct frac_req *out, size_t max, size_t *n)
{
	*n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n < max) {
			out[*n].competency_id = db_column_int64(st, 0);
			out[*n].level = (int)db_column_int64(st, 1);
			(*n)++;
		}
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

static int run_for(struct db_conn *db, const char *sql, int64_t id, struct frac_req *out, size_t max, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		*n = 0;
		return DB_ERROR;
	}
	return collect(st, out, max, n);
}

int frac_position_requirements(struct db_conn *db, int64_t position_id, struct frac_req *out, size_t max, size_t *n)
{
	return run_for(db,
		       "WITH RECURSIVE chain(role_id) AS (SELECT role_id FROM position_roles WHERE position_id = $1"
		       CHAIN_TO_REQUIREMENTS,
		       position_id, out, max, n);
}

int frac_official_requirements(struct db_conn *db, int64_t official_id, struct frac_req *out, size_t max, size_t *n)
{
	return run_for(db,
		       "WITH RECURSIVE chain(role_id) AS (SELECT pr.role_id FROM position_holders h "
		       "JOIN position_roles pr ON pr.position_id = h.position_id WHERE h.official_id = $1 "
		       "AND h.end_date IS NULL" CHAIN_TO_REQUIREMENTS,
		       official_id, out, max, n);
}

int frac_verified_levels(struct db_conn *db, int64_t official_id, struct frac_req *out, size_t max, size_t *n)
{
	return run_for(db,
		       "SELECT competency_id, MAX(level) FROM passport_entries WHERE official_id = $1 "
		       "AND status = 'verified' AND source <> 'self' GROUP BY competency_id ORDER BY competency_id",
		       official_id, out, max, n);
}

int frac_req_level(const struct frac_req *list, size_t n, int64_t competency_id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (list[mid].competency_id < competency_id)
			lo = mid + 1;
		else if (list[mid].competency_id > competency_id)
			hi = mid;
		else
			return list[mid].level;
	}
	return 0;
}
