/* Governance of the dictionary: an MDO proposes a new competency or a change, an SPV admin publishes or
 * rejects it with a comment. Both see the queue; an MDO sees only its own organisations' proposals. */
#include "frac/frac_int.h"

#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"
#include "http/list.h"
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_spv(struct http_request *req, struct db_conn *db)
{
	return org_has_role_anywhere(db, http_user(req)->id, "spv_admin");
}

#define PROPOSAL_COLUMNS                                                                                        \
	"p.id, p.competency_id, o.id, o.code, o.name_en, f.id, f.name_en, p.status, p.payload, p.comment, "       \
	"p.review_comment, p.created_at, p.reviewed_at, p.org_id, o.name_hi, f.name_hi"
#define PROPOSAL_FROM                                                                                           \
	" FROM competency_proposals p JOIN organisations o ON o.id = p.org_id JOIN officials f ON f.id = p.proposed_by"

static json_t *nullable_text(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *nullable_time(struct db_stmt *st, int col)
{
	if (db_column_null(st, col))
		return json_null();
	char iso[32];
	util_iso8601(db_column_int64(st, col), iso);
	return json_string(iso);
}

static json_t *proposal_from_row(struct db_stmt *st)
{
	json_t *payload = json_loads(db_column_text(st, 8), 0, NULL);
	/* A new competency's proposal carries its code; a change never does (the code cannot change). */
	bool change = !json_object_get(payload, "code");
	return json_pack("{s:I, s:s, s:o, s:{s:I, s:s, s:s, s:o}, s:{s:I, s:s, s:o}, s:s, s:o, s:o, s:o, s:o, s:o}",
			 "id", (json_int_t)db_column_int64(st, 0), "kind", change ? "change" : "new", "competency_id",
			 db_column_null(st, 1) ? json_null() : json_integer(db_column_int64(st, 1)), "org", "id",
			 (json_int_t)db_column_int64(st, 2), "code", db_column_text(st, 3), "name", db_column_text(st, 4),
			 "name_hi", nullable_text(db_column_text(st, 14)), "proposed_by", "id",
			 (json_int_t)db_column_int64(st, 5), "name", db_column_text(st, 6), "name_hi",
			 nullable_text(db_column_text(st, 15)), "status",
			 db_column_text(st, 7), "proposal", payload ? payload : json_object(), "comment",
			 nullable_text(db_column_text(st, 9)), "review_comment", nullable_text(db_column_text(st, 10)),
			 "created_at", nullable_time(st, 11), "reviewed_at", nullable_time(st, 12));
}

/* Loads a proposal the caller may see: SPV admins all, MDO admins their organisations'. 1, 0 (404 set), -1. */
static int load_visible(struct http_request *req, struct db_conn *db, int64_t id, json_t **out, int64_t *org_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT " PROPOSAL_COLUMNS PROPOSAL_FROM " WHERE p.id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		http_reply_db_error(req);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = proposal_from_row(st);
		*org_id = db_column_int64(st, 13);
	}
	db_finish(st);
	if (rc < 0) {
		http_reply_db_error(req);
		return -1;
	}
	if (rc != DB_ROW || (!is_spv(req, db) && !org_can_admin(db, http_user(req)->id, *org_id))) {
		if (rc == DB_ROW)
			json_decref(*out);
		*out = NULL;
		http_reply_problem(req, 404, "not_found", "There is no such proposal, or it is not yours to see.");
		return 0;
	}
	return 1;
}

