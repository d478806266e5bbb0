/* The short forms FRAC answers show inside their own objects (an organisation, a role, a designation, a
 * competency, an official, a post), each read from a row by one reader and written by one writer, so every
 * answer names them the same way and in both languages. */
#include "frac/frac_int.h"

/* A reference is a few names; this is far more than any could need. */
#define REF_JSON_MAX (64u << 10)

/* A column's text, copied into a when a is given, else borrowed. *bad is set when it is NULL and required. */
static const char *text(struct db_stmt *st, int col, struct arena *a, bool required, bool *bad)
{
	const char *s = db_column_text(st, col);
	if (s && a && !(s = arena_strdup(a, s)))
		*bad = true;
	if (!s && required)
		*bad = true;
	return s;
}

int frac_code_ref_read(struct db_stmt *st, int col, struct arena *a, struct frac_code_ref *out)
{
	bool bad = false;
	*out = (struct frac_code_ref){
		.id = db_column_int64(st, col),
		.code = text(st, col + 1, a, true, &bad),
		.name = text(st, col + 2, a, true, &bad),
		.name_hi = text(st, col + 3, a, false, &bad),
	};
	return bad ? DB_ERROR : 0;
}

int frac_comp_ref_read(struct db_stmt *st, int col, struct arena *a, struct frac_comp_ref *out)
{
	bool bad = false;
	*out = (struct frac_comp_ref){
		.id = db_column_int64(st, col),
		.code = text(st, col + 1, a, true, &bad),
		.name = text(st, col + 2, a, true, &bad),
		.name_hi = text(st, col + 3, a, false, &bad),
		.area = text(st, col + 4, a, true, &bad),
	};
	return bad ? DB_ERROR : 0;
}

int frac_person_ref_read(struct db_stmt *st, int col, struct arena *a, struct frac_person_ref *out)
{
	bool bad = false;
	*out = (struct frac_person_ref){
		.id = db_column_int64(st, col),
		.name = text(st, col + 1, a, true, &bad),
		.name_hi = text(st, col + 2, a, false, &bad),
		.designation_code = text(st, col + 3, a, false, &bad),
		.designation_name = text(st, col + 4, a, false, &bad),
		.designation_name_hi = text(st, col + 5, a, false, &bad),
		.org_id = db_column_int64(st, col + 6),
		.org_code = text(st, col + 7, a, true, &bad),
		.org_name = text(st, col + 8, a, true, &bad),
		.org_name_hi = text(st, col + 9, a, false, &bad),
	};
	if (out->designation_code && !out->designation_name)
		bad = true;
	return bad ? DB_ERROR : 0;
}

int frac_post_ref_read(struct db_stmt *st, int col, struct arena *a, struct frac_post_ref *out)
{
	bool bad = false;
	*out = (struct frac_post_ref){
		.id = db_column_int64(st, col),
		.code = text(st, col + 1, a, true, &bad),
		.title = text(st, col + 2, a, true, &bad),
		.title_hi = text(st, col + 3, a, false, &bad),
		.org_id = db_column_int64(st, col + 4),
		.org_code = text(st, col + 5, a, true, &bad),
		.org_name = text(st, col + 6, a, true, &bad),
		.org_name_hi = text(st, col + 7, a, false, &bad),
	};
	return bad ? DB_ERROR : 0;
}

/* --- writers --- */

static void member(struct jsonw *w, const char *key, const char *value)
{
	jsonw_key(w, key);
	jsonw_string(w, value);
}

void frac_code_ref_write(struct jsonw *w, const struct frac_code_ref *r)
{
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, r->id);
	member(w, "code", r->code);
	member(w, "name", r->name);
	member(w, "name_hi", r->name_hi);
	jsonw_object_end(w);
}

static void designation_write(struct jsonw *w, const char *code, const char *name, const char *name_hi)
{
	if (!code) {
		jsonw_null(w);
		return;
	}
	jsonw_object_begin(w);
	member(w, "code", code);
	member(w, "name", name);
	member(w, "name_hi", name_hi);
	jsonw_object_end(w);
}

