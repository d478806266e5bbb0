/* The audit log writer: one row per admin write, in the same transaction as the write. */
#include "http/audit.h"

#include "core/util.h"

#include <stdlib.h>

static int bind_json(struct db_stmt *st, int n, json_t *v)
{
	if (!v)
		return db_bind_null(st, n);
	char *text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		return DB_ERROR;
	int rc = db_bind_text(st, n, text);
	free(text);
	return rc;
}

int http_audit(struct http_request *req, const char *action, const char *object_type, const char *object_id,
	       int64_t scope_org_id, json_t *before, json_t *after)
{
	struct db_conn *db = http_db(req);
	if (!db)
		return DB_ERROR;
	const struct http_user *u = http_user(req);
	struct db_stmt *st = db_prepare(db, "INSERT INTO audit_log (at, actor_id, action, object_type, object_id, "
					    "scope_org_id, before_json, after_json, request_id) "
					    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
	if (!st)
		return DB_ERROR;
	int rc = db_bind_int64(st, 1, util_now_ms());
	if (!rc)
		rc = u ? db_bind_int64(st, 2, u->id) : db_bind_null(st, 2);
	if (!rc)
		rc = db_bind_text(st, 3, action);
	if (!rc)
		rc = db_bind_text(st, 4, object_type);
	if (!rc)
		rc = db_bind_text(st, 5, object_id);
	if (!rc)
		rc = scope_org_id ? db_bind_int64(st, 6, scope_org_id) : db_bind_null(st, 6);
	if (!rc)
		rc = bind_json(st, 7, before);
	if (!rc)
		rc = bind_json(st, 8, after);
	if (!rc)
		rc = db_bind_text(st, 9, http_request_id(req));
	if (!rc && db_step(st) != DB_DONE)
		rc = DB_ERROR;
	db_finish(st);
	return rc;
}
