/* Positions and holdings in the database: writing a position and its roles, and both as the API shows them
 * (a position with its effective requirements and current holder; a holding with the people it names). */
#include "frac/frac_int.h"

#include "core/util.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void frac_today(char out[11])
{
	time_t secs = (time_t)(util_now_ms() / 1000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int done(struct db_stmt *st, int rc)
{
	if (!rc)
		rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE || rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

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

static int insert_position(struct db_conn *db, const struct position_input *in, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO positions (org_id, code, title_en, title_hi, designation, "
					    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id");
	int rc = !st || db_bind_int64(st, 1, in->org_id) || db_bind_text(st, 2, in->code) ||
		 db_bind_text(st, 3, in->title) || db_bind_text(st, 4, in->title_hi) ||
		 db_bind_text(st, 5, in->designation) || db_bind_int64(st, 6, util_now_ms());
	if (!rc && (rc = db_step(st)) == DB_ROW) {
		*id = db_column_int64(st, 0);
		rc = 0;
	}
	db_finish(st);
	return rc < 0 ? rc : rc ? DB_ERROR : 0;
}

static int update_position(struct db_conn *db, int64_t id, const struct position_input *in)
{
	struct db_stmt *st = db_prepare(
		db, "UPDATE positions SET "
		    "title_en = CASE WHEN CAST($2 AS BIGINT) = 1 THEN $3 ELSE title_en END, "
		    "title_hi = CASE WHEN CAST($4 AS BIGINT) = 1 THEN $5 ELSE title_hi END, "
		    "designation = CASE WHEN CAST($6 AS BIGINT) = 1 THEN $7 ELSE designation END, "
		    "status = CASE WHEN CAST($8 AS BIGINT) = 1 THEN $9 ELSE status END, "
		    "updated_at = $10 WHERE id = $1");
	int rc = done(st, !st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, in->title != NULL) ||
				  db_bind_text(st, 3, in->title) || db_bind_int64(st, 4, in->has_title_hi) ||
				  db_bind_text(st, 5, in->title_hi) || db_bind_int64(st, 6, in->has_designation) ||
				  db_bind_text(st, 7, in->designation) || db_bind_int64(st, 8, in->status != NULL) ||
				  db_bind_text(st, 9, in->status) || db_bind_int64(st, 10, util_now_ms()));
	if (!rc && db_changes(db) != 1)
		return 1;
	return rc;
}

static int replace_roles(struct db_conn *db, int64_t id, const int64_t *roles, size_t n)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM position_roles WHERE position_id = $1");
	int rc = done(st, !st || db_bind_int64(st, 1, id));
	for (size_t i = 0; i < n && !rc; i++) {
		st = db_prepare(db, "INSERT INTO position_roles (position_id, role_id) VALUES ($1, $2)");
		rc = done(st, !st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, roles[i]));
	}
	return rc;
}

/* Ends the current holding of a position today (or on its start day, when it starts later). */
static int end_current_holding(struct db_conn *db, int64_t id)
{
	char today[11];
	frac_today(today);
	struct db_stmt *st = db_prepare(db, "UPDATE position_holders SET end_date = CASE WHEN start_date > $2 THEN "
					    "start_date ELSE $2 END WHERE position_id = $1 AND end_date IS NULL "
					    "RETURNING official_id");
	int rc = !st || db_bind_int64(st, 1, id) || db_bind_text(st, 2, today);
	int64_t holder = 0; /* a position has at most one current holder */
	while (!rc && (rc = db_step(st)) == DB_ROW) {
		holder = db_column_int64(st, 0);
		rc = 0;
	}
	db_finish(st);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERROR;
	return holder ? frac_hook_holder_changed(db, holder) : 0;
}

int frac_position_write(struct db_conn *db, int64_t id, const struct position_input *in, int64_t *out_id)
{
	bool create = !id;
	int rc = create ? insert_position(db, in, &id) : update_position(db, id, in);
	if (!rc && out_id)
		*out_id = id;
	if (!rc && in->has_roles)
		rc = replace_roles(db, id, in->role_ids, in->nroles);
	if (!rc && in->status && !strcmp(in->status, "abolished"))
		rc = end_current_holding(db, id);
	return rc;
}

/* --- as the API shows them --- */

json_t *frac_holding_json(struct db_conn *db, int64_t holding_id, bool with_position, bool *db_error)
{
	*db_error = false;
	struct db_stmt *st = db_prepare(db, "SELECT h.id, h.official_id, h.reporting_officer_id, h.start_date, "
					    "h.end_date, " FRAC_POST_REF_COLUMNS " FROM position_holders h JOIN "
					    "positions p ON p.id = h.position_id" FRAC_POST_REF_JOINS " WHERE h.id = $1");
	if (!st || db_bind_int64(st, 1, holding_id)) {
		db_finish(st);
		*db_error = true;
		return NULL;
	}
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_finish(st);
		*db_error = rc < 0;
		return NULL;
	}
	int64_t official = db_column_int64(st, 1), officer = db_column_null(st, 2) ? 0 : db_column_int64(st, 2);
	json_t *out = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)db_column_int64(st, 0), "start_date",
				db_column_text(st, 3), "end_date", text_or_null(db_column_text(st, 4)));
	struct frac_post_ref post;
	json_t *where = with_position && !frac_post_ref_read(st, 5, NULL, &post) ? frac_post_ref_json(&post) : NULL;
	db_finish(st);
	if (with_position && !where) {
		json_decref(out);
		*db_error = true;
		return NULL;
	}
	if (where)
		json_object_set_new(out, "position", where);
	json_t *who = frac_official_ref(db, official);
	json_t *ro = officer ? frac_official_ref(db, officer) : json_null();
	if (!who || !ro) {
		json_decref(who);
		json_decref(ro);
		json_decref(out);
		*db_error = true;
		return NULL;
	}
	json_object_set_new(out, "official", who);
	json_object_set_new(out, "reporting_officer", ro);
	return out;
}

