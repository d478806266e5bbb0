/* An assessment version's settings over HTTP: purpose, pass mark, attempts, time limit, shuffling, review,
 * the competency a proficiency pass grants, and the draws (so many questions from a bank, optionally of a
 * competency and level). Provider people read and write drafts (a write goes where catalog says an edit
 * goes: a published version is copied into a new draft first); everyone else reads the published one. */
#include "assess/attempt.h"

#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"
#include "http/list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int assess_settings_load(struct db_conn *conn, int64_t version_id, struct assess_settings *out)
{
	struct db_stmt *st = db_prepare(conn, "SELECT purpose, pass_percent, max_attempts, time_limit_s, "
					      "shuffle_questions, shuffle_options, allow_review, grant_competency_id, "
					      "grant_level FROM assessment_settings WHERE version_id = $1");
	if (!st || db_bind_int64(st, 1, version_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->version_id = version_id;
		snprintf(out->purpose, sizeof out->purpose, "%s", db_column_text(st, 0));
		out->pass_percent = db_column_int64(st, 1);
		out->max_attempts = db_column_int64(st, 2);
		out->time_limit_s = db_column_int64(st, 3);
		out->shuffle_questions = db_column_int64(st, 4) != 0;
		out->shuffle_options = db_column_int64(st, 5) != 0;
		out->allow_review = db_column_int64(st, 6) != 0;
		out->grant_competency_id = db_column_int64(st, 7);
		out->grant_level = db_column_int64(st, 8);
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

int64_t assess_settings_question_count(struct db_conn *conn, int64_t version_id)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT COALESCE(SUM(count), 0) FROM assessment_draws WHERE version_id = $1");
	if (!st || db_bind_int64(st, 1, version_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	int64_t n = rc == DB_ROW ? db_column_int64(st, 0) : rc < 0 ? rc : DB_ERROR;
	db_finish(st);
	return n;
}

/* The most a draw can score: its count of the matching active questions worth the most points. */
static int64_t draw_max_score(struct db_conn *db, int64_t bank_id, int64_t competency_id, int64_t level, int64_t count)
{
	struct db_stmt *st = db_prepare(
		db,
		"SELECT COALESCE(SUM(points), 0) FROM (SELECT points FROM questions WHERE bank_id = $1 AND status = "
		"'active' AND (competency_id = $2 OR $2 = 0) AND (level = $3 OR $3 = 0) ORDER BY points DESC LIMIT "
		"$4) top");
	if (!st || db_bind_int64(st, 1, bank_id) || db_bind_int64(st, 2, competency_id) ||
	    db_bind_int64(st, 3, level) || db_bind_int64(st, 4, count)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	int64_t n = rc == DB_ROW ? db_column_int64(st, 0) : rc < 0 ? rc : DB_ERROR;
	db_finish(st);
	return n;
}

static json_t *int_or_null(int64_t v)
{
	return v ? json_integer(v) : json_null();
}

/* The draws of version_id with what each can take; adds their question count and max score to *count and
 * *max. NULL on a database error. */
static json_t *draws_json(struct db_conn *db, int64_t version_id, int64_t *count, int64_t *max)
{
	struct db_stmt *st =
		db_prepare(db, "SELECT d.bank_id, b.code, d.competency_id, d.level, d.count, c.name_en, "
			       "c.name_hi FROM assessment_draws d JOIN question_banks b ON b.id = d.bank_id "
			       "LEFT JOIN competencies c ON c.id = d.competency_id WHERE d.version_id = $1 "
			       "ORDER BY d.seq");
	if (!st || db_bind_int64(st, 1, version_id)) {
		db_finish(st);
		return NULL;
	}
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *d = json_pack("{s:I, s:s, s:o, s:o, s:I, s:o, s:o}", "bank_id",
				      (json_int_t)db_column_int64(st, 0), "bank_code", db_column_text(st, 1),
				      "competency_id", int_or_null(db_column_int64(st, 2)), "level",
				      int_or_null(db_column_int64(st, 3)), "count", (json_int_t)db_column_int64(st, 4),
				      "competency_name", assess_text_json(db_column_text(st, 5)), "competency_name_hi",
				      assess_text_json(db_column_text(st, 6)));
		json_array_append_new(items, d);
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	/* The counts run after the list is read: one statement open at a time on the connection. */
	size_t i;
	json_t *d;
	json_array_foreach(items, i, d)
	{
		int64_t bank = json_integer_value(json_object_get(d, "bank_id"));
		int64_t comp = json_integer_value(json_object_get(d, "competency_id"));
		int64_t level = json_integer_value(json_object_get(d, "level"));
		int64_t n = json_integer_value(json_object_get(d, "count"));
		int64_t available = assess_draw_available(db, bank, comp, level);
		int64_t top = draw_max_score(db, bank, comp, level, n);
		if (available < 0 || top < 0) {
			json_decref(items);
			return NULL;
		}
		json_object_set_new(d, "available", json_integer(available));
		*count += n;
		*max += top;
	}
	return items;
}

static json_t *grant_json(struct db_conn *db, const struct assess_settings *s)
{
	if (!s->grant_competency_id)
		return json_null();
	json_t *g = json_pack("{s:I, s:I}", "competency_id", (json_int_t)s->grant_competency_id, "level",
			      (json_int_t)s->grant_level);
	struct db_stmt *st = db_prepare(db, "SELECT name_en, name_hi FROM competencies WHERE id = $1");
	if (st && !db_bind_int64(st, 1, s->grant_competency_id) && db_step(st) == DB_ROW) {
		json_object_set_new(g, "competency_name", assess_text_json(db_column_text(st, 0)));
		json_object_set_new(g, "competency_name_hi", assess_text_json(db_column_text(st, 1)));
	}
	db_finish(st);
	return g;
}

/* SETTINGS of version_id (number version) of content_id: a new reference; *found false when the version has
 * none; NULL on a database error or when none. */
static json_t *settings_json(struct db_conn *db, int64_t content_id, int64_t version_id, int64_t version, bool *found)
{
	struct assess_settings s;
	int rc = assess_settings_load(db, version_id, &s);
	*found = rc == 1;
	if (rc != 1)
		return NULL;
	int64_t count = 0, max = 0;
	json_t *draws = draws_json(db, version_id, &count, &max);
	if (!draws)
		return NULL;
	json_t *out =
		json_pack("{s:I, s:I, s:s, s:I, s:o, s:o, s:b, s:b, s:b}", "content_id", (json_int_t)content_id,
			  "version", (json_int_t)version, "purpose", s.purpose, "pass_percent",
			  (json_int_t)s.pass_percent, "max_attempts", int_or_null(s.max_attempts), "time_limit_minutes",
			  int_or_null(s.time_limit_s / 60), "shuffle_questions", s.shuffle_questions, "shuffle_options",
			  s.shuffle_options, "allow_review", s.allow_review);
	json_object_set_new(out, "grant", grant_json(db, &s));
	json_object_set_new(out, "draws", draws);
	json_object_set_new(out, "question_count", json_integer(count));
	json_object_set_new(out, "max_score", json_integer(max));
	return out;
}

/* The id of version n of content_id: 1 found, 0 none, or a negative DB_ code. */
static int version_id_of(struct db_conn *db, int64_t content_id, int64_t n, int64_t *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM content_versions WHERE content_id = $1 AND version = $2");
	if (!st || db_bind_int64(st, 1, content_id) || db_bind_int64(st, 2, n)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

/* Which version the caller reads: ?version=N or the newest for provider people, the published one for
 * everyone else. Returns 1 (sets *vid, *number), 0 with the reply set. */
static int readable(struct http_request *req, struct db_conn *db, const struct catalog_content *c, int64_t *vid,
		    int64_t *number)
{
	bool insider = catalog_provider_person(db, http_user(req)->id, c->provider_id);
	bool published = !strcmp(c->published_status, "published") || !strcmp(c->published_status, "retired");
	const char *v = http_query(req, "version");
	*vid = insider ? c->latest_id : published ? c->published_id : 0;
	*number = insider ? c->latest_version : c->published_version;
	if (*vid && v) {
		char *end;
		long long n = strtoll(v, &end, 10);
		int rc = *end || n < 1 ? 0 : version_id_of(db, c->id, n, vid);
		if (rc < 0) {
			http_reply_db_error(req);
			return 0;
		}
		if (rc == 0 || (!insider && *vid != c->published_id))
			*vid = 0;
		*number = n;
	}
	if (!*vid) {
		http_reply_not_found(req, "assessment");
		return 0;
	}
	return 1;
}

static void get_settings(struct http_request *req)
{
	int64_t id, vid, number;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	struct catalog_content c;
	int rc = catalog_content_load(db, id, &c);
	if (rc < 0) {
		http_reply_db_error(req);
		return;
	}
	if (rc == 0 || strcmp(c.kind, "assessment")) {
		http_reply_not_found(req, "assessment");
		return;
	}
	if (!readable(req, db, &c, &vid, &number))
		return;
	bool found;
	json_t *out = settings_json(db, c.id, vid, number, &found);
	if (out) {
		http_reply_json(req, 200, out);
	} else if (found) {
		http_reply_db_error(req);
	} else {
		char msg[160];
		snprintf(msg, sizeof msg,
			 "Version %lld of this assessment has no settings yet: its creator sets them "
			 "with PUT /api/v1/contents/%lld/assessment.",
			 (long long)number, (long long)c.id);
		http_reply_problem(req, 404, "no_settings", msg);
	}
}

static int run(struct db_stmt *st)
{
	int rc = st ? db_step(st) : DB_ERROR;
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int write_settings(struct db_conn *db, int64_t vid, const struct assess_settings_in *in, int64_t now)
{
	const struct assess_settings *s = &in->s;
	struct db_stmt *st = db_prepare(
		db,
		"INSERT INTO assessment_settings (version_id, purpose, pass_percent, max_attempts, time_limit_s, "
		"shuffle_questions, shuffle_options, allow_review, grant_competency_id, grant_level, updated_at) "
		"VALUES "
		"($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (version_id) DO UPDATE SET purpose = "
		"excluded.purpose, pass_percent = excluded.pass_percent, max_attempts = excluded.max_attempts, "
		"time_limit_s = excluded.time_limit_s, shuffle_questions = excluded.shuffle_questions, "
		"shuffle_options = excluded.shuffle_options, allow_review = excluded.allow_review, "
		"grant_competency_id = excluded.grant_competency_id, grant_level = excluded.grant_level, updated_at = "
		"excluded.updated_at");
	if (!st || db_bind_int64(st, 1, vid) || db_bind_text(st, 2, s->purpose) ||
	    db_bind_int64(st, 3, s->pass_percent) ||
	    (s->max_attempts ? db_bind_int64(st, 4, s->max_attempts) : db_bind_null(st, 4)) ||
	    (s->time_limit_s ? db_bind_int64(st, 5, s->time_limit_s) : db_bind_null(st, 5)) ||
	    db_bind_int64(st, 6, s->shuffle_questions) || db_bind_int64(st, 7, s->shuffle_options) ||
	    db_bind_int64(st, 8, s->allow_review) ||
	    (s->grant_competency_id ? db_bind_int64(st, 9, s->grant_competency_id) : db_bind_null(st, 9)) ||
	    (s->grant_level ? db_bind_int64(st, 10, s->grant_level) : db_bind_null(st, 10)) ||
	    db_bind_int64(st, 11, now)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = run(st);
	if (rc)
		return rc;
	st = db_prepare(db, "DELETE FROM assessment_draws WHERE version_id = $1");
	if (st && db_bind_int64(st, 1, vid)) {
		db_finish(st);
		return DB_ERROR;
	}
	if ((rc = run(st)))
		return rc;
	for (size_t i = 0; i < in->ndraws; i++) {
		const struct assess_draw_in *d = &in->draws[i];
		st = db_prepare(db,
				"INSERT INTO assessment_draws (version_id, seq, bank_id, competency_id, level, count) "
				"VALUES ($1, $2, $3, $4, $5, $6)");
		if (!st || db_bind_int64(st, 1, vid) || db_bind_int64(st, 2, (int64_t)i + 1) ||
		    db_bind_int64(st, 3, d->bank_id) ||
		    (d->competency_id ? db_bind_int64(st, 4, d->competency_id) : db_bind_null(st, 4)) ||
		    (d->level ? db_bind_int64(st, 5, d->level) : db_bind_null(st, 5)) ||
		    db_bind_int64(st, 6, d->count)) {
			db_finish(st);
			return DB_ERROR;
		}
		if ((rc = run(st)))
			return rc;
	}
	return 0;
}

static void put_save(struct http_request *req, struct db_conn *db, struct catalog_content *c,
		     const struct assess_settings_in *in)
{
	int64_t vid = 0;
	bool found;
	json_t *before = NULL, *after = NULL;
	int rc = db_begin(db);
	if (!rc) {
		before = settings_json(db, c->id, c->latest_id, c->latest_version, &found);
		rc = found && !before ? DB_ERROR : 0;
	}
	if (!rc)
		rc = catalog_edit_target(req, db, c, &vid);
	if (!rc)
		rc = write_settings(db, vid, in, util_now_ms());
	if (!rc && !(after = settings_json(db, c->id, vid, c->latest_version, &found)))
		rc = DB_ERROR;
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)c->id);
	if (!rc)
		rc = http_audit(req, "assessment.settings", "content", idtext, c->provider_id, before, after);
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

static void put_settings(struct http_request *req)
{
	struct catalog_content c;
	struct db_conn *db = http_db(req);
	if (!db || !catalog_content_for_write(req, db, &c))
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	struct assess_settings_in *in = arena_alloc(http_arena(req), sizeof *in);
	json_t *errors = in ? assess_settings_read(body, in) : NULL;
	if (!in) {
		http_reply_problem(req, 503, "busy", "The server is short of memory; try again shortly.");
	} else if (strcmp(c.kind, "assessment")) {
		json_decref(errors);
		errors = NULL;
		http_field_error(&errors, "content",
				 "is not an assessment: settings belong to content of kind assessment");
		http_reply_invalid(req, errors);
	} else if (errors) {
		http_reply_invalid(req, errors);
	} else if (!catalog_may_create(db, http_user(req)->id, c.provider_id)) {
		http_reply_problem(req, 403, "forbidden",
				   "Only a content_creator of this provider may set an "
				   "assessment's settings.");
	} else if (!strcmp(c.status, "submitted") || !strcmp(c.status, "in_review")) {
		catalog_reply_in_review(req, &c);
	} else if (assess_settings_check(db, c.provider_id, in, &errors)) {
		json_decref(errors);
		http_reply_db_error(req);
	} else if (errors) {
		http_reply_invalid(req, errors);
	} else {
		put_save(req, db, &c, in);
	}
	json_decref(body);
}

const struct http_route assess_settings_routes[] = {
	{"GET", "/api/v1/contents/{id}/assessment", get_settings, HTTP_SESSION, 0},
	{"PUT", "/api/v1/contents/{id}/assessment", put_settings, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
