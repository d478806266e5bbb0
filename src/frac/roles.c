/* Work roles over HTTP: every session reads shared roles and the private roles of its own organisations;
 * the admins of a role's organisation create and edit it. Checks the body, references and extends cycles,
 * then writes through frac_role_write (role_store.c). */
#include "frac/frac_int.h"

#include "core/util.h"

#include "http/audit.h"
#include "http/input.h"
#include "http/list.h"
#include "org/org.h"

#include <stdio.h>
#include <string.h>

#define ROLE_LIST_MAX 100

/* A role body as read: the writer's input and the arrays it points into. */
struct role_body {
	struct role_input in;
	struct role_activity activities[ROLE_LIST_MAX];
	struct frac_req requirements[ROLE_LIST_MAX];
};

/* A positive integer member; false (with an error) when present and not one. */
static bool take_id(json_t *body, const char *key, bool nullable, int64_t *out, json_t **errors)
{
	json_t *v = json_object_get(body, key);
	if (!v || (nullable && json_is_null(v)))
		return true;
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		http_field_error(errors, key, nullable ? "must be the id of an existing work role, or null"
						       : "must be the id of an existing organisation");
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

/* http_reject_unknown for an item of a list: the field is named as a path (activities[2].colour). */
static void reject_unknown_in(json_t *item, const char *const *known, const char *path, const char *what,
			      json_t **errors)
{
	json_t *unknown = NULL;
	http_reject_unknown(item, known, what, &unknown);
	size_t i;
	json_t *e;
	json_array_foreach(unknown, i, e)
	{
		char field[160];
		snprintf(field, sizeof field, "%s.%.100s", path, json_string_value(json_object_get(e, "field")));
		http_field_error(errors, field, json_string_value(json_object_get(e, "message")));
	}
	json_decref(unknown);
}

static void read_activities(json_t *list, struct role_body *b, json_t **errors)
{
	if (!json_is_array(list) || json_array_size(list) > ROLE_LIST_MAX) {
		http_field_error(errors, "activities", "must be a list of at most 100 activities");
		return;
	}
	static const char *const KNOWN[] = {"text", "text_hi", NULL};
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item)
	{
		char field[64];
		snprintf(field, sizeof field, "activities[%zu]", i);
		if (!json_is_object(item)) {
			http_field_error(errors, field, "must be an object with text and text_hi");
			continue;
		}
		reject_unknown_in(item, KNOWN, field, "an activity", errors);
		struct role_activity *a = &b->activities[i];
		a->text = a->text_hi = NULL;
		snprintf(field, sizeof field, "activities[%zu].text", i);
		(void)http_take_string(item, "text", field, 1000, false, &a->text, NULL, errors);
		if (!json_object_get(item, "text"))
			http_field_error(errors, field, "is required: what a person in this role does");
		snprintf(field, sizeof field, "activities[%zu].text_hi", i);
		(void)http_take_string(item, "text_hi", field, 1000, true, &a->text_hi, NULL, errors);
	}
	b->in.nactivities = json_array_size(list);
	b->in.activities = b->activities;
	b->in.has_activities = true;
}

static void read_requirements(json_t *list, struct role_body *b, json_t **errors)
{
	if (!json_is_array(list) || json_array_size(list) > ROLE_LIST_MAX) {
		http_field_error(errors, "requirements", "must be a list of at most 100 required competencies");
		return;
	}
	static const char *const KNOWN[] = {"competency_id", "level", NULL};
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item)
	{
		char field[64];
		snprintf(field, sizeof field, "requirements[%zu]", i);
		struct frac_req *r = &b->requirements[i];
		r->competency_id = 0;
		r->level = 0;
		if (!json_is_object(item)) {
			http_field_error(errors, field, "must be an object with competency_id and level");
			continue;
		}
		reject_unknown_in(item, KNOWN, field, "a requirement", errors);
		json_t *c = json_object_get(item, "competency_id"), *l = json_object_get(item, "level");
		snprintf(field, sizeof field, "requirements[%zu].competency_id", i);
		if (!json_is_integer(c) || json_integer_value(c) < 1)
			http_field_error(errors, field, "must be the id of an active competency");
		else
			r->competency_id = json_integer_value(c);
		for (size_t j = 0; r->competency_id && j < i; j++)
			if (b->requirements[j].competency_id == r->competency_id) {
				http_field_error(errors, field, "names a competency already required: list each once");
				break;
			}
		snprintf(field, sizeof field, "requirements[%zu].level", i);
		if (!json_is_integer(l) || json_integer_value(l) < 1 || json_integer_value(l) > 5)
			http_field_error(errors, field, "must be a whole number from 1 to 5");
		else
			r->level = (int)json_integer_value(l);
	}
	b->in.nrequirements = json_array_size(list);
	b->in.requirements = b->requirements;
	b->in.has_requirements = true;
}

