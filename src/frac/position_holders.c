/* Who holds a position and who they report to: assigning a holder (which ends the holdings it replaces),
 * ending a holding or changing its reporting officer, an official's holdings, and a supervisor's reportees.
 * The reporting officer named here is the one who may verify the holder's competencies. */
#include "frac/frac_int.h"

#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"
#include "http/list.h"
#include "org/org.h"

#include <stdio.h>
#include <string.h>

#define HOLDINGS_MAX 1000

static int audit_holding(struct http_request *req, const char *action, int64_t id, int64_t org, json_t *before,
			 json_t *after)
{
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	return http_audit(req, action, "position_holder", idtext, org, before, after);
}

/* An official's organisation and status: 1 found, 0 unknown, -1 error. status is copied into out. */
static int official_state(struct db_conn *db, int64_t id, int64_t *org_id, char status[16])
{
	struct db_stmt *st = db_prepare(db, "SELECT org_id, status FROM officials WHERE id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*org_id = db_column_int64(st, 0);
		snprintf(status, 16, "%s", db_column_text(st, 1));
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* reporting_officer_id must name an active official other than the holder. -1 on a database error. */
static int check_officer(struct db_conn *db, int64_t officer, int64_t holder, json_t **errors)
{
	if (!officer)
		return 0;
	if (officer == holder) {
		http_field_error(errors, "reporting_officer_id", "cannot be the holder themselves");
		return 0;
	}
	int64_t org;
	char status[16];
	int found = official_state(db, officer, &org, status);
	if (found < 0)
		return -1;
	if (!found)
		http_field_error(errors, "reporting_officer_id", "no official has this id");
	else if (strcmp(status, "active"))
		http_field_error(errors, "reporting_officer_id", "is not an active official");
	return 0;
}

/* An optional id member: 0 when absent or null. */
static void take_id(json_t *body, const char *key, bool required, int64_t *out, json_t **errors)
{
	json_t *v = json_object_get(body, key);
	*out = 0;
	if (!v || json_is_null(v)) {
		if (required)
			http_field_error(errors, key, "is required: the id of an official");
		return;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		http_field_error(errors, key, required ? "must be the id of an official" : "must be the id of an official, or null");
	else
		*out = json_integer_value(v);
}

static void take_date(json_t *body, const char *key, bool required, const char **out, json_t **errors)
{
	json_t *v = json_object_get(body, key);
	*out = NULL;
	if (!v) {
		if (required)
			http_field_error(errors, key, "is required: a date written YYYY-MM-DD");
		return;
	}
	if (!json_is_string(v) || !org_date_valid(json_string_value(v)))
		http_field_error(errors, key, "must be a real date written YYYY-MM-DD");
	else
		*out = json_string_value(v);
}

/* The latest start among the holdings an assignment ends (the position's and the official's current ones),
 * copied into latest ("" when none). Returns 0 or -1. */
static int latest_start(struct db_conn *db, int64_t position, int64_t official, char latest[11])
{
	struct db_stmt *st = db_prepare(db, "SELECT MAX(start_date) FROM position_holders WHERE end_date IS NULL AND "
					    "(position_id = $1 OR official_id = $2)");
	if (!st || db_bind_int64(st, 1, position) || db_bind_int64(st, 2, official) || db_step(st) != DB_ROW) {
		db_finish(st);
		return -1;
	}
	snprintf(latest, 11, "%s", db_column_null(st, 0) ? "" : db_column_text(st, 0));
	db_finish(st);
	return 0;
}

#define REPLACED_MAX 16 /* holders whose holdings one assignment ends: the position's and the official's own */

/* Tells the modules above that official's holdings changed, and each of replaced[n]'s too (once each). */
static int holders_changed(struct db_conn *db, int64_t official, const int64_t *replaced, size_t n)
{
	int rc = frac_hook_holder_changed(db, official);
	for (size_t i = 0; !rc && i < n; i++) {
		bool seen = replaced[i] == official;
		for (size_t j = 0; j < i && !seen; j++)
			seen = replaced[j] == replaced[i];
		if (!seen)
			rc = frac_hook_holder_changed(db, replaced[i]);
	}
	return rc;
}

static int assign(struct db_conn *db, int64_t position, int64_t official, int64_t officer, const char *start,
		  int64_t actor, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "UPDATE position_holders SET end_date = $3 WHERE end_date IS NULL AND "
					    "(position_id = $1 OR official_id = $2) RETURNING official_id");
	int rc = !st || db_bind_int64(st, 1, position) || db_bind_int64(st, 2, official) || db_bind_text(st, 3, start);
	int64_t replaced[REPLACED_MAX];
	size_t nreplaced = 0;
	while (!rc && (rc = db_step(st)) == DB_ROW) {
		if (nreplaced < REPLACED_MAX)
			replaced[nreplaced++] = db_column_int64(st, 0);
		rc = 0;
	}
	db_finish(st);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERROR;
	st = db_prepare(db, "INSERT INTO position_holders (position_id, official_id, reporting_officer_id, start_date, "
			    "assigned_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
	rc = !st || db_bind_int64(st, 1, position) || db_bind_int64(st, 2, official) ||
	     (officer ? db_bind_int64(st, 3, officer) : db_bind_null(st, 3)) || db_bind_text(st, 4, start) ||
	     db_bind_int64(st, 5, actor) || db_bind_int64(st, 6, util_now_ms());
	if (!rc && (rc = db_step(st)) == DB_ROW) {
		*id = db_column_int64(st, 0);
		rc = 0;
	}
	db_finish(st);
	if (!rc)
		rc = holders_changed(db, official, replaced, nreplaced);
	return rc < 0 ? rc : rc ? DB_ERROR : 0;
}

/* Checks the holder: 0 fine, 1 replied (403 out of scope), -1 database error; field errors added. */
static int check_holder(struct http_request *req, struct db_conn *db, int64_t official, json_t **errors)
{
	int64_t org;
	char status[16];
	int found = official_state(db, official, &org, status);
	if (found < 0)
		return -1;
	if (!found) {
		http_field_error(errors, "official_id", "no official has this id");
	} else if (!org_can_admin(db, http_user(req)->id, org)) {
		http_reply_problem(req, 403, "forbidden",
				   "This official is outside your scope: you may assign only officials of organisations "
				   "you administer.");
		return 1;
	} else if (strcmp(status, "active")) {
		http_field_error(errors, "official_id", "is not an active official");
	}
	return 0;
}

void frac_holder_post(struct http_request *req)
{
	int64_t position;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &position) || !db)
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	struct frac_position_meta m;
	bool err;
	json_t *p = frac_position_json(db, position, &m, &err), *errors = NULL, *after = NULL;
	int64_t official = 0, officer = 0, id = 0;
	const char *start = NULL;
	if (!p) {
		err ? http_reply_db_error(req) : http_reply_not_found(req, "position");
		goto out;
	}
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
	} else {
		static const char *const KNOWN[] = {"official_id", "reporting_officer_id", "start_date", NULL};
		http_reject_unknown(body, KNOWN, "a holding", &errors);
		take_id(body, "official_id", true, &official, &errors);
		take_id(body, "reporting_officer_id", false, &officer, &errors);
		take_date(body, "start_date", true, &start, &errors);
	}
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	if (!org_can_admin(db, http_user(req)->id, m.org_id)) {
		http_reply_problem(req, 403, "forbidden",
				   "This position is outside your scope: only the admins of its organisation may assign it.");
		goto out;
	}
	if (!m.active) {
		http_reply_conflict(req, "This position is abolished; make it active before assigning a holder.");
		goto out;
	}
	int rc = check_holder(req, db, official, &errors);
	char latest[11] = "";
	if (!rc)
		rc = check_officer(db, officer, official, &errors) || latest_start(db, position, official, latest) ? -1 : 0;
	if (rc) {
		json_decref(errors);
		if (rc < 0)
			http_reply_db_error(req);
		goto out;
	}
	if (*latest && strcmp(start, latest) < 0) {
		char msg[160];
		snprintf(msg, sizeof msg, "is before %s, the start of a current holding this assignment would end", latest);
		http_field_error(&errors, "start_date", msg);
	}
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	rc = db_begin(db);
	if (!rc)
		rc = assign(db, position, official, officer, start, http_user(req)->id, &id);
	if (!rc && !(after = frac_holding_json(db, id, true, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = audit_holding(req, "position_holder.create", id, m.org_id, NULL, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		http_reply_db_error(req);
		goto out;
	}
	json_object_del(after, "position");
	http_reply_json(req, 201, json_incref(after));
out:
	json_decref(body);
	json_decref(p);
	json_decref(after);
}

/* What a holding is, for its edit: 1 found, 0 unknown, -1 error. */
struct holding_row {
	int64_t official, officer, org;
	char start[11];
	bool ended;
};

static int load_holding(struct db_conn *db, int64_t id, struct holding_row *h)
{
	struct db_stmt *st = db_prepare(db, "SELECT h.official_id, h.reporting_officer_id, p.org_id, h.start_date, "
					    "h.end_date FROM position_holders h JOIN positions p ON p.id = h.position_id "
					    "WHERE h.id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		h->official = db_column_int64(st, 0);
		h->officer = db_column_null(st, 1) ? 0 : db_column_int64(st, 1);
		h->org = db_column_int64(st, 2);
		snprintf(h->start, sizeof h->start, "%s", db_column_text(st, 3));
		h->ended = !db_column_null(st, 4);
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static int update_holding(struct db_conn *db, int64_t id, const char *end, bool set_officer, int64_t officer)
{
	struct db_stmt *st = db_prepare(db, "UPDATE position_holders SET end_date = COALESCE($2, end_date), "
					    "reporting_officer_id = CASE WHEN CAST($3 AS BIGINT) = 1 THEN CAST($4 AS BIGINT) "
					    "ELSE reporting_officer_id END WHERE id = $1");
	int rc = !st || db_bind_int64(st, 1, id) || db_bind_text(st, 2, end) || db_bind_int64(st, 3, set_officer) ||
		 (officer ? db_bind_int64(st, 4, officer) : db_bind_null(st, 4));
	if (!rc)
		rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Reads the edit body; field errors into *errors. */
static void read_edit(json_t *body, const struct holding_row *h, const char **end, bool *set_officer, int64_t *officer,
		      json_t **errors)
{
	if (!json_is_object(body)) {
		http_field_error(errors, "body", "must be a JSON object");
		return;
	}
	static const char *const KNOWN[] = {"end_date", "reporting_officer_id", NULL};
	http_reject_unknown(body, KNOWN, "a holding edit", errors);
	take_date(body, "end_date", false, end, errors);
	if (*end && strcmp(*end, h->start) < 0)
		http_field_error(errors, "end_date", "is before the holding's start_date");
	*set_officer = json_object_get(body, "reporting_officer_id") != NULL;
	take_id(body, "reporting_officer_id", false, officer, errors);
	if (!*errors && !*end && !*set_officer)
		http_field_error(errors, "body", "changes nothing: send end_date or reporting_officer_id");
}

void frac_holder_patch(struct http_request *req)
{
	int64_t id;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	struct holding_row h;
	json_t *errors = NULL, *before = NULL, *after = NULL;
	const char *end = NULL;
	bool set_officer = false, err;
	int64_t officer = 0, me = http_user(req)->id;
	int found = load_holding(db, id, &h);
	if (found <= 0) {
		found < 0 ? http_reply_db_error(req) : http_reply_not_found(req, "holding");
		goto out;
	}
	bool admin = org_can_admin(db, me, h.org);
	if (!admin && me != h.official && me != h.officer) {
		http_reply_not_found(req, "holding");
		goto out;
	}
	read_edit(body, &h, &end, &set_officer, &officer, &errors);
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	if (!admin) {
		http_reply_problem(req, 403, "forbidden", "Only the admins of the position's organisation may change a holding.");
		goto out;
	}
	if (end && h.ended) {
		http_reply_conflict(req, "This holding has already ended.");
		goto out;
	}
	if (set_officer && check_officer(db, officer, h.official, &errors)) {
		json_decref(errors);
		http_reply_db_error(req);
		goto out;
	}
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	int rc = (before = frac_holding_json(db, id, true, &err)) ? db_begin(db) : DB_ERROR;
	if (!rc)
		rc = update_holding(db, id, end, set_officer, officer);
	if (!rc && end)
		rc = frac_hook_holder_changed(db, h.official);
	if (!rc && !(after = frac_holding_json(db, id, true, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = audit_holding(req, "position_holder.update", id, h.org, before, after);
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

void frac_holdings_get(struct http_request *req)
{
	int64_t official, org;
	unsigned bits;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &official) || !db || frac_official_access(req, db, official, &bits, &org))
		return;
	if (!bits) {
		http_reply_problem(req, 403, "forbidden",
				   "Only the official, their reporting officer and their organisation's admins may see this.");
		return;
	}
	struct db_stmt *st = db_prepare(db, "SELECT id FROM position_holders WHERE official_id = $1 "
					    "ORDER BY start_date DESC, id DESC LIMIT 1000");
	if (!st || db_bind_int64(st, 1, official)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	int64_t *ids = arena_alloc(http_arena(req), HOLDINGS_MAX * sizeof *ids);
	size_t n = 0;
	int rc = ids ? 0 : DB_ERROR;
	while (ids && (rc = db_step(st)) == DB_ROW && n < HOLDINGS_MAX)
		ids[n++] = db_column_int64(st, 0);
	db_finish(st);
	json_t *items = json_array(), *who = rc < 0 ? NULL : frac_official_ref(db, official);
	for (size_t i = 0; who && i < n; i++) {
		bool err;
		json_t *h = frac_holding_json(db, ids[i], true, &err);
		if (!h) {
			json_decref(who);
			who = NULL;
			break;
		}
		json_array_append_new(items, h);
	}
	if (!who) {
		json_decref(items);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o, s:o}", "official", who, "items", items));
}

struct reportee {
	int64_t official, pending;
	struct frac_post_ref position; /* strings in the request's arena */
};

/* The caller's reportees, by name: who, on which post, and how many claims wait for the caller. */
static int load_reportees(struct db_conn *db, struct arena *arena, int64_t officer, struct reportee *rows, size_t *n)
{
	struct db_stmt *st = db_prepare(
		db, "SELECT h.official_id, (SELECT COUNT(*) FROM passport_entries e WHERE e.official_id = "
		    "h.official_id AND e.status = 'pending' AND e.source = 'self'), " FRAC_POST_REF_COLUMNS
		    " FROM position_holders h JOIN positions p ON p.id = h.position_id" FRAC_POST_REF_JOINS
		    " JOIN officials f ON f.id = h.official_id WHERE h.reporting_officer_id = $1 AND h.end_date IS "
		    "NULL ORDER BY f.name_en, f.id, p.title_en, p.id LIMIT 1000");
	*n = 0;
	if (!st || db_bind_int64(st, 1, officer)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < HOLDINGS_MAX) {
		struct reportee *r = &rows[*n];
		r->official = db_column_int64(st, 0);
		r->pending = db_column_int64(st, 1);
		if (frac_post_ref_read(st, 2, arena, &r->position)) {
			rc = DB_ERROR;
			break;
		}
		(*n)++;
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

void frac_reportees_get(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	if (!db)
		return;
	struct arena *arena = http_arena(req);
	struct reportee *rows = arena_alloc(arena, HOLDINGS_MAX * sizeof *rows);
	int64_t *ids = arena_alloc(arena, HOLDINGS_MAX * sizeof *ids);
	struct frac_person_ref *people = arena_alloc(arena, HOLDINGS_MAX * sizeof *people);
	size_t n = 0;
	bool ok = rows && ids && people && !load_reportees(db, arena, http_user(req)->id, rows, &n);
	for (size_t i = 0; ok && i < n; i++)
		ids[i] = rows[i].official;
	ok = ok && !frac_person_refs_load(db, arena, ids, n, people);
	json_t *items = json_array();
	for (size_t i = 0; ok && i < n; i++) {
		json_t *who = frac_person_ref_json(&people[i]), *where = frac_post_ref_json(&rows[i].position);
		ok = who && where;
		if (!ok) {
			json_decref(who);
			json_decref(where);
			break;
		}
		json_array_append_new(items, json_pack("{s:o, s:o, s:I}", "official", who, "position", where,
						       "pending_verifications", (json_int_t)rows[i].pending));
	}
	if (!ok) {
		json_decref(items);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o}", "items", items));
}
