/* A streaming JSON writer into a capped buffer, for hot lists: rows go straight from the database into
 * the answer, without building a jansson tree first (which costs about two thirds of a 50-row page).
 * The caller writes well-formed structure; the writer places commas and escapes strings. */
#ifndef KY_CORE_JSONW_H
#define KY_CORE_JSONW_H

#include "core/buf.h"

#include <stdbool.h>
#include <stdint.h>

#define JSONW_MAX_DEPTH 16

/* Owner: the caller; out is borrowed. failed stays set after the first error (cap reached, too deep). */
struct jsonw {
	struct buf *out;
	int depth;
	bool need_comma[JSONW_MAX_DEPTH];
	bool after_key;
	bool failed;
};

void jsonw_init(struct jsonw *w, struct buf *out);
void jsonw_object_begin(struct jsonw *w);
void jsonw_object_end(struct jsonw *w);
void jsonw_array_begin(struct jsonw *w);
void jsonw_array_end(struct jsonw *w);
/* A member name (ASCII, not escaped: our own constants). */
void jsonw_key(struct jsonw *w, const char *key);
/* A string value (UTF-8, escaped as JSON requires); NULL writes null. */
void jsonw_string(struct jsonw *w, const char *s);
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);
/* An ISO 8601 UTC time from epoch milliseconds. */
void jsonw_time(struct jsonw *w, int64_t epoch_ms);
/* A value that is already JSON text (len bytes), copied as it is: the caller vouches for it. */
void jsonw_raw(struct jsonw *w, const char *json, size_t len);
/* Opens an object whose first members are those of obj (len bytes of a JSON object's text, which the caller
 * vouches for, such as a card kept as compact JSON): members written next follow them, then
 * jsonw_object_end. Fails the writer when obj does not end with '}'. */
void jsonw_object_extend(struct jsonw *w, const char *obj, size_t len);
/* 0 when everything was written, -1 otherwise. */
int jsonw_finish(struct jsonw *w) __attribute__((warn_unused_result));

#endif
