/* Assignments follow people: a published plan's items are assigned to every official their audience resolves
 * to when it is published (in chunks, each its own transaction, so the server goes on answering), and kept in
 * step afterwards: org tells cbp when an official joins, moves, changes designation or status, or gains or
 * loses a role (cbp_official_changed), and after an onboarding (cbp_officials_onboarded). Leaving an audience
 * ends the assignment (left_at); what the official completed stays theirs in learn. */
#include "cbp/cbp_int.h"

#include "core/log.h"
#include "core/util.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define CHUNK_IDS 100000 /* officials' ids per transaction when a plan is published */
#define ITEMS_MAX 1000   /* published items an official may be in the reach of */

struct item_facts {
	int64_t id, plan_id, content_id, due_at, mandatory;
};

/* The members of item it's audience with ids in (lo, hi] are assigned (again, if they had left). */
static int assign_range(struct db_conn *conn, const struct item_facts *it, int64_t lo, int64_t hi, int64_t now)
{
	struct db_stmt *st =
		db_prepare(conn, CBP_AUDIENCE_WITH
			   "INSERT INTO cbp_assignments (item_id, official_id, plan_id, content_id, due_at, "
			   "mandatory, assigned_at) SELECT DISTINCT $1, o.id, CAST($4 AS BIGINT), CAST($5 AS "
			   "BIGINT), CAST($6 AS BIGINT), CAST($7 AS BIGINT), CAST($8 AS BIGINT)" CBP_AUDIENCE_FROM
			   " AND o.id > $2 AND o.id <= $3 ON CONFLICT (item_id, official_id) DO UPDATE SET "
			   "left_at = NULL");
	int rc = !st || db_bind_int64(st, 1, it->id) || db_bind_int64(st, 2, lo) || db_bind_int64(st, 3, hi) ||
		 db_bind_int64(st, 4, it->plan_id) || db_bind_int64(st, 5, it->content_id) ||
		 db_bind_int64(st, 6, it->due_at) || db_bind_int64(st, 7, it->mandatory) || db_bind_int64(st, 8, now);
	if (!rc)
		rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Reads the item facts of st's rows (id, plan_id, content_id, due_at, mandatory) into out. Returns how many,
 * or a negative DB_ code. */
static long read_items(struct db_stmt *st, struct item_facts *out, size_t max)
{
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && n < max) {
		out[n].id = db_column_int64(st, 0);
		out[n].plan_id = db_column_int64(st, 1);
		out[n].content_id = db_column_int64(st, 2);
		out[n].due_at = db_column_int64(st, 3);
		out[n].mandatory = db_column_int64(st, 4);
		n++;
	}
	db_finish(st);
	return rc < 0 ? rc : (long)n;
}

