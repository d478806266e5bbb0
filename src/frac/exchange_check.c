/* The checks of an import across its items and against the database: codes twice in the file, what already
 * exists and whether the file changes it (and whether the caller may), references that lead nowhere, and
 * cycles of extends. Every problem is a row error; nothing here writes. */
#include "frac/exchange_int.h"

#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- what the database holds --- */

static int by_known_code(const void *a, const void *b)
{
	return strcmp(((const struct ex_known *)a)->code, ((const struct ex_known *)b)->code);
}

const struct ex_known *ex_known_find(const struct ex_known *list, size_t n, const char *code)
{
	struct ex_known key = {.code = code};
	return code && n ? bsearch(&key, list, n, sizeof *list, by_known_code) : NULL;
}

/* Loads every competency (roles false) or role into a list sorted by code. */
static int load_known(struct ex_run *run, bool roles, struct ex_known **out, size_t *n)
{
	struct db_stmt *st = db_prepare(run->db, roles ? "SELECT id, code, org_id, extends_id, '', status, shared FROM work_roles"
						       : "SELECT id, code, 0, NULL, area, status, 1 FROM competencies");
	struct ex_known *list = NULL;
	size_t cap = 0;
	int rc = st ? DB_DONE : DB_ERROR;
	*n = 0;
	while (st && (rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			struct ex_known *p = realloc(list, cap * sizeof *p);
			if (!p) {
				rc = DB_ERROR;
				break;
			}
			list = p;
		}
		struct ex_known *k = &list[(*n)++];
		k->id = db_column_int64(st, 0);
		k->code = ex_strdup(run, db_column_text(st, 1));
		k->org_id = db_column_int64(st, 2);
		k->extends_id = db_column_null(st, 3) ? 0 : db_column_int64(st, 3);
		k->area = ex_strdup(run, db_column_text(st, 4));
		k->retired = !strcmp(db_column_text(st, 5), "retired");
		k->shared = db_column_int64(st, 6) != 0;
	}
	db_finish(st);
	*out = list;
	if (rc < 0 || run->oom)
		return rc < 0 ? rc : DB_ERROR;
	if (*n)
		qsort(list, *n, sizeof *list, by_known_code);
	return 0;
}

/* --- the file's codes --- */

/* Where an item is, for a message that points at another one. */
static void where(const struct ex_run *run, const struct ex_at *at, char *out, size_t size)
{
	if (run->format == EX_CSV)
		snprintf(out, size, "line %u", at->line);
	else
		snprintf(out, size, "%s", at->ptr ? at->ptr : "");
}

struct code_ix {
	const char *code;
	uint32_t seq;
	size_t index;
};

