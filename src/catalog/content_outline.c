/* A version's outline: a course's modules and resources (video, PDF, sanitised HTML, link, quiz), a
 * programme's ordered published courses, a blended programme's offline sessions. PUT replaces it whole. */
#include "catalog/catalog_int.h"

#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"

#include <stdio.h>
#include <string.h>

static void field_at(char *out, size_t n, size_t mi, long ri, const char *member)
{
	if (ri < 0)
		snprintf(out, n, "modules[%zu]%s%s", mi, member ? "." : "", member ? member : "");
	else
		snprintf(out, n, "modules[%zu].resources[%ld]%s%s", mi, ri, member ? "." : "", member ? member : "");
}

static bool url_ok(const char *u, bool https_only)
{
	bool scheme = !strncmp(u, "https://", 8) || (!https_only && !strncmp(u, "http://", 7));
	if (!scheme || strlen(u) < 12 || strlen(u) > 2000)
		return false;
	for (const unsigned char *p = (const unsigned char *)u; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return false;
	return true;
}

/* Which members each resource kind uses, besides kind, title, title_hi, duration_minutes and required. */
static bool member_used(const char *kind, const char *member)
{
	if (!strcmp(member, "file_id"))
		return !strcmp(kind, "video") || !strcmp(kind, "pdf");
	if (!strcmp(member, "url"))
		return !strcmp(kind, "video") || !strcmp(kind, "link");
	if (!strcmp(member, "html"))
		return !strcmp(kind, "html");
	if (!strcmp(member, "assessment_ref"))
		return !strcmp(kind, "quiz");
	return true;
}

static void read_kind_members(json_t *r, const char *kind, size_t mi, size_t ri, json_t **errors)
{
	char field[96], msg[96];
	static const char *const SPECIFIC[] = {"file_id", "url", "html", "assessment_ref", NULL};
	for (const char *const *k = SPECIFIC; *k; k++) {
		json_t *v = json_object_get(r, *k);
		if (!v || json_is_null(v) || member_used(kind, *k))
			continue;
		field_at(field, sizeof field, mi, (long)ri, *k);
		snprintf(msg, sizeof msg, "is not used by a %s resource", kind);
		http_field_error(errors, field, msg);
	}
	json_t *file = json_object_get(r, "file_id"), *url = json_object_get(r, "url");
	bool has_file = file && !json_is_null(file), has_url = url && !json_is_null(url);
	if (has_file && (!json_is_integer(file) || json_integer_value(file) < 1)) {
		field_at(field, sizeof field, mi, (long)ri, "file_id");
		http_field_error(errors, field, "must be the id of an uploaded file");
	}
	if (!strcmp(kind, "video") && has_file == has_url) {
		field_at(field, sizeof field, mi, (long)ri, NULL);
		http_field_error(errors, field, "a video needs either file_id (an uploaded video) or url (https://)");
	} else if (has_url && (!json_is_string(url) || !url_ok(json_string_value(url), !strcmp(kind, "video")))) {
		field_at(field, sizeof field, mi, (long)ri, "url");
		http_field_error(errors, field, !strcmp(kind, "video") ? "must be an https:// address"
								       : "must be an http:// or https:// address");
	} else if (!strcmp(kind, "link") && !has_url) {
		field_at(field, sizeof field, mi, (long)ri, "url");
		http_field_error(errors, field, "is required for a link: an http:// or https:// address");
	} else if (!strcmp(kind, "pdf") && !has_file) {
		field_at(field, sizeof field, mi, (long)ri, "file_id");
		http_field_error(errors, field, "is required for a pdf: the id of an uploaded PDF");
	}
	json_t *html = json_object_get(r, "html");
	if (!strcmp(kind, "html") && (!json_is_string(html) || json_string_length(html) < 1 ||
				      json_string_length(html) > CATALOG_HTML_MAX)) {
		field_at(field, sizeof field, mi, (long)ri, "html");
		http_field_error(errors, field, "is required for an html resource: a page of at most 1 MiB");
	}
	json_t *ref = json_object_get(r, "assessment_ref");
	if (!strcmp(kind, "quiz") &&
	    (!json_is_string(ref) || json_string_length(ref) < 1 || json_string_length(ref) > 100)) {
		field_at(field, sizeof field, mi, (long)ri, "assessment_ref");
		http_field_error(errors, field, "is required for a quiz: the assessment it refers to (1 to 100 characters)");
	}
}

static void read_resource(json_t *r, size_t mi, size_t ri, json_t **errors)
{
	char field[96];
	field_at(field, sizeof field, mi, (long)ri, NULL);
	if (!json_is_object(r)) {
		http_field_error(errors, field, "must be an object");
		return;
	}
	static const char *const KNOWN[] = {"kind", "title", "title_hi", "file_id", "url", "html", "assessment_ref",
					    "duration_minutes", "required", NULL};
	json_t *unknown = NULL;
	http_reject_unknown(r, KNOWN, "a resource", &unknown);
	size_t i;
	json_t *e;
	json_array_foreach(unknown, i, e)
	{
		char f[160];
		snprintf(f, sizeof f, "%s.%s", field, json_string_value(json_object_get(e, "field")));
		http_field_error(errors, f, json_string_value(json_object_get(e, "message")));
	}
	json_decref(unknown);
	const char *kind = json_string_value(json_object_get(r, "kind"));
	static const char *const KINDS[] = {"video", "pdf", "html", "link", "quiz", NULL};
	bool known = false;
	for (const char *const *k = KINDS; kind && *k; k++)
		known |= !strcmp(kind, *k);
	field_at(field, sizeof field, mi, (long)ri, "kind");
	if (!known)
		http_field_error(errors, field, "must be video, pdf, html, link or quiz");
	field_at(field, sizeof field, mi, (long)ri, "title");
	(void)http_take_string(r, "title", field, 200, false, &(const char *){NULL}, NULL, errors);
	if (!json_object_get(r, "title"))
		http_field_error(errors, field, "is required");
	field_at(field, sizeof field, mi, (long)ri, "title_hi");
	(void)http_take_string(r, "title_hi", field, 200, true, &(const char *){NULL}, NULL, errors);
	json_t *d = json_object_get(r, "duration_minutes");
	field_at(field, sizeof field, mi, (long)ri, "duration_minutes");
	if (d && !json_is_null(d) && (!json_is_integer(d) || json_integer_value(d) < 1 || json_integer_value(d) > 100000))
		http_field_error(errors, field, "must be a whole number of minutes from 1 to 100000");
	json_t *req = json_object_get(r, "required");
	field_at(field, sizeof field, mi, (long)ri, "required");
	if (req && !json_is_boolean(req))
		http_field_error(errors, field, "must be true or false");
	if (known)
		read_kind_members(r, kind, mi, ri, errors);
}

static void read_modules(json_t *mods, json_t **errors)
{
	if (!json_is_array(mods) || json_array_size(mods) > CATALOG_MODULES_MAX) {
		http_field_error(errors, "modules", "must be a list of at most 100 modules");
		return;
	}
	static const char *const KNOWN[] = {"title", "title_hi", "resources", NULL};
	size_t mi, ri;
	json_t *m, *r;
	json_array_foreach(mods, mi, m)
	{
		char field[96];
		field_at(field, sizeof field, mi, -1, NULL);
		if (!json_is_object(m)) {
			http_field_error(errors, field, "must be an object {title, title_hi, resources}");
			continue;
		}
		http_reject_unknown(m, KNOWN, "a module", errors);
		field_at(field, sizeof field, mi, -1, "title");
		(void)http_take_string(m, "title", field, 200, false, &(const char *){NULL}, NULL, errors);
		if (!json_object_get(m, "title"))
			http_field_error(errors, field, "is required");
		field_at(field, sizeof field, mi, -1, "title_hi");
		(void)http_take_string(m, "title_hi", field, 200, true, &(const char *){NULL}, NULL, errors);
		json_t *res = json_object_get(m, "resources");
		field_at(field, sizeof field, mi, -1, "resources");
		if (!json_is_array(res) || json_array_size(res) > CATALOG_RESOURCES_MAX) {
			http_field_error(errors, field, "must be a list of at most 200 resources");
			continue;
		}
		json_array_foreach(res, ri, r)
			read_resource(r, mi, ri, errors);
	}
}

static void read_items(json_t *items, json_t **errors)
{
	if (!json_is_array(items) || json_array_size(items) > CATALOG_ITEMS_MAX) {
		http_field_error(errors, "items", "must be a list of at most 100 course ids");
		return;
	}
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v)
	{
		char field[32];
		snprintf(field, sizeof field, "items[%zu]", i);
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			http_field_error(errors, field, "must be the id of a published course");
		for (size_t j = 0; j < i && json_is_integer(v); j++)
			if (json_equal(v, json_array_get(items, j)))
				http_field_error(errors, field, "is listed twice: a course appears once in a programme");
	}
}

