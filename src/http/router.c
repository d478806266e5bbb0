/* The router: every module's route table flattened into one list, matched segment by segment. */
#include "http/http_int.h"

#include "core/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int http_router_build(struct http_server *srv, const struct http_route *const *module_tables)
{
	/* The server's own routes come first, then each module's table. */
	const struct http_route *tables[64];
	size_t ntables = 0;
	tables[ntables++] = http_core_routes;
	for (const struct http_route *const *t = module_tables; *t && ntables < 63; t++)
		tables[ntables++] = *t;
	tables[ntables] = NULL;
	size_t n = ROUTE_FIRST_TABLE;
	for (const struct http_route *const *t = tables; *t; t++)
		for (const struct http_route *r = *t; r->method; r++)
			n++;
	srv->routes = calloc(n, sizeof *srv->routes);
	if (!srv->routes)
		return -1;
	srv->nroutes = n;
	for (size_t k = 0; k < n; k++) {
		srv->routes[k].shards = aligned_alloc(64, METRIC_SHARDS * sizeof(struct route_counts));
		if (!srv->routes[k].shards)
			return -1;
		memset(srv->routes[k].shards, 0, METRIC_SHARDS * sizeof(struct route_counts));
	}
	srv->routes[ROUTE_STATIC].label = "static";
	srv->routes[ROUTE_NOT_FOUND].label = "not_found";
	size_t i = ROUTE_FIRST_TABLE;
	for (const struct http_route *const *t = tables; *t; t++) {
		for (const struct http_route *r = *t; r->method; r++) {
			if (r->pattern[0] != '/' || !r->handler || !r->perm) {
				log_error("bad route %s %s", r->method, r->pattern);
				return -1;
			}
			srv->routes[i].route = r;
			srv->routes[i].label = r->pattern;
			i++;
		}
	}
	return 0;
}

void http_router_free(struct http_server *srv)
{
	for (size_t k = 0; srv->routes && k < srv->nroutes; k++)
		free(srv->routes[k].shards);
	free(srv->routes);
	srv->routes = NULL;
	srv->nroutes = 0;
}

/* Matches path against pattern; on success records {name} segments in req->params. */
static bool match(const char *pattern, const char *path, struct http_request *req)
{
	int nparams = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			const char *seg_end = strchr(s, '/');
			size_t seg_len = seg_end ? (size_t)(seg_end - s) : strlen(s);
			if (!close || seg_len == 0 || nparams == HTTP_MAX_PARAMS)
				return false;
			req->params[nparams].name = p + 1;
			req->params[nparams].name_len = (size_t)(close - p - 1);
			req->params[nparams].value = arena_strndup(&req->arena, s, seg_len);
			if (!req->params[nparams].value)
				return false;
			nparams++;
			p = close + 1;
			s += seg_len;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	if (*p || *s)
		return false;
	req->nparams = nparams;
	return true;
}

static void allow_add(char *allow, size_t size, const char *method)
{
	if (strstr(allow, method))
		return;
	size_t len = strlen(allow);
	snprintf(allow + len, size - len, "%s%s", len ? ", " : "", method);
}

int http_router_match(struct http_server *srv, struct http_request *req)
{
	bool path_known = false;
	req->allow[0] = '\0';
	const char *method = req->method;
	bool head = !strcmp(method, "HEAD");
	for (size_t i = ROUTE_FIRST_TABLE; i < srv->nroutes; i++) {
		const struct http_route *r = srv->routes[i].route;
		if (!match(r->pattern, req->path, req))
			continue;
		if (!strcmp(r->method, method) || (head && !strcmp(r->method, "GET"))) {
			req->route = r;
			req->route_index = i;
			return 1;
		}
		if (!path_known)
			req->route_index = i; /* a 405 is counted under the path's route */
		path_known = true;
		allow_add(req->allow, sizeof req->allow, r->method);
	}
	req->nparams = 0;
	return path_known ? -1 : 0;
}
