/* placeholder */
#include "org/org.h"

const struct http_route org_grant_routes[] = {
	{NULL, NULL, NULL, NULL, 0},
};
