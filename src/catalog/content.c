/* Content over HTTP: a provider's creators make content and edit its metadata (an edit of published content
 * makes a new draft version); the provider's people see every version, everyone else the published one. The
 * outline is in content_outline.c, the workspace list in content_list.c, the workflow in workflow.c. */
#include "catalog/catalog_int.h"

#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void catalog_reply_in_review(struct http_request *req, const struct catalog_content *c)
{
	char msg[200];
	snprintf(msg, sizeof msg, "Version %lld is %s: it is in review; wait for the reviewer or ask for it back "
				  "(withdraw) before editing.",
		 (long long)c->latest_version, c->status);
	http_reply_conflict(req, msg);
}

static int touch(struct db_conn *db, int64_t content_id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE contents SET updated_at = $2 WHERE id = $1");
	int rc = !st || db_bind_int64(st, 1, content_id) || db_bind_int64(st, 2, now) || db_step(st) != DB_DONE;
	db_finish(st);
	return rc ? DB_ERROR : 0;
}

int catalog_edit_target(struct http_request *req, struct db_conn *db, struct catalog_content *c, int64_t *version_id)
{
	int64_t now = util_now_ms();
	if (!strcmp(c->status, "draft") || !strcmp(c->status, "changes_requested")) {
		*version_id = c->latest_id;
		return touch(db, c->id, now);
	}
	if (strcmp(c->status, "published") && strcmp(c->status, "retired"))
		return 1;
	int64_t me = http_user(req)->id;
	int rc = catalog_version_copy(db, c, c->latest_id, me, now, version_id);
	if (!rc)
		rc = catalog_transition_add(db, c->id, *version_id, "new_version", NULL, "draft", me, NULL, now);
	if (!rc) {
		c->latest_id = *version_id;
		c->latest_version++;
		snprintf(c->status, sizeof c->status, "draft");
	}
	return rc;
}

static void forbidden_creator(struct http_request *req)
{
	http_reply_problem(req, 403, "forbidden",
			   "Only a content_creator of this provider (on it or an organisation above it) may write its "
			   "content.");
}

/* Status of the provider row: 1 found (sets status), 0 not a provider, -1 on error. */
static int provider_status(struct db_conn *db, int64_t org_id, char status[16])
{
	struct db_stmt *st = db_prepare(db, "SELECT status FROM providers WHERE org_id = $1");
	if (!st || db_bind_int64(st, 1, org_id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(status, 16, "%s", db_column_text(st, 0));
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static bool code_taken(struct db_conn *db, const char *code)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM contents WHERE code = $1");
	bool yes = st && !db_bind_text(st, 1, code) && db_step(st) == DB_ROW;
	db_finish(st);
	return yes;
}

static int audit_content(struct http_request *req, const char *action, const struct catalog_content *c,
			 json_t *before, json_t *after)
{
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)c->id);
	return http_audit(req, action, "content", idtext, c->provider_id, before, after);
}

static int insert_content(struct db_conn *db, const struct catalog_meta *m, int64_t me, int64_t now, int64_t *id,
			  int64_t *version_id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO contents (provider_id, kind, code, status, created_by, "
					    "created_at, updated_at) VALUES ($1, $2, $3, 'draft', $4, $5, $5) RETURNING id");
	int rc = !st || db_bind_int64(st, 1, m->provider_id) || db_bind_text(st, 2, m->kind) ||
			 db_bind_text(st, 3, m->code) || db_bind_int64(st, 4, me) || db_bind_int64(st, 5, now)
		 ? DB_ERROR
		 : db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finish(st);
	if (rc != DB_ROW)
		return rc < 0 ? rc : DB_ERROR;
	st = db_prepare(db, "INSERT INTO content_versions (content_id, version, status, title_en, author_id, created_at, "
			    "updated_at) VALUES ($1, 1, 'draft', $2, $3, $4, $4) RETURNING id");
	rc = !st || db_bind_int64(st, 1, *id) || db_bind_text(st, 2, m->title) || db_bind_int64(st, 3, me) ||
			     db_bind_int64(st, 4, now)
		     ? DB_ERROR
		     : db_step(st);
	if (rc == DB_ROW)
		*version_id = db_column_int64(st, 0);
	db_finish(st);
	if (rc != DB_ROW)
		return rc < 0 ? rc : DB_ERROR;
	st = db_prepare(db, "UPDATE contents SET latest_version_id = $2 WHERE id = $1");
	rc = !st || db_bind_int64(st, 1, *id) || db_bind_int64(st, 2, *version_id) || db_step(st) != DB_DONE;
	db_finish(st);
	return rc ? DB_ERROR : 0;
}

