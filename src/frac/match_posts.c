/* The posts an official fits: every active position with requirements in a scope (but the ones they hold),
 * scored against the official's verified levels by the same rule as the candidates for a post and ranked
 * with a bounded top-N. Positions share a few roles, so the scope's (position, role) pairs are read in one
 * query and each role's requirements once, instead of every position's. */
#include "frac/frac_int.h"

#include "http/input.h"
#include "http/list.h"
#include "org/org.h"

#include <stdlib.h>
#include <string.h>

#define MATCHES_DEFAULT 20
#define MATCHES_MAX 100
#define VERIFIED_MAX 1024

/* The active positions of the scope and their roles, one row per (position, role). Titles come along for
 * the ranking's ties. */
static const char PAIRS_SQL[] =
	"WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT o.id FROM organisations o "
	"JOIN sub ON o.parent_id = sub.id) "
	"SELECT p.id, pr.role_id, p.title_en FROM positions p JOIN position_roles pr ON pr.position_id = p.id "
	"WHERE p.org_id IN (SELECT id FROM sub) AND p.status = 'active'";

/* The rule of requirements.c (own and inherited requirements on active competencies, the highest level)
 * for up to FRAC_IN_CHUNK roles at once: positions share a few roles, so each role is read once, not each
 * position. */
static const char ROLE_REQS_SQL[] =
	"WITH RECURSIVE chain(root, role_id) AS (SELECT id, id FROM work_roles WHERE id IN " FRAC_IN_CHUNK_SQL
	" UNION SELECT c.root, r.extends_id FROM work_roles r JOIN chain c ON r.id = c.role_id "
	"WHERE r.extends_id IS NOT NULL) "
	"SELECT c.root, rr.competency_id, MAX(rr.level) FROM chain c JOIN role_requirements rr ON rr.role_id = c.role_id "
	"JOIN competencies k ON k.id = rr.competency_id AND k.status = 'active' "
	"GROUP BY c.root, rr.competency_id ORDER BY c.root, rr.competency_id";

struct pair {
	int64_t position_id, role_id;
	const char *title;
};

/* A growable list of fixed-size items (malloc'd; freed with free(list->items)). */
struct list {
	void *items;
	size_t n, cap, size;
};

static void *list_push(struct list *l)
{
	if (l->n == l->cap) {
		size_t more = l->cap ? 2 * l->cap : 256;
		void *bigger = realloc(l->items, more * l->size);
		if (!bigger)
			return NULL;
		l->items = bigger;
		l->cap = more;
	}
	return (char *)l->items + l->size * l->n++;
}

static int pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->position_id != y->position_id)
		return x->position_id < y->position_id ? -1 : 1;
	return (x->role_id > y->role_id) - (x->role_id < y->role_id);
}

