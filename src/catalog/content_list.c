/* Lists of content: the keyset page every catalog list shares, and a provider's workspace (its content,
 * newest change first, with each item's newest status) for its people and the platform's reviewers. */
#include "catalog/catalog_int.h"

#include "core/util.h"
#include "http/input.h"
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void catalog_reply_page(struct http_request *req, struct db_conn *db, struct db_stmt *st, const struct http_list *list,
			catalog_load_fn load)
{
	int64_t ids[HTTP_LIST_MAX + 1];
	char last_key[512] = "";
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n <= list->limit) {
		if (n < list->limit)
			snprintf(last_key, sizeof last_key, "%s", db_column_text(st, 1) ? db_column_text(st, 1) : "");
		ids[n++] = db_column_int64(st, 0);
	}
	db_finish(st);
	if (rc < 0) {
		http_reply_db_error(req);
		return;
	}
	bool more = n > list->limit;
	if (more)
		n = list->limit;
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		bool err;
		json_t *item = load(db, ids[i], &err);
		if (!item) {
			json_decref(items);
			http_reply_db_error(req);
			return;
		}
		json_array_append_new(items, item);
	}
	json_t *cursor = json_null();
	const char *c = more ? http_list_cursor(req, last_key, ids[n - 1]) : NULL;
	if (c) {
		json_decref(cursor);
		cursor = json_string(c);
	}
	http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", cursor));
}

static json_t *workspace_item(struct db_conn *db, int64_t id, bool *db_error)
{
	*db_error = true;
	struct db_stmt *st = db_prepare(
		db, "SELECT c.code, c.kind, v.title_en, v.title_hi, c.status, v.version, p.version, c.updated_at FROM "
		    "contents c JOIN content_versions v ON v.id = c.latest_version_id LEFT JOIN content_versions p ON "
		    "p.id = c.published_version_id WHERE c.id = $1");
	if (!st || db_bind_int64(st, 1, id) || db_step(st) != DB_ROW) {
		db_finish(st);
		return NULL;
	}
	json_t *item = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "code", db_column_text(st, 0), "kind",
				 db_column_text(st, 1), "title", db_column_text(st, 2));
	const char *hi = db_column_text(st, 3);
	json_object_set_new(item, "title_hi", hi ? json_string(hi) : json_null());
	json_object_set_new(item, "status", json_string(db_column_text(st, 4)));
	json_object_set_new(item, "version", json_integer(db_column_int64(st, 5)));
	json_object_set_new(item, "published_version",
			    db_column_null(st, 6) ? json_null() : json_integer(db_column_int64(st, 6)));
	json_object_set_new(item, "updated_at", catalog_time_json(db_column_int64(st, 7)));
	db_finish(st);
	*db_error = false;
	return item;
}

static const char *const STATUSES[] = {"draft",     "submitted", "in_review", "changes_requested",
				       "published", "retired",   NULL};

static json_t *read_filter(struct http_request *req, const char **status, const char **q)
{
	json_t *errors = NULL;
	*status = http_query(req, "status");
	bool known = false;
	for (const char *const *s = STATUSES; *status && *s; s++)
		known |= !strcmp(*status, *s);
	if (*status && !known)
		http_field_error(&errors, "status", "must be draft, submitted, in_review, changes_requested, published or "
						    "retired");
	*q = http_query(req, "q");
	if (*q && strlen(*q) > 200)
		http_field_error(&errors, "q", "must be at most 200 characters");
	return errors;
}

void catalog_workspace_list(struct http_request *req)
{
	int64_t org_id;
	struct http_list list;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &org_id) || http_list_params(req, &list) || !db)
		return;
	const char *status, *q;
	json_t *errors = read_filter(req, &status, &q);
	if (errors) {
		http_reply_invalid(req, errors);
		return;
	}
	if (!catalog_provider_person(db, http_user(req)->id, org_id)) {
		http_reply_problem(req, 403, "forbidden",
				   "Only this provider's creators, reviewers and publishers (and the platform's reviewers) "
				   "see its workspace.");
		return;
	}
	/* Newest change first: the cursor's key is updated_at in epoch ms. */
	int64_t key = *list.key ? strtoll(list.key, NULL, 10) : INT64_MAX, after_id = *list.key ? list.id : INT64_MAX;
	struct db_stmt *st = db_prepare(
		db, "SELECT c.id, CAST(c.updated_at AS TEXT) FROM contents c JOIN content_versions v ON v.id = "
		    "c.latest_version_id WHERE c.provider_id = $1 AND ($2 = '' OR c.status = $2) AND ($3 = '%%' OR "
		    "LOWER(c.code) LIKE $3 ESCAPE '\\' OR LOWER(v.title_en) LIKE $3 ESCAPE '\\' OR v.title_hi LIKE $3 "
		    "ESCAPE '\\') AND (c.updated_at < $4 OR (c.updated_at = $4 AND c.id < $5)) ORDER BY c.updated_at DESC, "
		    "c.id DESC LIMIT $6");
	const char *pattern = http_list_like(req, q ? q : "");
	if (!st || !pattern || db_bind_int64(st, 1, org_id) || db_bind_text(st, 2, status ? status : "") ||
	    db_bind_text(st, 3, pattern) || db_bind_int64(st, 4, key) || db_bind_int64(st, 5, after_id) ||
	    db_bind_int64(st, 6, list.limit + 1)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	catalog_reply_page(req, db, st, &list, workspace_item);
}

