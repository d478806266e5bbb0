/* The competency dictionary: read by every session; created and edited by SPV admins. An edit of text or
 * levels makes a new version and keeps the old one readable. */
#include "frac/frac_int.h"

#include "http/audit.h"
#include "http/input.h"
#include "http/list.h"
#include "core/util.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static json_t *read_list_filter(struct http_request *req, const char **area, const char **status, const char **q)
{
	json_t *errors = NULL;
	*area = http_query(req, "area");
	*status = http_query(req, "status");
	*q = http_query(req, "q");
	if (*area && strcmp(*area, "behavioural") && strcmp(*area, "functional") && strcmp(*area, "domain"))
		http_field_error(&errors, "area", "must be behavioural, functional or domain");
	if (*status && strcmp(*status, "active") && strcmp(*status, "retired"))
		http_field_error(&errors, "status", "must be active or retired");
	if (*q && strlen(*q) > 200)
		http_field_error(&errors, "q", "must be at most 200 characters");
	return errors;
}

static json_t *load_competency(struct db_conn *db, int64_t id, bool *db_error)
{
	return frac_competency_json(db, id, 0, db_error);
}

static void list_competencies(struct http_request *req)
{
	struct http_list list;
	struct db_conn *db = http_db(req);
	if (http_list_params(req, &list) || !db)
		return;
	const char *area, *status, *q;
	json_t *errors = read_list_filter(req, &area, &status, &q);
	if (errors) {
		http_reply_invalid(req, errors);
		return;
	}
	struct db_stmt *st = db_prepare(
		db, "SELECT id, name_en FROM competencies WHERE ($1 = '' OR area = $1) AND ($2 = '' OR status = $2) "
		    "AND ($3 = '%%' OR LOWER(code) LIKE $3 ESCAPE '\\' OR LOWER(name_en) LIKE $3 ESCAPE '\\' "
		    "OR name_hi LIKE $3 ESCAPE '\\') AND (name_en, id) > ($4, CAST($5 AS BIGINT)) "
		    "ORDER BY name_en, id LIMIT $6");
	const char *pattern = http_list_like(req, q ? q : "");
	if (!st || !pattern || db_bind_text(st, 1, area ? area : "") || db_bind_text(st, 2, status ? status : "") ||
	    db_bind_text(st, 3, pattern) || db_bind_text(st, 4, list.key) || db_bind_int64(st, 5, list.id) ||
	    db_bind_int64(st, 6, list.limit + 1)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	frac_reply_page(req, db, st, &list, load_competency, "name");
}

static json_t *versions_json(struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "SELECT version, name_en, created_at FROM competency_versions "
					    "WHERE competency_id = $1 ORDER BY version DESC");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return NULL;
	}
	json_t *out = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		char iso[32];
		util_iso8601(db_column_int64(st, 2), iso);
		json_array_append_new(out, json_pack("{s:I, s:s, s:s}", "version", (json_int_t)db_column_int64(st, 0),
						     "name", db_column_text(st, 1), "created_at", iso));
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

static void get_competency(struct http_request *req)
{
	int64_t id;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	bool err;
	json_t *c = frac_competency_json(db, id, 0, &err);
	if (!c) {
		err ? http_reply_db_error(req) : http_reply_not_found(req, "competency");
		return;
	}
	json_t *versions = versions_json(db, id);
	if (!versions) {
		json_decref(c);
		http_reply_db_error(req);
		return;
	}
	json_object_set_new(c, "versions", versions);
	http_reply_json(req, 200, c);
}

static void get_version(struct http_request *req)
{
	int64_t id, version;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || http_param_id(req, "version", &version) || !db)
		return;
	bool err;
	json_t *c = frac_competency_json(db, id, version, &err);
	if (!c) {
		err ? http_reply_db_error(req) : http_reply_not_found(req, "competency");
		return;
	}
	http_reply_json(req, 200, c);
}

/* competency_id, org_id and comment belong to proposals, not to direct edits. */
static void reject_proposal_fields(json_t *body, json_t **errors)
{
	static const char *const FIELDS[] = {"competency_id", "org_id", "comment", NULL};
	for (const char *const *f = FIELDS; *f; f++)
		if (json_is_object(body) && json_object_get(body, *f))
			http_field_error(errors, *f, "belongs to a proposal (POST /api/v1/competency-proposals)");
}

static int audit_competency(struct http_request *req, const char *action, int64_t id, json_t *before, json_t *after)
{
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	return http_audit(req, action, "competency", idtext, 0, before, after);
}

static void post_competency(struct http_request *req)
{
	json_t *body = http_body_json(req);
	if (!body)
		return;
	struct comp_input in;
	json_t *errors = frac_read_input(body, COMP_CREATE, &in);
	reject_proposal_fields(body, &errors);
	struct db_conn *db = http_db(req);
	json_t *after = NULL;
	int64_t id = 0;
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	if (!db)
		goto out;
	bool err;
	int rc = db_begin(db);
	if (!rc)
		rc = frac_create(db, &in, http_user(req)->id, &id);
	if (!rc && !(after = frac_competency_json(db, id, 0, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = audit_competency(req, "competency.create", id, NULL, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		if (rc == DB_CONSTRAINT)
			http_reply_conflict(req, "A competency with this code already exists.");
		else
			http_reply_db_error(req);
		goto out;
	}
	http_reply_json(req, 201, json_incref(after));
out:
	json_decref(body);
	json_decref(after);
}

static void patch_competency(struct http_request *req)
{
	int64_t id;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	struct comp_input in;
	bool err;
	json_t *after = NULL, *before = frac_competency_json(db, id, 0, &err);
	json_t *errors = frac_read_input(body, COMP_EDIT, &in);
	reject_proposal_fields(body, &errors);
	if (!before) {
		json_decref(errors);
		err ? http_reply_db_error(req) : http_reply_not_found(req, "competency");
		goto out;
	}
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	int rc = db_begin(db);
	if (!rc)
		rc = frac_apply_edit(db, id, &in, http_user(req)->id);
	if (!rc && !(after = frac_competency_json(db, id, 0, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = audit_competency(req, "competency.update", id, before, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		http_reply_db_error(req);
		goto out;
	}
	http_reply_json(req, 200, json_incref(after));
out:
	json_decref(body);
	json_decref(before);
	json_decref(after);
}

const struct http_route frac_dictionary_routes[] = {
	{"GET", "/api/v1/competencies", list_competencies, HTTP_SESSION, 0},
	{"POST", "/api/v1/competencies", post_competency, "spv_admin", 0},
	{"GET", "/api/v1/competencies/{id}", get_competency, HTTP_SESSION, 0},
	{"PATCH", "/api/v1/competencies/{id}", patch_competency, "spv_admin", 0},
	{"GET", "/api/v1/competencies/{id}/versions/{version}", get_version, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
