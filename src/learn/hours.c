/* Learning hours: the minutes credited by completed content, per official per month of a year, against
 * the yearly target the nearest organisation above them set; and the route table of hours, targets and
 * karma points. Months and years are calendar ones in UTC, as the karma caps count them. */
#include "learn/hours_int.h"

#include "core/util.h"
#include "http/input.h"
#include "http/list.h"
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* At most this many completed items are listed in a year's answer; the totals always count them all. */
#define MAX_ITEMS 1000

int learn_org_brief(struct db_conn *conn, int64_t id, json_t **out)
{
	struct db_stmt *st = db_prepare(conn, "SELECT id, code, name_en, name_hi FROM organisations WHERE id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)db_column_int64(st, 0), "code",
				 db_column_text(st, 1), "name_en", db_column_text(st, 2), "name_hi",
				 learn_json_text(db_column_text(st, 3)));
	db_finish(st);
	if (rc == DB_ROW && !*out)
		return DB_ERROR;
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

int learn_year_parse(const char *s)
{
	if (!s || strlen(s) != 4)
		return 0;
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		y = y * 10 + (s[i] - '0');
	}
	return y >= 2000 && y <= 2100 ? y : 0;
}

int64_t learn_year_start(int year)
{
	struct tm tm = {.tm_year = year - 1900, .tm_mon = 0, .tm_mday = 1};
	return (int64_t)timegm(&tm) * 1000;
}

json_t *learn_json_time(struct db_stmt *st, int col)
{
	return db_column_null(st, col) ? json_null() : learn_time_json(db_column_int64(st, col));
}

json_t *learn_json_text(const char *s)
{
	return s ? json_string(s) : json_null();
}

int learn_take_int(json_t *body, const char *key, int64_t lo, int64_t hi, bool required, bool nullable, int64_t *out,
		   bool *is_null, json_t **errors)
{
	json_t *v = json_object_get(body, key);
	char msg[96];
	if (is_null)
		*is_null = false;
	if (!v) {
		if (required)
			http_field_error(errors, key, "is required");
		else if (is_null)
			*is_null = true;
		return required ? -1 : 0;
	}
	if (json_is_null(v) && nullable) {
		*is_null = true;
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
		snprintf(msg, sizeof msg, "must be a whole number from %lld to %lld%s", (long long)lo, (long long)hi,
			 nullable ? ", or null" : "");
		http_field_error(errors, key, msg);
		return -1;
	}
	*out = json_integer_value(v);
	return 0;
}

/* The year asked for (?year=, this UTC year by default): 0 with a 422 set when it is not 2000..2100. */
static int year_asked(struct http_request *req)
{
	const char *q = http_query(req, "year");
	if (!q) {
		time_t now = (time_t)(util_now_ms() / 1000);
		struct tm tm;
		gmtime_r(&now, &tm);
		return tm.tm_year + 1900;
	}
	int y = learn_year_parse(q);
	if (!y) {
		json_t *errors = NULL;
		http_field_error(&errors, "year", "must be a year from 2000 to 2100, written YYYY");
		http_reply_invalid(req, errors);
	}
	return y;
}

int learn_target_effective(struct db_conn *db, int64_t org_id, int year, json_t **target)
{
	struct db_stmt *st = db_prepare(db, "WITH RECURSIVE up(id, parent_id, depth) AS ("
					    "  SELECT id, parent_id, 0 FROM organisations WHERE id = $1"
					    "  UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM organisations o "
					    "JOIN up ON o.id = up.parent_id)"
					    " SELECT t.hours, o.id, o.code, o.name_en, o.name_hi FROM up"
					    " JOIN learning_targets t ON t.org_id = up.id AND t.year = $2"
					    " JOIN organisations o ON o.id = up.id ORDER BY up.depth LIMIT 1");
	if (!st || db_bind_int64(st, 1, org_id) || db_bind_int64(st, 2, year)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*target = json_pack("{s:I, s:{s:I, s:s, s:s, s:o}}", "hours", (json_int_t)db_column_int64(st, 0), "org",
				    "id", (json_int_t)db_column_int64(st, 1), "code", db_column_text(st, 2), "name_en",
				    db_column_text(st, 3), "name_hi", learn_json_text(db_column_text(st, 4)));
	db_finish(st);
	return rc == DB_ROW ? (*target ? 0 : DB_ERROR) : rc == DB_DONE ? 0 : rc;
}

/* Fills months[12] and items with the official's completions in year. Returns 0 or a negative DB_ code. */
static int completions(struct db_conn *db, int64_t official_id, int year, int64_t months[12], json_t *items,
		       bool *truncated)
{
	struct db_stmt *st = db_prepare(
		db, "SELECT e.content_id, c.code, c.kind, v.title_en, v.title_hi, e.completed_at, e.credited_minutes"
		    " FROM enrolments e JOIN contents c ON c.id = e.content_id JOIN content_versions v ON v.id = "
		    "e.version_id"
		    " WHERE e.official_id = $1 AND e.completed_at >= $2 AND e.completed_at < $3"
		    " ORDER BY e.completed_at DESC, e.content_id");
	if (!st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, learn_year_start(year)) ||
	    db_bind_int64(st, 3, learn_year_start(year + 1))) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t at = db_column_int64(st, 5), minutes = db_column_int64(st, 6);
		time_t t = (time_t)(at / 1000);
		struct tm tm;
		gmtime_r(&t, &tm);
		months[tm.tm_mon] += minutes;
		if (json_array_size(items) >= MAX_ITEMS) {
			*truncated = true;
			continue;
		}
		json_array_append_new(items,
				      json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:I}", "content_id",
						(json_int_t)db_column_int64(st, 0), "code", db_column_text(st, 1),
						"kind", db_column_text(st, 2), "title_en", db_column_text(st, 3),
						"title_hi", learn_json_text(db_column_text(st, 4)), "completed_at",
						learn_json_time(st, 5), "minutes", (json_int_t)minutes));
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* The official's name and organisation: 1 found, 0 unknown, negative DB_ code. */
static int official_of(struct db_conn *db, int64_t id, int64_t *org_id, json_t **who)
{
	struct db_stmt *st = db_prepare(db, "SELECT org_id, name_en, name_hi FROM officials WHERE id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*org_id = db_column_int64(st, 0);
		*who = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)id, "name_en", db_column_text(st, 1), "name_hi",
				 learn_json_text(db_column_text(st, 2)));
	}
	db_finish(st);
	return rc == DB_ROW ? (*who ? 1 : DB_ERROR) : rc == DB_DONE ? 0 : rc;
}

