/* The dictionary's storage: competencies, their immutable versions and their level descriptors. */
#include "frac/frac_int.h"

#include "core/util.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int done(struct db_stmt *st, int rc)
{
	if (!rc)
		rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE || rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* The text of one version: names, descriptions, levels. */
struct comp_text {
	const char *name, *name_hi, *description, *description_hi;
	struct comp_level levels[5];
};

static int insert_version(struct db_conn *db, int64_t comp_id, int64_t version, const struct comp_text *t,
			  int64_t actor)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO competency_versions (competency_id, version, name_en, name_hi, "
					    "description_en, description_hi, created_by, created_at) "
					    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
	int rc = !st || db_bind_int64(st, 1, comp_id) || db_bind_int64(st, 2, version) ||
		 db_bind_text(st, 3, t->name) || db_bind_text(st, 4, t->name_hi) || db_bind_text(st, 5, t->description) ||
		 db_bind_text(st, 6, t->description_hi) || (actor ? db_bind_int64(st, 7, actor) : db_bind_null(st, 7)) ||
		 db_bind_int64(st, 8, util_now_ms());
	int64_t vid = 0;
	if (!rc && (rc = db_step(st)) == DB_ROW) {
		vid = db_column_int64(st, 0);
		rc = 0;
	}
	db_finish(st);
	if (rc)
		return rc < 0 ? rc : DB_ERROR;
	for (int l = 0; l < 5 && !rc; l++) {
		st = db_prepare(db, "INSERT INTO competency_levels (version_id, level, descriptor_en, descriptor_hi) "
				    "VALUES ($1, $2, $3, $4)");
		rc = done(st, !st || db_bind_int64(st, 1, vid) || db_bind_int64(st, 2, l + 1) ||
				      db_bind_text(st, 3, t->levels[l].descriptor) ||
				      db_bind_text(st, 4, t->levels[l].descriptor_hi));
	}
	return rc;
}

int frac_create(struct db_conn *db, const struct comp_input *in, int64_t actor, int64_t *id)
{
	char code[41];
	snprintf(code, sizeof code, "%s", in->code);
	for (char *p = code; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	int64_t now = util_now_ms();
	struct db_stmt *st = db_prepare(db, "INSERT INTO competencies (code, area, status, current_version, name_en, "
					    "name_hi, created_at, updated_at) VALUES ($1, $2, 'active', 1, $3, $4, $5, $5) "
					    "RETURNING id");
	int rc = !st || db_bind_text(st, 1, code) || db_bind_text(st, 2, in->area) || db_bind_text(st, 3, in->name) ||
		 db_bind_text(st, 4, in->name_hi) || db_bind_int64(st, 5, now);
	if (!rc && (rc = db_step(st)) == DB_ROW) {
		*id = db_column_int64(st, 0);
		rc = 0;
	}
	db_finish(st);
	if (rc)
		return rc < 0 ? rc : DB_ERROR;
	struct comp_text t = {in->name, in->name_hi, in->description, in->description_hi, {{0}}};
	memcpy(t.levels, in->levels, sizeof t.levels);
	return insert_version(db, *id, 1, &t, actor);
}

/* Loads the current text of a competency (strings copied into arena). 1 found, 0 unknown, -1 error. */
static int load_current(struct db_conn *db, struct arena *arena, int64_t id, int64_t *version, struct comp_text *t)
{
	struct db_stmt *st = db_prepare(db, "SELECT v.id, v.version, v.name_en, v.name_hi, v.description_en, "
					    "v.description_hi FROM competencies c JOIN competency_versions v ON "
					    "v.competency_id = c.id AND v.version = c.current_version WHERE c.id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	int64_t vid = 0;
	if (rc == DB_ROW) {
		vid = db_column_int64(st, 0);
		*version = db_column_int64(st, 1);
		const char *cols[4];
		for (int i = 0; i < 4; i++)
			cols[i] = db_column_text(st, 2 + i) ? arena_strdup(arena, db_column_text(st, 2 + i)) : NULL;
		t->name = cols[0];
		t->name_hi = cols[1];
		t->description = cols[2];
		t->description_hi = cols[3];
	}
	db_finish(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 0 : -1;
	st = db_prepare(db, "SELECT level, descriptor_en, descriptor_hi FROM competency_levels WHERE version_id = $1");
	if (!st || db_bind_int64(st, 1, vid)) {
		db_finish(st);
		return -1;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t l = db_column_int64(st, 0);
		if (l < 1 || l > 5)
			continue;
		const char *d = db_column_text(st, 1), *dh = db_column_text(st, 2);
		t->levels[l - 1].descriptor = d ? arena_strdup(arena, d) : NULL;
		t->levels[l - 1].descriptor_hi = dh ? arena_strdup(arena, dh) : NULL;
	}
	db_finish(st);
	return rc == DB_DONE ? 1 : -1;
}

static bool differs(const char *a, const char *b)
{
	return !((!a && !b) || (a && b && !strcmp(a, b)));
}

/* Merges the edit onto the current text; true when anything a version records changed. */
static bool merge(struct comp_text *t, const struct comp_input *in)
{
	bool changed = false;
	if (in->name && differs(in->name, t->name)) {
		t->name = in->name;
		changed = true;
	}
	if (in->has_name_hi && differs(in->name_hi, t->name_hi)) {
		t->name_hi = in->name_hi;
		changed = true;
	}
	if (in->description && differs(in->description, t->description)) {
		t->description = in->description;
		changed = true;
	}
	if (in->has_description_hi && differs(in->description_hi, t->description_hi)) {
		t->description_hi = in->description_hi;
		changed = true;
	}
	if (in->has_levels)
		for (int l = 0; l < 5; l++)
			if (differs(in->levels[l].descriptor, t->levels[l].descriptor) ||
			    differs(in->levels[l].descriptor_hi, t->levels[l].descriptor_hi)) {
				t->levels[l] = in->levels[l];
				changed = true;
			}
	return changed;
}

int frac_apply_edit(struct db_conn *db, int64_t id, const struct comp_input *in, int64_t actor)
{
	struct arena arena;
	arena_init(&arena, 1 << 20);
	struct comp_text t;
	memset(&t, 0, sizeof t);
	int64_t version = 0;
	int found = load_current(db, &arena, id, &version, &t);
	int rc = found < 0 ? DB_ERROR : found == 0 ? 1 : 0;
	bool new_version = !rc && merge(&t, in);
	if (new_version)
		rc = insert_version(db, id, version + 1, &t, actor);
	if (!rc) {
		struct db_stmt *st = db_prepare(db, "UPDATE competencies SET current_version = $1, name_en = $2, "
						    "name_hi = $3, status = COALESCE($4, status), updated_at = $5 WHERE id = $6");
		rc = done(st, !st || db_bind_int64(st, 1, new_version ? version + 1 : version) ||
				      db_bind_text(st, 2, t.name) || db_bind_text(st, 3, t.name_hi) ||
				      db_bind_text(st, 4, in->status) || db_bind_int64(st, 5, util_now_ms()) ||
				      db_bind_int64(st, 6, id));
	}
	arena_free(&arena);
	return rc;
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

static json_t *levels_json(struct db_conn *db, int64_t version_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT level, descriptor_en, descriptor_hi FROM competency_levels "
					    "WHERE version_id = $1 ORDER BY level");
	if (!st || db_bind_int64(st, 1, version_id)) {
		db_finish(st);
		return NULL;
	}
	json_t *levels = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(levels, json_pack("{s:I, s:s, s:o}", "level", (json_int_t)db_column_int64(st, 0),
							"descriptor", db_column_text(st, 1), "descriptor_hi",
							text_or_null(db_column_text(st, 2))));
	db_finish(st);
	if (rc < 0) {
		json_decref(levels);
		return NULL;
	}
	return levels;
}

json_t *frac_competency_json(struct db_conn *db, int64_t id, int64_t version, bool *db_error)
{
	*db_error = false;
	struct db_stmt *st = db_prepare(
		db, "SELECT c.id, c.code, c.area, c.status, v.version, v.name_en, v.name_hi, v.description_en, "
		    "v.description_hi, c.created_at, c.updated_at, v.id FROM competencies c JOIN competency_versions v "
		    "ON v.competency_id = c.id AND v.version = (CASE WHEN CAST($2 AS BIGINT) = 0 THEN c.current_version "
		    "ELSE CAST($2 AS BIGINT) END) WHERE c.id = $1");
	if (!st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, version)) {
		db_finish(st);
		*db_error = true;
		return NULL;
	}
	int rc = db_step(st);
	json_t *out = NULL;
	int64_t vid = 0;
	if (rc == DB_ROW) {
		vid = db_column_int64(st, 11);
		out = json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:o, s:s, s:o, s:o, s:o}", "id",
				(json_int_t)db_column_int64(st, 0), "code", db_column_text(st, 1), "area",
				db_column_text(st, 2), "status", db_column_text(st, 3), "version",
				(json_int_t)db_column_int64(st, 4), "name", db_column_text(st, 5), "name_hi",
				text_or_null(db_column_text(st, 6)), "description", db_column_text(st, 7),
				"description_hi", text_or_null(db_column_text(st, 8)), "created_at",
				time_json(db_column_int64(st, 9)), "updated_at", time_json(db_column_int64(st, 10)));
	}
	db_finish(st);
	if (rc < 0)
		*db_error = true;
	if (!out)
		return NULL;
	json_t *levels = levels_json(db, vid);
	if (!levels) {
		json_decref(out);
		*db_error = true;
		return NULL;
	}
	json_object_set_new(out, "levels", levels);
	return out;
}
