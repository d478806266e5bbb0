/* Providers over HTTP: the organisations that offer content (academies, universities, start-ups, experts,
 * government institutions), their profiles, how many people author for them and how much they publish.
 * Any session reads them; an spv_admin makes and edits them. */
#include "catalog/catalog_int.h"

#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"
#include "org/org.h"

#include <stdio.h>
#include <string.h>

static const char *const KINDS[] = {"academy", "university", "startup", "expert", "government", NULL};

static bool kind_known(const char *s)
{
	for (const char *const *k = KINDS; *k; k++)
		if (!strcmp(s, *k))
			return true;
	return false;
}

/* People are counted on the provider's own organisation: grants above it reach many providers at once. */
static int add_counts(struct db_conn *db, int64_t org_id, json_t *out)
{
	struct db_stmt *st = db_prepare(
		db, "SELECT (SELECT COUNT(DISTINCT official_id) FROM role_grants WHERE org_id = $1 AND role = "
		    "'content_creator'), (SELECT COUNT(DISTINCT official_id) FROM role_grants WHERE org_id = $1 AND role = "
		    "'content_reviewer'), (SELECT COUNT(DISTINCT official_id) FROM role_grants WHERE org_id = $1 AND role "
		    "= 'content_publisher'), (SELECT COUNT(*) FROM contents c JOIN content_versions v ON v.id = "
		    "c.published_version_id WHERE c.provider_id = $1 AND v.status = 'published')");
	if (!st || db_bind_int64(st, 1, org_id) || db_step(st) != DB_ROW) {
		db_finish(st);
		return -1;
	}
	json_object_set_new(out, "people",
			    json_pack("{s:I, s:I, s:I}", "creators", (json_int_t)db_column_int64(st, 0), "reviewers",
				      (json_int_t)db_column_int64(st, 1), "publishers", (json_int_t)db_column_int64(st, 2)));
	json_object_set_new(out, "published", json_integer(db_column_int64(st, 3)));
	db_finish(st);
	return 0;
}

static json_t *text_or_null(struct db_stmt *st, int col)
{
	const char *s = db_column_text(st, col);
	return s ? json_string(s) : json_null();
}

/* PROVIDER for org_id: a new reference, or NULL (*db_error tells a failure from "not a provider"). */
static json_t *provider_json(struct db_conn *db, int64_t org_id, bool *db_error)
{
	*db_error = true;
	struct db_stmt *st = db_prepare(db, "SELECT kind, description_en, description_hi, website, status FROM providers "
					    "WHERE org_id = $1");
	if (!st || db_bind_int64(st, 1, org_id)) {
		db_finish(st);
		return NULL;
	}
	int rc = db_step(st);
	json_t *out = NULL;
	if (rc == DB_ROW) {
		out = json_pack("{s:s}", "kind", db_column_text(st, 0));
		json_object_set_new(out, "description", text_or_null(st, 1));
		json_object_set_new(out, "description_hi", text_or_null(st, 2));
		json_object_set_new(out, "website", text_or_null(st, 3));
		json_object_set_new(out, "status", text_or_null(st, 4));
	}
	db_finish(st);
	if (rc == DB_DONE)
		*db_error = false;
	json_t *org = out ? catalog_org_json(db, org_id) : NULL;
	if (!org || add_counts(db, org_id, out)) {
		json_decref(org);
		json_decref(out);
		return NULL;
	}
	json_t *ordered = json_pack("{s:o}", "org", org); /* the organisation first, as a person reads it */
	json_object_update(ordered, out);
	json_decref(out);
	*db_error = false;
	return ordered;
}

struct provider_input {
	int64_t org_id;
	const char *kind, *description, *description_hi, *website, *status;
	bool has_description, has_description_hi, has_website;
};

