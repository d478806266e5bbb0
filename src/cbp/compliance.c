/* Compliance with a published plan: for each item, how many of its assigned officials have enrolled, are in
 * progress, have completed, and are overdue (not completed by the due date); then by organisation, and the
 * officials themselves, for the drill-down. Only current assignments count: one who left the audience does
 * not. Completion counts whenever it happened. */
#include "cbp/cbp_int.h"

#include "core/util.h"
#include "http/input.h"
#include "http/list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where an assignment stands, as SQL over a (cbp_assignments) and e (its enrolment, if any); $2 is now. */
#define STANDING                                                                                                       \
	"CASE WHEN e.status = 'completed' THEN 'completed' WHEN a.due_at < $2 THEN 'overdue' WHEN e.status IN "        \
	"('enrolled', 'in_progress') THEN e.status ELSE 'assigned' END"
#define COUNTS                                                                                                         \
	"COUNT(*), SUM(CASE WHEN e.status IN ('enrolled', 'in_progress', 'completed') THEN 1 ELSE 0 END), "            \
	"SUM(CASE WHEN e.status = 'in_progress' THEN 1 ELSE 0 END), SUM(CASE WHEN e.status = 'completed' THEN 1 "      \
	"ELSE 0 END), SUM(CASE WHEN (e.status IS NULL OR e.status <> 'completed') AND a.due_at < $2 THEN 1 ELSE 0 "    \
	"END)"
#define FROM_ASSIGNMENTS                                                                                               \
	" FROM cbp_assignments a LEFT JOIN enrolments e ON e.official_id = a.official_id AND e.content_id = "          \
	"a.content_id"

/* {assigned, enrolled, in_progress, completed, overdue, completion_percent} from COUNTS at column col. */
static json_t *counts_json(struct db_stmt *st, int col)
{
	int64_t assigned = db_column_int64(st, col), completed = db_column_int64(st, col + 3);
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "assigned", (json_int_t)assigned, "enrolled",
			 (json_int_t)db_column_int64(st, col + 1), "in_progress",
			 (json_int_t)db_column_int64(st, col + 2), "completed", (json_int_t)completed, "overdue",
			 (json_int_t)db_column_int64(st, col + 4), "completion_percent",
			 (json_int_t)(assigned ? completed * 100 / assigned : 0));
}

/* Reads ?item_id= (0 when absent); 1 when good, 0 with a 422 set. */
static int item_param(struct http_request *req, int64_t *item_id)
{
	*item_id = 0;
	const char *s = http_query(req, "item_id");
	if (!s)
		return 1;
	char *end = NULL;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0) {
		json_t *errors = NULL;
		http_field_error(&errors, "item_id", "must be the id of an item of this plan");
		http_reply_invalid(req, errors);
		return 0;
	}
	*item_id = v;
	return 1;
}

/* GET /cbp-plans/{id}/compliance: the plan's items with their counts, and the plan's totals. */
static void compliance_items(struct http_request *req)
{
	struct cbp_plan p;
	if (!cbp_plan_for_reader(req, &p))
		return;
	struct db_conn *conn = http_db(req);
	json_t *items = cbp_items_json(conn, p.id);
	struct db_stmt *st =
		items ? db_prepare(conn, "SELECT a.item_id, " COUNTS FROM_ASSIGNMENTS " WHERE a.plan_id = $1 "
					 "AND a.left_at IS NULL GROUP BY a.item_id")
		      : NULL;
	if (!st || db_bind_int64(st, 1, p.id) || db_bind_int64(st, 2, util_now_ms())) {
		db_finish(st);
		json_decref(items);
		http_reply_db_error(req);
		return;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		size_t i;
		json_t *item;
		json_array_foreach(items, i, item)
		{
			if (json_integer_value(json_object_get(item, "id")) == db_column_int64(st, 0))
				json_object_set_new(item, "compliance", counts_json(st, 1));
		}
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(items);
		http_reply_db_error(req);
		return;
	}
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item)
	{
		json_object_del(item, "audience");
		if (!json_object_get(item, "compliance"))
			json_object_set_new(item, "compliance",
					    json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}", "assigned", 0, "enrolled", 0,
						      "in_progress", 0, "completed", 0, "overdue", 0,
						      "completion_percent", 0));
	}
	http_reply_json(req, 200,
			json_pack("{s:I, s:s, s:o}", "plan_id", (json_int_t)p.id, "status", p.status, "items", items));
}