static json_t *roles_json(struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "SELECT " FRAC_CODE_REF_COLUMNS("w") " FROM position_roles pr JOIN work_roles "
					    "w ON w.id = pr.role_id WHERE pr.position_id = $1 ORDER BY w.name_en, w.id");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return NULL;
	}
	json_t *out = json_array();
	struct frac_code_ref role;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *ref = frac_code_ref_read(st, 0, NULL, &role) ? NULL : frac_code_ref_json(&role);
		if (!ref) {
			rc = DB_ERROR;
			break;
		}
		json_array_append_new(out, ref);
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

static int by_competency_name(const void *a, const void *b)
{
	json_t *x = json_object_get(*(json_t *const *)a, "competency"), *y = json_object_get(*(json_t *const *)b, "competency");
	int c = strcmp(json_string_value(json_object_get(x, "name")), json_string_value(json_object_get(y, "name")));
	json_int_t i = json_integer_value(json_object_get(x, "id")), j = json_integer_value(json_object_get(y, "id"));
	return c ? c : (i > j) - (i < j);
}

/* The effective requirements (frac_position_requirements), by competency name. */
static json_t *requirements_json(struct db_conn *db, int64_t id)
{
	struct frac_req reqs[FRAC_REQ_MAX];
	size_t n;
	if (frac_position_requirements(db, id, reqs, FRAC_REQ_MAX, &n))
		return NULL;
	json_t *items[FRAC_REQ_MAX];
	for (size_t i = 0; i < n; i++) {
		json_t *ref = frac_competency_ref(db, reqs[i].competency_id);
		if (!ref) {
			while (i--)
				json_decref(items[i]);
			return NULL;
		}
		items[i] = json_pack("{s:o, s:i}", "competency", ref, "level", reqs[i].level);
	}
	qsort(items, n, sizeof items[0], by_competency_name);
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(out, items[i]);
	return out;
}

