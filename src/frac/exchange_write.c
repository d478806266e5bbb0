/* Writing a checked import: new and changed competencies through the dictionary's own writers (a change
 * makes a new version), then roles through the role writer, parents before the roles extending them; each
 * change audited with its before and after, all inside the caller's one transaction. */
#include "frac/exchange_int.h"

#include "http/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int audit(struct http_request *req, const char *action, const char *type, int64_t id, int64_t org_id,
		 json_t *before, json_t *after)
{
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	return http_audit(req, action, type, idtext, org_id, before, after);
}

/* The audit entries hold what GET /competencies/{id} and GET /work-roles/{id} show, as the API's own
 * writes record them. */
static int write_comp(struct http_request *req, struct ex_run *run, struct ex_comp *c)
{
	if (c->state == EX_SAME)
		return 0;
	bool err;
	json_t *before = NULL, *after = NULL;
	int rc = 0;
	if (c->state == EX_NEW) {
		struct comp_input in = c->in;
		in.code = c->code;
		rc = frac_create(run->db, &in, run->actor, &c->id);
		if (!rc && c->status && !strcmp(c->status, "retired")) {
			struct comp_input retire = {.status = "retired"};
			rc = frac_apply_edit(run->db, c->id, &retire, run->actor);
		}
	} else if (!(before = frac_competency_json(run->db, c->id, 0, &err))) {
		rc = DB_ERROR;
	} else {
		rc = frac_apply_edit(run->db, c->id, &c->in, run->actor);
	}
	if (rc > 0)
		rc = DB_ERROR; /* the competency vanished while the file was checked */
	if (!rc && !(after = frac_competency_json(run->db, c->id, 0, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = audit(req, c->state == EX_NEW ? "competency.create" : "competency.update", "competency", c->id, 0,
			   before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* --- finding ids by code once written --- */

struct by_code {
	const char *code;
	int64_t id;
	struct ex_role *role; /* the file's role, NULL for a competency or a role only the database has */
};

static int cmp_code(const void *a, const void *b)
{
	return strcmp(((const struct by_code *)a)->code, ((const struct by_code *)b)->code);
}

static const struct by_code *lookup(const struct by_code *list, size_t n, const char *code)
{
	struct by_code key = {code, 0, NULL};
	return n ? bsearch(&key, list, n, sizeof *list, cmp_code) : NULL;
}

/* Competencies: the file's (their ids known now) and the dictionary's others. */
static struct by_code *comp_ids(struct ex_run *run, size_t *n)
{
	struct by_code *list = malloc((run->ncomps + run->ndict + 1) * sizeof *list);
	*n = 0;
	if (!list)
		return NULL;
	for (size_t i = 0; i < run->ncomps; i++)
		list[(*n)++] = (struct by_code){run->comps[i].code, run->comps[i].id, NULL};
	for (size_t i = 0; i < run->ndict; i++)
		list[(*n)++] = (struct by_code){run->dict[i].code, run->dict[i].id, NULL};
	qsort(list, *n, sizeof *list, cmp_code);
	/* A file competency and its dictionary entry share a code and an id: keep one of each. */
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++)
		if (!kept || strcmp(list[kept - 1].code, list[i].code))
			list[kept++] = list[i];
	*n = kept;
	return list;
}

/* Roles of the file, by code (the checks left no code twice). */
static struct by_code *role_index(struct ex_run *run)
{
	struct by_code *list = malloc((run->nroles + 1) * sizeof *list);
	if (!list)
		return NULL;
	for (size_t i = 0; i < run->nroles; i++)
		list[i] = (struct by_code){run->roles[i].code, 0, &run->roles[i]};
	qsort(list, run->nroles, sizeof *list, cmp_code);
	return list;
}

/* --- roles, parents first --- */

/* How many of the file's roles stand above each role through extends (the checks found no cycle). */
static int set_depths(struct ex_run *run, const struct by_code *ix)
{
	struct ex_role **chain = malloc((run->nroles + 1) * sizeof *chain);
	if (!chain)
		return -1;
	for (size_t i = 0; i < run->nroles; i++)
		run->roles[i].depth = -1;
	for (size_t i = 0; i < run->nroles; i++) {
		size_t len = 0;
		struct ex_role *r = &run->roles[i];
		int base = 0;
		while (r && r->depth < 0 && len < run->nroles) {
			chain[len++] = r;
			const struct by_code *p = r->extends ? lookup(ix, run->nroles, r->extends) : NULL;
			r = p ? p->role : NULL;
		}
		if (r && r->depth >= 0)
			base = r->depth + 1;
		while (len--)
			chain[len]->depth = base++;
	}
	free(chain);
	return 0;
}

static int by_depth(const void *a, const void *b)
{
	const struct ex_role *x = *(struct ex_role *const *)a, *y = *(struct ex_role *const *)b;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	return x->at.seq < y->at.seq ? -1 : x->at.seq > y->at.seq;
}

static int64_t extends_id(struct ex_run *run, const struct by_code *ix, const char *code)
{
	const struct by_code *f = code ? lookup(ix, run->nroles, code) : NULL;
	if (f)
		return f->role->id;
	const struct ex_known *k = code ? ex_known_find(run->known, run->nknown, code) : NULL;
	return k ? k->id : 0;
}

/* The role as the role writer takes it; arrays in the run's arena. */
static int role_input(struct ex_run *run, struct ex_role *r, const struct by_code *comps, size_t ncomps,
		      struct role_input *in)
{
	struct role_activity *acts = arena_alloc(&run->arena, (r->nacts + 1) * sizeof *acts);
	struct frac_req *reqs = arena_alloc(&run->arena, (r->nreqs + 1) * sizeof *reqs);
	if (!acts || !reqs)
		return DB_ERROR;
	for (size_t i = 0; i < r->nacts; i++)
		acts[i] = (struct role_activity){r->acts[i].text, r->acts[i].text_hi};
	for (size_t i = 0; i < r->nreqs; i++) {
		const struct by_code *c = lookup(comps, ncomps, r->reqs[i].code);
		if (!c || !c->id)
			return DB_ERROR; /* the checks saw it: it cannot be missing now */
		reqs[i] = (struct frac_req){c->id, r->reqs[i].level};
	}
	*in = (struct role_input){
		.code = r->code,
		.name = r->name,
		.name_hi = r->name_hi,
		.description = r->description,
		.description_hi = r->description_hi,
		.org_id = run->org_id,
		.extends_id = r->extends_id,
		.shared = r->has_shared ? r->shared : true,
		.has_name = true,
		.has_name_hi = true,
		.has_description = true,
		.has_description_hi = true,
		.has_shared = r->has_shared || r->state == EX_NEW,
		.has_extends = true,
		.has_activities = true,
		.has_requirements = true,
		.activities = acts,
		.nactivities = r->nacts,
		.requirements = reqs,
		.nrequirements = r->nreqs,
	};
	return 0;
}

static int write_role(struct http_request *req, struct ex_run *run, struct ex_role *r, const struct by_code *comps,
		      size_t ncomps)
{
	struct role_input in;
	bool err;
	json_t *before = NULL, *after = NULL;
	int rc = role_input(run, r, comps, ncomps, &in);
	if (!rc && r->state == EX_CHANGED && !(before = frac_role_json(run->db, r->id, NULL, &err)))
		rc = DB_ERROR;
	int64_t id = 0;
	if (!rc)
		rc = frac_role_write(run->db, r->state == EX_NEW ? 0 : r->id, &in, run->actor, &id);
	if (rc > 0)
		rc = DB_ERROR; /* the role vanished while the file was checked */
	if (!rc && r->state == EX_NEW)
		r->id = id;
	if (!rc && !(after = frac_role_json(run->db, r->id, NULL, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = audit(req, r->state == EX_NEW ? "work_role.create" : "work_role.update", "work_role", r->id,
			   r->state == EX_NEW ? run->org_id : r->owner_id, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* Writes the roles in order; then, as the last word, asks the database whether any extends closes a
 * cycle (another change may have landed since the checks). 1 when one does. */
static int write_roles(struct http_request *req, struct ex_run *run, struct ex_role **order, const struct by_code *ix,
		       const struct by_code *comps, size_t ncomps)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < run->nroles; i++) {
		struct ex_role *r = order[i];
		r->extends_id = extends_id(run, ix, r->extends);
		if (r->state != EX_SAME)
			rc = write_role(req, run, r, comps, ncomps);
	}
	for (size_t i = 0; !rc && i < run->nroles; i++) {
		struct ex_role *r = order[i];
		if (r->state == EX_SAME || !r->extends_id)
			continue;
		int cycle = frac_role_would_cycle(run->db, r->id, r->extends_id);
		rc = cycle < 0 ? DB_ERROR : cycle;
	}
	return rc;
}

int ex_write(struct http_request *req, struct ex_run *run)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < run->ncomps; i++)
		rc = write_comp(req, run, &run->comps[i]);
	if (rc || !run->nroles)
		return rc;
	size_t ncomps = 0;
	struct by_code *comps = comp_ids(run, &ncomps), *ix = role_index(run);
	struct ex_role **order = malloc(run->nroles * sizeof *order);
	rc = comps && ix && order && !set_depths(run, ix) ? 0 : DB_ERROR;
	if (!rc) {
		for (size_t i = 0; i < run->nroles; i++)
			order[i] = &run->roles[i];
		qsort(order, run->nroles, sizeof *order, by_depth);
		rc = write_roles(req, run, order, ix, comps, ncomps);
	}
	free(comps);
	free(ix);
	free(order);
	return rc;
}
