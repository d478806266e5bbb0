/* Unit tests for src/db on SQLite: migrations, statements and their cache, constraints, transactions,
 * and group commit (many threads, shared transactions, one failed write undone alone). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "db/groupcommit.h"
#include "db/migrate.h"

struct fixture {
	char dir[64];
	char url[128];
	struct db_pool *pool;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/karmayogi-unit-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->url, sizeof f->url, "sqlite:%s/t.db", f->dir);
	if (db_pool_open(f->url, 4, &f->pool) || db_migrate(f->pool) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_pool_close(f->pool);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void migrations_apply_once(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_migrate(f->pool), 0); /* already applied by setup */
	struct db_conn *c = db_acquire(f->pool);
	int latest = 0;
	for (const struct db_migration *m = db_migrations; m->sql; m++)
		latest = m->number;
	assert_true(latest >= 1);
	assert_int_equal(db_schema_version(c), latest);
	db_release(c);
}

static int64_t insert_org(struct db_conn *c, const char *code)
{
	struct db_stmt *st = db_prepare(c, "INSERT INTO organisations (code, name_en, kind, created_at, updated_at) "
					   "VALUES ($1, $2, 'ministry', $3, $3) RETURNING id");
	assert_non_null(st);
	assert_int_equal(db_bind_text(st, 1, code), 0);
	assert_int_equal(db_bind_text(st, 2, "Ministry of Testing"), 0);
	assert_int_equal(db_bind_int64(st, 3, 1), 0);
	int rc = db_step(st);
	int64_t id = rc == DB_ROW ? db_column_int64(st, 0) : rc;
	db_finish(st);
	return id;
}

static void statements_bind_step_and_are_cached(void **state)
{
	struct fixture *f = *state;
	struct db_conn *c = db_acquire(f->pool);
	int64_t id = insert_org(c, "MOT");
	assert_true(id > 0);
	/* the same SQL text gives back the same cached statement */
	const char *sql = "SELECT code, name_hi, $1 + 1 FROM organisations WHERE id = $2";
	struct db_stmt *a = db_prepare(c, sql);
	db_finish(a);
	char copy[128];
	snprintf(copy, sizeof copy, "%s", sql);
	assert_ptr_equal(db_prepare(c, copy), a);
	assert_int_equal(db_bind_int64(a, 1, 41), 0);
	assert_int_equal(db_bind_int64(a, 2, id), 0);
	assert_int_equal(db_step(a), DB_ROW);
	assert_string_equal(db_column_text(a, 0), "MOT");
	assert_true(db_column_null(a, 1));
	assert_null(db_column_text(a, 1));
	assert_int_equal(db_column_int64(a, 2), 42);
	assert_int_equal(db_step(a), DB_DONE);
	db_finish(a);
	/* binding a placeholder the statement lacks is an error, not a crash */
	assert_int_not_equal(db_bind_int64(a, 9, 1), 0);
	db_finish(a);
	db_release(c);
}

static void unique_violation_is_a_constraint_error(void **state)
{
	struct fixture *f = *state;
	struct db_conn *c = db_acquire(f->pool);
	assert_true(insert_org(c, "DUP") > 0);
	assert_int_equal(insert_org(c, "DUP"), DB_CONSTRAINT);
	db_release(c);
}

static void rollback_discards_and_release_rolls_back(void **state)
{
	struct fixture *f = *state;
	struct db_conn *c = db_acquire(f->pool);
	assert_int_equal(db_begin(c), 0);
	assert_true(insert_org(c, "GONE") > 0);
	db_rollback(c);
	assert_int_equal(db_begin(c), 0);
	assert_true(insert_org(c, "GONE2") > 0);
	db_release(c); /* released inside a transaction: rolled back */
	c = db_acquire(f->pool);
	struct db_stmt *st = db_prepare(c, "SELECT COUNT(*) FROM organisations WHERE code LIKE 'GONE%'");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_column_int64(st, 0), 0);
	db_finish(st);
	db_release(c);
}

struct writer_arg {
	struct db_gc *gc;
	int thread;
	int failures;
};

static int write_org(struct db_conn *c, void *arg)
{
	const char *code = arg;
	if (!strcmp(code, "FAIL-ME"))
		return DB_CONSTRAINT; /* a write that fails is undone alone */
	return insert_org(c, code) > 0 ? 0 : DB_ERROR;
}

static void *writer(void *p)
{
	struct writer_arg *w = p;
	for (int i = 0; i < 50; i++) {
		char code[32];
		snprintf(code, sizeof code, "%s", (w->thread == 0 && i == 25) ? "FAIL-ME" : "");
		if (!code[0])
			snprintf(code, sizeof code, "GC-%d-%d", w->thread, i);
		if (db_gc_write(w->gc, write_org, code))
			w->failures++;
	}
	return NULL;
}

static void group_commit_shares_transactions_and_isolates_failures(void **state)
{
	struct fixture *f = *state;
	struct db_gc *gc = NULL;
	assert_int_equal(db_gc_start(f->pool, 0, &gc), 0);
	enum { THREADS = 8 };
	pthread_t t[THREADS];
	struct writer_arg args[THREADS];
	for (int i = 0; i < THREADS; i++) {
		args[i] = (struct writer_arg){.gc = gc, .thread = i};
		pthread_create(&t[i], NULL, writer, &args[i]);
	}
	int failures = 0;
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		failures += args[i].failures;
	}
	struct db_gc_stats stats;
	db_gc_stats(gc, &stats);
	db_gc_stop(gc);
	assert_int_equal(failures, 1);
	assert_int_equal(stats.writes, THREADS * 50 - 1);
	assert_int_equal(stats.failed, 1);
	assert_true(stats.commits < stats.writes); /* writes shared transactions */
	struct db_conn *c = db_acquire(f->pool);
	struct db_stmt *st = db_prepare(c, "SELECT COUNT(*) FROM organisations WHERE code LIKE 'GC-%'");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_column_int64(st, 0), THREADS * 50 - 1); /* every acknowledged write is there */
	db_finish(st);
	db_release(c);
}

static void bad_urls_are_refused(void **state)
{
	(void)state;
	struct db_pool *pool = (struct db_pool *)1;
	assert_int_not_equal(db_pool_open("mysql://x", 1, &pool), 0);
	assert_null(pool);
	assert_int_not_equal(db_pool_open("sqlite:/nonexistent-dir/x/y.db", 1, &pool), 0);
	assert_null(pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(migrations_apply_once, setup, teardown),
		cmocka_unit_test_setup_teardown(statements_bind_step_and_are_cached, setup, teardown),
		cmocka_unit_test_setup_teardown(unique_violation_is_a_constraint_error, setup, teardown),
		cmocka_unit_test_setup_teardown(rollback_discards_and_release_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(group_commit_shares_transactions_and_isolates_failures, setup, teardown),
		cmocka_unit_test(bad_urls_are_refused),
	};
	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
