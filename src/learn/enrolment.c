/* Reading enrolments as the API shows them: the enrolment object (what, which version, how it came, where
 * it stands, its certificate), one by official and content, or a page of "my learning". */
#include "learn/learn_int.h"

#include "core/util.h"
#include "http/input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENROL_COLUMNS                                                                                                  \
	"e.id, e.content_id, c.code, e.kind, e.version_id, v.version, v.title_en, v.title_hi, c.provider_id, "         \
	"p.name_en, p.name_hi, v.thumbnail_file_id, v.duration_minutes, e.source, e.via_content_id, e.status, "        \
	"e.progress, e.due_at, e.enrolled_at, e.last_activity_at, e.completed_at, cert.code, e.official_id"
#define ENROL_FROM                                                                                                     \
	" FROM enrolments e JOIN contents c ON c.id = e.content_id JOIN content_versions v ON v.id = "                 \
	"e.version_id JOIN organisations p ON p.id = c.provider_id LEFT JOIN certificates cert ON "                    \
	"cert.enrolment_id = e.id"

json_t *learn_time_json(int64_t ms)
{
	if (!ms)
		return json_null();
	char iso[32];
	util_iso8601(ms, iso);
	return json_string(iso);
}

json_t *learn_text_json(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *id_or_null(struct db_stmt *st, int col)
{
	return db_column_null(st, col) ? json_null() : json_integer(db_column_int64(st, col));
}

/* The enrolment object of the row st stands on (ENROL_COLUMNS). */
static json_t *enrolment_json(struct db_stmt *st)
{
	json_t *provider =
		json_pack("{s:I, s:o, s:o}", "id", (json_int_t)db_column_int64(st, 8), "name_en",
			  learn_text_json(db_column_text(st, 9)), "name_hi", learn_text_json(db_column_text(st, 10)));
	json_t *e =
		json_pack("{s:I, s:I, s:s, s:s, s:I, s:I, s:s, s:o, s:o, s:o, s:o}", "id",
			  (json_int_t)db_column_int64(st, 0), "content_id", (json_int_t)db_column_int64(st, 1), "code",
			  db_column_text(st, 2), "kind", db_column_text(st, 3), "version_id",
			  (json_int_t)db_column_int64(st, 4), "version", (json_int_t)db_column_int64(st, 5), "title_en",
			  db_column_text(st, 6), "title_hi", learn_text_json(db_column_text(st, 7)), "provider",
			  provider, "thumbnail_file_id", id_or_null(st, 11), "duration_minutes", id_or_null(st, 12));
	if (!e)
		return NULL;
	json_object_set_new(e, "source", json_string(db_column_text(st, 13)));
	json_object_set_new(e, "via_content_id", id_or_null(st, 14));
	json_object_set_new(e, "status", json_string(db_column_text(st, 15)));
	json_object_set_new(e, "progress", json_integer(db_column_int64(st, 16)));
	json_object_set_new(e, "due_at", learn_time_json(db_column_int64(st, 17)));
	json_object_set_new(e, "enrolled_at", learn_time_json(db_column_int64(st, 18)));
	json_object_set_new(e, "last_activity_at", learn_time_json(db_column_int64(st, 19)));
	json_object_set_new(e, "completed_at", learn_time_json(db_column_int64(st, 20)));
	json_object_set_new(e, "certificate_code", learn_text_json(db_column_text(st, 21)));
	return e;
}

int learn_enrolment_read(struct db_conn *conn, int64_t official_id, int64_t content_id, json_t **out)
{
	*out = NULL;
	struct db_stmt *st =
		db_prepare(conn, "SELECT " ENROL_COLUMNS ENROL_FROM " WHERE e.official_id = $1 AND e.content_id = $2");
	if (!st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, content_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = enrolment_json(st);
	db_finish(st);
	if (rc == DB_ROW)
		return *out ? 1 : DB_ERROR;
	return rc == DB_DONE ? 0 : rc;
}

/* The status filter of ?status=: the SQL condition, or NULL when the value is not one. */
static const char *status_condition(const char *status)
{
	if (!status || !strcmp(status, "active"))
		return "e.status IN ('enrolled', 'in_progress')";
	if (!strcmp(status, "completed"))
		return "e.status = 'completed'";
	if (!strcmp(status, "left"))
		return "e.status = 'left'";
	if (!strcmp(status, "all"))
		return "1 = 1";
	return NULL;
}

int learn_enrolment_page(struct http_request *req, int64_t official_id, const char *status, int64_t content_id,
			 const struct http_list *list, json_t **out)
{
	*out = NULL;
	const char *cond = status_condition(status);
	if (!cond)
		return 1;
	char sql[1024];
	/* Newest activity first; the cursor is (last_activity_at, id) of the last item given. */
	snprintf(
		sql, sizeof sql,
		"SELECT " ENROL_COLUMNS ENROL_FROM " WHERE e.official_id = $1 AND %s AND ($5 = 0 OR e.content_id = $5) "
		"AND ($2 = 0 OR e.last_activity_at < $3 OR (e.last_activity_at = $3 AND e.id < $2)) ORDER BY "
		"e.last_activity_at DESC, e.id DESC LIMIT $4",
		cond);
	struct db_conn *conn = http_db(req);
	if (!conn)
		return DB_ERROR;
	int64_t key = list->key[0] ? strtoll(list->key, NULL, 10) : 0;
	struct db_stmt *st = db_prepare(conn, sql);
	if (!st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, list->id) || db_bind_int64(st, 3, key) ||
	    db_bind_int64(st, 4, list->limit + 1) || db_bind_int64(st, 5, content_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	json_t *items = json_array();
	int rc, n = 0;
	int64_t last_at = 0, last_id = 0;
	bool more = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == list->limit) {
			more = true;
			break;
		}
		json_array_append_new(items, enrolment_json(st));
		last_at = db_column_int64(st, 19);
		last_id = db_column_int64(st, 0);
		n++;
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(items);
		return rc;
	}
	const char *cursor = NULL;
	if (more) {
		char keytext[24];
		snprintf(keytext, sizeof keytext, "%lld", (long long)last_at);
		cursor = http_list_cursor(req, keytext, last_id);
	}
	*out = json_pack("{s:o, s:o}", "items", items, "next_cursor", cursor ? json_string(cursor) : json_null());
	return *out ? 0 : DB_ERROR;
}
