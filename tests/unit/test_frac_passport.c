/* Unit tests for frac_passport_award (src/frac/passport.c), the call learn and assess use to add a verified
 * entry to a passport, against a real SQLite database: what it writes, what it refuses, and that the entry
 * counts as a verified level for gaps and matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/migrate.h"
#include "frac/frac_int.h"

struct fixture {
	char dir[64];
	struct db_pool *pool;
	struct db_conn *c;
	int64_t official, competency;
};

static int64_t insert_returning(struct db_conn *c, const char *sql, const char *text)
{
	struct db_stmt *st = db_prepare(c, sql);
	if (!st || db_bind_text(st, 1, text) || db_step(st) != DB_ROW) {
		db_finish(st);
		return -1;
	}
	int64_t id = db_column_int64(st, 0);
	db_finish(st);
	return id;
}

static int64_t add_competency(struct db_conn *c, const char *code)
{
	struct comp_input in = {.code = code, .area = "functional", .name = "Public procurement",
				.description = "Buying goods and services for government.", .has_levels = true};
	for (int l = 0; l < 5; l++)
		in.levels[l].descriptor = "Can do it";
	int64_t id = 0;
	return frac_create(c, &in, 0, &id) ? -1 : id;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char url[128];
	snprintf(f->dir, sizeof f->dir, "/tmp/karmayogi-unit-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(url, sizeof url, "sqlite:%s/t.db", f->dir);
	if (db_pool_open(url, 2, &f->pool) || db_migrate(f->pool) < 0 || !(f->c = db_acquire(f->pool)))
		return -1;
	int64_t org = insert_returning(f->c, "INSERT INTO organisations (code, name_en, kind, created_at, updated_at) "
					     "VALUES ($1, 'Ministry of Testing', 'ministry', 1, 1) RETURNING id", "MOT");
	char sql[256];
	snprintf(sql, sizeof sql, "INSERT INTO officials (email, name_en, org_id, ministry_id, employee_code, "
				  "created_at, updated_at) VALUES ($1, 'Priya', %lld, %lld, 'E1', 1, 1) RETURNING id",
		 (long long)org, (long long)org);
	f->official = insert_returning(f->c, sql, "priya@test.in");
	f->competency = add_competency(f->c, "FUN-PROC");
	if (org < 0 || f->official < 0 || f->competency < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_release(f->c);
	db_pool_close(f->pool);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static int64_t count_entries(struct db_conn *c)
{
	struct db_stmt *st = db_prepare(c, "SELECT COUNT(*) FROM passport_entries");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_column_int64(st, 0);
	db_finish(st);
	return n;
}

static void award_writes_a_verified_entry_dated_today(void **state)
{
	struct fixture *f = *state;
	int64_t id = 0;
	assert_int_equal(frac_passport_award(f->c, f->official, f->competency, 3, "course",
					     "Completed: Public procurement basics", "CERT-123", &id),
			 0);
	assert_true(id > 0);
	struct db_stmt *st = db_prepare(f->c, "SELECT e.official_id, e.competency_id, v.version, e.level, e.source, "
					      "e.status, e.claimed_level, e.evidence, e.evidence_ref, e.earned_on, "
					      "e.reviewer_id FROM passport_entries e JOIN competency_versions v ON "
					      "v.id = e.version_id WHERE e.id = $1");
	assert_non_null(st);
	assert_int_equal(db_bind_int64(st, 1, id), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_column_int64(st, 0), f->official);
	assert_int_equal(db_column_int64(st, 1), f->competency);
	assert_int_equal(db_column_int64(st, 2), 1);
	assert_int_equal(db_column_int64(st, 3), 3);
	assert_string_equal(db_column_text(st, 4), "course");
	assert_string_equal(db_column_text(st, 5), "verified");
	assert_true(db_column_null(st, 6)); /* not a claim: no claimed level */
	assert_string_equal(db_column_text(st, 7), "Completed: Public procurement basics");
	assert_string_equal(db_column_text(st, 8), "CERT-123");
	char today[11];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	assert_string_equal(db_column_text(st, 9), today);
	assert_true(db_column_null(st, 10)); /* no person reviewed it */
	db_finish(st);
}

static void award_from_an_assessment_without_a_ref_or_an_id_pointer(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(frac_passport_award(f->c, f->official, f->competency, 5, "assessment", "Passed", NULL, NULL), 0);
	assert_int_equal(count_entries(f->c), 1);
}

