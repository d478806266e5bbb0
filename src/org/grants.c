/* Role grants: who may do what, on which organisation subtree. An spv_admin grants any role inside their
 * scope; an mdo_admin grants any role but spv_admin inside theirs; nobody grants wider than their own. */
#include "org/org_int.h"

#include "http/input.h"
#include "core/util.h"
#include "http/audit.h"
#include "http/list.h"

#include <stdio.h>
#include <string.h>

/* True when granter may grant role on org_id. */
static bool may_grant(struct db_conn *db, int64_t granter, const char *role, int64_t org_id)
{
	if (org_has_role(db, granter, "spv_admin", org_id))
		return true;
	return strcmp(role, "spv_admin") && org_has_role(db, granter, "mdo_admin", org_id);
}

/* The official's organisation, if the caller administers it; else 0 with a 404 (no hint they exist). */
static int64_t visible_official_org(struct http_request *req, struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "SELECT org_id FROM officials WHERE id = $1");
	int64_t org = 0;
	int rc = (!st || db_bind_int64(st, 1, id)) ? DB_ERROR : db_step(st);
	if (rc == DB_ROW)
		org = db_column_int64(st, 0);
	db_finish(st);
	if (rc < 0) {
		http_reply_db_error(req);
		return 0;
	}
	int64_t me = http_user(req)->id;
	if (!org || (id != me && !org_can_admin(db, me, org))) {
		http_reply_not_found(req, "official");
		return 0;
	}
	return org;
}

static void get_roles(struct http_request *req)
{
	int64_t id;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db || !visible_official_org(req, db, id))
		return;
	json_t *roles = org_roles_json(db, id);
	if (!roles) {
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o, s:n}", "items", roles, "next_cursor"));
}

static json_t *read_grant(json_t *body, const char **role, int64_t *org_id)
{
	json_t *errors = NULL;
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object with role and org_id");
		return errors;
	}
	json_t *r = json_object_get(body, "role"), *o = json_object_get(body, "org_id");
	if (!json_is_string(r) || !org_role_known(json_string_value(r)) || !strcmp(json_string_value(r), "learner"))
		http_field_error(&errors, "role",
				 "must be one of mdo_admin, cbp_admin, content_creator, content_reviewer, "
				 "content_publisher, programme_coordinator, trainer, spv_admin (everyone is a learner)");
	else
		*role = json_string_value(r);
	if (!json_is_integer(o) || json_integer_value(o) < 1)
		http_field_error(&errors, "org_id", "must be the id of the organisation the role covers");
	else
		*org_id = json_integer_value(o);
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) if (strcmp(key, "role") && strcmp(key, "org_id"))
		http_field_error(&errors, key, "is not a field of a role grant");
	return errors;
}

static int insert_grant(struct db_conn *db, int64_t official, const char *role, int64_t org, int64_t by,
			int64_t *grant_id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO role_grants (official_id, role, org_id, granted_by, "
					    "granted_at) VALUES ($1, $2, $3, $4, $5) RETURNING id");
	int rc = (!st || db_bind_int64(st, 1, official) || db_bind_text(st, 2, role) || db_bind_int64(st, 3, org) ||
		  db_bind_int64(st, 4, by) || db_bind_int64(st, 5, util_now_ms()))
			 ? DB_ERROR
			 : db_step(st);
	if (rc == DB_ROW)
		*grant_id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int audit_grant(struct http_request *req, const char *action, int64_t grant_id, int64_t official,
		       const char *role, int64_t org)
{
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)grant_id);
	json_t *grant = json_pack("{s:I, s:I, s:s, s:I}", "grant_id", (json_int_t)grant_id, "official_id",
				  (json_int_t)official, "role", role, "org_id", (json_int_t)org);
	bool creating = !strcmp(action, "role.grant");
	int rc = http_audit(req, action, "role_grant", idtext, org, creating ? NULL : grant, creating ? grant : NULL);
	json_decref(grant);
	return rc;
}

static void post_role(struct http_request *req)
{
	int64_t id, org_id = 0, grant_id = 0;
	const char *role = NULL;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	if (!visible_official_org(req, db, id))
		goto out;
	json_t *errors = read_grant(body, &role, &org_id);
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	if (!may_grant(db, http_user(req)->id, role, org_id)) {
		http_reply_problem(req, 403, "forbidden",
				   "You can grant roles only on organisations you administer, and never wider than your "
				   "own role.");
		goto out;
	}
	int rc = db_begin(db);
	if (!rc)
		rc = insert_grant(db, id, role, org_id, http_user(req)->id, &grant_id);
	if (!rc)
		rc = org_hook_official_changed(db, id);
	if (!rc)
		rc = audit_grant(req, "role.grant", grant_id, id, role, org_id);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		if (rc == DB_CONSTRAINT)
			http_reply_conflict(req, "This official already holds this role on this organisation.");
		else
			http_reply_db_error(req);
		goto out;
	}
	http_reply_json(req, 201, json_pack("{s:I, s:I, s:s, s:I}", "grant_id", (json_int_t)grant_id, "official_id",
					    (json_int_t)id, "role", role, "org_id", (json_int_t)org_id));
out:
	json_decref(body);
}

static void delete_role(struct http_request *req)
{
	int64_t id, grant_id;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || http_param_id(req, "grant_id", &grant_id) || !db ||
	    !visible_official_org(req, db, id))
		return;
	struct db_stmt *st = db_prepare(db, "SELECT role, org_id FROM role_grants WHERE id = $1 AND official_id = $2");
	char role[32] = "";
	int64_t org = 0;
	int rc = (!st || db_bind_int64(st, 1, grant_id) || db_bind_int64(st, 2, id)) ? DB_ERROR : db_step(st);
	if (rc == DB_ROW) {
		snprintf(role, sizeof role, "%s", db_column_text(st, 0));
		org = db_column_int64(st, 1);
	}
	db_finish(st);
	if (rc != DB_ROW) {
		if (rc < 0)
			http_reply_db_error(req);
		else
			http_reply_problem(req, 404, "not_found", "This official holds no such role grant.");
		return;
	}
	if (!may_grant(db, http_user(req)->id, role, org)) {
		http_reply_problem(req, 403, "forbidden", "You can revoke only roles you could grant.");
		return;
	}
	rc = db_begin(db);
	st = rc ? NULL : db_prepare(db, "DELETE FROM role_grants WHERE id = $1");
	if (!rc)
		rc = (!st || db_bind_int64(st, 1, grant_id) || db_step(st) != DB_DONE) ? DB_ERROR : 0;
	db_finish(st);
	if (!rc)
		rc = org_hook_official_changed(db, id);
	if (!rc)
		rc = audit_grant(req, "role.revoke", grant_id, id, role, org);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		http_reply_db_error(req);
		return;
	}
	http_reply_empty(req, 204);
}

const struct http_route org_grant_routes[] = {
	{"GET", "/api/v1/officials/{id}/roles", get_roles, HTTP_SESSION, 0},
	{"POST", "/api/v1/officials/{id}/roles", post_role, HTTP_SESSION, 0},
	{"DELETE", "/api/v1/officials/{id}/roles/{grant_id}", delete_role, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
