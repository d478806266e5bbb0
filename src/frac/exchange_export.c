/* The framework export: the whole dictionary (active and retired) and the work roles the caller can see,
 * as JSON or as one CSV file (core/csvout: quoting and formula defusing). The same export shape is what an
 * import is compared with, so exporting and importing again changes nothing. */
#include "frac/exchange_int.h"

#include "core/csvout.h"
#include "http/input.h"
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSV_CAP ((size_t)128 << 20)

json_t *ex_stored_comp(struct db_conn *db, int64_t id, bool *db_error)
{
	json_t *c = frac_competency_json(db, id, 0, db_error);
	static const char *const DROP[] = {"id", "version", "created_at", "updated_at", NULL};
	for (const char *const *k = DROP; c && *k; k++)
		json_object_del(c, *k);
	return c;
}

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *role_activities(struct db_conn *db, int64_t id)
{
	struct db_stmt *st =
		db_prepare(db, "SELECT text_en, text_hi FROM role_activities WHERE role_id = $1 ORDER BY seq");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return NULL;
	}
	json_t *out = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(out, json_pack("{s:s, s:o}", "text", db_column_text(st, 0), "text_hi",
						     text_or_null(db_column_text(st, 1))));
	db_finish(st);
	if (rc < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

static json_t *role_requirements(struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "SELECT c.code, q.level FROM role_requirements q JOIN competencies c "
					    "ON c.id = q.competency_id WHERE q.role_id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return NULL;
	}
	json_t *out = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(out, json_pack("{s:s, s:I}", "competency", db_column_text(st, 0), "level",
						     (json_int_t)db_column_int64(st, 1)));
	db_finish(st);
	json_t *sorted = rc < 0 ? NULL : ex_sorted_requirements(out);
	json_decref(out);
	return sorted;
}

json_t *ex_stored_role(struct db_conn *db, int64_t id, bool *db_error)
{
	*db_error = false;
	struct db_stmt *st = db_prepare(db, "SELECT r.code, r.name_en, r.name_hi, r.description_en, r.description_hi, "
					    "p.code, r.shared FROM work_roles r LEFT JOIN work_roles p ON p.id = "
					    "r.extends_id WHERE r.id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		*db_error = true;
		return NULL;
	}
	int rc = db_step(st);
	json_t *out = NULL;
	if (rc == DB_ROW)
		out = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:b}", "code", db_column_text(st, 0), "name",
				db_column_text(st, 1), "name_hi", text_or_null(db_column_text(st, 2)), "description",
				text_or_null(db_column_text(st, 3)), "description_hi",
				text_or_null(db_column_text(st, 4)), "extends", text_or_null(db_column_text(st, 5)),
				"shared", db_column_int64(st, 6) != 0);
	db_finish(st);
	if (rc < 0)
		*db_error = true;
	if (!out)
		return NULL;
	json_t *acts = role_activities(db, id), *reqs = acts ? role_requirements(db, id) : NULL;
	if (!acts || !reqs) {
		json_decref(acts);
		json_decref(out);
		*db_error = true;
		return NULL;
	}
	json_object_set_new(out, "activities", acts);
	json_object_set_new(out, "requirements", reqs);
	return out;
}

/* --- what to export --- */

struct row_ref {
	int64_t id;
	char *code;
	int64_t org_id; /* roles */
	bool shared;    /* roles */
};

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct row_ref *)a)->code, ((const struct row_ref *)b)->code);
}

static void refs_free(struct row_ref *refs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(refs[i].code);
	free(refs);
}

/* Which roles the export holds. */
struct role_filter {
	const char *which; /* all | shared | org */
	int64_t org_id;
	int64_t user_id, user_org_id;
	int64_t *seen; /* organisations whose private roles the caller may see (id) or not (-id) */
	size_t nseen;
};

/* Private roles are visible to admins of their organisation and to people working inside it. */
static bool private_visible(struct db_conn *db, struct role_filter *f, int64_t org_id)
{
	for (size_t i = 0; i < f->nseen; i++)
		if (f->seen[i] == org_id || f->seen[i] == -org_id)
			return f->seen[i] > 0;
	bool yes = org_can_admin(db, f->user_id, org_id) || org_in_subtree(db, f->user_org_id, org_id);
	int64_t *seen = realloc(f->seen, (f->nseen + 1) * sizeof *seen);
	if (seen) {
		f->seen = seen;
		f->seen[f->nseen++] = yes ? org_id : -org_id;
	}
	return yes;
}

