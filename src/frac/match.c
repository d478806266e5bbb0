/* Role-based matching: the officials who best fit a post's requirements, found in two set-based passes (the
 * officials of the scope, then the verified passport rows of the required competencies), scored and ranked
 * here with a bounded top-N. The posts an official fits are in match_posts.c. */
#include "frac/frac_int.h"

#include "http/input.h"
#include "http/list.h"
#include "org/org.h"

#include <stdlib.h>
#include <string.h>

#define CANDIDATES_DEFAULT 20
#define CANDIDATES_MAX 100

/* --- the officials of a scope, sorted by id, with a row of levels each --- */

struct cand {
	int64_t id;
	const char *name;
	bool scored;   /* has at least one verified level on a requirement */
	bool inactive; /* suspended or retired: found out only for those who rank high */
};

/* The scope's officials sorted by id, and their verified levels, one row of nreq bytes per official. The
 * passport rows of one organisation arrive in id order, so finding each row's official is a step forward
 * along the array rather than a lookup: memory is read in order, which is what keeps 50k officials fast. */
struct cand_set {
	struct cand *items;
	size_t count, cap;
	unsigned char *levels; /* count * nreq */
	size_t nreq;
	size_t at; /* where the last row was found */
};

static int set_add(struct cand_set *s, int64_t id, const char *name)
{
	if (s->count == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 1024;
		struct cand *bigger = realloc(s->items, cap * sizeof *bigger);
		if (!bigger)
			return -1;
		s->items = bigger;
		s->cap = cap;
	}
	s->items[s->count++] = (struct cand){id, name, false, false};
	return 0;
}

static int cand_by_id(const void *a, const void *b)
{
	int64_t x = ((const struct cand *)a)->id, y = ((const struct cand *)b)->id;
	return (x > y) - (x < y);
}

/* Sorts the set and makes its levels (all 0). Returns 0 or -1 out of memory. */
static int set_ready(struct cand_set *s, size_t nreq)
{
	if (s->count)
		qsort(s->items, s->count, sizeof *s->items, cand_by_id);
	s->nreq = nreq;
	s->levels = calloc(s->count * nreq + 1, 1);
	return s->levels ? 0 : -1;
}

/* The index of id, or SIZE_MAX when it is not in the set. Steps forward from the last find while ids rise
 * (the common case), and searches when they fall back (the next organisation's rows). */
static size_t set_find(struct cand_set *s, int64_t id)
{
	size_t i = s->at;
	for (int step = 0; step < 8 && i < s->count && s->items[i].id < id; step++)
		i++;
	if (i >= s->count || s->items[i].id != id) {
		size_t lo = 0, hi = s->count;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (s->items[mid].id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == s->count || s->items[lo].id != id)
			return SIZE_MAX;
		i = lo;
	}
	s->at = i;
	return i;
}

static void set_free(struct cand_set *s)
{
	free(s->items);
	free(s->levels);
}

/* --- the two passes --- */

/* Only what the (org_id, name_en, id) index holds: reading each official's row for its status would cost
 * more than everything else together (a table lookup per official of the scope), so status is checked
 * afterwards, only for those who rank high (pick). */
static const char SCOPE_SQL[] =
	"WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT o.id FROM organisations o "
	"JOIN sub ON o.parent_id = sub.id) "
	"SELECT f.id, f.name_en FROM officials f WHERE f.org_id IN (SELECT id FROM sub)";

static bool is_holder(const int64_t *holders, size_t nholders, int64_t id)
{
	for (size_t i = 0; i < nholders; i++)
		if (holders[i] == id)
			return true;
	return false;
}

/* Every official of the scope but the post's holders, with their names (for ties). */
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

/* The verified levels of the scope's officials on requirement k. A verified entry is never a self-declared
 * one (the table's CHECK holds it), and passport rows carry their official's organisation (kept in step on
 * a move), so the covering index (org_id, status, competency_id, official_id, level) reads only the scope's
 * own rows. One column each (level fits in three bits) keeps the pass cheap; the post's holders, left out
 * of the set, are not found and dropped. */
