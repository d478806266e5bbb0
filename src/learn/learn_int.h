/* Private to src/learn: what its files share. */
#ifndef KY_LEARN_INT_H
#define KY_LEARN_INT_H

#include "learn/learn.h"

#include <jansson.h>

/* Months are calendar months in UTC: the start of the month holding at, and of the next. */
void learn_month_bounds(int64_t at, int64_t *start, int64_t *next);

#endif
