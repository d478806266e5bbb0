/* Small helpers the org module's handlers share. */
#include "org/org_int.h"

#include "core/util.h"

#include <stdio.h>
#include <string.h>

json_t *org_json_text(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *org_json_time(int64_t epoch_ms)
{
	char out[32];
	util_iso8601(epoch_ms, out);
	return json_string(out);
}
