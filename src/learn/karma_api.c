/* Karma points as people see them: one's own total, this month's, rank in one's ministry and the ledger
 * (newest first, keyset-paged), and an organisation's leaderboard for a month, a year or all time. Totals
 * are sums of the ledger (karma.c writes it). */
#include "learn/hours_int.h"

#include "core/util.h"
#include "http/input.h"
#include "http/list.h"
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BOARD_DEFAULT 10
#define BOARD_MAX 100

/* Sum of the official's points with at in [from, to). Negative DB_ code on error. */
static int64_t points_between(struct db_conn *db, int64_t official_id, int64_t from, int64_t to)
{
	struct db_stmt *st = db_prepare(db, "SELECT COALESCE(SUM(points), 0) FROM karma_ledger WHERE official_id = $1 "
					    "AND at >= $2 AND at < $3");
	if (!st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, from) || db_bind_int64(st, 3, to)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	int64_t n = rc == DB_ROW ? db_column_int64(st, 0) : DB_ERROR;
	db_finish(st);
	return n;
}

/* The one number a query with nparams parameters (a, then b) answers. Negative DB_ code on error. */
static int64_t count_of(struct db_conn *db, const char *sql, int nparams, int64_t a, int64_t b)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st || db_bind_int64(st, 1, a) || (nparams > 1 && db_bind_int64(st, 2, b))) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	int64_t n = rc == DB_ROW ? db_column_int64(st, 0) : DB_ERROR;
	db_finish(st);
	return n;
}

/* {ministry, position, of}: officials of the ministry with more points than total come first. */
static json_t *ministry_rank(struct db_conn *db, int64_t official_id, int64_t total)
{
	int64_t ministry =
		count_of(db, "SELECT COALESCE(ministry_id, org_id) FROM officials WHERE id = $1", 1, official_id, 0);
	if (ministry < 0)
		return NULL;
	int64_t ahead = count_of(db,
				 "SELECT count(*) FROM (SELECT l.official_id FROM karma_ledger l JOIN officials f ON "
				 "f.id = l.official_id WHERE f.ministry_id = $1 GROUP BY l.official_id "
				 "HAVING SUM(l.points) > $2) x",
				 2, ministry, total);
	int64_t of = count_of(db, "SELECT count(*) FROM officials WHERE ministry_id = $1 AND status = 'active'", 1,
			      ministry, 0);
	json_t *org = NULL;
	if (ahead < 0 || of < 0 || learn_org_brief(db, ministry, &org) != 1)
		return NULL;
	return json_pack("{s:o, s:I, s:I}", "ministry", org, "position", (json_int_t)(ahead + 1), "of",
			 (json_int_t)(of > ahead ? of : ahead + 1));
}

/* The title of what a ledger entry's ref names ("content:12": the version the official enrolled in). */
static json_t *ref_content(struct db_conn *db, int64_t official_id, const char *ref)
{
	if (strncmp(ref, "content:", 8))
		return json_null();
	char *end;
	long long id = strtoll(ref + 8, &end, 10);
	if (*end || id <= 0)
		return json_null();
	struct db_stmt *st = db_prepare(db, "SELECT v.title_en, v.title_hi FROM enrolments e JOIN content_versions v "
					    "ON v.id = e.version_id WHERE e.official_id = $1 AND e.content_id = $2");
	json_t *out = NULL;
	if (st && !db_bind_int64(st, 1, official_id) && !db_bind_int64(st, 2, id) && db_step(st) == DB_ROW)
		out = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)id, "title_en", db_column_text(st, 0), "title_hi",
				learn_json_text(db_column_text(st, 1)));
	db_finish(st);
	return out ? out : json_null();
}