static void create_save(struct http_request *req, struct db_conn *db, const struct catalog_meta *m)
{
	int64_t me = http_user(req)->id, now = util_now_ms(), id = 0, vid = 0;
	struct catalog_content c;
	json_t *after = NULL;
	bool err;
	int rc = db_begin(db);
	if (!rc)
		rc = insert_content(db, m, me, now, &id, &vid);
	if (!rc)
		rc = catalog_meta_write(db, vid, m, now);
	if (!rc)
		rc = catalog_transition_add(db, id, vid, "create", NULL, "draft", me, NULL, now);
	if (!rc)
		rc = catalog_content_load(db, id, &c) == 1 ? 0 : DB_ERROR;
	if (!rc && !(after = catalog_content_json(db, &c, vid, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = audit_content(req, "content.create", &c, NULL, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		json_decref(after);
		if (rc == DB_CONSTRAINT)
			http_reply_conflict(req, "Content with this code already exists: codes are unique in the catalogue.");
		else
			http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 201, after);
}

/* The checks of a create after the body: provider, scope, references, code. Returns 0 to go on. */
static int create_checks(struct http_request *req, struct db_conn *db, const struct catalog_meta *m)
{
	char status[16];
	json_t *errors = NULL;
	int rc = provider_status(db, m->provider_id, status);
	if (rc < 0) {
		http_reply_db_error(req);
		return -1;
	}
	if (rc == 0) {
		http_field_error(&errors, "provider_id", "no provider has this id (an spv_admin makes providers)");
		http_reply_invalid(req, errors);
		return -1;
	}
	if (!catalog_may_create(db, http_user(req)->id, m->provider_id)) {
		forbidden_creator(req);
		return -1;
	}
	if (strcmp(status, "active")) {
		http_reply_conflict(req, "This provider is suspended: it cannot add content until an spv_admin makes it "
					 "active again.");
		return -1;
	}
	if (catalog_meta_check(db, m, &errors)) {
		json_decref(errors);
		http_reply_db_error(req);
		return -1;
	}
	if (errors) {
		http_reply_invalid(req, errors);
		return -1;
	}
	if (code_taken(db, m->code)) {
		http_reply_conflict(req, "Content with this code already exists: codes are unique in the catalogue.");
		return -1;
	}
	return 0;
}

static void post_content(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	json_t *body = db ? http_body_json(req) : NULL;
	if (!body)
		return;
	struct catalog_meta m;
	json_t *errors = catalog_meta_read(body, true, NULL, &m);
	if (errors)
		http_reply_invalid(req, errors);
	else if (!create_checks(req, db, &m))
		create_save(req, db, &m);
	json_decref(body);
}

/* Which version of c the caller may read: ?version=N for the provider's people, else the newest for them
 * and the published one for everyone else. Returns the version id, or 0 with the reply set. */
static int64_t readable_version(struct http_request *req, struct db_conn *db, const struct catalog_content *c,
				bool insider)
{
	bool visible = insider || !strcmp(c->published_status, "published") || !strcmp(c->published_status, "retired");
	const char *v = http_query(req, "version");
	int64_t vid = insider ? c->latest_id : c->published_id;
	if (visible && v) {
		char *end;
		long long n = strtoll(v, &end, 10);
		int rc = *end || n < 1 ? 0 : catalog_version_find(db, c->id, n, &vid);
		if (rc < 0) {
			http_reply_db_error(req);
			return 0;
		}
		visible = rc == 1 && (insider || vid == c->published_id);
	}
	if (!visible) {
		http_reply_not_found(req, "content");
		return 0;
	}
	return vid;
}

static void get_content(struct http_request *req)
{
	int64_t id;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	struct catalog_content c;
	int rc = catalog_content_load(db, id, &c);
	if (rc <= 0) {
		rc < 0 ? http_reply_db_error(req) : http_reply_not_found(req, "content");
		return;
	}
	bool insider = catalog_provider_person(db, http_user(req)->id, c.provider_id);
	bool page = !insider && c.published_id && !http_query(req, "version");
	if (page && catalog_page_reply_cached(req, &c))
		return;
	int64_t vid = readable_version(req, db, &c, insider);
	if (!vid)
		return;
	bool err;
	json_t *out = catalog_content_json(db, &c, vid, &err);
	if (out && page && vid == c.published_id)
		catalog_page_store(&c, out);
	if (!out)
		err ? http_reply_db_error(req) : http_reply_not_found(req, "content");
	else
		http_reply_json(req, 200, out);
}

static void patch_save(struct http_request *req, struct db_conn *db, struct catalog_content *c,
		       const struct catalog_meta *m)
{
	bool err;
	int64_t vid = 0;
	json_t *before = NULL, *after = NULL;
	int rc = db_begin(db);
	if (!rc && !(before = catalog_content_json(db, c, c->latest_id, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = catalog_edit_target(req, db, c, &vid);
	if (!rc)
		rc = catalog_meta_write(db, vid, m, util_now_ms());
	if (!rc && !(after = catalog_content_json(db, c, vid, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = audit_content(req, "content.update", c, before, after);
	if (!rc)
		rc = db_commit(db);
	json_decref(before);
	if (rc) {
		db_rollback(db);
		json_decref(after);
		rc == 1 ? catalog_reply_in_review(req, c) : http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, after);
}

static void patch_content(struct http_request *req)
{
	struct catalog_content c;
	struct db_conn *db = http_db(req);
	if (!db || !catalog_content_for_write(req, db, &c))
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	struct catalog_meta m;
	json_t *errors = catalog_meta_read(body, false, c.kind, &m);
	if (errors) {
		http_reply_invalid(req, errors);
	} else if (!catalog_may_create(db, http_user(req)->id, c.provider_id)) {
		forbidden_creator(req);
	} else if (!strcmp(c.status, "submitted") || !strcmp(c.status, "in_review")) {
		catalog_reply_in_review(req, &c);
	} else if (catalog_meta_check(db, &m, &errors)) {
		json_decref(errors);
		http_reply_db_error(req);
	} else if (errors) {
		http_reply_invalid(req, errors);
	} else {
		patch_save(req, db, &c, &m);
	}
	json_decref(body);
}

const struct http_route catalog_content_routes[] = {
	{"POST", "/api/v1/contents", post_content, HTTP_SESSION, 0},
	{"GET", "/api/v1/contents/{id}", get_content, HTTP_SESSION, 0},
	{"PATCH", "/api/v1/contents/{id}", patch_content, HTTP_SESSION, 0},
	{"PUT", "/api/v1/contents/{id}/outline", catalog_outline_put, HTTP_SESSION, 64u << 20},
	{"GET", "/api/v1/providers/{id}/contents", catalog_workspace_list, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
