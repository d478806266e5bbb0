/* Work roles in the database: the one writer the API and the framework import share, the extends-cycle
 * check, and a role as the API shows it (its own requirements merged with what it inherits). */
#include "frac/frac_int.h"

#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int done(struct db_stmt *st, int rc)
{
	if (!rc)
		rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE || rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int bind_id_or_null(struct db_stmt *st, int n, int64_t id)
{
	return id ? db_bind_int64(st, n, id) : db_bind_null(st, n);
}

static int insert_role(struct db_conn *db, const struct role_input *in, int64_t actor, int64_t *id)
{
	struct db_stmt *st = db_prepare(
		db, "INSERT INTO work_roles (code, name_en, name_hi, description_en, description_hi, org_id, shared, "
		    "extends_id, status, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
		    "$10, $11, $11) RETURNING id");
	bool shared = in->has_shared ? in->shared : true;
	const char *status = in->has_status && in->status ? in->status : "active";
	int rc = !st || db_bind_text(st, 1, in->code) || db_bind_text(st, 2, in->name) ||
		 db_bind_text(st, 3, in->name_hi) || db_bind_text(st, 4, in->description) ||
		 db_bind_text(st, 5, in->description_hi) || db_bind_int64(st, 6, in->org_id) ||
		 db_bind_int64(st, 7, shared) || bind_id_or_null(st, 8, in->extends_id) || db_bind_text(st, 9, status) ||
		 bind_id_or_null(st, 10, actor) || db_bind_int64(st, 11, util_now_ms());
	if (!rc && (rc = db_step(st)) == DB_ROW) {
		*id = db_column_int64(st, 0);
		rc = 0;
	}
	db_finish(st);
	return rc < 0 ? rc : rc ? DB_ERROR : 0;
}

/* Changes only the members whose has_ flag is set. 1 when there is no such role. */
static int update_role(struct db_conn *db, int64_t id, const struct role_input *in)
{
	struct db_stmt *st = db_prepare(
		db, "UPDATE work_roles SET "
		    "name_en = CASE WHEN CAST($2 AS BIGINT) = 1 THEN $3 ELSE name_en END, "
		    "name_hi = CASE WHEN CAST($4 AS BIGINT) = 1 THEN $5 ELSE name_hi END, "
		    "description_en = CASE WHEN CAST($6 AS BIGINT) = 1 THEN $7 ELSE description_en END, "
		    "description_hi = CASE WHEN CAST($8 AS BIGINT) = 1 THEN $9 ELSE description_hi END, "
		    "shared = CASE WHEN CAST($10 AS BIGINT) = 1 THEN CAST($11 AS BIGINT) ELSE shared END, "
		    "extends_id = CASE WHEN CAST($12 AS BIGINT) = 1 THEN CAST($13 AS BIGINT) ELSE extends_id END, "
		    "status = CASE WHEN CAST($14 AS BIGINT) = 1 THEN $15 ELSE status END, "
		    "updated_at = $16 WHERE id = $1");
	bool has_name = in->has_name && in->name, has_status = in->has_status && in->status;
	int rc = done(st, !st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, has_name) ||
				  db_bind_text(st, 3, in->name) || db_bind_int64(st, 4, in->has_name_hi) ||
				  db_bind_text(st, 5, in->name_hi) || db_bind_int64(st, 6, in->has_description) ||
				  db_bind_text(st, 7, in->description) || db_bind_int64(st, 8, in->has_description_hi) ||
				  db_bind_text(st, 9, in->description_hi) || db_bind_int64(st, 10, in->has_shared) ||
				  db_bind_int64(st, 11, in->shared) || db_bind_int64(st, 12, in->has_extends) ||
				  bind_id_or_null(st, 13, in->extends_id) || db_bind_int64(st, 14, has_status) ||
				  db_bind_text(st, 15, in->status) || db_bind_int64(st, 16, util_now_ms()));
	if (!rc && db_changes(db) != 1)
		return 1;
	return rc;
}

static int replace_activities(struct db_conn *db, int64_t id, const struct role_activity *a, size_t n)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM role_activities WHERE role_id = $1");
	int rc = done(st, !st || db_bind_int64(st, 1, id));
	for (size_t i = 0; i < n && !rc; i++) {
		st = db_prepare(db, "INSERT INTO role_activities (role_id, seq, text_en, text_hi) VALUES ($1, $2, $3, $4)");
		rc = done(st, !st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, (int64_t)i + 1) ||
				      db_bind_text(st, 3, a[i].text) || db_bind_text(st, 4, a[i].text_hi));
	}
	return rc;
}

