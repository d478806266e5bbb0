/* The best N of many scored people or posts, kept in a bounded heap while they stream past: memory and
 * work stay O(N) and O(M log N) however many the scope holds. Pure: no database; unit tested. */
#include "frac/frac_int.h"

#include <stdlib.h>
#include <string.h>

int frac_ranked_cmp(const struct frac_ranked *a, const struct frac_ranked *b)
{
	int c = frac_fit_cmp(&a->fit, &b->fit);
	if (c)
		return c;
	c = strcmp(a->name, b->name);
	if (c)
		return c;
	return (a->id > b->id) - (a->id < b->id);
}

void frac_top_init(struct frac_top *t, struct frac_ranked *storage, size_t cap)
{
	t->items = storage;
	t->n = 0;
	t->cap = cap;
}

static void swap(struct frac_ranked *a, struct frac_ranked *b)
{
	struct frac_ranked tmp = *a;
	*a = *b;
	*b = tmp;
}

/* The heap keeps the worst of the kept ones at the root: the one a better newcomer replaces. */
static void sift_up(struct frac_top *t, size_t i)
{
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (frac_ranked_cmp(&t->items[i], &t->items[parent]) <= 0)
			return;
		swap(&t->items[i], &t->items[parent]);
		i = parent;
	}
}

static void sift_down(struct frac_top *t, size_t i)
{
	for (;;) {
		size_t worst = i, l = 2 * i + 1, r = l + 1;
		if (l < t->n && frac_ranked_cmp(&t->items[l], &t->items[worst]) > 0)
			worst = l;
		if (r < t->n && frac_ranked_cmp(&t->items[r], &t->items[worst]) > 0)
			worst = r;
		if (worst == i)
			return;
		swap(&t->items[i], &t->items[worst]);
		i = worst;
	}
}

void frac_top_offer(struct frac_top *t, const struct frac_ranked *r)
{
	if (t->cap == 0)
		return;
	if (t->n < t->cap) {
		t->items[t->n] = *r;
		sift_up(t, t->n++);
	} else if (frac_ranked_cmp(r, &t->items[0]) < 0) {
		t->items[0] = *r;
		sift_down(t, 0);
	}
}

static int ranked_qsort(const void *a, const void *b)
{
	return frac_ranked_cmp(a, b);
}

void frac_top_sort(struct frac_top *t)
{
	qsort(t->items, t->n, sizeof t->items[0], ranked_qsort);
}
