/* An incremental multipart/form-data parser: a byte matcher for "\r\n--boundary" that hands every byte
 * which cannot be part of a delimiter straight to the part's callback, so no part is ever held whole. */
#include "http/multipart.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Finds parameter key (e.g. boundary, name, filename) in a header value like `form-data; name="file"` and
 * copies its value (quotes and backslash escapes removed) into out. Returns 1 found, 0 absent, -1 when it
 * does not fit or is malformed. */
static int header_param(const char *value, const char *key, char *out, size_t cap)
{
	const char *p = strchr(value, ';');
	size_t klen = strlen(key);
	while (p && *p) {
		while (*p == ';' || *p == ' ' || *p == '\t')
			p++;
		const char *name = p;
		while (*p && *p != '=' && *p != ';')
			p++;
		size_t nlen = (size_t)(p - name);
		while (nlen && (name[nlen - 1] == ' ' || name[nlen - 1] == '\t'))
			nlen--;
		bool match = nlen == klen && strncasecmp(name, key, klen) == 0;
		if (*p != '=')
			continue;
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		size_t n = 0;
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1])
					p++;
				if (match && n + 1 >= cap)
					return -1;
				if (match)
					out[n++] = *p;
			}
			if (*p != '"')
				return -1;
			p++;
		} else {
			for (; *p && *p != ';' && *p != ' ' && *p != '\t'; p++) {
				if (match && n + 1 >= cap)
					return -1;
				if (match)
					out[n++] = *p;
			}
		}
		if (match) {
			out[n] = '\0';
			return 1;
		}
	}
	return 0;
}

static bool media_type_is(const char *value, const char *type)
{
	size_t n = strcspn(value, ";");
	while (n && (value[n - 1] == ' ' || value[n - 1] == '\t'))
		n--;
	return n == strlen(type) && strncasecmp(value, type, n) == 0;
}

int http_multipart_init(struct http_multipart *mp, const char *content_type, const struct http_multipart_callbacks *cb,
			void *cls)
{
	memset(mp, 0, sizeof *mp);
	mp->cb = cb;
	mp->cls = cls;
	mp->state = MP_FAILED;
	char boundary[HTTP_MULTIPART_BOUNDARY_MAX + 1];
	if (!content_type || !media_type_is(content_type, "multipart/form-data") ||
	    header_param(content_type, "boundary", boundary, sizeof boundary) != 1 || !boundary[0])
		return -1;
	mp->delimiter_len = (size_t)snprintf(mp->delimiter, sizeof mp->delimiter, "\r\n--%s", boundary);
	/* The first delimiter may open the body with no line break before it: start as if one was read. */
	mp->matched = 2;
	mp->state = MP_PREAMBLE;
	return 0;
}

bool http_multipart_finished(const struct http_multipart *mp)
{
	return mp->state == MP_DONE;
}

/* Reads a part's header block (name: value lines, CRLF-separated, NUL-terminated) into part. */
static int parse_part_headers(char *block, struct http_multipart_part *part)
{
	memset(part, 0, sizeof *part);
	bool disposition = false;
	for (char *line = block; line && *line;) {
		char *eol = strstr(line, "\r\n");
		if (eol)
			*eol = '\0';
		char *colon = strchr(line, ':');
		if (colon) {
			*colon = '\0';
			char *value = colon + 1;
			while (*value == ' ' || *value == '\t')
				value++;
			if (!strcasecmp(line, "Content-Disposition")) {
				if (!media_type_is(value, "form-data") || header_param(value, "name", part->name, sizeof part->name) != 1 ||
				    header_param(value, "filename", part->filename, sizeof part->filename) < 0)
					return -1;
				disposition = true;
			} else if (!strcasecmp(line, "Content-Type")) {
				size_t n = strlen(value);
				if (n >= sizeof part->content_type)
					return -1;
				memcpy(part->content_type, value, n + 1);
			}
		}
		line = eol ? eol + 2 : NULL;
	}
	return disposition ? 0 : -1;
}

static int emit(struct http_multipart *mp, const char *data, size_t len)
{
	if (mp->state != MP_BODY || len == 0)
		return 0;
	return mp->cb->part_data(mp->cls, data, len);
}

/* Scans body or preamble bytes from *at for the delimiter, passing body bytes on. */
static int scan(struct http_multipart *mp, const char *data, size_t len, size_t *at)
{
	size_t k = *at, run = *at;
	int rc;
	while (k < len) {
		if (mp->matched == 0) {
			const char *cr = memchr(data + k, '\r', len - k);
			if (!cr)
				break;
			k = (size_t)(cr - data);
			if ((rc = emit(mp, data + run, k - run)))
				return rc;
			mp->matched = 1;
			run = ++k;
			continue;
		}
		if (data[k] == mp->delimiter[mp->matched]) {
			run = ++k;
			if (++mp->matched < mp->delimiter_len)
				continue;
			mp->matched = 0;
			if (mp->in_part && (rc = mp->cb->part_end(mp->cls)))
				return rc;
			mp->in_part = false;
			mp->state = MP_AFTER_DELIMITER;
			*at = k;
			return 0;
		}
		/* Not a delimiter after all: what was held back is data, and this byte is looked at afresh. */
		if ((rc = emit(mp, mp->delimiter, mp->matched)))
			return rc;
		mp->matched = 0;
		run = k;
	}
	if (mp->matched == 0 && (rc = emit(mp, data + run, len - run)))
		return rc;
	*at = len;
	return 0;
}

static int header_byte(struct http_multipart *mp, char c)
{
	if (mp->headers_len + 1 >= sizeof mp->headers)
		return -1;
	mp->headers[mp->headers_len++] = c;
	mp->headers[mp->headers_len] = '\0';
	size_t n = mp->headers_len;
	bool none = n == 2 && !memcmp(mp->headers, "\r\n", 2);
	if (!none && (n < 4 || memcmp(mp->headers + n - 4, "\r\n\r\n", 4)))
		return 0;
	struct http_multipart_part part;
	if (parse_part_headers(mp->headers, &part))
		return -1;
	mp->state = MP_BODY;
	mp->in_part = true;
	mp->matched = 0;
	return mp->cb->part_begin(mp->cls, &part);
}

int http_multipart_feed(struct http_multipart *mp, const char *data, size_t len)
{
	size_t i = 0;
	int rc = 0;
	while (i < len && rc == 0) {
		switch (mp->state) {
		case MP_PREAMBLE:
		case MP_BODY: rc = scan(mp, data, len, &i); break;
		case MP_AFTER_DELIMITER: {
			char c = data[i++];
			if (c == '-')
				mp->state = MP_AFTER_DASH;
			else if (c == '\r')
				mp->state = MP_AFTER_CR;
			else if (c != ' ' && c != '\t') /* transport padding */
				rc = -1;
			break;
		}
		case MP_AFTER_DASH:
			if (data[i++] == '-')
				mp->state = MP_DONE;
			else
				rc = -1;
			break;
		case MP_AFTER_CR:
			if (data[i++] == '\n') {
				mp->state = MP_HEADERS;
				mp->headers_len = 0;
			} else {
				rc = -1;
			}
			break;
		case MP_HEADERS: rc = header_byte(mp, data[i++]); break;
		case MP_DONE: i = len; break; /* the epilogue is ignored */
		case MP_FAILED: rc = -1; break;
		}
	}
	if (rc)
		mp->state = MP_FAILED;
	return rc;
}