static int load_pairs(struct db_conn *db, struct arena *a, int64_t scope_id, struct list *pairs)
{
	struct db_stmt *st = db_prepare(db, PAIRS_SQL);
	if (!st || db_bind_int64(st, 1, scope_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct pair *p = list_push(pairs);
		const char *title = arena_strdup(a, db_column_text(st, 2));
		if (!p || !title) {
			rc = DB_ERROR;
			break;
		}
		*p = (struct pair){db_column_int64(st, 0), db_column_int64(st, 1), title};
	}
	db_finish(st);
	if (rc < 0)
		return rc;
	/* Rows of one position together, whatever join order the database chose. */
	qsort(pairs->items, pairs->n, sizeof(struct pair), pair_cmp);
	return 0;
}

/* Each distinct role's effective requirements, sorted by competency id. */
struct role_reqs {
	int64_t role_id;
	size_t start, n; /* in reqs */
};

struct roles {
	struct list roles; /* struct role_reqs, by role id */
	struct list reqs;  /* struct frac_req */
};

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int role_reqs_chunk(struct db_conn *db, const int64_t *ids, size_t n, struct roles *r)
{
	struct db_stmt *st = db_prepare(db, ROLE_REQS_SQL);
	if (!st || frac_bind_chunk(st, ids, n)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t role = db_column_int64(st, 0);
		struct role_reqs *last = r->roles.n ? (struct role_reqs *)r->roles.items + r->roles.n - 1 : NULL;
		if (!last || last->role_id != role) {
			if (!(last = list_push(&r->roles))) {
				rc = DB_ERROR;
				break;
			}
			*last = (struct role_reqs){role, r->reqs.n, 0};
		}
		struct frac_req *q = list_push(&r->reqs);
		if (!q) {
			rc = DB_ERROR;
			break;
		}
		*q = (struct frac_req){db_column_int64(st, 1), (int)db_column_int64(st, 2)};
		last->n++;
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* The requirements of every role the pairs name (roles asking for nothing are left out). */
static int load_roles(struct db_conn *db, struct arena *a, const struct list *pairs, struct roles *r)
{
	const struct pair *p = pairs->items;
	int64_t *ids = arena_alloc(a, (pairs->n ? pairs->n : 1) * sizeof *ids);
	if (!ids)
		return DB_ERROR;
	for (size_t i = 0; i < pairs->n; i++)
		ids[i] = p[i].role_id;
	qsort(ids, pairs->n, sizeof *ids, id_cmp);
	size_t n = 0;
	for (size_t i = 0; i < pairs->n; i++)
		if (!n || ids[n - 1] != ids[i])
			ids[n++] = ids[i];
	/* Chunks go in id order and the query orders by role, so the list stays sorted by role id. */
	for (size_t at = 0; at < n; at += FRAC_IN_CHUNK) {
		int rc = role_reqs_chunk(db, ids + at, n - at < FRAC_IN_CHUNK ? n - at : FRAC_IN_CHUNK, r);
		if (rc)
			return rc;
	}
	return 0;
}

static const struct role_reqs *role_find(const struct roles *r, int64_t role_id)
{
	const struct role_reqs *items = r->roles.items;
	size_t lo = 0, hi = r->roles.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (items[mid].role_id < role_id)
			lo = mid + 1;
		else if (items[mid].role_id > role_id)
			hi = mid;
		else
			return &items[mid];
	}
	return NULL;
}

/* The requirements of a position carrying roles pairs[0..n): its only role's list, or the lists of its
 * roles merged (highest level per competency) into scratch. Sorted by competency id. */
static const struct frac_req *merge_roles(const struct roles *r, const struct pair *pairs, size_t n,
					  struct frac_req *scratch, size_t max, size_t *count)
{
	const struct frac_req *all = r->reqs.items;
	*count = 0;
	if (n == 1) {
		const struct role_reqs *one = role_find(r, pairs[0].role_id);
		*count = one ? (one->n < max ? one->n : max) : 0;
		return one ? all + one->start : scratch;
	}
	for (size_t i = 0; i < n; i++) {
		const struct role_reqs *one = role_find(r, pairs[i].role_id);
		for (size_t k = 0; one && k < one->n; k++) {
			const struct frac_req *q = &all[one->start + k];
			size_t j = 0;
			while (j < *count && scratch[j].competency_id != q->competency_id)
				j++;
			if (j == *count && *count < max)
				scratch[(*count)++] = *q;
			else if (j < *count && q->level > scratch[j].level)
				scratch[j].level = q->level;
		}
	}
	qsort(scratch, *count, sizeof *scratch, id_cmp); /* competency_id leads struct frac_req */
	return scratch;
}

/* Everything ranking the scope's positions needs. */
struct ranking {
	struct list pairs; /* struct pair, by position then role */
	struct roles roles;
	const int64_t *held; /* the positions the official holds now, sorted */
	size_t nheld;
	const struct frac_req *ver; /* the official's verified levels */
	size_t nver;
	struct frac_req *scratch; /* FRAC_REQ_MAX */
	struct frac_need *needs;  /* FRAC_REQ_MAX */
};

static void ranking_free(struct ranking *k)
{
	free(k->pairs.items);
	free(k->roles.roles.items);
	free(k->roles.reqs.items);
}

/* Scores every position (but those held, and those asking for nothing) and keeps the best. top items' at
 * is the index of the position's first pair. */
static void rank_positions(struct ranking *k, struct frac_top *top)
{
	const struct pair *p = k->pairs.items;
	for (size_t i = 0, j; i < k->pairs.n; i = j) {
		for (j = i + 1; j < k->pairs.n && p[j].position_id == p[i].position_id; j++)
			;
		if (bsearch(&p[i].position_id, k->held, k->nheld, sizeof *k->held, id_cmp))
			continue;
		size_t n;
		const struct frac_req *reqs = merge_roles(&k->roles, p + i, j - i, k->scratch, FRAC_REQ_MAX, &n);
		if (!n)
			continue;
		for (size_t q = 0; q < n; q++)
			k->needs[q] = (struct frac_need){reqs[q].competency_id, reqs[q].level,
							 frac_req_level(k->ver, k->nver, reqs[q].competency_id)};
		struct frac_ranked r = {.name = p[i].title, .id = p[i].position_id, .at = i};
		frac_fit_score(k->needs, n, &r.fit);
		frac_top_offer(top, &r);
	}
	frac_top_sort(top);
}

/* The requirements of the ranked positions only, in the shape the writers read. */
struct post {
	size_t start, n; /* in reqs */
};

struct posts {
	struct post *items; /* one per top item, in rank order */
	struct frac_req *reqs;
};

static int collect_posts(struct ranking *k, struct arena *a, const struct frac_top *top, struct posts *out)
{
	const struct pair *p = k->pairs.items;
	size_t total = 0;
	out->items = arena_alloc(a, (top->n ? top->n : 1) * sizeof *out->items);
	out->reqs = arena_alloc(a, (top->n ? top->n : 1) * FRAC_REQ_MAX * sizeof *out->reqs);
	if (!out->items || !out->reqs)
		return DB_ERROR;
	for (size_t t = 0; t < top->n; t++) {
		size_t i = top->items[t].at, j = i + 1, n;
		while (j < k->pairs.n && p[j].position_id == p[i].position_id)
			j++;
		const struct frac_req *reqs = merge_roles(&k->roles, p + i, j - i, k->scratch, FRAC_REQ_MAX, &n);
		memcpy(out->reqs + total, reqs, n * sizeof *reqs);
		out->items[t] = (struct post){total, n};
		total += n;
	}
	return 0;
}

/* --- naming and writing --- */

/* The competencies the ranked posts lack, named, sorted by id. */
struct lacking_names {
	int64_t *ids;
	struct frac_comp_ref *refs;
	size_t n;
};

static int name_lacking(struct db_conn *db, struct arena *a, const struct posts *p, const struct frac_top *top,
			const struct frac_req *ver, size_t nver, struct lacking_names *out)
{
	size_t total = 1;
	for (size_t i = 0; i < top->n; i++)
		total += p->items[i].n;
	out->ids = arena_alloc(a, total * sizeof *out->ids);
	out->refs = arena_alloc(a, total * sizeof *out->refs);
	out->n = 0;
	if (!out->ids || !out->refs)
		return DB_ERROR;
	for (size_t i = 0; i < top->n; i++) {
		const struct post *post = &p->items[i];
		for (size_t k = 0; k < post->n; k++) {
			const struct frac_req *r = &p->reqs[post->start + k];
			if (frac_req_level(ver, nver, r->competency_id) < r->level)
				out->ids[out->n++] = r->competency_id;
		}
	}
	qsort(out->ids, out->n, sizeof *out->ids, id_cmp);
	size_t k = 0;
	for (size_t i = 0; i < out->n; i++)
		if (!k || out->ids[k - 1] != out->ids[i])
			out->ids[k++] = out->ids[i];
	out->n = k;
	return frac_comp_refs_load(db, a, out->ids, out->n, out->refs);
}

static const struct frac_comp_ref *lacking_ref(const struct lacking_names *ln, int64_t id)
{
	const int64_t *hit = bsearch(&id, ln->ids, ln->n, sizeof id, id_cmp);
	return hit ? &ln->refs[hit - ln->ids] : NULL;
}

struct lack {
	const struct frac_comp_ref *ref;
	int required, verified;
};

/* Largest shortfall first, then by name: the order of the gap list. */
static int lack_cmp(const void *a, const void *b)
{
	const struct lack *x = a, *y = b;
	int sx = x->required - x->verified, sy = y->required - y->verified;
	if (sx != sy)
		return sy - sx;
	return frac_comp_ref_cmp(x->ref, y->ref);
}

static void write_lacking(struct jsonw *w, const struct posts *p, const struct post *post, const struct frac_req *ver,
			  size_t nver, const struct lacking_names *ln, struct lack *scratch)
{
	size_t n = 0;
	for (size_t k = 0; k < post->n; k++) {
		const struct frac_req *r = &p->reqs[post->start + k];
		int v = frac_req_level(ver, nver, r->competency_id);
		if (v < r->level)
			scratch[n++] = (struct lack){lacking_ref(ln, r->competency_id), r->level, v};
	}
	qsort(scratch, n, sizeof *scratch, lack_cmp);
	jsonw_key(w, "lacking");
	jsonw_array_begin(w);
	for (size_t k = 0; k < n; k++) {
		jsonw_object_begin(w);
		jsonw_key(w, "competency");
		frac_comp_ref_write(w, scratch[k].ref);
		jsonw_key(w, "required");
		jsonw_int(w, scratch[k].required);
		jsonw_key(w, "verified");
		jsonw_int(w, scratch[k].verified);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

struct matches {
	const struct frac_person_ref *who;
	const struct frac_scope *scope;
	const struct posts *posts;
	const struct frac_top *top;
	const struct frac_post_ref *refs;
	const struct frac_req *ver;
	size_t nver;
	const struct lacking_names *lacking;
	struct lack *scratch;
};

static void write_matches(struct jsonw *w, const struct matches *m)
{
	jsonw_object_begin(w);
	jsonw_key(w, "official");
	frac_person_ref_write(w, m->who);
	jsonw_key(w, "scope");
	frac_scope_write(w, m->scope);
	jsonw_key(w, "items");
	jsonw_array_begin(w);
	for (size_t i = 0; i < m->top->n; i++) {
		const struct frac_ranked *r = &m->top->items[i];
		jsonw_object_begin(w);
		jsonw_key(w, "position");
		frac_post_ref_write(w, &m->refs[i]);
		jsonw_key(w, "vacant");
		jsonw_bool(w, m->refs[i].vacant);
		jsonw_key(w, "score");
		jsonw_int(w, r->fit.score);
		jsonw_key(w, "met");
		jsonw_int(w, r->fit.met);
		jsonw_key(w, "missing");
		jsonw_int(w, r->fit.missing);
		jsonw_key(w, "shortfall");
		jsonw_int(w, r->fit.shortfall);
		write_lacking(w, m->posts, &m->posts->items[i], m->ver, m->nver, m->lacking, m->scratch);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	jsonw_object_end(w);
}

/* --- the handler --- */

/* The official themselves may look anywhere in their own ministry; anyone else needs to administer the
 * scope. Returns 0, or -1 after replying. */
static int check_scope(struct http_request *req, struct db_conn *db, unsigned bits, int64_t official_org,
		       const struct frac_scope *scope)
{
	if (org_can_admin(db, http_user(req)->id, scope->id))
		return 0;
	int64_t ministry;
	if ((bits & FRAC_SELF) && org_ministry_of(db, official_org, &ministry) == 1 &&
	    org_in_subtree(db, scope->id, ministry))
		return 0;
	http_reply_problem(req, 403, "forbidden",
			   (bits & FRAC_SELF) ? "You can look for posts only in your own ministry."
					      : "That organisation is outside your scope: name one you administer with org_id.");
	return -1;
}

/* The positions official_id holds now, sorted (at most max). */
static int load_held(struct db_conn *db, int64_t official_id, int64_t *out, size_t max, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT position_id FROM position_holders WHERE official_id = $1 "
					    "AND end_date IS NULL ORDER BY position_id");
	*n = 0;
	if (!st || db_bind_int64(st, 1, official_id)) {
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

static int rank_scope(struct db_conn *db, struct arena *a, const struct frac_scope *scope, int64_t id,
		      struct ranking *k, struct frac_top *top)
{
	struct frac_req *ver = arena_alloc(a, VERIFIED_MAX * sizeof *ver);
	int64_t *held = arena_alloc(a, 16 * sizeof *held);
	k->scratch = arena_alloc(a, FRAC_REQ_MAX * sizeof *k->scratch);
	k->needs = arena_alloc(a, FRAC_REQ_MAX * sizeof *k->needs);
	if (!ver || !held || !k->scratch || !k->needs)
		return DB_ERROR;
	k->ver = ver;
	k->held = held;
	int rc = frac_verified_levels(db, id, ver, VERIFIED_MAX, &k->nver);
	if (!rc)
		rc = load_held(db, id, held, 16, &k->nheld);
	if (!rc)
		rc = load_pairs(db, a, scope->id, &k->pairs);
	if (!rc)
		rc = load_roles(db, a, &k->pairs, &k->roles);
	if (!rc)
		rank_positions(k, top);
	return rc;
}

/* Ranks, then names what the answer shows. */
static int gather(struct db_conn *db, struct arena *a, const struct frac_scope *scope, int64_t id, struct ranking *k,
		  struct posts *posts, struct frac_top *top, struct frac_post_ref **refs, struct lacking_names *lacking,
		  struct lack **scratch)
{
	int rc = rank_scope(db, a, scope, id, k, top);
	if (!rc)
		rc = collect_posts(k, a, top, posts);
	if (rc)
		return rc;
	size_t most = 1;
	for (size_t i = 0; i < top->n; i++)
		most = posts->items[i].n > most ? posts->items[i].n : most;
	int64_t *ids = arena_alloc(a, (top->n ? top->n : 1) * sizeof *ids);
	*refs = arena_alloc(a, (top->n ? top->n : 1) * sizeof **refs);
	*scratch = arena_alloc(a, most * sizeof **scratch);
	if (!ids || !*refs || !*scratch)
		return DB_ERROR;
	for (size_t i = 0; i < top->n; i++)
		ids[i] = top->items[i].id;
	rc = frac_post_refs_load(db, a, ids, top->n, *refs);
	if (rc >= 0 && (size_t)rc != top->n)
		rc = DB_ERROR;
	return rc < 0 ? rc : name_lacking(db, a, posts, top, k->ver, k->nver, lacking);
}

void frac_position_matches_get(struct http_request *req)
{
	int64_t id, org_id, asked;
	unsigned bits;
	int limit;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db || frac_query_params(req, MATCHES_DEFAULT, MATCHES_MAX, &asked, &limit) ||
	    frac_official_access(req, db, id, &bits, &org_id))
		return;
	if (!(bits & (FRAC_SELF | FRAC_ADMIN))) {
		http_reply_problem(req, 403, "forbidden",
				   "You can see the posts an official fits only for yourself or for officials of "
				   "organisations you administer.");
		return;
	}
	struct arena *a = http_arena(req);
	struct frac_scope scope;
	if (frac_scope_resolve(req, db, asked, org_id, &scope) || check_scope(req, db, bits, org_id, &scope))
		return;
	struct ranking k = {.pairs.size = sizeof(struct pair),
			    .roles = {.roles.size = sizeof(struct role_reqs), .reqs.size = sizeof(struct frac_req)}};
	struct posts posts = {0};
	struct frac_top top;
	struct frac_person_ref who;
	struct lacking_names lacking;
	struct frac_post_ref *refs = NULL;
	struct frac_ranked *kept = arena_alloc(a, (size_t)limit * sizeof *kept);
	struct lack *scratch = NULL;
	struct buf out;
	struct jsonw w;
	buf_init(&out, 16u << 20);
	jsonw_init(&w, &out);
	int rc = kept ? frac_person_refs_load(db, a, &id, 1, &who) : DB_ERROR;
	if (!rc) {
		frac_top_init(&top, kept, (size_t)limit);
		rc = gather(db, a, &scope, id, &k, &posts, &top, &refs, &lacking, &scratch);
	}
	if (rc) {
		http_reply_db_error(req);
		goto out;
	}
	struct matches m = {&who, &scope, &posts, &top, refs, k.ver, k.nver, &lacking, scratch};
	write_matches(&w, &m);
	(void)frac_reply_buf(req, &w, &out);
out:
	buf_free(&out);
	ranking_free(&k);
}