static json_t *queue_item(struct db_conn *db, int64_t id, bool *db_error)
{
	json_t *item = workspace_item(db, id, db_error);
	struct catalog_content c;
	struct catalog_version v;
	if (!item || catalog_content_load(db, id, &c) != 1 || catalog_version_load(db, c.latest_id, &v) != 1) {
		json_decref(item);
		*db_error = true;
		return NULL;
	}
	json_t *provider = catalog_org_json(db, c.provider_id), *author = catalog_person_json(db, v.author_id);
	json_t *reviewer = catalog_person_json(db, v.reviewer_id);
	struct db_stmt *st = db_prepare(db, "SELECT submitted_at FROM content_versions WHERE id = $1");
	int64_t submitted = 0;
	if (st && !db_bind_int64(st, 1, v.id) && db_step(st) == DB_ROW && !db_column_null(st, 0))
		submitted = db_column_int64(st, 0);
	db_finish(st);
	if (!provider || !author || !reviewer) {
		json_decref(provider);
		json_decref(author);
		json_decref(reviewer);
		json_decref(item);
		*db_error = true;
		return NULL;
	}
	json_object_set_new(item, "provider", provider);
	json_object_set_new(item, "author", author);
	json_object_set_new(item, "reviewer", reviewer);
	json_object_set_new(item, "approved", json_boolean(v.approved_by != 0));
	json_object_set_new(item, "submitted_at", catalog_time_json(submitted));
	return item;
}

/* Reviewers and publishers see their providers' queue (roles on a provider or above it reach it); the
 * platform's see every provider's. Oldest submission first: the cursor's key is submitted_at in epoch ms. */
void catalog_review_queue(struct http_request *req)
{
	struct http_list list;
	struct db_conn *db = http_db(req);
	if (http_list_params(req, &list) || !db)
		return;
	const char *status = http_query(req, "status");
	if (!status)
		status = "submitted";
	if (strcmp(status, "submitted") && strcmp(status, "in_review") && strcmp(status, "changes_requested")) {
		json_t *errors = NULL;
		http_field_error(&errors, "status", "must be submitted, in_review or changes_requested");
		http_reply_invalid(req, errors);
		return;
	}
	int64_t me = http_user(req)->id;
	bool platform = catalog_platform_role(db, me, "content_reviewer") ||
			catalog_platform_role(db, me, "content_publisher");
	if (!platform && !org_has_role_anywhere(db, me, "content_reviewer") &&
	    !org_has_role_anywhere(db, me, "content_publisher")) {
		http_reply_problem(req, 403, "forbidden", "The review queue is for content reviewers and publishers.");
		return;
	}
	int64_t key = *list.key ? strtoll(list.key, NULL, 10) : -1;
	struct db_stmt *st = db_prepare(
		db, "WITH RECURSIVE scope(id) AS (SELECT g.org_id FROM role_grants g WHERE g.official_id = $1 AND g.role IN "
		    "('content_reviewer', 'content_publisher') AND CAST($2 AS BIGINT) = 0 UNION SELECT o.id FROM "
		    "organisations o JOIN scope s ON o.parent_id = s.id) SELECT c.id, CAST(COALESCE(v.submitted_at, 0) AS "
		    "TEXT) FROM contents c JOIN content_versions v ON v.id = c.latest_version_id WHERE c.status = $3 AND "
		    "(CAST($2 AS BIGINT) = 1 OR c.provider_id IN (SELECT id FROM scope)) AND (COALESCE(v.submitted_at, 0) > "
		    "$4 OR (COALESCE(v.submitted_at, 0) = $4 AND c.id > $5)) ORDER BY COALESCE(v.submitted_at, 0), c.id "
		    "LIMIT $6");
	if (!st || db_bind_int64(st, 1, me) || db_bind_int64(st, 2, platform) || db_bind_text(st, 3, status) ||
	    db_bind_int64(st, 4, key) || db_bind_int64(st, 5, list.id) || db_bind_int64(st, 6, list.limit + 1)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	catalog_reply_page(req, db, st, &list, queue_item);
}