static void read_sessions(json_t *sessions, json_t **errors)
{
	if (!json_is_array(sessions) || json_array_size(sessions) > CATALOG_ITEMS_MAX) {
		http_field_error(errors, "sessions", "must be a list of at most 100 sessions");
		return;
	}
	static const char *const KNOWN[] = {"title", "title_hi", "mode", "duration_minutes", NULL};
	size_t i;
	json_t *s;
	json_array_foreach(sessions, i, s)
	{
		char field[48];
		snprintf(field, sizeof field, "sessions[%zu]", i);
		if (!json_is_object(s)) {
			http_field_error(errors, field, "must be an object {title, title_hi, mode, duration_minutes}");
			continue;
		}
		http_reject_unknown(s, KNOWN, "a session", errors);
		snprintf(field, sizeof field, "sessions[%zu].title", i);
		(void)http_take_string(s, "title", field, 200, false, &(const char *){NULL}, NULL, errors);
		if (!json_object_get(s, "title"))
			http_field_error(errors, field, "is required");
		snprintf(field, sizeof field, "sessions[%zu].title_hi", i);
		(void)http_take_string(s, "title_hi", field, 200, true, &(const char *){NULL}, NULL, errors);
		const char *mode = json_string_value(json_object_get(s, "mode"));
		snprintf(field, sizeof field, "sessions[%zu].mode", i);
		if (!mode || (strcmp(mode, "classroom") && strcmp(mode, "field") && strcmp(mode, "virtual")))
			http_field_error(errors, field, "must be classroom, field or virtual");
		json_t *d = json_object_get(s, "duration_minutes");
		snprintf(field, sizeof field, "sessions[%zu].duration_minutes", i);
		if (!json_is_integer(d) || json_integer_value(d) < 1 || json_integer_value(d) > 10000)
			http_field_error(errors, field, "must be a whole number of minutes from 1 to 10000");
	}
}

