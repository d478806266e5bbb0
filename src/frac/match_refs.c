/* What gaps, the heatmap and matching share: competency, official and post references (position_refs.c)
 * loaded for many ids in a few fixed-text queries (never one per row), the scope an admin asks about, and
 * their query parameters. */
#include "frac/frac_int.h"

#include "http/input.h"
#include "org/org.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int frac_bind_chunk(struct db_stmt *st, const int64_t *ids, size_t n)
{
	for (size_t i = 0; i < FRAC_IN_CHUNK; i++)
		/* Padding with 0: no row has id 0, so it matches nothing. */
		if (db_bind_int64(st, (int)i + 1, i < n ? ids[i] : 0))
			return DB_ERROR;
	return 0;
}

/* --- loading references for many ids --- */

/* Reads one row's reference into the element at `into`; records what the row adds beyond the reference. */
typedef int (*ref_read_fn)(struct db_stmt *st, struct arena *a, void *into);

/* Runs sql (its ids bound as one chunk after another) and reads each row into the element of out whose
 * id it carries (column 0), elements of size bytes in the order of ids. Returns how many rows were read,
 * or a negative DB_ code. */
static int load_refs(struct db_conn *db, struct arena *a, const char *sql, const int64_t *ids, size_t n, void *out,
		     size_t size, ref_read_fn read)
{
	int found = 0;
	memset(out, 0, n * size);
	for (size_t at = 0; at < n; at += FRAC_IN_CHUNK) {
		size_t k = n - at < FRAC_IN_CHUNK ? n - at : FRAC_IN_CHUNK;
		struct db_stmt *st = db_prepare(db, sql);
		if (!st || frac_bind_chunk(st, ids + at, k)) {
			db_finish(st);
			return DB_ERROR;
		}
		int rc;
		while ((rc = db_step(st)) == DB_ROW) {
			int64_t id = db_column_int64(st, 0);
			for (size_t i = at; i < at + k && rc >= 0; i++)
				if (ids[i] == id) {
					rc = read(st, a, (char *)out + i * size) ? DB_ERROR : rc;
					found++;
				}
			if (rc < 0)
				break;
		}
		db_finish(st);
		if (rc < 0)
			return rc;
	}
	return found;
}

static int read_comp(struct db_stmt *st, struct arena *a, void *into)
{
	return frac_comp_ref_read(st, 0, a, into);
}

static int read_person(struct db_stmt *st, struct arena *a, void *into)
{
	return frac_person_ref_read(st, 0, a, into);
}

static int read_post(struct db_stmt *st, struct arena *a, void *into)
{
	struct frac_post_ref *post = into;
	if (frac_post_ref_read(st, 0, a, post))
		return -1;
	post->vacant = db_column_int64(st, 8) != 0;
	return 0;
}

/* --- competencies --- */

int frac_comp_refs_load(struct db_conn *db, struct arena *a, const int64_t *ids, size_t n, struct frac_comp_ref *out)
{
	int rc = load_refs(db, a,
			   "SELECT " FRAC_COMP_REF_COLUMNS("k") " FROM competencies k WHERE k.id IN " FRAC_IN_CHUNK_SQL,
			   ids, n, out, sizeof *out, read_comp);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (!out[i].name) /* deleted under us: competencies are never deleted, so this is a broken read */
			return DB_ERROR;
	return 0;
}