static bool website_ok(const char *u)
{
	if (strncmp(u, "https://", 8) && strncmp(u, "http://", 7))
		return false;
	for (const unsigned char *p = (const unsigned char *)u; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return false;
	return true;
}

static json_t *read_body(json_t *body, bool create, struct provider_input *in)
{
	json_t *errors = NULL;
	memset(in, 0, sizeof *in);
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
		return errors;
	}
	static const char *const KNOWN[] = {"org_id",  "kind",   "description", "description_hi",
					    "website", "status", NULL};
	http_reject_unknown(body, KNOWN, "a provider", &errors);
	if (create) {
		json_t *org = json_object_get(body, "org_id");
		if (!json_is_integer(org) || json_integer_value(org) < 1)
			http_field_error(&errors, "org_id", "is required: the id of the organisation that provides content");
		else
			in->org_id = json_integer_value(org);
		if (!json_object_get(body, "kind"))
			http_field_error(&errors, "kind", "is required");
		if (json_object_get(body, "status"))
			http_field_error(&errors, "status", "is set after creation");
	} else {
		if (json_object_get(body, "org_id"))
			http_field_error(&errors, "org_id", "cannot change: make the other organisation a provider instead");
		if (!errors && json_object_size(body) == 0)
			http_field_error(&errors, "body", "changes nothing: send the fields to change");
	}
	(void)http_take_string(body, "kind", NULL, 20, false, &in->kind, NULL, &errors);
	if (in->kind && !kind_known(in->kind))
		http_field_error(&errors, "kind", "must be academy, university, startup, expert or government");
	(void)http_take_string(body, "description", NULL, 2000, true, &in->description, &in->has_description, &errors);
	(void)http_take_string(body, "description_hi", NULL, 2000, true, &in->description_hi, &in->has_description_hi,
			       &errors);
	(void)http_take_string(body, "website", NULL, 500, true, &in->website, &in->has_website, &errors);
	if (in->website && !website_ok(in->website))
		http_field_error(&errors, "website", "must be an http:// or https:// address");
	if (!create) {
		(void)http_take_string(body, "status", NULL, 10, false, &in->status, NULL, &errors);
		if (in->status && strcmp(in->status, "active") && strcmp(in->status, "suspended"))
			http_field_error(&errors, "status", "must be active or suspended");
	}
	return errors;
}

static void forbidden(struct http_request *req)
{
	http_reply_problem(req, 403, "forbidden",
			   "Only an spv_admin over this organisation makes and edits provider profiles.");
}

static int bind_opt(struct db_stmt *st, int n, const char *s)
{
	return s && *s ? db_bind_text(st, n, s) : db_bind_null(st, n);
}

static int write_provider(struct db_conn *db, bool create, const struct provider_input *in, int64_t org_id)
{
	int64_t now = util_now_ms();
	struct db_stmt *st =
		create ? db_prepare(db, "INSERT INTO providers (org_id, kind, description_en, description_hi, website, "
					"created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)")
		       : db_prepare(db, "UPDATE providers SET kind = COALESCE($2, kind), description_en = CASE WHEN $7 = 1 "
					"THEN $3 ELSE description_en END, description_hi = CASE WHEN $8 = 1 THEN $4 ELSE "
					"description_hi END, website = CASE WHEN $9 = 1 THEN $5 ELSE website END, status = "
					"COALESCE($10, status), updated_at = $6 WHERE org_id = $1");
	int rc = !st || db_bind_int64(st, 1, org_id) || bind_opt(st, 2, in->kind) || bind_opt(st, 3, in->description) ||
		 bind_opt(st, 4, in->description_hi) || bind_opt(st, 5, in->website) || db_bind_int64(st, 6, now);
	if (!rc && !create)
		rc = db_bind_int64(st, 7, in->has_description) || db_bind_int64(st, 8, in->has_description_hi) ||
		     db_bind_int64(st, 9, in->has_website) || bind_opt(st, 10, in->status);
	int step = rc ? DB_ERROR : db_step(st);
	db_finish(st);
	return step == DB_DONE ? 0 : step < 0 ? step : DB_ERROR;
}