/* GET /cbp-plans/{id}/compliance/orgs?item_id=: the counts by the officials' organisation, most assigned first. */
static void compliance_orgs(struct http_request *req)
{
	struct cbp_plan p;
	int64_t item_id;
	if (!cbp_plan_for_reader(req, &p) || !item_param(req, &item_id))
		return;
	struct db_stmt *st =
		db_prepare(http_db(req),
			   "SELECT g.id, g.code, g.name_en, g.name_hi, " COUNTS FROM_ASSIGNMENTS
			   " JOIN officials o ON o.id = a.official_id JOIN organisations g ON g.id = o.org_id WHERE "
			   "a.plan_id = $1 AND a.left_at IS NULL AND ($3 = 0 OR a.item_id = $3) GROUP BY g.id, g.code, "
			   "g.name_en, g.name_hi ORDER BY COUNT(*) DESC, g.id LIMIT 500");
	if (!st || db_bind_int64(st, 1, p.id) || db_bind_int64(st, 2, util_now_ms()) || db_bind_int64(st, 3, item_id)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	json_t *rows = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *hi = db_column_text(st, 3);
		json_t *org = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)db_column_int64(st, 0), "code",
					db_column_text(st, 1), "name", db_column_text(st, 2), "name_hi",
					hi ? json_string(hi) : json_null());
		json_array_append_new(rows, json_pack("{s:o, s:o}", "org", org, "compliance", counts_json(st, 4)));
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(rows);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o}", "items", rows));
}

static const char *const STANDINGS[] = {"assigned", "enrolled", "in_progress", "completed", "overdue", NULL};

/* GET /cbp-plans/{id}/compliance/officials?item_id=&org_id=&status=&limit=&cursor=: who stands where. */
static void compliance_officials(struct http_request *req)
{
	struct cbp_plan p;
	int64_t item_id;
	struct http_list list;
	if (!cbp_plan_for_reader(req, &p) || !item_param(req, &item_id) || http_list_params(req, &list))
		return;
	const char *status = http_query(req, "status"), *org = http_query(req, "org_id");
	json_t *errors = NULL;
	bool known = !status;
	for (const char *const *s = STANDINGS; status && *s; s++)
		known = known || !strcmp(status, *s);
	if (!known)
		http_field_error(&errors, "status", "must be assigned, enrolled, in_progress, completed or overdue");
	char *end = NULL;
	long long org_id = org ? strtoll(org, &end, 10) : 0;
	if (org && (!*org || *end || org_id <= 0))
		http_field_error(&errors, "org_id", "must be the id of an organisation");
	if (!item_id)
		http_field_error(&errors, "item_id", "is required: the item whose officials to list");
	if (errors) {
		http_reply_invalid(req, errors);
		return;
	}
	struct db_stmt *st = db_prepare(
		http_db(req), "SELECT * FROM (SELECT a.official_id, o.name_en, o.name_hi, o.email, o.designation, "
			      "g.code, g.name_en AS "
			      "org_name, " STANDING
			      " AS standing, COALESCE(e.progress, 0), COALESCE(e.completed_at, 0)" FROM_ASSIGNMENTS
			      " JOIN officials o ON o.id = a.official_id JOIN organisations g ON g.id = o.org_id WHERE "
			      "a.plan_id = $1 AND "
			      "a.item_id = $3 AND a.left_at IS NULL AND ($4 = 0 OR o.org_id = $4) AND a.official_id > "
			      "$5) x WHERE ($6 = "
			      "'' OR x.standing = $6) ORDER BY x.official_id LIMIT $7");
	if (!st || db_bind_int64(st, 1, p.id) || db_bind_int64(st, 2, util_now_ms()) || db_bind_int64(st, 3, item_id) ||
	    db_bind_int64(st, 4, org_id) || db_bind_int64(st, 5, list.id) ||
	    db_bind_text(st, 6, status ? status : "") || db_bind_int64(st, 7, list.limit + 1)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	json_t *rows = json_array();
	int rc, n = 0;
	int64_t last = 0;
	bool more = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n++ == list.limit) {
			more = true;
			break;
		}
		last = db_column_int64(st, 0);
		const char *hi = db_column_text(st, 2), *designation = db_column_text(st, 4);
		json_array_append_new(
			rows, json_pack("{s:I, s:s, s:o, s:s, s:o, s:{s:s, s:s}, s:s, s:I, s:o}", "id",
					(json_int_t)last, "name", db_column_text(st, 1), "name_hi",
					hi ? json_string(hi) : json_null(), "email", db_column_text(st, 3),
					"designation", designation ? json_string(designation) : json_null(), "org",
					"code", db_column_text(st, 5), "name", db_column_text(st, 6), "status",
					db_column_text(st, 7), "progress", (json_int_t)db_column_int64(st, 8),
					"completed_at", cbp_time_json(db_column_int64(st, 9))));
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(rows);
		http_reply_db_error(req);
		return;
	}
	const char *cursor = more ? http_list_cursor(req, "", last) : NULL;
	http_reply_json(
		req, 200,
		json_pack("{s:o, s:o}", "items", rows, "next_cursor", cursor ? json_string(cursor) : json_null()));
}

const struct http_route cbp_compliance_routes[] = {
	{"GET", "/api/v1/cbp-plans/{id}/compliance", compliance_items, HTTP_SESSION, 0},
	{"GET", "/api/v1/cbp-plans/{id}/compliance/orgs", compliance_orgs, HTTP_SESSION, 0},
	{"GET", "/api/v1/cbp-plans/{id}/compliance/officials", compliance_officials, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
