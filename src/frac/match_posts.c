/* The posts an official fits: every active position with requirements in a scope (but the ones they hold),
 * its requirements read for all positions in one set-based query, scored against the official's verified
 * levels by the same rule as the candidates for a post, ranked with a bounded top-N. */
#include "frac/frac_int.h"

#include "http/input.h"
#include "http/list.h"
#include "org/org.h"

#include <stdlib.h>
#include <string.h>

#define MATCHES_DEFAULT 20
#define MATCHES_MAX 100
#define VERIFIED_MAX 1024

/* The rule of requirements.c (own and inherited requirements on active competencies, the highest level)
 * over every active position of the scope at once, ordered so each position's rows come together. */
static const char POSITIONS_SQL[] =
	"WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT o.id FROM organisations o "
	"JOIN sub ON o.parent_id = sub.id), "
	"pos(id) AS (SELECT p.id FROM positions p WHERE p.org_id IN (SELECT id FROM sub) AND p.status = 'active' "
	"AND NOT EXISTS (SELECT 1 FROM position_holders h WHERE h.position_id = p.id AND h.end_date IS NULL "
	"AND h.official_id = $2)), "
	"chain(position_id, role_id) AS (SELECT pr.position_id, pr.role_id FROM position_roles pr "
	"WHERE pr.position_id IN (SELECT id FROM pos) "
	"UNION SELECT c.position_id, r.extends_id FROM work_roles r JOIN chain c ON r.id = c.role_id "
	"WHERE r.extends_id IS NOT NULL) "
	"SELECT c.position_id, p.title_en, rr.competency_id, MAX(rr.level) FROM chain c "
	"JOIN role_requirements rr ON rr.role_id = c.role_id "
	"JOIN competencies k ON k.id = rr.competency_id AND k.status = 'active' "
	"JOIN positions p ON p.id = c.position_id "
	"GROUP BY c.position_id, p.title_en, rr.competency_id ORDER BY c.position_id, rr.competency_id";

struct post {
	int64_t id;
	const char *title;
	size_t start, n; /* its requirements in the shared list */
};

/* Every position's requirements; malloc'd lists, freed with posts_free. */
struct posts {
	struct post *items;
	size_t n, cap;
	struct frac_req *reqs;
	size_t nreq, reqcap;
};

static void posts_free(struct posts *p)
{
	free(p->items);
	free(p->reqs);
}

static int grow(void **list, size_t *cap, size_t size)
{
	size_t more = *cap ? 2 * *cap : 256;
	void *bigger = realloc(*list, more * size);
	if (!bigger)
		return -1;
	*list = bigger;
	*cap = more;
	return 0;
}

static int add_row(struct posts *p, struct arena *a, struct db_stmt *st)
{
	int64_t id = db_column_int64(st, 0);
	if (!p->n || p->items[p->n - 1].id != id) {
		if (p->n == p->cap && grow((void **)&p->items, &p->cap, sizeof *p->items))
			return -1;
		const char *title = arena_strdup(a, db_column_text(st, 1));
		if (!title)
			return -1;
		p->items[p->n++] = (struct post){id, title, p->nreq, 0};
	}
	if (p->nreq == p->reqcap && grow((void **)&p->reqs, &p->reqcap, sizeof *p->reqs))
		return -1;
	p->reqs[p->nreq++] = (struct frac_req){db_column_int64(st, 2), (int)db_column_int64(st, 3)};
	p->items[p->n - 1].n++;
	return 0;
}

static int load_posts(struct db_conn *db, struct arena *a, int64_t scope_id, int64_t official_id, struct posts *p)
{
	struct db_stmt *st = db_prepare(db, POSITIONS_SQL);
	if (!st || db_bind_int64(st, 1, scope_id) || db_bind_int64(st, 2, official_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		if (add_row(p, a, st)) {
			rc = DB_ERROR;
			break;
		}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

static void fill_needs(const struct posts *p, const struct post *post, const struct frac_req *ver, size_t nver,
		       struct frac_need *needs)
{
	for (size_t k = 0; k < post->n; k++) {
		const struct frac_req *r = &p->reqs[post->start + k];
		needs[k] = (struct frac_need){r->competency_id, r->level, frac_req_level(ver, nver, r->competency_id)};
	}
}

static int rank_posts(const struct posts *p, struct arena *a, const struct frac_req *ver, size_t nver,
		      struct frac_top *top)
{
	size_t most = 1;
	for (size_t i = 0; i < p->n; i++)
		most = p->items[i].n > most ? p->items[i].n : most;
	struct frac_need *needs = arena_alloc(a, most * sizeof *needs);
	if (!needs)
		return -1;
	for (size_t i = 0; i < p->n; i++) {
		fill_needs(p, &p->items[i], ver, nver, needs);
		struct frac_ranked r = {.name = p->items[i].title, .id = p->items[i].id, .at = i};
		frac_fit_score(needs, p->items[i].n, &r.fit);
		frac_top_offer(top, &r);
	}
	frac_top_sort(top);
	return 0;
}

/* --- naming and writing --- */

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

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
		total += p->items[top->items[i].at].n;
	out->ids = arena_alloc(a, total * sizeof *out->ids);
	out->refs = arena_alloc(a, total * sizeof *out->refs);
	out->n = 0;
	if (!out->ids || !out->refs)
		return DB_ERROR;
	for (size_t i = 0; i < top->n; i++) {
		const struct post *post = &p->items[top->items[i].at];
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
		write_lacking(w, m->posts, &m->posts->items[r->at], m->ver, m->nver, m->lacking, m->scratch);
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

static int gather(struct db_conn *db, struct arena *a, const struct frac_scope *scope, int64_t id, struct posts *posts,
		  struct frac_req *ver, size_t *nver, struct frac_top *top, struct frac_post_ref **refs,
		  struct lacking_names *lacking, struct lack **scratch)
{
	int rc = frac_verified_levels(db, id, ver, VERIFIED_MAX, nver);
	if (!rc)
		rc = load_posts(db, a, scope->id, id, posts);
	if (!rc && rank_posts(posts, a, ver, *nver, top))
		rc = DB_ERROR;
	if (rc)
		return rc;
	size_t most = 1;
	for (size_t i = 0; i < top->n; i++)
		most = posts->items[top->items[i].at].n > most ? posts->items[top->items[i].at].n : most;
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
	return rc < 0 ? rc : name_lacking(db, a, posts, top, ver, *nver, lacking);
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
	struct posts posts = {0};
	struct frac_top top;
	struct frac_person_ref who;
	struct lacking_names lacking;
	struct frac_post_ref *refs = NULL;
	struct frac_req *ver = arena_alloc(a, VERIFIED_MAX * sizeof *ver);
	struct frac_ranked *kept = arena_alloc(a, (size_t)limit * sizeof *kept);
	struct lack *scratch = NULL;
	size_t nver = 0;
	struct buf out;
	struct jsonw w;
	buf_init(&out, 16u << 20);
	jsonw_init(&w, &out);
	int rc = ver && kept ? frac_person_refs_load(db, a, &id, 1, &who) : DB_ERROR;
	if (!rc) {
		frac_top_init(&top, kept, (size_t)limit);
		rc = gather(db, a, &scope, id, &posts, ver, &nver, &top, &refs, &lacking, &scratch);
	}
	if (rc) {
		http_reply_db_error(req);
		goto out;
	}
	struct matches m = {&who, &scope, &posts, &top, refs, ver, nver, &lacking, scratch};
	write_matches(&w, &m);
	(void)frac_reply_buf(req, &w, &out);
out:
	buf_free(&out);
	posts_free(&posts);
}