/* The body's shape for content of kind. Returns the field errors, NULL when none. */
static json_t *read_outline(json_t *body, const char *kind)
{
	json_t *errors = NULL;
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
		return errors;
	}
	bool course = !strcmp(kind, "course"), blended = !strcmp(kind, "blended_programme");
	bool programme = strstr(kind, "programme") != NULL;
	if (!course && !programme) {
		http_field_error(&errors, "body", "a standalone assessment has no outline");
		return errors;
	}
	const char *const COURSE[] = {"modules", NULL}, *const PROGRAMME[] = {"items", NULL},
			  *const BLENDED[] = {"items", "sessions", NULL};
	http_reject_unknown(body, course ? COURSE : blended ? BLENDED : PROGRAMME, "this kind's outline", &errors);
	if (course && !json_object_get(body, "modules"))
		http_field_error(&errors, "modules", "are required: the course's modules, each with its resources");
	if (programme && !blended && !json_object_get(body, "items"))
		http_field_error(&errors, "items", "are required: the ids of the programme's published courses, in order");
	if (blended && !json_object_get(body, "items") && !json_object_get(body, "sessions"))
		http_field_error(&errors, "items", "or sessions are required");
	if (course && json_object_get(body, "modules"))
		read_modules(json_object_get(body, "modules"), &errors);
	if (programme && json_object_get(body, "items"))
		read_items(json_object_get(body, "items"), &errors);
	if (blended && json_object_get(body, "sessions"))
		read_sessions(json_object_get(body, "sessions"), &errors);
	return errors;
}