/* Reads competency_id (optional), org_id (required, administered by the caller) and comment. */
static json_t *read_envelope(struct http_request *req, struct db_conn *db, json_t *body, int64_t *comp_id,
			     int64_t *org_id, const char **comment, bool *forbidden)
{
	json_t *errors = NULL;
	*forbidden = false;
	*comp_id = 0;
	json_t *c = json_object_get(body, "competency_id");
	if (c && !json_is_null(c)) {
		if (!json_is_integer(c) || json_integer_value(c) < 1)
			http_field_error(&errors, "competency_id", "must be the id of an existing competency");
		else
			*comp_id = json_integer_value(c);
	}
	json_t *o = json_object_get(body, "org_id");
	if (!json_is_integer(o) || json_integer_value(o) < 1) {
		http_field_error(&errors, "org_id", "is required: the organisation that proposes");
	} else {
		*org_id = json_integer_value(o);
		*forbidden = !org_can_admin(db, http_user(req)->id, *org_id);
	}
	json_t *cm = json_object_get(body, "comment");
	*comment = json_is_string(cm) ? json_string_value(cm) : NULL;
	if (cm && !json_is_null(cm) && (!json_is_string(cm) || json_string_length(cm) > 2000))
		http_field_error(&errors, "comment", "must be text of at most 2000 characters");
	if (*comp_id) {
		bool err;
		json_t *existing = frac_competency_json(db, *comp_id, 0, &err);
		if (!existing && !err)
			http_field_error(&errors, "competency_id", "no competency has this id");
		json_decref(existing);
	}
	return errors;
}

/* The proposed fields alone, as stored and shown. */
static json_t *payload_of(json_t *body)
{
	json_t *p = json_deep_copy(body);
	json_object_del(p, "competency_id");
	json_object_del(p, "org_id");
	json_object_del(p, "comment");
	return p;
}

static int insert_proposal(struct db_conn *db, int64_t comp_id, int64_t org_id, int64_t by, json_t *payload,
			   const char *comment, int64_t *id)
{
	char *text = json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS);
	struct db_stmt *st = text ? db_prepare(db, "INSERT INTO competency_proposals (competency_id, org_id, "
						   "proposed_by, payload, comment, created_at) VALUES ($1, $2, $3, $4, "
						   "$5, $6) RETURNING id")
				  : NULL;
	int rc = !st || (comp_id ? db_bind_int64(st, 1, comp_id) : db_bind_null(st, 1)) ||
		 db_bind_int64(st, 2, org_id) || db_bind_int64(st, 3, by) || db_bind_text(st, 4, text) ||
		 db_bind_text(st, 5, comment) || db_bind_int64(st, 6, util_now_ms());
	if (!rc && (rc = db_step(st)) == DB_ROW) {
		*id = db_column_int64(st, 0);
		rc = 0;
	}
	db_finish(st);
	free(text);
	return rc < 0 ? rc : rc ? DB_ERROR : 0;
}

static int audit_proposal(struct http_request *req, const char *action, int64_t id, int64_t org, json_t *after)
{
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	return http_audit(req, action, "competency_proposal", idtext, org, NULL, after);
}

static bool code_taken(struct db_conn *db, const char *code)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM competencies WHERE UPPER(code) = UPPER($1)");
	bool yes = st && code && !db_bind_text(st, 1, code) && db_step(st) == DB_ROW;
	db_finish(st);
	return yes;
}

static void post_proposal(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	json_t *body = db ? http_body_json(req) : NULL;
	if (!body)
		return;
	json_t *payload = NULL, *after = NULL;
	int64_t comp_id = 0, org_id = 0, id = 0;
	const char *comment = NULL;
	bool forbidden = false;
	struct comp_input in;
	json_t *errors = NULL;
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
	} else {
		errors = read_envelope(req, db, body, &comp_id, &org_id, &comment, &forbidden);
		payload = payload_of(body);
		json_t *field_errors = frac_read_input(payload, comp_id ? COMP_EDIT : COMP_CREATE, &in);
		size_t i;
		json_t *e;
		json_array_foreach(field_errors, i, e) http_field_error(&errors, json_string_value(json_object_get(e, "field")),
								       json_string_value(json_object_get(e, "message")));
		json_decref(field_errors);
	}
	if (forbidden) {
		json_decref(errors);
		http_reply_problem(req, 403, "forbidden", "You can propose only for organisations you administer.");
		goto out;
	}
	if (!errors && comp_id && json_object_size(payload) == 0)
		http_field_error(&errors, "body", "proposes no change: send the fields to change");
	if (!errors && !comp_id && code_taken(db, in.code)) {
		http_reply_conflict(req, "A competency with this code already exists; propose a change to it.");
		goto out;
	}
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	int rc = db_begin(db);
	if (!rc)
		rc = insert_proposal(db, comp_id, org_id, http_user(req)->id, payload, comment, &id);
	if (!rc)
		rc = audit_proposal(req, "competency.propose", id, org_id, payload);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		http_reply_db_error(req);
		goto out;
	}
	if (load_visible(req, db, id, &after, &org_id) == 1)
		http_reply_json(req, 201, json_incref(after));
