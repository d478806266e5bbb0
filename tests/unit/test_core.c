/* Unit tests for src/core: the capped buffer, the arena, UTF-8 validation, hex and time formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/csvout.h"
#include "core/jsonw.h"

#include <jansson.h>
#include "core/util.h"

static void buf_grows_and_stops_at_its_cap(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 10);
	assert_int_equal(buf_puts(&b, "hello"), 0);
	assert_int_equal(buf_printf(&b, "%d", 1234), 0);
	assert_string_equal(b.data, "hello1234");
	assert_int_equal(buf_puts(&b, "xy"), -1); /* would be 11 bytes */
	assert_string_equal(b.data, "hello1234"); /* unchanged after a refused append */
	assert_int_equal(buf_puts(&b, "z"), 0);
	assert_int_equal(b.len, 10);
	char *stolen = buf_steal(&b);
	assert_string_equal(stolen, "hello1234z");
	assert_null(b.data);
	free(stolen);
	buf_free(&b);
	buf_free(NULL);
}

static void arena_allocates_aligned_and_respects_cap(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 64 * 1024);
	for (int i = 0; i < 100; i++) {
		void *p = arena_alloc(&a, (size_t)i + 1);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
	}
	char *big = arena_alloc(&a, 10000);
	assert_non_null(big);
	memset(big, 'x', 10000);
	assert_string_equal(arena_strdup(&a, "नागरिक"), "नागरिक");
	assert_null(arena_alloc(&a, 128 * 1024)); /* past the cap */
	arena_free(&a);
	arena_free(NULL);
}

static void utf8_accepts_hindi_and_rejects_broken_sequences(void **state)
{
	(void)state;
	const char *hindi = "प्रिया शर्मा";
	assert_true(util_utf8_valid(hindi, strlen(hindi)));
	assert_true(util_utf8_valid("plain", 5));
	assert_true(util_utf8_valid("\xF0\x9F\x98\x80", 4)); /* emoji */
	assert_false(util_utf8_valid("\xff", 1));
	assert_false(util_utf8_valid("\xC0\xAF", 2));         /* overlong '/' */
	assert_false(util_utf8_valid("\xE0\x80\xAF", 3));     /* overlong */
	assert_false(util_utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
	assert_false(util_utf8_valid("\xF4\x90\x80\x80", 4)); /* past U+10FFFF */
	assert_false(util_utf8_valid("\xE0\xA4", 2));         /* truncated */
	assert_false(util_utf8_valid("a\x80", 2));            /* stray continuation */
}

static void hex_round_trips_and_rejects_bad_digits(void **state)
{
	(void)state;
	unsigned char in[4] = {0x00, 0xab, 0x10, 0xff}, out[4];
	char hex[9];
	util_hex(in, 4, hex);
	assert_string_equal(hex, "00ab10ff");
	assert_true(util_unhex(hex, out, 4));
	assert_memory_equal(in, out, 4);
	assert_true(util_unhex("00AB10FF", out, 4));
	assert_false(util_unhex("00ab10f", out, 4));
	assert_false(util_unhex("00ab10fg", out, 4));
	assert_false(util_unhex("00ab10ff00", out, 4));
}

static void code_valid_follows_its_rule(void **state)
{
	(void)state;
	assert_true(util_code_valid("FUN-PROCUREMENT", 40, true));
	assert_true(util_code_valid("RB_SO-1", 40, true));
	assert_true(util_code_valid("dopt", 32, false));
	assert_false(util_code_valid("dopt", 32, true));      /* lower case where only capitals go */
	assert_false(util_code_valid("A", 40, true));         /* too short */
	assert_false(util_code_valid("-AB", 40, true));       /* starts with a dash */
	assert_false(util_code_valid("_AB", 40, false));
	assert_false(util_code_valid("A B", 40, true));       /* a space */
	assert_false(util_code_valid("AB\xc3\x89", 40, false)); /* a letter outside ASCII */
	assert_true(util_code_valid("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCD", 40, true));
	assert_false(util_code_valid("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDE", 40, true)); /* 41 */
	assert_false(util_code_valid("AB{", 40, false)); /* '{' is 'z' + 1 after folding */
	assert_false(util_code_valid("AB@", 40, false)); /* '@' folds to '`', next to 'a' */
}

static void iso8601_formats_utc(void **state)
{
	(void)state;
	char out[32];
	util_iso8601(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	util_iso8601(1795392000000LL + 123, out);
	assert_string_equal(out, "2026-11-23T00:00:00.123Z");
}

static void csv_fields_are_quoted_and_formulas_defused(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 1024);
	assert_int_equal(csvout_field(&b, "plain", false), 0);
	assert_int_equal(csvout_field(&b, "a,b", false), 0);
	assert_int_equal(csvout_field(&b, "say \"hi\"", false), 0);
	assert_int_equal(csvout_field(&b, "=HYPERLINK(\"x\")", false), 0);
	assert_int_equal(csvout_field(&b, "-1", false), 0);
	assert_int_equal(csvout_field(&b, NULL, false), 0);
	assert_int_equal(csvout_field(&b, "प्रिया\nशर्मा", true), 0);
	assert_string_equal(b.data, "plain,\"a,b\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"x\"\")\",'-1,,\"प्रिया\nशर्मा\"\r\n");
	buf_free(&b);
	buf_init(&b, 4);
	assert_int_equal(csvout_field(&b, "toolong", true), -1);
	buf_free(&b);
}

static void json_writer_escapes_and_nests(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 4096);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_object_begin(&w);
	jsonw_key(&w, "items");
	jsonw_array_begin(&w);
	jsonw_string(&w, "quote \" back \\ nl \n tab \t bell \a प्रिया");
	jsonw_int(&w, -42);
	jsonw_bool(&w, true);
	jsonw_null(&w);
	jsonw_object_begin(&w);
	jsonw_key(&w, "at");
	jsonw_time(&w, 0);
	jsonw_object_end(&w);
	jsonw_array_end(&w);
	jsonw_key(&w, "next");
	jsonw_string(&w, NULL);
	jsonw_object_end(&w);
	assert_int_equal(jsonw_finish(&w), 0);
	json_error_t err;
	json_t *v = json_loads(b.data, 0, &err);
	assert_non_null(v); /* what we wrote, jansson reads back */
	json_t *items = json_object_get(v, "items");
	assert_string_equal(json_string_value(json_array_get(items, 0)), "quote \" back \\ nl \n tab \t bell \a प्रिया");
	assert_int_equal(json_integer_value(json_array_get(items, 1)), -42);
	assert_true(json_is_true(json_array_get(items, 2)));
	assert_true(json_is_null(json_array_get(items, 3)));
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 4), "at")), "1970-01-01T00:00:00Z");
	assert_true(json_is_null(json_object_get(v, "next")));
	json_decref(v);
	buf_free(&b);
	/* unbalanced or over the cap: finish reports it */
	buf_init(&b, 8);
	jsonw_init(&w, &b);
	jsonw_array_begin(&w);
	jsonw_string(&w, "far too long for eight bytes");
	jsonw_array_end(&w);
	assert_int_equal(jsonw_finish(&w), -1);
	buf_free(&b);
}

