/* Officials: the people of an organisation, their admin and self-service edits, and their history of
 * transfers, promotions and status changes. An admin sees only officials in the subtree they administer. */
#include "org/officials_int.h"

#include "core/util.h"
#include "frac/frac.h"
#include "http/audit.h"
#include "http/input.h"
#include "http/list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One writer for the shape of an official: streamed in the staff list, parsed back for single reads. */
void org_official_write(struct jsonw *w, struct db_stmt *st)
{
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, db_column_int64(st, 0));
	jsonw_key(w, "employee_code");
	jsonw_string(w, db_column_text(st, 1));
	jsonw_key(w, "email");
	jsonw_string(w, db_column_text(st, 2));
	jsonw_key(w, "name");
	jsonw_string(w, db_column_text(st, 3));
	jsonw_key(w, "name_hi");
	jsonw_string(w, db_column_text(st, 4));
	jsonw_key(w, "mobile");
	jsonw_string(w, db_column_text(st, 5));
	jsonw_key(w, "designation");
	if (db_column_null(st, 6)) {
		jsonw_null(w);
	} else {
		jsonw_object_begin(w);
		jsonw_key(w, "code");
		jsonw_string(w, db_column_text(st, 6));
		jsonw_key(w, "name");
		jsonw_string(w, db_column_text(st, 7));
		jsonw_key(w, "name_hi");
		jsonw_string(w, db_column_text(st, 8));
		jsonw_object_end(w);
	}
	jsonw_key(w, "group");
	jsonw_string(w, db_column_text(st, 9));
	jsonw_key(w, "service");
	jsonw_string(w, db_column_text(st, 10));
	jsonw_key(w, "pay_level");
	if (db_column_null(st, 11))
		jsonw_null(w);
	else
		jsonw_int(w, db_column_int64(st, 11));
	jsonw_key(w, "date_of_joining");
	jsonw_string(w, db_column_text(st, 12));
	jsonw_key(w, "language");
	jsonw_string(w, db_column_text(st, 13));
	jsonw_key(w, "status");
	jsonw_string(w, db_column_text(st, 14));
	jsonw_key(w, "org");
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, db_column_int64(st, 15));
	jsonw_key(w, "code");
	jsonw_string(w, db_column_text(st, 16));
	jsonw_key(w, "name");
	jsonw_string(w, db_column_text(st, 17));
	jsonw_key(w, "name_hi");
	jsonw_string(w, db_column_text(st, 18));
	jsonw_object_end(w);
	jsonw_key(w, "has_password");
	jsonw_bool(w, db_column_int64(st, 19) != 0);
	jsonw_key(w, "created_at");
	jsonw_time(w, db_column_int64(st, 20));
	jsonw_key(w, "updated_at");
	jsonw_time(w, db_column_int64(st, 21));
	jsonw_object_end(w);
}

/* OFFICIAL as a jansson value (for audit entries and answers that add to it): the writer's output read
 * back, so there is one definition of the shape. NULL when out of memory. */
static json_t *official_from_row(struct db_stmt *st)
{
	struct buf out;
	struct jsonw w;
	buf_init(&out, 64 * 1024);
	jsonw_init(&w, &out);
	org_official_write(&w, st);
	json_t *v = jsonw_finish(&w) ? NULL : json_loadb(out.data, out.len, 0, NULL);
	buf_free(&out);
	return v;
}

static const char *dup_col(struct http_request *req, struct db_stmt *st, int col)
{
	const char *s = db_column_text(st, col);
	return s ? arena_strdup(http_arena(req), s) : NULL;
}

/* Loads one official: JSON (when json is not NULL) and the row (when row is not NULL).
 * Returns 1 found, 0 unknown, -1 error. */
