/* Competency gaps: what the positions an official holds ask for against what they have verified (their
 * own declarations shown, never counted), and an organisation's heatmap of the same over its officials. */
#include "frac/frac_int.h"

#include "http/input.h"
#include "http/list.h"
#include "org/org.h"

#include <stdlib.h>
#include <string.h>

/* A passport holds at most about a thousand entries, so this many distinct verified competencies. */
#define VERIFIED_MAX 1024

/* --- one official's gaps --- */

struct gap_item {
	struct frac_comp_ref competency;
	int required, verified, self_declared;
};

static int gap_cmp(const void *a, const void *b)
{
	const struct gap_item *x = a, *y = b;
	int gx = x->required - x->verified, gy = y->required - y->verified;
	gx = gx > 0 ? gx : 0;
	gy = gy > 0 ? gy : 0;
	if (gx != gy)
		return gy - gx;
	return frac_comp_ref_cmp(&x->competency, &y->competency);
}

/* Names and the highest pending self-declared level for up to FRAC_IN_CHUNK required competencies. */
static int load_chunk(struct db_conn *db, struct arena *a, int64_t official_id, const struct frac_req *reqs, size_t n,
		      struct gap_item *out)
{
	struct db_stmt *st = db_prepare(
		db, "SELECT " FRAC_COMP_REF_COLUMNS("k") ", COALESCE((SELECT MAX(e.level) FROM "
		    "passport_entries e WHERE e.official_id = $33 AND e.competency_id = k.id AND e.status = 'pending' "
		    "AND e.source = 'self'), 0) FROM competencies k WHERE k.id IN " FRAC_IN_CHUNK_SQL);
	int64_t ids[FRAC_IN_CHUNK];
	for (size_t i = 0; i < n; i++)
		ids[i] = reqs[i].competency_id;
	if (!st || frac_bind_chunk(st, ids, n) || db_bind_int64(st, 33, official_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	size_t got = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_column_int64(st, 0);
		for (size_t i = 0; i < n; i++) {
			if (ids[i] != id)
				continue;
			if (frac_comp_ref_read(st, 0, a, &out[i].competency))
				rc = DB_ERROR;
			out[i].self_declared = (int)db_column_int64(st, 5);
			got++;
		}
		if (rc < 0)
			break;
	}
	db_finish(st);
	return rc < 0 ? rc : got == n ? 0 : DB_ERROR;
}

/* Everything the gap list shows, in its order. *n 0 for an official with no position. */
static int load_gaps(struct db_conn *db, struct arena *a, int64_t official_id, struct gap_item **items, size_t *n)
{
	struct frac_req reqs[FRAC_REQ_MAX];
	size_t nreq, nver;
	*items = NULL;
	*n = 0;
	int rc = frac_official_requirements(db, official_id, reqs, FRAC_REQ_MAX, &nreq);
	if (rc || nreq == 0)
		return rc;
	struct frac_req *ver = arena_alloc(a, VERIFIED_MAX * sizeof *ver);
	struct gap_item *out = arena_alloc(a, nreq * sizeof *out);
	if (!ver || !out)
		return DB_ERROR;
	rc = frac_verified_levels(db, official_id, ver, VERIFIED_MAX, &nver);
	for (size_t at = 0; !rc && at < nreq; at += FRAC_IN_CHUNK)
		rc = load_chunk(db, a, official_id, reqs + at, nreq - at < FRAC_IN_CHUNK ? nreq - at : FRAC_IN_CHUNK,
				out + at);
	if (rc)
		return rc;
	for (size_t i = 0; i < nreq; i++) {
		out[i].required = reqs[i].level;
		out[i].verified = frac_req_level(ver, nver, reqs[i].competency_id);
	}
	qsort(out, nreq, sizeof *out, gap_cmp);
	*items = out;
	*n = nreq;
	return 0;
}

/* The positions official_id holds now, as [POSITION REF] by title. */
static int write_positions(struct jsonw *w, struct db_conn *db, int64_t official_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT " FRAC_POST_REF_COLUMNS " FROM position_holders h JOIN positions "
					    "p ON p.id = h.position_id" FRAC_POST_REF_JOINS " WHERE h.official_id = $1 "
					    "AND h.end_date IS NULL ORDER BY p.title_en, p.id");
	if (!st || db_bind_int64(st, 1, official_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	jsonw_array_begin(w);
	struct frac_post_ref post;
	while ((rc = db_step(st)) == DB_ROW) {
		if (frac_post_ref_read(st, 0, NULL, &post)) {
			rc = DB_ERROR;
			break;
		}
		frac_post_ref_write(w, &post);
	}
	jsonw_array_end(w);
	db_finish(st);
	return rc < 0 ? rc : 0;
}

static void write_gap_items(struct jsonw *w, const struct gap_item *items, size_t n)
{
	int met = 0;
	jsonw_key(w, "items");
	jsonw_array_begin(w);
	for (size_t i = 0; i < n; i++) {
		int gap = items[i].required > items[i].verified ? items[i].required - items[i].verified : 0;
		met += gap == 0;
		jsonw_object_begin(w);
		jsonw_key(w, "competency");
		frac_comp_ref_write(w, &items[i].competency);
		jsonw_key(w, "required_level");
		jsonw_int(w, items[i].required);
		jsonw_key(w, "verified_level");
		jsonw_int(w, items[i].verified);
		jsonw_key(w, "self_declared_level");
		jsonw_int(w, items[i].self_declared);
		jsonw_key(w, "gap");
		jsonw_int(w, gap);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	jsonw_key(w, "summary");
	jsonw_object_begin(w);
	jsonw_key(w, "required");
	jsonw_int(w, (int64_t)n);
	jsonw_key(w, "met");
	jsonw_int(w, met);
	jsonw_key(w, "gaps");
	jsonw_int(w, (int64_t)n - met);
	jsonw_object_end(w);
}

static int frac_gap_cmp(const void *a, const void *b)
{
	const struct frac_gap *x = a, *y = b;
	int gx = x->required - x->verified, gy = y->required - y->verified;
	if (gx != gy)
		return gy - gx;
	return x->competency_id < y->competency_id ? -1 : x->competency_id > y->competency_id;
}

int frac_official_gaps(struct db_conn *db, int64_t official_id, struct frac_gap *out, size_t max, size_t *n)
{
	struct frac_req reqs[FRAC_REQ_MAX], *ver = malloc(VERIFIED_MAX * sizeof *ver);
	size_t nreq = 0, nver = 0;
	*n = 0;
	int rc = ver ? frac_official_requirements(db, official_id, reqs, FRAC_REQ_MAX, &nreq) : DB_ERROR;
	if (!rc && nreq)
		rc = frac_verified_levels(db, official_id, ver, VERIFIED_MAX, &nver);
	for (size_t i = 0; !rc && i < nreq; i++) {
		int verified = frac_req_level(ver, nver, reqs[i].competency_id);
		if (verified < reqs[i].level && *n < max)
			out[(*n)++] = (struct frac_gap){reqs[i].competency_id, reqs[i].level, verified};
	}
	free(ver);
	if (!rc)
		qsort(out, *n, sizeof *out, frac_gap_cmp);
	return rc;
}

static void get_gaps(struct http_request *req)
{
	int64_t id, org_id;
	unsigned bits;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db || frac_official_access(req, db, id, &bits, &org_id))
		return;
	if (!bits) {
		http_reply_problem(req, 403, "forbidden",
				   "You can see the competency gaps only of yourself, the officials who report to you, "
				   "and officials of organisations you administer.");
		return;
	}
	struct arena *a = http_arena(req);
	struct frac_person_ref who;
	struct gap_item *items;
	size_t n;
	if (frac_person_refs_load(db, a, &id, 1, &who) || load_gaps(db, a, id, &items, &n)) {
		http_reply_db_error(req);
		return;
	}
	struct buf out;
	struct jsonw w;
	buf_init(&out, 4u << 20);
	jsonw_init(&w, &out);
	jsonw_object_begin(&w);
	jsonw_key(&w, "official");
	frac_person_ref_write(&w, &who);
	jsonw_key(&w, "positions");
	if (write_positions(&w, db, id)) {
		http_reply_db_error(req);
		goto out;
	}
	write_gap_items(&w, items, n);
	jsonw_object_end(&w);
	(void)frac_reply_buf(req, &w, &out);
out:
	buf_free(&out);
}

/* --- an organisation's heatmap --- */

/* For each active official holding a position in the scope, each competency their positions ask for
 * (the rule of requirements.c over many positions at once: own and inherited requirements on active
 * competencies, the highest level) and their gap on it, counted per (competency, gap). A verified entry
 * is never a self-declared one: the table's CHECK holds it, so the verified index alone answers. The last
 * row (competency 0) counts the officials. */
static const char HEATMAP_SQL[] =
	"WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT o.id FROM organisations o "
	"JOIN sub ON o.parent_id = sub.id WHERE CAST($2 AS BIGINT) = 1), "
	"held(official_id, position_id) AS (SELECT h.official_id, h.position_id FROM positions p "
	"JOIN position_holders h ON h.position_id = p.id AND h.end_date IS NULL "
	"JOIN officials f ON f.id = h.official_id AND f.status = 'active' WHERE p.org_id IN (SELECT id FROM sub)), "
	"chain(position_id, role_id) AS (SELECT pr.position_id, pr.role_id FROM position_roles pr "
	"WHERE pr.position_id IN (SELECT position_id FROM held) "
	"UNION SELECT c.position_id, r.extends_id FROM work_roles r JOIN chain c ON r.id = c.role_id "
	"WHERE r.extends_id IS NOT NULL), "
	"need(official_id, competency_id, level) AS (SELECT h.official_id, rr.competency_id, MAX(rr.level) "
	"FROM held h JOIN chain c ON c.position_id = h.position_id JOIN role_requirements rr ON rr.role_id = c.role_id "
	"JOIN competencies k ON k.id = rr.competency_id AND k.status = 'active' "
	"GROUP BY h.official_id, rr.competency_id), "
	"gap(competency_id, g) AS (SELECT competency_id, CASE WHEN level > v THEN level - v ELSE 0 END FROM "
	"(SELECT n.competency_id, n.level, COALESCE((SELECT MAX(e.level) FROM passport_entries e "
	"WHERE e.competency_id = n.competency_id AND e.status = 'verified' AND e.official_id = n.official_id), 0) AS v "
	"FROM need n) x) "
	"SELECT competency_id, g, COUNT(*) FROM gap GROUP BY competency_id, g "
	"UNION ALL SELECT 0, 0, COUNT(DISTINCT official_id) FROM need";

struct heat_row {
	int64_t competency_id;
	int64_t by_gap[6];
	int64_t requiring, with_gap;
	struct frac_comp_ref ref;
};

static int heat_cmp(const void *a, const void *b)
{
	const struct heat_row *x = a, *y = b;
	if (x->with_gap != y->with_gap)
		return x->with_gap > y->with_gap ? -1 : 1;
	return frac_comp_ref_cmp(&x->ref, &y->ref);
}

static int heat_cmp_id(const void *a, const void *b)
{
	const struct heat_row *x = a, *y = b;
	return (x->competency_id > y->competency_id) - (x->competency_id < y->competency_id);
}

/* Folds the (competency, gap, count) rows into one row per competency. The rows come grouped but not
 * ordered; a competency's rows are gathered by sorting on id afterwards. */
static int run_heatmap(struct db_conn *db, struct arena *a, int64_t org_id, int subtree, struct heat_row **rows,
		       size_t *n, int64_t *officials)
{
	struct db_stmt *st = db_prepare(db, HEATMAP_SQL);
	if (!st || db_bind_int64(st, 1, org_id) || db_bind_int64(st, 2, subtree)) {
		db_finish(st);
		return DB_ERROR;
	}
	size_t cap = 64, len = 0;
	struct heat_row *out = malloc(cap * sizeof *out);
	int rc = out ? DB_DONE : DB_ERROR;
	*officials = 0;
	while (out && (rc = db_step(st)) == DB_ROW) {
		int64_t comp = db_column_int64(st, 0), g = db_column_int64(st, 1), count = db_column_int64(st, 2);
		if (comp == 0) {
			*officials = count;
			continue;
		}
		if (len == cap) {
			struct heat_row *more = realloc(out, 2 * cap * sizeof *out);
			if (!more) {
				rc = DB_ERROR;
				break;
			}
			out = more;
			cap *= 2;
		}
		out[len++] = (struct heat_row){.competency_id = comp, .by_gap = {0}};
		out[len - 1].by_gap[g < 0 ? 0 : g > 5 ? 5 : g] = count;
	}
	db_finish(st);
	if (rc < 0) {
		free(out);
		return rc;
	}
	qsort(out, len, sizeof *out, heat_cmp_id);
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		if (k > 0 && out[k - 1].competency_id == out[i].competency_id) {
			for (int g = 0; g < 6; g++)
				out[k - 1].by_gap[g] += out[i].by_gap[g];
		} else {
			out[k++] = out[i];
		}
	}
	struct heat_row *kept = arena_alloc(a, (k ? k : 1) * sizeof *kept);
	if (!kept) {
		free(out);
		return DB_ERROR;
	}
	memcpy(kept, out, k * sizeof *kept);
	free(out);
	*rows = kept;
	*n = k;
	return 0;
}

static int name_heat_rows(struct db_conn *db, struct arena *a, struct heat_row *rows, size_t n)
{
	int64_t *ids = arena_alloc(a, (n ? n : 1) * sizeof *ids);
	struct frac_comp_ref *refs = arena_alloc(a, (n ? n : 1) * sizeof *refs);
	if (!ids || !refs)
		return DB_ERROR;
	for (size_t i = 0; i < n; i++)
		ids[i] = rows[i].competency_id;
	int rc = frac_comp_refs_load(db, a, ids, n, refs);
	for (size_t i = 0; !rc && i < n; i++) {
		rows[i].ref = refs[i];
		rows[i].requiring = 0;
		for (int g = 0; g < 6; g++)
			rows[i].requiring += rows[i].by_gap[g];
		rows[i].with_gap = rows[i].requiring - rows[i].by_gap[0];
	}
	if (!rc)
		qsort(rows, n, sizeof *rows, heat_cmp);
	return rc;
}

static void write_heatmap(struct jsonw *w, const struct frac_scope *org, int64_t officials, const struct heat_row *rows,
			  size_t n)
{
	jsonw_object_begin(w);
	jsonw_key(w, "org");
	frac_scope_write(w, org);
	jsonw_key(w, "officials");
	jsonw_int(w, officials);
	jsonw_key(w, "items");
	jsonw_array_begin(w);
	for (size_t i = 0; i < n; i++) {
		jsonw_object_begin(w);
		jsonw_key(w, "competency");
		frac_comp_ref_write(w, &rows[i].ref);
		jsonw_key(w, "officials_requiring");
		jsonw_int(w, rows[i].requiring);
		jsonw_key(w, "by_gap");
		jsonw_array_begin(w);
		for (int g = 0; g < 6; g++)
			jsonw_int(w, rows[i].by_gap[g]);
		jsonw_array_end(w);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	jsonw_object_end(w);
}

static void get_heatmap(struct http_request *req)
{
	int64_t id;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	const char *sub = http_query(req, "subtree");
	if (sub && strcmp(sub, "0") && strcmp(sub, "1")) {
		json_t *errors = NULL;
		http_field_error(&errors, "subtree", "must be 0 or 1");
		http_reply_invalid(req, errors);
		return;
	}
	struct arena *a = http_arena(req);
	struct frac_scope org;
	int found = frac_scope_load(db, a, id, &org);
	if (found <= 0) {
		found < 0 ? http_reply_db_error(req) : http_reply_not_found(req, "organisation");
		return;
	}
	if (!org_can_admin(db, http_user(req)->id, id)) {
		http_reply_problem(req, 403, "forbidden",
				   "You can see the competency gaps only of organisations you administer.");
		return;
	}
	struct heat_row *rows;
	size_t n;
	int64_t officials;
	if (run_heatmap(db, a, id, !sub || !strcmp(sub, "1"), &rows, &n, &officials) ||
	    name_heat_rows(db, a, rows, n)) {
		http_reply_db_error(req);
		return;
	}
	struct buf out;
	struct jsonw w;
	buf_init(&out, 16u << 20);
	jsonw_init(&w, &out);
	write_heatmap(&w, &org, officials, rows, n);
	(void)frac_reply_buf(req, &w, &out);
	buf_free(&out);
}

const struct http_route frac_gap_routes[] = {
	{"GET", "/api/v1/officials/{id}/gaps", get_gaps, HTTP_SESSION, 0},
	{"GET", "/api/v1/orgs/{id}/competency-gaps", get_heatmap, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