static void read_texts(json_t *body, bool create, struct role_input *in, json_t **errors)
{
	(void)http_take_string(body, "name", NULL, 200, false, &in->name, &in->has_name, errors);
	(void)http_take_string(body, "name_hi", NULL, 200, true, &in->name_hi, &in->has_name_hi, errors);
	(void)http_take_string(body, "description", NULL, 2000, true, &in->description, &in->has_description, errors);
	(void)http_take_string(body, "description_hi", NULL, 2000, true, &in->description_hi, &in->has_description_hi,
			       errors);
	if (create && !in->has_name)
		http_field_error(errors, "name", "is required");
}

/* Reads a create (create true) or an edit body. Returns the field errors, NULL when none. Checks nothing
 * that needs the database. */
static json_t *read_body(json_t *body, bool create, struct role_body *b)
{
	json_t *errors = NULL;
	memset(b, 0, sizeof *b);
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
		return errors;
	}
	static const char *const KNOWN[] = {"code",    "name",       "name_hi",    "description",  "description_hi",
					    "org_id",  "shared",     "extends_id", "activities",   "requirements",
					    "status",  NULL};
	http_reject_unknown(body, KNOWN, "a work role", &errors);
	struct role_input *in = &b->in;
	if (create) {
		if (json_object_get(body, "status"))
			http_field_error(&errors, "status", "is set after creation");
		(void)http_take_string(body, "code", NULL, 40, false, &in->code, NULL, &errors);
		if (!json_object_get(body, "code"))
			http_field_error(&errors, "code", "is required");
		else if (in->code && !util_code_valid(in->code, 40, true))
			http_field_error(&errors, "code", "must be 2 to 40 of capital letters, digits, '-' and '_', "
							  "starting with a letter or digit");
		if (!json_object_get(body, "org_id"))
			http_field_error(&errors, "org_id", "is required: the organisation that owns the role");
		else
			(void)take_id(body, "org_id", false, &in->org_id, &errors);
		if (!json_object_get(body, "requirements"))
			http_field_error(&errors, "requirements", "are required: the competencies the role needs");
	} else {
		if (json_object_get(body, "code"))
			http_field_error(&errors, "code", "cannot change: make a new role instead");
		if (json_object_get(body, "org_id"))
			http_field_error(&errors, "org_id", "cannot change: make a new role in the other organisation");
		if (!errors && json_object_size(body) == 0)
			http_field_error(&errors, "body", "changes nothing: send the fields to change");
	}
	read_texts(body, create, in, &errors);
	json_t *shared = json_object_get(body, "shared");
	in->shared = true;
	if (shared) {
		in->has_shared = true;
		if (!json_is_boolean(shared))
			http_field_error(&errors, "shared", "must be true or false");
		else
			in->shared = json_is_true(shared);
	}
	in->has_extends = json_object_get(body, "extends_id") != NULL;
	(void)take_id(body, "extends_id", true, &in->extends_id, &errors);
	(void)http_take_string(body, "status", NULL, 10, false, &in->status, &in->has_status, &errors);
	if (in->status && strcmp(in->status, "active") && strcmp(in->status, "retired"))
		http_field_error(&errors, "status", "must be active or retired");
	json_t *list = json_object_get(body, "activities");
	if (list)
		read_activities(list, b, &errors);
	list = json_object_get(body, "requirements");
	if (list)
		read_requirements(list, b, &errors);
	return errors;
}

/* --- checks against the database --- */

static bool visible(struct http_request *req, struct db_conn *db, const struct frac_role_meta *m)
{
	const struct http_user *me = http_user(req);
	return m->shared || org_can_admin(db, me->id, m->org_id) || org_in_subtree(db, me->org_id, m->org_id);
}

