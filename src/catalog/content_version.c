/* New versions and the review trail: an edit of published content copies its version (metadata and outline)
 * into a new draft, and every workflow step leaves a row in content_transitions. */
#include "catalog/catalog_int.h"

#include <stdio.h>

/* Set once at start-up, before the server takes requests, and only read afterwards: no lock needed. */
static struct catalog_hooks hooks;

void catalog_set_hooks(const struct catalog_hooks *h)
{
	hooks = h ? *h : (struct catalog_hooks){0};
}

int catalog_hook_version_ready(struct db_conn *db, const struct catalog_content *c, int64_t version_id, json_t **errors)
{
	return hooks.version_ready ? hooks.version_ready(db, c, version_id, errors) : 0;
}

static int run(struct db_stmt *st)
{
	int rc = st ? db_step(st) : DB_ERROR;
	db_finish(st);
	return rc == DB_DONE || rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Runs "... WHERE version_id = $1" copying rows from one version to another ($2). */
static int copy_rows(struct db_conn *db, const char *sql, int64_t from, int64_t to)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st && (db_bind_int64(st, 1, from) || db_bind_int64(st, 2, to))) {
		db_finish(st);
		return DB_ERROR;
	}
	return run(st);
}

static int copy_version_row(struct db_conn *db, const struct catalog_content *c, int64_t from, int64_t author,
			    int64_t now, int64_t *new_id)
{
	struct db_stmt *st = db_prepare(
		db, "INSERT INTO content_versions (content_id, version, status, title_en, title_hi, description_en, "
		    "description_hi, languages, duration_minutes, keywords, target_groups, thumbnail_file_id, "
		    "audience_org_id, audience_en, audience_hi, author_id, created_at, updated_at) SELECT content_id, $2, "
		    "'draft', title_en, title_hi, description_en, description_hi, languages, duration_minutes, keywords, "
		    "target_groups, thumbnail_file_id, audience_org_id, audience_en, audience_hi, $3, $4, $4 FROM "
		    "content_versions WHERE id = $1 RETURNING id");
	if (!st || db_bind_int64(st, 1, from) || db_bind_int64(st, 2, c->latest_version + 1) ||
	    db_bind_int64(st, 3, author) || db_bind_int64(st, 4, now)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*new_id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Each module gets a new id, so its resources are copied module by module. */
static int copy_modules(struct db_conn *db, int64_t from, int64_t to)
{
	int64_t ids[CATALOG_MODULES_MAX];
	int n = 0, rc;
	struct db_stmt *st = db_prepare(db, "SELECT id FROM course_modules WHERE version_id = $1 ORDER BY seq");
	if (!st || db_bind_int64(st, 1, from)) {
		db_finish(st);
		return DB_ERROR;
	}
	while ((rc = db_step(st)) == DB_ROW && n < CATALOG_MODULES_MAX)
		ids[n++] = db_column_int64(st, 0);
	db_finish(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < n; i++) {
		int64_t module_id = 0;
		st = db_prepare(db, "INSERT INTO course_modules (version_id, seq, title_en, title_hi) SELECT $2, seq, "
				    "title_en, title_hi FROM course_modules WHERE id = $1 RETURNING id");
		if (!st || db_bind_int64(st, 1, ids[i]) || db_bind_int64(st, 2, to)) {
			db_finish(st);
			return DB_ERROR;
		}
		rc = db_step(st);
		if (rc == DB_ROW)
			module_id = db_column_int64(st, 0);
		db_finish(st);
		if (rc != DB_ROW)
			return rc < 0 ? rc : DB_ERROR;
		rc = copy_rows(db, "INSERT INTO resources (module_id, seq, kind, title_en, title_hi, file_id, url, html, "
				   "assessment_ref, duration_minutes, required) SELECT $2, seq, kind, title_en, title_hi, "
				   "file_id, url, html, assessment_ref, duration_minutes, required FROM resources WHERE "
				   "module_id = $1",
			       ids[i], module_id);
		if (rc)
			return rc;
	}
	return 0;
}

int catalog_version_copy(struct db_conn *db, const struct catalog_content *c, int64_t from_id, int64_t author,
			 int64_t now, int64_t *new_id)
{
	int rc = copy_version_row(db, c, from_id, author, now, new_id);
	if (!rc)
		rc = copy_rows(db, "INSERT INTO content_competencies (version_id, competency_id, level) SELECT $2, "
				   "competency_id, level FROM content_competencies WHERE version_id = $1",
			       from_id, *new_id);
	if (!rc)
		rc = copy_rows(db, "INSERT INTO content_designations (version_id, designation) SELECT $2, designation "
				   "FROM content_designations WHERE version_id = $1",
			       from_id, *new_id);
	if (!rc)
		rc = copy_rows(db, "INSERT INTO programme_items (version_id, seq, course_id) SELECT $2, seq, course_id "
				   "FROM programme_items WHERE version_id = $1",
			       from_id, *new_id);
	if (!rc)
		rc = copy_rows(db, "INSERT INTO blended_sessions (version_id, seq, title_en, title_hi, mode, "
				   "duration_minutes) SELECT $2, seq, title_en, title_hi, mode, duration_minutes FROM "
				   "blended_sessions WHERE version_id = $1",
			       from_id, *new_id);
	if (!rc)
		rc = copy_modules(db, from_id, *new_id);
	if (!rc && hooks.version_copied)
		rc = hooks.version_copied(db, c, from_id, *new_id);
	if (rc)
		return rc;
	struct db_stmt *st = db_prepare(db, "UPDATE contents SET latest_version_id = $2, status = 'draft', updated_at = "
					    "$3 WHERE id = $1");
	if (!st || db_bind_int64(st, 1, c->id) || db_bind_int64(st, 2, *new_id) || db_bind_int64(st, 3, now)) {
		db_finish(st);
		return DB_ERROR;
	}
	return run(st);
}

int catalog_transition_add(struct db_conn *db, int64_t content_id, int64_t version_id, const char *action,
			   const char *from, const char *to, int64_t actor, const char *comment, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO content_transitions (content_id, version_id, action, "
					    "from_status, to_status, actor_id, comment, at) VALUES ($1, $2, $3, $4, $5, $6, "
					    "$7, $8)");
	if (!st || db_bind_int64(st, 1, content_id) || db_bind_int64(st, 2, version_id) || db_bind_text(st, 3, action) ||
	    (from ? db_bind_text(st, 4, from) : db_bind_null(st, 4)) || db_bind_text(st, 5, to) ||
	    db_bind_int64(st, 6, actor) || (comment ? db_bind_text(st, 7, comment) : db_bind_null(st, 7)) ||
	    db_bind_int64(st, 8, now)) {
		db_finish(st);
		return DB_ERROR;
	}
	return run(st);
}
