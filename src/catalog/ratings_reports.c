/* Reports of abusive reviews: any official may report another's review once; the platform's moderators
 * (an spv_admin, or a content reviewer of the platform organisation) list them and decide. Upholding hides
 * the review's text (its stars still count, so the average does not move) and settles the rating's other
 * open reports with it; dismissing leaves the review as it is. Decisions are audited. */
#include "catalog/catalog_int.h"

#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REASON_MAX 500 /* characters */

static bool moderator(struct db_conn *db, int64_t official_id)
{
	return org_has_role_anywhere(db, official_id, "spv_admin") ||
	       catalog_platform_role(db, official_id, "content_reviewer");
}

static void reply_not_moderator(struct http_request *req)
{
	http_reply_problem(req, 403, "forbidden",
			   "Reported reviews are for the platform's moderators: an spv_admin or a content reviewer of "
			   "the platform organisation.");
}

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The rating a report is on, as a moderator reads it (hidden text included); NULL on error. */
static json_t *moderated_rating(struct db_conn *db, int64_t rating_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT " CATALOG_RATING_COLS " WHERE r.id = $1");
	if (!st || db_bind_int64(st, 1, rating_id) || db_bind_int64(st, 2, 0) || db_step(st) != DB_ROW) {
		db_finish(st);
		return NULL;
	}
	json_t *out = catalog_rating_row_json(st, 0, true);
	db_finish(st);
	return out;
}

/* REPORT: for the reporter the report itself; for a moderator (full) also the rating, reporter and decider. */
static json_t *report_json(struct db_conn *db, int64_t id, bool full, bool *db_error)
{
	*db_error = true;
	struct db_stmt *st = db_prepare(
		db,
		"SELECT p.rating_id, p.reason, p.status, p.created_at, p.decided_at, p.decided_by, p.reporter_id, "
		"r.content_id, c.code, v.title_en, v.title_hi FROM rating_reports p JOIN content_ratings r ON r.id = "
		"p.rating_id JOIN contents c ON c.id = r.content_id LEFT JOIN content_versions v ON v.id = "
		"c.published_version_id WHERE p.id = $1");
	if (!st || db_bind_int64(st, 1, id) || db_step(st) != DB_ROW) {
		db_finish(st);
		return NULL;
	}
	int64_t rating_id = db_column_int64(st, 0), decider = db_column_null(st, 5) ? 0 : db_column_int64(st, 5);
	int64_t reporter = db_column_int64(st, 6);
	json_t *content =
		json_pack("{s:I, s:s}", "id", (json_int_t)db_column_int64(st, 7), "code", db_column_text(st, 8));
	json_object_set_new(content, "title", text_or_null(db_column_text(st, 9)));
	json_object_set_new(content, "title_hi", text_or_null(db_column_text(st, 10)));
	json_t *out = json_pack("{s:I, s:I, s:s, s:s, s:o}", "id", (json_int_t)id, "rating_id", (json_int_t)rating_id,
				"reason", db_column_text(st, 1), "status", db_column_text(st, 2), "content", content);
	json_object_set_new(out, "created_at", catalog_time_json(db_column_int64(st, 3)));
	json_object_set_new(out, "decided_at", catalog_time_json(db_column_null(st, 4) ? 0 : db_column_int64(st, 4)));
	db_finish(st);
	if (!full) {
		*db_error = false;
		return out;
	}
	json_t *rating = moderated_rating(db, rating_id), *by = catalog_person_json(db, reporter);
	json_t *decided_by = catalog_person_json(db, decider);
	if (!rating || !by || !decided_by) {
		json_decref(rating);
		json_decref(by);
		json_decref(decided_by);
		json_decref(out);
		return NULL;
	}
	json_object_set_new(out, "rating", rating);
	json_object_set_new(out, "reporter", by);
	json_object_set_new(out, "decided_by", decided_by);
	*db_error = false;
	return out;
}

static json_t *moderator_item(struct db_conn *db, int64_t id, bool *db_error)
{
	return report_json(db, id, true, db_error);
}

