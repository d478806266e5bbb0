/* The catalogue's search text made safe: the user's words become quoted prefix terms for SQLite FTS5 or
 * PostgreSQL's to_tsquery, so no character they type is ever read as query syntax. */
#include "catalog/catalog_int.h"

#include <string.h>

/* Decodes one UTF-8 character at s (valid UTF-8 assumed, as http_query checks it); returns its length. */
static size_t next_char(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;
	uint32_t v = s[0] & (0x3F >> (n - 1));
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) { /* not UTF-8 after all: treat the byte as a separator */
			*cp = ' ';
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	*cp = v;
	return n;
}

/* Letters, digits and combining marks make words; ASCII punctuation (every operator of both engines),
 * spaces, the danda and the common Unicode punctuation and symbol blocks separate them. */
static bool word_char(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	if (c < 0xC0 || c == 0xD7 || c == 0xF7)
		return false;
	if (c == 0x964 || c == 0x965 || c == 0x970) /* danda, double danda, abbreviation sign */
		return false;
	if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE4F) ||
	    (c >= 0xFF00 && c <= 0xFF20) || c >= 0x1F000)
		return false;
	return true;
}

int catalog_search_words(const char *q, struct catalog_words *out)
{
	out->count = 0;
	const unsigned char *p = (const unsigned char *)(q ? q : "");
	struct catalog_word *w = NULL; /* the word being read */
	for (size_t chars = 0; *p && chars < CATALOG_SEARCH_MAX_CHARS; chars++) {
		uint32_t cp;
		size_t n = next_char(p, &cp);
		if (!word_char(cp)) {
			if (w)
				w->text[w->len] = '\0';
			w = NULL;
		} else {
			if (!w && out->count == CATALOG_SEARCH_MAX_WORDS)
				break;
			if (!w) {
				w = &out->word[out->count++];
				w->len = 0;
			}
			if (w->len + n < sizeof w->text) /* a very long word keeps its start */
				for (size_t i = 0; i < n; i++) /* ASCII lower-cased; both engines fold case anyway */
					w->text[w->len++] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
		}
		p += n;
	}
	if (w)
		w->text[w->len] = '\0';
	return out->count;
}

int catalog_search_fts5(const char *q, struct buf *out)
{
	struct catalog_words words;
	int n = catalog_search_words(q, &words);
	for (int i = 0; i < n; i++) /* "word"* is a prefix phrase; words side by side must all match */
		if (buf_printf(out, "%s\"%s\"*", i ? " " : "", words.word[i].text))
			return -1;
	return n;
}

int catalog_search_tsquery(const char *q, struct buf *out)
{
	struct catalog_words words;
	int n = catalog_search_words(q, &words);
	for (int i = 0; i < n; i++) /* 'word':* is a quoted prefix lexeme; & needs all of them */
		if (buf_printf(out, "%s'%s':*", i ? " & " : "", words.word[i].text))
			return -1;
	return n;
}
