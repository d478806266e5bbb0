/* Content as stored: loading an item and its versions, CONTENT as the API shows one version (metadata and
 * outline), copying a version into a new draft, and the review trail's rows. */
#include "catalog/catalog_int.h"

#include "core/util.h"

#include <stdio.h>
#include <string.h>

static void copy_text(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

int catalog_content_load(struct db_conn *db, int64_t id, struct catalog_content *out)
{
	struct db_stmt *st = db_prepare(
		db, "SELECT c.provider_id, c.kind, c.code, c.status, c.latest_version_id, l.version, "
		    "c.published_version_id, p.version, p.status, COALESCE(i.rating_x100, 0), COALESCE(i.rating_count, 0) "
		    "FROM contents c JOIN content_versions l ON l.id = c.latest_version_id LEFT JOIN content_versions p "
		    "ON p.id = c.published_version_id LEFT JOIN catalog_index i ON i.content_id = c.id WHERE c.id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->id = id;
		out->provider_id = db_column_int64(st, 0);
		copy_text(out->kind, sizeof out->kind, db_column_text(st, 1));
		copy_text(out->code, sizeof out->code, db_column_text(st, 2));
		copy_text(out->status, sizeof out->status, db_column_text(st, 3));
		out->latest_id = db_column_int64(st, 4);
		out->latest_version = db_column_int64(st, 5);
		out->published_id = db_column_null(st, 6) ? 0 : db_column_int64(st, 6);
		out->published_version = db_column_null(st, 7) ? 0 : db_column_int64(st, 7);
		copy_text(out->published_status, sizeof out->published_status, db_column_text(st, 8));
		out->rating_x100 = db_column_int64(st, 9);
		out->rating_count = db_column_int64(st, 10);
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int catalog_version_load(struct db_conn *db, int64_t version_id, struct catalog_version *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT version, status, author_id, reviewer_id, approved_by FROM "
					    "content_versions WHERE id = $1");
	if (!st || db_bind_int64(st, 1, version_id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->id = version_id;
		out->version = db_column_int64(st, 0);
		copy_text(out->status, sizeof out->status, db_column_text(st, 1));
		out->author_id = db_column_null(st, 2) ? 0 : db_column_int64(st, 2);
		out->reviewer_id = db_column_null(st, 3) ? 0 : db_column_int64(st, 3);
		out->approved_by = db_column_null(st, 4) ? 0 : db_column_int64(st, 4);
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int catalog_version_find(struct db_conn *db, int64_t content_id, int64_t version, int64_t *version_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM content_versions WHERE content_id = $1 AND version = $2");
	if (!st || db_bind_int64(st, 1, content_id) || db_bind_int64(st, 2, version)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*version_id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

json_t *catalog_time_json(int64_t ms)
{
	if (ms <= 0)
		return json_null();
	char iso[32];
	util_iso8601(ms, iso);
	return json_string(iso);
}

static json_t *text_or_null(struct db_stmt *st, int col)
{
	const char *s = db_column_text(st, col);
	return s ? json_string(s) : json_null();
}

static int64_t int_or_zero(struct db_stmt *st, int col)
{
	return db_column_null(st, col) ? 0 : db_column_int64(st, col);
}

/* Looks up (id, a, b, c) rows of one kind of reference: NULL on error, json null for 0. */
static json_t *ref_json(struct db_conn *db, const char *sql, int64_t id, const char *k0, const char *k1,
			const char *k2)
{
	if (id <= 0)
		return json_null();
	struct db_stmt *st = db_prepare(db, sql);
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return NULL;
	}
	json_t *out = NULL;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out = json_pack("{s:I}", "id", (json_int_t)id);
		json_object_set_new(out, k0, text_or_null(st, 0));
		json_object_set_new(out, k1, text_or_null(st, 1));
		if (k2)
			json_object_set_new(out, k2, text_or_null(st, 2));
	} else if (rc == DB_DONE) {
		out = json_null();
	}
	db_finish(st);
	return out;
}

json_t *catalog_person_json(struct db_conn *db, int64_t official_id)
{
	return ref_json(db, "SELECT name_en, name_hi FROM officials WHERE id = $1", official_id, "name", "name_hi",
			NULL);
}

json_t *catalog_org_json(struct db_conn *db, int64_t org_id)
{
	return ref_json(db, "SELECT code, name_en, name_hi FROM organisations WHERE id = $1", org_id, "code", "name",
			"name_hi");
}

static json_t *file_ref(int64_t id, const char *kind, const char *mime, int64_t size)
{
	if (id <= 0)
		return json_null();
	char url[64];
	snprintf(url, sizeof url, "/api/v1/files/%lld", (long long)id);
	return json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)id, "kind", kind ? kind : "", "mime",
			 mime ? mime : "", "size", (json_int_t)size, "url", url);
}

static json_t *thumbnail_json(struct db_conn *db, int64_t file_id)
{
	if (file_id <= 0)
		return json_null();
	struct db_stmt *st = db_prepare(db, "SELECT kind, mime, size FROM files WHERE id = $1");
	if (!st || db_bind_int64(st, 1, file_id)) {
		db_finish(st);
		return NULL;
	}
	json_t *out = NULL;
	int rc = db_step(st);
	if (rc == DB_ROW)
		out = file_ref(file_id, db_column_text(st, 0), db_column_text(st, 1), db_column_int64(st, 2));
	else if (rc == DB_DONE)
		out = json_null();
	db_finish(st);
	return out;
}

/* "en,hi" -> ["en", "hi"]. */
static json_t *split_list(const char *s)
{
	json_t *out = json_array();
	while (s && *s) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		if (n)
			json_array_append_new(out, json_stringn(s, n));
		s = comma ? comma + 1 : NULL;
	}
	return out;
}

/* Runs st (its parameters bound) and appends one item per row made by row(); -1 on a database error. */
static int collect(struct db_stmt *st, json_t *into, json_t *(*row)(struct db_stmt *st))
{
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(into, row(st));
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

static struct db_stmt *by_version(struct db_conn *db, const char *sql, int64_t version_id)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st && db_bind_int64(st, 1, version_id)) {
		db_finish(st);
		return NULL;
	}
	return st;
}

static json_t *competency_row(struct db_stmt *st)
{
	json_t *c = json_pack("{s:I, s:s}", "id", (json_int_t)db_column_int64(st, 0), "code", db_column_text(st, 1));
	json_object_set_new(c, "name", text_or_null(st, 2));
	json_object_set_new(c, "name_hi", text_or_null(st, 3));
	json_object_set_new(c, "area", text_or_null(st, 4));
	return json_pack("{s:o, s:I}", "competency", c, "level", (json_int_t)db_column_int64(st, 5));
}

static json_t *designation_row(struct db_stmt *st)
{
	json_t *d = json_pack("{s:s}", "code", db_column_text(st, 0));
	json_object_set_new(d, "name", text_or_null(st, 1));
	json_object_set_new(d, "name_hi", text_or_null(st, 2));
	return d;
}

static json_t *item_row(struct db_stmt *st)
{
	json_t *course = json_pack("{s:I, s:s}", "id", (json_int_t)db_column_int64(st, 1), "code", db_column_text(st, 2));
	json_object_set_new(course, "title", text_or_null(st, 3));
	json_object_set_new(course, "title_hi", text_or_null(st, 4));
	return json_pack("{s:I, s:o}", "seq", (json_int_t)db_column_int64(st, 0), "course", course);
}

static json_t *session_row(struct db_stmt *st)
{
	json_t *s = json_pack("{s:s}", "title", db_column_text(st, 0));
	json_object_set_new(s, "title_hi", text_or_null(st, 1));
	json_object_set_new(s, "mode", text_or_null(st, 2));
	json_object_set_new(s, "duration_minutes", json_integer(db_column_int64(st, 3)));
	return s;
}

static json_t *module_row(struct db_stmt *st)
{
	json_t *m = json_pack("{s:I, s:s}", "id", (json_int_t)db_column_int64(st, 0), "title", db_column_text(st, 1));
	json_object_set_new(m, "title_hi", text_or_null(st, 2));
	json_object_set_new(m, "resources", json_array());
	return m;
}

/* Columns: module id, resource id, kind, title, title_hi, file id, url, html, assessment_ref, duration,
 * required, file kind, file mime, file size. */
static json_t *resource_row(struct db_stmt *st)
{
	json_t *r = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)db_column_int64(st, 1), "kind", db_column_text(st, 2),
			      "title", db_column_text(st, 3));
	json_object_set_new(r, "title_hi", text_or_null(st, 4));
	json_object_set_new(r, "file", file_ref(int_or_zero(st, 5), db_column_text(st, 11), db_column_text(st, 12),
						int_or_zero(st, 13)));
	json_object_set_new(r, "url", text_or_null(st, 6));
	json_object_set_new(r, "html", text_or_null(st, 7));
	json_object_set_new(r, "assessment_ref", text_or_null(st, 8));
	json_object_set_new(r, "duration_minutes", db_column_null(st, 9) ? json_null() : json_integer(db_column_int64(st, 9)));
	json_object_set_new(r, "required", json_boolean(db_column_int64(st, 10) != 0));
	return r;
}

