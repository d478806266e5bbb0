/* Shared readers of request members and the common problem answers that go with them. */
#include "http/input.h"

#include "core/util.h"

#include <stdio.h>
#include <string.h>

int http_take_string(json_t *body, const char *key, const char *label, size_t max, bool nullable, const char **out,
		     bool *present, json_t **errors)
{
	json_t *v = json_object_get(body, key);
	if (present)
		*present = v != NULL;
	if (!v)
		return 0;
	if (!label)
		label = key;
	if (json_is_null(v) && nullable) {
		*out = NULL;
		return 0;
	}
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	const char *problem = NULL;
	char msg[96];
	if (!s)
		problem = nullable ? "must be a string or null" : "must be a string";
	else if (strlen(s) != json_string_length(v))
		problem = "must not contain NUL characters";
	else if (!*s && !nullable)
		problem = "must not be empty";
	else if (util_utf8_chars(s, json_string_length(v)) > max) {
		snprintf(msg, sizeof msg, "must be at most %zu characters", max);
		problem = msg;
	}
	if (problem) {
		http_field_error(errors, label, problem);
		return -1;
	}
	*out = *s ? s : NULL;
	return 0;
}

void http_reject_unknown(json_t *body, const char *const *known, const char *what, json_t **errors)
{
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v)
	{
		bool ok = false;
		for (const char *const *k = known; *k && !ok; k++)
			ok = !strcmp(*k, key);
		if (!ok) {
			char msg[96];
			snprintf(msg, sizeof msg, "is not a field of %s", what);
			http_field_error(errors, key, msg);
		}
	}
}

void http_reply_db_error(struct http_request *req)
{
	if (!http_replied(req))
		http_reply_problem(req, 503, "db_unavailable", "The database could not finish this; please try again.");
}

void http_reply_not_found(struct http_request *req, const char *what)
{
	char detail[200];
	snprintf(detail, sizeof detail, "There is no %s at %.100s.", what, http_path(req));
	http_reply_problem(req, 404, "not_found", detail);
}

void http_reply_conflict(struct http_request *req, const char *detail)
{
	http_reply_problem(req, 409, "conflict", detail);
}

json_t *http_time_json(int64_t ms)
{
	if (ms <= 0)
		return json_null();
	char iso[32];
	util_iso8601(ms, iso);
	return json_string(iso);
}
