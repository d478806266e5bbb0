/* Private to src/catalog: what its parts share. */
#ifndef KY_CATALOG_INT_H
#define KY_CATALOG_INT_H

#include "catalog/catalog.h"
#include "core/buf.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- search index (search_index.c) --- */

/* Brings the search index in step with content_id: indexes its published version (title, description and
 * keywords in English and Hindi, and the filter fields), or removes it when it has none or it is retired.
 * Call inside the transaction that publishes or retires. Returns 0 or a negative DB_ code. */
int catalog_search_index(struct db_conn *db, int64_t content_id) __attribute__((warn_unused_result));

/* --- HTML pages (sanitize.c) --- */

/* Writes to out a safe copy of the HTML fragment in (len bytes, UTF-8): only an allow-list of tags and
 * attributes survives; script, style, iframe, object, embed and form elements go with their content;
 * every on* attribute goes; href and src keep only http, https and mailto URLs (and relative ones).
 * Returns 0, or -1 when in is not UTF-8 or out is full. */
int catalog_html_sanitize(const char *in, size_t len, struct buf *out) __attribute__((warn_unused_result));

/* --- files (files.c) --- */

struct catalog_file {
	int64_t id, size;
	char sha256[65];
	char mime[64];
	char kind[8]; /* video, pdf, image */
};
/* Loads file id. Returns 1 found, 0 unknown, -1 on error. */
int catalog_file_get(struct db_conn *db, int64_t id, struct catalog_file *out) __attribute__((warn_unused_result));
/* The FILE REF answer for f: {id, kind, mime, size, url}. A new reference (NULL when out of memory). */
json_t *catalog_file_json(const struct catalog_file *f);
/* GET /api/v1/files/{id} (files_serve.c): the stored bytes with Range, ETag and safe headers. */
void catalog_file_serve(struct http_request *req);

#endif
