/* Onboarding's reads: organisations, designations, and the stored officials and emails a file names,
 * each fetched in batches (one scan, or IN-lists of 50 keys) rather than one query per row. */
#include "org/onboard_int.h"

#include "core/log.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE "5000"
#define PAGE_ROWS 5000
#define BATCH 50
/* Scan a whole set when it is at most this many times the keys we look for; probe by key otherwise. */
#define SCAN_FACTOR 4

int org_ob_org_add(struct ob_run *run, int64_t id, int64_t ministry_id, const char *code, enum ob_scope scope,
		   bool active)
{
	if (run->norgs == run->orgs_cap) {
		size_t cap = run->orgs_cap ? run->orgs_cap * 2 : 64;
		struct ob_org *o = realloc(run->orgs, cap * sizeof *o);
		if (!o)
			return -1;
		run->orgs = o;
		run->orgs_cap = cap;
	}
	bool added;
	uint32_t *v = org_ob_map_put(&run->orgs_by_code, code, strlen(code), (uint32_t)run->norgs, &added);
	if (!v)
		return -1;
	if (!added)
		return (int)*v;
	run->orgs[run->norgs] = (struct ob_org){id, ministry_id, scope, active};
	return (int)run->norgs++;
}

int org_ob_db_load_designations(struct ob_run *run)
{
	struct db_stmt *st = db_prepare(run->db, "SELECT code FROM designations ORDER BY code");
	if (!st)
		return DB_ERROR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *code = db_column_text(st, 0);
		char **codes = realloc(run->designation_codes, (run->ndesignations + 1) * sizeof *codes);
		if (!codes) {
			rc = DB_ERROR;
			break;
		}
		run->designation_codes = codes;
		bool added;
		codes[run->ndesignations] = strdup(code);
		if (!codes[run->ndesignations] ||
		    !org_ob_map_put(&run->designations, code, strlen(code), (uint32_t)run->ndesignations, &added)) {
			free(codes[run->ndesignations]);
			rc = DB_ERROR;
			break;
		}
		run->ndesignations++;
	}
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

