/* placeholder */
#include "org/org.h"

const struct http_route org_tree_routes[] = {
	{NULL, NULL, NULL, NULL, 0},
};
