/* Karma points: paying an event by the rules table (a ministry's own row wins over the national one), at
 * most once per deed and within a rule's monthly cap. The ledger is the record; totals are sums of it. */
#include "learn/learn_int.h"

#include <string.h>
#include <time.h>

void learn_month_bounds(int64_t at, int64_t *start, int64_t *next)
{
	time_t t = (time_t)(at / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	*start = (int64_t)timegm(&tm) * 1000;
	tm.tm_mon += 1;
	*next = (int64_t)timegm(&tm) * 1000;
}

/* The official's organisation and ministry: 1 found, 0 unknown, negative DB_ code. */
static int official_orgs(struct db_conn *conn, int64_t official_id, int64_t *org_id, int64_t *ministry_id)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT org_id, COALESCE(ministry_id, org_id) FROM officials WHERE id = $1");
	if (!st || db_bind_int64(st, 1, official_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*org_id = db_column_int64(st, 0);
		*ministry_id = db_column_int64(st, 1);
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

/* The rule for event as it applies in ministry_id: 1 found (points, cap; cap -1 when none), 0 none. */
static int rule_for(struct db_conn *conn, const char *event, int64_t ministry_id, int64_t *points, int64_t *cap)
{
	struct db_stmt *st = db_prepare(conn, "SELECT points, monthly_cap FROM karma_rules WHERE event = $1 AND "
					      "org_id IN (0, $2) ORDER BY org_id DESC LIMIT 1");
	if (!st || db_bind_text(st, 1, event) || db_bind_int64(st, 2, ministry_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*points = db_column_int64(st, 0);
		*cap = db_column_null(st, 1) ? -1 : db_column_int64(st, 1);
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

/* Awards of event to official_id in the month holding at: >= 0, or a negative DB_ code. */
static int64_t awards_in_month(struct db_conn *conn, int64_t official_id, const char *event, int64_t at)
{
	int64_t start, next;
	learn_month_bounds(at, &start, &next);
	struct db_stmt *st = db_prepare(conn, "SELECT count(*) FROM karma_ledger WHERE official_id = $1 AND event = $2 "
					      "AND at >= $3 AND at < $4");
	if (!st || db_bind_int64(st, 1, official_id) || db_bind_text(st, 2, event) || db_bind_int64(st, 3, start) ||
	    db_bind_int64(st, 4, next)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	int64_t n = rc == DB_ROW ? db_column_int64(st, 0) : DB_ERROR;
	db_finish(st);
	return n;
}

static int insert_award(struct db_conn *conn, int64_t official_id, int64_t org_id, const char *event, const char *ref,
			int64_t points, int64_t at, bool *paid)
{
	struct db_stmt *st = db_prepare(conn, "INSERT INTO karma_ledger (official_id, org_id, event, ref, points, at) "
					      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (official_id, event, ref) "
					      "DO NOTHING");
	if (!st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, org_id) || db_bind_text(st, 3, event) ||
	    db_bind_text(st, 4, ref) || db_bind_int64(st, 5, points) || db_bind_int64(st, 6, at)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	db_finish(st);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERROR;
	*paid = db_changes(conn) > 0;
	return 0;
}

int learn_karma_award(struct db_conn *conn, int64_t official_id, const char *event, const char *ref, int64_t at,
		      int64_t *points)
{
	if (points)
		*points = 0;
	int64_t org_id = 0, ministry_id = 0, worth = 0, cap = -1;
	int rc = official_orgs(conn, official_id, &org_id, &ministry_id);
	if (rc <= 0)
		return rc;
	rc = rule_for(conn, event, ministry_id, &worth, &cap);
	if (rc <= 0 || worth == 0)
		return rc < 0 ? rc : 0;
	if (cap >= 0) {
		int64_t n = awards_in_month(conn, official_id, event, at);
		if (n < 0)
			return (int)n;
		if (n >= cap)
			return 0;
	}
	bool paid = false;
	rc = insert_award(conn, official_id, org_id, event, ref, worth, at, &paid);
	if (!rc && paid && points)
		*points = worth;
	return rc;
}

int learn_completed(struct db_conn *conn, int64_t official_id, int64_t content_id)
{
	struct db_stmt *st = db_prepare(conn, "SELECT 1 FROM enrolments WHERE official_id = $1 AND content_id = $2 AND "
					      "completed_at IS NOT NULL");
	if (!st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, content_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}
