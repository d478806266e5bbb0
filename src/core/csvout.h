/* Writing CSV for people: RFC 4180 quoting, and cells a spreadsheet would run as a formula defused. */
#ifndef KY_CORE_CSVOUT_H
#define KY_CORE_CSVOUT_H

#include "core/buf.h"

#include <stdbool.h>

/* The UTF-8 byte order mark, so spreadsheet programs read Hindi correctly. */
#define CSVOUT_BOM "\xEF\xBB\xBF"

/* Appends one field and then "," or, when last, "\r\n". A field is quoted when it holds a comma, quote
 * or line break (quotes doubled); one starting with = + - @ or a tab gets a leading ' so a spreadsheet
 * shows it as text instead of running it. Returns 0, or -1 when the buffer's cap is reached. */
int csvout_field(struct buf *b, const char *s, bool last) __attribute__((warn_unused_result));

#endif
