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

/* --- search text (search_words.c) --- */

#define CATALOG_SEARCH_MAX_CHARS 200 /* characters of the user's text read; the rest is ignored */
#define CATALOG_SEARCH_MAX_WORDS 16

struct catalog_word {
	char text[128]; /* UTF-8 letters, digits and marks only; ASCII lower-cased */
	size_t len;
};
struct catalog_words {
	struct catalog_word word[CATALOG_SEARCH_MAX_WORDS];
	int count;
};
/* Splits the first CATALOG_SEARCH_MAX_CHARS characters of q (UTF-8; NULL is empty) into at most
 * CATALOG_SEARCH_MAX_WORDS words; every punctuation or operator character separates words and is dropped.
 * Returns the number of words. */
int catalog_search_words(const char *q, struct catalog_words *out);
/* Appends q's words to out as an FTS5 query of prefix phrases ("word"* "word"*), or as a PostgreSQL
 * tsquery of prefix lexemes ('word':* & 'word':*). Returns the number of words (0: no text search, out
 * untouched), or -1 when out is full. */
int catalog_search_fts5(const char *q, struct buf *out) __attribute__((warn_unused_result));
int catalog_search_tsquery(const char *q, struct buf *out) __attribute__((warn_unused_result));

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

#endif