/* The current holding of a position: 1 (sets *holding), 0 none, -1 error. */
static int current_holding(struct db_conn *db, int64_t id, int64_t *holding)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM position_holders WHERE position_id = $1 AND end_date IS NULL "
					    "ORDER BY start_date DESC, id DESC LIMIT 1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*holding = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* The holder and reporting officer of a holding, for access checks. */
static int holding_people(struct db_conn *db, int64_t holding, struct frac_position_meta *m)
{
	struct db_stmt *st = db_prepare(db, "SELECT official_id, reporting_officer_id FROM position_holders WHERE id = $1");
	if (!st || db_bind_int64(st, 1, holding) || db_step(st) != DB_ROW) {
		db_finish(st);
		return -1;
	}
	m->holder_id = db_column_int64(st, 0);
	m->officer_id = db_column_null(st, 1) ? 0 : db_column_int64(st, 1);
	db_finish(st);
	return 0;
}

static json_t *position_row(struct db_conn *db, int64_t id, struct frac_position_meta *m, int *rc)
{
	struct db_stmt *st = db_prepare(db, "SELECT p.id, p.code, p.title_en, p.title_hi, " FRAC_CODE_REF_COLUMNS("o")
					    ", d.code, d.name_en, d.name_hi, p.status, p.created_at, p.updated_at FROM "
					    "positions p JOIN organisations o ON o.id = p.org_id LEFT JOIN designations d ON "
					    "d.code = p.designation WHERE p.id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		*rc = DB_ERROR;
		return NULL;
	}
	*rc = db_step(st);
	json_t *out = NULL;
	struct frac_code_ref org;
	if (*rc == DB_ROW && frac_code_ref_read(st, 4, NULL, &org))
		*rc = DB_ERROR;
	if (*rc == DB_ROW) {
		json_t *where = frac_code_ref_json(&org);
		json_t *designation =
			frac_designation_json(db_column_text(st, 8), db_column_text(st, 9), db_column_text(st, 10));
		if (where && designation)
			out = json_pack("{s:I, s:s, s:s, s:o, s:O, s:O, s:s, s:o, s:o}", "id",
					(json_int_t)db_column_int64(st, 0), "code", db_column_text(st, 1), "title",
					db_column_text(st, 2), "title_hi", text_or_null(db_column_text(st, 3)), "org", where,
					"designation", designation, "status", db_column_text(st, 11), "created_at",
					time_json(db_column_int64(st, 12)), "updated_at", time_json(db_column_int64(st, 13)));
		json_decref(where);
		json_decref(designation);
		if (!out)
			*rc = DB_ERROR;
		m->org_id = org.id;
		m->active = !strcmp(db_column_text(st, 11), "active");
	}
	db_finish(st);
	return out;
}

json_t *frac_position_json(struct db_conn *db, int64_t id, struct frac_position_meta *meta, bool *db_error)
{
	struct frac_position_meta m = {0};
	int rc;
	json_t *out = position_row(db, id, &m, &rc);
	*db_error = rc < 0;
	if (!out)
		return NULL;
	int64_t holding = 0;
	int held = current_holding(db, id, &holding);
	json_t *roles = roles_json(db, id), *reqs = requirements_json(db, id), *holder = json_null();
	bool err = false;
	if (held == 1 && (holding_people(db, holding, &m) || !(holder = frac_holding_json(db, holding, false, &err))))
		err = true;
	if (held < 0 || err || !roles || !reqs) {
		json_decref(out);
		json_decref(roles);
		json_decref(reqs);
		json_decref(holder);
		*db_error = true;
		return NULL;
	}
	json_object_set_new(out, "roles", roles);
	json_object_set_new(out, "requirements", reqs);
	json_object_set_new(out, "holder", holder);
	if (meta)
		*meta = m;
	return out;
}
