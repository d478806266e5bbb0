/* Who may look at an official's competencies: the official, their reporting officer on a position they
 * hold now, and the admins of their organisation. Every passport, gap and match handler asks here. */
#include "frac/frac_int.h"

#include "http/input.h"
#include "org/org.h"

int frac_reports_to(struct db_conn *db, int64_t official_id, int64_t officer_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM position_holders WHERE official_id = $1 AND end_date IS NULL "
					    "AND reporting_officer_id = $2 LIMIT 1");
	if (!st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, officer_id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* The official's organisation and whether officer_id is their current reporting officer, in one statement
 * (every passport, gap and match request asks both). 1 found, 0 no such official, -1 error. */
static int official_org(struct db_conn *db, int64_t official_id, int64_t officer_id, int64_t *org_id, bool *reports)
{
	struct db_stmt *st = db_prepare(db, "SELECT f.org_id, EXISTS (SELECT 1 FROM position_holders h WHERE "
					    "h.official_id = f.id AND h.end_date IS NULL AND h.reporting_officer_id = $2) "
					    "FROM officials f WHERE f.id = $1");
	if (!st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, officer_id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*org_id = db_column_int64(st, 0);
		*reports = db_column_int64(st, 1) != 0;
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int frac_official_access(struct http_request *req, struct db_conn *db, int64_t official_id, unsigned *bits,
			 int64_t *org_id)
{
	*bits = 0;
	int64_t me = http_user(req)->id;
	bool reports = false;
	int found = official_org(db, official_id, me, org_id, &reports);
	if (found < 0) {
		http_reply_db_error(req);
		return -1;
	}
	if (!found) {
		http_reply_not_found(req, "official");
		return -1;
	}
	if (me == official_id)
		*bits |= FRAC_SELF;
	if (reports)
		*bits |= FRAC_SUPERVISOR;
	if (org_can_admin(db, me, *org_id))
		*bits |= FRAC_ADMIN;
	return 0;
}
