/* The karma rules, all in one table: the national row of each event (org_id 0; the SPV admin sets it) and a
 * ministry's own row for its people (its admins set or remove it). Reading shows what applies where, each
 * rule marked national or the ministry's. Every change is audited. */
#include "learn/hours_int.h"

#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"
#include "http/list.h"
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_POINTS 1000
#define MAX_CAP 1000

/* The seeded national rows carry updated_at 0: never changed, so no time to show. */
static json_t *changed_at(struct db_stmt *st, int col)
{
	return db_column_int64(st, col) > 0 ? learn_json_time(st, col) : json_null();
}

static json_t *cap_json(struct db_stmt *st, int col)
{
	return db_column_null(st, col) ? json_null() : json_integer(db_column_int64(st, col));
}

/* The rules as they apply in ministry (0: the national ones alone), in event order; only event when it is
 * not NULL. Each {event, points, monthly_cap, scope, national, override, updated_at}. NULL on error. */
static json_t *rules_json(struct db_conn *db, int64_t ministry, const char *event)
{
	struct db_stmt *st = db_prepare(
		db,
		"SELECT n.event, n.points, n.monthly_cap, n.updated_at, m.points, m.monthly_cap, m.updated_at, "
		"m.org_id "
		"FROM karma_rules n LEFT JOIN karma_rules m ON m.event = n.event AND m.org_id = $1 AND m.org_id <> 0 "
		"WHERE n.org_id = 0 AND (n.event = $2 OR $3 = 0) ORDER BY n.event");
	if (!st || db_bind_int64(st, 1, ministry) || db_bind_text(st, 2, event ? event : "") ||
	    db_bind_int64(st, 3, event ? 1 : 0)) {
		db_finish(st);
		return NULL;
	}
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		bool own = !db_column_null(st, 7);
		json_t *national = json_pack("{s:I, s:o}", "points", (json_int_t)db_column_int64(st, 1), "monthly_cap",
					     cap_json(st, 2));
		json_t *override = own ? json_pack("{s:I, s:o}", "points", (json_int_t)db_column_int64(st, 4),
						   "monthly_cap", cap_json(st, 5))
				       : json_null();
		json_array_append_new(
			items, json_pack("{s:s, s:I, s:o, s:s, s:o, s:o, s:o}", "event", db_column_text(st, 0),
					 "points", (json_int_t)db_column_int64(st, own ? 4 : 1), "monthly_cap",
					 cap_json(st, own ? 5 : 2), "scope", own ? "ministry" : "national", "national",
					 national, "override", override, "updated_at", changed_at(st, own ? 6 : 3)));
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

/* The ministry-level organisation of org_id (itself when it is one; 0 for the root, whose rules are the
 * national ones). 1, 0 unknown, DB_. */
static int ministry_of(struct db_conn *db, int64_t org_id, int64_t *ministry)
{
	struct db_stmt *st = db_prepare(db, "SELECT CASE WHEN parent_id IS NULL THEN 0 ELSE "
					    "COALESCE(ministry_id, 0) END FROM organisations WHERE id = $1");
	if (!st || db_bind_int64(st, 1, org_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*ministry = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

void learn_karma_get_rules(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	if (!db)
		return;
	const char *q = http_query(req, "org_id");
	int64_t ministry = 0;
	json_t *org = NULL;
	if (q) {
		char *end;
		long long id = strtoll(q, &end, 10);
		int rc = *q && !*end && id > 0 ? ministry_of(db, id, &ministry) : 0;
		if (rc < 0) {
			http_reply_db_error(req);
			return;
		}
		if (!rc) {
			json_t *errors = NULL;
			http_field_error(&errors, "org_id", "must be the id of an organisation");
			http_reply_invalid(req, errors);
			return;
		}
		if (ministry && learn_org_brief(db, ministry, &org) != 1) {
			http_reply_db_error(req);
			return;
		}
	}
	json_t *items = rules_json(db, ministry, NULL);
	if (!items) {
		json_decref(org);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o, s:o}", "ministry", org ? org : json_null(), "items", items));
}

/* {points, monthly_cap} of a PUT body: 0, or -1 with the 422 set. */
static int read_rule(struct http_request *req, json_t *body, int64_t *points, int64_t *cap, bool *no_cap)
{
	static const char *const KNOWN[] = {"points", "monthly_cap", NULL};
	json_t *errors = NULL;
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object with points and monthly_cap");
	} else {
		(void)learn_take_int(body, "points", 0, MAX_POINTS, true, false, points, NULL, &errors);
		(void)learn_take_int(body, "monthly_cap", 0, MAX_CAP, false, true, cap, no_cap, &errors);
		http_reject_unknown(body, KNOWN, "a karma rule", &errors);
	}
	if (errors) {
		http_reply_invalid(req, errors);
		return -1;
	}
	return 0;
}

/* Writes org_id's row for event (0: the national one). Returns 0 or a negative DB_ code. */
static int upsert_rule(struct db_conn *db, int64_t org_id, const char *event, int64_t points, int64_t cap, bool no_cap,
		       int64_t by)
{
	struct db_stmt *st =
		db_prepare(db, "INSERT INTO karma_rules (org_id, event, points, monthly_cap, updated_by, "
			       "updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org_id, event) DO "
			       "UPDATE SET points = excluded.points, monthly_cap = excluded.monthly_cap, "
			       "updated_by = excluded.updated_by, updated_at = excluded.updated_at");
	int rc = !st || db_bind_int64(st, 1, org_id) || db_bind_text(st, 2, event) || db_bind_int64(st, 3, points) ||
				 (no_cap ? db_bind_null(st, 4) : db_bind_int64(st, 4, cap)) ||
				 db_bind_int64(st, 5, by) || db_bind_int64(st, 6, util_now_ms())
			 ? DB_ERROR
			 : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int delete_rule(struct db_conn *db, int64_t org_id, const char *event, bool *gone)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM karma_rules WHERE org_id = $1 AND event = $2");
	int rc = !st || db_bind_int64(st, 1, org_id) || db_bind_text(st, 2, event) ? DB_ERROR : db_step(st);
	db_finish(st);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERROR;
	*gone = db_changes(db) > 0;
	return 0;
}

/* The one rule of event as it applies in ministry: a new reference; *none when there is no national row
 * for event (an unknown event). NULL with *none false on a database error. */
static json_t *rule_json(struct db_conn *db, int64_t ministry, const char *event, bool *none)
{
	json_t *items = rules_json(db, ministry, event);
	*none = items && json_array_size(items) == 0;
	json_t *one = items && !*none ? json_incref(json_array_get(items, 0)) : NULL;
	json_decref(items);
	return one;
}

enum rule_change { RULE_SET, RULE_REMOVE };

/* Sets or removes the row of org_id (0: national) for the event in the path, in one audited transaction,
 * and answers the rule as it then applies there. The caller has checked who may. */
static void change_rule(struct http_request *req, struct db_conn *db, int64_t org_id, enum rule_change change)
{
	const char *event = http_param(req, "event");
	json_t *body = NULL, *before = NULL, *after = NULL;
	int64_t points = 0, cap = 0;
	bool no_cap = true, none = false, gone = true;
	if (!(before = rule_json(db, org_id, event, &none))) {
		if (none)
			http_reply_problem(
				req, 404, "unknown_event",
				"There is no karma rule for this event; the events are those GET /karma-rules lists.");
		else
			http_reply_db_error(req);
		return;
	}
	if (change == RULE_SET && (!(body = http_body_json(req)) || read_rule(req, body, &points, &cap, &no_cap)))
		goto out;
	char idtext[160];
	snprintf(idtext, sizeof idtext, "%lld:%s", (long long)org_id, event);
	int rc = db_begin(db);
	if (!rc)
		rc = change == RULE_SET ? upsert_rule(db, org_id, event, points, cap, no_cap, http_user(req)->id)
					: delete_rule(db, org_id, event, &gone);
	if (!rc && !gone) {
		db_rollback(db);
		http_reply_problem(req, 404, "no_override",
				   "This ministry has no rule of its own for this event; the national rule applies.");
		goto out;
	}
	if (!rc && !(after = rule_json(db, org_id, event, &none)))
		rc = DB_ERROR;
	if (!rc)
		rc = http_audit(req, change == RULE_SET ? "karma_rule.set" : "karma_rule.remove", "karma_rule", idtext,
				org_id, before, after);
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

void learn_karma_put_national_rule(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	if (db)
		change_rule(req, db, 0, RULE_SET);
}

/* {id} must be a ministry (rules are per ministry) that the caller administers. 0, or -1 with the reply set. */
static int ministry_scope(struct http_request *req, struct db_conn *db, int64_t *org_id)
{
	if (http_param_id(req, "id", org_id))
		return -1;
	int64_t ministry = 0;
	int rc = ministry_of(db, *org_id, &ministry);
	if (rc <= 0) {
		if (rc < 0)
			http_reply_db_error(req);
		else
			http_reply_not_found(req, "organisation");
		return -1;
	}
	if (!org_can_admin(db, http_user(req)->id, *org_id)) {
		http_reply_problem(req, 403, "forbidden",
				   "Only an administrator of this ministry may change the karma rules for its people.");
		return -1;
	}
	if (ministry != *org_id) {
		http_reply_problem(
			req, 422, "not_a_ministry",
			"Karma rules are set per ministry: set them on the ministry this organisation belongs to.");
		return -1;
	}
	return 0;
}

void learn_karma_put_org_rule(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	int64_t org_id;
	if (db && !ministry_scope(req, db, &org_id))
		change_rule(req, db, org_id, RULE_SET);
}

void learn_karma_delete_org_rule(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	int64_t org_id;
	if (db && !ministry_scope(req, db, &org_id))
		change_rule(req, db, org_id, RULE_REMOVE);
}
