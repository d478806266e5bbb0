/* How well a person fits a set of required competencies: one score and its tie-breakers, shared by the
 * candidates for a post, the posts a person fits, and the unit tests. Pure: no database, no allocation. */
#include "frac/frac_int.h"

#include <assert.h>

void frac_fit_score(const struct frac_need *needs, size_t n, struct frac_fit *fit)
{
	long credited = 0, required = 0;
	*fit = (struct frac_fit){0};
	for (size_t i = 0; i < n; i++) {
		int r = needs[i].required, v = needs[i].verified;
		assert(r >= 1 && r <= 5 && v >= 0 && v <= 5);
		required += r;
		/* Being over-qualified on one competency never makes up for a gap on another. */
		credited += v < r ? v : r;
		if (v >= r)
			fit->met++;
		if (v == 0)
			fit->missing++;
		fit->shortfall += v < r ? r - v : 0;
	}
	/* round(100 * credited / required), halves up, in integers so both ends of a comparison agree. */
	if (required > 0)
		fit->score = (int)((200 * credited + required) / (2 * required));
}

int frac_fit_cmp(const struct frac_fit *a, const struct frac_fit *b)
{
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->met != b->met)
		return a->met > b->met ? -1 : 1;
	if (a->shortfall != b->shortfall)
		return a->shortfall < b->shortfall ? -1 : 1;
	return 0;
}