static int check_file(struct db_conn *db, json_t *r, size_t mi, size_t ri, json_t **errors)
{
	json_t *file = json_object_get(r, "file_id");
	if (!json_is_integer(file))
		return 0;
	struct catalog_file f;
	int rc = catalog_file_get(db, json_integer_value(file), &f);
	if (rc < 0)
		return -1;
	const char *want = json_string_value(json_object_get(r, "kind"));
	char field[96], msg[96];
	field_at(field, sizeof field, mi, (long)ri, "file_id");
	if (rc == 0) {
		http_field_error(errors, field, "no uploaded file has this id");
	} else if (strcmp(f.kind, want)) {
		snprintf(msg, sizeof msg, "is a %s file; a %s resource needs a %s", f.kind, want, want);
		http_field_error(errors, field, msg);
	}
	return 0;
}

/* Sanitises an html resource in place; records in flags ("m.r": true) the pages the sanitiser changed. */
static void sanitise_html(json_t *r, size_t mi, size_t ri, json_t *flags, json_t **errors)
{
	json_t *html = json_object_get(r, "html");
	struct buf out;
	buf_init(&out, 2 * CATALOG_HTML_MAX);
	char field[96];
	field_at(field, sizeof field, mi, (long)ri, "html");
	if (catalog_html_sanitize(json_string_value(html), json_string_length(html), &out)) {
		http_field_error(errors, field, "could not be made safe to show: the HTML page could not be sanitised; "
						"send a simpler page");
	} else {
		const char *clean = out.data ? out.data : "";
		if (strcmp(clean, json_string_value(html))) {
			char key[48];
			snprintf(key, sizeof key, "%zu.%zu", mi, ri);
			json_object_set_new(flags, key, json_true());
		}
		json_object_set_new(r, "html", json_string(clean));
	}
	buf_free(&out);
}

static int check_course(struct db_conn *db, json_t *mods, json_t *flags, json_t **errors)
{
	size_t mi, ri;
	json_t *m, *r;
	json_array_foreach(mods, mi, m)
	{
		json_array_foreach(json_object_get(m, "resources"), ri, r)
		{
			if (check_file(db, r, mi, ri, errors))
				return -1;
			if (!strcmp(json_string_value(json_object_get(r, "kind")), "html"))
				sanitise_html(r, mi, ri, flags, errors);
		}
	}
	return 0;
}

static int check_items(struct db_conn *db, int64_t self, json_t *items, json_t **errors)
{
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v)
	{
		struct catalog_content c;
		int rc = catalog_content_load(db, json_integer_value(v), &c);
		if (rc < 0)
			return -1;
		char field[32];
		snprintf(field, sizeof field, "items[%zu]", i);
		if (rc == 0 || c.id == self || strcmp(c.kind, "course"))
			http_field_error(errors, field, "is not a course: a programme lists course ids");
		else if (strcmp(c.published_status, "published"))
			http_field_error(errors, field, "is a course that is not published: a programme lists published "
							"courses only");
	}
	return 0;
}

static int exec_version(struct db_conn *db, const char *sql, int64_t version_id)
{
	struct db_stmt *st = db_prepare(db, sql);
	int rc = !st || db_bind_int64(st, 1, version_id) || db_step(st) != DB_DONE;
	db_finish(st);
	return rc ? DB_ERROR : 0;
}

static int insert_resource(struct db_conn *db, int64_t module_id, size_t seq, json_t *r)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO resources (module_id, seq, kind, title_en, title_hi, file_id, "
					    "url, html, assessment_ref, duration_minutes, required) VALUES ($1, $2, $3, $4, "
					    "$5, $6, $7, $8, $9, $10, $11)");
	if (!st || db_bind_int64(st, 1, module_id) || db_bind_int64(st, 2, (int64_t)seq + 1) ||
	    db_bind_text(st, 3, json_string_value(json_object_get(r, "kind"))) ||
	    db_bind_text(st, 4, json_string_value(json_object_get(r, "title")))) {
		db_finish(st);
		return DB_ERROR;
	}
	static const char *const TEXTS[] = {"title_hi", "url", "html", "assessment_ref"};
	static const int AT[] = {5, 7, 8, 9};
	int rc = 0;
	for (int i = 0; i < 4 && !rc; i++) {
		const char *s = json_string_value(json_object_get(r, TEXTS[i]));
		rc = s && *s ? db_bind_text(st, AT[i], s) : db_bind_null(st, AT[i]);
	}
	json_t *file = json_object_get(r, "file_id"), *d = json_object_get(r, "duration_minutes");
	json_t *req = json_object_get(r, "required");
	if (!rc)
		rc = json_is_integer(file) ? db_bind_int64(st, 6, json_integer_value(file)) : db_bind_null(st, 6);
	if (!rc)
		rc = json_is_integer(d) ? db_bind_int64(st, 10, json_integer_value(d)) : db_bind_null(st, 10);
	if (!rc)
		rc = db_bind_int64(st, 11, json_is_false(req) ? 0 : 1);
	if (!rc)
		rc = db_step(st) == DB_DONE ? 0 : DB_ERROR;
	db_finish(st);
	return rc ? DB_ERROR : 0;
}