static bool wanted(struct db_conn *db, struct role_filter *f, const struct row_ref *r)
{
	if (!strcmp(f->which, "shared") && !r->shared)
		return false;
	if (!strcmp(f->which, "org") && r->org_id != f->org_id)
		return false;
	return r->shared || private_visible(db, f, r->org_id);
}

/* The ids and codes of every competency (roles false) or every role, sorted by code. */
static int load_refs(struct db_conn *db, bool roles, struct row_ref **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, roles ? "SELECT id, code, org_id, shared FROM work_roles"
						  : "SELECT id, code, 0, 1 FROM competencies");
	struct row_ref *refs = NULL;
	size_t cap = 0;
	int rc = st ? DB_DONE : DB_ERROR;
	*n = 0;
	while (st && (rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			struct row_ref *p = realloc(refs, cap * sizeof *p);
			if (!p) {
				rc = DB_ERROR;
				break;
			}
			refs = p;
		}
		refs[*n] = (struct row_ref){db_column_int64(st, 0), strdup(db_column_text(st, 1)),
					    db_column_int64(st, 2), db_column_int64(st, 3) != 0};
		if (!refs[*n].code) {
			rc = DB_ERROR;
			break;
		}
		(*n)++;
	}
	db_finish(st);
	*out = refs;
	if (rc < 0)
		return rc;
	if (*n)
		qsort(refs, *n, sizeof *refs, by_code);
	return 0;
}

/* Keeps the roles f lets through (the visibility checks query, so this runs after the read). */
static void filter_roles(struct db_conn *db, struct role_filter *f, struct row_ref *refs, size_t *n)
{
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++) {
		if (wanted(db, f, &refs[i]))
			refs[kept++] = refs[i];
		else
			free(refs[i].code);
	}
	*n = kept;
}

/* --- the document --- */

/* The export shapes of refs, in their order, through load (ex_stored_comp or ex_stored_role). */
static json_t *shapes(struct db_conn *db, const struct row_ref *refs, size_t n,
		      json_t *(*load)(struct db_conn *, int64_t, bool *))
{
	json_t *out = json_array();
	for (size_t i = 0; out && i < n; i++) {
		bool err;
		json_t *item = load(db, refs[i].id, &err);
		if (!item && err) {
			json_decref(out);
			return NULL;
		}
		if (item)
			json_array_append_new(out, item);
	}
	return out;
}

static json_t *export_doc(struct db_conn *db, struct role_filter *f)
{
	struct row_ref *comps = NULL, *roles = NULL;
	size_t ncomps = 0, nroles = 0;
	json_t *doc = NULL;
	if (load_refs(db, false, &comps, &ncomps) || load_refs(db, true, &roles, &nroles))
		goto out;
	filter_roles(db, f, roles, &nroles);
	json_t *c = shapes(db, comps, ncomps, ex_stored_comp);
	json_t *r = c ? shapes(db, roles, nroles, ex_stored_role) : NULL;
	if (c && r)
		doc = json_pack("{s:s, s:o, s:o}", "format", EX_FORMAT, "competencies", c, "roles", r);
	else
		json_decref(c);
out:
	refs_free(comps, ncomps);
	refs_free(roles, nroles);
	return doc;
}

/* --- CSV --- */

enum { NCOLS = 11 };

static int csv_row(struct buf *b, const char *const cells[NCOLS])
{
	for (int i = 0; i < NCOLS; i++)
		if (csvout_field(b, cells[i], i == NCOLS - 1))
			return -1;
	return 0;
}

static const char *str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static int comp_rows(struct buf *b, json_t *c)
{
	const char *code = str(c, "code");
	const char *row[NCOLS] = {"competency", code, str(c, "area"), str(c, "name"), str(c, "name_hi"),
				  str(c, "description"), str(c, "description_hi"), NULL, NULL, NULL, NULL};
	int rc = csv_row(b, row);
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(c, "levels"), i, l)
	{
		char level[24];
		snprintf(level, sizeof level, "%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(l, "level")));
		const char *lrow[NCOLS] = {"level", code,  NULL,  NULL, NULL, NULL, NULL, level, str(l, "descriptor"),
					   str(l, "descriptor_hi"), NULL};
		if (!rc)
			rc = csv_row(b, lrow);
	}
	return rc;
}

