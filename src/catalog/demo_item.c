/* A published demo item that another module's demo describes (assess: a course whose last module holds quizzes,
 * and the assessments they name), written through the same demo writers as the catalogue's own demo and
 * indexed for search, so catalog alone writes its tables. */
#include "catalog/catalog_int.h"

#include <string.h>

static int64_t id_of(struct db_conn *db, const char *sql, const char *key)
{
	struct db_stmt *st = db_prepare(db, sql);
	int rc = !st || db_bind_text(st, 1, key) ? DB_ERROR : db_step(st);
	int64_t id = rc == DB_ROW ? db_column_int64(st, 0) : rc == DB_DONE ? 0 : -1;
	db_finish(st);
	return id;
}

/* The service groups of the designations, as "A,B". */
static int groups_of(struct db_conn *db, const struct catalog_demo_item *item, char out[8])
{
	bool has[3] = {false, false, false};
	for (size_t i = 0; i < 3 && item->designations[i]; i++) {
		struct db_stmt *st = db_prepare(db, "SELECT grp FROM designations WHERE code = $1");
		int rc = !st || db_bind_text(st, 1, item->designations[i]) ? DB_ERROR : db_step(st);
		const char *g = rc == DB_ROW ? db_column_text(st, 0) : NULL;
		if (g && g[0] >= 'A' && g[0] <= 'C')
			has[g[0] - 'A'] = true;
		db_finish(st);
		if (rc < 0)
			return rc;
	}
	size_t len = 0;
	for (int g = 0; g < 3; g++)
		if (has[g]) {
			if (len)
				out[len++] = ',';
			out[len++] = (char)('A' + g);
		}
	out[len] = '\0';
	return 0;
}

static int64_t course_minutes(const struct catalog_demo_item *item)
{
	int64_t total = 0;
	for (const struct catalog_demo_module *m = item->modules; m && m->title; m++)
		for (const struct catalog_demo_resource *r = m->resources; r->kind; r++)
			total += r->minutes;
	return total;
}

static int insert_module(struct db_conn *db, int64_t version_id, int64_t seq, const struct catalog_demo_module *m,
			 int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO course_modules (version_id, seq, title_en, title_hi) VALUES "
					    "($1, $2, $3, $4) RETURNING id");
	int rc = !st || db_bind_int64(st, 1, version_id) || db_bind_int64(st, 2, seq) ||
				 db_bind_text(st, 3, m->title) || db_bind_text(st, 4, m->title_hi)
			 ? DB_ERROR
			 : db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int bind_opt(struct db_stmt *st, int n, const char *s)
{
	return s ? db_bind_text(st, n, s) : db_bind_null(st, n);
}

static int insert_resource(struct db_conn *db, int64_t module_id, int64_t seq, const struct catalog_demo_resource *r)
{
	struct db_stmt *st = db_prepare(
		db, "INSERT INTO resources (module_id, seq, kind, title_en, title_hi, url, html, assessment_ref, "
		    "duration_minutes, required) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
	int rc = !st || db_bind_int64(st, 1, module_id) || db_bind_int64(st, 2, seq) || db_bind_text(st, 3, r->kind) ||
				 db_bind_text(st, 4, r->title) || db_bind_text(st, 5, r->title_hi) ||
				 bind_opt(st, 6, r->url) || bind_opt(st, 7, r->html) ||
				 bind_opt(st, 8, r->assessment_ref) || db_bind_int64(st, 9, r->minutes) ||
				 db_bind_int64(st, 10, r->required)
			 ? DB_ERROR
			 : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int write_outline(struct db_conn *db, const struct catalog_demo_item *item, int64_t version_id)
{
	int rc = 0;
	int64_t seq = 1;
	for (const struct catalog_demo_module *m = item->modules; !rc && m && m->title; m++, seq++) {
		int64_t module_id = 0;
		rc = insert_module(db, version_id, seq, m, &module_id);
		int64_t rseq = 1;
		for (const struct catalog_demo_resource *r = m->resources; !rc && r->kind; r++, rseq++)
			rc = insert_resource(db, module_id, rseq, r);
	}
	return rc;
}

static int write_tags(struct db_conn *db, const struct catalog_demo_item *item, int64_t version_id)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < 3 && item->competencies[i]; i++)
		rc = catalog_demo_add_competency(db, version_id, item->competencies[i], item->levels[i]);
	for (size_t i = 0; !rc && i < 3 && item->designations[i]; i++)
		rc = catalog_demo_add_designation(db, version_id, item->designations[i]);
	return rc;
}

int catalog_demo_publish(struct db_conn *conn, const struct catalog_demo_item *item, int64_t *content_id,
			 int64_t *version_id)
{
	static const char OFFICIAL[] = "SELECT id FROM officials WHERE email = $1";
	int64_t provider = id_of(conn,
				 "SELECT p.org_id FROM providers p JOIN organisations o ON o.id = p.org_id "
				 "WHERE o.code = $1",
				 item->provider);
	int64_t author = id_of(conn, OFFICIAL, item->author), reviewer = id_of(conn, OFFICIAL, item->reviewer);
	int64_t publisher = id_of(conn, OFFICIAL, item->publisher);
	int64_t taken = id_of(conn, "SELECT id FROM contents WHERE code = $1", item->code);
	if (provider < 0 || author < 0 || reviewer < 0 || publisher < 0 || taken < 0)
		return DB_ERROR;
	if (!provider || !author || !reviewer || !publisher || taken)
		return 1;
	char groups[8];
	int rc = groups_of(conn, item, groups);
	if (rc)
		return rc;
	struct catalog_demo_content c = {
		.code = item->code,
		.kind = item->kind,
		.provider_id = provider,
		.title = {item->title, item->title_hi},
		.description = {item->description, item->description_hi},
		.languages = "en,hi",
		.keywords = item->keywords,
		.target_groups = groups,
		.duration_minutes = item->modules ? course_minutes(item) : item->minutes,
		.author = author,
		.reviewer = reviewer,
		.publisher = publisher,
		.state = "published",
		.at = item->at,
	};
	rc = catalog_demo_write_content(conn, &c, content_id, version_id);
	if (!rc)
		rc = write_tags(conn, item, *version_id);
	if (!rc)
		rc = write_outline(conn, item, *version_id);
	return rc ? rc : catalog_search_index(conn, *content_id);
}
