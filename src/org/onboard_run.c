/* An onboarding run: pass 1 checks every row and remembers keys, the database checks follow in batches,
 * and pass 2 reads the file again and writes. The HTTP side (onboard.c) only starts and answers runs. */
#include "org/onboard_int.h"

#include "core/log.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the run's memory --- */

int org_onboard_run_init(struct ob_run *run, struct db_conn *db, int64_t actor, int64_t org_id)
{
	memset(run, 0, sizeof *run);
	run->db = db;
	run->actor_id = actor;
	run->org_id = org_id;
	org_onboard_report_init(&run->report);
	buf_init(&run->scratch, 1u << 20);
	struct ob_map *maps[] = {&run->orgs_by_code, &run->subtree_by_id, &run->designations,
				 &run->codes,        &run->emails,        &run->admin_cache};
	int rc = 0;
	for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++)
		if (org_ob_map_init(maps[i], 64))
			rc = -1;
	return rc;
}

void org_onboard_run_free(struct ob_run *run)
{
	org_ob_map_free(&run->orgs_by_code);
	org_ob_map_free(&run->subtree_by_id);
	org_ob_map_free(&run->designations);
	org_ob_map_free(&run->codes);
	org_ob_map_free(&run->emails);
	org_ob_map_free(&run->admin_cache);
	for (size_t i = 0; i < run->ndesignations; i++)
		free(run->designation_codes[i]);
	free(run->designation_codes);
	free(run->orgs);
	free(run->rows);
	free(run->ministries);
	free(run->update_sql);
	buf_free(&run->scratch);
	json_decref(run->json);
	org_onboard_report_free(&run->report);
}

/* Makes rows[0 .. row) exist, zeroed. */
static int ensure_rows(struct ob_run *run, uint32_t row)
{
	if (row <= run->rows_cap)
		return 0;
	size_t cap = run->rows_cap ? run->rows_cap : 1024;
	while (cap < row)
		cap *= 2;
	struct ob_row *rows = realloc(run->rows, cap * sizeof *rows);
	if (!rows)
		return -1;
	memset(rows + run->rows_cap, 0, (cap - run->rows_cap) * sizeof *rows);
	run->rows = rows;
	run->rows_cap = cap;
	return 0;
}

static int note_ministry(struct ob_run *run, int64_t id)
{
	for (size_t i = 0; i < run->nministries; i++)
		if (run->ministries[i].id == id) {
			run->ministries[i].rows++;
			return 0;
		}
	struct ob_ministry *m = realloc(run->ministries, (run->nministries + 1) * sizeof *m);
	if (!m)
		return -1;
	run->ministries = m;
	m[run->nministries++] = (struct ob_ministry){id, 1};
	return 0;
}

/* --- pass 1: every row checked, keys remembered --- */

/* The row's organisation (org_code, or the file's own); adds an error when it cannot be used.
 * Returns the number of errors, or -1 when the database failed. */
static int resolve_org(struct ob_run *run, uint32_t row, const struct ob_clean *c, uint32_t *idx)
{
	const struct ob_field *f = &c->v[OB_ORG_CODE];
	*idx = run->target;
	if (!f->s)
		return 0;
	if (org_ob_db_org_by_code(run, f->s, f->n, idx))
		return -1;
	const struct ob_org *o = &run->orgs[*idx];
	char code[48];
	org_onboard_snippet(f->s, f->n, 40, code, sizeof code);
	if (o->scope == OB_UNKNOWN)
		org_onboard_report_add(&run->report, row, "org_code", "%s is not the code of any organisation", code);
	else if (o->scope == OB_OUTSIDE)
		org_onboard_report_add(&run->report, row, "org_code",
				       "%s is not the organisation of this upload or one under it", code);
	else if (!o->active)
		org_onboard_report_add(&run->report, row, "org_code", "%s is inactive; officials cannot join it", code);
	else
		return 0;
	*idx = run->target;
	return 1;
}

static int check_designation(struct ob_run *run, uint32_t row, const struct ob_clean *c)
{
	const struct ob_field *f = &c->v[OB_DESIGNATION];
	if (!f->s || org_ob_map_get(&run->designations, f->s, f->n))
		return 0;
	char code[48];
	org_onboard_snippet(f->s, f->n, 40, code, sizeof code);
	org_onboard_report_add(&run->report, row, "designation", "%s is not a known designation code", code);
	return 1;
}

/* Remembers the row's employee code (within its ministry) and email, whatever else is wrong with the row,
 * so the database checks cover it too; reports repeats inside the file.
 * Returns the number of errors, or -1 when memory ran out. */