static int replace_requirements(struct db_conn *db, int64_t id, const struct frac_req *r, size_t n)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM role_requirements WHERE role_id = $1");
	int rc = done(st, !st || db_bind_int64(st, 1, id));
	for (size_t i = 0; i < n && !rc; i++) {
		st = db_prepare(db, "INSERT INTO role_requirements (role_id, competency_id, level) VALUES ($1, $2, $3)");
		rc = done(st, !st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, r[i].competency_id) ||
				      db_bind_int64(st, 3, r[i].level));
	}
	return rc;
}

int frac_role_write(struct db_conn *db, int64_t id, const struct role_input *in, int64_t actor, int64_t *out_id)
{
	bool create = !id;
	int rc = create ? insert_role(db, in, actor, &id) : update_role(db, id, in);
	if (rc)
		return rc;
	if (out_id)
		*out_id = id;
	if (in->has_activities || (create && in->nactivities))
		rc = replace_activities(db, id, in->activities, in->nactivities);
	if (!rc && (in->has_requirements || (create && in->nrequirements)))
		rc = replace_requirements(db, id, in->requirements, in->nrequirements);
	return rc;
}

int frac_role_would_cycle(struct db_conn *db, int64_t role_id, int64_t extends_id)
{
	if (!role_id || !extends_id)
		return 0;
	/* UNION (not UNION ALL): the walk ends even on a cycle already in the table. */
	struct db_stmt *st = db_prepare(db, "WITH RECURSIVE chain(id) AS (SELECT CAST($1 AS BIGINT) UNION SELECT "
					    "r.extends_id FROM work_roles r JOIN chain c ON r.id = c.id WHERE r.extends_id "
					    "IS NOT NULL) SELECT 1 FROM chain WHERE id = $2 LIMIT 1");
	if (!st || db_bind_int64(st, 1, extends_id) || db_bind_int64(st, 2, role_id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* --- a role as the API shows it --- */

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *time_json(int64_t ms)
{
	char iso[32];
	util_iso8601(ms, iso);
	return json_string(iso);
}

/* Roles up the extends chain from id, with their distance (0: the role itself). The depth cap stops the walk
 * on a cycle that slipped into the table. */
#define ROLE_CHAIN                                                                                               \
	"WITH RECURSIVE chain(role_id, depth) AS (SELECT CAST($1 AS BIGINT), 0 UNION ALL SELECT r.extends_id, "  \
	"c.depth + 1 FROM work_roles r JOIN chain c ON r.id = c.role_id WHERE r.extends_id IS NOT NULL AND "      \
	"c.depth < 64) "

/* ROLE REF or ORG REF from FRAC_CODE_REF_COLUMNS at col; NULL on error. */
static json_t *code_ref(struct db_stmt *st, int col)
{
	struct frac_code_ref r;
	return frac_code_ref_read(st, col, NULL, &r) ? NULL : frac_code_ref_json(&r);
}

/* Own activities (depth 0) go to own, inherited ones (with the role they come from) to inherited. */
static int activities_json(struct db_conn *db, int64_t id, json_t *own, json_t *inherited)
{
	struct db_stmt *st = db_prepare(db, ROLE_CHAIN "SELECT a.text_en, a.text_hi, c.depth, " FRAC_CODE_REF_COLUMNS("w")
						       " FROM chain c JOIN role_activities a ON a.role_id = c.role_id "
						       "JOIN work_roles w ON w.id = c.role_id ORDER BY c.depth, a.seq");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *a = json_pack("{s:s, s:o}", "text", db_column_text(st, 0), "text_hi",
				      text_or_null(db_column_text(st, 1)));
		if (db_column_int64(st, 2) == 0) {
			json_array_append_new(own, a);
			continue;
		}
		json_t *from = code_ref(st, 3);
		if (!from) {
			json_decref(a);
			rc = DB_ERROR;
			break;
		}
		json_object_set_new(a, "from", from);
		json_array_append_new(inherited, a);
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* One requirement while the effective list is merged. */
struct req_row {
	int64_t competency_id;
	int level;
	int depth;
	json_t *competency, *from; /* owned until handed to the answer */
};

static int req_cmp(const void *a, const void *b)
{
	const struct req_row *x = a, *y = b;
	if ((x->depth > 0) != (y->depth > 0))
		return x->depth > 0 ? 1 : -1;
	int c = strcmp(json_string_value(json_object_get(x->competency, "name")),
		       json_string_value(json_object_get(y->competency, "name")));
	if (c)
		return c;
	return x->competency_id < y->competency_id ? -1 : x->competency_id > y->competency_id;
}

#define ROLE_REQ_MAX 2048

/* The effective requirements: per competency the highest level on the chain (the nearest role on a tie, so
 * the role's own level wins over an equal inherited one), own ones first, each part by competency name. */
static json_t *requirements_json(struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(
		db, ROLE_CHAIN "SELECT rr.competency_id, rr.level, c.depth, " FRAC_CODE_REF_COLUMNS("w") ", "
			       FRAC_COMP_REF_COLUMNS("k") " FROM chain c JOIN role_requirements rr ON rr.role_id = c.role_id "
			       "JOIN work_roles w ON w.id = c.role_id JOIN competencies k ON k.id = rr.competency_id "
			       "ORDER BY rr.competency_id, rr.level DESC, c.depth");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return NULL;
	}
	struct req_row *rows = calloc(ROLE_REQ_MAX, sizeof *rows);
	size_t n = 0;
	int rc = rows ? 0 : DB_ERROR;
	while (!rc && (rc = db_step(st)) == DB_ROW) {
		rc = 0;
		int64_t cid = db_column_int64(st, 0);
		if ((n && rows[n - 1].competency_id == cid) || n == ROLE_REQ_MAX)
			continue;
		struct req_row *r = &rows[n++];
		r->competency_id = cid;
		r->level = (int)db_column_int64(st, 1);
		r->depth = (int)db_column_int64(st, 2);
		struct frac_comp_ref k;
		r->from = r->depth ? code_ref(st, 3) : json_null();
		r->competency = frac_comp_ref_read(st, 7, NULL, &k) ? NULL : frac_comp_ref_json(&k);
		if (!r->from || !r->competency)
			rc = DB_ERROR;
	}
	db_finish(st);
	json_t *out = rc < 0 ? NULL : json_array();
	if (out)
		qsort(rows, n, sizeof *rows, req_cmp);
	for (size_t i = 0; i < n; i++) {
		if (out)
			json_array_append_new(out, json_pack("{s:O, s:i, s:O}", "competency", rows[i].competency, "level",
							     rows[i].level, "inherited_from", rows[i].from));
		json_decref(rows[i].competency);
		json_decref(rows[i].from);
	}
	free(rows);
	return out;
}

json_t *frac_role_json(struct db_conn *db, int64_t id, struct frac_role_meta *meta, bool *db_error)
{
	*db_error = false;
	struct db_stmt *st = db_prepare(
		db, "SELECT r.id, r.code, r.name_en, r.name_hi, r.description_en, r.description_hi, r.shared, r.status, "
		    "r.created_at, r.updated_at, " FRAC_CODE_REF_COLUMNS("o") ", " FRAC_CODE_REF_COLUMNS("e") " FROM "
		    "work_roles r JOIN organisations o ON o.id = r.org_id LEFT JOIN work_roles e ON e.id = r.extends_id "
		    "WHERE r.id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		*db_error = true;
		return NULL;
	}
	int rc = db_step(st);
	json_t *out = NULL;
	if (rc == DB_ROW) {
		json_t *org = code_ref(st, 10), *extends = db_column_null(st, 14) ? json_null() : code_ref(st, 14);
		if (org && extends)
			out = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:O, s:b, s:s, s:O, s:o, s:o}", "id",
					(json_int_t)db_column_int64(st, 0), "code", db_column_text(st, 1), "name",
					db_column_text(st, 2), "name_hi", text_or_null(db_column_text(st, 3)), "description",
					text_or_null(db_column_text(st, 4)), "description_hi",
					text_or_null(db_column_text(st, 5)), "org", org, "shared", db_column_int64(st, 6) != 0,
					"status", db_column_text(st, 7), "extends", extends, "created_at",
					time_json(db_column_int64(st, 8)), "updated_at", time_json(db_column_int64(st, 9)));
		json_decref(org);
		json_decref(extends);
		if (!out)
			rc = DB_ERROR;
		if (out && meta) {
			meta->org_id = db_column_int64(st, 10);
			meta->shared = db_column_int64(st, 6) != 0;
			meta->active = !strcmp(db_column_text(st, 7), "active");
		}
	}
	db_finish(st);
	if (!out) {
		*db_error = rc < 0;
		return NULL;
	}
	json_t *own = json_array(), *inherited = json_array();
	json_t *reqs = NULL;
	if (activities_json(db, id, own, inherited) || !(reqs = requirements_json(db, id))) {
		json_decref(out);
		json_decref(own);
		json_decref(inherited);
		*db_error = true;
		return NULL;
	}
	json_object_set_new(out, "activities", own);
	json_object_set_new(out, "inherited_activities", inherited);
	json_object_set_new(out, "requirements", reqs);
	return out;
}
