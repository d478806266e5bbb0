/* Growable byte buffer with a hard size cap: the one way we build output and collect input. */
#ifndef KY_CORE_BUF_H
#define KY_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define KY_WUR __attribute__((warn_unused_result))

/* Owner: whoever declared it; free with buf_free. Always NUL-terminated after a successful append. */
struct buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t cap; /* appends that would pass cap fail with -1 and leave the buffer as it was */
};

void buf_init(struct buf *b, size_t cap);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
/* Returns 0, or -1 when the cap would be passed or memory ran out. */
int buf_append(struct buf *b, const void *data, size_t len) KY_WUR;
int buf_puts(struct buf *b, const char *s) KY_WUR;
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3))) KY_WUR;
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) KY_WUR;
/* Hands the bytes to the caller (free() them); the buffer is left empty. NULL if it was never used. */
char *buf_steal(struct buf *b);

#endif