static void reply_hours(struct http_request *req, struct db_conn *db, int64_t org_id, json_t *who, int year)
{
	int64_t months[12] = {0};
	json_t *items = json_array(), *target = NULL;
	bool truncated = false;
	int rc = learn_target_effective(db, org_id, year, &target);
	if (!rc)
		rc = completions(db, json_integer_value(json_object_get(who, "id")), year, months, items, &truncated);
	if (rc) {
		json_decref(items);
		json_decref(target);
		json_decref(who);
		http_reply_db_error(req);
		return;
	}
	json_t *per_month = json_array();
	int64_t total = 0;
	for (int m = 0; m < 12; m++) {
		total += months[m];
		json_array_append_new(per_month,
				      json_pack("{s:i, s:I}", "month", m + 1, "minutes", (json_int_t)months[m]));
	}
	json_t *hours = target ? json_incref(json_object_get(target, "hours")) : json_null();
	json_t *by = target ? json_incref(json_object_get(target, "org")) : json_null();
	json_decref(target);
	http_reply_json(req, 200,
			json_pack("{s:o, s:i, s:o, s:o, s:I, s:o, s:o, s:b}", "official", who, "year", year,
				  "target_hours", hours, "target_org", by, "total_minutes", (json_int_t)total, "months",
				  per_month, "items", items, "items_truncated", truncated));
}

static void get_my_hours(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	int year = db ? year_asked(req) : 0;
	if (!year)
		return;
	int64_t org_id = 0;
	json_t *who = NULL;
	int rc = official_of(db, http_user(req)->id, &org_id, &who);
	if (rc != 1) {
		http_reply_db_error(req);
		return;
	}
	reply_hours(req, db, org_id, who, year);
}

/* An admin over the official's organisation (or the official) sees their hours; others learn nothing of
 * whether the official exists. */
static void get_official_hours(struct http_request *req)
{
	int64_t id, org_id = 0;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	json_t *who = NULL;
	int rc = official_of(db, id, &org_id, &who);
	if (rc < 0) {
		http_reply_db_error(req);
		return;
	}
	int64_t me = http_user(req)->id;
	if (!rc || (id != me && !org_can_admin(db, me, org_id))) {
		json_decref(who);
		http_reply_not_found(req, "official");
		return;
	}
	int year = year_asked(req);
	if (!year) {
		json_decref(who);
		return;
	}
	reply_hours(req, db, org_id, who, year);
}

const struct http_route learn_hours_routes[] = {
	{"GET", "/api/v1/me/learning-hours", get_my_hours, HTTP_SESSION, 0},
	{"GET", "/api/v1/officials/{id}/learning-hours", get_official_hours, HTTP_SESSION, 0},
	{"GET", "/api/v1/orgs/{id}/learning-targets/{year}", learn_target_get, HTTP_SESSION, 0},
	{"PUT", "/api/v1/orgs/{id}/learning-targets/{year}", learn_target_put, HTTP_SESSION, 4096},
	{"GET", "/api/v1/me/karma", learn_karma_get_mine, HTTP_SESSION, 0},
	{"GET", "/api/v1/orgs/{id}/leaderboard", learn_karma_get_leaderboard, HTTP_SESSION, 0},
	{"GET", "/api/v1/karma-rules", learn_karma_get_rules, HTTP_SESSION, 0},
	{"PUT", "/api/v1/karma-rules/{event}", learn_karma_put_national_rule, "spv_admin", 4096},
	{"PUT", "/api/v1/orgs/{id}/karma-rules/{event}", learn_karma_put_org_rule, HTTP_SESSION, 4096},
	{"DELETE", "/api/v1/orgs/{id}/karma-rules/{event}", learn_karma_delete_org_rule, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