/* The rating's author and whether it has text. Returns 1 found, 0 unknown, a negative DB_ code. */
static int rating_load(struct db_conn *db, int64_t id, int64_t *author, bool *has_text)
{
	struct db_stmt *st = db_prepare(db, "SELECT official_id, review FROM content_ratings WHERE id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*author = db_column_int64(st, 0);
		*has_text = db_column_text(st, 1) != NULL;
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

static json_t *read_reason(json_t *body, const char **reason)
{
	json_t *errors = NULL;
	*reason = NULL;
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
		return errors;
	}
	static const char *const KNOWN[] = {"reason", NULL};
	http_reject_unknown(body, KNOWN, "a report", &errors);
	(void)http_take_string(body, "reason", NULL, REASON_MAX, false, reason, NULL, &errors);
	if (!json_object_get(body, "reason"))
		http_field_error(&errors, "reason",
				 "is required: say what is abusive in this review (1 to 500 characters)");
	return errors;
}

/* Inserts the report; 1 when this official already reported the rating. */
static int insert_report(struct db_conn *db, int64_t rating_id, int64_t me, const char *reason, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO rating_reports (rating_id, reporter_id, reason, created_at) "
					    "VALUES ($1, $2, $3, $4) ON CONFLICT (rating_id, reporter_id) DO NOTHING "
					    "RETURNING id");
	int rc = !st || db_bind_int64(st, 1, rating_id) || db_bind_int64(st, 2, me) || db_bind_text(st, 3, reason) ||
				 db_bind_int64(st, 4, util_now_ms())
			 ? DB_ERROR
			 : db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : rc;
}

void catalog_rating_report_post(struct http_request *req)
{
	int64_t rating_id, author = 0, id = 0, me = http_user(req)->id;
	bool has_text = false, err;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &rating_id) || !db)
		return;
	int rc = rating_load(db, rating_id, &author, &has_text);
	if (rc <= 0) {
		rc < 0 ? http_reply_db_error(req) : http_reply_not_found(req, "rating");
		return;
	}
	json_t *body = http_body_json(req);
	if (!body)
		return;
	const char *reason;
	json_t *errors = read_reason(body, &reason), *out = NULL;
	if (errors) {
		http_reply_invalid(req, errors);
	} else if (author == me) {
		http_reply_problem(req, 409, "own_review", "This is your own review: change or remove it instead.");
	} else if (!has_text) {
		http_reply_problem(req, 409, "no_review", "This rating has no review text to report.");
	} else if ((rc = insert_report(db, rating_id, me, reason, &id)) == 1) {
		http_reply_problem(req, 409, "already_reported", "You have already reported this review.");
	} else if (rc < 0 || !(out = report_json(db, id, false, &err))) {
		http_reply_db_error(req);
	} else {
		http_reply_json(req, 201, out);
	}
	json_decref(body);
}