static int write_modules(struct db_conn *db, int64_t version_id, json_t *mods)
{
	int rc = exec_version(db, "DELETE FROM resources WHERE module_id IN (SELECT id FROM course_modules WHERE "
				  "version_id = $1)", version_id);
	if (!rc)
		rc = exec_version(db, "DELETE FROM course_modules WHERE version_id = $1", version_id);
	size_t mi, ri;
	json_t *m, *r;
	json_array_foreach(mods, mi, m)
	{
		const char *hi = json_string_value(json_object_get(m, "title_hi"));
		struct db_stmt *st = rc ? NULL : db_prepare(db, "INSERT INTO course_modules (version_id, seq, title_en, "
								"title_hi) VALUES ($1, $2, $3, $4) RETURNING id");
		int64_t module_id = 0;
		if (!st || db_bind_int64(st, 1, version_id) || db_bind_int64(st, 2, (int64_t)mi + 1) ||
		    db_bind_text(st, 3, json_string_value(json_object_get(m, "title"))) ||
		    (hi && *hi ? db_bind_text(st, 4, hi) : db_bind_null(st, 4)) || db_step(st) != DB_ROW)
			rc = DB_ERROR;
		else
			module_id = db_column_int64(st, 0);
		db_finish(st);
		json_array_foreach(json_object_get(m, "resources"), ri, r)
		{
			if (!rc)
				rc = insert_resource(db, module_id, ri, r);
		}
	}
	return rc;
}

static int write_items(struct db_conn *db, int64_t version_id, json_t *items)
{
	int rc = exec_version(db, "DELETE FROM programme_items WHERE version_id = $1", version_id);
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v)
	{
		struct db_stmt *st =
			db_prepare(db, "INSERT INTO programme_items (version_id, seq, course_id) VALUES ($1, $2, $3)");
		if (rc || !st || db_bind_int64(st, 1, version_id) || db_bind_int64(st, 2, (int64_t)i + 1) ||
		    db_bind_int64(st, 3, json_integer_value(v)) || db_step(st) != DB_DONE)
			rc = DB_ERROR;
		db_finish(st);
	}
	return rc;
}

static int write_sessions(struct db_conn *db, int64_t version_id, json_t *sessions)
{
	int rc = exec_version(db, "DELETE FROM blended_sessions WHERE version_id = $1", version_id);
	size_t i;
	json_t *s;
	json_array_foreach(sessions, i, s)
	{
		const char *hi = json_string_value(json_object_get(s, "title_hi"));
		struct db_stmt *st = db_prepare(db, "INSERT INTO blended_sessions (version_id, seq, title_en, title_hi, "
						    "mode, duration_minutes) VALUES ($1, $2, $3, $4, $5, $6)");
		if (rc || !st || db_bind_int64(st, 1, version_id) || db_bind_int64(st, 2, (int64_t)i + 1) ||
		    db_bind_text(st, 3, json_string_value(json_object_get(s, "title"))) ||
		    (hi && *hi ? db_bind_text(st, 4, hi) : db_bind_null(st, 4)) ||
		    db_bind_text(st, 5, json_string_value(json_object_get(s, "mode"))) ||
		    db_bind_int64(st, 6, json_integer_value(json_object_get(s, "duration_minutes"))) ||
		    db_step(st) != DB_DONE)
			rc = DB_ERROR;
		db_finish(st);
	}
	return rc;
}