static void save(struct http_request *req, struct db_conn *db, bool create, const struct provider_input *in,
		 int64_t org_id, json_t *before)
{
	bool err;
	json_t *after = NULL;
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)org_id);
	int rc = db_begin(db);
	if (!rc)
		rc = write_provider(db, create, in, org_id);
	if (!rc && !(after = provider_json(db, org_id, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = http_audit(req, create ? "provider.create" : "provider.update", "provider", idtext, org_id, before,
				after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		json_decref(after);
		if (rc == DB_CONSTRAINT)
			http_reply_conflict(req, "This organisation is already a provider.");
		else
			http_reply_db_error(req);
		return;
	}
	http_reply_json(req, create ? 201 : 200, after);
}

/* The organisation's kind: 1 found, 0 unknown, -1 on error. */
static int org_kind(struct db_conn *db, int64_t org_id, char kind[32])
{
	struct db_stmt *st = db_prepare(db, "SELECT kind FROM organisations WHERE id = $1");
	if (!st || db_bind_int64(st, 1, org_id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(kind, 32, "%s", db_column_text(st, 0));
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static void post_provider(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	json_t *body = db ? http_body_json(req) : NULL;
	if (!body)
		return;
	struct provider_input in;
	char kind[32] = "";
	bool err;
	json_t *errors = read_body(body, true, &in), *existing = NULL;
	int rc = errors ? 0 : org_kind(db, in.org_id, kind);
	if (rc < 0) {
		http_reply_db_error(req);
	} else if (!errors && rc == 0) {
		http_field_error(&errors, "org_id", "no organisation has this id");
	} else if (!errors && strcmp(kind, "provider") && strcmp(kind, "training_institution")) {
		http_field_error(&errors, "org_id", "is not an organisation of kind provider or training_institution");
	}
	if (errors) {
		http_reply_invalid(req, errors);
	} else if (rc >= 0 && !org_has_role(db, http_user(req)->id, "spv_admin", in.org_id)) {
		forbidden(req);
	} else if (rc >= 0 && (existing = provider_json(db, in.org_id, &err))) {
		http_reply_conflict(req, "This organisation is already a provider: edit its profile instead.");
	} else if (rc >= 0 && err) {
		http_reply_db_error(req);
	} else if (rc >= 0) {
		save(req, db, true, &in, in.org_id, NULL);
	}
	json_decref(existing);
	json_decref(body);
}

static json_t *load_provider(struct http_request *req, struct db_conn *db, int64_t *org_id)
{
	bool err;
	if (http_param_id(req, "org_id", org_id))
		return NULL;
	json_t *p = provider_json(db, *org_id, &err);
	if (!p)
		err ? http_reply_db_error(req) : http_reply_not_found(req, "provider");
	return p;
}

static void get_provider(struct http_request *req)
{
	int64_t org_id;
	struct db_conn *db = http_db(req);
	json_t *p = db ? load_provider(req, db, &org_id) : NULL;
	if (p)
		http_reply_json(req, 200, p);
}

static void patch_provider(struct http_request *req)
{
	int64_t org_id;
	struct db_conn *db = http_db(req);
	json_t *before = db ? load_provider(req, db, &org_id) : NULL;
	json_t *body = before ? http_body_json(req) : NULL;
	if (!body) {
		json_decref(before);
		return;
	}
	struct provider_input in;
	json_t *errors = read_body(body, false, &in);
	if (errors)
		http_reply_invalid(req, errors);
	else if (!org_has_role(db, http_user(req)->id, "spv_admin", org_id))
		forbidden(req);
	else
		save(req, db, false, &in, org_id, before);
	json_decref(before);
	json_decref(body);
}

static json_t *list_item(struct db_conn *db, int64_t id, bool *db_error)
{
	return provider_json(db, id, db_error);
}

static void list_providers(struct http_request *req)
{
	struct http_list list;
	struct db_conn *db = http_db(req);
	if (http_list_params(req, &list) || !db)
		return;
	json_t *errors = NULL;
	const char *q = http_query(req, "q"), *kind = http_query(req, "kind");
	if (q && strlen(q) > 200)
		http_field_error(&errors, "q", "must be at most 200 characters");
	if (kind && !kind_known(kind))
		http_field_error(&errors, "kind", "must be academy, university, startup, expert or government");
	if (errors) {
		http_reply_invalid(req, errors);
		return;
	}
	struct db_stmt *st = db_prepare(
		db, "SELECT o.id, o.name_en FROM providers p JOIN organisations o ON o.id = p.org_id WHERE ($1 = '' OR "
		    "p.kind = $1) AND ($2 = '%%' OR LOWER(o.code) LIKE $2 ESCAPE '\\' OR LOWER(o.name_en) LIKE $2 ESCAPE "
		    "'\\' OR o.name_hi LIKE $2 ESCAPE '\\') AND (o.name_en, o.id) > ($3, CAST($4 AS BIGINT)) ORDER BY "
		    "o.name_en, o.id LIMIT $5");
	const char *pattern = http_list_like(req, q ? q : "");
	if (!st || !pattern || db_bind_text(st, 1, kind ? kind : "") || db_bind_text(st, 2, pattern) ||
	    db_bind_text(st, 3, list.key) || db_bind_int64(st, 4, list.id) || db_bind_int64(st, 5, list.limit + 1)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	catalog_reply_page(req, db, st, &list, list_item);
}

const struct http_route catalog_provider_routes[] = {
	{"GET", "/api/v1/providers", list_providers, HTTP_SESSION, 0},
	{"POST", "/api/v1/providers", post_provider, "spv_admin", 0},
	{"GET", "/api/v1/providers/{org_id}", get_provider, HTTP_SESSION, 0},
	{"PATCH", "/api/v1/providers/{org_id}", patch_provider, "spv_admin", 0},
	{NULL, NULL, NULL, NULL, 0},
};
