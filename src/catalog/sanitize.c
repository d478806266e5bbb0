/* Placeholder: the HTML sanitiser is being built (issue 5). Until then every page is refused. */
#include "catalog/catalog_int.h"

int catalog_html_sanitize(const char *in, size_t len, struct buf *out)
{
	(void)in, (void)len, (void)out;
	return -1;
}
