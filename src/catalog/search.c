/* The catalogue: GET /api/v1/catalogue finds published content by words (English and Hindi, whole or as
 * prefixes) and filters, answers a keyset page of cards with the facet counts and the total. */
#include "catalog/search.h"
#include "catalog/search_sql.h"

#include "http/input.h"
#include "http/list.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const SQL_ITEMS[2][2] = {
	/* [backend is PostgreSQL][there are words] */
	{ITEMS_SQL(SRC_PLAIN, FROM_PLAIN, RANK_PLAIN, F_COMPETENCY_IN),
	 ITEMS_SQL(SRC_FTS5_RANKED, FROM_FTS5, RANK_FTS5, F_COMPETENCY_EXISTS)},
	{ITEMS_SQL(SRC_PLAIN, FROM_PLAIN, RANK_PLAIN, F_COMPETENCY_IN), ITEMS_SQL(SRC_PG, FROM_PG, RANK_PG, F_COMPETENCY_EXISTS)},
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

static json_t *read_search(struct http_request *req, struct catalog_search *s)
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

static int bind_filters(struct db_stmt *st, const struct catalog_search *s)
{
	return db_bind_text(st, 1, s->words) || db_bind_text(st, 2, s->kind) || db_bind_int64(st, 3, s->provider) ||
	       db_bind_text(st, 4, s->language) || db_bind_text(st, 5, s->group) ||
	       db_bind_int64(st, 6, s->duration_min) || db_bind_int64(st, 7, s->duration_max) ||
	       db_bind_int64(st, 8, s->competency) || db_bind_text(st, 9, s->area) || db_bind_int64(st, 10, s->level);
}

/* Appends the row's card with its rating: the card is stored as compact JSON, so it is copied as text
 * (parsing and writing back 50 cards cost more than both queries). */
static int append_item(struct buf *out, struct db_stmt *st, bool first)
{
	const char *card = db_column_text(st, 2);
	size_t len = card ? strlen(card) : 0;
	if (len < 2 || card[len - 1] != '}')
		return -1;
	long long x100 = db_column_int64(st, 3);
	return buf_puts(out, first ? "" : ",") || buf_append(out, card, len - 1) ||
	       buf_printf(out, ",\"rating\":{\"average\":%lld.%02lld,\"count\":%lld}}", x100 / 100, x100 % 100,
			  (long long)db_column_int64(st, 4));
}

/* Appends one page of cards as a JSON list to out; sets *cursor to the next page's cursor or NULL.
 * Returns 0 or a negative DB_ code. */
static int page_items(struct http_request *req, struct db_conn *db, const struct catalog_search *s,
		      const struct http_list *list, struct buf *out, const char **cursor)
{
	struct db_stmt *st = db_prepare(db, SQL_ITEMS[db_conn_backend(db) == DB_POSTGRES][*s->words != '\0']);
	if (!st || bind_filters(st, s) || db_bind_text(st, 11, *s->sort ? s->sort : "relevance") ||
	    db_bind_text(st, 12, list->id ? list->key : "0") || db_bind_int64(st, 13, list->id) ||
	    db_bind_int64(st, 14, list->limit + 1)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc, n = 0;
	char last_key[32] = "";
	int64_t last_id = 0;
	*cursor = NULL;
	if (buf_puts(out, "[")) {
		db_finish(st);
		return DB_ERROR;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == list->limit) {
			*cursor = http_list_cursor(req, last_key, last_id);
			break;
		}
		if (append_item(out, st, n++ == 0)) {
			rc = DB_ERROR;
			break;
		}
		snprintf(last_key, sizeof last_key, "%s", db_column_text(st, 1));
		last_id = db_column_int64(st, 0);
	}
	db_finish(st);
	return rc < 0 ? rc : buf_puts(out, "]") ? DB_ERROR : 0;
}

/* Everything that makes an answer differ, as text: the cache's key. */
static int search_key(const struct catalog_search *s, const struct http_list *list, struct buf *key)
{
	return buf_printf(key, "%s|%s|%s|%s|%s|%s|%lld|%lld|%lld|%lld|%lld|%d|%lld|%s", s->words, s->kind,
			  s->language, s->group, s->area, s->sort, (long long)s->provider, (long long)s->competency,
			  (long long)s->level, (long long)s->duration_min, (long long)s->duration_max, list->limit,
			  (long long)list->id, list->key);
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
	struct catalog_search s;
	json_t *errors = read_search(req, &s);
	if (!cursor_key_ok(&list))
		http_field_error(&errors, "cursor", "is not a cursor this list gave out; start again without it");
	if (errors) {
		http_reply_invalid(req, errors);
		return;
	}
	s.words = engine_words(req, db);
	const char *cursor;
	int64_t total, generation;
	struct buf out, key;
	buf_init(&out, 16 << 20);
	buf_init(&key, 16384);
	json_t *counts = NULL;
	char *facets = NULL;
	int rc = catalog_search_generation(db, &generation) || search_key(&s, &list, &key) ? DB_ERROR : 0;
	if (!rc && catalog_search_reply_cached(req, key.data, generation))
		goto out;
	if (!rc)
		rc = buf_puts(&out, "{\"items\":") || page_items(req, db, &s, &list, &out, &cursor) ? DB_ERROR : 0;
	if (!rc && !(counts = catalog_search_facets(db, &s, &total)))
		rc = DB_ERROR;
	if (!rc && (!(facets = json_dumps(counts, JSON_COMPACT)) ||
		    buf_printf(&out, ",\"facets\":%s,\"total\":%lld,\"next_cursor\":%s%s%s}", facets, (long long)total,
			       cursor ? "\"" : "", cursor ? cursor : "null", cursor ? "\"" : "")))
		rc = DB_ERROR;
	if (rc) {
		http_reply_db_error(req);
	} else {
		http_reply_bytes(req, 200, "application/json", out.data, out.len);
		catalog_search_store(key.data, generation, out.data, out.len);
	}
out:
	buf_free(&key);
	free(facets);
	json_decref(counts);
	buf_free(&out);
}

const struct http_route catalog_search_routes[] = {
	{"GET", "/api/v1/catalogue", search_catalogue, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