/* The modules of a course version, each with its resources (two queries, joined here in order). */
static json_t *modules_json(struct db_conn *db, int64_t version_id)
{
	json_t *mods = json_array();
	struct db_stmt *st = by_version(db, "SELECT id, title_en, title_hi FROM course_modules WHERE version_id = $1 "
					    "ORDER BY seq", version_id);
	if (!st || collect(st, mods, module_row)) {
		json_decref(mods);
		return NULL;
	}
	st = by_version(db, "SELECT r.module_id, r.id, r.kind, r.title_en, r.title_hi, r.file_id, r.url, r.html, "
			    "r.assessment_ref, r.duration_minutes, r.required, f.kind, f.mime, f.size FROM resources r JOIN "
			    "course_modules m ON m.id = r.module_id LEFT JOIN files f ON f.id = r.file_id WHERE "
			    "m.version_id = $1 ORDER BY m.seq, r.seq", version_id);
	int rc = st ? DB_ROW : DB_ERROR;
	size_t at = 0;
	while (st && (rc = db_step(st)) == DB_ROW) {
		int64_t module_id = db_column_int64(st, 0);
		while (at < json_array_size(mods) &&
		       json_integer_value(json_object_get(json_array_get(mods, at), "id")) != module_id)
			at++;
		json_t *m = json_array_get(mods, at);
		if (m)
			json_array_append_new(json_object_get(m, "resources"), resource_row(st));
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(mods);
		return NULL;
	}
	return mods;
}

