/* Role-based matching: the officials who best fit a post's requirements, found in two set-based passes (the
 * active officials of the scope, then the verified passport rows of the required competencies), scored
 * and ranked here with a bounded top-N. The posts an official fits are in match_posts.c. */
#include "frac/frac_int.h"

#include "http/input.h"
#include "http/list.h"
#include "org/org.h"

#include <stdlib.h>
#include <string.h>

#define CANDIDATES_DEFAULT 20
#define CANDIDATES_MAX 100

/* --- the officials of a scope, by id (open addressing; id 0 marks a free slot) --- */

struct cand {
	int64_t id;
	const char *name;
	unsigned char *levels; /* one per requirement, in requirement order; NULL until a verified row arrives */
};

struct cand_set {
	struct cand *slots;
	size_t mask, count;
};

static size_t slot_of(const struct cand_set *s, int64_t id)
{
	size_t i = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ull >> 20) & s->mask;
	while (s->slots[i].id && s->slots[i].id != id)
		i = (i + 1) & s->mask;
	return i;
}

static int set_grow(struct cand_set *s)
{
	size_t cap = s->slots ? 2 * (s->mask + 1) : 1024;
	struct cand_set bigger = {calloc(cap, sizeof(struct cand)), cap - 1, s->count};
	if (!bigger.slots)
		return -1;
	for (size_t i = 0; s->slots && i <= s->mask; i++)
		if (s->slots[i].id)
			bigger.slots[slot_of(&bigger, s->slots[i].id)] = s->slots[i];
	free(s->slots);
	*s = bigger;
	return 0;
}

static int set_add(struct cand_set *s, int64_t id, const char *name)
{
	if ((!s->slots || 2 * (s->count + 1) > s->mask + 1) && set_grow(s))
		return -1;
	size_t i = slot_of(s, id);
	if (!s->slots[i].id) {
		s->slots[i] = (struct cand){id, name, NULL};
		s->count++;
	}
	return 0;
}

static struct cand *set_find(const struct cand_set *s, int64_t id)
{
	size_t i = slot_of(s, id);
	return s->slots[i].id ? &s->slots[i] : NULL;
}

/* --- the two passes --- */

/* Down the tree rather than by officials.ministry_id: the (org_id, name_en, id) index holds the names. */
static const char SCOPE_SQL[] =
	"WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT o.id FROM organisations o "
	"JOIN sub ON o.parent_id = sub.id) "
	"SELECT f.id, f.name_en FROM officials f WHERE f.org_id IN (SELECT id FROM sub) AND f.status = 'active'";

static bool is_holder(const int64_t *holders, size_t nholders, int64_t id)
{
	for (size_t i = 0; i < nholders; i++)
		if (holders[i] == id)
			return true;
	return false;
}

