/* Unit tests for assess_normalise: the rule by which a typed fill-in-the-blank answer matches an accepted one
 * (Unicode NFC, case folding, white space trimmed and collapsed), in English and Hindi. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "assess/assess_int.h"

/* The normal form of s as a string that lives until the next call. */
static const char *norm(const char *s, size_t len)
{
	static struct buf b;
	buf_free(&b);
	buf_init(&b, 4096);
	if (assess_normalise(s, len, &b))
		return NULL;
	return b.data;
}

static const char *n(const char *s)
{
	return norm(s, strlen(s));
}

static void matches(const char *a, const char *b)
{
	const char *na = n(a);
	assert_non_null(na);
	char keep[512];
	strcpy(keep, na);
	const char *nb = n(b);
	assert_non_null(nb);
	assert_string_equal(keep, nb);
}

static void spaces_and_case_do_not_matter(void **state)
{
	(void)state;
	assert_string_equal(n("  Lok   Sabha "), "lok sabha");
	matches("  Lok   Sabha ", "lok sabha");
	matches("LOK\tSABHA\n", "Lok Sabha");
	matches("Lok\xC2\xA0Sabha", "lok sabha"); /* a no-break space pasted from a document */
	matches("Article\xE3\x80\x80"
		"21",
		"article 21");                       /* an ideographic space */
	assert_string_equal(n("Straße"), "strasse"); /* full case folding, not only lower-casing */
	assert_string_equal(n(""), "");
	assert_string_equal(n("   \t "), "");
}

static void hindi_nukta_forms_match(void **state)
{
	(void)state;
	/* ड़ typed as one code point (U+095C) and as ड + nukta (U+0921 U+093C) */
	matches("\xE0\xA5\x9C", "\xE0\xA4\xA1\xE0\xA4\xBC");
	matches("प\xE0\xA5\x9Cना", "प\xE0\xA4\xA1\xE0\xA4\xBCना"); /* पढ़ना both ways */
	/* क़ानून: precomposed qa (U+0958) and क + nukta */
	matches("\xE0\xA5\x98"
		"ानून",
		"\xE0\xA4\x95\xE0\xA4\xBC"
		"ानून");
	/* a composed Latin letter and its decomposed form */
	matches("caf\xC3\xA9", "cafe\xCC\x81");
	matches("  लोक   सभा ", "लोक सभा");
}

static void different_answers_stay_different(void **state)
{
	(void)state;
	char a[64];
	strcpy(a, n("लोक सभा"));
	assert_string_not_equal(a, n("राज्य सभा"));
	strcpy(a, n("Lok Sabha"));
	assert_string_not_equal(a, n("LokSabha")); /* spaces collapse, they do not vanish */
	strcpy(a, n("ड"));
	assert_string_not_equal(a, n("ड़")); /* the nukta is part of the letter */
}

static void broken_text_and_a_full_buffer_fail(void **state)
{
	(void)state;
	assert_null(norm("\xFF\xFE", 2));   /* not UTF-8 */
	assert_null(norm("ab\xE0\xA4", 4)); /* cut in the middle of a character */
	assert_null(norm("a\0b", 3));       /* a NUL inside */
	struct buf small;
	buf_init(&small, 4);
	assert_int_equal(assess_normalise("Lok Sabha", 9, &small), -1);
	assert_int_equal(assess_normalise("Lok", 3, &small), 0);
	assert_string_equal(small.data, "lok");
	/* a second call writes the new form, it does not append */
	assert_int_equal(assess_normalise("ab", 2, &small), 0);
	assert_string_equal(small.data, "ab");
	buf_free(&small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spaces_and_case_do_not_matter),
		cmocka_unit_test(hindi_nukta_forms_match),
		cmocka_unit_test(different_answers_stay_different),
		cmocka_unit_test(broken_text_and_a_full_buffer_fail),
	};
	int rc = cmocka_run_group_tests_name("assess_normalise", tests, NULL, NULL);
	norm("", 0);
	return rc;
}