/* GET /rating-reports?status=open|upheld|dismissed: oldest report first (the cursor's key is created_at). */
void catalog_rating_report_list(struct http_request *req)
{
	struct http_list list;
	struct db_conn *db = http_db(req);
	if (http_list_params(req, &list) || !db)
		return;
	const char *status = http_query(req, "status");
	if (!status)
		status = "open";
	if (strcmp(status, "open") && strcmp(status, "upheld") && strcmp(status, "dismissed")) {
		json_t *errors = NULL;
		http_field_error(&errors, "status", "must be open, upheld or dismissed");
		http_reply_invalid(req, errors);
		return;
	}
	if (!moderator(db, http_user(req)->id)) {
		reply_not_moderator(req);
		return;
	}
	int64_t key = *list.key ? strtoll(list.key, NULL, 10) : -1;
	struct db_stmt *st =
		db_prepare(db, "SELECT id, CAST(created_at AS TEXT) FROM rating_reports WHERE status = $1 AND "
			       "(created_at > $2 OR (created_at = $2 AND id > $3)) ORDER BY created_at, id "
			       "LIMIT $4");
	if (!st || db_bind_text(st, 1, status) || db_bind_int64(st, 2, key) || db_bind_int64(st, 3, list.id) ||
	    db_bind_int64(st, 4, list.limit + 1)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	catalog_reply_page(req, db, st, &list, moderator_item);
}

/* The report's rating, its status and the content's provider. Returns 1 found, 0 unknown, a DB_ code. */
static int report_load(struct db_conn *db, int64_t id, int64_t *rating_id, char status[16], int64_t *provider_id)
{
	struct db_stmt *st =
		db_prepare(db, "SELECT p.rating_id, p.status, c.provider_id FROM rating_reports p JOIN "
			       "content_ratings r ON r.id = p.rating_id JOIN contents c ON c.id = r.content_id "
			       "WHERE p.id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*rating_id = db_column_int64(st, 0);
		snprintf(status, 16, "%s", db_column_text(st, 1));
		*provider_id = db_column_int64(st, 2);
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

/* Settles report id (and, when upheld, the rating's other open reports, hiding its text). Returns 0, 1 when
 * it was no longer open, or a DB_ code. */
static int settle(struct db_conn *db, int64_t id, int64_t rating_id, bool upheld, int64_t me)
{
	int64_t now = util_now_ms();
	const char *status = upheld ? "upheld" : "dismissed";
	struct db_stmt *st =
		db_prepare(db, "UPDATE rating_reports SET status = $2, decided_by = $3, decided_at = $4 "
			       "WHERE status = 'open' AND (id = $1 OR (rating_id = $5 AND $2 = 'upheld'))");
	int rc = !st || db_bind_int64(st, 1, id) || db_bind_text(st, 2, status) || db_bind_int64(st, 3, me) ||
				 db_bind_int64(st, 4, now) || db_bind_int64(st, 5, rating_id)
			 ? DB_ERROR
			 : db_step(st);
	db_finish(st);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERROR;
	if (db_changes(db) == 0)
		return 1;
	if (!upheld)
		return 0;
	st = db_prepare(db, "UPDATE content_ratings SET hidden = 1 WHERE id = $1");
	rc = !st || db_bind_int64(st, 1, rating_id) ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static void decide(struct http_request *req, struct db_conn *db, int64_t id, int64_t rating_id, int64_t provider_id,
		   bool upheld)
{
	bool err;
	json_t *before = NULL, *after = NULL;
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	int rc = db_begin(db);
	if (!rc && !(before = report_json(db, id, true, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = settle(db, id, rating_id, upheld, http_user(req)->id);
	if (!rc && !(after = report_json(db, id, true, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = http_audit(req, upheld ? "rating_report.uphold" : "rating_report.dismiss", "rating_report", idtext,
				provider_id, before, after);
	if (!rc)
		rc = db_commit(db);
	json_decref(before);
	if (rc) {
		db_rollback(db);
		json_decref(after);
		if (rc == 1)
			http_reply_problem(req, 409, "already_decided", "This report has already been decided.");
		else
			http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, after);
}

/* POST /rating-reports/{id}/decision {"decision": "upheld"|"dismissed"} */
void catalog_rating_report_decide(struct http_request *req)
{
	int64_t id, rating_id = 0, provider_id = 0;
	char status[16] = "";
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	if (!moderator(db, http_user(req)->id)) {
		reply_not_moderator(req);
		return;
	}
	int rc = report_load(db, id, &rating_id, status, &provider_id);
	if (rc <= 0) {
		rc < 0 ? http_reply_db_error(req) : http_reply_not_found(req, "rating report");
		return;
	}
	json_t *body = http_body_json(req);
	if (!body)
		return;
	json_t *errors = NULL;
	static const char *const KNOWN[] = {"decision", NULL};
	if (!json_is_object(body))
		http_field_error(&errors, "body", "must be a JSON object");
	else
		http_reject_unknown(body, KNOWN, "a decision", &errors);
	const char *decision = json_string_value(json_object_get(body, "decision"));
	if (!errors && (!decision || (strcmp(decision, "upheld") && strcmp(decision, "dismissed"))))
		http_field_error(&errors, "decision", "is required: upheld (hide the review's text) or dismissed");
	if (errors)
		http_reply_invalid(req, errors);
	else if (strcmp(status, "open"))
		http_reply_problem(req, 409, "already_decided", "This report has already been decided.");
	else
		decide(req, db, id, rating_id, provider_id, !strcmp(decision, "upheld"));
	json_decref(body);
}