/* Byte order of UTF-8 names, the order both databases sort names in; then id. */
int frac_comp_ref_cmp(const void *a, const void *b)
{
	const struct frac_comp_ref *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

static int by_ref_name(const void *a, const void *b)
{
	return frac_comp_ref_cmp(*(const struct frac_comp_ref *const *)a, *(const struct frac_comp_ref *const *)b);
}

int frac_order_by_name(struct arena *a, const struct frac_comp_ref *refs, size_t n, size_t *order)
{
	/* Sorted as pointers (qsort takes no context), then turned back into indexes. */
	const struct frac_comp_ref **p = arena_alloc(a, (n ? n : 1) * sizeof *p);
	if (!p)
		return -1;
	for (size_t i = 0; i < n; i++)
		p[i] = &refs[i];
	qsort(p, n, sizeof *p, by_ref_name);
	for (size_t i = 0; i < n; i++)
		order[i] = (size_t)(p[i] - refs);
	return 0;
}

/* --- officials --- */

int frac_person_refs_load(struct db_conn *db, struct arena *a, const int64_t *ids, size_t n,
			  struct frac_person_ref *out)
{
	int rc = load_refs(db, a,
			   "SELECT " FRAC_PERSON_REF_COLUMNS " FROM officials f" FRAC_PERSON_REF_JOINS
			   " WHERE f.id IN " FRAC_IN_CHUNK_SQL,
			   ids, n, out, sizeof *out, read_person);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (!out[i].name)
			return DB_ERROR;
	return 0;
}

/* --- positions --- */

int frac_post_refs_load(struct db_conn *db, struct arena *a, const int64_t *ids, size_t n, struct frac_post_ref *out)
{
	return load_refs(db, a,
			 "SELECT " FRAC_POST_REF_COLUMNS ", CASE WHEN EXISTS (SELECT 1 FROM position_holders h WHERE "
			 "h.position_id = p.id AND h.end_date IS NULL) THEN 0 ELSE 1 END FROM positions p"
			 FRAC_POST_REF_JOINS " WHERE p.id IN " FRAC_IN_CHUNK_SQL,
			 ids, n, out, sizeof *out, read_post);
}

/* --- scope --- */

int frac_scope_load(struct db_conn *db, struct arena *a, int64_t org_id, struct frac_scope *out)
{
	struct db_stmt *st =
		db_prepare(db, "SELECT " FRAC_CODE_REF_COLUMNS("o") " FROM organisations o WHERE o.id = $1");
	if (!st || db_bind_int64(st, 1, org_id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	struct frac_code_ref org;
	if (rc == DB_ROW) {
		if (frac_code_ref_read(st, 0, a, &org))
			rc = DB_ERROR;
		else
			*out = (struct frac_scope){org.id, org.code, org.name, org.name_hi};
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

void frac_scope_write(struct jsonw *w, const struct frac_scope *s)
{
	frac_code_ref_write(w, &(struct frac_code_ref){s->id, s->code, s->name, s->name_hi});
}

int frac_scope_resolve(struct http_request *req, struct db_conn *db, int64_t asked, int64_t home,
		       struct frac_scope *out)
{
	int64_t id = asked;
	if (!id) {
		int found = org_ministry_of(db, home, &id);
		if (found <= 0) {
			http_reply_db_error(req); /* home comes from a row that references it */
			return -1;
		}
	}
	int found = frac_scope_load(db, http_arena(req), id, out);
	if (found < 0) {
		http_reply_db_error(req);
		return -1;
	}
	if (!found) {
		json_t *errors = NULL;
		http_field_error(&errors, "org_id", "is not a known organisation");
		http_reply_invalid(req, errors);
		return -1;
	}
	return 0;
}

/* --- query parameters --- */

static bool parse_int(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || errno || v < lo || v > hi || *s == '+' || *s == ' ')
		return false;
	*out = v;
	return true;
}

int frac_query_params(struct http_request *req, int def_limit, int max_limit, int64_t *org_id, int *limit)
{
	json_t *errors = NULL;
	long long v;
	const char *org = http_query(req, "org_id");
	*org_id = 0;
	if (org) {
		if (parse_int(org, 1, INT64_MAX, &v))
			*org_id = v;
		else
			http_field_error(&errors, "org_id", "must be the id of an organisation");
	}
	if (limit) {
		const char *l = http_query(req, "limit");
		*limit = def_limit;
		if (l) {
			char msg[64];
			snprintf(msg, sizeof msg, "must be a whole number from 1 to %d", max_limit);
			if (parse_int(l, 1, max_limit, &v))
				*limit = (int)v;
			else
				http_field_error(&errors, "limit", msg);
		}
	}
	if (errors) {
		http_reply_invalid(req, errors);
		return -1;
	}
	return 0;
}

int frac_reply_buf(struct http_request *req, struct jsonw *w, struct buf *out)
{
	if (jsonw_finish(w)) {
		http_reply_problem(req, 500, "internal", "The answer could not be built.");
		return -1;
	}
	http_reply_bytes(req, 200, "application/json", out->data, out->len);
	return 0;
}
