/* Placeholder: this part of frac is being built (issue 4). */
#include "frac/frac_int.h"

const struct http_route frac_role_routes[] = {
	{NULL, NULL, NULL, NULL, 0},
};