void frac_comp_ref_write(struct jsonw *w, const struct frac_comp_ref *c)
{
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, c->id);
	member(w, "code", c->code);
	member(w, "name", c->name);
	member(w, "name_hi", c->name_hi);
	member(w, "area", c->area);
	jsonw_object_end(w);
}

void frac_person_ref_write(struct jsonw *w, const struct frac_person_ref *p)
{
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, p->id);
	member(w, "name", p->name);
	member(w, "name_hi", p->name_hi);
	jsonw_key(w, "designation");
	designation_write(w, p->designation_code, p->designation_name, p->designation_name_hi);
	jsonw_key(w, "org");
	frac_code_ref_write(w, &(struct frac_code_ref){p->org_id, p->org_code, p->org_name, p->org_name_hi});
	jsonw_object_end(w);
}

void frac_post_ref_write(struct jsonw *w, const struct frac_post_ref *p)
{
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, p->id);
	member(w, "code", p->code);
	member(w, "title", p->title);
	member(w, "title_hi", p->title_hi);
	jsonw_key(w, "org");
	frac_code_ref_write(w, &(struct frac_code_ref){p->org_id, p->org_code, p->org_name, p->org_name_hi});
	jsonw_object_end(w);
}

/* --- the same as jansson values, for answers built as trees: what the writer wrote, parsed --- */

static void tree_begin(struct buf *b, struct jsonw *w)
{
	buf_init(b, REF_JSON_MAX);
	jsonw_init(w, b);
}

static json_t *tree_end(struct buf *b, struct jsonw *w)
{
	json_t *out = jsonw_finish(w) ? NULL : json_loadb(b->data, b->len, 0, NULL);
	buf_free(b);
	return out;
}

json_t *frac_code_ref_json(const struct frac_code_ref *r)
{
	struct buf b;
	struct jsonw w;
	tree_begin(&b, &w);
	frac_code_ref_write(&w, r);
	return tree_end(&b, &w);
}

json_t *frac_designation_json(const char *code, const char *name, const char *name_hi)
{
	if (!code)
		return json_null();
	struct buf b;
	struct jsonw w;
	tree_begin(&b, &w);
	designation_write(&w, code, name, name_hi);
	return tree_end(&b, &w);
}

json_t *frac_comp_ref_json(const struct frac_comp_ref *c)
{
	struct buf b;
	struct jsonw w;
	tree_begin(&b, &w);
	frac_comp_ref_write(&w, c);
	return tree_end(&b, &w);
}

json_t *frac_person_ref_json(const struct frac_person_ref *p)
{
	struct buf b;
	struct jsonw w;
	tree_begin(&b, &w);
	frac_person_ref_write(&w, p);
	return tree_end(&b, &w);
}

json_t *frac_post_ref_json(const struct frac_post_ref *p)
{
	struct buf b;
	struct jsonw w;
	tree_begin(&b, &w);
	frac_post_ref_write(&w, p);
	return tree_end(&b, &w);
}

/* --- one by id --- */

json_t *frac_official_ref(struct db_conn *db, int64_t official_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT " FRAC_PERSON_REF_COLUMNS " FROM officials f" FRAC_PERSON_REF_JOINS
					    " WHERE f.id = $1");
	struct frac_person_ref p;
	json_t *out = NULL;
	if (st && !db_bind_int64(st, 1, official_id) && db_step(st) == DB_ROW && !frac_person_ref_read(st, 0, NULL, &p))
		out = frac_person_ref_json(&p);
	db_finish(st);
	return out;
}

json_t *frac_competency_ref(struct db_conn *db, int64_t competency_id)
{
	struct db_stmt *st =
		db_prepare(db, "SELECT " FRAC_COMP_REF_COLUMNS("k") " FROM competencies k WHERE k.id = $1");
	struct frac_comp_ref c;
	json_t *out = NULL;
	if (st && !db_bind_int64(st, 1, competency_id) && db_step(st) == DB_ROW && !frac_comp_ref_read(st, 0, NULL, &c))
		out = frac_comp_ref_json(&c);
	db_finish(st);
	return out;
}