int cbp_scalar(struct db_conn *conn, const char *sql, int64_t arg, int64_t *out)
{
	struct db_stmt *st = db_prepare(conn, sql);
	if (!st || db_bind_int64(st, 1, arg)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Runs a statement binding $1 = a, $2 = b in a transaction of its own. */
static int exec2(struct db_conn *conn, const char *sql, int64_t a, int64_t b)
{
	struct db_stmt *st = db_prepare(conn, sql);
	int rc = !st || db_bind_int64(st, 1, a) || db_bind_int64(st, 2, b) ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Set once, when the server stops; read between chunks by publications still assigning. */
static atomic_bool stopping;

void cbp_stop(void)
{
	atomic_store(&stopping, true);
}

int cbp_plan_assign(struct db_conn *conn, int64_t plan_id, int64_t now, int64_t *assigned)
{
	*assigned = 0;
	struct item_facts *items = calloc(ITEMS_MAX, sizeof *items);
	struct db_stmt *st =
		items ? db_prepare(conn, "SELECT id, plan_id, content_id, due_at, mandatory FROM cbp_items "
					 "WHERE plan_id = $1 ORDER BY seq")
		      : NULL;
	if (!st || db_bind_int64(st, 1, plan_id)) {
		db_finish(st);
		free(items);
		return DB_ERROR;
	}
	long n = read_items(st, items, ITEMS_MAX);
	int64_t max_id = 0;
	int rc = n < 0 ? (int)n
		       : cbp_scalar(conn, "SELECT COALESCE(MAX(id), 0) FROM officials WHERE $1 = $1", 0, &max_id);
	/* The revision this one superseded: its officials are no longer assigned through it. */
	if (!rc)
		rc = db_begin(conn);
	if (!rc)
		rc = exec2(conn,
			   "UPDATE cbp_assignments SET left_at = $2 WHERE left_at IS NULL AND plan_id IN (SELECT o.id "
			   "FROM cbp_plans o JOIN cbp_plans p ON p.org_id = o.org_id AND p.year = o.year WHERE p.id = "
			   "$1 AND o.status = 'superseded')",
			   plan_id, now);
	if (!rc)
		rc = db_commit(conn);
	for (long i = 0; !rc && i < n; i++)
		for (int64_t lo = 0; !rc && lo < max_id; lo += CHUNK_IDS) {
			if (atomic_load(&stopping)) {
				log_info("cbp: plan %lld: assigning stopped part way, the server is stopping",
					 (long long)plan_id);
				rc = DB_ERROR;
				break;
			}
			rc = db_begin(conn);
			if (!rc)
				rc = assign_range(conn, &items[i], lo, lo + CHUNK_IDS, now);
			if (!rc)
				rc = db_commit(conn);
		}
	if (rc)
		db_rollback(conn);
	free(items);
	if (!rc)
		rc = cbp_scalar(conn, "SELECT COUNT(*) FROM cbp_assignments WHERE plan_id = $1 AND left_at IS NULL",
				plan_id, assigned);
	return rc;
}

/* 1 when official_id is in item_id's audience now, 0 when not, or a negative DB_ code. */
static int is_member(struct db_conn *conn, int64_t item_id, int64_t official_id)
{
	struct db_stmt *st = db_prepare(conn, CBP_AUDIENCE_WITH "SELECT COUNT(*)" CBP_AUDIENCE_FROM
								" AND o.id = CAST($2 AS BIGINT)");
	if (!st || db_bind_int64(st, 1, item_id) || db_bind_int64(st, 2, official_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	int64_t n = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	db_finish(st);
	return rc == DB_ROW ? n > 0 : rc < 0 ? rc : DB_ERROR;
}

/* official_id is no longer in item_id's audience: not counted from at on. */
static int leave(struct db_conn *conn, int64_t item_id, int64_t official_id, int64_t at)
{
	struct db_stmt *st = db_prepare(conn, "UPDATE cbp_assignments SET left_at = $3 WHERE item_id = $1 AND "
					      "official_id = $2 AND left_at IS NULL");
	int rc = !st || db_bind_int64(st, 1, item_id) || db_bind_int64(st, 2, official_id) || db_bind_int64(st, 3, at)
			 ? DB_ERROR
			 : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* The published items official_id may be in: those of plans of their organisation or above it, and those
 * they are assigned now. */
static long items_in_reach(struct db_conn *conn, int64_t official_id, struct item_facts *out)
{
	struct db_stmt *st = db_prepare(
		conn,
		"WITH RECURSIVE up(id) AS (SELECT org_id FROM officials WHERE id = $1 UNION ALL SELECT x.parent_id "
		"FROM organisations x JOIN up ON x.id = up.id WHERE x.parent_id IS NOT NULL) SELECT i.id, i.plan_id, "
		"i.content_id, i.due_at, i.mandatory FROM cbp_items i JOIN cbp_plans p ON p.id = i.plan_id WHERE "
		"p.status = 'published' AND p.org_id IN (SELECT id FROM up) UNION SELECT i.id, i.plan_id, "
		"i.content_id, i.due_at, i.mandatory FROM cbp_assignments a JOIN cbp_items i ON i.id = a.item_id "
		"WHERE a.official_id = $1 AND a.left_at IS NULL");
	if (!st || db_bind_int64(st, 1, official_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	return read_items(st, out, ITEMS_MAX);
}

int cbp_official_changed(struct db_conn *conn, int64_t official_id, int64_t at)
{
	struct item_facts *items = calloc(ITEMS_MAX, sizeof *items);
	if (!items)
		return DB_ERROR;
	long n = items_in_reach(conn, official_id, items);
	int rc = n < 0 ? (int)n : 0;
	for (long i = 0; !rc && i < n; i++) {
		int member = is_member(conn, items[i].id, official_id);
		if (member < 0)
			rc = member;
		else if (member)
			rc = assign_range(conn, &items[i], official_id - 1, official_id, at);
		else
			rc = leave(conn, items[i].id, official_id, at);
	}
	free(items);
	return rc;
}

/* Items of published plans that officials of org_id's subtree may be in: plans of org_id, above it or under
 * it. After an onboarding, each is assigned again to its whole audience and those no longer in it leave. */
int cbp_officials_onboarded(struct db_conn *conn, int64_t org_id, int64_t at)
{
	struct item_facts *items = calloc(ITEMS_MAX, sizeof *items);
	struct db_stmt *st =
		items ? db_prepare(
				conn,
				"WITH RECURSIVE up(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT x.parent_id "
				"FROM organisations x JOIN up ON x.id = up.id WHERE x.parent_id IS NOT NULL), "
				"down(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT x.id FROM organisations x "
				"JOIN down ON x.parent_id = down.id) SELECT i.id, i.plan_id, i.content_id, i.due_at, "
				"i.mandatory FROM cbp_items i JOIN cbp_plans p ON p.id = i.plan_id WHERE p.status = "
				"'published' AND (p.org_id IN (SELECT id FROM up) OR p.org_id IN (SELECT id FROM "
				"down))")
		      : NULL;
	if (!st || db_bind_int64(st, 1, org_id)) {
		db_finish(st);
		free(items);
		return DB_ERROR;
	}
	long n = read_items(st, items, ITEMS_MAX);
	int rc = n < 0 ? (int)n : 0;
	for (long i = 0; !rc && i < n; i++) {
		rc = assign_range(conn, &items[i], 0, INT64_MAX, at);
		if (!rc)
			rc = exec2(conn,
				   CBP_AUDIENCE_WITH
				   "UPDATE cbp_assignments SET left_at = $2 WHERE item_id = $1 AND "
				   "left_at IS NULL AND official_id NOT IN (SELECT o.id" CBP_AUDIENCE_FROM ")",
				   items[i].id, at);
	}
	free(items);
	return rc;
}