/* 0 when every required competency exists and is active; field errors otherwise. -1 on a database error. */
static int check_competencies(struct db_conn *db, const struct role_input *in, json_t **errors)
{
	for (size_t i = 0; in->has_requirements && i < in->nrequirements; i++) {
		struct db_stmt *st = db_prepare(db, "SELECT status FROM competencies WHERE id = $1");
		if (!st || db_bind_int64(st, 1, in->requirements[i].competency_id)) {
			db_finish(st);
			return -1;
		}
		int rc = db_step(st);
		bool retired = rc == DB_ROW && strcmp(db_column_text(st, 0), "active");
		db_finish(st);
		if (rc < 0)
			return -1;
		char field[64];
		snprintf(field, sizeof field, "requirements[%zu].competency_id", i);
		if (rc == DB_DONE)
			http_field_error(errors, field, "no competency has this id");
		else if (retired)
			http_field_error(errors, field, "is retired; choose an active competency");
	}
	return 0;
}

/* "would make a cycle: B → A → B": the codes from role_id along the chain that leads back to it. */
static int cycle_message(struct db_conn *db, int64_t role_id, int64_t extends_id, char *out, size_t size)
{
	size_t used = (size_t)snprintf(out, size, "would make a cycle: ");
	int64_t cur = role_id;
	for (int step = 0; step < 32 && cur && used < size; step++) {
		struct db_stmt *st = db_prepare(db, "SELECT code, extends_id FROM work_roles WHERE id = $1");
		if (!st || db_bind_int64(st, 1, cur) || db_step(st) != DB_ROW) {
			db_finish(st);
			return -1;
		}
		used += (size_t)snprintf(out + used, size - used, "%s%s", step ? " → " : "", db_column_text(st, 0));
		int64_t next = step == 0 ? extends_id : db_column_null(st, 1) ? 0 : db_column_int64(st, 1);
		db_finish(st);
		if (step > 0 && cur == role_id)
			break;
		cur = next;
	}
	return 0;
}

/* extends_id must name an active role this role's organisation may use, and not lead back to role_id. */
static int check_extends(struct http_request *req, struct db_conn *db, int64_t role_id, int64_t org_id,
			 int64_t extends_id, json_t **errors)
{
	bool err;
	struct frac_role_meta m;
	json_t *parent = frac_role_json(db, extends_id, &m, &err);
	if (!parent && err)
		return -1;
	if (!parent || !visible(req, db, &m)) {
		http_field_error(errors, "extends_id", "no work role has this id");
	} else if (!m.active) {
		http_field_error(errors, "extends_id", "is retired; choose an active role");
	} else if (!m.shared && !org_in_subtree(db, org_id, m.org_id)) {
		http_field_error(errors, "extends_id", "is a private role of another organisation; only roles of "
						       "that organisation and its units can extend it");
	} else {
		int cycle = frac_role_would_cycle(db, role_id, extends_id);
		char msg[600];
		if (cycle < 0 || (cycle && cycle_message(db, role_id, extends_id, msg, sizeof msg)))
			err = true;
		else if (cycle)
			http_field_error(errors, "extends_id", msg);
	}
	json_decref(parent);
	return err ? -1 : 0;
}

