/* Peers' completions for My iGOT's ranking: per designation and content item, how many officials completed it.
 * Kept as completions happen (learn's completed hook adds one, in learn's transaction), so no request and no
 * periodic job scans the enrolments. A database never counted whole (made before the hook, or loaded in bulk)
 * is counted once: in a read (no lock held while enrolments are scanned), then written in one short
 * transaction. The designation is the one the official had when they completed: a later promotion does not
 * move their old completions. */
#include "cbp/cbp_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct peer_row {
	char designation[32];
	int64_t content_id, completed;
};

/* The counts as they are now; *rows is the caller's (free). Returns how many, or a negative DB_ code. */
static long count_now(struct db_conn *conn, struct peer_row **rows)
{
	struct db_stmt *st = db_prepare(conn, "SELECT o.designation, e.content_id, COUNT(*) FROM enrolments e JOIN "
					      "officials o ON o.id = e.official_id WHERE e.status = 'completed' AND "
					      "o.designation IS NOT NULL GROUP BY o.designation, e.content_id");
	if (!st)
		return DB_ERROR;
	size_t n = 0, cap = 0;
	struct peer_row *out = NULL;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			size_t more = cap ? cap * 2 : 1024;
			struct peer_row *grown = realloc(out, more * sizeof *out);
			if (!grown) {
				rc = DB_ERROR;
				break;
			}
			out = grown;
			cap = more;
		}
		snprintf(out[n].designation, sizeof out[n].designation, "%s", db_column_text(st, 0));
		out[n].content_id = db_column_int64(st, 1);
		out[n].completed = db_column_int64(st, 2);
		n++;
	}
	db_finish(st);
	if (rc < 0) {
		free(out);
		return rc;
	}
	*rows = out;
	return (long)n;
}

int cbp_content_completed(struct db_conn *conn, int64_t official_id, int64_t content_id, int64_t at)
{
	(void)at;
	struct db_stmt *st = db_prepare(
		conn, "INSERT INTO cbp_peer_completions (designation, content_id, completed) SELECT designation, "
		      "CAST($2 AS BIGINT), 1 FROM officials WHERE id = $1 AND designation IS NOT NULL ON CONFLICT "
		      "(designation, content_id) DO UPDATE SET completed = cbp_peer_completions.completed + 1");
	int rc = !st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, content_id) ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

int cbp_peers_refresh(struct db_conn *conn, int64_t now)
{
	int64_t counted = 0;
	int rc = cbp_scalar(conn, "SELECT COUNT(*) FROM cbp_peer_state WHERE id = $1", 1, &counted);
	return rc ? rc : counted ? 0 : cbp_peers_recount(conn, now);
}

int cbp_peers_recount(struct db_conn *conn, int64_t now)
{
	struct peer_row *rows = NULL;
	long n = count_now(conn, &rows);
	if (n < 0)
		return (int)n;
	int rc = db_begin(conn);
	if (!rc)
		rc = db_exec(conn, "DELETE FROM cbp_peer_completions");
	struct db_stmt *st = NULL;
	for (long i = 0; !rc && i < n; i++) {
		st = db_prepare(conn,
				"INSERT INTO cbp_peer_completions (designation, content_id, completed) VALUES ($1, "
				"$2, $3)");
		rc = !st || db_bind_text(st, 1, rows[i].designation) || db_bind_int64(st, 2, rows[i].content_id) ||
				     db_bind_int64(st, 3, rows[i].completed)
			     ? DB_ERROR
		     : db_step(st) == DB_DONE ? 0
					      : DB_ERROR;
		db_finish(st);
	}
	if (!rc) {
		st = db_prepare(conn, "INSERT INTO cbp_peer_state (id, counted_at) VALUES (1, $1) ON CONFLICT (id) DO "
				      "UPDATE SET counted_at = $1");
		rc = !st || db_bind_int64(st, 1, now) ? DB_ERROR : db_step(st) == DB_DONE ? 0 : DB_ERROR;
		db_finish(st);
	}
	if (!rc)
		rc = db_commit(conn);
	if (rc)
		db_rollback(conn);
	free(rows);
	return rc;
}
