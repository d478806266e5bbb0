/* Placeholder: this part of catalog is being built (issue 5). */
#include "catalog/catalog_int.h"

const struct http_route catalog_review_routes[] = {
	{NULL, NULL, NULL, NULL, 0},
};