/* A role made private must not be carried or extended outside its owner's subtree. */
int frac_role_used_outside(struct db_conn *db, int64_t role_id, int64_t org_id, char *what, size_t size)
{
	struct db_stmt *st = db_prepare(
		db, "WITH RECURSIVE sub(id) AS (SELECT CAST($2 AS BIGINT) UNION SELECT o.id FROM organisations o JOIN sub "
		    "ON o.parent_id = sub.id) SELECT 'position', p.code FROM position_roles pr JOIN positions p ON "
		    "p.id = pr.position_id WHERE pr.role_id = $1 AND p.org_id NOT IN (SELECT id FROM sub) UNION ALL "
		    "SELECT 'role', w.code FROM work_roles w WHERE w.extends_id = $1 AND w.org_id NOT IN (SELECT id FROM sub) "
		    "LIMIT 1");
	if (!st || db_bind_int64(st, 1, role_id) || db_bind_int64(st, 2, org_id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(what, size, "%s %.60s", db_column_text(st, 0), db_column_text(st, 1));
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static int check_private(struct db_conn *db, int64_t role_id, int64_t org_id, json_t **errors)
{
	char what[80];
	int used = frac_role_used_outside(db, role_id, org_id, what, sizeof what);
	if (used > 0) {
		char msg[200];
		snprintf(msg, sizeof msg, "cannot be false: %s outside the owning organisation uses this role", what);
		http_field_error(errors, "shared", msg);
	}
	return used < 0 ? -1 : 0;
}

static bool org_exists(struct db_conn *db, int64_t org_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM organisations WHERE id = $1");
	bool yes = st && !db_bind_int64(st, 1, org_id) && db_step(st) == DB_ROW;
	db_finish(st);
	return yes;
}

static bool code_taken(struct db_conn *db, const char *code)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM work_roles WHERE code = $1");
	bool yes = st && !db_bind_text(st, 1, code) && db_step(st) == DB_ROW;
	db_finish(st);
	return yes;
}

/* --- handlers --- */

static json_t *load_role(struct db_conn *db, int64_t id, bool *db_error)
{
	return frac_role_json(db, id, NULL, db_error);
}

static void list_roles(struct http_request *req)
{
	struct http_list list;
	struct db_conn *db = http_db(req);
	if (http_list_params(req, &list) || !db)
		return;
	json_t *errors = NULL;
	const char *status = http_query(req, "status"), *q = http_query(req, "q"), *org = http_query(req, "org_id");
	long long org_id = 0;
	char end;
	if (status && strcmp(status, "active") && strcmp(status, "retired"))
		http_field_error(&errors, "status", "must be active or retired");
	if (q && strlen(q) > 200)
		http_field_error(&errors, "q", "must be at most 200 characters");
	if (org && (sscanf(org, "%lld%c", &org_id, &end) != 1 || org_id < 1))
		http_field_error(&errors, "org_id", "must be the id of an organisation");
	if (errors) {
		http_reply_invalid(req, errors);
		return;
	}
	const struct http_user *me = http_user(req);
	/* Shared roles, and private ones of organisations the caller administers or works under. */
	struct db_stmt *st = db_prepare(
		db, "WITH RECURSIVE adm(id) AS (SELECT org_id FROM role_grants WHERE official_id = $1 AND role IN "
		    "('mdo_admin', 'spv_admin') UNION SELECT o.id FROM organisations o JOIN adm ON o.parent_id = adm.id), "
		    "up(id, parent_id) AS (SELECT id, parent_id FROM organisations WHERE id = $2 UNION ALL SELECT o.id, "
		    "o.parent_id FROM organisations o JOIN up ON o.id = up.parent_id) "
		    "SELECT r.id, r.name_en FROM work_roles r WHERE (r.shared = 1 OR r.org_id IN (SELECT id FROM adm) OR "
		    "r.org_id IN (SELECT id FROM up)) AND (CAST($3 AS BIGINT) = 0 OR r.org_id = $3) AND ($4 = '' OR "
		    "r.status = $4) AND ($5 = '%%' OR LOWER(r.code) LIKE $5 ESCAPE '\\' OR LOWER(r.name_en) LIKE $5 "
		    "ESCAPE '\\' OR r.name_hi LIKE $5 ESCAPE '\\') AND (r.name_en, r.id) > ($6, CAST($7 AS BIGINT)) "
		    "ORDER BY r.name_en, r.id LIMIT $8");
	const char *pattern = http_list_like(req, q ? q : "");
	if (!st || !pattern || db_bind_int64(st, 1, me->id) || db_bind_int64(st, 2, me->org_id) ||
	    db_bind_int64(st, 3, org_id) || db_bind_text(st, 4, status ? status : "") || db_bind_text(st, 5, pattern) ||
	    db_bind_text(st, 6, list.key) || db_bind_int64(st, 7, list.id) || db_bind_int64(st, 8, list.limit + 1)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	frac_reply_page(req, db, st, &list, load_role, "name");
}

/* The role at {id} when the caller may see it; NULL with the reply set otherwise. */
static json_t *load_visible(struct http_request *req, struct db_conn *db, int64_t id, struct frac_role_meta *m)
{
	bool err;
	json_t *role = frac_role_json(db, id, m, &err);
	if (role && !visible(req, db, m)) {
		json_decref(role);
		role = NULL;
	}
	if (!role)
		err ? http_reply_db_error(req) : http_reply_not_found(req, "work role");
	return role;
}

static void get_role(struct http_request *req)
{
	int64_t id;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	struct frac_role_meta m;
	json_t *role = load_visible(req, db, id, &m);
	if (role)
		http_reply_json(req, 200, role);
}

static int audit_role(struct http_request *req, const char *action, int64_t id, int64_t org, json_t *before,
		      json_t *after)
{
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	return http_audit(req, action, "work_role", idtext, org, before, after);
}

/* Writes the role and its audit entry in one transaction; replies with the role or the error. */
static void save(struct http_request *req, struct db_conn *db, int64_t id, const struct role_input *in, int64_t org,
		 json_t *before)
{
	bool err;
	json_t *after = NULL;
	int64_t new_id = id;
	int rc = db_begin(db);
	if (!rc)
		rc = frac_role_write(db, id, in, http_user(req)->id, &new_id);
	if (!rc && !(after = frac_role_json(db, new_id, NULL, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = audit_role(req, id ? "work_role.update" : "work_role.create", new_id, org, before, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		if (rc == DB_CONSTRAINT)
			http_reply_conflict(req, "A work role with this code already exists.");
		else if (rc == 1)
			http_reply_not_found(req, "work role");
		else
			http_reply_db_error(req);
		json_decref(after);
		return;
	}
	http_reply_json(req, id ? 200 : 201, after);
}

static void forbidden(struct http_request *req)
{
	http_reply_problem(req, 403, "forbidden",
			   "This organisation is outside your scope: only its admins (mdo_admin or spv_admin on it or "
			   "above it) may write its work roles.");
}

static void post_role(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	json_t *body = db ? http_body_json(req) : NULL;
	if (!body)
		return;
	struct role_body b;
	json_t *errors = read_body(body, true, &b);
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	if (!org_exists(db, b.in.org_id)) {
		http_field_error(&errors, "org_id", "no organisation has this id");
		http_reply_invalid(req, errors);
		goto out;
	}
	if (!org_can_admin(db, http_user(req)->id, b.in.org_id)) {
		forbidden(req);
		goto out;
	}
	if (check_competencies(db, &b.in, &errors) ||
	    (b.in.extends_id && check_extends(req, db, 0, b.in.org_id, b.in.extends_id, &errors))) {
		json_decref(errors);
		http_reply_db_error(req);
		goto out;
	}
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	if (code_taken(db, b.in.code)) {
		http_reply_conflict(req, "A work role with this code already exists.");
		goto out;
	}
	save(req, db, 0, &b.in, b.in.org_id, NULL);
out:
	json_decref(body);
}

static void patch_role(struct http_request *req)
{
	int64_t id;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	struct frac_role_meta m;
	struct role_body b;
	json_t *errors = NULL, *before = load_visible(req, db, id, &m);
	if (!before)
		goto out;
	if ((errors = read_body(body, false, &b))) {
		http_reply_invalid(req, errors);
		goto out;
	}
	if (!org_can_admin(db, http_user(req)->id, m.org_id)) {
		forbidden(req);
		goto out;
	}
	if (check_competencies(db, &b.in, &errors) ||
	    (b.in.extends_id && check_extends(req, db, id, m.org_id, b.in.extends_id, &errors)) ||
	    (b.in.has_shared && !b.in.shared && check_private(db, id, m.org_id, &errors))) {
		json_decref(errors);
		http_reply_db_error(req);
		goto out;
	}
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	save(req, db, id, &b.in, m.org_id, before);
out:
	json_decref(body);
	json_decref(before);
}

const struct http_route frac_role_routes[] = {
	{"GET", "/api/v1/work-roles", list_roles, HTTP_SESSION, 0},
	{"POST", "/api/v1/work-roles", post_role, HTTP_SESSION, 0},
	{"GET", "/api/v1/work-roles/{id}", get_role, HTTP_SESSION, 0},
	{"PATCH", "/api/v1/work-roles/{id}", patch_role, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
