/* Placeholder: this part of catalog is being built (issue 5). */
#include "catalog/catalog_int.h"

const struct http_route catalog_search_routes[] = {
	{NULL, NULL, NULL, NULL, 0},
};

int catalog_search_index(struct db_conn *db, int64_t content_id)
{
	(void)db, (void)content_id;
	return 0;
}
