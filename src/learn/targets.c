/* Learning targets: the hours of learning an organisation asks of each of its officials in a year. An admin
 * over the organisation reads and sets it; an official's target is the nearest one above them. */
#include "learn/hours_int.h"

#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"
#include "http/list.h"
#include "org/org.h"

#include <stdio.h>

/* Reads {id} and {year} and checks the caller administers the organisation. 0 with *org set (a new
 * reference), or -1 with the reply set: 404 unknown organisation, 403 not theirs, 422 a bad year. */
static int target_scope(struct http_request *req, struct db_conn *db, int64_t *org_id, int *year, json_t **org)
{
	if (http_param_id(req, "id", org_id))
		return -1;
	int rc = learn_org_brief(db, *org_id, org);
	if (rc < 0) {
		http_reply_db_error(req);
		return -1;
	}
	if (!rc) {
		http_reply_not_found(req, "organisation");
		return -1;
	}
	if (!org_can_admin(db, http_user(req)->id, *org_id)) {
		json_decref(*org);
		http_reply_problem(
			req, 403, "forbidden",
			"Only an administrator of this organisation (or above it) may see or set its learning target.");
		return -1;
	}
	*year = learn_year_parse(http_param(req, "year"));
	if (!*year) {
		json_decref(*org);
		json_t *errors = NULL;
		http_field_error(&errors, "year", "must be a year from 2000 to 2100, written YYYY");
		http_reply_invalid(req, errors);
		return -1;
	}
	return 0;
}

/* The organisation's own target row for year: sets *own ({hours, updated_at, updated_by}) or leaves it
 * NULL. Returns 0 or a negative DB_ code. */
static int own_target(struct db_conn *db, int64_t org_id, int year, json_t **own)
{
	struct db_stmt *st = db_prepare(db, "SELECT hours, updated_at, updated_by FROM learning_targets WHERE org_id = "
					    "$1 AND year = $2");
	if (!st || db_bind_int64(st, 1, org_id) || db_bind_int64(st, 2, year)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*own = json_pack("{s:I, s:o, s:o}", "hours", (json_int_t)db_column_int64(st, 0), "updated_at",
				 learn_json_time(st, 1), "updated_by",
				 db_column_null(st, 2) ? json_null() : json_integer(db_column_int64(st, 2)));
	db_finish(st);
	return rc == DB_ROW ? (*own ? 0 : DB_ERROR) : rc == DB_DONE ? 0 : rc;
}

/* {org, year, hours, updated_at, updated_by, effective}: hours is this organisation's own target (or null);
 * effective is what its officials are held to (its own, else the nearest above it), or null. */
static json_t *target_json(struct db_conn *db, json_t *org, int64_t org_id, int year)
{
	json_t *own = NULL, *effective = NULL;
	if (own_target(db, org_id, year, &own) || learn_target_effective(db, org_id, year, &effective)) {
		json_decref(own);
		return NULL;
	}
	json_t *out = json_pack("{s:O, s:i, s:O, s:O, s:O, s:o}", "org", org, "year", year, "hours",
				own ? json_object_get(own, "hours") : json_null(), "updated_at",
				own ? json_object_get(own, "updated_at") : json_null(), "updated_by",
				own ? json_object_get(own, "updated_by") : json_null(), "effective",
				effective ? effective : json_null());
	json_decref(own);
	return out;
}

void learn_target_get(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	int64_t org_id;
	int year;
	json_t *org = NULL;
	if (!db || target_scope(req, db, &org_id, &year, &org))
		return;
	json_t *out = target_json(db, org, org_id, year);
	json_decref(org);
	if (!out) {
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, out);
}

static int upsert_target(struct db_conn *db, int64_t org_id, int year, int64_t hours, int64_t by)
{
	struct db_stmt *st =
		db_prepare(db, "INSERT INTO learning_targets (org_id, year, hours, updated_by, updated_at) "
			       "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, year) DO UPDATE SET "
			       "hours = excluded.hours, updated_by = excluded.updated_by, "
			       "updated_at = excluded.updated_at");
	int rc = !st || db_bind_int64(st, 1, org_id) || db_bind_int64(st, 2, year) || db_bind_int64(st, 3, hours) ||
				 db_bind_int64(st, 4, by) || db_bind_int64(st, 5, util_now_ms())
			 ? DB_ERROR
			 : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static json_t *read_hours(json_t *body, int64_t *hours)
{
	static const char *const KNOWN[] = {"hours", NULL};
	json_t *errors = NULL;
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object with hours");
		return errors;
	}
	(void)learn_take_int(body, "hours", 0, 2000, true, false, hours, NULL, &errors);
	http_reject_unknown(body, KNOWN, "a learning target", &errors);
	return errors;
}

void learn_target_put(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	int64_t org_id, hours = 0;
	int year;
	json_t *org = NULL, *body = NULL, *before = NULL, *after = NULL;
	if (!db || target_scope(req, db, &org_id, &year, &org))
		return;
	if (!(body = http_body_json(req)))
		goto out;
	json_t *errors = read_hours(body, &hours);
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	char idtext[48];
	snprintf(idtext, sizeof idtext, "%lld:%d", (long long)org_id, year);
	int rc = db_begin(db);
	if (!rc && !(before = target_json(db, org, org_id, year)))
		rc = DB_ERROR;
	if (!rc)
		rc = upsert_target(db, org_id, year, hours, http_user(req)->id);
	if (!rc && !(after = target_json(db, org, org_id, year)))
		rc = DB_ERROR;
	if (!rc)
		rc = http_audit(req, "learning_target.set", "learning_target", idtext, org_id, before, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		http_reply_db_error(req);
		goto out;
	}
	http_reply_json(req, 200, json_incref(after));
out:
	json_decref(org);
	json_decref(body);
	json_decref(before);
	json_decref(after);
}
