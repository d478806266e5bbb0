/* Positions over HTTP: the admins of an organisation create its posts, give them roles and list them; a
 * post's holder and their reporting officer may read it. Holders are in position_holders.c. */
#include "core/util.h"
#include "frac/frac_int.h"

#include "http/audit.h"
#include "http/input.h"
#include "http/list.h"
#include "org/org.h"

#include <stdio.h>
#include <string.h>

static void forbidden(struct http_request *req)
{
	http_reply_problem(req, 403, "forbidden",
			   "This organisation is outside your scope: only its admins (mdo_admin or spv_admin on it or "
			   "above it) may manage its positions.");
}

static void read_role_ids(json_t *list, struct position_input *in, json_t **errors)
{
	in->has_roles = true;
	if (!json_is_array(list) || json_array_size(list) < 1 || json_array_size(list) > FRAC_POSITION_ROLES_MAX) {
		http_field_error(errors, "role_ids", "must list 1 to 20 work role ids");
		return;
	}
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		char field[32];
		snprintf(field, sizeof field, "role_ids[%zu]", i);
		in->role_ids[i] = 0;
		if (!json_is_integer(v) || json_integer_value(v) < 1) {
			http_field_error(errors, field, "must be the id of a work role");
			continue;
		}
		in->role_ids[i] = json_integer_value(v);
		for (size_t j = 0; j < i; j++)
			if (in->role_ids[j] == in->role_ids[i]) {
				http_field_error(errors, field, "names a role already listed: list each once");
				break;
			}
	}
	in->nroles = json_array_size(list);
}

/* Reads a create (create true) or an edit body: the field errors, NULL when none. No database checks. */
static json_t *read_body(json_t *body, bool create, struct position_input *in)
{
	json_t *errors = NULL;
	memset(in, 0, sizeof *in);
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
		return errors;
	}
	static const char *const KNOWN[] = {"org_id", "code",     "title", "title_hi", "designation",
					    "role_ids", "status", NULL};
	http_reject_unknown(body, KNOWN, "a position", &errors);
	if (create) {
		json_t *org = json_object_get(body, "org_id");
		if (!json_is_integer(org) || json_integer_value(org) < 1)
			http_field_error(&errors, "org_id", "is required: the id of the organisation the post is in");
		else
			in->org_id = json_integer_value(org);
		(void)http_take_string(body, "code", NULL, 40, false, &in->code, NULL, &errors);
		if (!json_object_get(body, "code"))
			http_field_error(&errors, "code", "is required");
		else if (in->code && !util_code_valid(in->code, 40, true))
			http_field_error(&errors, "code", "must be 2 to 40 of capital letters, digits, '-' and '_', "
							  "starting with a letter or digit");
		if (!json_object_get(body, "title"))
			http_field_error(&errors, "title", "is required");
		if (!json_object_get(body, "role_ids"))
			http_field_error(&errors, "role_ids", "are required: 1 to 20 work roles the post carries");
		if (json_object_get(body, "status"))
			http_field_error(&errors, "status", "is set after creation");
	} else {
		if (json_object_get(body, "code"))
			http_field_error(&errors, "code", "cannot change: make a new position instead");
		if (json_object_get(body, "org_id"))
			http_field_error(&errors, "org_id", "cannot change: make a new position in the other organisation");
		if (!errors && json_object_size(body) == 0)
			http_field_error(&errors, "body", "changes nothing: send the fields to change");
	}
	(void)http_take_string(body, "title", NULL, 200, false, &in->title, NULL, &errors);
	(void)http_take_string(body, "title_hi", NULL, 200, true, &in->title_hi, &in->has_title_hi, &errors);
	(void)http_take_string(body, "designation", NULL, 32, true, &in->designation, &in->has_designation, &errors);
	if (!create) {
		(void)http_take_string(body, "status", NULL, 10, false, &in->status, NULL, &errors);
		if (in->status && strcmp(in->status, "active") && strcmp(in->status, "abolished"))
			http_field_error(&errors, "status", "must be active or abolished");
	}
	json_t *roles = json_object_get(body, "role_ids");
	if (roles)
		read_role_ids(roles, in, &errors);
	return errors;
}