static int official_load(struct http_request *req, struct db_conn *db, int64_t id, json_t **json,
			 struct official_row *row)
{
	struct db_stmt *st = db_prepare(db, "SELECT " OFFICIAL_COLUMNS OFFICIAL_FROM " WHERE f.id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (json)
			*json = official_from_row(st);
		if (row) {
			*row = (struct official_row){
				.id = db_column_int64(st, 0),
				.org_id = db_column_int64(st, 15),
				.ministry_id = db_column_int64(st, 22),
				.pay_level = db_column_null(st, 11) ? 0 : db_column_int64(st, 11),
				.employee_code = dup_col(req, st, 1),
				.email = dup_col(req, st, 2),
				.name = dup_col(req, st, 3),
				.name_hi = dup_col(req, st, 4),
				.mobile = dup_col(req, st, 5),
				.designation = dup_col(req, st, 6),
				.group = dup_col(req, st, 9),
				.service = dup_col(req, st, 10),
				.date_of_joining = dup_col(req, st, 12),
				.language = dup_col(req, st, 13),
				.status = dup_col(req, st, 14),
			};
		}
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* --- writing --- */

static int bind_row(struct db_stmt *st, const struct official_row *r, int64_t now)
{
	return db_bind_text(st, 1, r->employee_code) || db_bind_text(st, 2, r->email) || db_bind_text(st, 3, r->name) ||
	       db_bind_text(st, 4, r->name_hi) || db_bind_text(st, 5, r->mobile) || db_bind_text(st, 6, r->designation) ||
	       db_bind_text(st, 7, r->group) || db_bind_text(st, 8, r->service) ||
	       (r->pay_level ? db_bind_int64(st, 9, r->pay_level) : db_bind_null(st, 9)) ||
	       db_bind_text(st, 10, r->date_of_joining) || db_bind_text(st, 11, r->language) ||
	       db_bind_text(st, 12, r->status) || db_bind_int64(st, 13, r->org_id) ||
	       db_bind_int64(st, 14, r->ministry_id) || db_bind_int64(st, 15, now);
}

static int insert_official(struct db_conn *db, struct official_row *r)
{
	struct db_stmt *st = db_prepare(
		db, "INSERT INTO officials (employee_code, email, name_en, name_hi, mobile, designation, grp, service, "
		    "pay_level, date_of_joining, language, status, org_id, ministry_id, created_at, updated_at) "
		    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id");
	int rc = (!st || bind_row(st, r, util_now_ms())) ? DB_ERROR : db_step(st);
	if (rc == DB_ROW)
		r->id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int update_official(struct db_conn *db, const struct official_row *r)
{
	struct db_stmt *st = db_prepare(
		db, "UPDATE officials SET employee_code = $1, email = $2, name_en = $3, name_hi = $4, mobile = $5, "
		    "designation = $6, grp = $7, service = $8, pay_level = $9, date_of_joining = $10, language = $11, "
		    "status = $12, org_id = $13, ministry_id = $14, updated_at = $15 WHERE id = $16");
	int rc = (!st || bind_row(st, r, util_now_ms()) || db_bind_int64(st, 16, r->id)) ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* History rows for what moved: organisation (transfer), designation (promotion), status. */
static int record_history(struct db_conn *db, const struct official_row *old, const struct official_row *new,
			  int64_t actor, const char *source)
{
	int rc = 0;
	if (old->org_id != new->org_id) {
		char a[24], b[24];
		snprintf(a, sizeof a, "%lld", (long long)old->org_id);
		snprintf(b, sizeof b, "%lld", (long long)new->org_id);
		rc = org_history_add(db, new->id, "org", a, b, actor, source);
		if (!rc)
			rc = frac_official_moved(db, new->id, new->org_id);
	}
	if (!rc && !same(old->designation, new->designation))
		rc = org_history_add(db, new->id, "designation", old->designation, new->designation, actor, source);
	if (!rc && !same(old->status, new->status))
		rc = org_history_add(db, new->id, "status", old->status, new->status, actor, source);
	return rc;
}

/* Appends more (stolen) to *errors, skipping fields *errors already names. */
static void merge_errors(json_t **errors, json_t *more)
{
	size_t i, j;
	json_t *e, *f;
	json_array_foreach(more, i, e)
	{
		bool named = false;
		json_array_foreach(*errors, j, f) if (json_equal(json_object_get(e, "field"), json_object_get(f, "field")))
			named = true;
		if (!named) {
			if (!*errors)
				*errors = json_array();
			json_array_append(*errors, e);
		}
	}
	json_decref(more);
}

/* Database-side checks of an edit: designation exists, organisation exists (and gives the ministry). */
static json_t *check_references(struct db_conn *db, struct official_row *r, int *db_error)
{
	json_t *errors = NULL;
	*db_error = 0;
	if (r->designation && !org_designation_exists(db, r->designation))
		http_field_error(&errors, "designation", "is not a known designation code");
	if (r->org_id < 1)
		return errors; /* missing or malformed: already reported */
	int found = org_ministry_of(db, r->org_id, &r->ministry_id);
	if (found < 0)
		*db_error = 1;
	else if (!found)
		http_field_error(&errors, "org_id", "no organisation has this id");
	return errors;
}

static void reply_write_error(struct http_request *req, int rc)
{
	if (rc == DB_CONSTRAINT)
		http_reply_conflict(req, "Another official already has this email, or this employee code in the same "
					"ministry.");
	else
		http_reply_db_error(req);
}

static int audit_official(struct http_request *req, const char *action, int64_t id, int64_t scope, json_t *before,
			  json_t *after)
{
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	return http_audit(req, action, "official", idtext, scope, before, after);
}

static void post_official(struct http_request *req)
{
	json_t *body = http_body_json(req);
	if (!body)
		return;
	struct db_conn *db = http_db(req);
	struct official_row row = {.language = "en", .status = "active"};
	bool forbidden;
	json_t *errors = org_official_read_edit(req, body, EDIT_CREATE, &row, &forbidden);
	json_t *after = NULL;
	int db_error = 0;
	if (db)
		merge_errors(&errors, check_references(db, &row, &db_error));
	if (errors || db_error || !db) {
		if (errors)
			http_reply_invalid(req, errors);
		else
			http_reply_db_error(req);
		goto out;
	}
	if (!org_can_admin(db, http_user(req)->id, row.org_id)) {
		http_reply_problem(req, 403, "forbidden", "You can add officials only to organisations you administer.");
		goto out;
	}
	char token[65];
	int rc = db_begin(db);
	if (!rc)
		rc = insert_official(db, &row);
	if (!rc)
		rc = org_hook_official_changed(db, row.id);
	if (!rc)
		rc = org_activation_issue(db, row.id, http_user(req)->id, token);
	if (!rc && official_load(req, db, row.id, &after, NULL) != 1)
		rc = DB_ERROR;
	if (!rc)
		rc = audit_official(req, "official.create", row.id, row.org_id, NULL, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		reply_write_error(req, rc);
		goto out;
	}
	http_reply_json(req, 201, json_incref(after));
out:
	json_decref(body);
	json_decref(after);
}

static json_t *org_brief(struct db_conn *db, const char *id_text)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, code, name_en, name_hi FROM organisations WHERE id = $1");
	json_t *out = json_null();
	if (st && id_text && !db_bind_int64(st, 1, atoll(id_text)) && db_step(st) == DB_ROW) {
		json_decref(out);
		out = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)db_column_int64(st, 0), "code",
				db_column_text(st, 1), "name", db_column_text(st, 2), "name_hi",
				org_json_text(db_column_text(st, 3)));
	}
	db_finish(st);
	return out;
}

static json_t *history_json(struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "SELECT at, field, old_value, new_value, source, actor_id FROM "
					    "official_history WHERE official_id = $1 ORDER BY at DESC, id DESC LIMIT 200");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return NULL;
	}
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *actor = db_column_null(st, 5) ? json_null() : json_integer(db_column_int64(st, 5));
		json_array_append_new(items, json_pack("{s:o, s:s, s:o, s:o, s:s, s:o}", "at",
						       org_json_time(db_column_int64(st, 0)), "field",
						       db_column_text(st, 1), "old_value", org_json_text(db_column_text(st, 2)),
						       "new_value", org_json_text(db_column_text(st, 3)), "source",
						       db_column_text(st, 4), "actor_id", actor));
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	size_t i;
	json_t *h;
	json_array_foreach(items, i, h) if (!strcmp(json_string_value(json_object_get(h, "field")), "org"))
	{
		json_object_set_new(h, "old_org", org_brief(db, json_string_value(json_object_get(h, "old_value"))));
		json_object_set_new(h, "new_org", org_brief(db, json_string_value(json_object_get(h, "new_value"))));
	}
	return items;
}

