/* One enrolment as the player reads it: the enrolled version's outline with the learner's progress on each
 * resource, where to resume, and for a programme where each of its courses stands. */
#include "learn/learn_int.h"

#include <string.h>

#define OUTLINE_COLUMNS                                                                                                \
	"m.id, m.seq, m.title_en, m.title_hi, r.id, r.seq, r.kind, r.title_en, r.title_hi, r.required, "               \
	"r.duration_minutes, r.file_id, r.url, r.html, r.assessment_ref, p.percent, p.position, p.time_spent_s, "      \
	"p.completed_at, p.updated_at, p.client_at"

static json_t *int_or_null(struct db_stmt *st, int col)
{
	return db_column_null(st, col) ? json_null() : json_integer(db_column_int64(st, col));
}

static json_t *progress_json(struct db_stmt *st)
{
	if (db_column_null(st, 15))
		return json_null();
	return json_pack("{s:I, s:I, s:I, s:o, s:o}", "percent", (json_int_t)db_column_int64(st, 15), "position",
			 (json_int_t)db_column_int64(st, 16), "time_spent_s", (json_int_t)db_column_int64(st, 17),
			 "completed_at", learn_time_json(db_column_int64(st, 18)), "updated_at",
			 learn_time_json(db_column_int64(st, 19)));
}

static json_t *resource_json(struct db_stmt *st)
{
	json_t *r = json_pack("{s:I, s:I, s:s, s:s, s:o, s:b, s:o, s:o}", "id", (json_int_t)db_column_int64(st, 4),
			      "seq", (json_int_t)db_column_int64(st, 5), "kind", db_column_text(st, 6), "title_en",
			      db_column_text(st, 7), "title_hi", learn_text_json(db_column_text(st, 8)), "required",
			      db_column_int64(st, 9) != 0, "duration_minutes", int_or_null(st, 10), "file_id",
			      int_or_null(st, 11));
	if (!r)
		return NULL;
	json_object_set_new(r, "url", learn_text_json(db_column_text(st, 12)));
	json_object_set_new(r, "html", learn_text_json(db_column_text(st, 13)));
	json_object_set_new(r, "assessment_ref", learn_text_json(db_column_text(st, 14)));
	json_object_set_new(r, "progress", progress_json(st));
	return r;
}

/* Where to continue: the resource touched last that is not finished; else the first not finished; else
 * the first. */
struct resume {
	int64_t touched_id, touched_at, first_open_id, first_id;
};

static void resume_see(struct resume *r, struct db_stmt *st)
{
	int64_t id = db_column_int64(st, 4);
	bool done = !db_column_null(st, 15) && db_column_int64(st, 15) == 100;
	if (!r->first_id)
		r->first_id = id;
	if (!done && !r->first_open_id)
		r->first_open_id = id;
	if (!done && !db_column_null(st, 20) && db_column_int64(st, 20) > r->touched_at) {
		r->touched_at = db_column_int64(st, 20);
		r->touched_id = id;
	}
}

static int add_outline(struct db_conn *conn, int64_t enrolment_id, int64_t version_id, json_t *e)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT " OUTLINE_COLUMNS " FROM course_modules m JOIN resources r ON "
				 "r.module_id = m.id LEFT JOIN resource_progress p ON p.enrolment_id = $2 AND "
				 "p.resource_id = r.id WHERE m.version_id = $1 ORDER BY m.seq, r.seq");
	if (!st || db_bind_int64(st, 1, version_id) || db_bind_int64(st, 2, enrolment_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	json_t *modules = json_array(), *module = NULL;
	int64_t module_id = 0;
	struct resume resume = {0};
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!module || db_column_int64(st, 0) != module_id) {
			module_id = db_column_int64(st, 0);
			module = json_pack("{s:I, s:I, s:s, s:o, s:[]}", "id", (json_int_t)module_id, "seq",
					   (json_int_t)db_column_int64(st, 1), "title_en", db_column_text(st, 2),
					   "title_hi", learn_text_json(db_column_text(st, 3)), "resources");
			json_array_append_new(modules, module);
		}
		json_array_append_new(json_object_get(module, "resources"), resource_json(st));
		resume_see(&resume, st);
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(modules);
		return rc;
	}
	int64_t at = resume.touched_id      ? resume.touched_id
		     : resume.first_open_id ? resume.first_open_id
					    : resume.first_id;
	json_object_set_new(e, "outline", modules);
	json_object_set_new(e, "resume_resource_id", at ? json_integer(at) : json_null());
	return 0;
}

/* A programme's courses in order, each with where the official stands in it (null status: not enrolled). */
static int add_courses(struct db_conn *conn, int64_t official_id, int64_t version_id, json_t *e)
{
	struct db_stmt *st = db_prepare(
		conn,
		"SELECT i.course_id, c.code, v.title_en, v.title_hi, ce.status, ce.progress, ce.completed_at FROM "
		"programme_items i JOIN contents c ON c.id = i.course_id LEFT JOIN content_versions v ON v.id = "
		"c.published_version_id LEFT JOIN enrolments ce ON ce.official_id = $2 AND ce.content_id = "
		"i.course_id WHERE i.version_id = $1 ORDER BY i.seq");
	if (!st || db_bind_int64(st, 1, version_id) || db_bind_int64(st, 2, official_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	json_t *courses = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *title = db_column_text(st, 2);
		json_array_append_new(courses,
				      json_pack("{s:I, s:s, s:s, s:o, s:o, s:I, s:o}", "content_id",
						(json_int_t)db_column_int64(st, 0), "code", db_column_text(st, 1),
						"title_en", title ? title : db_column_text(st, 1), "title_hi",
						learn_text_json(db_column_text(st, 3)), "status",
						learn_text_json(db_column_text(st, 4)), "progress",
						(json_int_t)(db_column_null(st, 5) ? 0 : db_column_int64(st, 5)),
						"completed_at", learn_time_json(db_column_int64(st, 6))));
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(courses);
		return rc;
	}
	json_object_set_new(e, "courses", courses);
	return 0;
}

int learn_enrolment_detail(struct db_conn *conn, int64_t official_id, json_t *e)
{
	int64_t id = json_integer_value(json_object_get(e, "id"));
	int64_t version_id = json_integer_value(json_object_get(e, "version_id"));
	const char *kind = json_string_value(json_object_get(e, "kind"));
	int rc = add_outline(conn, id, version_id, e);
	if (!rc && kind && strcmp(kind, "course") && strcmp(kind, "assessment"))
		rc = add_courses(conn, official_id, version_id, e);
	return rc;
}
