/* Placeholder: this part of frac is being built (issue 4). */
#include "frac/frac_int.h"

const struct http_route frac_match_routes[] = {
	{NULL, NULL, NULL, NULL, 0},
};