static int by_code_seq(const void *a, const void *b)
{
	const struct code_ix *x = a, *y = b;
	int c = strcmp(x->code, y->code);
	return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The first item of the file with a code, through a list sorted by code then seq. */
static const struct code_ix *ix_find(const struct code_ix *ix, size_t n, const char *code)
{
	size_t lo = 0, hi = n;
	while (code && lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(ix[mid].code, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return code && lo < n && !strcmp(ix[lo].code, code) ? &ix[lo] : NULL;
}

/* Sorted index of the items' codes; each later item with a code already seen is reported and marked. */
static struct code_ix *index_codes(struct ex_run *run, bool roles, size_t *n)
{
	size_t count = roles ? run->nroles : run->ncomps;
	struct code_ix *ix = count ? malloc(count * sizeof *ix) : NULL;
	*n = 0;
	if (count && !ix) {
		run->oom = true;
		return NULL;
	}
	for (size_t i = 0; i < count; i++) {
		const char *code = roles ? run->roles[i].code : run->comps[i].code;
		const struct ex_at *at = roles ? &run->roles[i].at : &run->comps[i].at;
		if (code)
			ix[(*n)++] = (struct code_ix){code, at->seq, i};
	}
	if (*n)
		qsort(ix, *n, sizeof *ix, by_code_seq);
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++) {
		if (kept && !strcmp(ix[kept - 1].code, ix[i].code)) {
			const struct ex_at *first = roles ? &run->roles[ix[kept - 1].index].at : &run->comps[ix[kept - 1].index].at;
			const struct ex_at *at = roles ? &run->roles[ix[i].index].at : &run->comps[ix[i].index].at;
			char there[64];
			where(run, first, there, sizeof there);
			ex_error(run, at, "code", "the %s code %s appears twice in this file (also at %s); give each %s once",
				 roles ? "role" : "competency", ix[i].code, there, roles ? "role" : "competency");
			if (roles)
				run->roles[ix[i].index].bad = true;
			else
				run->comps[ix[i].index].bad = true;
			continue;
		}
		ix[kept++] = ix[i];
	}
	*n = kept;
	return ix;
}

/* --- competencies --- */

/* The top-level members in which two export shapes differ, for a person: "name, levels". */
static void differences(json_t *a, json_t *b, char *out, size_t size)
{
	const char *key;
	json_t *v;
	out[0] = '\0';
	json_object_foreach(a, key, v)
	{
		if (json_equal(v, json_object_get(b, key)))
			continue;
		size_t n = strlen(out);
		snprintf(out + n, size - n, "%s%s", n ? ", " : "", key);
	}
}

static int check_comp(struct ex_run *run, struct ex_comp *c)
{
	const struct ex_known *d = ex_known_find(run->dict, run->ndict, c->code);
	c->state = EX_NEW;
	if (d && c->bad)
		return 0; /* whether it changes anything can wait for a readable record */
	if (d) {
		bool err;
		c->id = d->id;
		if (!(c->stored = ex_stored_comp(run->db, d->id, &err)))
			return DB_ERROR;
		if (strcmp(d->area, c->in.area)) {
			ex_error(run, &c->at, "area", "cannot change: %s is %s in the dictionary (make a new competency instead)",
				 c->code, d->area);
			c->bad = true;
			return 0;
		}
		if (!c->status)
			json_object_set(c->norm, "status", json_object_get(c->stored, "status"));
		c->state = json_equal(c->norm, c->stored) ? EX_SAME : EX_CHANGED;
	}
	if (run->spv || c->state == EX_SAME)
		return 0;
	c->bad = true;
	if (c->state == EX_NEW) {
		ex_error(run, &c->at, "code",
			 "%s is not in the dictionary, and only SPV admins add competencies: propose it through the "
			 "governance queue (POST /api/v1/competency-proposals)",
			 c->code);
	} else {
		char diff[160];
		differences(c->norm, c->stored, diff, sizeof diff);
		ex_error(run, &c->at, "code",
			 "%s differs from the dictionary (%s), and only SPV admins change competencies: propose the "
			 "change through the governance queue (POST /api/v1/competency-proposals), or import it as "
			 "the dictionary has it",
			 c->code, diff);
	}
	return 0;
}

/* --- roles --- */

/* A role the file makes private must not be carried or extended outside its owner's subtree (the rule of
 * PATCH /work-roles). Returns 0 or a DB_ code. */
static int check_made_private(struct ex_run *run, struct ex_role *r)
{
	if (!r->stored || !r->has_shared || r->shared || !json_is_true(json_object_get(r->stored, "shared")))
		return 0;
	char what[80];
	int used = frac_role_used_outside(run->db, r->id, r->owner_id, what, sizeof what);
	if (used > 0) {
		ex_error(run, &r->at, "shared", "cannot be false: %s outside the owning organisation uses this role", what);
		r->bad = true;
	}
	return used < 0 ? DB_ERROR : 0;
}

static int check_role(struct ex_run *run, struct ex_role *r, bool *need_org)
{
	const struct ex_known *k = ex_known_find(run->known, run->nknown, r->code);
	r->state = EX_NEW;
	if (k) {
		bool err;
		r->id = k->id;
		r->owner_id = k->org_id;
		if (!(r->stored = ex_stored_role(run->db, k->id, &err)))
			return DB_ERROR;
		if (!r->has_shared)
			json_object_set(r->norm, "shared", json_object_get(r->stored, "shared"));
		r->state = json_equal(r->norm, r->stored) ? EX_SAME : EX_CHANGED;
	}
	if (r->state == EX_SAME)
		return 0;
	if (check_made_private(run, r))
		return DB_ERROR;
	if (!run->org_id) {
		*need_org = true;
	} else if (r->state == EX_CHANGED && r->owner_id != run->org_id) {
		char diff[160];
		differences(r->norm, r->stored, diff, sizeof diff);
		ex_error(run, &r->at, "code",
			 "the role %s belongs to another organisation (org_id %lld), so an import for org_id %lld cannot "
			 "change it (it differs in %s); leave it as it is, or import it for its own organisation",
			 r->code, (long long)r->owner_id, (long long)run->org_id, diff);
		r->bad = true;
	}
	return 0;
}

/* True when the stored role already requires the competency (a retired one may stay, not be added). */
static bool stored_requires(const struct ex_role *r, const char *code)
{
	size_t i;
	json_t *q;
	json_array_foreach(json_object_get(r->stored, "requirements"), i, q)
	{
		if (!strcmp(json_string_value(json_object_get(q, "competency")), code))
			return true;
	}
	return false;
}

static void check_requirements(struct ex_run *run, struct ex_role *r, const struct code_ix *cix, size_t ncix)
{
	for (size_t i = 0; i < r->nreqs; i++) {
		const struct ex_req *q = &r->reqs[i];
		if (!q->code)
			continue;
		const struct code_ix *f = ix_find(cix, ncix, q->code);
		const struct ex_known *d = ex_known_find(run->dict, run->ndict, q->code);
		bool retired;
		if (f) {
			const struct ex_comp *c = &run->comps[f->index];
			retired = c->status ? !strcmp(c->status, "retired") : d && d->retired;
		} else if (d) {
			retired = d->retired;
		} else {
			ex_error(run, &q->at, "competency", "no competency has the code %s, in this file or in the dictionary",
				 q->code);
			r->bad = true;
			continue;
		}
		if (retired && !stored_requires(r, q->code)) {
			ex_error(run, &q->at, "competency", "%s is retired; choose an active competency", q->code);
			r->bad = true;
		}
	}
}

/* Private roles are visible to admins of their organisation and to people working inside it. */
static bool visible(struct ex_run *run, int64_t owner)
{
	return org_can_admin(run->db, run->actor, owner) || org_in_subtree(run->db, run->actor_org, owner);
}

static void no_such_role(struct ex_run *run, struct ex_role *r)
{
	ex_error(run, &r->at, "extends", "no role has the code %s, in this file or among the roles you can see", r->extends);
	r->bad = true;
}

/* extends names a role in the file or one the caller can see; a new or changed extends, as the roles API
 * has it, an active role that is shared or owned above the extending role's organisation. */
static void check_extends(struct ex_run *run, struct ex_role *r, const struct code_ix *rix, size_t nrix)
{
	if (!r->extends)
		return;
	const struct code_ix *f = ix_find(rix, nrix, r->extends);
	const struct ex_known *k = ex_known_find(run->known, run->nknown, r->extends);
	if (!f && (!k || (!k->shared && !visible(run, k->org_id)))) {
		no_such_role(run, r);
		return;
	}
	const char *was = r->stored ? json_string_value(json_object_get(r->stored, "extends")) : NULL;
	if (was && !strcmp(was, r->extends))
		return; /* as it stands: not this import's doing */
	const struct ex_role *t = f ? &run->roles[f->index] : NULL;
	bool shared = t && t->has_shared ? t->shared : k ? k->shared : true;
	int64_t owner = k ? k->org_id : run->org_id, mine = r->owner_id ? r->owner_id : run->org_id;
	if (k && k->retired) {
		ex_error(run, &r->at, "extends", "%s is retired; choose an active role", r->extends);
		r->bad = true;
	} else if (!shared && mine && owner && !org_in_subtree(run->db, mine, owner)) {
		ex_error(run, &r->at, "extends",
			 "%s is a private role of another organisation; only roles of that organisation and its units "
			 "can extend it",
			 r->extends);
		r->bad = true;
	}
}

/* --- cycles of extends --- */

int ex_find_cycles(const int *next, size_t n, void (*fn)(void *ctx, const int *nodes, size_t len), void *ctx)
{
	uint32_t *walk = calloc(n ? n : 1, sizeof *walk);
	int *nodes = malloc((n ? n : 1) * sizeof *nodes);
	int found = 0;
	if (!walk || !nodes) {
		free(walk);
		free(nodes);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		int j = (int)i;
		while (j >= 0 && !walk[j]) {
			walk[j] = (uint32_t)i + 1;
			j = next[j];
		}
		if (j < 0 || walk[j] != (uint32_t)i + 1)
			continue; /* ran out, or into an earlier walk: no new cycle */
		size_t len = 0, low = 0;
		int k = j;
		do {
			if (!len || k < nodes[low])
				low = len;
			nodes[len++] = k;
			k = next[k];
		} while (k != j);
		/* Start from the lowest node, so a cycle reads the same whichever node the walk met first. */
		int *rot = malloc(len * sizeof *rot);
		if (!rot) {
			found = -1;
			break;
		}
		for (size_t m = 0; m < len; m++)
			rot[m] = nodes[(low + m) % len];
		fn(ctx, rot, len);
		free(rot);
		found++;
	}
	free(walk);
	free(nodes);
	return found;
}

struct graph {
	struct ex_run *run;
	int *next;
	const char **code;
	struct ex_role **role; /* the file's role at a node, NULL for a role only the database has */
	size_t n;
};

static void on_cycle(void *ctx, const int *nodes, size_t len)
{
	struct graph *g = ctx;
	char path[400] = "";
	size_t used = 0;
	for (size_t i = 0; i <= len && used < sizeof path; i++)
		used += (size_t)snprintf(path + used, sizeof path - used, "%s%s", i ? " → " : "", g->code[nodes[i % len]]);
	for (size_t i = 0; i < len; i++) {
		struct ex_role *r = g->role[nodes[i]];
		if (!r)
			continue;
		ex_error(g->run, &r->at, "extends", "would make a cycle: %s", path);
		r->bad = true;
	}
}

static int by_id(const void *a, const void *b)
{
	int64_t x = (*(struct ex_known *const *)a)->id, y = (*(struct ex_known *const *)b)->id;
	return x < y ? -1 : x > y;
}

/* The node of the known role with this id, through a list of them sorted by id. */
static int node_of_id(struct ex_known **by, size_t n, const struct ex_known *base, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (by[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && by[lo]->id == id ? (int)(by[lo] - base) : -1;
}

/* The node of a role code: a known role's index, else the file role's own node after them. */
static int node_of(struct graph *g, const struct code_ix *rix, size_t nrix, const char *code)
{
	const struct ex_known *k = ex_known_find(g->run->known, g->run->nknown, code);
	if (k)
		return (int)(k - g->run->known);
	const struct code_ix *f = ix_find(rix, nrix, code);
	return f ? (int)(g->run->nknown + (size_t)(f - rix)) : -1;
}

/* The roles as they would stand after the import: the database's extends, replaced by the file's. */
static int check_cycles(struct ex_run *run, const struct code_ix *rix, size_t nrix)
{
	struct graph g = {run, NULL, NULL, NULL, run->nknown + nrix};
	g.next = malloc((g.n ? g.n : 1) * sizeof *g.next);
	g.code = malloc((g.n ? g.n : 1) * sizeof *g.code);
	g.role = calloc(g.n ? g.n : 1, sizeof *g.role);
	struct ex_known **by = malloc((run->nknown ? run->nknown : 1) * sizeof *by);
	int rc = g.next && g.code && g.role && by ? 0 : -1;
	for (size_t i = 0; !rc && i < run->nknown; i++)
		by[i] = &run->known[i];
	if (!rc && run->nknown)
		qsort(by, run->nknown, sizeof *by, by_id);
	for (size_t i = 0; !rc && i < run->nknown; i++) {
		g.code[i] = run->known[i].code;
		g.next[i] = run->known[i].extends_id ? node_of_id(by, run->nknown, run->known, run->known[i].extends_id) : -1;
	}
	for (size_t i = 0; !rc && i < nrix; i++) {
		struct ex_role *r = &run->roles[rix[i].index];
		int node = node_of(&g, rix, nrix, r->code);
		g.code[run->nknown + i] = r->code;
		g.next[run->nknown + i] = -1;
		g.role[node] = r;
		g.next[node] = r->extends ? node_of(&g, rix, nrix, r->extends) : -1;
	}
	if (!rc && ex_find_cycles(g.next, g.n, on_cycle, &g) < 0)
		rc = -1;
	free(g.next);
	free(g.code);
	free(g.role);
	free(by);
	return rc;
}

/* --- the whole check --- */

static void count(struct ex_count *n, bool bad, enum ex_state state)
{
	if (bad)
		return;
	if (state == EX_NEW)
		n->created++;
	else if (state == EX_CHANGED)
		n->updated++;
	else
		n->unchanged++;
}

static int check_items(struct ex_run *run, const struct code_ix *cix, size_t ncix, const struct code_ix *rix,
		       size_t nrix)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < ncix; i++) /* a bad new one still hears it needs governance */
		rc = check_comp(run, &run->comps[cix[i].index]);
	bool need_org = false;
	for (size_t i = 0; !rc && i < nrix; i++) {
		struct ex_role *r = &run->roles[rix[i].index];
		if (!r->bad)
			rc = check_role(run, r, &need_org);
	}
	if (rc)
		return rc;
	if (need_org)
		ex_error(run, NULL, "org_id",
			 "is required: give ?org_id= of the organisation that will own the roles this file creates or "
			 "changes");
	for (size_t i = 0; i < run->nroles; i++) {
		check_requirements(run, &run->roles[i], cix, ncix);
		check_extends(run, &run->roles[i], rix, nrix);
	}
	return check_cycles(run, rix, nrix) ? DB_ERROR : 0;
}

int ex_check(struct ex_run *run)
{
	int rc = load_known(run, false, &run->dict, &run->ndict);
	if (!rc)
		rc = load_known(run, true, &run->known, &run->nknown);
	if (rc)
		return rc;
	size_t ncix, nrix;
	struct code_ix *cix = index_codes(run, false, &ncix), *rix = index_codes(run, true, &nrix);
	rc = run->oom ? DB_ERROR : check_items(run, cix, ncix, rix, nrix);
	free(cix);
	free(rix);
	if (rc)
		return rc;
	for (size_t i = 0; i < run->ncomps; i++)
		count(&run->comp_n, run->comps[i].bad, run->comps[i].state);
	for (size_t i = 0; i < run->nroles; i++)
		count(&run->role_n, run->roles[i].bad, run->roles[i].state);
	return run->oom ? DB_ERROR : 0;
}
