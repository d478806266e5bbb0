/* Roles granted on organisation subtrees, and the checks every permission rests on. */
#include "org/org_int.h"

#include <string.h>

const char *const org_roles[] = {"learner",          "mdo_admin",          "cbp_admin",
				 "content_creator",  "content_reviewer",   "content_publisher",
				 "programme_coordinator", "trainer",   "spv_admin",
				 NULL};

bool org_role_known(const char *role)
{
	for (const char *const *r = org_roles; *r; r++)
		if (!strcmp(*r, role))
			return true;
	return false;
}

bool org_has_role(struct db_conn *conn, int64_t official_id, const char *role, int64_t org_id)
{
	if (!strcmp(role, "learner"))
		return true;
	struct db_stmt *st = db_prepare(
		conn, "WITH RECURSIVE up(id, parent_id) AS ("
		      "  SELECT id, parent_id FROM organisations WHERE id = $1"
		      "  UNION ALL SELECT o.id, o.parent_id FROM organisations o JOIN up ON o.id = up.parent_id)"
		      " SELECT 1 FROM role_grants g JOIN up ON g.org_id = up.id"
		      " WHERE g.official_id = $2 AND g.role = $3 LIMIT 1");
	bool yes = st && !db_bind_int64(st, 1, org_id) && !db_bind_int64(st, 2, official_id) &&
		   !db_bind_text(st, 3, role) && db_step(st) == DB_ROW;
	db_finish(st);
	return yes;
}

bool org_can_admin(struct db_conn *conn, int64_t official_id, int64_t org_id)
{
	/* One walk up the tree for both roles: this runs on every admin read, the staff list included. */
	struct db_stmt *st = db_prepare(
		conn, "WITH RECURSIVE up(id, parent_id) AS ("
		      "  SELECT id, parent_id FROM organisations WHERE id = $1"
		      "  UNION ALL SELECT o.id, o.parent_id FROM organisations o JOIN up ON o.id = up.parent_id)"
		      " SELECT 1 FROM up WHERE EXISTS (SELECT 1 FROM role_grants g WHERE g.official_id = $2"
		      " AND g.role IN ('spv_admin', 'mdo_admin') AND g.org_id = up.id) LIMIT 1");
	bool yes = st && !db_bind_int64(st, 1, org_id) && !db_bind_int64(st, 2, official_id) && db_step(st) == DB_ROW;
	db_finish(st);
	return yes;
}

bool org_has_role_anywhere(struct db_conn *conn, int64_t official_id, const char *role)
{
	if (!strcmp(role, "learner"))
		return true;
	struct db_stmt *st =
		db_prepare(conn, "SELECT 1 FROM role_grants WHERE official_id = $1 AND role = $2 LIMIT 1");
	bool yes = st && !db_bind_int64(st, 1, official_id) && !db_bind_text(st, 2, role) && db_step(st) == DB_ROW;
	db_finish(st);
	return yes;
}

json_t *org_roles_json(struct db_conn *conn, int64_t official_id)
{
	struct db_stmt *st = db_prepare(conn, "SELECT g.role, g.org_id, o.code, g.id, o.name_en, o.name_hi FROM role_grants g "
					      "JOIN organisations o ON o.id = g.org_id WHERE g.official_id = $1 "
					      "ORDER BY g.role, o.code");
	if (!st || db_bind_int64(st, 1, official_id)) {
		db_finish(st);
		return NULL;
	}
	json_t *roles = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(roles, json_pack("{s:I, s:s, s:I, s:s, s:s, s:o}", "grant_id",
						       (json_int_t)db_column_int64(st, 3), "role", db_column_text(st, 0),
						       "org_id", (json_int_t)db_column_int64(st, 1), "org_code",
						       db_column_text(st, 2), "org_name", db_column_text(st, 4), "org_name_hi",
						       org_json_text(db_column_text(st, 5))));
	db_finish(st);
	if (rc < 0) {
		json_decref(roles);
		return NULL;
	}
	return roles;
}

static json_t *nullable(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *org_user_json(struct db_conn *conn, int64_t official_id)
{
	struct db_stmt *st = db_prepare(conn, "SELECT f.id, f.email, f.name_en, f.name_hi, f.language, o.id, o.code, "
					      "o.name_en, o.name_hi FROM officials f JOIN organisations o ON o.id = f.org_id "
					      "WHERE f.id = $1");
	if (!st || db_bind_int64(st, 1, official_id) || db_step(st) != DB_ROW) {
		db_finish(st);
		return NULL;
	}
	json_t *org = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)db_column_int64(st, 5), "code",
				db_column_text(st, 6), "name", db_column_text(st, 7), "name_hi",
				nullable(db_column_text(st, 8)));
	json_t *user = json_pack("{s:I, s:s, s:s, s:o, s:s, s:o}", "id", (json_int_t)db_column_int64(st, 0), "email",
				 db_column_text(st, 1), "name", db_column_text(st, 2), "name_hi",
				 nullable(db_column_text(st, 3)), "language", db_column_text(st, 4), "org", org);
	db_finish(st);
	json_t *roles = org_roles_json(conn, official_id);
	if (!user || !roles) {
		json_decref(user);
		json_decref(roles);
		return NULL;
	}
	bool has_learner = false;
	size_t i;
	json_t *r;
	json_array_foreach(roles, i, r) if (!strcmp(json_string_value(json_object_get(r, "role")), "learner"))
		has_learner = true;
	if (!has_learner)
		json_array_insert_new(roles, 0,
				      json_pack("{s:n, s:s, s:O, s:O}", "grant_id", "role", "learner", "org_id",
						json_object_get(json_object_get(user, "org"), "id"), "org_code",
						json_object_get(json_object_get(user, "org"), "code")));
	json_object_set_new(user, "roles", roles);
	return user;
}
