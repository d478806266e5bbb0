/* The catalogue's search index kept in step with publishing: one row per content item with a published
 * version (its words, its filter fields and the card the catalogue lists), replaced whole on each change. */
#include "catalog/catalog_int.h"

#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CARD_DESCRIPTION_CHARS 300

/* What the index row is made from: the published version as read, owned by the json card. */
struct indexed {
	int64_t version_id, provider_id, duration, published_at;
	int lang_en, lang_hi, group_a, group_b, group_c;
	json_t *card;
	json_t *comp_names; /* [[code, name, name_hi], ...] in the order of comps */
	char comps[2048];   /* "id:area:level;..." for the facet counts */
};

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The first max characters of s (UTF-8), or null. */
static json_t *first_chars(const char *s, size_t max)
{
	if (!s)
		return json_null();
	size_t i = 0, chars = 0;
	while (s[i] && chars < max) {
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	return json_stringn(s, i);
}

/* Whether the comma-separated list holds item (exactly). */
static int list_has(const char *list, const char *item)
{
	size_t n = strlen(item);
	for (const char *p = list; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && !strncmp(p, item, n))
			return 1;
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

static json_t *languages_json(struct indexed *x)
{
	json_t *out = json_array();
	if (x->lang_en)
		json_array_append_new(out, json_string("en"));
	if (x->lang_hi)
		json_array_append_new(out, json_string("hi"));
	return out;
}

/* Reads the published version's fields and its card; 1 when there is one to index, 0 when not, or a
 * negative DB_ code. */
static int read_published(struct db_conn *db, int64_t content_id, struct indexed *x)
{
	struct db_stmt *st = db_prepare(
		db, "SELECT c.code, c.kind, c.provider_id, v.id, v.status, v.title_en, v.title_hi, v.description_en, "
		    "v.description_hi, v.languages, v.target_groups, v.duration_minutes, v.published_at, o.code, "
		    "o.name_en, o.name_hi, v.thumbnail_file_id FROM contents c JOIN content_versions v ON v.id = c.published_version_id "
		    "JOIN organisations o ON o.id = c.provider_id WHERE c.id = $1");
	if (!st || db_bind_int64(st, 1, content_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc != DB_ROW || strcmp(db_column_text(st, 4), "published")) {
		db_finish(st);
		return rc < 0 ? rc : 0;
	}
	x->provider_id = db_column_int64(st, 2);
	x->version_id = db_column_int64(st, 3);
	x->duration = db_column_null(st, 11) ? 0 : db_column_int64(st, 11);
	x->published_at = db_column_null(st, 12) ? util_now_ms() : db_column_int64(st, 12);
	const char *langs = db_column_text(st, 9), *groups = db_column_text(st, 10);
	x->lang_en = list_has(langs, "en");
	x->lang_hi = list_has(langs, "hi");
	x->group_a = list_has(groups, "A");
	x->group_b = list_has(groups, "B");
	x->group_c = list_has(groups, "C");
	char iso[32];
	util_iso8601(x->published_at, iso);
	x->card = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:{s:I, s:s, s:s, s:o}, s:o, s:o, s:s}", "id",
			    (json_int_t)content_id, "code", db_column_text(st, 0), "kind", db_column_text(st, 1),
			    "title", db_column_text(st, 5), "title_hi", text_or_null(db_column_text(st, 6)),
			    "description", first_chars(db_column_text(st, 7), CARD_DESCRIPTION_CHARS),
			    "description_hi", first_chars(db_column_text(st, 8), CARD_DESCRIPTION_CHARS), "provider",
			    "id", (json_int_t)x->provider_id, "code", db_column_text(st, 13), "name",
			    db_column_text(st, 14), "name_hi", text_or_null(db_column_text(st, 15)), "languages",
			    languages_json(x), "duration_minutes",
			    x->duration ? json_integer(x->duration) : json_null(), "published_at", iso);
	if (x->card)
		json_object_set_new(x->card, "thumbnail_file_id",
				    db_column_null(st, 16) ? json_null() : json_integer(db_column_int64(st, 16)));
	db_finish(st);
	return x->card ? 1 : DB_ERROR;
}

/* Adds the version's competencies (with names, area and level) to the card. */
static int add_competencies(struct db_conn *db, struct indexed *x)
{
	struct db_stmt *st = db_prepare(
		db, "SELECT k.id, k.code, k.name_en, k.name_hi, k.area, cc.level FROM content_competencies cc "
		    "JOIN competencies k ON k.id = cc.competency_id WHERE cc.version_id = $1 ORDER BY k.name_en, k.id");
	if (!st || db_bind_int64(st, 1, x->version_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	json_t *list = json_array();
	x->comp_names = json_array();
	size_t len = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *code = db_column_text(st, 1), *name = db_column_text(st, 2), *area = db_column_text(st, 4);
		json_int_t id = db_column_int64(st, 0), level = db_column_int64(st, 5);
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:o, s:s, s:I}", "id", id, "code", code, "name",
						      name, "name_hi", text_or_null(db_column_text(st, 3)), "area",
						      area, "level", level));
		json_array_append_new(x->comp_names, json_pack("[s, s, o]", code, name, text_or_null(db_column_text(st, 3))));
		int n = snprintf(x->comps + len, sizeof x->comps - len, "%s%lld:%s:%lld", len ? ";" : "", (long long)id,
				 area, (long long)level);
		if (n < 0 || (size_t)n >= sizeof x->comps - len) { /* 30 competencies at most: never here */
			rc = DB_ERROR;
			break;
		}
		len += (size_t)n;
	}
	db_finish(st);
	json_object_set_new(x->card, "competencies", list);
	return rc < 0 ? rc : 0;
}

