/* Reading enrolments as the API shows them: the enrolment object (what, which version, how it came, where
 * it stands, its certificate), one by official and content, or a page of "my learning". */
#include "learn/learn_int.h"

#include "core/jsonw.h"
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

static void id_or_null(struct jsonw *w, struct db_stmt *st, int col)
{
	if (db_column_null(st, col))
		jsonw_null(w);
	else
		jsonw_int(w, db_column_int64(st, col));
}

static void time_or_null(struct jsonw *w, int64_t ms)
{
	if (ms)
		jsonw_time(w, ms);
	else
		jsonw_null(w);
}

/* The enrolment object of the row st stands on (ENROL_COLUMNS), written straight into w: my learning is a
 * hot page, and building a jansson tree first cost about half of it. */
static void enrolment_write(struct jsonw *w, struct db_stmt *st)
{
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, db_column_int64(st, 0));
	jsonw_key(w, "content_id");
	jsonw_int(w, db_column_int64(st, 1));
	jsonw_key(w, "code");
	jsonw_string(w, db_column_text(st, 2));
	jsonw_key(w, "kind");
	jsonw_string(w, db_column_text(st, 3));
	jsonw_key(w, "version_id");
	jsonw_int(w, db_column_int64(st, 4));
	jsonw_key(w, "version");
	jsonw_int(w, db_column_int64(st, 5));
	jsonw_key(w, "title_en");
	jsonw_string(w, db_column_text(st, 6));
	jsonw_key(w, "title_hi");
	jsonw_string(w, db_column_text(st, 7));
	jsonw_key(w, "provider");
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, db_column_int64(st, 8));
	jsonw_key(w, "name_en");
	jsonw_string(w, db_column_text(st, 9));
	jsonw_key(w, "name_hi");
	jsonw_string(w, db_column_text(st, 10));
	jsonw_object_end(w);
	jsonw_key(w, "thumbnail_file_id");
	id_or_null(w, st, 11);
	jsonw_key(w, "duration_minutes");
	id_or_null(w, st, 12);
	jsonw_key(w, "source");
	jsonw_string(w, db_column_text(st, 13));
	jsonw_key(w, "via_content_id");
	id_or_null(w, st, 14);
	jsonw_key(w, "status");
	jsonw_string(w, db_column_text(st, 15));
	jsonw_key(w, "progress");
	jsonw_int(w, db_column_int64(st, 16));
	jsonw_key(w, "due_at");
	time_or_null(w, db_column_int64(st, 17));
	jsonw_key(w, "enrolled_at");
	time_or_null(w, db_column_int64(st, 18));
	jsonw_key(w, "last_activity_at");
	time_or_null(w, db_column_int64(st, 19));
	jsonw_key(w, "completed_at");
	time_or_null(w, db_column_int64(st, 20));
	jsonw_key(w, "certificate_code");
	jsonw_string(w, db_column_text(st, 21));
	jsonw_object_end(w);
}

/* One enrolment object is read into jansson (callers add to it) from the same writer, so its fields are
 * defined once. */
static json_t *enrolment_json(struct db_stmt *st)
{
	struct buf out;
	struct jsonw w;
	buf_init(&out, 64 * 1024);
	jsonw_init(&w, &out);
	enrolment_write(&w, st);
	json_t *e = jsonw_finish(&w) ? NULL : json_loadb(out.data, out.len, 0, NULL);
	buf_free(&out);
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
			 const struct http_list *list, struct buf *out)
{
	const char *cond = status_condition(status);
	if (!cond)
		return 1;
	char sql[1024];
	/* Newest activity first; the cursor is (last_activity_at, id) of the last item given. */
	snprintf(sql, sizeof sql,
		 "SELECT " ENROL_COLUMNS ENROL_FROM
		 " WHERE e.official_id = $1 AND %s AND ($5 = 0 OR e.content_id = $5) "
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
	struct jsonw w;
	jsonw_init(&w, out);
	jsonw_object_begin(&w);
	jsonw_key(&w, "items");
	jsonw_array_begin(&w);
	int rc, n = 0;
	int64_t last_at = 0, last_id = 0;
	bool more = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == list->limit) {
			more = true;
			break;
		}
		enrolment_write(&w, st);
		last_at = db_column_int64(st, 19);
		last_id = db_column_int64(st, 0);
		n++;
	}
	db_finish(st);
	if (rc < 0)
		return rc;
	const char *cursor = NULL;
	if (more) {
		char keytext[24];
		snprintf(keytext, sizeof keytext, "%lld", (long long)last_at);
		cursor = http_list_cursor(req, keytext, last_id);
	}
	jsonw_array_end(&w);
	jsonw_key(&w, "next_cursor");
	jsonw_string(&w, cursor);
	jsonw_object_end(&w);
	return jsonw_finish(&w) ? DB_ERROR : 0;
}