/* One page of the ledger, newest first; sets *next to the cursor of the page after (or NULL). */
static int ledger_page(struct http_request *req, struct db_conn *db, int64_t official_id, const struct http_list *l,
		       json_t *items, const char **next)
{
	bool first = !l->id;
	struct db_stmt *st =
		db_prepare(db, first ? "SELECT id, event, ref, points, at FROM karma_ledger WHERE official_id = $1 "
				       "ORDER BY at DESC, id DESC LIMIT $2"
				     : "SELECT id, event, ref, points, at FROM karma_ledger WHERE official_id = $1 AND "
				       "(at < $3 OR (at = $3 AND id < $4)) ORDER BY at DESC, id DESC LIMIT $2");
	int rc = !st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, l->limit + 1);
	if (!rc && !first)
		rc = db_bind_int64(st, 3, strtoll(l->key, NULL, 10)) || db_bind_int64(st, 4, l->id);
	if (rc) {
		db_finish(st);
		return DB_ERROR;
	}
	int n = 0;
	int64_t last_at = 0, last_id = 0;
	*next = NULL;
	json_t *rows = json_array();
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == l->limit) {
			*next = "more";
			break;
		}
		last_id = db_column_int64(st, 0);
		last_at = db_column_int64(st, 4);
		json_array_append_new(rows,
				      json_pack("{s:I, s:s, s:s, s:I, s:o}", "id", (json_int_t)last_id, "event",
						db_column_text(st, 1), "ref", db_column_text(st, 2), "points",
						(json_int_t)db_column_int64(st, 3), "at", learn_json_time(st, 4)));
		n++;
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(rows);
		return rc;
	}
	/* Titles after the page is read: the statement above is done, so the lookups may reuse the connection. */
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_object_set_new(row, "content",
				    ref_content(db, official_id, json_string_value(json_object_get(row, "ref"))));
		json_array_append(items, row);
	}
	json_decref(rows);
	if (*next) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)last_at);
		*next = http_list_cursor(req, key, last_id);
		if (!*next)
			return DB_ERROR;
	}
	return 0;
}

void learn_karma_get_mine(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct http_list l;
	if (!db || http_list_params(req, &l))
		return;
	int64_t me = http_user(req)->id, now = util_now_ms(), month, next_month;
	learn_month_bounds(now, &month, &next_month);
	int64_t total = points_between(db, me, INT64_MIN, INT64_MAX);
	int64_t this_month = total < 0 ? DB_ERROR : points_between(db, me, month, next_month);
	json_t *rank = this_month < 0 ? NULL : ministry_rank(db, me, total);
	json_t *items = json_array();
	const char *next = NULL;
	if (!rank || ledger_page(req, db, me, &l, items, &next)) {
		json_decref(rank);
		json_decref(items);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200,
			json_pack("{s:I, s:I, s:o, s:o, s:o}", "total", (json_int_t)total, "this_month",
				  (json_int_t)this_month, "rank", rank, "items", items, "next_cursor",
				  next ? json_string(next) : json_null()));
}

/* --- the leaderboard --- */

/* [from, to) of a period: this UTC month, this UTC year, or all time. 0, or -1 for an unknown period. */
static int period_bounds(const char *period, int64_t now, int64_t *from, int64_t *to)
{
	if (!strcmp(period, "month")) {
		learn_month_bounds(now, from, to);
		return 0;
	}
	if (!strcmp(period, "year")) {
		time_t t = (time_t)(now / 1000);
		struct tm tm;
		gmtime_r(&t, &tm);
		*from = learn_year_start(tm.tm_year + 1900);
		*to = learn_year_start(tm.tm_year + 1901);
		return 0;
	}
	if (!strcmp(period, "all")) {
		*from = INT64_MIN;
		*to = INT64_MAX;
		return 0;
	}
	return -1;
}

#define BOARD_CTE                                                                                                      \
	"WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT o.id FROM organisations o "             \
	"JOIN sub ON o.parent_id = sub.id), "                                                                          \
	"board(official_id, points) AS (SELECT l.official_id, SUM(l.points) FROM karma_ledger l JOIN officials f "     \
	"ON f.id = l.official_id WHERE f.org_id IN (SELECT id FROM sub) AND l.at >= $2 AND l.at < $3 "                 \
	"GROUP BY l.official_id HAVING SUM(l.points) > 0) "