out:
	json_decref(body);
	json_decref(payload);
	json_decref(after);
}

static void list_proposals(struct http_request *req)
{
	struct http_list list;
	struct db_conn *db = http_db(req);
	if (http_list_params(req, &list) || !db)
		return;
	const char *status = http_query(req, "status");
	if (status && strcmp(status, "pending") && strcmp(status, "published") && strcmp(status, "rejected")) {
		json_t *errors = NULL;
		http_field_error(&errors, "status", "must be pending, published or rejected");
		http_reply_invalid(req, errors);
		return;
	}
	bool spv = is_spv(req, db);
	if (!spv && !org_has_role_anywhere(db, http_user(req)->id, "mdo_admin")) {
		http_reply_problem(req, 403, "forbidden",
				   "The proposal queue is for ministry administrators and the SPV's reviewers.");
		return;
	}
	/* An MDO admin sees the proposals of organisations under any organisation they administer. */
	struct db_stmt *st = db_prepare(
		db, "WITH RECURSIVE mine(id) AS (SELECT org_id FROM role_grants WHERE official_id = $1 AND role IN "
		    "('mdo_admin', 'spv_admin') UNION SELECT o.id FROM organisations o JOIN mine ON o.parent_id = mine.id) "
		    "SELECT " PROPOSAL_COLUMNS PROPOSAL_FROM " WHERE (CAST($2 AS BIGINT) = 1 OR p.org_id IN (SELECT id FROM mine)) "
		    "AND ($3 = '' OR p.status = $3) AND p.id < CAST($4 AS BIGINT) ORDER BY p.id DESC LIMIT $5");
	if (!st || db_bind_int64(st, 1, http_user(req)->id) || db_bind_int64(st, 2, spv) ||
	    db_bind_text(st, 3, status ? status : "") || db_bind_int64(st, 4, list.id ? list.id : INT64_MAX) ||
	    db_bind_int64(st, 5, list.limit + 1)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	json_t *items = json_array();
	int rc, n = 0;
	int64_t last = 0;
	bool more = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n++ == list.limit) {
			more = true;
			break;
		}
		last = db_column_int64(st, 0);
		json_array_append_new(items, proposal_from_row(st));
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(items);
		http_reply_db_error(req);
		return;
	}
	const char *cursor = more ? http_list_cursor(req, "", last) : NULL;
	http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", nullable_text(cursor)));
}

static void get_proposal(struct http_request *req)
{
	int64_t id, org;
	json_t *p = NULL;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	if (load_visible(req, db, id, &p, &org) == 1)
		http_reply_json(req, 200, p);
}

/* Marks a pending proposal reviewed; DB_CONSTRAINT when it is no longer pending. */
static int mark_reviewed(struct db_conn *db, int64_t id, const char *status, int64_t reviewer, const char *comment)
{
	struct db_stmt *st = db_prepare(db, "UPDATE competency_proposals SET status = $1, reviewer_id = $2, "
					    "review_comment = $3, reviewed_at = $4 WHERE id = $5 AND status = 'pending'");
	int rc = !st || db_bind_text(st, 1, status) || db_bind_int64(st, 2, reviewer) || db_bind_text(st, 3, comment) ||
		 db_bind_int64(st, 4, util_now_ms()) || db_bind_int64(st, 5, id);
	if (!rc)
		rc = db_step(st) == DB_DONE ? 0 : DB_ERROR;
	db_finish(st);
	if (!rc && db_changes(db) != 1)
		rc = DB_CONSTRAINT;
	return rc;
}