static void award_counts_as_a_verified_level(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(frac_passport_award(f->c, f->official, f->competency, 2, "course", "a", NULL, NULL), 0);
	assert_int_equal(frac_passport_award(f->c, f->official, f->competency, 4, "assessment", "b", NULL, NULL), 0);
	struct frac_req levels[4];
	size_t n = 0;
	assert_int_equal(frac_verified_levels(f->c, f->official, levels, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(frac_req_level(levels, n, f->competency), 4);
}

static void award_refuses_a_level_outside_one_to_five(void **state)
{
	struct fixture *f = *state;
	int64_t id = -7;
	assert_int_equal(frac_passport_award(f->c, f->official, f->competency, 0, "course", "x", NULL, &id), 1);
	assert_int_equal(frac_passport_award(f->c, f->official, f->competency, 6, "course", "x", NULL, &id), 1);
	assert_int_equal(frac_passport_award(f->c, f->official, f->competency, -1, "course", "x", NULL, &id), 1);
	assert_int_equal(id, -7);
	assert_int_equal(count_entries(f->c), 0);
}

static void award_refuses_sources_that_need_a_person(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(frac_passport_award(f->c, f->official, f->competency, 3, "self", "x", NULL, NULL), 1);
	assert_int_equal(frac_passport_award(f->c, f->official, f->competency, 3, "supervisor", "x", NULL, NULL), 1);
	assert_int_equal(frac_passport_award(f->c, f->official, f->competency, 3, NULL, "x", NULL, NULL), 1);
	assert_int_equal(count_entries(f->c), 0);
}

static void award_refuses_an_unknown_or_retired_competency(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(frac_passport_award(f->c, f->official, 999999, 3, "course", "x", NULL, NULL), 1);
	struct comp_input retire = {.status = "retired"};
	assert_int_equal(frac_apply_edit(f->c, f->competency, &retire, 0), 0);
	assert_int_equal(frac_passport_award(f->c, f->official, f->competency, 3, "course", "x", NULL, NULL), 1);
	assert_int_equal(count_entries(f->c), 0);
}

static void award_records_the_current_version(void **state)
{
	struct fixture *f = *state;
	struct comp_input edit = {.name = "Public procurement (GeM)"};
	assert_int_equal(frac_apply_edit(f->c, f->competency, &edit, 0), 0);
	int64_t id = 0;
	assert_int_equal(frac_passport_award(f->c, f->official, f->competency, 3, "course", "x", NULL, &id), 0);
	struct db_stmt *st = db_prepare(f->c, "SELECT v.version FROM passport_entries e JOIN competency_versions v "
					      "ON v.id = e.version_id WHERE e.id = $1");
	assert_non_null(st);
	assert_int_equal(db_bind_int64(st, 1, id), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_column_int64(st, 0), 2);
	db_finish(st);
}

static void award_for_an_unknown_official_fails_on_the_constraint(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(frac_passport_award(f->c, 999999, f->competency, 3, "course", "x", NULL, NULL), DB_CONSTRAINT);
	assert_int_equal(count_entries(f->c), 0);
}

static void award_runs_inside_the_callers_transaction(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_begin(f->c), 0);
	assert_int_equal(frac_passport_award(f->c, f->official, f->competency, 3, "course", "x", NULL, NULL), 0);
	db_rollback(f->c);
	assert_int_equal(count_entries(f->c), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(award_writes_a_verified_entry_dated_today, setup, teardown),
		cmocka_unit_test_setup_teardown(award_from_an_assessment_without_a_ref_or_an_id_pointer, setup, teardown),
		cmocka_unit_test_setup_teardown(award_counts_as_a_verified_level, setup, teardown),
		cmocka_unit_test_setup_teardown(award_refuses_a_level_outside_one_to_five, setup, teardown),
		cmocka_unit_test_setup_teardown(award_refuses_sources_that_need_a_person, setup, teardown),
		cmocka_unit_test_setup_teardown(award_refuses_an_unknown_or_retired_competency, setup, teardown),
		cmocka_unit_test_setup_teardown(award_records_the_current_version, setup, teardown),
		cmocka_unit_test_setup_teardown(award_for_an_unknown_official_fails_on_the_constraint, setup, teardown),
		cmocka_unit_test_setup_teardown(award_runs_inside_the_callers_transaction, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
