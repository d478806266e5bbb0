/* Placeholder: the demo catalogue is being built (issue 5). */
#include "catalog/catalog_int.h"

int catalog_demo_seed(struct db_conn *conn)
{
	(void)conn;
	return 0;
}
