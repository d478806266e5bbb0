/* A plan's items: published content, a due date inside the plan's financial year, mandatory or recommended,
 * and an audience whose size is counted before it is saved. An audience that resolves to nobody is refused
 * with a warning unless the admin says to keep it (allow_empty_audience). */
#include "cbp/cbp_int.h"

#include "catalog/catalog.h"
#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"
#include "http/list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One item as a request gives it. */
struct item_input {
	int64_t content_id, due_at;
	char due_on[11];
	bool mandatory, allow_empty;
	struct cbp_audience audience;
};

/* --- reading --- */

static json_t *text_or_null(struct db_stmt *st, int col)
{
	const char *s = db_column_text(st, col);
	return s ? json_string(s) : json_null();
}

json_t *cbp_items_json(struct db_conn *conn, int64_t plan_id)
{
	struct db_stmt *st = db_prepare(
		conn, "SELECT i.id, i.seq, i.content_id, c.code, c.kind, v.title_en, v.title_hi, i.due_on, i.due_at, "
		      "i.mandatory, i.audience_count, c.status FROM cbp_items i JOIN contents c ON c.id = i.content_id "
		      "LEFT JOIN content_versions v ON v.id = c.published_version_id WHERE i.plan_id = $1 ORDER BY "
		      "i.due_at, i.seq");
	if (!st || db_bind_int64(st, 1, plan_id)) {
		db_finish(st);
		return NULL;
	}
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *content =
			json_pack("{s:I, s:s, s:s, s:o, s:o, s:s}", "id", (json_int_t)db_column_int64(st, 2), "code",
				  db_column_text(st, 3), "kind", db_column_text(st, 4), "title", text_or_null(st, 5),
				  "title_hi", text_or_null(st, 6), "status", db_column_text(st, 11));
		json_array_append_new(
			items,
			json_pack("{s:I, s:I, s:o, s:s, s:o, s:b, s:I}", "id", (json_int_t)db_column_int64(st, 0),
				  "seq", (json_int_t)db_column_int64(st, 1), "content", content, "due",
				  db_column_text(st, 7), "due_at", cbp_time_json(db_column_int64(st, 8)), "mandatory",
				  db_column_int64(st, 9) != 0, "audience_count", (json_int_t)db_column_int64(st, 10)));
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	/* Each item's audience, read once the list above is done with the connection's statement. */
	struct arena arena;
	arena_init(&arena, 4u << 20);
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item)
	{
		struct cbp_audience a;
		if (cbp_audience_load(conn, &arena, json_integer_value(json_object_get(item, "id")), &a)) {
			arena_free(&arena);
			json_decref(items);
			return NULL;
		}
		json_object_set_new(item, "audience", cbp_audience_json(&a));
	}
	arena_free(&arena);
	return items;
}