static int role_rows(struct buf *b, json_t *r)
{
	const char *code = str(r, "code");
	const char *row[NCOLS] = {"role", code, NULL, str(r, "name"), str(r, "name_hi"), str(r, "description"),
				  str(r, "description_hi"), NULL, NULL, NULL, str(r, "extends")};
	int rc = csv_row(b, row);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(r, "activities"), i, x)
	{
		const char *arow[NCOLS] = {"activity", code, NULL, NULL, NULL, NULL, NULL, NULL, str(x, "text"),
					   str(x, "text_hi"), NULL};
		if (!rc)
			rc = csv_row(b, arow);
	}
	json_array_foreach(json_object_get(r, "requirements"), i, x)
	{
		char level[24];
		snprintf(level, sizeof level, "%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(x, "level")));
		const char *qrow[NCOLS] = {"requirement", code, NULL, NULL,  NULL, NULL,
					   NULL,          level, NULL, NULL, str(x, "competency")};
		if (!rc)
			rc = csv_row(b, qrow);
	}
	return rc;
}

static int to_csv(json_t *doc, struct buf *b)
{
	static const char *const HEADER[NCOLS] = {"record",         "code",  "area", "name",    "name_hi", "description",
						  "description_hi", "level", "text", "text_hi", "ref"};
	int rc = buf_puts(b, CSVOUT_BOM) || csv_row(b, HEADER) ? -1 : 0;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(doc, "competencies"), i, x) if (!rc) rc = comp_rows(b, x);
	json_array_foreach(json_object_get(doc, "roles"), i, x) if (!rc) rc = role_rows(b, x);
	return rc;
}

/* --- GET /framework/export --- */

static bool parse_id(const char *s, int64_t *out)
{
	if (!s || !*s || strlen(s) > 18 || s[strspn(s, "0123456789")])
		return false;
	*out = strtoll(s, NULL, 10);
	return *out > 0;
}

static json_t *read_params(struct http_request *req, struct db_conn *db, const char **format, struct role_filter *f)
{
	json_t *errors = NULL;
	*format = http_query(req, "format") ? http_query(req, "format") : "json";
	f->which = http_query(req, "roles") ? http_query(req, "roles") : "all";
	const char *org = http_query(req, "org_id");
	if (strcmp(*format, "json") && strcmp(*format, "csv"))
		http_field_error(&errors, "format", "must be json or csv");
	if (strcmp(f->which, "all") && strcmp(f->which, "shared") && strcmp(f->which, "org"))
		http_field_error(&errors, "roles", "must be all, shared or org");
	int64_t ministry;
	if (org && !parse_id(org, &f->org_id))
		http_field_error(&errors, "org_id", "must be the id of an organisation");
	else if (org && org_ministry_of(db, f->org_id, &ministry) == 0)
		http_field_error(&errors, "org_id", "there is no organisation with this id");
	else if (!org && !strcmp(f->which, "org"))
		http_field_error(&errors, "org_id", "is required with roles=org: whose roles to export");
	return errors;
}

void ex_export(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	if (!db)
		return;
	const char *format;
	struct role_filter f = {.user_id = http_user(req)->id, .user_org_id = http_user(req)->org_id};
	json_t *errors = read_params(req, db, &format, &f);
	if (errors) {
		http_reply_invalid(req, errors);
		return;
	}
	json_t *doc = export_doc(db, &f);
	free(f.seen);
	if (!doc) {
		http_reply_db_error(req);
		return;
	}
	char disposition[80];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"karmayogi-frac.%s\"", format);
	http_add_header(req, "Content-Disposition", disposition);
	if (!strcmp(format, "json")) {
		http_reply_json(req, 200, doc);
		return;
	}
	struct buf b;
	buf_init(&b, CSV_CAP);
	if (to_csv(doc, &b))
		http_reply_problem(req, 500, "internal", "The framework is too large to export as one CSV file.");
	else
		http_reply_bytes(req, 200, "text/csv; charset=utf-8", b.data, b.len);
	buf_free(&b);
	json_decref(doc);
}
