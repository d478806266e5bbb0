/* Placeholder: this part of catalog is being built (issue 5). */
#include "catalog/catalog_int.h"

const struct http_route catalog_file_routes[] = {
	{NULL, NULL, NULL, NULL, 0},
};

int catalog_file_get(struct db_conn *db, int64_t id, struct catalog_file *out)
{
	(void)db, (void)id, (void)out;
	return 0;
}