/* Every role must exist, be active, and be shared or owned by an organisation whose subtree holds org_id. */
static int check_roles(struct db_conn *db, const struct position_input *in, int64_t org_id, json_t **errors)
{
	for (size_t i = 0; in->has_roles && i < in->nroles; i++) {
		struct db_stmt *st = db_prepare(db, "SELECT r.org_id, r.shared, r.status, o.code FROM work_roles r JOIN "
						    "organisations o ON o.id = r.org_id WHERE r.id = $1");
		if (!st || db_bind_int64(st, 1, in->role_ids[i])) {
			db_finish(st);
			return -1;
		}
		int rc = db_step(st);
		int64_t owner = 0;
		bool shared = false, active = false;
		char owner_code[64] = "";
		if (rc == DB_ROW) {
			owner = db_column_int64(st, 0);
			shared = db_column_int64(st, 1) != 0;
			active = !strcmp(db_column_text(st, 2), "active");
			snprintf(owner_code, sizeof owner_code, "%s", db_column_text(st, 3));
		}
		db_finish(st);
		if (rc < 0)
			return -1;
		char field[32], msg[200];
		snprintf(field, sizeof field, "role_ids[%zu]", i);
		if (rc != DB_ROW) {
			http_field_error(errors, field, "no work role has this id");
		} else if (!active) {
			http_field_error(errors, field, "is retired; choose an active role");
		} else if (!shared && !org_in_subtree(db, org_id, owner)) {
			snprintf(msg, sizeof msg, "is a private role of %s: only positions in %s and its units may carry it",
				 owner_code, owner_code);
			http_field_error(errors, field, msg);
		}
	}
	return 0;
}

static bool org_exists(struct db_conn *db, int64_t org_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM organisations WHERE id = $1");
	bool yes = st && !db_bind_int64(st, 1, org_id) && db_step(st) == DB_ROW;
	db_finish(st);
	return yes;
}

static bool code_taken(struct db_conn *db, int64_t org_id, const char *code)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM positions WHERE org_id = $1 AND code = $2");
	bool yes = st && !db_bind_int64(st, 1, org_id) && !db_bind_text(st, 2, code) && db_step(st) == DB_ROW;
	db_finish(st);
	return yes;
}

/* The database checks shared by create and edit: designation and roles. -1 on a database error. */
static int check_refs(struct db_conn *db, const struct position_input *in, int64_t org_id, json_t **errors)
{
	if (in->designation && !org_designation_exists(db, in->designation))
		http_field_error(errors, "designation", "is not a known designation code");
	return check_roles(db, in, org_id, errors);
}

static int audit_position(struct http_request *req, const char *action, int64_t id, int64_t org, json_t *before,
			  json_t *after)
{
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	return http_audit(req, action, "position", idtext, org, before, after);
}