/* Loads the official the path names, if the caller may see them: themselves, or an admin of their
 * organisation. Returns 1 with *row (and *json when asked) set, or 0/-1 with the reply set (404 for
 * anyone else: no hint that the person exists). */
static int load_visible(struct http_request *req, struct db_conn *db, int64_t id, json_t **json,
			struct official_row *row, bool *admin)
{
	int found = official_load(req, db, id, json, row);
	if (found < 0) {
		http_reply_db_error(req);
		return -1;
	}
	int64_t me = http_user(req)->id;
	*admin = found && org_can_admin(db, me, row->org_id);
	if (!found || (row->id != me && !*admin)) {
		if (json && *json) {
			json_decref(*json);
			*json = NULL;
		}
		http_reply_not_found(req, "official");
		return 0;
	}
	return 1;
}

static void get_official(struct http_request *req)
{
	int64_t id;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	json_t *official = NULL;
	struct official_row row;
	bool admin;
	if (load_visible(req, db, id, &official, &row, &admin) != 1)
		return;
	json_t *history = history_json(db, id);
	json_t *roles = org_roles_json(db, id);
	if (!history || !roles) {
		json_decref(official);
		json_decref(history);
		json_decref(roles);
		http_reply_db_error(req);
		return;
	}
	json_object_set_new(official, "history", history);
	json_object_set_new(official, "roles", roles);
	json_object_set_new(official, "can_admin", json_boolean(admin));
	http_reply_json(req, 200, official);
}

