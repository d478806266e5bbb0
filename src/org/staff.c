/* The staff list: an administrator's officials, searched, filtered and keyset-paged, streamed straight
 * from the rows into the answer; and the designations a form offers. */
#include "org/officials_int.h"

#include "http/input.h"
#include "http/list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the staff list --- */

struct staff_filter {
	int64_t org_id;
	int subtree;
	const char *q, *group, *designation, *status;
};

static json_t *read_filter(struct http_request *req, struct staff_filter *f)
{
	json_t *errors = NULL;
	const char *org = http_query(req, "org_id");
	char *end = NULL;
	f->org_id = org ? strtoll(org, &end, 10) : 0;
	if (!org || !*org || *end || f->org_id < 1)
		http_field_error(&errors, "org_id", "is required: the id of an organisation you administer");
	const char *sub = http_query(req, "subtree");
	f->subtree = !sub || strcmp(sub, "0");
	if (sub && strcmp(sub, "0") && strcmp(sub, "1"))
		http_field_error(&errors, "subtree", "must be 0 or 1");
	f->q = http_query(req, "q");
	if (f->q && strlen(f->q) > 200)
		http_field_error(&errors, "q", "must be at most 200 characters");
	f->group = http_query(req, "group");
	if (f->group && !org_official_choice("|A|B|C|", f->group))
		http_field_error(&errors, "group", "must be A, B or C");
	f->designation = http_query(req, "designation");
	if (f->designation && strlen(f->designation) > 32)
		http_field_error(&errors, "designation", "must be a designation code");
	f->status = http_query(req, "status");
	if (f->status && !org_official_choice("|active|suspended|retired|", f->status))
		http_field_error(&errors, "status", "must be active, suspended or retired");
	return errors;
}

#define STAFF_FILTERS                                                                                           \
	"AND ($3 = '%%' OR LOWER(f.name_en) LIKE $3 ESCAPE '\\' OR LOWER(f.email) LIKE $3 ESCAPE '\\' "              \
	" OR LOWER(f.employee_code) LIKE $3 ESCAPE '\\' OR f.name_hi LIKE $3 ESCAPE '\\') "                          \
	"AND ($4 = '' OR f.grp = $4) AND ($5 = '' OR f.designation = $5) AND ($6 = '' OR f.status = $6) "          \
	"AND (f.name_en, f.id) > ($7, CAST($8 AS BIGINT)) ORDER BY f.name_en, f.id LIMIT $9"

static const char STAFF_SUBTREE_SQL[] =
	"WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT o.id FROM organisations o "
	"JOIN sub ON o.parent_id = sub.id WHERE CAST($2 AS BIGINT) = 1) "
	"SELECT " OFFICIAL_COLUMNS OFFICIAL_FROM " WHERE f.org_id IN (SELECT id FROM sub) " STAFF_FILTERS;

static const char STAFF_ONE_ORG_SQL[] = "SELECT " OFFICIAL_COLUMNS OFFICIAL_FROM
					" WHERE f.org_id = $1 AND CAST($2 AS BIGINT) IN (0, 1) " STAFF_FILTERS;

static bool has_children(struct db_conn *db, int64_t org_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM organisations WHERE parent_id = $1 LIMIT 1");
	bool yes = st && !db_bind_int64(st, 1, org_id) && db_step(st) == DB_ROW;
	db_finish(st);
	return yes;
}

static void list_officials(struct http_request *req)
{
	struct http_list list;
	struct staff_filter f;
	struct db_conn *db = http_db(req);
	if (http_list_params(req, &list) || !db)
		return;
	json_t *errors = read_filter(req, &f);
	if (errors) {
		http_reply_invalid(req, errors);
		return;
	}
	if (!org_can_admin(db, http_user(req)->id, f.org_id)) {
		http_reply_problem(req, 403, "forbidden", "You can list the staff only of organisations you administer.");
		return;
	}
	/* One organisation (or one without units) reads straight off the (org_id, name, id) index in order;
	 * a subtree needs the recursive walk and a sort. */
	bool walk = f.subtree && has_children(db, f.org_id);
	struct db_stmt *st = db_prepare(db, walk ? STAFF_SUBTREE_SQL : STAFF_ONE_ORG_SQL);
	const char *pattern = http_list_like(req, f.q ? f.q : "");
	if (!st || !pattern || db_bind_int64(st, 1, f.org_id) || db_bind_int64(st, 2, f.subtree) ||
	    db_bind_text(st, 3, pattern) || db_bind_text(st, 4, f.group ? f.group : "") ||
	    db_bind_text(st, 5, f.designation ? f.designation : "") || db_bind_text(st, 6, f.status ? f.status : "") ||
	    db_bind_text(st, 7, list.key) || db_bind_int64(st, 8, list.id) || db_bind_int64(st, 9, list.limit + 1)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	/* Streamed: the page is written as rows arrive; the cursor comes from the last row written. */
	struct buf out;
	struct jsonw w;
	buf_init(&out, 16u << 20);
	jsonw_init(&w, &out);
	jsonw_object_begin(&w);
	jsonw_key(&w, "items");
	jsonw_array_begin(&w);
	int rc, n = 0;
	bool more = false;
	const char *last_name = NULL;
	int64_t last_id = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n++ == list.limit) {
			more = true;
			break;
		}
		org_official_write(&w, st);
		last_name = arena_strdup(http_arena(req), db_column_text(st, 3));
		last_id = db_column_int64(st, 0);
	}
	db_finish(st);
	jsonw_array_end(&w);
	jsonw_key(&w, "next_cursor");
	jsonw_string(&w, more && last_name ? http_list_cursor(req, last_name, last_id) : NULL);
	jsonw_object_end(&w);
	if (rc < 0 || jsonw_finish(&w))
		http_reply_db_error(req);
	else
		http_reply_bytes(req, 200, "application/json", out.data, out.len);
	buf_free(&out);
}

static void list_designations(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	if (!db)
		return;
	struct db_stmt *st = db_prepare(db, "SELECT code, name_en, name_hi, grp FROM designations ORDER BY name_en");
	json_t *items = json_array();
	int rc = st ? DB_DONE : DB_ERROR;
	while (st && (rc = db_step(st)) == DB_ROW)
		json_array_append_new(items, json_pack("{s:s, s:s, s:o, s:o}", "code", db_column_text(st, 0), "name",
						       db_column_text(st, 1), "name_hi", org_json_text(db_column_text(st, 2)),
						       "group", org_json_text(db_column_text(st, 3))));
	db_finish(st);
	if (rc < 0) {
		json_decref(items);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

const struct http_route org_staff_routes[] = {
	{"GET", "/api/v1/officials", list_officials, HTTP_SESSION, 0},
	{"GET", "/api/v1/designations", list_designations, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