static void json_writer_extends_kept_objects_and_copies_raw_values(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 4096);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_array_begin(&w);
	const char card[] = "{\"id\":7,\"title\":\"नीति\"}";
	jsonw_object_extend(&w, card, strlen(card));
	jsonw_key(&w, "rating");
	jsonw_raw(&w, "4.25", 4);
	jsonw_object_end(&w);
	jsonw_object_extend(&w, "{}", 2); /* an empty object: the first member added needs no comma */
	jsonw_key(&w, "n");
	jsonw_int(&w, 1);
	jsonw_object_end(&w);
	jsonw_array_end(&w);
	assert_int_equal(jsonw_finish(&w), 0);
	assert_string_equal(b.data, "[{\"id\":7,\"title\":\"नीति\",\"rating\":4.25},{\"n\":1}]");
	buf_free(&b);
	/* what is not an object fails the writer */
	buf_init(&b, 64);
	jsonw_init(&w, &b);
	jsonw_object_extend(&w, "[1]", 3);
	assert_int_equal(jsonw_finish(&w), -1);
	buf_free(&b);
}

static void iso8601_parse_reads_what_clients_send(void **state)
{
	(void)state;
	int64_t ms = 0;
	assert_true(util_iso8601_parse("2026-12-03T10:15:00Z", &ms));
	assert_int_equal(ms, 1796292900000LL);
	assert_true(util_iso8601_parse("2026-12-03T15:45:00+05:30", &ms));
	assert_int_equal(ms, 1796292900000LL);
	assert_true(util_iso8601_parse("2026-12-03T10:15:00.25Z", &ms));
	assert_int_equal(ms, 1796292900250LL);
	char back[32];
	util_iso8601(1796292900250LL, back);
	assert_true(util_iso8601_parse(back, &ms));
	assert_int_equal(ms, 1796292900250LL);
	assert_true(util_iso8601_parse("2024-02-29T00:00:00Z", &ms));
	const char *bad[] = {"", "yesterday", "2026-12-03", "2026-12-03T10:15Z", "2026-02-30T10:00:00Z",
			     "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-03T24:00:00Z", "2026-12-03T10:15:00",
			     "2026-12-03T10:15:00+5:30", "2026-12-03T10:15:00.Z", "2026-12-03T10:15:00Zjunk", NULL};
	for (int i = 0; bad[i]; i++)
		assert_false(util_iso8601_parse(bad[i], &ms));
	assert_false(util_iso8601_parse(NULL, &ms));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_grows_and_stops_at_its_cap),
		cmocka_unit_test(arena_allocates_aligned_and_respects_cap),
		cmocka_unit_test(utf8_accepts_hindi_and_rejects_broken_sequences),
		cmocka_unit_test(hex_round_trips_and_rejects_bad_digits),
		cmocka_unit_test(iso8601_formats_utc),
		cmocka_unit_test(iso8601_parse_reads_what_clients_send),
		cmocka_unit_test(code_valid_follows_its_rule),
		cmocka_unit_test(csv_fields_are_quoted_and_formulas_defused),
		cmocka_unit_test(json_writer_escapes_and_nests),
		cmocka_unit_test(json_writer_extends_kept_objects_and_copies_raw_values),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
