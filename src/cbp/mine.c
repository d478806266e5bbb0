/* An official's plan items: what the published plans of their organisation (and those above it) ask of them,
 * by due date, each with where they stand in it (learn's enrolment): completed, in progress, enrolled, or only
 * assigned, and overdue when the due date passed before completion. Completion counts whenever it happened,
 * so an official who moves keeps the credit for what they already finished. */
#include "cbp/cbp_int.h"

#include "core/jsonw.h"
#include "core/util.h"
#include "http/input.h"

#include <stdio.h>
#include <string.h>

#define MINE_MAX 500
#define MINE_BODY_MAX (4u << 20) /* 500 items of about 700 bytes */

/* Where the official stands in an item: learn's status, overdue when not completed by the due date. */
static const char *standing(const char *enrolment, int64_t due_at, int64_t now)
{
	if (enrolment && !strcmp(enrolment, "completed"))
		return "completed";
	if (due_at < now)
		return "overdue";
	if (enrolment && (!strcmp(enrolment, "in_progress") || !strcmp(enrolment, "enrolled")))
		return enrolment;
	return "assigned";
}

/* ?status= filters: upcoming (not completed, not overdue), overdue, completed, all (default). */
static bool wanted(const char *filter, const char *standing_now)
{
	if (!filter || !strcmp(filter, "all"))
		return true;
	if (!strcmp(filter, "open")) /* the home page: what is still to do */
		return strcmp(standing_now, "completed") != 0;
	if (!strcmp(filter, "upcoming"))
		return strcmp(standing_now, "completed") && strcmp(standing_now, "overdue");
	return !strcmp(filter, standing_now);
}

static void write_text(struct jsonw *w, const char *key, struct db_stmt *st, int col)
{
	jsonw_key(w, key);
	jsonw_string(w, db_column_text(st, col));
}

static void write_int(struct jsonw *w, const char *key, int64_t v)
{
	jsonw_key(w, key);
	jsonw_int(w, v);
}

static void write_row(struct jsonw *w, struct db_stmt *st, const char *state)
{
	jsonw_object_begin(w);
	write_int(w, "item_id", db_column_int64(st, 0));
	jsonw_key(w, "plan");
	jsonw_object_begin(w);
	write_int(w, "id", db_column_int64(st, 1));
	write_int(w, "year", db_column_int64(st, 2));
	write_int(w, "org_id", db_column_int64(st, 3));
	write_text(w, "org_code", st, 4);
	write_text(w, "org_name", st, 5);
	write_text(w, "org_name_hi", st, 6);
	jsonw_object_end(w);
	jsonw_key(w, "content");
	jsonw_object_begin(w);
	write_int(w, "id", db_column_int64(st, 7));
	write_text(w, "code", st, 8);
	write_text(w, "kind", st, 9);
	write_text(w, "title", st, 10);
	write_text(w, "title_hi", st, 11);
	jsonw_object_end(w);
	write_text(w, "due", st, 12);
	jsonw_key(w, "due_at");
	jsonw_time(w, db_column_int64(st, 13));
	jsonw_key(w, "mandatory");
	jsonw_bool(w, db_column_int64(st, 14) != 0);
	jsonw_key(w, "status");
	jsonw_string(w, state);
	write_int(w, "progress", db_column_null(st, 16) ? 0 : db_column_int64(st, 16));
	jsonw_key(w, "completed_at");
	if (db_column_null(st, 17))
		jsonw_null(w);
	else
		jsonw_time(w, db_column_int64(st, 17));
	jsonw_key(w, "assigned_at");
	jsonw_time(w, db_column_int64(st, 18));
	jsonw_object_end(w);
}

int cbp_my_plan_items(struct db_conn *conn, int64_t official_id, const char *filter, int64_t now, size_t max,
		      struct jsonw *w, int64_t counts[3])
{
	counts[0] = counts[1] = counts[2] = 0;
	struct db_stmt *st = db_prepare(
		conn,
		"SELECT a.item_id, p.id, p.year, p.org_id, g.code, g.name_en, g.name_hi, c.id, c.code, c.kind, "
		"v.title_en, v.title_hi, i.due_on, a.due_at, a.mandatory, e.status, e.progress, e.completed_at, "
		"a.assigned_at FROM cbp_assignments a JOIN cbp_items i ON i.id = a.item_id JOIN cbp_plans p ON p.id "
		"= a.plan_id JOIN organisations g ON g.id = p.org_id JOIN contents c ON c.id = a.content_id LEFT "
		"JOIN content_versions v ON v.id = c.published_version_id LEFT JOIN enrolments e ON e.official_id "
		"= a.official_id AND e.content_id = a.content_id WHERE a.official_id = $1 AND a.left_at IS NULL "
		"AND p.status = 'published' ORDER BY a.due_at, a.item_id LIMIT 500");
	if (!st || db_bind_int64(st, 1, official_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	size_t written = 0;
	int rc;
	jsonw_array_begin(w);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *state = standing(db_column_text(st, 15), db_column_int64(st, 13), now);
		counts[!strcmp(state, "completed") ? 2 : !strcmp(state, "overdue") ? 1 : 0]++;
		if (wanted(filter, state) && written < max) {
			write_row(w, st, state);
			written++;
		}
	}
	jsonw_array_end(w);
	db_finish(st);
	return rc < 0 ? rc : 0;
}

static void plan_items_mine(struct http_request *req)
{
	const char *filter = http_query(req, "status");
	if (filter && strcmp(filter, "all") && strcmp(filter, "upcoming") && strcmp(filter, "overdue") &&
	    strcmp(filter, "completed")) {
		json_t *errors = NULL;
		http_field_error(&errors, "status", "must be upcoming, overdue, completed or all");
		http_reply_invalid(req, errors);
		return;
	}
	struct db_conn *conn = http_db(req);
	if (!conn)
		return;
	struct buf out;
	struct jsonw w;
	int64_t counts[3];
	buf_init(&out, MINE_BODY_MAX);
	jsonw_init(&w, &out);
	jsonw_object_begin(&w);
	jsonw_key(&w, "items");
	int rc = cbp_my_plan_items(conn, http_user(req)->id, filter, util_now_ms(), MINE_MAX, &w, counts);
	jsonw_key(&w, "next_cursor");
	jsonw_null(&w);
	jsonw_object_end(&w);
	if (rc || jsonw_finish(&w))
		http_reply_db_error(req);
	else
		http_reply_bytes(req, 200, "application/json", out.data, out.len);
	buf_free(&out);
}

const struct http_route cbp_mine_routes[] = {
	{"GET", "/api/v1/me/plan-items", plan_items_mine, HTTP_SESSION, 0},
	{"GET", "/api/v1/me/home", cbp_home_get, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
