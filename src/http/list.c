/* Keyset list parameters and opaque cursors (hex of "id:key", so they are URL-safe as they are). */
#include "http/list.h"

#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_long(const char *s, long long min, long long max, long long *out)
{
	if (!s || !*s)
		return -1;
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int decode_cursor(struct http_request *req, const char *hex, struct http_list *out)
{
	size_t n = strlen(hex);
	if (n == 0 || n % 2 || n > 2048)
		return -1;
	unsigned char *raw = arena_alloc(http_arena(req), n / 2 + 1);
	if (!raw || !util_unhex(hex, raw, n / 2))
		return -1;
	raw[n / 2] = '\0';
	char *colon = memchr(raw, ':', n / 2);
	if (!colon || strlen((char *)raw) != n / 2 || !util_utf8_valid(colon + 1, strlen(colon + 1)))
		return -1;
	*colon = '\0';
	long long id;
	if (parse_long((char *)raw, 1, INT64_MAX, &id))
		return -1;
	out->id = id;
	out->key = colon + 1;
	return 0;
}

int http_list_params(struct http_request *req, struct http_list *out)
{
	return http_list_params_within(req, out, HTTP_LIST_DEFAULT, HTTP_LIST_MAX);
}

int http_list_params_within(struct http_request *req, struct http_list *out, int default_limit, int max_limit)
{
	out->limit = default_limit;
	out->key = "";
	out->id = 0;
	json_t *errors = NULL;
	const char *limit = http_query(req, "limit");
	long long v;
	if (limit) {
		char message[64];
		snprintf(message, sizeof message, "must be a whole number from 1 to %d", max_limit);
		if (parse_long(limit, 1, max_limit, &v))
			http_field_error(&errors, "limit", message);
		else
			out->limit = (int)v;
	}
	const char *cursor = http_query(req, "cursor");
	if (cursor && decode_cursor(req, cursor, out))
		http_field_error(&errors, "cursor", "is not a cursor this list gave out; start again without it");
	if (errors) {
		http_reply_invalid(req, errors);
		return -1;
	}
	return 0;
}

const char *http_list_cursor(struct http_request *req, const char *key, int64_t id)
{
	char head[32];
	int hn = snprintf(head, sizeof head, "%lld:", (long long)id);
	size_t kn = strlen(key);
	unsigned char *raw = arena_alloc(http_arena(req), (size_t)hn + kn);
	char *hex = arena_alloc(http_arena(req), 2 * ((size_t)hn + kn) + 1);
	if (!raw || !hex)
		return NULL;
	memcpy(raw, head, (size_t)hn);
	memcpy(raw + hn, key, kn);
	util_hex(raw, (size_t)hn + kn, hex);
	return hex;
}

int http_param_id(struct http_request *req, const char *name, int64_t *out)
{
	long long v;
	if (parse_long(http_param(req, name), 1, INT64_MAX, &v)) {
		char detail[128];
		snprintf(detail, sizeof detail, "There is nothing at %.100s.", http_path(req));
		http_reply_problem(req, 404, "not_found", detail);
		return -1;
	}
	*out = v;
	return 0;
}

const char *http_list_like(struct http_request *req, const char *q)
{
	size_t n = strlen(q);
	char *p = arena_alloc(http_arena(req), 2 * n + 3);
	if (!p)
		return NULL;
	size_t k = 0;
	p[k++] = '%';
	for (size_t i = 0; i < n; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			p[k++] = '\\';
		p[k++] = (char)tolower((unsigned char)q[i]);
	}
	p[k++] = '%';
	p[k] = '\0';
	return p;
}
