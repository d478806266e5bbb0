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

/* Characters, not bytes: a Hindi name of 100 letters is 100, though it takes about 300 bytes. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int org_take_string(json_t *body, const char *field, size_t max, bool nullable, const char **out, json_t **errors)
{
	json_t *v = json_object_get(body, field);
	if (!v)
		return 0;
	char msg[96];
	if (json_is_null(v) && nullable) {
		*out = NULL;
		return 0;
	}
	if (!json_is_string(v)) {
		http_field_error(errors, field, nullable ? "must be a string or null" : "must be a string");
		return -1;
	}
	const char *s = json_string_value(v);
	if (strlen(s) != json_string_length(v)) {
		http_field_error(errors, field, "must not contain NUL characters");
		return -1;
	}
	if (utf8_chars(s) > max) {
		snprintf(msg, sizeof msg, "must be at most %zu characters", max);
		http_field_error(errors, field, msg);
		return -1;
	}
	*out = (*s || !nullable) ? s : NULL;
	return 0;
}

void org_reply_conflict(struct http_request *req, const char *detail)
{
	http_reply_problem(req, 409, "conflict", detail);
}

void org_reply_db_error(struct http_request *req)
{
	if (!http_replied(req))
		http_reply_problem(req, 503, "db_unavailable", "The database could not finish this; please try again.");
}
