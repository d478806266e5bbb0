/* A memory arena: many small allocations, freed together in one call (after h2o's per-request pool). */
#ifndef KY_CORE_ARENA_H
#define KY_CORE_ARENA_H

#include <stddef.h>

struct arena_block;

/* Owner: whoever embeds it (a request); arena_free releases every allocation at once. */
struct arena {
	struct arena_block *head;
	size_t used_in_head;
	size_t total;
	size_t cap; /* allocations that would pass cap return NULL */
};

void arena_init(struct arena *a, size_t cap);
void arena_free(struct arena *a);
/* 16-byte aligned, uninitialised; NULL past the cap or when memory runs out. */
void *arena_alloc(struct arena *a, size_t n);
/* A NUL-terminated copy of s[0..len); NULL as for arena_alloc. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);

#endif
