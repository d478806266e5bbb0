/* Placeholder: the fit score is being built (issue 4). */
#include "frac/frac_int.h"

void frac_fit_score(const struct frac_need *needs, size_t n, struct frac_fit *fit)
{
	(void)needs;
	(void)n;
	*fit = (struct frac_fit){0};
}

int frac_fit_cmp(const struct frac_fit *a, const struct frac_fit *b)
{
	(void)a;
	(void)b;
	return 0;
}
