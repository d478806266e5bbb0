/* Lists: ?limit= (default 50, at most 500) and an opaque keyset ?cursor=, answered as
 * {"items": [...], "next_cursor": ...}. A cursor carries the sort key of the last item given. */
#ifndef KY_HTTP_LIST_H
#define KY_HTTP_LIST_H

#include "http/http.h"

#define HTTP_LIST_DEFAULT 50
#define HTTP_LIST_MAX 500

struct http_list {
	int limit;
	/* The decoded cursor: a key text and an id; key is "" and id 0 on the first page. */
	const char *key;
	int64_t id;
};

/* Reads ?limit= and ?cursor=. Returns 0, or -1 with a 422 reply naming the bad parameter. */
int http_list_params(struct http_request *req, struct http_list *out) __attribute__((warn_unused_result));
/* The same for a list with its own default and largest ?limit= (a picker's short pages). */
int http_list_params_within(struct http_request *req, struct http_list *out, int default_limit, int max_limit)
	__attribute__((warn_unused_result));
/* Makes the opaque cursor for (key, id), allocated in the request's arena; NULL when out of memory. */
const char *http_list_cursor(struct http_request *req, const char *key, int64_t id);
/* A LIKE pattern that finds q anywhere ("%q%", ASCII lower-cased, with %, _ and \ escaped for
 * ESCAPE '\'), in the request's arena; NULL when out of memory. "" gives "%%", which matches all. */
const char *http_list_like(struct http_request *req, const char *q);
/* Reads a path parameter as a positive id. Returns 0, or -1 with a 404 reply (an id that cannot exist). */
int http_param_id(struct http_request *req, const char *name, int64_t *out) __attribute__((warn_unused_result));

#endif
