/* What gaps, the heatmap and matching share: competency and official references loaded for many ids in
 * a few fixed-text queries (never one per row), the scope an admin asks about, and their query parameters. */
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

/* --- competencies --- */

static char *dup_col(struct arena *a, struct db_stmt *st, int col)
{
	const char *s = db_column_text(st, col);
	return s ? arena_strdup(a, s) : NULL;
}

static int load_comp_chunk(struct db_conn *db, struct arena *a, const int64_t *ids, size_t n,
			   struct frac_comp_ref *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, code, name_en, name_hi, area FROM competencies WHERE id IN " FRAC_IN_CHUNK_SQL);
	if (!st || frac_bind_chunk(st, ids, n)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_column_int64(st, 0);
		for (size_t i = 0; i < n; i++) {
			if (ids[i] != id)
				continue;
			out[i] = (struct frac_comp_ref){id, dup_col(a, st, 1), dup_col(a, st, 2), dup_col(a, st, 3),
							dup_col(a, st, 4)};
			if (!out[i].code || !out[i].name || !out[i].area)
				rc = DB_ERROR;
		}
		if (rc < 0)
			break;
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

int frac_comp_refs_load(struct db_conn *db, struct arena *a, const int64_t *ids, size_t n, struct frac_comp_ref *out)
{
	memset(out, 0, n * sizeof *out);
	for (size_t at = 0; at < n; at += FRAC_IN_CHUNK) {
		size_t k = n - at < FRAC_IN_CHUNK ? n - at : FRAC_IN_CHUNK;
		int rc = load_comp_chunk(db, a, ids + at, k, out + at);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < n; i++)
		if (!out[i].name) /* deleted under us: competencies are never deleted, so this is a broken read */
			return DB_ERROR;
	return 0;
}

void frac_comp_ref_write(struct jsonw *w, const struct frac_comp_ref *c)
{
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, c->id);
	jsonw_key(w, "code");
	jsonw_string(w, c->code);
	jsonw_key(w, "name");
	jsonw_string(w, c->name);
	jsonw_key(w, "name_hi");
	jsonw_string(w, c->name_hi);
	jsonw_key(w, "area");
	jsonw_string(w, c->area);
	jsonw_object_end(w);
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

static int load_person_chunk(struct db_conn *db, struct arena *a, const int64_t *ids, size_t n,
			     struct frac_person_ref *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT f.id, f.name_en, f.name_hi, d.code, d.name_en, o.id, o.code, "
					    "o.name_en FROM officials f JOIN organisations o ON o.id = f.org_id "
					    "LEFT JOIN designations d ON d.code = f.designation WHERE f.id IN " FRAC_IN_CHUNK_SQL);
	if (!st || frac_bind_chunk(st, ids, n)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_column_int64(st, 0);
		for (size_t i = 0; i < n; i++) {
			if (ids[i] != id)
				continue;
			out[i] = (struct frac_person_ref){
				.id = id,
				.name = dup_col(a, st, 1),
				.name_hi = dup_col(a, st, 2),
				.designation_code = dup_col(a, st, 3),
				.designation_name = dup_col(a, st, 4),
				.org_id = db_column_int64(st, 5),
				.org_code = dup_col(a, st, 6),
				.org_name = dup_col(a, st, 7),
			};
			if (!out[i].name || !out[i].org_code || !out[i].org_name)
				rc = DB_ERROR;
		}
		if (rc < 0)
			break;
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

int frac_person_refs_load(struct db_conn *db, struct arena *a, const int64_t *ids, size_t n,
			  struct frac_person_ref *out)
{
	memset(out, 0, n * sizeof *out);
	for (size_t at = 0; at < n; at += FRAC_IN_CHUNK) {
		size_t k = n - at < FRAC_IN_CHUNK ? n - at : FRAC_IN_CHUNK;
		int rc = load_person_chunk(db, a, ids + at, k, out + at);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < n; i++)
		if (!out[i].name)
			return DB_ERROR;
	return 0;
}

static void org_write(struct jsonw *w, int64_t id, const char *code, const char *name)
{
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, id);
	jsonw_key(w, "code");
	jsonw_string(w, code);
	jsonw_key(w, "name");
	jsonw_string(w, name);
	jsonw_object_end(w);
}

void frac_person_ref_write(struct jsonw *w, const struct frac_person_ref *p)
{
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, p->id);
	jsonw_key(w, "name");
	jsonw_string(w, p->name);
	jsonw_key(w, "name_hi");
	jsonw_string(w, p->name_hi);
	jsonw_key(w, "designation");
	if (p->designation_code) {
		jsonw_object_begin(w);
		jsonw_key(w, "code");
		jsonw_string(w, p->designation_code);
		jsonw_key(w, "name");
		jsonw_string(w, p->designation_name);
		jsonw_object_end(w);
	} else {
		jsonw_null(w);
	}
	jsonw_key(w, "org");
	org_write(w, p->org_id, p->org_code, p->org_name);
	jsonw_object_end(w);
}

/* --- positions --- */

static int load_post_chunk(struct db_conn *db, struct arena *a, const int64_t *ids, size_t n, struct frac_post_ref *out,
			   int *found)
{
	struct db_stmt *st = db_prepare(db, "SELECT p.id, p.code, p.title_en, o.id, o.code, o.name_en, CASE WHEN EXISTS "
					    "(SELECT 1 FROM position_holders h WHERE h.position_id = p.id AND h.end_date IS "
					    "NULL) THEN 0 ELSE 1 END FROM positions p JOIN organisations o ON o.id = p.org_id "
					    "WHERE p.id IN " FRAC_IN_CHUNK_SQL);
	if (!st || frac_bind_chunk(st, ids, n)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_column_int64(st, 0);
		for (size_t i = 0; i < n; i++) {
			if (ids[i] != id)
				continue;
			out[i] = (struct frac_post_ref){
				.id = id,
				.code = dup_col(a, st, 1),
				.title = dup_col(a, st, 2),
				.org_id = db_column_int64(st, 3),
				.org_code = dup_col(a, st, 4),
				.org_name = dup_col(a, st, 5),
				.vacant = db_column_int64(st, 6) != 0,
			};
			(*found)++;
			if (!out[i].code || !out[i].title || !out[i].org_code || !out[i].org_name)
				rc = DB_ERROR;
		}
		if (rc < 0)
			break;
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

int frac_post_refs_load(struct db_conn *db, struct arena *a, const int64_t *ids, size_t n, struct frac_post_ref *out)
{
	int found = 0;
	memset(out, 0, n * sizeof *out);
	for (size_t at = 0; at < n; at += FRAC_IN_CHUNK) {
		size_t k = n - at < FRAC_IN_CHUNK ? n - at : FRAC_IN_CHUNK;
		int rc = load_post_chunk(db, a, ids + at, k, out + at, &found);
		if (rc)
			return rc;
	}
	return found;
}

void frac_post_ref_write(struct jsonw *w, const struct frac_post_ref *p)
{
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, p->id);
	jsonw_key(w, "code");
	jsonw_string(w, p->code);
	jsonw_key(w, "title");
	jsonw_string(w, p->title);
	jsonw_key(w, "org");
	org_write(w, p->org_id, p->org_code, p->org_name);
	jsonw_object_end(w);
}

/* --- scope --- */

int frac_scope_load(struct db_conn *db, struct arena *a, int64_t org_id, struct frac_scope *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, code, name_en FROM organisations WHERE id = $1");
	if (!st || db_bind_int64(st, 1, org_id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_column_int64(st, 0);
		out->code = dup_col(a, st, 1);
		out->name = dup_col(a, st, 2);
		if (!out->code || !out->name)
			rc = DB_ERROR;
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

void frac_scope_write(struct jsonw *w, const struct frac_scope *s)
{
	org_write(w, s->id, s->code, s->name);
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