static int scan_requirement(struct db_conn *db, const struct frac_scope *scope,
			    const struct frac_req *reqs, size_t nreq, size_t k, struct cand_set *set)
{
	struct db_stmt *st = db_prepare(
		db, "WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT o.id FROM organisations o "
		    "JOIN sub ON o.parent_id = sub.id) SELECT official_id * 8 + level FROM passport_entries WHERE org_id IN "
		    "(SELECT id FROM sub) AND status = 'verified' AND competency_id = $2");
	if (!st || db_bind_int64(st, 1, scope->id) || db_bind_int64(st, 2, reqs[k].competency_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t v = db_column_int64(st, 0);
		size_t i = set_find(set, v >> 3);
		if (i == SIZE_MAX)
			continue;
		unsigned char *level = &set->levels[i * nreq + k];
		if ((v & 7) > *level)
			*level = (unsigned char)(v & 7);
		set->items[i].scored = true;
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* Scores everyone with at least one verified level on a requirement and keeps the best top->cap. */
static void rank(const struct cand_set *set, const struct frac_req *reqs, size_t nreq, struct frac_need *needs,
		 struct frac_top *top)
{
	for (size_t i = 0; i < set->count; i++) {
		const struct cand *c = &set->items[i];
		if (!c->scored || c->inactive)
			continue;
		const unsigned char *levels = &set->levels[i * nreq];
		for (size_t k = 0; k < nreq; k++)
			needs[k] = (struct frac_need){reqs[k].competency_id, reqs[k].level, levels[k]};
		struct frac_ranked r = {.name = c->name, .id = c->id, .at = i};
		frac_fit_score(needs, nreq, &r.fit);
		frac_top_offer(top, &r);
	}
}

/* Marks those of the kept who are not active. Returns how many are, or a DB_ code. */
static int mark_inactive(struct db_conn *db, const struct frac_top *top, struct cand_set *set)
{
	int active = (int)top->n;
	for (size_t at = 0; at < top->n; at += FRAC_IN_CHUNK) {
		int64_t ids[FRAC_IN_CHUNK];
		size_t n = top->n - at < FRAC_IN_CHUNK ? top->n - at : FRAC_IN_CHUNK;
		for (size_t i = 0; i < n; i++)
			ids[i] = top->items[at + i].id;
		struct db_stmt *st = db_prepare(db, "SELECT id FROM officials WHERE id IN " FRAC_IN_CHUNK_SQL
						    " AND status <> 'active'");
		if (!st || frac_bind_chunk(st, ids, n)) {
			db_finish(st);
			return DB_ERROR;
		}
		int rc;
		while ((rc = db_step(st)) == DB_ROW) {
			size_t i = set_find(set, db_column_int64(st, 0));
			if (i != SIZE_MAX) {
				set->items[i].inactive = true;
				active--;
			}
		}
		db_finish(st);
		if (rc < 0)
			return rc;
	}
	return active;
}

/* The best limit active candidates, best first. Ranks with some room to spare, drops those found inactive,
 * and ranks again with more room in the rare case that too many of the best were. */
static int pick(struct db_conn *db, struct arena *a, struct cand_set *set, const struct frac_req *reqs, size_t nreq,
		struct frac_need *needs, size_t limit, struct frac_top *top)
{
	for (size_t room = limit + 16;; room *= 2) {
		struct frac_ranked *kept = arena_alloc(a, room * sizeof *kept);
		if (!kept)
			return DB_ERROR;
		frac_top_init(top, kept, room);
		rank(set, reqs, nreq, needs, top);
		frac_top_sort(top);
		int active = mark_inactive(db, top, set);
		if (active < 0)
			return active;
		if ((size_t)active < limit && top->n == room)
			continue;
		size_t k = 0;
		for (size_t i = 0; i < top->n && k < limit; i++)
			if (!set->items[top->items[i].at].inactive)
				top->items[k++] = top->items[i];
		top->n = k;
		return 0;
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
		ids[i] = set->items[top->items[i].at].id;
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
		write_details(w, nm, reqs, nreq, &set->levels[r->at * nreq]);
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
	struct frac_top top = {0};
	struct named nm = {0};
	struct buf out;
	struct jsonw w;
	buf_init(&out, 16u << 20);
	jsonw_init(&w, &out);
	int rc = frac_position_requirements(db, id, reqs, FRAC_REQ_MAX, &nreq);
	if (!rc)
		rc = load_scope(db, a, &scope, holders, nholders, &set);
	/* No requirements, no one to match: the answer still says how many were in scope. */
	if (!rc && set_ready(&set, nreq))
		rc = DB_ERROR;
	for (size_t k = 0; !rc && k < nreq; k++)
		rc = scan_requirement(db, &scope, reqs, nreq, k, &set);
	if (!rc)
		rc = pick(db, a, &set, reqs, nreq, needs, (size_t)limit, &top);
	if (!rc)
		rc = name_all(db, a, reqs, nreq, &top, &set, &nm);
	if (rc) {
		http_reply_db_error(req);
		goto out;
	}
	write_candidates(&w, &post, &scope, reqs, nreq, set.count, &top, &set, &nm);
	(void)frac_reply_buf(req, &w, &out);
out:
	buf_free(&out);
	set_free(&set);
}

const struct http_route frac_match_routes[] = {
	{"GET", "/api/v1/positions/{id}/candidates", get_candidates, HTTP_SESSION, 0},
	{"GET", "/api/v1/officials/{id}/position-matches", frac_position_matches_get, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