int cbp_items_copy(struct db_conn *conn, int64_t from_plan, int64_t to_plan, int64_t now)
{
	struct db_stmt *st =
		db_prepare(conn, "INSERT INTO cbp_items (plan_id, seq, content_id, due_on, due_at, mandatory, "
				 "audience_count, created_at, updated_at) SELECT $2, seq, content_id, due_on, "
				 "due_at, mandatory, audience_count, $3, $3 FROM cbp_items WHERE plan_id = $1");
	int rc = !st || db_bind_int64(st, 1, from_plan) || db_bind_int64(st, 2, to_plan) || db_bind_int64(st, 3, now)
			 ? DB_ERROR
			 : db_step(st);
	db_finish(st);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERROR;
	st = db_prepare(conn,
			"INSERT INTO cbp_audience (item_id, rule, kind, value) SELECT n.id, a.rule, a.kind, a.value "
			"FROM cbp_items o JOIN cbp_items n ON n.plan_id = $2 AND n.content_id = o.content_id JOIN "
			"cbp_audience a ON a.item_id = o.id WHERE o.plan_id = $1");
	rc = !st || db_bind_int64(st, 1, from_plan) || db_bind_int64(st, 2, to_plan) ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* --- checking --- */

/* Published, not retired content. Records what is wrong with content_id. Returns 0 or a negative DB_ code. */
static int check_content(struct db_conn *conn, int64_t id, json_t **errors)
{
	struct catalog_content c;
	int rc = catalog_content_load(conn, id, &c);
	if (rc < 0)
		return DB_ERROR;
	if (rc == 0)
		http_field_error(errors, "content_id", "is not content of the catalogue");
	else if (!strcmp(c.published_status, "retired"))
		http_field_error(errors, "content_id", "has been retired from the catalogue: choose a published item");
	else if (!c.published_id || strcmp(c.published_status, "published"))
		http_field_error(errors, "content_id", "is not published yet: only published content can be planned");
	return 0;
}

/* "YYYY-MM-DD" inside the plan's financial year (1 April of year to 31 March of year + 1); the item is due
 * at the end of that day in India (23:59:59 at UTC+05:30). */
static void read_due(json_t *body, const struct cbp_plan *p, struct item_input *in, json_t **errors)
{
	json_t *v = json_object_get(body, "due");
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	char iso[40];
	int64_t at = 0;
	if (!s || strlen(s) != 10 || snprintf(iso, sizeof iso, "%sT23:59:59+05:30", s) < 0 ||
	    !util_iso8601_parse(iso, &at)) {
		http_field_error(errors, "due", "must be a date written YYYY-MM-DD");
		return;
	}
	char from[32], to[32];
	snprintf(from, sizeof from, "%04lld-04-01", (long long)p->year);
	snprintf(to, sizeof to, "%04lld-03-31", (long long)p->year + 1);
	if (strcmp(s, from) < 0 || strcmp(s, to) > 0) {
		char msg[160];
		snprintf(msg, sizeof msg, "must fall within the plan's year, %s to %s", from, to);
		http_field_error(errors, "due", msg);
		return;
	}
	snprintf(in->due_on, sizeof in->due_on, "%s", s);
	in->due_at = at;
}

static void read_bool(json_t *body, const char *key, bool *out, json_t **errors)
{
	json_t *v = json_object_get(body, key);
	if (!v)
		return;
	if (!json_is_boolean(v))
		http_field_error(errors, key, "must be true or false");
	else
		*out = json_is_true(v);
}

/* Reads and checks an item; replies 422 (malformed, unknown), 403 (audience out of scope) or 503. Returns 1
 * when in is good, 0 with the reply set. */
static int read_item(struct http_request *req, json_t *body, const struct cbp_plan *p, struct item_input *in)
{
	memset(in, 0, sizeof *in);
	in->mandatory = true;
	json_t *errors = NULL, *scope = NULL;
	static const char *const KNOWN[] = {"content_id", "due", "mandatory", "audience", "allow_empty_audience", NULL};
	http_reject_unknown(body, KNOWN, "a plan item", &errors);
	struct db_conn *conn = http_db(req);
	json_t *cid = json_object_get(body, "content_id");
	int rc = 0;
	if (!json_is_integer(cid) || json_integer_value(cid) <= 0)
		http_field_error(&errors, "content_id", "is required: the id of published content");
	else if (!(rc = check_content(conn, json_integer_value(cid), &errors)))
		in->content_id = json_integer_value(cid);
	read_due(body, p, in, &errors);
	read_bool(body, "mandatory", &in->mandatory, &errors);
	read_bool(body, "allow_empty_audience", &in->allow_empty, &errors);
	if (!rc)
		rc = cbp_audience_read(conn, http_arena(req), body, p->org_id, &in->audience, &errors, &scope);
	if (rc) {
		json_decref(errors);
		json_decref(scope);
		http_reply_db_error(req);
		return 0;
	}
	if (scope) {
		json_decref(errors);
		http_reply_problem_errors(req, 403, "audience_out_of_scope",
					  "Part of this audience lies outside the organisation this plan is for.",
					  scope);
		return 0;
	}
	if (errors) {
		http_reply_invalid(req, errors);
		return 0;
	}
	return 1;
}

/* Counts the audience; an empty one is refused (422 audience_empty) unless allowed. Returns 1 to go on (sets
 * *count), 0 with the reply set. */
static int measure(struct http_request *req, const struct item_input *in, int64_t *count)
{
	int64_t per_rule[CBP_RULES_MAX];
	if (cbp_audience_measure(http_db(req), &in->audience, count, per_rule)) {
		http_reply_db_error(req);
		return 0;
	}
	if (*count > 0 || in->allow_empty)
		return 1;
	json_t *errors = NULL;
	http_field_error(&errors, "audience",
			 "resolves to nobody today: no active official matches any rule. Check the rules, or send "
			 "\"allow_empty_audience\": true to keep it for officials who will join");
	json_t *counts = json_array();
	for (size_t i = 0; i < in->audience.nrules; i++)
		json_array_append_new(counts, json_integer(per_rule[i]));
	http_reply_problem_with(
		req, 422, "audience_empty", "This audience resolves to nobody.",
		json_pack("{s:o, s:o, s:I}", "errors", errors, "rule_counts", counts, "count", (json_int_t)0));
	return 0;
}

/* --- writing --- */

static int item_write(struct db_conn *conn, int64_t plan_id, int64_t item_id, const struct item_input *in,
		      int64_t count, int64_t now, int64_t *id)
{
	struct db_stmt *st =
		item_id ? db_prepare(conn,
				     "UPDATE cbp_items SET content_id = $3, due_on = $4, due_at = $5, mandatory = $6, "
				     "audience_count = $7, updated_at = $8 WHERE id = $2 AND plan_id = $1 RETURNING id")
			: db_prepare(
				  conn,
				  "INSERT INTO cbp_items (plan_id, seq, content_id, due_on, due_at, mandatory, "
				  "audience_count, created_at, updated_at) SELECT $1, COALESCE(MAX(seq), 0) + 1, $3, "
				  "$4, $5, $6, $7, $8, $8 FROM cbp_items WHERE plan_id = $1 AND $2 = 0 RETURNING id");
	int rc = !st || db_bind_int64(st, 1, plan_id) || db_bind_int64(st, 2, item_id) ||
		 db_bind_int64(st, 3, in->content_id) || db_bind_text(st, 4, in->due_on) ||
		 db_bind_int64(st, 5, in->due_at) || db_bind_int64(st, 6, in->mandatory) ||
		 db_bind_int64(st, 7, count) || db_bind_int64(st, 8, now);
	if (!rc)
		rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Saves a new item (item_id 0) or replaces item_id of plan p. */
static void item_save(struct http_request *req, const struct cbp_plan *p, int64_t item_id)
{
	json_t *body = http_body_json(req);
	if (!body)
		return;
	struct item_input in;
	int64_t count = 0;
	int ok = read_item(req, body, p, &in) && measure(req, &in, &count);
	json_decref(body);
	if (!ok)
		return;
	struct db_conn *conn = http_db(req);
	int64_t now = util_now_ms(), id = 0;
	json_t *before = item_id ? cbp_items_json(conn, p->id) : NULL;
	int rc = db_begin(conn);
	if (!rc)
		rc = item_write(conn, p->id, item_id, &in, count, now, &id);
	if (rc == DB_CONSTRAINT) {
		db_rollback(conn);
		json_decref(before);
		http_reply_problem(req, 409, "item_exists",
				   "This plan already has an item for that content: change that item.");
		return;
	}
	if (!rc)
		rc = cbp_audience_store(conn, id, &in.audience);
	char detail[64];
	snprintf(detail, sizeof detail, "item %lld", (long long)id);
	if (!rc)
		rc = cbp_event_add(conn, p->id, http_user(req)->id, item_id ? "item_changed" : "item_added", detail,
				   now);
	if (rc) {
		db_rollback(conn);
		json_decref(before);
		http_reply_db_error(req);
		return;
	}
	cbp_commit_and_reply(req, conn, p->id, p->org_id, item_id ? "cbp_plan.item_update" : "cbp_plan.item_add",
			     before, item_id ? 200 : 201);
}

/* The item {item} of plan p: 1 when it is there, 0 with a 404 set. */
static int item_of(struct http_request *req, const struct cbp_plan *p, int64_t *item_id)
{
	if (http_param_id(req, "item", item_id))
		return 0;
	struct db_stmt *st = db_prepare(http_db(req), "SELECT 1 FROM cbp_items WHERE id = $1 AND plan_id = $2");
	if (!st || db_bind_int64(st, 1, *item_id) || db_bind_int64(st, 2, p->id)) {
		db_finish(st);
		http_reply_db_error(req);
		return 0;
	}
	int rc = db_step(st);
	db_finish(st);
	if (rc < 0) {
		http_reply_db_error(req);
		return 0;
	}
	if (rc != DB_ROW) {
		http_reply_not_found(req, "plan item");
		return 0;
	}
	return 1;
}

void cbp_item_post(struct http_request *req)
{
	struct cbp_plan p;
	if (cbp_plan_for_admin(req, &p) && cbp_plan_require_draft(req, &p))
		item_save(req, &p, 0);
}

void cbp_item_put(struct http_request *req)
{
	struct cbp_plan p;
	int64_t item_id;
	if (cbp_plan_for_admin(req, &p) && cbp_plan_require_draft(req, &p) && item_of(req, &p, &item_id))
		item_save(req, &p, item_id);
}

void cbp_item_delete(struct http_request *req)
{
	struct cbp_plan p;
	int64_t item_id;
	if (!cbp_plan_for_admin(req, &p) || !cbp_plan_require_draft(req, &p) || !item_of(req, &p, &item_id))
		return;
	struct db_conn *conn = http_db(req);
	json_t *before = cbp_items_json(conn, p.id);
	int64_t now = util_now_ms();
	int rc = before ? db_begin(conn) : DB_ERROR;
	if (!rc)
		rc = cbp_audience_delete(conn, item_id);
	struct db_stmt *st = rc ? NULL : db_prepare(conn, "DELETE FROM cbp_items WHERE id = $1");
	if (!rc)
		rc = !st || db_bind_int64(st, 1, item_id) ? DB_ERROR : db_step(st) == DB_DONE ? 0 : DB_ERROR;
	db_finish(st);
	char detail[64];
	snprintf(detail, sizeof detail, "item %lld", (long long)item_id);
	if (!rc)
		rc = cbp_event_add(conn, p.id, http_user(req)->id, "item_removed", detail, now);
	if (rc) {
		db_rollback(conn);
		json_decref(before);
		http_reply_db_error(req);
		return;
	}
	cbp_commit_and_reply(req, conn, p.id, p.org_id, "cbp_plan.item_remove", before, 200);
}

/* POST /cbp-plans/{id}/audience-preview {audience}: how many officials it resolves to, in all and per rule,
 * for the plan builder's live count. Changes nothing. */
void cbp_audience_preview(struct http_request *req)
{
	struct cbp_plan p;
	if (!cbp_plan_for_admin(req, &p))
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	json_t *errors = NULL, *scope = NULL;
	static const char *const KNOWN[] = {"audience", NULL};
	http_reject_unknown(body, KNOWN, "an audience preview", &errors);
	struct cbp_audience a;
	int rc = cbp_audience_read(http_db(req), http_arena(req), body, p.org_id, &a, &errors, &scope);
	json_decref(body);
	if (rc) {
		json_decref(errors);
		json_decref(scope);
		http_reply_db_error(req);
		return;
	}
	if (scope) {
		json_decref(errors);
		http_reply_problem_errors(req, 403, "audience_out_of_scope",
					  "Part of this audience lies outside the organisation this plan is for.",
					  scope);
		return;
	}
	if (errors) {
		http_reply_invalid(req, errors);
		return;
	}
	int64_t total = 0, per_rule[CBP_RULES_MAX];
	if (cbp_audience_measure(http_db(req), &a, &total, per_rule)) {
		http_reply_db_error(req);
		return;
	}
	json_t *counts = json_array();
	for (size_t i = 0; i < a.nrules; i++)
		json_array_append_new(counts, json_integer(per_rule[i]));
	http_reply_json(req, 200, json_pack("{s:I, s:o}", "count", (json_int_t)total, "rule_counts", counts));
}