/* Adds the kind's outline members to out. Returns 0 or -1 on a database error. */
static int add_outline(struct db_conn *db, const char *kind, int64_t version_id, json_t *out)
{
	if (!strcmp(kind, "course")) {
		json_t *mods = modules_json(db, version_id);
		if (!mods)
			return -1;
		json_object_set_new(out, "modules", mods);
		return 0;
	}
	if (strstr(kind, "programme")) {
		json_t *items = json_array();
		json_object_set_new(out, "items", items);
		struct db_stmt *st = by_version(
			db, "SELECT i.seq, c.id, c.code, v.title_en, v.title_hi FROM programme_items i JOIN contents c ON "
			    "c.id = i.course_id LEFT JOIN content_versions v ON v.id = c.published_version_id WHERE "
			    "i.version_id = $1 ORDER BY i.seq", version_id);
		if (!st || collect(st, items, item_row))
			return -1;
	}
	if (!strcmp(kind, "blended_programme")) {
		json_t *sessions = json_array();
		json_object_set_new(out, "sessions", sessions);
		struct db_stmt *st = by_version(db, "SELECT title_en, title_hi, mode, duration_minutes FROM blended_sessions "
						    "WHERE version_id = $1 ORDER BY seq", version_id);
		if (!st || collect(st, sessions, session_row))
			return -1;
	}
	return 0;
}

/* Competencies and designations. Returns 0 or -1. */
static int add_metadata_lists(struct db_conn *db, int64_t version_id, json_t *out)
{
	json_t *comps = json_array(), *desigs = json_array();
	json_object_set_new(out, "competencies", comps);
	json_object_set_new(out, "designations", desigs);
	struct db_stmt *st = by_version(db, "SELECT c.id, c.code, c.name_en, c.name_hi, c.area, cc.level FROM "
					    "content_competencies cc JOIN competencies c ON c.id = cc.competency_id WHERE "
					    "cc.version_id = $1 ORDER BY c.code", version_id);
	if (!st || collect(st, comps, competency_row))
		return -1;
	st = by_version(db, "SELECT d.code, d.name_en, d.name_hi FROM content_designations cd JOIN designations d ON "
			    "d.code = cd.designation WHERE cd.version_id = $1 ORDER BY d.code", version_id);
	if (!st || collect(st, desigs, designation_row))
		return -1;
	return 0;
}