int org_ob_db_load_subtree(struct ob_run *run)
{
	struct db_stmt *st =
		db_prepare(run->db, "WITH RECURSIVE sub(id) AS (SELECT id FROM organisations WHERE id = $1"
				    " UNION ALL SELECT o.id FROM organisations o JOIN sub ON o.parent_id = sub.id)"
				    " SELECT o.id, COALESCE(o.ministry_id, o.id), o.code, o.status FROM organisations o"
				    " JOIN sub ON sub.id = o.id");
	if (!st || db_bind_int64(st, 1, run->org_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	bool found = false;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_column_int64(st, 0);
		int i = org_ob_org_add(run, id, db_column_int64(st, 1), db_column_text(st, 2), OB_IN_SCOPE,
				       !strcmp(db_column_text(st, 3), "active"));
		if (i < 0) {
			rc = DB_ERROR;
			break;
		}
		char key[24];
		int kn = snprintf(key, sizeof key, "%" PRId64, id);
		bool added;
		if (!org_ob_map_put(&run->subtree_by_id, key, (size_t)kn, (uint32_t)i, &added)) {
			rc = DB_ERROR;
			break;
		}
		if (id == run->org_id) {
			run->target = (uint32_t)i;
			found = true;
		}
	}
	db_finish(st);
	if (rc == DB_DONE && !found)
		rc = DB_ERROR;
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

int org_ob_db_org_by_code(struct ob_run *run, const char *code, size_t n, uint32_t *idx)
{
	uint32_t *v = org_ob_map_get(&run->orgs_by_code, code, n);
	if (v) {
		*idx = *v;
		return 0;
	}
	char *copy = strndup(code, n);
	struct db_stmt *st =
		copy ? db_prepare(run->db, "SELECT id, COALESCE(ministry_id, id), status FROM organisations "
					   "WHERE code = $1")
		     : NULL;
	int rc = st && !db_bind_text(st, 1, copy) ? db_step(st) : DB_ERROR;
	int i = -1;
	if (rc == DB_ROW)
		i = org_ob_org_add(run, db_column_int64(st, 0), db_column_int64(st, 1), copy, OB_OUTSIDE,
				   !strcmp(db_column_text(st, 2), "active"));
	else if (rc == DB_DONE)
		i = org_ob_org_add(run, 0, 0, copy, OB_UNKNOWN, false);
	db_finish(st);
	free(copy);
	if (i < 0)
		return rc < 0 ? rc : DB_ERROR;
	*idx = (uint32_t)i;
	return 0;
}

/* --- stored officials --- */

#define OFFICIAL_COLUMNS                                                                                               \
	"SELECT id, employee_code, email, org_id, name_en, name_hi, mobile, designation, grp, service, pay_level, "    \
	"date_of_joining, language, status FROM officials "

static uint8_t index_of(const char *s, const char *const *list, uint8_t n)
{
	for (uint8_t i = 0; i < n; i++)
		if (s && !strcmp(s, list[i]))
			return i;
	return 0;
}

static void field_of(struct db_stmt *st, int col, struct ob_field *f)
{
	const char *s = db_column_text(st, col);
	*f = (struct ob_field){s, s ? strlen(s) : 0};
	if (f->s && !f->n)
		f->s = NULL;
}

/* A row without org_code keeps a known official in their organisation when it lies inside the upload's. */
static void stay_in_place(struct ob_run *run, struct ob_row *r)
{
	char key[24];
	int n = snprintf(key, sizeof key, "%" PRId64, r->old_org_id);
	uint32_t *idx = org_ob_map_get(&run->subtree_by_id, key, (size_t)n);
	if (idx)
		r->org = *idx;
}

/* One stored official from a result row: if the file names it, its row learns what is stored. */
static int take_official(struct ob_run *run, int64_t ministry, struct db_stmt *st)
{
	char key[64];
	int kn = snprintf(key, sizeof key, "%" PRId64 ":%s", ministry, db_column_text(st, 1));
	uint32_t *row = kn > 0 && (size_t)kn < sizeof key ? org_ob_map_get(&run->codes, key, (size_t)kn) : NULL;
	if (!row)
		return 0;
	struct ob_row *r = &run->rows[*row - 1];
	struct ob_clean c = {0};
	static const struct {
		int col;
		int db;
	} MAP[] = {{OB_EMAIL, 2},       {OB_NAME, 4},  {OB_NAME_HI, 5}, {OB_MOBILE, 6},
		   {OB_DESIGNATION, 7}, {OB_GROUP, 8}, {OB_SERVICE, 9}, {OB_DATE_OF_JOINING, 11}};
	for (size_t i = 0; i < sizeof MAP / sizeof MAP[0]; i++)
		field_of(st, MAP[i].db, &c.v[MAP[i].col]);
	c.pay_level = db_column_null(st, 10) ? 0 : (int)db_column_int64(st, 10);
	r->official_id = db_column_int64(st, 0);
	r->old_org_id = db_column_int64(st, 3);
	if (r->org_default)
		stay_in_place(run, r);
	r->email_h = org_ob_map_hash(&run->codes, c.v[OB_EMAIL].s ? c.v[OB_EMAIL].s : "", c.v[OB_EMAIL].n);
	uint32_t *d = c.v[OB_DESIGNATION].s
			      ? org_ob_map_get(&run->designations, c.v[OB_DESIGNATION].s, c.v[OB_DESIGNATION].n)
			      : NULL;
	r->old_designation = d ? (int32_t)*d : -1;
	r->old_language = index_of(db_column_text(st, 12), org_ob_languages, 2);
	r->old_status = index_of(db_column_text(st, 13), org_ob_statuses, 3);
	return org_onboard_fingerprint(&run->codes, &c, run->read.present, &run->scratch, &r->fp);
}

/* Keeps a copy of the last key of a page, where the next page starts. */
static int remember(char **after, const char *key)
{
	char *copy = strdup(key ? key : "");
	if (!copy)
		return -1;
	free(*after);
	*after = copy;
	return 0;
}

static int scan_ministry_page(struct ob_run *run, int64_t ministry, char **after, int *n)
{
	struct db_stmt *st = db_prepare(run->db, OFFICIAL_COLUMNS "WHERE ministry_id = $1 AND employee_code > $2 "
								  "ORDER BY employee_code LIMIT " PAGE);
	if (!st || db_bind_int64(st, 1, ministry) || db_bind_text(st, 2, *after)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		(*n)++;
		if (remember(after, db_column_text(st, 1)) || take_official(run, ministry, st)) {
			rc = DB_ERROR;
			break;
		}
	}
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int scan_ministry(struct ob_run *run, int64_t ministry)
{
	char *after = strdup("");
	int rc = after ? 0 : DB_ERROR, n = PAGE_ROWS;
	while (!rc && n == PAGE_ROWS) {
		n = 0;
		rc = scan_ministry_page(run, ministry, &after, &n);
	}
	free(after);
	return rc;
}

/* Up to BATCH keys for one IN-list query. */
struct batch {
	const char *keys[BATCH];
	int n;
};

static int probe_ministry_batch(struct ob_run *run, int64_t ministry, struct batch *b)
{
	struct db_stmt *st = db_prepare(run->db, OFFICIAL_COLUMNS
					"WHERE ministry_id = $1 AND employee_code IN ($2, $3, $4, $5, $6, $7, "
					"$8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, "
					"$23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, "
					"$37, $38, $39, $40, $41, $42, $43, $44, $45, $46, $47, $48, $49, $50, "
					"$51)");
	int rc = st ? db_bind_int64(st, 1, ministry) : DB_ERROR;
	for (int i = 0; i < BATCH && !rc; i++)
		rc = i < b->n ? db_bind_text(st, i + 2, b->keys[i]) : db_bind_null(st, i + 2);
	if (!rc) {
		while ((rc = db_step(st)) == DB_ROW)
			if (take_official(run, ministry, st)) {
				rc = DB_ERROR;
				break;
			}
	}
	db_finish(st);
	b->n = 0;
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int probe_ministry(struct ob_run *run, int64_t ministry)
{
	char prefix[24];
	int pn = snprintf(prefix, sizeof prefix, "%" PRId64 ":", ministry);
	struct batch b = {.n = 0};
	const char *key;
	uint32_t row;
	for (size_t i = 0; (i = org_ob_map_next(&run->codes, i, &key, &row));) {
		if (strncmp(key, prefix, (size_t)pn))
			continue;
		b.keys[b.n++] = key + pn;
		if (b.n == BATCH && probe_ministry_batch(run, ministry, &b))
			return DB_ERROR;
	}
	return b.n ? probe_ministry_batch(run, ministry, &b) : 0;
}

static int count_of(struct db_conn *db, const char *sql, int64_t arg, int64_t *out)
{
	struct db_stmt *st = db_prepare(db, sql);
	int rc = !st || (arg && db_bind_int64(st, 1, arg)) ? DB_ERROR : db_step(st);
	if (rc == DB_ROW)
		*out = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

int org_ob_db_load_existing(struct ob_run *run)
{
	for (size_t i = 0; i < run->nministries; i++) {
		const struct ob_ministry *m = &run->ministries[i];
		int64_t stored = 0;
		int rc = count_of(run->db, "SELECT COUNT(*) FROM officials WHERE ministry_id = $1", m->id, &stored);
		if (!rc)
			rc = stored <= (int64_t)m->rows * SCAN_FACTOR ? scan_ministry(run, m->id)
								      : probe_ministry(run, m->id);
		if (rc)
			return rc;
	}
	return 0;
}

/* --- emails held by other officials --- */

static void take_holder(struct ob_run *run, int64_t holder, const char *email)
{
	uint32_t *row = org_ob_map_get(&run->emails, email, strlen(email));
	if (!row || run->rows[*row - 1].official_id == holder)
		return;
	org_onboard_report_add(&run->report, *row, "email", "is already the email of another official");
}

static int scan_emails_page(struct ob_run *run, char **after, int *n)
{
	struct db_stmt *st =
		db_prepare(run->db, "SELECT id, email FROM officials WHERE email > $1 ORDER BY email LIMIT " PAGE);
	if (!st || db_bind_text(st, 1, *after)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		(*n)++;
		if (remember(after, db_column_text(st, 1))) {
			rc = DB_ERROR;
			break;
		}
		take_holder(run, db_column_int64(st, 0), db_column_text(st, 1));
	}
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int scan_emails(struct ob_run *run)
{
	char *after = strdup("");
	int rc = after ? 0 : DB_ERROR, n = PAGE_ROWS;
	while (!rc && n == PAGE_ROWS) {
		n = 0;
		rc = scan_emails_page(run, &after, &n);
	}
	free(after);
	return rc;
}

static int probe_email_batch(struct ob_run *run, struct batch *b)
{
	struct db_stmt *st = db_prepare(
		run->db, "SELECT id, email FROM officials WHERE email IN ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
			 "$10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, "
			 "$27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37, $38, $39, $40, $41, $42, $43, "
			 "$44, $45, $46, $47, $48, $49, $50)");
	int rc = st ? 0 : DB_ERROR;
	for (int i = 0; i < BATCH && !rc; i++)
		rc = i < b->n ? db_bind_text(st, i + 1, b->keys[i]) : db_bind_null(st, i + 1);
	if (!rc)
		while ((rc = db_step(st)) == DB_ROW)
			take_holder(run, db_column_int64(st, 0), db_column_text(st, 1));
	db_finish(st);
	b->n = 0;
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* True when the row's email is what its own official already has: nobody else can hold it. */
static bool email_is_own(const struct ob_run *run, const char *email, uint32_t row)
{
	const struct ob_row *r = &run->rows[row - 1];
	return r->official_id && r->email_h == org_ob_map_hash(&run->codes, email, strlen(email));
}

int org_ob_db_check_emails(struct ob_run *run)
{
	struct batch b = {.n = 0};
	int64_t wanted = 0, stored = 0;
	const char *email;
	uint32_t row;
	for (size_t i = 0; (i = org_ob_map_next(&run->emails, i, &email, &row));)
		wanted += !email_is_own(run, email, row);
	if (!wanted)
		return 0;
	int rc = count_of(run->db, "SELECT COUNT(*) FROM officials", 0, &stored);
	if (rc || stored <= wanted * SCAN_FACTOR)
		return rc ? rc : scan_emails(run);
	for (size_t i = 0; (i = org_ob_map_next(&run->emails, i, &email, &row));) {
		if (email_is_own(run, email, row))
			continue;
		b.keys[b.n++] = email;
		if (b.n == BATCH && (rc = probe_email_batch(run, &b)))
			return rc;
	}
	return b.n ? probe_email_batch(run, &b) : 0;
}

/* --- transfers out of organisations the actor does not administer --- */

static int may_administer(struct ob_run *run, int64_t org_id, bool *yes)
{
	char key[24];
	int n = snprintf(key, sizeof key, "%" PRId64, org_id);
	bool added;
	uint32_t *v = org_ob_map_put(&run->admin_cache, key, (size_t)n, 0, &added);
	if (!v)
		return DB_ERROR;
	if (added)
		*v = org_can_admin(run->db, run->actor_id, org_id) ? 1 : 2;
	*yes = *v == 1;
	return 0;
}

int org_ob_db_check_transfers(struct ob_run *run)
{
	for (uint32_t row = 1; row <= run->read.rows; row++) {
		const struct ob_row *r = &run->rows[row - 1];
		if (!r->ok || !r->official_id || r->old_org_id == run->orgs[r->org].id)
			continue;
		bool yes;
		if (may_administer(run, r->old_org_id, &yes))
			return DB_ERROR;
		if (!yes)
			org_onboard_report_add(
				&run->report, row, "employee_code",
				"belongs to an official of an organisation you do not administer; an "
				"administrator of that organisation or of the ministry can transfer them");
	}
	return 0;
}
