/* CSV output: quoting and formula defusing in one place. */
#include "core/csvout.h"

#include <string.h>

static bool looks_like_formula(const char *s)
{
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
}

int csvout_field(struct buf *b, const char *s, bool last)
{
	if (!s)
		s = "";
	bool quote = s[strcspn(s, ",\"\r\n")] != '\0';
	int rc = quote ? buf_puts(b, "\"") : 0;
	if (!rc && looks_like_formula(s))
		rc = buf_puts(b, "'");
	for (const char *q; !rc && quote && (q = strchr(s, '"')); s = q + 1)
		rc = buf_append(b, s, (size_t)(q - s + 1)) || buf_puts(b, "\"");
	if (!rc)
		rc = buf_puts(b, s);
	if (!rc && quote)
		rc = buf_puts(b, "\"");
	return rc || buf_puts(b, last ? "\r\n" : ",") ? -1 : 0;
}