static json_t *board_rows(struct db_conn *db, int64_t org_id, int64_t from, int64_t to, int limit)
{
	struct db_stmt *st = db_prepare(
		db, BOARD_CTE
		"SELECT f.id, f.name_en, f.name_hi, b.points, o.id, o.code, o.name_en, o.name_hi "
		"FROM board b JOIN officials f ON f.id = b.official_id JOIN organisations o ON o.id = f.org_id "
		"ORDER BY b.points DESC, f.name_en, f.id LIMIT $4");
	if (!st || db_bind_int64(st, 1, org_id) || db_bind_int64(st, 2, from) || db_bind_int64(st, 3, to) ||
	    db_bind_int64(st, 4, limit)) {
		db_finish(st);
		return NULL;
	}
	json_t *items = json_array();
	int rc, n = 0;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(items, json_pack("{s:i, s:{s:I, s:s, s:o, s:{s:I, s:s, s:s, s:o}}, s:I}", "rank",
						       ++n, "official", "id", (json_int_t)db_column_int64(st, 0),
						       "name_en", db_column_text(st, 1), "name_hi",
						       learn_json_text(db_column_text(st, 2)), "org", "id",
						       (json_int_t)db_column_int64(st, 4), "code",
						       db_column_text(st, 5), "name_en", db_column_text(st, 6),
						       "name_hi", learn_json_text(db_column_text(st, 7)), "points",
						       (json_int_t)db_column_int64(st, 3)));
	db_finish(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

/* The caller's own place on the board: {rank, points}, or JSON null when they have no points there. */
static json_t *board_me(struct db_conn *db, int64_t org_id, int64_t from, int64_t to, int64_t me, bool *err)
{
	struct db_stmt *st = db_prepare(
		db, BOARD_CTE ", mine(points, name_en) AS (SELECT b.points, f.name_en FROM board b JOIN officials f ON "
			      "f.id = b.official_id WHERE b.official_id = $4) "
			      "SELECT m.points, (SELECT count(*) FROM board b JOIN officials f ON f.id = b.official_id "
			      "WHERE b.points > m.points OR (b.points = m.points AND (f.name_en < m.name_en OR "
			      "(f.name_en = m.name_en AND f.id < $4)))) FROM mine m");
	*err = !st || db_bind_int64(st, 1, org_id) || db_bind_int64(st, 2, from) || db_bind_int64(st, 3, to) ||
	       db_bind_int64(st, 4, me);
	int rc = *err ? DB_ERROR : db_step(st);
	json_t *out = json_null();
	if (rc == DB_ROW)
		out = json_pack("{s:I, s:I}", "rank", (json_int_t)(db_column_int64(st, 1) + 1), "points",
				(json_int_t)db_column_int64(st, 0));
	db_finish(st);
	*err = rc < 0 || !out;
	return out;
}

/* Reads ?period= and ?limit=. 0, or -1 with a 422 set. */
static int board_params(struct http_request *req, const char **period, int *limit)
{
	json_t *errors = NULL;
	const char *p = http_query(req, "period"), *l = http_query(req, "limit");
	*period = p ? p : "month";
	if (strcmp(*period, "month") && strcmp(*period, "year") && strcmp(*period, "all"))
		http_field_error(&errors, "period", "must be month, year or all");
	*limit = BOARD_DEFAULT;
	if (l) {
		char *end;
		long v = strtol(l, &end, 10);
		if (!*l || *end || v < 1 || v > BOARD_MAX)
			http_field_error(&errors, "limit", "must be a whole number from 1 to 100");
		else
			*limit = (int)v;
	}
	if (errors) {
		http_reply_invalid(req, errors);
		return -1;
	}
	return 0;
}

void learn_karma_get_leaderboard(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	int64_t org_id;
	if (!db || http_param_id(req, "id", &org_id))
		return;
	json_t *org = NULL;
	int rc = learn_org_brief(db, org_id, &org);
	if (rc <= 0) {
		if (rc < 0)
			http_reply_db_error(req);
		else
			http_reply_not_found(req, "organisation");
		return;
	}
	const struct http_user *u = http_user(req);
	if (!org_in_subtree(db, u->org_id, org_id) && !org_can_admin(db, u->id, org_id)) {
		json_decref(org);
		http_reply_problem(
			req, 403, "forbidden",
			"Only officials of this organisation and its units, and its administrators, may see its "
			"leaderboard.");
		return;
	}
	const char *period;
	int limit;
	if (board_params(req, &period, &limit)) {
		json_decref(org);
		return;
	}
	int64_t from, to;
	(void)period_bounds(period, util_now_ms(), &from, &to);
	bool err = false;
	json_t *items = board_rows(db, org_id, from, to, limit);
	json_t *me = items ? board_me(db, org_id, from, to, u->id, &err) : NULL;
	if (!items || err) {
		json_decref(org);
		json_decref(items);
		json_decref(me);
		http_reply_db_error(req);
		return;
	}
	char f[32], t[32];
	if (from != INT64_MIN) {
		util_iso8601(from, f);
		util_iso8601(to, t);
	}
	http_reply_json(req, 200,
			json_pack("{s:o, s:s, s:o, s:o, s:o, s:o}", "org", org, "period", period, "from",
				  from != INT64_MIN ? json_string(f) : json_null(), "to",
				  from != INT64_MIN ? json_string(t) : json_null(), "items", items, "me", me));
}
