/* Unit tests for the catalogue's search text (src/catalog/search_words.c): words and prefixes in English
 * and Hindi, every operator character made plain, long input cut, and SQLite's FTS5 taking any result. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog_int.h"
#include "db/migrate.h"

static char *fts5(const char *q, int *n)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	*n = catalog_search_fts5(q, &b);
	char *out = strdup(b.data ? b.data : "");
	buf_free(&b);
	return out;
}

static char *tsquery(const char *q, int *n)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	*n = catalog_search_tsquery(q, &b);
	char *out = strdup(b.data ? b.data : "");
	buf_free(&b);
	return out;
}

static void english_words_become_prefix_terms(void **state)
{
	int n;
	char *s = fts5("Public  Procurement", &n);
	assert_int_equal(n, 2);
	assert_string_equal(s, "\"public\"* \"procurement\"*");
	free(s);
	s = tsquery("Public  Procurement", &n);
	assert_string_equal(s, "'public':* & 'procurement':*");
	free(s);
}

static void hindi_words_stay_whole(void **state)
{
	int n;
	/* vowel signs and the virama are part of the word; the danda separates */
	char *s = fts5("सार्वजनिक खरीद। की", &n);
	assert_int_equal(n, 3);
	assert_string_equal(s, "\"सार्वजनिक\"* \"खरीद\"* \"की\"*");
	free(s);
	s = tsquery("सार्व", &n);
	assert_string_equal(s, "'सार्व':*");
	free(s);
}

static void operators_are_plain_characters(void **state)
{
	int n;
	char *s = fts5("\"e-office\" NEAR(a b) AND OR NOT * ^x: 'y' (z) \\ {c} + - ~ ! & | < > ; % _", &n);
	assert_string_equal(s, "\"e\"* \"office\"* \"near\"* \"a\"* \"b\"* \"and\"* \"or\"* \"not\"* \"x\"* "
			       "\"y\"* \"z\"* \"c\"*");
	free(s);
	s = tsquery("it's a:b & !c | (d) <-> e\\", &n);
	assert_string_equal(s, "'it':* & 's':* & 'a':* & 'b':* & 'c':* & 'd':* & 'e':*");
	free(s);
}

static void nothing_to_search_is_no_query(void **state)
{
	int n;
	char *s = fts5("  \"*-()^:' …“”", &n);
	assert_int_equal(n, 0);
	assert_string_equal(s, "");
	free(s);
	s = tsquery(NULL, &n);
	assert_int_equal(n, 0);
	free(s);
}

static void long_input_is_cut(void **state)
{
	char *q = malloc(10001);
	for (int i = 0; i < 10000; i++)
		q[i] = i % 3 == 2 ? ' ' : 'a' + i % 26;
	q[10000] = '\0';
	struct catalog_words w;
	assert_int_equal(catalog_search_words(q, &w), CATALOG_SEARCH_MAX_WORDS);
	/* one word of 10,000 letters: kept as its start, never overflowing */
	memset(q, 'x', 10000);
	assert_int_equal(catalog_search_words(q, &w), 1);
	assert_true(w.word[0].len < sizeof w.word[0].text);
	assert_int_equal(w.word[0].len, CATALOG_SEARCH_MAX_CHARS < 127 ? CATALOG_SEARCH_MAX_CHARS : 127);
	/* only the first 200 characters are read: a word after them is not searched */
	memset(q, ' ', 10000);
	memcpy(q + 300, "late", 4);
	assert_int_equal(catalog_search_words(q, &w), 0);
	free(q);
}

/* Whatever the user types, SQLite's FTS5 (with the migration's tokenizer) takes the query. */
static void fts5_accepts_every_sanitised_query(void **state)
{
	char dir[] = "/tmp/karmayogi-unit-XXXXXX", url[128];
	assert_non_null(mkdtemp(dir));
	snprintf(url, sizeof url, "sqlite:%s/t.db", dir);
	struct db_pool *pool;
	assert_int_equal(db_pool_open(url, 1, &pool), 0);
	assert_true(db_migrate(pool) > 0);
	struct db_conn *c = db_acquire(pool);
	static const char *const NASTY[] = {"\"", "\"\"\"", "*", "-x", "NEAR(a, b)", "a AND OR NOT b", "(", ")",
					    "title_en:x", "^a", "'", "a\" OR \"b", "x* *y", "सार्व*", "€ ∑ 😀",
					    "NOT", "{title_en title_hi}: x", NULL};
	for (const char *const *q = NASTY; *q; q++) {
		int n;
		char *s = fts5(*q, &n);
		if (n > 0) {
			struct db_stmt *st = db_prepare(c, "SELECT rowid FROM catalog_fts WHERE catalog_fts MATCH $1");
			assert_non_null(st);
			assert_int_equal(db_bind_text(st, 1, s), 0);
			assert_int_equal(db_step(st), DB_DONE);
			db_finish(st);
		}
		free(s);
	}
	db_release(c);
	db_pool_close(pool);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(english_words_become_prefix_terms),
		cmocka_unit_test(hindi_words_stay_whole),
		cmocka_unit_test(operators_are_plain_characters),
		cmocka_unit_test(nothing_to_search_is_no_query),
		cmocka_unit_test(long_input_is_cut),
		cmocka_unit_test(fts5_accepts_every_sanitised_query),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