static int exec_id(struct db_conn *db, const char *sql, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int remove_row(struct db_conn *db, int64_t content_id)
{
	int rc = exec_id(db, "DELETE FROM catalog_index_competencies WHERE content_id = $1", content_id);
	return rc ? rc : exec_id(db, "DELETE FROM catalog_index WHERE content_id = $1", content_id);
}

/* The counters kept on the row outlive a new version: enrolments as the row had them, and the ratings counted
 * afresh (a retired item's row is gone, but its ratings are not). */
static int read_counters(struct db_conn *db, int64_t content_id, int64_t counters[3])
{
	struct db_stmt *st = db_prepare(
		db, "SELECT CASE WHEN r.n = 0 THEN 0 ELSE (r.total * 100 + r.n / 2) / r.n END, r.n, COALESCE((SELECT "
		    "enrolments FROM catalog_index WHERE content_id = $1), 0) FROM (SELECT count(*) AS n, "
		    "COALESCE(CAST(sum(stars) AS BIGINT), 0) AS total FROM content_ratings WHERE content_id = $1) r");
	if (!st || db_bind_int64(st, 1, content_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	for (int i = 0; i < 3; i++)
		counters[i] = rc == DB_ROW ? db_column_int64(st, i) : 0;
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* Inserts the row; the full description and keywords go to the text columns for search. */
static int insert_row(struct db_conn *db, int64_t content_id, const struct indexed *x, const int64_t counters[3])
{
	struct db_stmt *st = db_prepare(
		db, "INSERT INTO catalog_index (content_id, version_id, kind, provider_id, title_en, title_hi, "
		    "description_en, description_hi, keywords, lang_en, lang_hi, group_a, group_b, group_c, "
		    "duration_minutes, published_at, rating_x100, rating_count, enrolments, card, provider_code, "
		    "provider_name, provider_name_hi, comps, comp_names) "
		    "SELECT c.id, v.id, c.kind, c.provider_id, v.title_en, v.title_hi, v.description_en, v.description_hi, "
		    "v.keywords, CAST($3 AS BIGINT), CAST($4 AS BIGINT), CAST($5 AS BIGINT), CAST($6 AS BIGINT), "
		    "CAST($7 AS BIGINT), v.duration_minutes, CAST($8 AS BIGINT), CAST($9 AS BIGINT), "
		    "CAST($10 AS BIGINT), CAST($11 AS BIGINT), CAST($12 AS TEXT), o.code, o.name_en, o.name_hi, "
		    "CAST($13 AS TEXT), CAST($14 AS TEXT) FROM contents c JOIN content_versions v ON v.id = $2 "
		    "JOIN organisations o ON o.id = c.provider_id WHERE c.id = $1");
	char *card = json_dumps(x->card, JSON_COMPACT), *names = json_dumps(x->comp_names, JSON_COMPACT);
	int rc = !st || !card || db_bind_int64(st, 1, content_id) || db_bind_int64(st, 2, x->version_id) ||
		 db_bind_int64(st, 3, x->lang_en) || db_bind_int64(st, 4, x->lang_hi) ||
		 db_bind_int64(st, 5, x->group_a) || db_bind_int64(st, 6, x->group_b) ||
		 db_bind_int64(st, 7, x->group_c) || db_bind_int64(st, 8, x->published_at) ||
		 db_bind_int64(st, 9, counters[0]) || db_bind_int64(st, 10, counters[1]) ||
		 db_bind_int64(st, 11, counters[2]) || db_bind_text(st, 12, card) || !names ||
		 db_bind_text(st, 13, x->comps) || db_bind_text(st, 14, names)
		 ? DB_ERROR
		 : db_step(st);
	free(card);
	free(names);
	db_finish(st);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERROR;
	st = db_prepare(db, "INSERT INTO catalog_index_competencies (content_id, competency_id, area, level) "
			    "SELECT CAST($1 AS BIGINT), cc.competency_id, k.area, cc.level FROM content_competencies cc "
			    "JOIN competencies k ON k.id = cc.competency_id WHERE cc.version_id = $2");
	rc = !st || db_bind_int64(st, 1, content_id) || db_bind_int64(st, 2, x->version_id) ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

int catalog_search_index(struct db_conn *db, int64_t content_id)
{
	struct indexed x = {0};
	int64_t counters[3];
	int rc = exec_id(db, "UPDATE catalog_index_state SET generation = generation + $1 WHERE id = 1", 1);
	if (!rc)
		rc = read_published(db, content_id, &x);
	if (rc > 0)
		rc = add_competencies(db, &x);
	else if (rc == 0)
		return remove_row(db, content_id);
	if (!rc)
		rc = read_counters(db, content_id, counters);
	if (!rc)
		rc = remove_row(db, content_id);
	if (!rc)
		rc = insert_row(db, content_id, &x, counters);
	json_decref(x.card);
	json_decref(x.comp_names);
	return rc;
}