static int write_outline(struct db_conn *db, int64_t version_id, json_t *body, int64_t now)
{
	json_t *mods = json_object_get(body, "modules"), *items = json_object_get(body, "items"),
	       *sessions = json_object_get(body, "sessions");
	int rc = mods ? write_modules(db, version_id, mods) : 0;
	if (!rc && items)
		rc = write_items(db, version_id, items);
	if (!rc && sessions)
		rc = write_sessions(db, version_id, sessions);
	struct db_stmt *st = rc ? NULL : db_prepare(db, "UPDATE content_versions SET updated_at = $2 WHERE id = $1");
	if (!rc && (!st || db_bind_int64(st, 1, version_id) || db_bind_int64(st, 2, now) || db_step(st) != DB_DONE))
		rc = DB_ERROR;
	db_finish(st);
	return rc;
}

/* Marks the resources the sanitiser changed with sanitised: true in the answer. */
static void mark_sanitised(json_t *content, json_t *flags)
{
	const char *key;
	json_t *v;
	json_object_foreach(flags, key, v)
	{
		size_t mi, ri;
		if (sscanf(key, "%zu.%zu", &mi, &ri) != 2)
			continue;
		json_t *m = json_array_get(json_object_get(content, "modules"), mi);
		json_t *r = json_array_get(json_object_get(m, "resources"), ri);
		if (r)
			json_object_set_new(r, "sanitised", json_true());
	}
}

static void outline_save(struct http_request *req, struct db_conn *db, struct catalog_content *c, json_t *body,
			 json_t *flags)
{
	bool err;
	int64_t vid = 0;
	json_t *after = NULL;
	int rc = db_begin(db);
	if (!rc)
		rc = catalog_edit_target(req, db, c, &vid);
	if (!rc)
		rc = write_outline(db, vid, body, util_now_ms());
	if (!rc && !(after = catalog_content_json(db, c, vid, &err)))
		rc = DB_ERROR;
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)c->id);
	json_t *summary = json_pack("{s:I, s:O*, s:O*, s:O*}", "version", (json_int_t)c->latest_version, "modules",
				    json_object_get(after, "modules"), "items", json_object_get(after, "items"),
				    "sessions", json_object_get(after, "sessions"));
	if (!rc)
		rc = http_audit(req, "content.outline", "content", idtext, c->provider_id, NULL, summary);
	json_decref(summary);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		json_decref(after);
		rc == 1 ? catalog_reply_in_review(req, c) : http_reply_db_error(req);
		return;
	}
	mark_sanitised(after, flags);
	http_reply_json(req, 200, after);
}

/* The checks that need the database: files, html, programme courses. Returns 0, or -1 on a database error. */
static int check_outline(struct db_conn *db, const struct catalog_content *c, json_t *body, json_t *flags,
			 json_t **errors)
{
	json_t *mods = json_object_get(body, "modules"), *items = json_object_get(body, "items");
	if (mods && check_course(db, mods, flags, errors))
		return -1;
	if (items && check_items(db, c->id, items, errors))
		return -1;
	return 0;
}

void catalog_outline_put(struct http_request *req)
{
	struct catalog_content c;
	struct db_conn *db = http_db(req);
	if (!db || !catalog_content_for_write(req, db, &c))
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	json_t *flags = json_object();
	json_t *errors = read_outline(body, c.kind);
	if (errors) {
		http_reply_invalid(req, errors);
	} else if (!catalog_may_create(db, http_user(req)->id, c.provider_id)) {
		http_reply_problem(req, 403, "forbidden",
				   "Only a content_creator of this provider may change the outline of its content.");
	} else if (!strcmp(c.status, "submitted") || !strcmp(c.status, "in_review")) {
		catalog_reply_in_review(req, &c);
	} else if (check_outline(db, &c, body, flags, &errors)) {
		json_decref(errors);
		http_reply_db_error(req);
	} else if (errors) {
		http_reply_invalid(req, errors);
	} else {
		outline_save(req, db, &c, body, flags);
	}
	json_decref(flags);
	json_decref(body);
}
