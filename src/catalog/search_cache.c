/* Answers to catalogue searches kept per process: the same search (words, filters, sort, page) under the
 * same index generation gets the same answer, so it is sent again as it was written. Any publish or
 * retire bumps the generation in the database, which ends every kept answer, in every process; an
 * entry also lives at most CACHE_TTL_MS. Direct-mapped by a hash of the search: a collision replaces. */
#include "catalog/search.h"

#include "catalog/catalog.h"
#include "core/util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 256
#define CACHE_BODY_MAX (256 * 1024) /* a page of 50 cards in both languages is about 90 KiB */
#define CACHE_TTL_MS 60000

struct search_slot {
	int64_t generation, expires_at;
	char *key, *body; /* owned by the slot (malloc) */
	size_t len;
};

/* Process-wide: the only state here, guarded by its lock; entries are freed when replaced. */
static struct search_slot slots[CACHE_SLOTS];
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

static struct search_slot *slot_for(const char *key)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return &slots[h % CACHE_SLOTS];
}

int catalog_search_generation(struct db_conn *db, int64_t *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT generation FROM catalog_index_state WHERE id = 1");
	int rc = st ? db_step(st) : DB_ERROR;
	*out = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

int catalog_index_generation(struct db_conn *conn, int64_t *out)
{
	return catalog_search_generation(conn, out);
}

bool catalog_search_reply_cached(struct http_request *req, const char *key, int64_t generation)
{
	struct search_slot *s = slot_for(key);
	pthread_mutex_lock(&slots_lock);
	bool hit = s->body && s->generation == generation && util_now_ms() < s->expires_at && !strcmp(s->key, key);
	if (hit) /* the reply copies the body */
		http_reply_bytes(req, 200, "application/json", s->body, s->len);
	pthread_mutex_unlock(&slots_lock);
	return hit;
}

void catalog_search_store(const char *key, int64_t generation, const char *body, size_t len)
{
	if (len > CACHE_BODY_MAX)
		return;
	char *k = strdup(key), *b = malloc(len ? len : 1);
	if (!k || !b) {
		free(k);
		free(b);
		return;
	}
	memcpy(b, body, len);
	struct search_slot *s = slot_for(key);
	pthread_mutex_lock(&slots_lock);
	char *old_key = s->key, *old_body = s->body;
	s->key = k;
	s->body = b;
	s->len = len;
	s->generation = generation;
	s->expires_at = util_now_ms() + CACHE_TTL_MS;
	pthread_mutex_unlock(&slots_lock);
	free(old_key);
	free(old_body);
}
