/* The course page as learners read it, kept rendered per process. A published version never changes, so its
 * page stays right while the contents row still points at it with the same newest version and status and
 * the index holds the same rating (read with the row, so a rating in any process ends the entry); what
 * it names from elsewhere (organisation, competency and people names) may be renamed, so an entry also lives
 * at most CACHE_TTL_MS. Direct-mapped by content id: a collision replaces the older entry. */
#include "catalog/catalog_int.h"

#include "core/util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 2048
#define CACHE_BODY_MAX (256 * 1024)
#define CACHE_TTL_MS 60000

struct page_slot {
	int64_t content_id, version_id, latest_id, expires_at;
	int64_t rating_x100, rating_count; /* a new rating changes the page */
	char status[24], published_status[24];
	char *body; /* owned by the slot (malloc) */
	size_t len;
};

/* Process-wide: the only state here, guarded by its lock; entries are freed when replaced. */
static struct page_slot slots[CACHE_SLOTS];
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

static bool matches(const struct page_slot *s, const struct catalog_content *c, int64_t now)
{
	return s->body && s->content_id == c->id && s->version_id == c->published_id && s->latest_id == c->latest_id &&
	       s->rating_x100 == c->rating_x100 && s->rating_count == c->rating_count &&
	       !strcmp(s->status, c->status) && !strcmp(s->published_status, c->published_status) && now < s->expires_at;
}

bool catalog_page_reply_cached(struct http_request *req, const struct catalog_content *c)
{
	struct page_slot *s = &slots[(uint64_t)c->id % CACHE_SLOTS];
	pthread_mutex_lock(&slots_lock);
	bool hit = matches(s, c, util_now_ms());
	if (hit) /* the reply copies the body */
		http_reply_bytes(req, 200, "application/json", s->body, s->len);
	pthread_mutex_unlock(&slots_lock);
	return hit;
}

void catalog_page_store(const struct catalog_content *c, const json_t *page)
{
	char *text = json_dumps(page, JSON_COMPACT | JSON_REAL_PRECISION(15));
	size_t len = text ? strlen(text) : 0;
	if (!text || len > CACHE_BODY_MAX) {
		free(text);
		return;
	}
	struct page_slot *s = &slots[(uint64_t)c->id % CACHE_SLOTS];
	pthread_mutex_lock(&slots_lock);
	char *old = s->body;
	s->content_id = c->id;
	s->version_id = c->published_id;
	s->latest_id = c->latest_id;
	s->rating_x100 = c->rating_x100;
	s->rating_count = c->rating_count;
	s->expires_at = util_now_ms() + CACHE_TTL_MS;
	memcpy(s->status, c->status, sizeof s->status);
	memcpy(s->published_status, c->published_status, sizeof s->published_status);
	s->body = text;
	s->len = len;
	pthread_mutex_unlock(&slots_lock);
	free(old);
}
