/* Learners' ratings of content: one per official per item, only after they completed it (asked of learn),
 * changed in place or removed; the list with its summary. Every change keeps the catalogue index's average
 * and count right and bumps its generation in the same transaction, so kept searches and course pages
 * (whose cache compares the index's numbers) show the new average at once. Reports: ratings_reports.c. */
#include "catalog/catalog_int.h"

#include "core/util.h"
#include "http/input.h"
#include "learn/learn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REVIEW_MAX 2000 /* characters */

json_t *catalog_rating_row_json(struct db_stmt *st, int64_t me, bool show_hidden)
{
	bool hidden = db_column_int64(st, 5) != 0;
	const char *review = db_column_text(st, 4);
	json_t *author = json_pack("{s:I}", "id", (json_int_t)db_column_int64(st, 2));
	const char *name = db_column_text(st, 8), *name_hi = db_column_text(st, 9);
	json_object_set_new(author, "name", name ? json_string(name) : json_null());
	json_object_set_new(author, "name_hi", name_hi ? json_string(name_hi) : json_null());
	json_t *out = json_pack("{s:I, s:I, s:I}", "id", (json_int_t)db_column_int64(st, 0), "content_id",
				(json_int_t)db_column_int64(st, 1), "stars", (json_int_t)db_column_int64(st, 3));
	json_object_set_new(out, "review", review && (!hidden || show_hidden) ? json_string(review) : json_null());
	json_object_set_new(out, "hidden", json_boolean(hidden));
	json_object_set_new(out, "author", author);
	json_object_set_new(out, "created_at", catalog_time_json(db_column_int64(st, 6)));
	json_object_set_new(out, "updated_at", catalog_time_json(db_column_int64(st, 7)));
	json_object_set_new(out, "mine", json_boolean(db_column_int64(st, 2) == me));
	json_object_set_new(out, "reported_by_me", json_boolean(db_column_int64(st, 10) != 0));
	return out;
}

/* The caller's rating of content_id: a new reference, json null when none, NULL on a database error. */
static json_t *my_rating(struct db_conn *db, int64_t content_id, int64_t me)
{
	struct db_stmt *st =
		db_prepare(db, "SELECT " CATALOG_RATING_COLS " WHERE r.content_id = $1 AND r.official_id = $2");
	if (!st || db_bind_int64(st, 1, content_id) || db_bind_int64(st, 2, me)) {
		db_finish(st);
		return NULL;
	}
	int rc = db_step(st);
	json_t *out = rc == DB_ROW ? catalog_rating_row_json(st, me, true) : rc == DB_DONE ? json_null() : NULL;
	db_finish(st);
	return out;
}

/* Average times 100, rounded half up: the same figure the index keeps. */
static int64_t average_x100(int64_t sum, int64_t count)
{
	return count ? (sum * 100 + count / 2) / count : 0;
}

/* {average, count, distribution {"1".."5"}} of content_id; NULL on a database error. */
static json_t *rating_summary(struct db_conn *db, int64_t content_id)
{
	struct db_stmt *st =
		db_prepare(db, "SELECT stars, count(*) FROM content_ratings WHERE content_id = $1 GROUP BY "
			       "stars");
	if (!st || db_bind_int64(st, 1, content_id)) {
		db_finish(st);
		return NULL;
	}
	int64_t n[6] = {0}, count = 0, sum = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t stars = db_column_int64(st, 0);
		if (stars >= 1 && stars <= 5)
			n[stars] = db_column_int64(st, 1);
	}
	db_finish(st);
	if (rc < 0)
		return NULL;
	json_t *dist = json_object();
	for (int s = 1; s <= 5; s++) {
		char key[2] = {(char)('0' + s), 0};
		json_object_set_new(dist, key, json_integer(n[s]));
		count += n[s];
		sum += n[s] * s;
	}
	return json_pack("{s:f, s:I, s:o}", "average", (double)average_x100(sum, count) / 100.0, "count",
			 (json_int_t)count, "distribution", dist);
}

static int exec_id(struct db_conn *db, const char *sql, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql);
	int rc = !st || db_bind_int64(st, 1, id) ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Takes the write lock on content_id's ratings before reading them: the index row (PostgreSQL row lock; on
 * SQLite the transaction already holds the database's). Returns 0 or a DB_ code. */
static int lock_ratings(struct db_conn *db, int64_t content_id)
{
	return exec_id(db, "UPDATE catalog_index SET rating_count = rating_count WHERE content_id = $1", content_id);
}

int catalog_rating_refresh(struct db_conn *db, int64_t content_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*), COALESCE(CAST(sum(stars) AS BIGINT), 0) FROM "
					    "content_ratings WHERE content_id = $1");
	if (!st || db_bind_int64(st, 1, content_id) || db_step(st) != DB_ROW) {
		db_finish(st);
		return DB_ERROR;
	}
	int64_t count = db_column_int64(st, 0), sum = db_column_int64(st, 1);
	db_finish(st);
	st = db_prepare(db, "UPDATE catalog_index SET rating_x100 = $2, rating_count = $3 WHERE content_id = $1 AND "
			    "(rating_x100 <> $2 OR rating_count <> $3)");
	int rc = !st || db_bind_int64(st, 1, content_id) || db_bind_int64(st, 2, average_x100(sum, count)) ||
				 db_bind_int64(st, 3, count)
			 ? DB_ERROR
			 : db_step(st);
	db_finish(st);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERROR;
	if (db_changes(db) == 0)
		return 0;
	return exec_id(db, "UPDATE catalog_index_state SET generation = generation + $1 WHERE id = 1", 1);
}

