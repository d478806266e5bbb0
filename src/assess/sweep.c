/* Time-up attempts nobody came back to: the server's ticker submits them as they stood, dated at their
 * deadline, so history and the dashboards never show an attempt in progress past its time. (A request that
 * touches such an attempt first does the same: attempts.c.) */
#include "assess/attempt.h"

#define SWEEP_BATCH 100

int assess_sweep_expired(struct db_conn *conn, int64_t now)
{
	struct db_stmt *st = db_prepare(conn, "SELECT id FROM attempts WHERE status = 'in_progress' AND deadline_at < "
					      "$1 ORDER BY deadline_at LIMIT 100");
	if (!st || db_bind_int64(st, 1, now)) {
		db_finish(st);
		return DB_ERROR;
	}
	int64_t ids[SWEEP_BATCH];
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && n < SWEEP_BATCH)
		ids[n++] = db_column_int64(st, 0);
	db_finish(st);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct assess_attempt a;
		rc = assess_attempt_load(conn, ids[i], &a);
		if (rc == 1)
			rc = assess_attempt_overdue(conn, &a, now);
		if (rc < 0)
			return rc;
	}
	return 0;
}
