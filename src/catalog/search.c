/* The catalogue: GET /api/v1/catalogue finds published content by words (English and Hindi, whole or as
 * prefixes) and filters, answers a keyset page of cards with the facet counts and the total. */
#include "catalog/catalog_int.h"
#include "catalog/search_sql.h"

#include "http/input.h"
#include "http/list.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define COMPETENCY_FACET_MAX 50

static const char *const SQL_ITEMS[2][2] = {
	/* [backend is PostgreSQL][there are words] */
	{ITEMS_SQL(SRC_PLAIN, FROM_PLAIN, RANK_PLAIN), ITEMS_SQL(SRC_FTS5_RANKED, FROM_FTS5, RANK_FTS5)},
	{ITEMS_SQL(SRC_PLAIN, FROM_PLAIN, RANK_PLAIN), ITEMS_SQL(SRC_PG, FROM_PG, RANK_PG)},
};
static const char *const SQL_FACETS[2][2] = {
	{FACETS_SQL(SRC_PLAIN, FROM_PLAIN), FACETS_SQL(SRC_FTS5, FROM_FTS5)},
	{FACETS_SQL(SRC_PLAIN, FROM_PLAIN), FACETS_SQL(SRC_PG, FROM_PG)},
};

struct search {
	const char *words; /* the engine's query text, "" when none */
	const char *kind, *language, *group, *area, *sort;
	int64_t provider, competency, level, duration_min, duration_max;
};

/* Reads an optional whole number from min to max; 0 when absent. */
static void read_number(struct http_request *req, const char *name, long long min, long long max, int64_t *out,
			json_t **errors, const char *message)
{
	const char *s = http_query(req, name);
	*out = 0;
	if (!s)
		return;
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || errno || *end || v < min || v > max)
		http_field_error(errors, name, message);
	else
		*out = v;
}

/* Reads an optional value that must be one of choices (NULL-terminated); "" when absent. */
static void read_choice(struct http_request *req, const char *name, const char *const *choices, const char **out,
			json_t **errors, const char *message)
{
	const char *s = http_query(req, name);
	*out = "";
	if (!s)
		return;
	for (const char *const *c = choices; *c; c++)
		if (!strcmp(s, *c)) {
			*out = s;
			return;
		}
	http_field_error(errors, name, message);
}

static json_t *read_search(struct http_request *req, struct search *s)
{
	static const char *const KINDS[] = {"course", "programme", "curated_programme", "blended_programme",
					    "assessment", NULL};
	static const char *const LANGUAGES[] = {"en", "hi", NULL}, *const GROUPS[] = {"A", "B", "C", NULL};
	static const char *const AREAS[] = {"behavioural", "functional", "domain", NULL};
	static const char *const SORTS[] = {"relevance", "popular", "rating", "newest", NULL};
	json_t *errors = NULL;
	read_choice(req, "kind", KINDS, &s->kind, &errors,
		    "must be course, programme, curated_programme, blended_programme or assessment");
	read_choice(req, "language", LANGUAGES, &s->language, &errors, "must be en or hi");
	read_choice(req, "group", GROUPS, &s->group, &errors, "must be A, B or C");
	read_choice(req, "area", AREAS, &s->area, &errors, "must be behavioural, functional or domain");
	read_choice(req, "sort", SORTS, &s->sort, &errors, "must be relevance, popular, rating or newest");
	read_number(req, "provider", 1, INT64_MAX, &s->provider, &errors, "must be an organisation id");
	read_number(req, "competency", 1, INT64_MAX, &s->competency, &errors, "must be a competency id");
	read_number(req, "level", 1, 5, &s->level, &errors, "must be a level from 1 to 5");
	read_number(req, "duration_min", 1, 100000, &s->duration_min, &errors,
		    "must be a number of minutes from 1 to 100000");
	read_number(req, "duration_max", 1, 100000, &s->duration_max, &errors,
		    "must be a number of minutes from 1 to 100000");
	return errors;
}

/* The user's words as the engine's query, in the request's arena; "" when there are none. */
static const char *engine_words(struct http_request *req, struct db_conn *db)
{
	struct buf b;
	buf_init(&b, 8192);
	const char *q = http_query(req, "q");
	int n = db_conn_backend(db) == DB_POSTGRES ? catalog_search_tsquery(q, &b) : catalog_search_fts5(q, &b);
	char *out = n > 0 ? arena_alloc(http_arena(req), b.len + 1) : NULL;
	if (out)
		memcpy(out, b.data, b.len + 1);
	buf_free(&b);
	return out ? out : "";
}

static int bind_filters(struct db_stmt *st, const struct search *s)
{
	return db_bind_text(st, 1, s->words) || db_bind_text(st, 2, s->kind) || db_bind_int64(st, 3, s->provider) ||
	       db_bind_text(st, 4, s->language) || db_bind_text(st, 5, s->group) ||
	       db_bind_int64(st, 6, s->duration_min) || db_bind_int64(st, 7, s->duration_max) ||
	       db_bind_int64(st, 8, s->competency) || db_bind_text(st, 9, s->area) || db_bind_int64(st, 10, s->level);
}

