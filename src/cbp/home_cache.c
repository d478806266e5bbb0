/* My iGOT's candidates per gap, kept per process. For a gap (a competency, the official's verified level, the
 * level their post requires) and a designation, the content that may fill it is the same for every official:
 * ranked once (level nearest the next one up, peers of the designation who completed it, rating, id) and
 * shared, so a home page only takes out what the official is already enrolled in. An entry holds while the
 * catalogue index's generation is unchanged (every publish, retire and rating bumps it, in every process) and
 * at most CACHE_TTL_MS, so peers' new completions show within a minute. Direct-mapped by a hash of the key: a
 * collision replaces. Entries are shared by reference count: the slot holds one reference, each request
 * using an entry another, and the last to let go frees it. The catalogue's cards are kept beside them, one
 * per content item, under the same generation rule, and copied out under the lock. */
#include "cbp/cbp_int.h"

#include "core/util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 16384 /* entries of about 1 KiB: at most 16 MiB */
#define CARD_SLOTS 8192   /* cards of about 700 bytes: at most 6 MiB */
#define CACHE_TTL_MS 60000
#define CANDIDATES_MAX 24 /* kept per gap: a home page shows up to 3, after what the official already took */

/* An entry: its key and lifetime, its holders, then the candidates (allocated with it, freed with it). */
struct cbp_cache_entry {
	int64_t competency_id, generation, expires_at;
	int verified, required;
	char designation[32];
	int refs; /* guarded by cache_lock */
	struct cbp_candidates *candidates;
};

/* A card as the index had it at generation; text owned by the slot (malloc). */
struct card_slot {
	int64_t content_id, generation;
	char *text;
	size_t len;
};