/* Applies a published proposal: a new competency, or a new version of the one it changes. */
static int apply(struct db_conn *db, json_t *proposal, int64_t reviewer)
{
	json_t *payload = json_object_get(proposal, "proposal");
	json_t *cid = json_object_get(proposal, "competency_id");
	struct comp_input in;
	json_t *errors = frac_read_input(payload, json_is_integer(cid) ? COMP_EDIT : COMP_CREATE, &in);
	if (errors) {
		json_decref(errors);
		return DB_ERROR;
	}
	if (json_is_integer(cid))
		return frac_apply_edit(db, json_integer_value(cid), &in, reviewer) ? DB_ERROR : 0;
	int64_t id;
	int rc = frac_create(db, &in, reviewer, &id);
	if (rc)
		return rc;
	/* Link the proposal to what it created, so a client can follow it. */
	struct db_stmt *st = db_prepare(db, "UPDATE competency_proposals SET competency_id = $1 WHERE id = $2");
	rc = (!st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, json_integer_value(json_object_get(proposal, "id"))) ||
	      db_step(st) != DB_DONE)
		     ? DB_ERROR
		     : 0;
	db_finish(st);
	return rc;
}

static void review(struct http_request *req, bool publish)
{
	int64_t id, org;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	json_t *before = NULL, *after = NULL, *errors = NULL;
	json_t *c = json_object_get(body, "review_comment");
	const char *comment = json_is_string(c) ? json_string_value(c) : NULL;
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) if (strcmp(key, "review_comment"))
		http_field_error(&errors, key, "is not a field of a review; send review_comment only");
	if (!json_is_object(body))
		http_field_error(&errors, "body", "must be a JSON object");
	else if (c && !json_is_null(c) && (!json_is_string(c) || json_string_length(c) > 2000))
		http_field_error(&errors, "review_comment", "must be text of at most 2000 characters");
	else if (!publish && (!comment || !*comment))
		http_field_error(&errors, "review_comment", "is required: say why, so the proposer can revise it");
	if (load_visible(req, db, id, &before, &org) != 1) {
		json_decref(errors);
		goto out;
	}
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	int rc = db_begin(db);
	if (!rc)
		rc = mark_reviewed(db, id, publish ? "published" : "rejected", http_user(req)->id, comment);
	if (!rc && publish)
		rc = apply(db, before, http_user(req)->id);
	if (!rc)
		rc = audit_proposal(req, publish ? "competency.publish" : "competency.reject", id, org, NULL);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		if (rc == DB_CONSTRAINT)
			http_reply_conflict(req, "This proposal was already reviewed, or publishing it clashes with an "
						 "existing competency code.");
		else
			http_reply_db_error(req);
		goto out;
	}
	if (load_visible(req, db, id, &after, &org) == 1)
		http_reply_json(req, 200, json_incref(after));
out:
	json_decref(body);
	json_decref(before);
	json_decref(after);
}

static void publish_proposal(struct http_request *req)
{
	review(req, true);
}

static void reject_proposal(struct http_request *req)
{
	review(req, false);
}

const struct http_route frac_governance_routes[] = {
	{"GET", "/api/v1/competency-proposals", list_proposals, HTTP_SESSION, 0},
	{"POST", "/api/v1/competency-proposals", post_proposal, HTTP_SESSION, 0},
	{"GET", "/api/v1/competency-proposals/{id}", get_proposal, HTTP_SESSION, 0},
	{"POST", "/api/v1/competency-proposals/{id}/publish", publish_proposal, "spv_admin", 0},
	{"POST", "/api/v1/competency-proposals/{id}/reject", reject_proposal, "spv_admin", 0},
	{NULL, NULL, NULL, NULL, 0},
};
