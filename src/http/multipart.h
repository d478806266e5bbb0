/* An incremental multipart/form-data parser (RFC 7578): fed the body in pieces as they arrive, it calls
 * back with each part's headers and its data in pieces, holding back only what could be a boundary. */
#ifndef KY_HTTP_MULTIPART_H
#define KY_HTTP_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#define HTTP_MULTIPART_BOUNDARY_MAX 70 /* RFC 2046 */
#define HTTP_MULTIPART_HEADERS_MAX 4096

/* What a part says about itself (from its Content-Disposition and Content-Type); empty strings when absent. */
struct http_multipart_part {
	char name[128];
	char filename[256];
	char content_type[128];
};

/* Callbacks return 0 to go on; anything else stops the parser, and http_multipart_feed returns it. */
struct http_multipart_callbacks {
	int (*part_begin)(void *cls, const struct http_multipart_part *part);
	int (*part_data)(void *cls, const char *data, size_t len);
	int (*part_end)(void *cls);
};

enum mp_state { MP_PREAMBLE, MP_AFTER_DELIMITER, MP_AFTER_DASH, MP_AFTER_CR, MP_HEADERS, MP_BODY, MP_DONE, MP_FAILED };

/* Owner: whoever declared it; nothing inside is allocated, so there is nothing to free. */
struct http_multipart {
	const struct http_multipart_callbacks *cb;
	void *cls;
	char delimiter[4 + HTTP_MULTIPART_BOUNDARY_MAX + 1]; /* "\r\n--" boundary */
	size_t delimiter_len;
	size_t matched; /* bytes of the delimiter matched so far */
	enum mp_state state;
	bool in_part;
	char headers[HTTP_MULTIPART_HEADERS_MAX];
	size_t headers_len;
};

/* Sets mp up from the request's Content-Type header. Returns 0, or -1 when it is not multipart/form-data
 * with a usable boundary. */
int http_multipart_init(struct http_multipart *mp, const char *content_type, const struct http_multipart_callbacks *cb,
			void *cls) __attribute__((warn_unused_result));
/* Feeds the next len bytes of the body. Returns 0, -1 when the body is not well-formed multipart (the
 * parser then stays failed), or a callback's non-zero return. */
int http_multipart_feed(struct http_multipart *mp, const char *data, size_t len) __attribute__((warn_unused_result));
/* True once the closing boundary has been read: a body that ends before it is truncated. */
bool http_multipart_finished(const struct http_multipart *mp);

#endif
