/* The organisation tree: ministries, departments, offices, field units, states, institutions, providers.
 * Any session may read the tree; writes need mdo_admin or spv_admin on the place they change. */
#include "org/org_int.h"

#include "http/input.h"
#include "core/util.h"
#include "http/audit.h"
#include "http/list.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define ORG_COLUMNS "o.id, o.code, o.name_en, o.name_hi, o.kind, o.parent_id, o.ministry_id, o.status, o.created_at, o.updated_at"

static const char *const KINDS[] = {"ministry",   "department", "attached_office",      "subordinate_office",
				    "field_unit", "organisation", "state", "training_institution", "provider",
				    "spv",        NULL};

static bool kind_known(const char *k)
{
	for (const char *const *p = KINDS; *p; p++)
		if (!strcmp(*p, k))
			return true;
	return false;
}

/* Builds ORG from a row whose first ten columns are ORG_COLUMNS. */
static json_t *org_from_row(struct db_stmt *st)
{
	json_t *parent = db_column_null(st, 5) ? json_null() : json_integer(db_column_int64(st, 5));
	json_t *ministry = db_column_null(st, 6) ? json_null() : json_integer(db_column_int64(st, 6));
	return json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:o, s:s, s:o, s:o}", "id", (json_int_t)db_column_int64(st, 0),
			 "code", db_column_text(st, 1), "name", db_column_text(st, 2), "name_hi",
			 org_json_text(db_column_text(st, 3)), "kind", db_column_text(st, 4), "parent_id", parent,
			 "ministry_id", ministry, "status", db_column_text(st, 7), "created_at",
			 org_json_time(db_column_int64(st, 8)), "updated_at", org_json_time(db_column_int64(st, 9)));
}

/* Loads ORG by id. Returns 1 found (sets *out, a new reference), 0 unknown, -1 error. */
static int org_load(struct db_conn *db, int64_t id, json_t **out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " ORG_COLUMNS " FROM organisations o WHERE o.id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = org_from_row(st);
	db_finish(st);
	return rc == DB_ROW ? (*out ? 1 : -1) : rc == DB_DONE ? 0 : -1;
}

int org_find_by_code(struct db_conn *conn, const char *code, int64_t *id)
{
	struct db_stmt *st = db_prepare(conn, "SELECT id FROM organisations WHERE code = $1");
	if (!st || db_bind_text(st, 1, code)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int org_ministry_of(struct db_conn *conn, int64_t org_id, int64_t *ministry_id)
{
	struct db_stmt *st = db_prepare(conn, "SELECT COALESCE(ministry_id, id) FROM organisations WHERE id = $1");
	if (!st || db_bind_int64(st, 1, org_id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*ministry_id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

bool org_in_subtree(struct db_conn *conn, int64_t org_id, int64_t root_id)
{
	struct db_stmt *st = db_prepare(
		conn, "WITH RECURSIVE up(id, parent_id) AS ("
		      "  SELECT id, parent_id FROM organisations WHERE id = $1"
		      "  UNION ALL SELECT o.id, o.parent_id FROM organisations o JOIN up ON o.id = up.parent_id)"
		      " SELECT 1 FROM up WHERE id = $2");
	bool yes = st && !db_bind_int64(st, 1, org_id) && !db_bind_int64(st, 2, root_id) && db_step(st) == DB_ROW;
	db_finish(st);
	return yes;
}

static json_t *org_path(struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(
		db, "WITH RECURSIVE up(id, parent_id, depth) AS ("
		    "  SELECT id, parent_id, 0 FROM organisations WHERE id = $1"
		    "  UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM organisations o JOIN up ON o.id = up.parent_id)"
		    " SELECT o.id, o.code, o.name_en, o.name_hi FROM up JOIN organisations o ON o.id = up.id"
		    " WHERE up.depth > 0 ORDER BY up.depth DESC");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return NULL;
	}
	json_t *path = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(path, json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)db_column_int64(st, 0),
						      "code", db_column_text(st, 1), "name", db_column_text(st, 2),
						      "name_hi", org_json_text(db_column_text(st, 3))));
	db_finish(st);
	if (rc < 0) {
		json_decref(path);
		return NULL;
	}
	return path;
}

static int64_t count_of(struct db_conn *db, const char *sql, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t n = -1;
	if (st && !db_bind_int64(st, 1, id) && db_step(st) == DB_ROW)
		n = db_column_int64(st, 0);
	db_finish(st);
	return n;
}

static void get_org(struct http_request *req)
{
	int64_t id;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	json_t *org = NULL;
	int found = org_load(db, id, &org);
	if (found <= 0) {
		found < 0 ? http_reply_db_error(req) : http_reply_not_found(req, "organisation");
		return;
	}
	json_t *path = org_path(db, id);
	int64_t children = count_of(db, "SELECT COUNT(*) FROM organisations WHERE parent_id = $1", id);
	int64_t people = count_of(db, "SELECT COUNT(*) FROM officials WHERE org_id = $1", id);
	if (!path || children < 0 || people < 0) {
		json_decref(org);
		json_decref(path);
		http_reply_db_error(req);
		return;
	}
	json_object_set_new(org, "path", path);
	json_object_set_new(org, "children_count", json_integer(children));
	json_object_set_new(org, "officials_count", json_integer(people));
	json_object_set_new(org, "can_admin", json_boolean(org_can_admin(db, http_user(req)->id, id)));
	http_reply_json(req, 200, org);
}

/* Runs a list query whose rows are ORG_COLUMNS and answers {items, next_cursor}; st is bound already
 * with limit + 1 rows requested so a next page is known without a second query. */
static void reply_org_page(struct http_request *req, struct db_stmt *st, int limit)
{
	json_t *items = json_array();
	int rc, n = 0;
	const char *next = NULL;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == limit) {
			next = "more";
			break;
		}
		json_array_append_new(items, org_from_row(st));
		n++;
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(items);
		http_reply_db_error(req);
		return;
	}
	json_t *cursor = json_null();
	if (next) {
		json_t *last = json_array_get(items, json_array_size(items) - 1);
		const char *c = http_list_cursor(req, json_string_value(json_object_get(last, "name")),
						 json_integer_value(json_object_get(last, "id")));
		cursor = c ? json_string(c) : json_null();
	}
	http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", cursor));
}

