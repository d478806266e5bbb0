/* An official's plan items: what the published plans of their organisation (and those above it) ask of them,
 * by due date, each with where they stand in it (learn's enrolment): completed, in progress, enrolled, or only
 * assigned, and overdue when the due date passed before completion. Completion counts whenever it happened,
 * so an official who moves keeps the credit for what they already finished. */
#include "cbp/cbp_int.h"

#include "core/util.h"
#include "http/input.h"

#include <stdio.h>
#include <string.h>

#define MINE_MAX 500

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

static json_t *text_or_null(struct db_stmt *st, int col)
{
	const char *s = db_column_text(st, col);
	return s ? json_string(s) : json_null();
}

static json_t *row_json(struct db_stmt *st, const char *state)
{
	json_t *plan =
		json_pack("{s:I, s:I, s:I, s:s, s:s, s:o}", "id", (json_int_t)db_column_int64(st, 1), "year",
			  (json_int_t)db_column_int64(st, 2), "org_id", (json_int_t)db_column_int64(st, 3), "org_code",
			  db_column_text(st, 4), "org_name", db_column_text(st, 5), "org_name_hi", text_or_null(st, 6));
	json_t *content = json_pack("{s:I, s:s, s:s, s:o, s:o}", "id", (json_int_t)db_column_int64(st, 7), "code",
				    db_column_text(st, 8), "kind", db_column_text(st, 9), "title", text_or_null(st, 10),
				    "title_hi", text_or_null(st, 11));
	return json_pack("{s:I, s:o, s:o, s:s, s:o, s:b, s:s, s:I, s:o, s:o}", "item_id",
			 (json_int_t)db_column_int64(st, 0), "plan", plan, "content", content, "due",
			 db_column_text(st, 12), "due_at", cbp_time_json(db_column_int64(st, 13)), "mandatory",
			 db_column_int64(st, 14) != 0, "status", state, "progress",
			 (json_int_t)(db_column_null(st, 16) ? 0 : db_column_int64(st, 16)), "completed_at",
			 cbp_time_json(db_column_null(st, 17) ? 0 : db_column_int64(st, 17)), "assigned_at",
			 cbp_time_json(db_column_int64(st, 18)));
}

int cbp_my_plan_items(struct db_conn *conn, int64_t official_id, const char *filter, int64_t now, size_t max,
		      json_t *items, int64_t counts[3])
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
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *state = standing(db_column_text(st, 15), db_column_int64(st, 13), now);
		counts[!strcmp(state, "completed") ? 2 : !strcmp(state, "overdue") ? 1 : 0]++;
		if (wanted(filter, state) && json_array_size(items) < max)
			json_array_append_new(items, row_json(st, state));
	}
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
	json_t *items = json_array();
	int64_t counts[3];
	if (cbp_my_plan_items(conn, http_user(req)->id, filter, util_now_ms(), MINE_MAX, items, counts)) {
		json_decref(items);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

const struct http_route cbp_mine_routes[] = {
	{"GET", "/api/v1/me/plan-items", plan_items_mine, HTTP_SESSION, 0},
	{"GET", "/api/v1/me/home", cbp_home_get, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