static void save(struct http_request *req, struct db_conn *db, int64_t id, const struct position_input *in,
		 int64_t org, json_t *before)
{
	bool err;
	json_t *after = NULL;
	int64_t new_id = id;
	int rc = db_begin(db);
	if (!rc)
		rc = frac_position_write(db, id, in, &new_id);
	if (!rc && !(after = frac_position_json(db, new_id, NULL, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = audit_position(req, id ? "position.update" : "position.create", new_id, org, before, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		if (rc == DB_CONSTRAINT)
			http_reply_conflict(req, "A position with this code already exists in the organisation.");
		else if (rc == 1)
			http_reply_not_found(req, "position");
		else
			http_reply_db_error(req);
		json_decref(after);
		return;
	}
	http_reply_json(req, id ? 200 : 201, after);
}

static void post_position(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	json_t *body = db ? http_body_json(req) : NULL;
	if (!body)
		return;
	struct position_input in;
	json_t *errors = read_body(body, true, &in);
	if (!errors && !org_exists(db, in.org_id))
		http_field_error(&errors, "org_id", "no organisation has this id");
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	if (!org_can_admin(db, http_user(req)->id, in.org_id)) {
		forbidden(req);
		goto out;
	}
	if (check_refs(db, &in, in.org_id, &errors)) {
		json_decref(errors);
		http_reply_db_error(req);
		goto out;
	}
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	if (code_taken(db, in.org_id, in.code)) {
		http_reply_conflict(req, "A position with this code already exists in the organisation.");
		goto out;
	}
	save(req, db, 0, &in, in.org_id, NULL);
out:
	json_decref(body);
}

/* The position at {id} when the caller may read it (its org's admins, its holder, their reporting officer);
 * NULL with the reply set otherwise. *admin tells whether the caller administers it. */
static json_t *load_visible(struct http_request *req, struct db_conn *db, int64_t id, struct frac_position_meta *m,
			    bool *admin)
{
	bool err;
	json_t *p = frac_position_json(db, id, m, &err);
	int64_t me = http_user(req)->id;
	*admin = p && org_can_admin(db, me, m->org_id);
	if (p && !*admin && me != m->holder_id && me != m->officer_id) {
		json_decref(p);
		p = NULL;
	}
	if (!p)
		err ? http_reply_db_error(req) : http_reply_not_found(req, "position");
	return p;
}

static void get_position(struct http_request *req)
{
	int64_t id;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	struct frac_position_meta m;
	bool admin;
	json_t *p = load_visible(req, db, id, &m, &admin);
	if (p)
		http_reply_json(req, 200, p);
}

static void patch_position(struct http_request *req)
{
	int64_t id;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	struct frac_position_meta m;
	struct position_input in;
	bool admin;
	json_t *errors = NULL, *before = load_visible(req, db, id, &m, &admin);
	if (!before)
		goto out;
	if ((errors = read_body(body, false, &in))) {
		http_reply_invalid(req, errors);
		goto out;
	}
	if (!admin) {
		forbidden(req);
		goto out;
	}
	if (check_refs(db, &in, m.org_id, &errors)) {
		json_decref(errors);
		http_reply_db_error(req);
		goto out;
	}
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	save(req, db, id, &in, m.org_id, before);
out:
	json_decref(body);
	json_decref(before);
}

static json_t *read_list_filter(struct http_request *req, int *subtree, const char **status, const char **q)
{
	json_t *errors = NULL;
	const char *sub = http_query(req, "subtree");
	*subtree = !sub || strcmp(sub, "0");
	if (sub && strcmp(sub, "0") && strcmp(sub, "1"))
		http_field_error(&errors, "subtree", "must be 0 or 1");
	*status = http_query(req, "status");
	if (*status && strcmp(*status, "active") && strcmp(*status, "abolished"))
		http_field_error(&errors, "status", "must be active or abolished");
	*q = http_query(req, "q");
	if (*q && strlen(*q) > 200)
		http_field_error(&errors, "q", "must be at most 200 characters");
	return errors;
}

static json_t *load_position(struct db_conn *db, int64_t id, bool *db_error)
{
	return frac_position_json(db, id, NULL, db_error);
}

static void list_positions(struct http_request *req)
{
	int64_t org_id;
	struct http_list list;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &org_id) || http_list_params(req, &list) || !db)
		return;
	int subtree;
	const char *status, *q;
	json_t *errors = read_list_filter(req, &subtree, &status, &q);
	if (errors) {
		http_reply_invalid(req, errors);
		return;
	}
	if (!org_exists(db, org_id)) {
		http_reply_not_found(req, "organisation");
		return;
	}
	if (!org_can_admin(db, http_user(req)->id, org_id)) {
		forbidden(req);
		return;
	}
	struct db_stmt *st = db_prepare(
		db, "WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION SELECT o.id FROM organisations o JOIN sub "
		    "ON o.parent_id = sub.id WHERE CAST($2 AS BIGINT) = 1) SELECT p.id, p.title_en FROM positions p WHERE "
		    "p.org_id IN (SELECT id FROM sub) AND ($3 = '' OR p.status = $3) AND ($4 = '%%' OR LOWER(p.code) LIKE "
		    "$4 ESCAPE '\\' OR LOWER(p.title_en) LIKE $4 ESCAPE '\\' OR p.title_hi LIKE $4 ESCAPE '\\') AND "
		    "(p.title_en, p.id) > ($5, CAST($6 AS BIGINT)) ORDER BY p.title_en, p.id LIMIT $7");
	const char *pattern = http_list_like(req, q ? q : "");
	if (!st || !pattern || db_bind_int64(st, 1, org_id) || db_bind_int64(st, 2, subtree) ||
	    db_bind_text(st, 3, status ? status : "") || db_bind_text(st, 4, pattern) || db_bind_text(st, 5, list.key) ||
	    db_bind_int64(st, 6, list.id) || db_bind_int64(st, 7, list.limit + 1)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	frac_reply_page(req, db, st, &list, load_position, "title");
}

const struct http_route frac_position_routes[] = {
	{"GET", "/api/v1/orgs/{id}/positions", list_positions, HTTP_SESSION, 0},
	{"POST", "/api/v1/positions", post_position, HTTP_SESSION, 0},
	{"GET", "/api/v1/positions/{id}", get_position, HTTP_SESSION, 0},
	{"PATCH", "/api/v1/positions/{id}", patch_position, HTTP_SESSION, 0},
	{"POST", "/api/v1/positions/{id}/holders", frac_holder_post, HTTP_SESSION, 0},
	{"PATCH", "/api/v1/position-holders/{id}", frac_holder_patch, HTTP_SESSION, 0},
	{"GET", "/api/v1/officials/{id}/positions", frac_holdings_get, HTTP_SESSION, 0},
	{"GET", "/api/v1/me/reportees", frac_reportees_get, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
