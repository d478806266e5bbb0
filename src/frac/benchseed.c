/* Bench data (karmayogi bench-seed frac): many officials of one organisation at once get a post carrying a
 * demo role, a reporting officer and four to six passport entries, so make bench measures gap lists and
 * candidate ranking at scale. Deterministic; every statement prepared once and reused. */
#include "frac/frac_int.h"

#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROLES_MAX 32
#define COMPS_MAX 256

struct bench_role {
	int64_t id;
	char name[128];
	bool loaded; /* reqs read from the first post carrying it */
	struct frac_req reqs[16];
	size_t nreqs;
};

struct bench {
	struct db_conn *db;
	int64_t org_id, now;
	struct bench_role roles[ROLES_MAX];
	size_t nroles;
	int64_t comp_ids[COMPS_MAX], version_ids[COMPS_MAX];
	size_t ncomps;
	int64_t *officials;
	size_t nofficials;
	size_t entries;
};

static int step_done(struct db_stmt *st, int failed)
{
	int rc = failed ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* 1 found, 0 unknown, -1 error. */
static int find_org(struct db_conn *db, const char *code, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM organisations WHERE code = $1");
	if (!st || db_bind_text(st, 1, code)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* The active roles a post in the organisation may carry (shared, or owned above it) that ask for something. */
static int load_roles(struct bench *b)
{
	struct db_stmt *st = db_prepare(
		b->db, "WITH RECURSIVE up(id) AS (SELECT id FROM organisations WHERE id = $1 UNION ALL SELECT "
		       "o.parent_id FROM organisations o JOIN up ON o.id = up.id WHERE o.parent_id IS NOT NULL) "
		       "SELECT r.id, r.name_en FROM work_roles r WHERE r.status = 'active' AND (r.shared = 1 OR "
		       "r.org_id IN (SELECT id FROM up)) AND EXISTS (SELECT 1 FROM role_requirements q WHERE "
		       "q.role_id = r.id) ORDER BY r.code");
	if (!st || db_bind_int64(st, 1, b->org_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	b->nroles = 0;
	while ((rc = db_step(st)) == DB_ROW && b->nroles < ROLES_MAX) {
		struct bench_role *r = &b->roles[b->nroles++];
		r->id = db_column_int64(st, 0);
		snprintf(r->name, sizeof r->name, "%s", db_column_text(st, 1));
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

static int load_versions(struct bench *b)
{
	struct db_stmt *st = db_prepare(b->db, "SELECT c.id, v.id FROM competencies c JOIN competency_versions v ON "
					       "v.competency_id = c.id AND v.version = c.current_version ORDER BY c.id");
	if (!st)
		return DB_ERROR;
	int rc;
	b->ncomps = 0;
	while ((rc = db_step(st)) == DB_ROW && b->ncomps < COMPS_MAX) {
		b->comp_ids[b->ncomps] = db_column_int64(st, 0);
		b->version_ids[b->ncomps++] = db_column_int64(st, 1);
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

static int64_t version_of(const struct bench *b, int64_t comp)
{
	for (size_t i = 0; i < b->ncomps; i++)
		if (b->comp_ids[i] == comp)
			return b->version_ids[i];
	return 0;
}

/* Up to n active officials of the organisation who hold no post now, oldest first. */
static int load_officials(struct bench *b, size_t n)
{
	b->officials = n ? malloc(n * sizeof *b->officials) : NULL;
	b->nofficials = 0;
	if (n && !b->officials)
		return DB_ERROR;
	struct db_stmt *st = db_prepare(b->db, "SELECT f.id FROM officials f WHERE f.org_id = $1 AND f.status = 'active' "
					       "AND NOT EXISTS (SELECT 1 FROM position_holders h WHERE h.official_id = "
					       "f.id AND h.end_date IS NULL) ORDER BY f.id LIMIT $2");
	if (!st || db_bind_int64(st, 1, b->org_id) || db_bind_int64(st, 2, (int64_t)n)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW && b->nofficials < n)
		b->officials[b->nofficials++] = db_column_int64(st, 0);
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* Tens report to the first of their ten, who reports to the first of the hundred, who reports to the
 * first of all (and the first of all to the second). */
static int64_t officer_of(const struct bench *b, size_t i)
{
	size_t j = i % 10 ? i - i % 10 : i % 100 ? i - i % 100 : i ? 0 : 1;
	return j < b->nofficials && j != i ? b->officials[j] : 0;
}

static int write_post(struct bench *b, size_t i, struct bench_role *r, int64_t *post)
{
	char code[32], title[160];
	snprintf(code, sizeof code, "BENCH-%07zu", i + 1);
	snprintf(title, sizeof title, "%s (post %zu)", r->name, i + 1);
	struct db_stmt *st = db_prepare(b->db, "INSERT INTO positions (org_id, code, title_en, status, created_at, "
					       "updated_at) VALUES ($1, $2, $3, 'active', $4, $4) RETURNING id");
	int rc = !st || db_bind_int64(st, 1, b->org_id) || db_bind_text(st, 2, code) || db_bind_text(st, 3, title) ||
		 db_bind_int64(st, 4, b->now);
	if (!rc && (rc = db_step(st)) == DB_ROW) {
		*post = db_column_int64(st, 0);
		rc = 0;
	}
	db_finish(st);
	if (rc)
		return rc < 0 ? rc : DB_ERROR;
	st = db_prepare(b->db, "INSERT INTO position_roles (position_id, role_id) VALUES ($1, $2)");
	rc = step_done(st, !st || db_bind_int64(st, 1, *post) || db_bind_int64(st, 2, r->id));
	if (!rc && !r->loaded) {
		rc = frac_position_requirements(b->db, *post, r->reqs, sizeof r->reqs / sizeof r->reqs[0], &r->nreqs);
		r->loaded = !rc;
	}
	return rc;
}

static int write_holding(struct bench *b, int64_t post, int64_t official, int64_t officer)
{
	struct db_stmt *st = db_prepare(b->db, "INSERT INTO position_holders (position_id, official_id, "
					       "reporting_officer_id, start_date, created_at) VALUES ($1, $2, $3, "
					       "'2024-04-01', $4)");
	return step_done(st, !st || db_bind_int64(st, 1, post) || db_bind_int64(st, 2, official) ||
				     (officer ? db_bind_int64(st, 3, officer) : db_bind_null(st, 3)) ||
				     db_bind_int64(st, 4, b->now));
}

static int write_entry(struct bench *b, int64_t official, int64_t comp, int level, const char *source,
		       int64_t officer, uint32_t h)
{
	bool self = !strcmp(source, "self");
	bool reviewed = !strcmp(source, "supervisor");
	char earned[11];
	snprintf(earned, sizeof earned, "%04u-%02u-%02u", 2023 + (h >> 20) % 3, 1 + (h >> 8) % 12, 1 + (h >> 14) % 28);
	struct db_stmt *st = db_prepare(
		b->db, "INSERT INTO passport_entries (official_id, org_id, competency_id, version_id, level, source, "
		       "status, claimed_level, evidence, earned_on, reviewer_id, reviewed_at, created_by, created_at) VALUES "
		       "($1, $14, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)");
	int rc = !st || db_bind_int64(st, 1, official) || db_bind_int64(st, 2, comp) ||
		 db_bind_int64(st, 3, version_of(b, comp)) || db_bind_int64(st, 4, level) || db_bind_text(st, 5, source) ||
		 db_bind_text(st, 6, self ? "pending" : "verified") ||
		 (self ? db_bind_int64(st, 7, level) : db_bind_null(st, 7)) ||
		 db_bind_text(st, 8, self ? "Applied in my post for two years." : reviewed ? "Seen in the work of the post."
											: "Completed with its final assessment.") ||
		 db_bind_text(st, 9, earned) || (reviewed ? db_bind_int64(st, 10, officer) : db_bind_null(st, 10)) ||
		 (reviewed ? db_bind_int64(st, 11, b->now) : db_bind_null(st, 11)) ||
		 (self ? db_bind_int64(st, 12, official) : reviewed ? db_bind_int64(st, 12, officer) : db_bind_null(st, 12)) ||
		 db_bind_int64(st, 13, b->now) || db_bind_int64(st, 14, b->org_id);
	rc = step_done(st, rc);
	b->entries += !rc;
	return rc;
}

static uint32_t mix(uint64_t a, uint64_t b)
{
	uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ (b + 0x632BE59BD9B4E019ull + (a << 6) + (a >> 2));
	h ^= h >> 31;
	h *= 0xBF58476D1CE4E5B9ull;
	return (uint32_t)(h ^ (h >> 29));
}

/* Most requirements get a verified level near the required one (two below to one above); one in five has
 * none. Every fourth official has also declared the required level of the first one they fall short on. */
static int write_passport(struct bench *b, size_t i, const struct bench_role *r, int64_t officer)
{
	static const char *const SOURCES[] = {"course", "assessment", "supervisor"};
	int64_t official = b->officials[i];
	bool claim = i % 4 == 0;
	int rc = 0;
	for (size_t k = 0; k < r->nreqs && !rc; k++) {
		uint32_t h = mix(i, (uint64_t)r->reqs[k].competency_id);
		int level = 0;
		if (h % 5) {
			level = r->reqs[k].level + (int)((h >> 3) % 4) - 2;
			level = level < 1 ? 1 : level > 5 ? 5 : level;
			const char *source = SOURCES[(h >> 6) % 3];
			rc = write_entry(b, official, r->reqs[k].competency_id, level,
					 officer || strcmp(source, "supervisor") ? source : "course", officer, h);
		}
		if (!rc && claim && level < r->reqs[k].level) {
			rc = write_entry(b, official, r->reqs[k].competency_id, r->reqs[k].level, "self", officer, h);
			claim = false;
		}
	}
	return rc;
}

static int seed(struct bench *b)
{
	for (size_t i = 0; i < b->nofficials; i++) {
		struct bench_role *r = &b->roles[i % b->nroles];
		int64_t post = 0, officer = officer_of(b, i);
		int rc = write_post(b, i, r, &post);
		if (!rc)
			rc = write_holding(b, post, b->officials[i], officer);
		if (!rc)
			rc = write_passport(b, i, r, officer);
		if (rc)
			return rc;
	}
	return 0;
}

int frac_bench_seed(struct db_conn *db, const char *org_code, size_t n, size_t *officials, size_t *entries)
{
	struct bench *b = calloc(1, sizeof *b);
	if (!b)
		return DB_ERROR;
	b->db = db;
	b->now = util_now_ms();
	int found = find_org(db, org_code, &b->org_id);
	int rc = found < 0 ? DB_ERROR : !found ? 1 : 0;
	if (!rc)
		rc = load_roles(b);
	if (!rc && !b->nroles)
		rc = 2;
	if (!rc)
		rc = load_versions(b);
	if (!rc)
		rc = load_officials(b, n);
	if (!rc)
		rc = seed(b);
	*officials = rc ? 0 : b->nofficials;
	*entries = rc ? 0 : b->entries;
	free(b->officials);
	free(b);
	return rc;
}
