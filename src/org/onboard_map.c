/* Onboarding's string hash map: open addressing over 16-byte slots, keys in one pooled buffer, so a
 * million employee codes cost about 16 MiB of slots and their bytes, not a million allocations. */
#include "org/onboard_int.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define FREE_SLOT UINT32_MAX
#define POOL_CAP ((size_t)UINT32_MAX - 1)

int org_ob_map_init(struct ob_map *m, size_t expect)
{
	size_t cap = 64;
	while (cap < expect * 2)
		cap *= 2;
	m->slots = malloc(cap * sizeof *m->slots);
	m->cap = m->slots ? cap : 0;
	m->n = 0;
	buf_init(&m->pool, POOL_CAP);
	randombytes_buf(m->key, sizeof m->key);
	if (!m->slots)
		return -1;
	for (size_t i = 0; i < cap; i++)
		m->slots[i].off = FREE_SLOT;
	return 0;
}

void org_ob_map_free(struct ob_map *m)
{
	if (!m)
		return;
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
	buf_free(&m->pool);
}

uint64_t org_ob_map_hash(const struct ob_map *m, const void *p, size_t n)
{
	unsigned char out[crypto_shorthash_BYTES];
	crypto_shorthash(out, p, n, m->key);
	uint64_t h;
	memcpy(&h, out, sizeof h);
	return h;
}

static bool slot_is(const struct ob_map *m, const struct ob_slot *s, uint64_t h, const char *k, size_t n)
{
	if (s->hash != h)
		return false;
	const char *stored = m->pool.data + s->off;
	return !memcmp(stored, k, n) && stored[n] == '\0';
}

/* The slot holding key, or the free slot where it would go. */
static struct ob_slot *find_slot(const struct ob_map *m, uint64_t h, const char *k, size_t n)
{
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		struct ob_slot *s = &m->slots[i];
		if (s->off == FREE_SLOT || slot_is(m, s, h, k, n))
			return s;
	}
}

uint32_t *org_ob_map_get(const struct ob_map *m, const char *k, size_t n)
{
	if (!m->cap)
		return NULL;
	struct ob_slot *s = find_slot(m, org_ob_map_hash(m, k, n), k, n);
	return s->off == FREE_SLOT ? NULL : &s->value;
}

static int grow(struct ob_map *m)
{
	size_t cap = m->cap * 2;
	struct ob_slot *slots = malloc(cap * sizeof *slots);
	if (!slots)
		return -1;
	for (size_t i = 0; i < cap; i++)
		slots[i].off = FREE_SLOT;
	for (size_t i = 0; i < m->cap; i++) {
		struct ob_slot *s = &m->slots[i];
		if (s->off == FREE_SLOT)
			continue;
		size_t j = (size_t)s->hash & (cap - 1);
		while (slots[j].off != FREE_SLOT)
			j = (j + 1) & (cap - 1);
		slots[j] = *s;
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

uint32_t *org_ob_map_put(struct ob_map *m, const char *k, size_t n, uint32_t v, bool *added)
{
	*added = false;
	if (!m->cap)
		return NULL;
	uint64_t h = org_ob_map_hash(m, k, n);
	struct ob_slot *s = find_slot(m, h, k, n);
	if (s->off != FREE_SLOT)
		return &s->value;
	if ((m->n + 1) * 10 > m->cap * 7) {
		if (grow(m))
			return NULL;
		s = find_slot(m, h, k, n);
	}
	size_t off = m->pool.len;
	if (off >= FREE_SLOT || buf_append(&m->pool, k, n) || buf_append(&m->pool, "", 1))
		return NULL;
	s->hash = h;
	s->off = (uint32_t)off;
	s->value = v;
	m->n++;
	*added = true;
	return &s->value;
}

size_t org_ob_map_next(const struct ob_map *m, size_t i, const char **key, uint32_t *value)
{
	for (; i < m->cap; i++) {
		const struct ob_slot *s = &m->slots[i];
		if (s->off != FREE_SLOT) {
			*key = m->pool.data + s->off;
			*value = s->value;
			return i + 1;
		}
	}
	return 0;
}
