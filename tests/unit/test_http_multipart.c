/* Unit tests for the incremental multipart/form-data parser: every split of the body gives the same parts,
 * data that only looks like a boundary stays data, and truncated or malformed bodies are caught. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "http/multipart.h"

struct seen {
	char names[4][128];
	char filenames[4][256];
	char data[4][512];
	size_t len[4];
	int parts, ended;
};

static int on_begin(void *cls, const struct http_multipart_part *p)
{
	struct seen *s = cls;
	snprintf(s->names[s->parts], sizeof s->names[0], "%s", p->name);
	snprintf(s->filenames[s->parts], sizeof s->filenames[0], "%s", p->filename);
	s->parts++;
	return 0;
}

static int on_data(void *cls, const char *d, size_t n)
{
	struct seen *s = cls;
	int i = s->parts - 1;
	assert_true(s->len[i] + n < sizeof s->data[0]);
	memcpy(s->data[i] + s->len[i], d, n);
	s->len[i] += n;
	return 0;
}

static int on_end(void *cls)
{
	((struct seen *)cls)->ended++;
	return 0;
}

static const struct http_multipart_callbacks cb = {on_begin, on_data, on_end};
#define CT "multipart/form-data; boundary=\"XyZ-42\""
/* The file holds CRs, a partial delimiter and the boundary without its dashes: all of it is data. */
#define FILE_BYTES "%PDF-1.4\r\r\n\r\n-\r\n--XyZ-4\r\nXyZ-42 --XyZ-42x"
static const char body[] = "preamble\r\n--XyZ-42\r\n"
			   "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
			   "नीति\r\n--XyZ-42\r\n"
			   "Content-Disposition: form-data; name=\"file\"; filename=\"C:\\\\dir\\\\a \\\"b\\\".pdf\"\r\n"
			   "Content-Type: application/pdf\r\n\r\n" FILE_BYTES "\r\n--XyZ-42--\r\nepilogue";

static void check(const struct seen *s)
{
	assert_int_equal(s->parts, 2);
	assert_int_equal(s->ended, 2);
	assert_string_equal(s->names[0], "title");
	assert_int_equal(s->len[0], strlen("नीति"));
	assert_memory_equal(s->data[0], "नीति", s->len[0]);
	assert_string_equal(s->names[1], "file");
	assert_string_equal(s->filenames[1], "C:\\dir\\a \"b\".pdf");
	assert_int_equal(s->len[1], strlen(FILE_BYTES));
	assert_memory_equal(s->data[1], FILE_BYTES, s->len[1]);
}

static void every_split_gives_the_same_parts(void **state)
{
	(void)state;
	size_t n = strlen(body);
	for (size_t cut = 0; cut <= n; cut++) {
		struct seen s = {0};
		struct http_multipart mp;
		assert_int_equal(http_multipart_init(&mp, CT, &cb, &s), 0);
		assert_int_equal(http_multipart_feed(&mp, body, cut), 0);
		assert_int_equal(http_multipart_feed(&mp, body + cut, n - cut), 0);
		assert_true(http_multipart_finished(&mp));
		check(&s);
	}
	struct seen s = {0};
	struct http_multipart mp;
	assert_int_equal(http_multipart_init(&mp, CT, &cb, &s), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(http_multipart_feed(&mp, body + i, 1), 0);
	assert_true(http_multipart_finished(&mp));
	check(&s);
}

static void truncated_and_malformed_bodies_are_caught(void **state)
{
	(void)state;
	const char *ends = strstr(body, "\r\n--XyZ-42--");
	struct seen s = {0};
	struct http_multipart mp;
	assert_int_equal(http_multipart_init(&mp, CT, &cb, &s), 0);
	assert_int_equal(http_multipart_feed(&mp, body, (size_t)(ends - body) + 10), 0);
	assert_false(http_multipart_finished(&mp));

	const char *bad = "--XyZ-42\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ-42--"; /* no Content-Disposition */
	memset(&s, 0, sizeof s);
	assert_int_equal(http_multipart_init(&mp, CT, &cb, &s), 0);
	assert_int_equal(http_multipart_feed(&mp, bad, strlen(bad)), -1);
	assert_int_equal(http_multipart_feed(&mp, "x", 1), -1); /* stays failed */

	const char *junk = "--XyZ-42junk\r\n";
	assert_int_equal(http_multipart_init(&mp, CT, &cb, &s), 0);
	assert_int_equal(http_multipart_feed(&mp, junk, strlen(junk)), -1);

	assert_int_equal(http_multipart_init(&mp, "application/json", &cb, &s), -1);
	assert_int_equal(http_multipart_init(&mp, "multipart/form-data", &cb, &s), -1);
	assert_int_equal(http_multipart_init(&mp, NULL, &cb, &s), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_split_gives_the_same_parts),
		cmocka_unit_test(truncated_and_malformed_bodies_are_caught),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