/* Applies an edit in one transaction: update, history, audit. Answers the official after. */
static void save_edit(struct http_request *req, struct db_conn *db, const struct official_row *old,
		      struct official_row *new, json_t *before, const char *source)
{
	json_t *after = NULL;
	int64_t actor = http_user(req)->id;
	int rc = db_begin(db);
	if (!rc)
		rc = update_official(db, new);
	if (!rc)
		rc = record_history(db, old, new, actor, source);
	if (!rc)
		rc = org_hook_official_changed(db, new->id);
	if (!rc && official_load(req, db, new->id, &after, NULL) != 1)
		rc = DB_ERROR;
	if (!rc)
		rc = audit_official(req, strcmp(source, "self") ? "official.update" : "official.self_update", new->id,
				    new->org_id, before, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		json_decref(after);
		reply_write_error(req, rc);
		return;
	}
	http_reply_json(req, 200, after);
}

static void patch_official(struct http_request *req)
{
	int64_t id;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	json_t *before = NULL, *errors = NULL;
	struct official_row old, new;
	bool admin;
	if (load_visible(req, db, id, &before, &old, &admin) != 1)
		goto out;
	int64_t me = http_user(req)->id;
	if (!admin) {
		http_reply_problem(req, 403, "forbidden",
				   "Only an administrator changes these details; you can edit your own profile at "
				   "/api/v1/me/profile.");
		goto out;
	}
	new = old;
	bool forbidden;
	int db_error = 0;
	errors = org_official_read_edit(req, body, EDIT_ADMIN, &new, &forbidden);
	merge_errors(&errors, check_references(db, &new, &db_error));
	if (errors || db_error) {
		if (errors)
			http_reply_invalid(req, errors);
		else
			http_reply_db_error(req);
		errors = NULL;
		goto out;
	}
	if (new.org_id != old.org_id && !org_can_admin(db, me, new.org_id)) {
		http_reply_problem(req, 403, "forbidden", "You can transfer officials only to organisations you administer.");
		goto out;
	}
	save_edit(req, db, &old, &new, before, "admin");
out:
	json_decref(body);
	json_decref(before);
	json_decref(errors);
}

static void get_profile(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	if (!db)
		return;
	json_t *official = NULL;
	int found = official_load(req, db, http_user(req)->id, &official, NULL);
	if (found != 1) {
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, official);
}

static void patch_profile(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	if (!db)
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	json_t *before = NULL;
	struct official_row old, new;
	if (official_load(req, db, http_user(req)->id, &before, &old) != 1) {
		http_reply_db_error(req);
		goto out;
	}
	new = old;
	bool forbidden;
	json_t *errors = org_official_read_edit(req, body, EDIT_SELF, &new, &forbidden);
	if (errors) {
		if (forbidden) {
			http_reply_problem_errors(req, 403, "forbidden",
						  "You can change only your Hindi name, mobile number and language; ask "
						  "your administrator for the rest.",
						  errors);
		} else {
			http_reply_invalid(req, errors);
		}
		goto out;
	}
	save_edit(req, db, &old, &new, before, "self");
out:
	json_decref(body);
	json_decref(before);
}

const struct http_route org_official_routes[] = {
	{"POST", "/api/v1/officials", post_official, HTTP_SESSION, 0},
	{"GET", "/api/v1/officials/{id}", get_official, HTTP_SESSION, 0},
	{"PATCH", "/api/v1/officials/{id}", patch_official, HTTP_SESSION, 0},
	{"GET", "/api/v1/me/profile", get_profile, HTTP_SESSION, 0},
	{"PATCH", "/api/v1/me/profile", patch_profile, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
