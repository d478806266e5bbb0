/* What progress needs to know of an enrolled version, kept per process: its resources (which count for
 * completion, which are quizzes), its kind and duration. Learners enrol only in published versions and a
 * published version never changes, so an entry never goes stale; the cache is direct-mapped by version id
 * (a collision replaces the older entry) and lookups copy what they need under the lock. */
#include "learn/learn_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUTLINE_SLOTS 4096
#define OUTLINE_MAX_RESOURCES 5000 /* far beyond any course; a bigger one is read but not kept */

struct outline {
	int64_t version_id;
	struct learn_version_facts facts;
	size_t nres;
	struct learn_resource_ref res[]; /* sorted by id */
};

/* Process-wide: the only state here, guarded by its lock; an entry is freed when replaced. */
static struct outline *slots[OUTLINE_SLOTS];
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

static int by_id(const void *a, const void *b)
{
	const struct learn_resource_ref *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

/* Kind and duration of the version: 1 found, 0 unknown, negative DB_ code. */
static int load_facts(struct db_conn *conn, int64_t version_id, struct learn_version_facts *f)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT c.kind, COALESCE(v.duration_minutes, 0), v.content_id FROM "
				 "content_versions v JOIN contents c ON c.id = v.content_id WHERE v.id = $1");
	if (!st || db_bind_int64(st, 1, version_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		snprintf(f->kind, sizeof f->kind, "%s", db_column_text(st, 0));
		f->duration_minutes = db_column_int64(st, 1);
		f->content_id = db_column_int64(st, 2);
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

/* Reads the version's resources into a new outline (malloc; the caller owns it). NULL on error. */
static struct outline *load(struct db_conn *conn, int64_t version_id, int *rc_out)
{
	struct learn_version_facts f = {0};
	int rc = load_facts(conn, version_id, &f);
	*rc_out = rc < 0 ? rc : 0;
	if (rc <= 0)
		return NULL;
	struct db_stmt *st = db_prepare(conn, "SELECT r.id, r.required, r.kind FROM resources r JOIN course_modules m "
					      "ON m.id = r.module_id WHERE m.version_id = $1 ORDER BY r.id");
	if (!st || db_bind_int64(st, 1, version_id)) {
		db_finish(st);
		*rc_out = DB_ERROR;
		return NULL;
	}
	size_t cap = 16, n = 0;
	struct outline *o = malloc(sizeof *o + cap * sizeof o->res[0]);
	while (o && (rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			cap *= 2;
			struct outline *bigger = realloc(o, sizeof *o + cap * sizeof o->res[0]);
			if (!bigger) {
				free(o);
				o = NULL;
				break;
			}
			o = bigger;
		}
		o->res[n].id = db_column_int64(st, 0);
		o->res[n].required = db_column_int64(st, 1) != 0;
		o->res[n].quiz = !strcmp(db_column_text(st, 2), "quiz");
		n++;
	}
	db_finish(st);
	if (!o || rc != DB_DONE) {
		free(o);
		*rc_out = DB_ERROR;
		return NULL;
	}
	o->version_id = version_id;
	o->nres = n;
	o->facts = f;
	/* A course none of whose resources is marked required is complete when all of them are. */
	size_t required = 0;
	for (size_t i = 0; i < n; i++)
		required += o->res[i].required;
	if (!required)
		for (size_t i = 0; i < n; i++)
			o->res[i].required = true;
	o->facts.required = required ? required : n;
	qsort(o->res, n, sizeof o->res[0], by_id);
	return o;
}

/* Copies what the caller asked of o (under the lock or on a private outline). */
static int answer(const struct outline *o, int64_t resource_id, struct learn_version_facts *facts,
		  struct learn_resource_ref *ref)
{
	if (facts)
		*facts = o->facts;
	if (!ref)
		return 1;
	struct learn_resource_ref key = {.id = resource_id};
	const struct learn_resource_ref *hit = bsearch(&key, o->res, o->nres, sizeof o->res[0], by_id);
	if (hit)
		*ref = *hit;
	return hit ? 1 : 0;
}

int learn_outline_lookup(struct db_conn *conn, int64_t version_id, int64_t resource_id,
			 struct learn_version_facts *facts, struct learn_resource_ref *ref)
{
	size_t slot = (uint64_t)version_id % OUTLINE_SLOTS;
	pthread_mutex_lock(&slots_lock);
	const struct outline *o = slots[slot];
	if (o && o->version_id == version_id) {
		int found = answer(o, resource_id, facts, ref);
		pthread_mutex_unlock(&slots_lock);
		return found;
	}
	pthread_mutex_unlock(&slots_lock);

	int rc = 0;
	struct outline *fresh = load(conn, version_id, &rc);
	if (!fresh)
		return rc < 0 ? rc : LEARN_NO_VERSION;
	int found = answer(fresh, resource_id, facts, ref);
	if (fresh->nres > OUTLINE_MAX_RESOURCES) {
		free(fresh);
		return found;
	}
	pthread_mutex_lock(&slots_lock);
	struct outline *old = slots[slot];
	slots[slot] = fresh;
	pthread_mutex_unlock(&slots_lock);
	free(old);
	return found;
}
