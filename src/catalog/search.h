/* Private to the catalogue search (search*.c): one search as the request asked for it. */
#ifndef KY_CATALOG_SEARCH_H
#define KY_CATALOG_SEARCH_H

#include "catalog/catalog_int.h"

/* Text filters are "" and number filters 0 when not given. */
struct catalog_search {
	const char *words; /* the engine's query text (catalog_search_fts5 or _tsquery), "" when none */
	const char *kind, *language, *group, *area, *sort;
	int64_t provider, competency, level, duration_min, duration_max;
};

/* The facet counts of search s (each without its own filter) and the total, from one pass over the rows
 * that match the words and the duration. Returns the facets object (owned by the caller) and sets *total,
 * or NULL on a database error. */
json_t *catalog_search_facets(struct db_conn *db, const struct catalog_search *s, int64_t *total);

/* --- answers kept per process (search_cache.c) --- */

/* The index's generation (catalog_index_state), bumped by every change to the index. Returns 0 or a
 * negative DB_ code. */
int catalog_search_generation(struct db_conn *db, int64_t *out) __attribute__((warn_unused_result));
/* Replies with the answer kept for key under generation and returns true, or returns false. */
bool catalog_search_reply_cached(struct http_request *req, const char *key, int64_t generation);
/* Keeps a copy of body (an answer of len bytes) for key under generation. */
void catalog_search_store(const char *key, int64_t generation, const char *body, size_t len);

#endif