/* Process-wide: the only state here, guarded by its lock. */
static struct cbp_cache_entry *slots[CACHE_SLOTS];
static struct card_slot cards[CARD_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t slot_of(const struct frac_gap *g, const char *designation)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a over the key */
	int64_t nums[3] = {g->competency_id, g->verified, g->required};
	for (size_t i = 0; i < sizeof nums; i++)
		h = (h ^ ((const unsigned char *)nums)[i]) * 1099511628211ULL;
	for (const unsigned char *p = (const unsigned char *)designation; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return (size_t)(h % CACHE_SLOTS);
}

static bool same_key(const struct cbp_cache_entry *e, const struct frac_gap *g, const char *designation)
{
	return e->competency_id == g->competency_id && e->verified == g->verified && e->required == g->required &&
	       !strcmp(e->designation, designation);
}

static void entry_free(struct cbp_cache_entry *e)
{
	if (!e)
		return;
	free(e->candidates);
	free(e);
}

static int read_name(struct db_conn *conn, int64_t id, struct cbp_comp_name *out)
{
	struct db_stmt *st = db_prepare(conn, "SELECT code, name_en, name_hi FROM competencies WHERE id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		snprintf(out->code, sizeof out->code, "%s", db_column_text(st, 0));
		snprintf(out->name, sizeof out->name, "%s", db_column_text(st, 1));
		snprintf(out->name_hi, sizeof out->name_hi, "%s",
			 db_column_text(st, 2) ? db_column_text(st, 2) : out->name);
	}
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Reads the ranked candidates into c (room for CANDIDATES_MAX). Returns 0 or a negative DB_ code. */
static int read_candidates(struct db_conn *conn, const struct frac_gap *g, const char *designation,
			   struct cbp_candidates *c)
{
	struct db_stmt *st = db_prepare(conn, CBP_CANDIDATES_SELECT CBP_CANDIDATES_ORDER " LIMIT 25");
	if (!st || db_bind_int64(st, 1, g->competency_id) || db_bind_int64(st, 2, g->verified) ||
	    db_bind_int64(st, 3, g->required) || db_bind_text(st, 4, designation)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	c->complete = true;
	while ((rc = db_step(st)) == DB_ROW) {
		if (c->n == CANDIDATES_MAX) {
			c->complete = false;
			continue;
		}
		struct cbp_candidate *x = &c->items[c->n];
		x->content_id = db_column_int64(st, 0);
		x->level = (int)db_column_int64(st, 1);
		x->rating_x100 = db_column_int64(st, 2);
		x->rating_count = db_column_int64(st, 3);
		x->peers = db_column_int64(st, 4);
		c->n++;
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* A new entry for the key, read from the database, with one reference for the caller. NULL on an error. */
static struct cbp_cache_entry *entry_read(struct db_conn *conn, const struct frac_gap *g, const char *designation,
					  int64_t generation, int *rc)
{
	struct cbp_cache_entry *e = calloc(1, sizeof *e);
	if (e)
		e->candidates = calloc(1, sizeof *e->candidates + CANDIDATES_MAX * sizeof e->candidates->items[0]);
	if (!e || !e->candidates) {
		entry_free(e);
		*rc = DB_ERROR;
		return NULL;
	}
	e->candidates->entry = e;
	e->competency_id = g->competency_id;
	e->verified = g->verified;
	e->required = g->required;
	snprintf(e->designation, sizeof e->designation, "%s", designation);
	e->generation = generation;
	e->expires_at = util_now_ms() + CACHE_TTL_MS;
	e->refs = 1;
	*rc = read_name(conn, g->competency_id, &e->candidates->name);
	if (!*rc)
		*rc = read_candidates(conn, g, designation, e->candidates);
	if (*rc) {
		entry_free(e);
		return NULL;
	}
	return e;
}

/* The kept entry for the key when it still holds, with a reference taken; NULL when none. */
static struct cbp_cache_entry *entry_find(size_t slot, const struct frac_gap *g, const char *designation,
					  int64_t generation)
{
	pthread_mutex_lock(&cache_lock);
	struct cbp_cache_entry *e = slots[slot];
	if (e && same_key(e, g, designation) && e->generation == generation && util_now_ms() < e->expires_at)
		e->refs++;
	else
		e = NULL;
	pthread_mutex_unlock(&cache_lock);
	return e;
}

/* Puts e in its slot (the slot takes a reference); the entry it replaces is let go. */
static void entry_keep(size_t slot, struct cbp_cache_entry *e)
{
	pthread_mutex_lock(&cache_lock);
	struct cbp_cache_entry *old = slots[slot];
	e->refs++;
	slots[slot] = e;
	bool free_old = old && --old->refs == 0;
	pthread_mutex_unlock(&cache_lock);
	if (free_old)
		entry_free(old);
}

int cbp_candidates_get(struct db_conn *conn, const struct frac_gap *g, const char *designation, int64_t generation,
		       const struct cbp_candidates **out)
{
	size_t slot = slot_of(g, designation);
	struct cbp_cache_entry *e = entry_find(slot, g, designation, generation);
	int rc = 0;
	if (!e) {
		if (!(e = entry_read(conn, g, designation, generation, &rc)))
			return rc;
		entry_keep(slot, e);
	}
	*out = e->candidates;
	return 0;
}

void cbp_candidates_release(const struct cbp_candidates *c)
{
	if (!c)
		return;
	struct cbp_cache_entry *e = c->entry;
	pthread_mutex_lock(&cache_lock);
	bool last = --e->refs == 0;
	pthread_mutex_unlock(&cache_lock);
	if (last)
		entry_free(e);
}

/* Copies the kept card of content_id at generation to out: 1 copied, 0 not kept, -1 out is full. */
static int card_copy(int64_t content_id, int64_t generation, struct buf *out)
{
	struct card_slot *s = &cards[(uint64_t)content_id % CARD_SLOTS];
	int rc = 0;
	pthread_mutex_lock(&cache_lock);
	if (s->text && s->content_id == content_id && s->generation == generation)
		rc = buf_append(out, s->text, s->len) ? -1 : 1;
	pthread_mutex_unlock(&cache_lock);
	return rc;
}

static void card_keep(int64_t content_id, int64_t generation, const char *text, size_t len)
{
	char *copy = malloc(len + 1);
	if (!copy)
		return; /* not kept: read again next time */
	memcpy(copy, text, len + 1);
	struct card_slot *s = &cards[(uint64_t)content_id % CARD_SLOTS];
	pthread_mutex_lock(&cache_lock);
	char *old = s->text;
	*s = (struct card_slot){content_id, generation, copy, len};
	pthread_mutex_unlock(&cache_lock);
	free(old);
}

int cbp_card_append(struct db_conn *conn, int64_t content_id, int64_t generation, struct buf *out)
{
	int kept = card_copy(content_id, generation, out);
	if (kept)
		return kept > 0 ? 0 : DB_ERROR;
	struct db_stmt *st = db_prepare(conn, "SELECT card FROM catalog_index WHERE content_id = $1");
	int rc = !st || db_bind_int64(st, 1, content_id) ? DB_ERROR : db_step(st);
	if (rc == DB_ROW && db_column_text(st, 0)) {
		const char *text = db_column_text(st, 0);
		size_t len = strlen(text);
		rc = buf_append(out, text, len) ? DB_ERROR : 0;
		if (!rc)
			card_keep(content_id, generation, text, len);
	} else if (rc >= 0) {
		rc = 1;
	}
	db_finish(st);
	return rc;
}
