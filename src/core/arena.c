/* A memory arena: bump allocation in blocks, freed in one call. */
#include "core/arena.h"

#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE 4096

struct arena_block {
	struct arena_block *next;
	size_t size;
	_Alignas(16) unsigned char data[];
};

void arena_init(struct arena *a, size_t cap)
{
	a->head = NULL;
	a->used_in_head = 0;
	a->total = 0;
	a->cap = cap;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used_in_head = 0;
	a->total = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (n == 0)
		n = 16;
	if (a->head && a->head->size - a->used_in_head >= n) {
		void *p = a->head->data + a->used_in_head;
		a->used_in_head += n;
		return p;
	}
	size_t size = n > BLOCK_SIZE ? n : BLOCK_SIZE;
	if (size > a->cap || a->total > a->cap - size)
		return NULL;
	struct arena_block *b = malloc(sizeof *b + size);
	if (!b)
		return NULL;
	b->size = size;
	a->total += size;
	if (a->head && n > BLOCK_SIZE) {
		/* A big one-off: keep the current head for the small ones that follow. */
		b->next = a->head->next;
		a->head->next = b;
		return b->data;
	}
	b->next = a->head;
	a->head = b;
	a->used_in_head = n;
	return b->data;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}