/* The people of a version: author, reviewer, approved_by, published_by (columns from..from+3). */
static int add_people(struct db_conn *db, struct db_stmt *st, int from, json_t *out)
{
	static const char *const KEYS[] = {"author", "reviewer", "approved_by", "published_by"};
	for (int i = 0; i < 4; i++) {
		json_t *p = catalog_person_json(db, int_or_zero(st, from + i));
		if (!p)
			return -1;
		json_object_set_new(out, KEYS[i], p);
	}
	return 0;
}

/* The version row's own fields. Columns as in the SELECT of catalog_content_json. */
static json_t *version_fields(struct db_conn *db, const struct catalog_content *c, struct db_stmt *st)
{
	json_t *out = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)c->id, "code", c->code, "kind", c->kind);
	json_t *provider = catalog_org_json(db, c->provider_id);
	json_t *thumb = thumbnail_json(db, int_or_zero(st, 11));
	if (!provider || !thumb) {
		json_decref(provider);
		json_decref(thumb);
		json_decref(out);
		return NULL;
	}
	json_object_set_new(out, "provider", provider);
	json_object_set_new(out, "status", json_string(db_column_text(st, 2)));
	json_object_set_new(out, "version", json_integer(db_column_int64(st, 1)));
	json_object_set_new(out, "latest_version", json_integer(c->latest_version));
	json_object_set_new(out, "published_version",
			    c->published_version ? json_integer(c->published_version) : json_null());
	json_object_set_new(out, "title", text_or_null(st, 3));
	json_object_set_new(out, "title_hi", text_or_null(st, 4));
	json_object_set_new(out, "description", text_or_null(st, 5));
	json_object_set_new(out, "description_hi", text_or_null(st, 6));
	json_object_set_new(out, "languages", split_list(db_column_text(st, 7)));
	json_object_set_new(out, "duration_minutes",
			    db_column_null(st, 8) ? json_null() : json_integer(db_column_int64(st, 8)));
	json_object_set_new(out, "keywords", split_list(db_column_text(st, 9)));
	json_object_set_new(out, "target_groups", split_list(db_column_text(st, 10)));
	json_object_set_new(out, "thumbnail", thumb);
	json_object_set_new(out, "rating", json_pack("{s:f, s:I}", "average", (double)c->rating_x100 / 100.0, "count",
						     (json_int_t)c->rating_count));
	static const char *const TIMES[] = {"created_at", "updated_at", "submitted_at", "published_at"};
	for (int i = 0; i < 4; i++)
		json_object_set_new(out, TIMES[i], catalog_time_json(int_or_zero(st, 19 + i)));
	if (add_people(db, st, 15, out)) {
		json_decref(out);
		return NULL;
	}
	return out;
}

static int add_audience(struct db_conn *db, struct db_stmt *st, json_t *out)
{
	json_t *org = catalog_org_json(db, int_or_zero(st, 12));
	if (!org)
		return -1;
	json_t *a = json_pack("{s:o}", "org", org);
	json_object_set_new(a, "text", text_or_null(st, 13));
	json_object_set_new(a, "text_hi", text_or_null(st, 14));
	json_object_set_new(out, "audience", a);
	return 0;
}

json_t *catalog_content_json(struct db_conn *db, const struct catalog_content *c, int64_t version_id, bool *db_error)
{
	*db_error = true;
	struct db_stmt *st = by_version(
		db, "SELECT content_id, version, status, title_en, title_hi, description_en, description_hi, languages, "
		    "duration_minutes, keywords, target_groups, thumbnail_file_id, audience_org_id, audience_en, "
		    "audience_hi, author_id, reviewer_id, approved_by, published_by, created_at, updated_at, submitted_at, "
		    "published_at FROM content_versions WHERE id = $1",
		version_id);
	if (!st)
		return NULL;
	int rc = db_step(st);
	json_t *out = NULL;
	if (rc == DB_ROW && db_column_int64(st, 0) == c->id) {
		out = version_fields(db, c, st);
		if (out && !strcmp(c->kind, "curated_programme") && add_audience(db, st, out)) {
			json_decref(out);
			out = NULL;
		}
	} else if (rc >= 0) {
		*db_error = false;
	}
	db_finish(st);
	if (out && (add_metadata_lists(db, version_id, out) || add_outline(db, c->kind, version_id, out))) {
		json_decref(out);
		out = NULL;
	}
	if (out)
		*db_error = false;
	return out;
}