static void get_children(struct http_request *req)
{
	int64_t id;
	struct http_list list;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || http_list_params(req, &list) || !db)
		return;
	json_t *org = NULL;
	int found = org_load(db, id, &org);
	json_decref(org);
	if (found <= 0) {
		found < 0 ? http_reply_db_error(req) : http_reply_not_found(req, "organisation");
		return;
	}
	struct db_stmt *st = db_prepare(db, "SELECT " ORG_COLUMNS " FROM organisations o WHERE o.parent_id = $1 "
					    "AND (o.name_en, o.id) > ($2, CAST($3 AS BIGINT)) "
					    "ORDER BY o.name_en, o.id LIMIT $4");
	if (!st || db_bind_int64(st, 1, id) || db_bind_text(st, 2, list.key) || db_bind_int64(st, 3, list.id) ||
	    db_bind_int64(st, 4, list.limit + 1)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	reply_org_page(req, st, list.limit);
}

static void search_orgs(struct http_request *req)
{
	struct http_list list;
	struct db_conn *db = http_db(req);
	if (http_list_params(req, &list) || !db)
		return;
	const char *q = http_query(req, "q");
	const char *kind = http_query(req, "kind");
	if ((q && strlen(q) > 200) || (kind && !kind_known(kind) && strcmp(kind, "government"))) {
		json_t *errors = NULL;
		if (q && strlen(q) > 200)
			http_field_error(&errors, "q", "must be at most 200 characters");
		else
			http_field_error(&errors, "kind", "is not a kind of organisation");
		http_reply_invalid(req, errors);
		return;
	}
	struct db_stmt *st = db_prepare(
		db, "SELECT " ORG_COLUMNS " FROM organisations o WHERE "
		    "($1 = '%%' OR LOWER(o.name_en) LIKE $1 ESCAPE '\\' OR LOWER(o.code) LIKE $1 ESCAPE '\\' "
		    " OR o.name_hi LIKE $1 ESCAPE '\\') AND ($2 = '' OR o.kind = $2) "
		    "AND (o.name_en, o.id) > ($3, CAST($4 AS BIGINT)) ORDER BY o.name_en, o.id LIMIT $5");
	const char *pattern = http_list_like(req, q ? q : "");
	if (!st || !pattern || db_bind_text(st, 1, pattern) || db_bind_text(st, 2, kind ? kind : "") ||
	    db_bind_text(st, 3, list.key) || db_bind_int64(st, 4, list.id) || db_bind_int64(st, 5, list.limit + 1)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	reply_org_page(req, st, list.limit);
}

struct org_input {
	const char *code;
	const char *name;
	const char *name_hi;
	const char *kind;
	const char *status;
	int64_t parent_id;
	bool has_parent;
	bool has_name_hi;
};

/* Reads and checks the fields of a create (all required but name_hi) or an update (all optional). */
static json_t *read_org_input(json_t *body, bool create, struct org_input *in)
{
	json_t *errors = NULL;
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
		return errors;
	}
	in->has_name_hi = json_object_get(body, "name_hi") != NULL;
	if (create && !http_take_string(body, "code", NULL, 32, false, &in->code, NULL, &errors) && !util_code_valid(in->code ? in->code : "", 32, false))
		http_field_error(&errors, "code", "must be 2 to 32 letters, digits, '-' or '_'");
	if (!http_take_string(body, "name", NULL, 200, false, &in->name, NULL, &errors) && (create || json_object_get(body, "name")) &&
	    (!in->name || !*in->name))
		http_field_error(&errors, "name", "is required");
	(void)http_take_string(body, "name_hi", NULL, 200, true, &in->name_hi, NULL, &errors);
	if (!http_take_string(body, "kind", NULL, 32, false, &in->kind, NULL, &errors) && (create || in->kind) &&
	    (!in->kind || !kind_known(in->kind)))
		http_field_error(&errors, "kind", "must be one of ministry, department, attached_office, subordinate_office, "
						  "field_unit, organisation, state, training_institution, provider, spv");
	if (!create && json_object_get(body, "kind"))
		http_field_error(&errors, "kind", "cannot be changed; create a new organisation instead");
	if (create && json_object_get(body, "status"))
		http_field_error(&errors, "status", "is set after creation");
	if (!http_take_string(body, "status", NULL, 16, false, &in->status, NULL, &errors) && in->status &&
	    strcmp(in->status, "active") && strcmp(in->status, "inactive"))
		http_field_error(&errors, "status", "must be active or inactive");
	static const char *const KNOWN[] = {"code", "name", "name_hi", "kind", "status", "parent_id", NULL};
	http_reject_unknown(body, KNOWN, "an organisation", &errors);
	json_t *parent = json_object_get(body, "parent_id");
	if (parent) {
		if (!json_is_integer(parent) || json_integer_value(parent) < 1)
			http_field_error(&errors, "parent_id", "must be the id of an organisation");
		else {
			in->parent_id = json_integer_value(parent);
			in->has_parent = true;
		}
	} else if (create) {
		http_field_error(&errors, "parent_id", "is required");
	}
	return errors;
}