/* Content whose ratings the caller may read or write: published once (published or retired now). Returns
 * 1 loaded, 0 with the reply set. */
static int rated_content(struct http_request *req, struct db_conn *db, struct catalog_content *c)
{
	int64_t id;
	if (http_param_id(req, "id", &id))
		return 0;
	int rc = catalog_content_load(db, id, c);
	if (rc < 0)
		http_reply_db_error(req);
	else if (rc == 0 || !c->published_id)
		http_reply_not_found(req, "content");
	return rc == 1 && c->published_id;
}

static json_t *read_rating(json_t *body, int64_t *stars, const char **review)
{
	json_t *errors = NULL;
	*review = NULL;
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
		return errors;
	}
	static const char *const KNOWN[] = {"stars", "review", NULL};
	http_reject_unknown(body, KNOWN, "a rating", &errors);
	json_t *s = json_object_get(body, "stars");
	if (!json_is_integer(s) || json_integer_value(s) < 1 || json_integer_value(s) > 5)
		http_field_error(&errors, "stars", "is required: a whole number of stars from 1 to 5");
	else
		*stars = json_integer_value(s);
	(void)http_take_string(body, "review", NULL, REVIEW_MAX, true, review, NULL, &errors);
	return errors;
}

/* Writes the caller's rating; sets *id, *is_new and *points (karma paid for a first rating). */
static int save_rating(struct db_conn *db, int64_t content_id, int64_t me, int64_t stars, const char *review,
		       int64_t *id, bool *is_new, int64_t *points)
{
	int64_t now = util_now_ms();
	int rc = lock_ratings(db, content_id);
	struct db_stmt *st =
		rc ? NULL : db_prepare(db, "SELECT id FROM content_ratings WHERE content_id = $1 AND official_id = $2");
	if (!rc && (!st || db_bind_int64(st, 1, content_id) || db_bind_int64(st, 2, me) || (rc = db_step(st)) < 0))
		rc = DB_ERROR;
	*is_new = rc == DB_DONE;
	db_finish(st);
	rc = rc < 0 ? rc : 0;
	st = rc ? NULL
		: db_prepare(
			  db,
			  "INSERT INTO content_ratings (content_id, official_id, stars, review, created_at, "
			  "updated_at) VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (content_id, official_id) DO UPDATE "
			  "SET stars = excluded.stars, review = excluded.review, updated_at = excluded.updated_at "
			  "RETURNING id");
	if (!rc && (!st || db_bind_int64(st, 1, content_id) || db_bind_int64(st, 2, me) ||
		    db_bind_int64(st, 3, stars) || (review ? db_bind_text(st, 4, review) : db_bind_null(st, 4)) ||
		    db_bind_int64(st, 5, now) || db_step(st) != DB_ROW))
		rc = DB_ERROR;
	if (!rc)
		*id = db_column_int64(st, 0);
	db_finish(st);
	if (!rc)
		rc = catalog_rating_refresh(db, content_id);
	char ref[40];
	snprintf(ref, sizeof ref, "content:%lld", (long long)content_id);
	*points = 0;
	if (!rc && *is_new)
		rc = learn_karma_award(db, me, "rating", ref, now, points);
	return rc;
}

static void reply_saved(struct http_request *req, struct db_conn *db, int64_t content_id, int64_t me, bool is_new,
			int64_t points)
{
	json_t *out = my_rating(db, content_id, me), *summary = rating_summary(db, content_id);
	if (!out || !summary || json_is_null(out)) {
		json_decref(out);
		json_decref(summary);
		http_reply_db_error(req);
		return;
	}
	json_object_set_new(out, "summary", summary);
	json_object_set_new(out, "karma_points", json_integer(points));
	http_reply_json(req, is_new ? 201 : 200, out);
}

/* PUT /contents/{id}/my-rating */
static void put_my_rating(struct http_request *req)
{
	struct catalog_content c;
	struct db_conn *db = http_db(req);
	if (!db || !rated_content(req, db, &c))
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	int64_t stars = 0, me = http_user(req)->id, id = 0, points = 0;
	const char *review;
	bool is_new = false;
	json_t *errors = read_rating(body, &stars, &review);
	int done = errors ? 0 : learn_completed(db, me, c.id);
	if (errors) {
		http_reply_invalid(req, errors);
	} else if (done < 0) {
		http_reply_db_error(req);
	} else if (!done) {
		http_reply_problem(req, 403, "not_completed",
				   "Only officials who have completed this content may rate it: finish it first.");
	} else {
		int rc = db_begin(db);
		if (!rc)
			rc = save_rating(db, c.id, me, stars, review, &id, &is_new, &points);
		if (!rc)
			rc = db_commit(db);
		if (rc) {
			db_rollback(db);
			http_reply_db_error(req);
		} else {
			reply_saved(req, db, c.id, me, is_new, points);
		}
	}
	json_decref(body);
}