static int check_keys(struct ob_run *run, uint32_t row, const struct ob_clean *c, uint32_t org)
{
	int errors = 0;
	bool added;
	const struct ob_field *code = &c->v[OB_EMPLOYEE_CODE], *email = &c->v[OB_EMAIL];
	if (code->s) {
		char key[64];
		int n = snprintf(key, sizeof key, "%" PRId64 ":%.*s", run->orgs[org].ministry_id, (int)code->n,
				 code->s);
		uint32_t *first = org_ob_map_put(&run->codes, key, (size_t)n, row, &added);
		if (!first)
			return -1;
		if (!added && ++errors)
			org_onboard_report_add(&run->report, row, "employee_code",
					       "is the same as in row %" PRIu32 "; each official appears once", *first);
		else if (note_ministry(run, run->orgs[org].ministry_id))
			return -1;
	}
	if (email->s) {
		uint32_t *first = org_ob_map_put(&run->emails, email->s, email->n, row, &added);
		if (!first)
			return -1;
		if (!added && ++errors)
			org_onboard_report_add(&run->report, row, "email",
					       "is the same as in row %" PRIu32 "; each official needs their own email",
					       *first);
	}
	return errors;
}

static int check_row(void *ctx, uint32_t row, const struct ob_record *rec)
{
	struct ob_run *run = ctx;
	if (ensure_rows(run, row)) {
		run->oom = true;
		return -1;
	}
	struct ob_clean c;
	uint32_t org;
	int errors = org_onboard_check(rec, row, &c, &run->report);
	int org_errors = resolve_org(run, row, &c, &org);
	int key_errors = org_errors < 0 ? 0 : check_keys(run, row, &c, org);
	if (org_errors < 0 || key_errors < 0) {
		run->oom = key_errors < 0;
		return -1;
	}
	errors += org_errors + key_errors + check_designation(run, row, &c);
	if (errors)
		return 0;
	run->rows[row - 1].ok = true;
	run->rows[row - 1].org = org;
	run->rows[row - 1].org_default = !c.v[OB_ORG_CODE].s;
	return 0;
}

/* Reads the run's file (CSV or JSON), handing each row to fn with ctx. */
static int read_file(struct ob_run *run, struct ob_report *rep, ob_row_fn fn, void *ctx, struct ob_read_result *res)
{
	if (run->json)
		return org_onboard_json_read(run->json, rep, fn, ctx, res);
	return org_onboard_csv_read(run->data, run->len, rep, fn, ctx, res);
}

int org_onboard_validate(struct ob_run *run)
{
	if (org_ob_db_load_designations(run) || org_ob_db_load_subtree(run))
		return DB_ERROR;
	if (!run->orgs[run->target].active)
		org_onboard_report_add(&run->report, 0, NULL,
				       "This organisation is inactive; officials cannot join it.");
	if (read_file(run, &run->report, check_row, run, &run->read))
		return DB_ERROR;
	if (ensure_rows(run, run->read.rows))
		return DB_ERROR;
	if (run->read.fatal)
		return 0;
	int rc = org_ob_db_load_existing(run);
	if (!rc)
		rc = org_ob_db_check_transfers(run);
	if (!rc)
		rc = org_ob_db_check_emails(run);
	return rc;
}

/* --- pass 2: the writes --- */

struct writer {
	struct ob_run *run;
	int rc;
};

static int write_row(void *ctx, uint32_t row, const struct ob_record *rec)
{
	struct writer *w = ctx;
	struct ob_clean c;
	struct ob_report quiet;
	org_onboard_report_init(&quiet);
	int errors = org_onboard_check(rec, row, &c, &quiet);
	org_onboard_report_free(&quiet);
	if (errors || row > w->run->read.rows || !w->run->rows[row - 1].ok) {
		log_error("onboarding: row %" PRIu32 " passed the checks once and not the second time", row);
		w->rc = DB_ERROR;
		return -1;
	}
	w->rc = org_ob_db_write_row(w->run, row, &c);
	return w->rc ? -1 : 0;
}

int org_onboard_write(struct ob_run *run)
{
	struct writer w = {run, 0};
	struct ob_report quiet;
	struct ob_read_result res;
	org_onboard_report_init(&quiet);
	int rc = read_file(run, &quiet, write_row, &w, &res);
	org_onboard_report_free(&quiet);
	if (w.rc)
		return w.rc;
	if (rc || res.rows != run->read.rows)
		return DB_ERROR;
	rc = org_ob_db_insert_new(run);
	return rc ? rc : org_hook_officials_onboarded(run->db, run->org_id);
}
