/* Reading the members of a JSON request body the same way everywhere: types, lengths counted in
 * characters, unknown members named, each problem recorded as a field error for one 422 answer. */
#ifndef KY_HTTP_INPUT_H
#define KY_HTTP_INPUT_H

#include "http/http.h"

/* Reads the optional string member key of body. Absent: *out untouched, returns 0. Present and valid:
 * *out points into body (NULL for JSON null or "" when nullable), returns 0. Otherwise records an error
 * under label (key when NULL): not a string, holds NUL, empty when not nullable, over max characters;
 * returns -1. *present (when not NULL) tells whether the member was there. */
int http_take_string(json_t *body, const char *key, const char *label, size_t max, bool nullable, const char **out,
		     bool *present, json_t **errors);
/* Records "is not a field of <what>" for every member of body not named in known (NULL-terminated). */
void http_reject_unknown(json_t *body, const char *const *known, const char *what, json_t **errors);
/* "2026-11-23T10:00:00Z" for epoch ms, JSON null for 0 or less: how every time goes out. */
json_t *http_time_json(int64_t ms);
/* 503 db_unavailable, unless a reply is already set (http_db sets its own). */
void http_reply_db_error(struct http_request *req);
/* 404 not_found: "There is no <what> at <path>." */
void http_reply_not_found(struct http_request *req, const char *what);
/* 409 conflict with detail. */
void http_reply_conflict(struct http_request *req, const char *detail);

#endif