/* Removes a rating and the reports on it; 1 when there was none. */
static int remove_rating(struct db_conn *db, int64_t content_id, int64_t me)
{
	int rc = lock_ratings(db, content_id);
	struct db_stmt *st =
		rc ? NULL : db_prepare(db, "SELECT id FROM content_ratings WHERE content_id = $1 AND official_id = $2");
	if (!rc && (!st || db_bind_int64(st, 1, content_id) || db_bind_int64(st, 2, me) || (rc = db_step(st)) < 0))
		rc = DB_ERROR;
	int64_t id = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	db_finish(st);
	if (rc < 0)
		return rc;
	if (!id)
		return 1;
	rc = exec_id(db, "DELETE FROM rating_reports WHERE rating_id = $1", id);
	if (!rc)
		rc = exec_id(db, "DELETE FROM content_ratings WHERE id = $1", id);
	return rc ? rc : catalog_rating_refresh(db, content_id);
}

/* DELETE /contents/{id}/my-rating */
static void delete_my_rating(struct http_request *req)
{
	struct catalog_content c;
	struct db_conn *db = http_db(req);
	if (!db || !rated_content(req, db, &c))
		return;
	int rc = db_begin(db);
	if (!rc)
		rc = remove_rating(db, c.id, http_user(req)->id);
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	if (rc == 1)
		http_reply_problem(req, 404, "not_found", "You have not rated this content.");
	else if (rc)
		http_reply_db_error(req);
	else
		http_reply_empty(req, 204);
}

/* One page of ratings, newest change first (the cursor's key is updated_at in epoch ms). */
static json_t *rating_page(struct http_request *req, struct db_conn *db, int64_t content_id, int64_t me,
			   const struct http_list *list, json_t **cursor)
{
	int64_t key = *list->key ? strtoll(list->key, NULL, 10) : INT64_MAX, after = *list->key ? list->id : INT64_MAX;
	struct db_stmt *st =
		db_prepare(db, "SELECT " CATALOG_RATING_COLS " WHERE r.content_id = $1 AND (r.updated_at < $3 "
			       "OR (r.updated_at = $3 AND r.id < $4)) ORDER BY r.updated_at DESC, r.id DESC "
			       "LIMIT $5");
	if (!st || db_bind_int64(st, 1, content_id) || db_bind_int64(st, 2, me) || db_bind_int64(st, 3, key) ||
	    db_bind_int64(st, 4, after) || db_bind_int64(st, 5, list->limit + 1)) {
		db_finish(st);
		return NULL;
	}
	json_t *items = json_array();
	int rc, n = 0;
	int64_t last_key = 0, last_id = 0;
	*cursor = json_null();
	while ((rc = db_step(st)) == DB_ROW) {
		if (n++ == list->limit) {
			char k[24];
			snprintf(k, sizeof k, "%lld", (long long)last_key);
			const char *c = http_list_cursor(req, k, last_id);
			if (c)
				*cursor = json_string(c);
			break;
		}
		json_array_append_new(items, catalog_rating_row_json(st, me, false));
		last_key = db_column_int64(st, 7);
		last_id = db_column_int64(st, 0);
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

/* GET /contents/{id}/ratings */
static void get_ratings(struct http_request *req)
{
	struct catalog_content c;
	struct http_list list;
	struct db_conn *db = http_db(req);
	if (!db || !rated_content(req, db, &c) || http_list_params(req, &list))
		return;
	int64_t me = http_user(req)->id;
	int done = learn_completed(db, me, c.id);
	json_t *cursor = NULL, *out = done < 0 ? NULL : rating_summary(db, c.id);
	json_t *mine = out ? my_rating(db, c.id, me) : NULL;
	json_t *items = mine ? rating_page(req, db, c.id, me, &list, &cursor) : NULL;
	if (!items) {
		json_decref(out);
		json_decref(mine);
		json_decref(cursor);
		http_reply_db_error(req);
		return;
	}
	json_object_set_new(out, "can_rate", json_boolean(done == 1));
	json_object_set_new(out, "mine", mine);
	json_object_set_new(out, "items", items);
	json_object_set_new(out, "next_cursor", cursor);
	http_reply_json(req, 200, out);
}

const struct http_route catalog_rating_routes[] = {
	{"PUT", "/api/v1/contents/{id}/my-rating", put_my_rating, HTTP_SESSION, 0},
	{"DELETE", "/api/v1/contents/{id}/my-rating", delete_my_rating, HTTP_SESSION, 0},
	{"GET", "/api/v1/contents/{id}/ratings", get_ratings, HTTP_SESSION, 0},
	{"POST", "/api/v1/ratings/{id}/reports", catalog_rating_report_post, HTTP_SESSION, 0},
	{"GET", "/api/v1/rating-reports", catalog_rating_report_list, HTTP_SESSION, 0},
	{"POST", "/api/v1/rating-reports/{id}/decision", catalog_rating_report_decide, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
