/* placeholder */
#include "org/org.h"

const struct http_route org_official_routes[] = {
	{NULL, NULL, NULL, NULL, 0},
};