static json_t *item_json(struct db_stmt *st)
{
	json_t *card = json_loads(db_column_text(st, 2), 0, NULL);
	if (card)
		json_object_set_new(card, "rating", json_pack("{s:f, s:I}", "average", db_column_int64(st, 3) / 100.0,
							      "count", (json_int_t)db_column_int64(st, 4)));
	return card;
}

/* One page of cards; sets *cursor to the next page's cursor or NULL. Returns the items or NULL. */
static json_t *page_items(struct http_request *req, struct db_conn *db, const struct search *s,
			  const struct http_list *list, const char **cursor)
{
	struct db_stmt *st = db_prepare(db, SQL_ITEMS[db_conn_backend(db) == DB_POSTGRES][*s->words != '\0']);
	if (!st || bind_filters(st, s) || db_bind_text(st, 11, *s->sort ? s->sort : "relevance") ||
	    db_bind_text(st, 12, list->id ? list->key : "0") || db_bind_int64(st, 13, list->id) ||
	    db_bind_int64(st, 14, list->limit + 1)) {
		db_finish(st);
		return NULL;
	}
	json_t *items = json_array();
	int rc, n = 0;
	*cursor = NULL;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n++ == list->limit) {
			json_t *last = json_array_get(items, (size_t)list->limit - 1);
			*cursor = http_list_cursor(req, json_string_value(json_object_get(last, "_key")),
						   json_integer_value(json_object_get(last, "id")));
			break;
		}
		json_t *item = item_json(st);
		if (!item) {
			rc = DB_ERROR;
			break;
		}
		json_object_set_new(item, "_key", json_string(db_column_text(st, 1)));
		json_array_append_new(items, item);
	}
	db_finish(st);
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item)
		json_object_del(item, "_key");
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

static void add_facet_row(json_t *facets, struct db_stmt *st, int64_t *total)
{
	const char *facet = db_column_text(st, 0), *value = db_column_text(st, 1);
	json_int_t count = db_column_int64(st, 2);
	if (!strcmp(facet, "total")) {
		*total = count;
		return;
	}
	json_t *f = json_object_get(facets, facet);
	if (json_is_object(f)) {
		json_object_set_new(f, value, json_integer(count));
	} else if (json_array_size(f) < COMPETENCY_FACET_MAX) {
		json_array_append_new(f, json_pack("{s:I, s:s, s:s, s:s?, s:I}", "id", (json_int_t)atoll(value), "code",
						   db_column_text(st, 3), "name", db_column_text(st, 4), "name_hi",
						   db_column_text(st, 5), "count", count));
	}
}

/* The facet counts; sets *total. Returns the facets object or NULL. */
static json_t *facets(struct db_conn *db, const struct search *s, int64_t *total)
{
	struct db_stmt *st = db_prepare(db, SQL_FACETS[db_conn_backend(db) == DB_POSTGRES][*s->words != '\0']);
	if (!st || bind_filters(st, s)) {
		db_finish(st);
		return NULL;
	}
	json_t *out = json_pack("{s:{}, s:{}, s:[], s:{}, s:{}, s:[]}", "kind", "area", "provider", "language",
				"group", "competency");
	int rc;
	*total = 0;
	while ((rc = db_step(st)) == DB_ROW)
		add_facet_row(out, st, total);
	db_finish(st);
	if (rc < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* A cursor's key is the integer sort key of the last item given. */
static bool cursor_key_ok(const struct http_list *list)
{
	if (!list->id)
		return true;
	char *end = NULL;
	errno = 0;
	(void)strtoll(list->key, &end, 10);
	return *list->key && !errno && !*end;
}

static void search_catalogue(struct http_request *req)
{
	struct http_list list;
	struct db_conn *db = http_db(req);
	if (http_list_params(req, &list) || !db)
		return;
	struct search s;
	json_t *errors = read_search(req, &s);
	if (!cursor_key_ok(&list))
		http_field_error(&errors, "cursor", "is not a cursor this list gave out; start again without it");
	if (errors) {
		http_reply_invalid(req, errors);
		return;
	}
	s.words = engine_words(req, db);
	const char *cursor;
	int64_t total;
	json_t *items = page_items(req, db, &s, &list, &cursor);
	json_t *counts = items ? facets(db, &s, &total) : NULL;
	if (!counts) {
		json_decref(items);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o, s:o, s:I, s:o}", "items", items, "facets", counts, "total",
					    (json_int_t)total, "next_cursor",
					    cursor ? json_string(cursor) : json_null()));
}

const struct http_route catalog_search_routes[] = {
	{"GET", "/api/v1/catalogue", search_catalogue, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
