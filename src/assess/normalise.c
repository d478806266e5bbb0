/* How fill-in-the-blank answers are compared: two answers match when their normal forms are equal. Case
 * folding before NFC composition, because folding may leave a sequence that composes differently; Hindi
 * typed with a precomposed nukta letter (U+095C) and with the letter plus nukta sign (U+0921 U+093C) both
 * come out as the latter, since U+095C is excluded from composition. */
#include "assess/assess_int.h"

#include "core/util.h"

#include <glib.h>
#include <string.h>

/* Appends s with its white space trimmed and inner runs made one space (any Unicode space counts: a no-break
 * space pasted from a word processor is still a space). */
static int collapse(const char *s, struct buf *out)
{
	bool pending = false;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isspace(c)) {
			pending = out->len > 0;
			continue;
		}
		if (pending && buf_append(out, " ", 1))
			return -1;
		pending = false;
		if (buf_append(out, p, (size_t)(g_utf8_next_char(p) - p)))
			return -1;
	}
	return 0;
}

int assess_normalise(const char *in, size_t len, struct buf *out)
{
	buf_reset(out);
	if (len > G_MAXSSIZE || !util_utf8_valid(in, len) || memchr(in, '\0', len))
		return -1;
	gchar *folded = g_utf8_casefold(in, (gssize)len);
	gchar *nfc = folded ? g_utf8_normalize(folded, -1, G_NORMALIZE_NFC) : NULL;
	int rc = nfc ? 0 : -1;
	if (!rc)
		rc = buf_append(out, "", 0); /* an answer of only spaces still gives "" rather than NULL data */
	if (!rc)
		rc = collapse(nfc, out);
	if (rc)
		buf_reset(out);
	g_free(nfc);
	g_free(folded);
	return rc;
}