static void forbidden(struct http_request *req, const char *detail)
{
	http_reply_problem(req, 403, "forbidden", detail);
}

/* The ministry a new child of parent belongs to: itself when parent is the root. */
static int ministry_for_child(struct db_conn *db, int64_t parent_id, bool *parent_is_root, int64_t *ministry)
{
	struct db_stmt *st = db_prepare(db, "SELECT parent_id IS NULL, ministry_id FROM organisations WHERE id = $1");
	if (!st || db_bind_int64(st, 1, parent_id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*parent_is_root = db_column_int64(st, 0) != 0;
		*ministry = db_column_int64(st, 1);
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static int insert_org(struct db_conn *db, const struct org_input *in, char *code_upper, int64_t *id)
{
	int64_t now = util_now_ms();
	struct db_stmt *st = db_prepare(db, "INSERT INTO organisations (code, name_en, name_hi, kind, parent_id, "
					    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id");
	int rc = (!st || db_bind_text(st, 1, code_upper) || db_bind_text(st, 2, in->name) ||
		  db_bind_text(st, 3, in->name_hi) || db_bind_text(st, 4, in->kind) ||
		  db_bind_int64(st, 5, in->parent_id) || db_bind_int64(st, 6, now))
			 ? DB_ERROR
			 : db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? DB_ERROR : rc;
}

static int set_ministry(struct db_conn *db, int64_t id, int64_t ministry)
{
	struct db_stmt *st = db_prepare(db, "UPDATE organisations SET ministry_id = $1 WHERE id = $2");
	int rc = (!st || db_bind_int64(st, 1, ministry) || db_bind_int64(st, 2, id)) ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static void post_org(struct http_request *req)
{
	json_t *body = http_body_json(req);
	if (!body)
		return;
	struct org_input in = {0};
	json_t *errors = read_org_input(body, true, &in);
	struct db_conn *db = http_db(req);
	bool parent_is_root = false;
	int64_t ministry = 0, id = 0;
	int found = (db && in.has_parent) ? ministry_for_child(db, in.parent_id, &parent_is_root, &ministry) : 1;
	if (found == 0)
		http_field_error(&errors, "parent_id", "no organisation has this id");
	if (errors || found < 0 || !db) {
		json_decref(body);
		if (errors)
			http_reply_invalid(req, errors);
		else
			http_reply_db_error(req);
		return;
	}
	char code[33];
	snprintf(code, sizeof code, "%s", in.code);
	for (char *p = code; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	if (!org_can_admin(db, http_user(req)->id, in.parent_id)) {
		json_decref(body);
		forbidden(req, "You can add organisations only inside the part of the tree you administer.");
		return;
	}
	int rc = db_begin(db);
	if (!rc)
		rc = insert_org(db, &in, code, &id);
	if (!rc)
		rc = set_ministry(db, id, parent_is_root ? id : ministry);
	json_t *org = NULL;
	if (!rc && org_load(db, id, &org) != 1)
		rc = DB_ERROR;
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	if (!rc)
		rc = http_audit(req, "org.create", "organisation", idtext, in.parent_id, NULL, org);
	if (!rc)
		rc = db_commit(db);
	json_decref(body);
	if (rc) {
		db_rollback(db);
		json_decref(org);
		if (rc == DB_CONSTRAINT)
			http_reply_conflict(req, "An organisation with this code already exists; codes are unique.");
		else
			http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 201, org);
}

/* Moves org_id (and its subtree) under new_parent: re-derives ministry_id for the subtree's organisations
 * and officials. A clash of employee codes in the new ministry comes back as DB_CONSTRAINT. */
static int move_org(struct db_conn *db, int64_t org_id, int64_t new_parent)
{
	bool parent_is_root = false;
	int64_t ministry = 0;
	if (ministry_for_child(db, new_parent, &parent_is_root, &ministry) != 1)
		return DB_ERROR;
	if (parent_is_root)
		ministry = org_id;
	struct db_stmt *st = db_prepare(db, "UPDATE organisations SET parent_id = $1 WHERE id = $2");
	int rc = (!st || db_bind_int64(st, 1, new_parent) || db_bind_int64(st, 2, org_id)) ? DB_ERROR : db_step(st);
	db_finish(st);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERROR;
	static const char *const SUBTREE_UPDATES[] = {
		"WITH RECURSIVE sub(id) AS (SELECT CAST($2 AS BIGINT) UNION ALL "
		"SELECT o.id FROM organisations o JOIN sub ON o.parent_id = sub.id) "
		"UPDATE organisations SET ministry_id = $1 WHERE id IN (SELECT id FROM sub)",
		"WITH RECURSIVE sub(id) AS (SELECT CAST($2 AS BIGINT) UNION ALL "
		"SELECT o.id FROM organisations o JOIN sub ON o.parent_id = sub.id) "
		"UPDATE officials SET ministry_id = $1 WHERE org_id IN (SELECT id FROM sub)",
	};
	for (size_t i = 0; i < 2; i++) {
		st = db_prepare(db, SUBTREE_UPDATES[i]);
		rc = (!st || db_bind_int64(st, 1, ministry) || db_bind_int64(st, 2, org_id)) ? DB_ERROR : db_step(st);
		db_finish(st);
		if (rc != DB_DONE)
			return rc < 0 ? rc : DB_ERROR;
	}
	return 0;
}

static int update_fields(struct db_conn *db, int64_t id, json_t *org)
{
	struct db_stmt *st = db_prepare(db, "UPDATE organisations SET name_en = $1, name_hi = $2, status = $3, "
					    "updated_at = $4 WHERE id = $5");
	int rc = (!st || db_bind_text(st, 1, json_string_value(json_object_get(org, "name"))) ||
		  db_bind_text(st, 2, json_string_value(json_object_get(org, "name_hi"))) ||
		  db_bind_text(st, 3, json_string_value(json_object_get(org, "status"))) ||
		  db_bind_int64(st, 4, util_now_ms()) || db_bind_int64(st, 5, id))
			 ? DB_ERROR
			 : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Checks a move: not the root, the new parent exists, is not inside the moved subtree, and the caller
 * administers it too. Returns 0, or -1 with the reply set. */
static int check_move(struct http_request *req, struct db_conn *db, json_t *before, int64_t id, int64_t new_parent)
{
	json_t *errors = NULL;
	if (json_is_null(json_object_get(before, "parent_id")))
		http_field_error(&errors, "parent_id", "the root of the tree cannot be moved");
	else if (org_in_subtree(db, new_parent, id))
		http_field_error(&errors, "parent_id", "an organisation cannot move under itself or its own units");
	else {
		json_t *parent = NULL;
		int found = org_load(db, new_parent, &parent);
		json_decref(parent);
		if (found == 0)
			http_field_error(&errors, "parent_id", "no organisation has this id");
		else if (found < 0) {
			http_reply_db_error(req);
			return -1;
		}
	}
	if (errors) {
		http_reply_invalid(req, errors);
		return -1;
	}
	if (!org_can_admin(db, http_user(req)->id, new_parent)) {
		forbidden(req, "You can move organisations only to places in the tree you administer.");
		return -1;
	}
	return 0;
}

static void apply_input(json_t *org, const struct org_input *in)
{
	if (in->name)
		json_object_set_new(org, "name", json_string(in->name));
	if (in->has_name_hi)
		json_object_set_new(org, "name_hi", org_json_text(in->name_hi));
	if (in->status)
		json_object_set_new(org, "status", json_string(in->status));
	if (in->has_parent)
		json_object_set_new(org, "parent_id", json_integer(in->parent_id));
}

static void patch_org(struct http_request *req)
{
	int64_t id;
	if (http_param_id(req, "id", &id))
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	struct db_conn *db = http_db(req);
	json_t *before = NULL, *after = NULL;
	struct org_input in = {0};
	json_t *errors = read_org_input(body, false, &in);
	int found = db ? org_load(db, id, &before) : -1;
	if (found <= 0) {
		json_decref(errors);
		found < 0 ? http_reply_db_error(req) : http_reply_not_found(req, "organisation");
		goto out;
	}
	if (!org_can_admin(db, http_user(req)->id, id)) {
		json_decref(errors);
		forbidden(req, "You can change only organisations you administer.");
		goto out;
	}
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	bool moving = in.has_parent && in.parent_id != json_integer_value(json_object_get(before, "parent_id"));
	if (moving && check_move(req, db, before, id, in.parent_id))
		goto out;
	after = json_deep_copy(before);
	apply_input(after, &in);
	int rc = db_begin(db);
	if (!rc && moving)
		rc = move_org(db, id, in.parent_id);
	if (!rc)
		rc = update_fields(db, id, after);
	json_decref(after);
	after = NULL;
	if (!rc && org_load(db, id, &after) != 1)
		rc = DB_ERROR;
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	if (!rc)
		rc = http_audit(req, moving ? "org.move" : "org.update", "organisation", idtext, id, before, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		if (rc == DB_CONSTRAINT)
			http_reply_conflict(req, "The move would give two officials of one ministry the same employee code; "
						"resolve the duplicates first.");
		else
			http_reply_db_error(req);
		goto out;
	}
	http_reply_json(req, 200, json_incref(after));
out:
	json_decref(body);
	json_decref(before);
	json_decref(after);
}

const struct http_route org_tree_routes[] = {
	{"GET", "/api/v1/orgs", search_orgs, HTTP_SESSION, 0},
	{"POST", "/api/v1/orgs", post_org, HTTP_SESSION, 0},
	{"GET", "/api/v1/orgs/{id}", get_org, HTTP_SESSION, 0},
	{"PATCH", "/api/v1/orgs/{id}", patch_org, HTTP_SESSION, 0},
	{"GET", "/api/v1/orgs/{id}/children", get_children, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