/* Every active official of the scope but the post's holders, with their names (for ties). */
static int load_scope(struct db_conn *db, struct arena *a, const struct frac_scope *scope, const int64_t *holders,
		      size_t nholders, struct cand_set *set)
{
	struct db_stmt *st = db_prepare(db, SCOPE_SQL);
	if (!st || db_bind_int64(st, 1, scope->id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_column_int64(st, 0);
		if (is_holder(holders, nholders, id))
			continue;
		const char *name = arena_strdup(a, db_column_text(st, 1));
		if (!name || set_add(set, id, name)) {
			rc = DB_ERROR;
			break;
		}
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* Where competency_id is in reqs (sorted by it), n when absent. */
static size_t req_index(const struct frac_req *reqs, size_t n, int64_t competency_id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (reqs[mid].competency_id < competency_id)
			lo = mid + 1;
		else if (reqs[mid].competency_id > competency_id)
			hi = mid;
		else
			return mid;
	}
	return n;
}

/* The verified levels of the scope's officials on one chunk of the requirements. A verified entry is never
 * a self-declared one (the table's CHECK holds it), so the covering index (competency_id, status,
 * official_id, level) answers alone; officials outside the scope are dropped by the set lookup. */
static int scan_chunk(struct db_conn *db, struct arena *a, const struct frac_req *reqs, size_t nreq, size_t at,
		      size_t n, struct cand_set *set)
{
	struct db_stmt *st = db_prepare(db, "SELECT competency_id, official_id, level FROM passport_entries "
					    "WHERE competency_id IN " FRAC_IN_CHUNK_SQL " AND status = 'verified'");
	int64_t ids[FRAC_IN_CHUNK];
	for (size_t i = 0; i < n; i++)
		ids[i] = reqs[at + i].competency_id;
	if (!st || frac_bind_chunk(st, ids, n)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct cand *c = set_find(set, db_column_int64(st, 1));
		if (!c)
			continue;
		size_t k = req_index(reqs + at, n, db_column_int64(st, 0));
		if (k == n)
			continue;
		k += at;
		if (!c->levels) {
			if (!(c->levels = arena_alloc(a, nreq))) {
				rc = DB_ERROR;
				break;
			}
			memset(c->levels, 0, nreq);
		}
		int level = (int)db_column_int64(st, 2);
		if (level > c->levels[k])
			c->levels[k] = (unsigned char)level;
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* Scores everyone with at least one verified level on a requirement and keeps the best top->cap. */
static void rank(const struct cand_set *set, const struct frac_req *reqs, size_t nreq, struct frac_need *needs,
		 struct frac_top *top)
{
	for (size_t i = 0; i <= set->mask; i++) {
		const struct cand *c = &set->slots[i];
		if (!c->id || !c->levels)
			continue;
		for (size_t k = 0; k < nreq; k++)
			needs[k] = (struct frac_need){reqs[k].competency_id, reqs[k].level, c->levels[k]};
		struct frac_ranked r = {.name = c->name, .id = c->id, .at = i};
		frac_fit_score(needs, nreq, &r.fit);
		frac_top_offer(top, &r);
	}
}

/* --- the answer --- */

/* The current holders of a post (one, unless the data says otherwise). */
static int load_holders(struct db_conn *db, int64_t position_id, int64_t *out, size_t max, size_t *n)
{
	struct db_stmt *st =
		db_prepare(db, "SELECT official_id FROM position_holders WHERE position_id = $1 AND end_date IS NULL");
	*n = 0;
	if (!st || db_bind_int64(st, 1, position_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		if (*n < max)
			out[(*n)++] = db_column_int64(st, 0);
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* Everything the answer names: the requirements' competencies (with the order to show them in, by name)
 * and the ranked officials. */
struct named {
	struct frac_comp_ref *comps;
	size_t *order;
	struct frac_person_ref *people;
};

static int name_all(struct db_conn *db, struct arena *a, const struct frac_req *reqs, size_t nreq,
		    const struct frac_top *top, const struct cand_set *set, struct named *out)
{
	size_t m = nreq ? nreq : 1, k = top->n ? top->n : 1;
	int64_t *ids = arena_alloc(a, (m > k ? m : k) * sizeof *ids);
	out->comps = arena_alloc(a, m * sizeof *out->comps);
	out->order = arena_alloc(a, m * sizeof *out->order);
	out->people = arena_alloc(a, k * sizeof *out->people);
	if (!ids || !out->comps || !out->order || !out->people)
		return DB_ERROR;
	for (size_t i = 0; i < nreq; i++)
		ids[i] = reqs[i].competency_id;
	int rc = frac_comp_refs_load(db, a, ids, nreq, out->comps);
	if (rc)
		return rc;
	if (frac_order_by_name(a, out->comps, nreq, out->order))
		return DB_ERROR;
	for (size_t i = 0; i < top->n; i++)
		ids[i] = set->slots[top->items[i].at].id;
	return frac_person_refs_load(db, a, ids, top->n, out->people);
}

static void write_details(struct jsonw *w, const struct named *nm, const struct frac_req *reqs, size_t nreq,
			  const unsigned char *levels)
{
	jsonw_key(w, "details");
	jsonw_array_begin(w);
	for (size_t j = 0; j < nreq; j++) {
		size_t k = nm->order[j];
		int r = reqs[k].level, v = levels[k];
		jsonw_object_begin(w);
		jsonw_key(w, "competency");
		frac_comp_ref_write(w, &nm->comps[k]);
		jsonw_key(w, "required");
		jsonw_int(w, r);
		jsonw_key(w, "verified");
		jsonw_int(w, v);
		jsonw_key(w, "met");
		jsonw_bool(w, v >= r);
		jsonw_key(w, "shortfall");
		jsonw_int(w, v < r ? r - v : 0);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void write_candidates(struct jsonw *w, const struct frac_post_ref *post, const struct frac_scope *scope,
			     const struct frac_req *reqs, size_t nreq, size_t considered, const struct frac_top *top,
			     const struct cand_set *set, const struct named *nm)
{
	jsonw_object_begin(w);
	jsonw_key(w, "position");
	frac_post_ref_write(w, post);
	jsonw_key(w, "requirements");
	jsonw_array_begin(w);
	for (size_t j = 0; j < nreq; j++) {
		jsonw_object_begin(w);
		jsonw_key(w, "competency");
		frac_comp_ref_write(w, &nm->comps[nm->order[j]]);
		jsonw_key(w, "level");
		jsonw_int(w, reqs[nm->order[j]].level);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	jsonw_key(w, "scope");
	frac_scope_write(w, scope);
	jsonw_key(w, "considered");
	jsonw_int(w, (int64_t)considered);
	jsonw_key(w, "items");
	jsonw_array_begin(w);
	for (size_t i = 0; i < top->n; i++) {
		const struct frac_ranked *r = &top->items[i];
		jsonw_object_begin(w);
		jsonw_key(w, "official");
		frac_person_ref_write(w, &nm->people[i]);
		jsonw_key(w, "score");
		jsonw_int(w, r->fit.score);
		jsonw_key(w, "met");
		jsonw_int(w, r->fit.met);
		jsonw_key(w, "missing");
		jsonw_int(w, r->fit.missing);
		jsonw_key(w, "shortfall");
		jsonw_int(w, r->fit.shortfall);
		write_details(w, nm, reqs, nreq, set->slots[r->at].levels);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	jsonw_object_end(w);
}

/* The post, its holders and its scope, with the caller's right to ask checked. Returns 0 or -1 replied. */
static int open_post(struct http_request *req, struct db_conn *db, int64_t id, int64_t asked_scope,
		     struct frac_post_ref *post, int64_t *holders, size_t *nholders, struct frac_scope *scope)
{
	int found = frac_post_refs_load(db, http_arena(req), &id, 1, post);
	if (found < 0 || (found == 1 && load_holders(db, id, holders, 8, nholders))) {
		http_reply_db_error(req);
		return -1;
	}
	if (found == 0) {
		http_reply_not_found(req, "position");
		return -1;
	}
	if (frac_scope_resolve(req, db, asked_scope, post->org_id, scope))
		return -1;
	if (!org_can_admin(db, http_user(req)->id, scope->id)) {
		http_reply_problem(req, 403, "forbidden",
				   asked_scope ? "That organisation is outside your scope: you can look for candidates "
						 "only among the officials of organisations you administer."
					       : "The position's ministry is outside your scope: name an organisation you "
						 "administer with org_id.");
		return -1;
	}
	return 0;
}

static void get_candidates(struct http_request *req)
{
	int64_t id, asked_scope, holders[8];
	size_t nholders = 0, nreq = 0;
	int limit;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db ||
	    frac_query_params(req, CANDIDATES_DEFAULT, CANDIDATES_MAX, &asked_scope, &limit))
		return;
	struct arena *a = http_arena(req);
	struct frac_post_ref post;
	struct frac_scope scope;
	if (open_post(req, db, id, asked_scope, &post, holders, &nholders, &scope))
		return;
	struct frac_req reqs[FRAC_REQ_MAX];
	struct frac_need needs[FRAC_REQ_MAX];
	struct cand_set set = {0};
	struct frac_ranked *kept = arena_alloc(a, (size_t)limit * sizeof *kept);
	struct frac_top top;
	struct named nm;
	struct buf out;
	struct jsonw w;
	buf_init(&out, 16u << 20);
	jsonw_init(&w, &out);
	frac_top_init(&top, kept, (size_t)limit);
	int rc = kept ? frac_position_requirements(db, id, reqs, FRAC_REQ_MAX, &nreq) : DB_ERROR;
	if (!rc)
		rc = set_grow(&set) ? DB_ERROR : load_scope(db, a, &scope, holders, nholders, &set);
	/* No requirements, no one to match: the answer still says how many were in scope. */
	for (size_t at = 0; !rc && at < nreq; at += FRAC_IN_CHUNK)
		rc = scan_chunk(db, a, reqs, nreq, at, nreq - at < FRAC_IN_CHUNK ? nreq - at : FRAC_IN_CHUNK, &set);
	if (!rc) {
		rank(&set, reqs, nreq, needs, &top);
		frac_top_sort(&top);
		rc = name_all(db, a, reqs, nreq, &top, &set, &nm);
	}
	if (rc) {
		http_reply_db_error(req);
		goto out;
	}
	write_candidates(&w, &post, &scope, reqs, nreq, set.count, &top, &set, &nm);
	(void)frac_reply_buf(req, &w, &out);
out:
	buf_free(&out);
	free(set.slots);
}

const struct http_route frac_match_routes[] = {
	{"GET", "/api/v1/positions/{id}/candidates", get_candidates, HTTP_SESSION, 0},
	{"GET", "/api/v1/officials/{id}/position-matches", frac_position_matches_get, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
