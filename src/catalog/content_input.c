/* Content metadata in and out: reading a create or edit body (titles, languages, duration, keywords, target
 * groups, designations, competencies with levels, thumbnail, a curated programme's audience), checking its
 * references, and writing it onto a version. */
#include "catalog/catalog_int.h"
#include "core/util.h"

#include "http/input.h"
#include "org/org.h"

#include <stdio.h>
#include <string.h>

#define KEYWORDS_MAX 30
#define DESIGNATIONS_MAX 50
#define COMPETENCIES_MAX 30

static const char *const KINDS[] = {"course", "programme", "curated_programme", "blended_programme", "assessment",
				    NULL};

/* Where s stands in the NULL-terminated list, -1 when it is not there. */
static int index_in(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (!strcmp(s, list[i]))
			return i;
	return -1;
}

/* A list of distinct codes from allowed (at most 16 of them), joined with commas into out. */
static void read_codes(json_t *body, const char *key, const char *const *allowed, const char *what, char *out,
		       size_t outn, json_t **errors)
{
	json_t *list = json_object_get(body, key);
	char msg[160];
	if (!json_is_array(list) || json_array_size(list) < 1) {
		snprintf(msg, sizeof msg, "must be a list of one or more of %s", what);
		http_field_error(errors, key, msg);
		return;
	}
	bool seen[16] = {false};
	size_t i, used = 0;
	json_t *v;
	out[0] = '\0';
	json_array_foreach(list, i, v)
	{
		char field[80];
		snprintf(field, sizeof field, "%s[%zu]", key, i);
		const char *s = json_string_value(v);
		int k = s ? index_in(s, allowed) : -1;
		if (k < 0 || k >= 16) {
			snprintf(msg, sizeof msg, "is not one of %s", what);
			http_field_error(errors, field, msg);
		} else if (seen[k]) {
			http_field_error(errors, field, "is listed twice: list each once");
		} else {
			seen[k] = true;
			int w = snprintf(out + used, outn - used, "%s%s", used ? "," : "", s);
			if (w > 0 && (size_t)w < outn - used)
				used += (size_t)w;
		}
	}
}

static void read_keywords(json_t *list, struct catalog_meta *m, json_t **errors)
{
	if (!json_is_array(list) || json_array_size(list) > KEYWORDS_MAX) {
		http_field_error(errors, "keywords", "must be a list of at most 30 words or phrases");
		return;
	}
	m->keywords[0] = '\0';
	size_t i, used = 0;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		char field[32];
		snprintf(field, sizeof field, "keywords[%zu]", i);
		const char *s = json_string_value(v);
		size_t n = s ? strlen(s) : 0;
		if (!s || n == 0 || n > 100 || strchr(s, ',')) {
			http_field_error(errors, field, "must be a word or phrase of 1 to 100 bytes, without commas");
			continue;
		}
		if (used + n + 2 >= sizeof m->keywords)
			continue;
		if (used)
			m->keywords[used++] = ',';
		memcpy(m->keywords + used, s, n + 1);
		used += n;
	}
}

static void read_designations(json_t *list, struct catalog_meta *m, json_t **errors)
{
	if (!json_is_array(list) || json_array_size(list) > DESIGNATIONS_MAX) {
		http_field_error(errors, "designations", "must be a list of at most 50 designation codes");
		return;
	}
	m->designations = list;
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		char field[40];
		snprintf(field, sizeof field, "designations[%zu]", i);
		if (!json_is_string(v) || json_string_length(v) < 1 || json_string_length(v) > 32)
			http_field_error(errors, field, "must be a designation code");
		for (size_t j = 0; j < i && json_is_string(v); j++)
			if (json_equal(v, json_array_get(list, j)))
				http_field_error(errors, field, "is listed twice: list each once");
	}
}

static void read_competencies(json_t *list, struct catalog_meta *m, json_t **errors)
{
	if (!json_is_array(list) || json_array_size(list) > COMPETENCIES_MAX) {
		http_field_error(errors, "competencies", "must be a list of at most 30 {competency_id, level}");
		return;
	}
	m->competencies = list;
	static const char *const KNOWN[] = {"competency_id", "level", NULL};
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		char field[80];
		snprintf(field, sizeof field, "competencies[%zu]", i);
		if (!json_is_object(v)) {
			http_field_error(errors, field, "must be an object {competency_id, level}");
			continue;
		}
		http_reject_unknown(v, KNOWN, "a competency entry", errors);
		json_t *id = json_object_get(v, "competency_id"), *lv = json_object_get(v, "level");
		snprintf(field, sizeof field, "competencies[%zu].competency_id", i);
		if (!json_is_integer(id) || json_integer_value(id) < 1)
			http_field_error(errors, field, "must be the id of a competency");
		for (size_t j = 0; j < i && json_is_integer(id); j++)
			if (json_equal(id, json_object_get(json_array_get(list, j), "competency_id")))
				http_field_error(errors, field, "is listed twice: list each competency once");
		snprintf(field, sizeof field, "competencies[%zu].level", i);
		if (!json_is_integer(lv) || json_integer_value(lv) < 1 || json_integer_value(lv) > 5)
			http_field_error(errors, field, "must be a proficiency level from 1 to 5");
	}
}

/* An optional id member: absent leaves *has false; null means none (0). */
static void read_ref(json_t *body, const char *key, const char *what, bool *has, int64_t *out, json_t **errors)
{
	json_t *v = json_object_get(body, key);
	if (!v)
		return;
	*has = true;
	*out = 0;
	if (json_is_null(v))
		return;
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		http_field_error(errors, key, what);
	else
		*out = json_integer_value(v);
}

static void read_duration(json_t *body, struct catalog_meta *m, json_t **errors)
{
	json_t *v = json_object_get(body, "duration_minutes");
	if (!v)
		return;
	m->has_duration = true;
	if (json_is_null(v))
		return;
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 100000)
		http_field_error(errors, "duration_minutes", "must be a whole number of minutes from 1 to 100000");
	else
		m->duration = json_integer_value(v);
}

static void read_identity(json_t *body, struct catalog_meta *m, json_t **errors)
{
	json_t *p = json_object_get(body, "provider_id");
	if (!json_is_integer(p) || json_integer_value(p) < 1)
		http_field_error(errors, "provider_id", "is required: the id of the provider's organisation");
	else
		m->provider_id = json_integer_value(p);
	(void)http_take_string(body, "kind", NULL, 24, false, &m->kind, NULL, errors);
	if (!json_object_get(body, "kind"))
		http_field_error(errors, "kind", "is required");
	else if (m->kind && index_in(m->kind, KINDS) < 0)
		http_field_error(errors, "kind", "must be course, programme, curated_programme, blended_programme or "
						 "assessment");
	(void)http_take_string(body, "code", NULL, 40, false, &m->code, NULL, errors);
	if (!json_object_get(body, "code"))
		http_field_error(errors, "code", "is required");
	else if (m->code && !util_code_valid(m->code, 40, true))
		http_field_error(errors, "code", "must be 2 to 40 of capital letters, digits, '-' and '_', starting with a "
						 "letter or digit");
	if (!json_object_get(body, "title"))
		http_field_error(errors, "title", "is required");
}

static void read_audience(json_t *body, const char *kind, struct catalog_meta *m, json_t **errors)
{
	read_ref(body, "audience_org_id", "must be the id of an organisation", &m->has_audience_org,
		 &m->audience_org_id, errors);
	(void)http_take_string(body, "audience_text", NULL, 1000, true, &m->audience_text, &m->has_audience_text,
			       errors);
	(void)http_take_string(body, "audience_text_hi", NULL, 1000, true, &m->audience_text_hi,
			       &m->has_audience_text_hi, errors);
	static const char *const AUDIENCE[] = {"audience_org_id", "audience_text", "audience_text_hi", NULL};
	for (const char *const *k = AUDIENCE; kind && *k; k++)
		if (json_object_get(body, *k) && strcmp(kind, "curated_programme"))
			http_field_error(errors, *k, "only a curated programme has an intended audience");
}

json_t *catalog_meta_read(json_t *body, bool create, const char *kind, struct catalog_meta *m)
{
	json_t *errors = NULL;
	memset(m, 0, sizeof *m);
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
		return errors;
	}
	static const char *const KNOWN[] = {
		"provider_id",  "kind",	    "code",	   "title",	       "title_hi",	    "description",
		"description_hi", "languages", "duration_minutes", "keywords", "target_groups", "designations",
		"competencies", "thumbnail_file_id", "audience_org_id", "audience_text", "audience_text_hi", NULL};
	http_reject_unknown(body, KNOWN, "content", &errors);
	if (create) {
		read_identity(body, m, &errors);
		kind = m->kind;
	} else {
		static const char *const FIXED[] = {"provider_id", "kind", "code", NULL};
		for (const char *const *k = FIXED; *k; k++)
			if (json_object_get(body, *k))
				http_field_error(&errors, *k, "cannot change: make new content instead");
		if (!errors && json_object_size(body) == 0)
			http_field_error(&errors, "body", "changes nothing: send the fields to change");
	}
	(void)http_take_string(body, "title", NULL, 200, false, &m->title, NULL, &errors);
	(void)http_take_string(body, "title_hi", NULL, 200, true, &m->title_hi, &m->has_title_hi, &errors);
	(void)http_take_string(body, "description", NULL, 5000, true, &m->description, &m->has_description, &errors);
	(void)http_take_string(body, "description_hi", NULL, 5000, true, &m->description_hi, &m->has_description_hi,
			       &errors);
	static const char *const LANGS[] = {"en", "hi", NULL}, *const GROUPS[] = {"A", "B", "C", NULL};
	if ((m->has_languages = json_object_get(body, "languages") != NULL))
		read_codes(body, "languages", LANGS, "en, hi", m->languages, sizeof m->languages, &errors);
	if ((m->has_groups = json_object_get(body, "target_groups") != NULL))
		read_codes(body, "target_groups", GROUPS, "the service groups A, B, C", m->groups, sizeof m->groups,
			   &errors);
	read_duration(body, m, &errors);
	if ((m->has_keywords = json_object_get(body, "keywords") != NULL))
		read_keywords(json_object_get(body, "keywords"), m, &errors);
	if ((m->has_designations = json_object_get(body, "designations") != NULL))
		read_designations(json_object_get(body, "designations"), m, &errors);
	if ((m->has_competencies = json_object_get(body, "competencies") != NULL))
		read_competencies(json_object_get(body, "competencies"), m, &errors);
	read_ref(body, "thumbnail_file_id", "must be the id of an uploaded image", &m->has_thumbnail,
		 &m->thumbnail_file_id, &errors);
	read_audience(body, kind, m, &errors);
	return errors;
}

static int check_competency(struct db_conn *db, int64_t id, size_t i, json_t **errors)
{
	struct db_stmt *st = db_prepare(db, "SELECT status FROM competencies WHERE id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	bool retired = rc == DB_ROW && strcmp(db_column_text(st, 0), "active");
	db_finish(st);
	if (rc < 0)
		return -1;
	char field[80];
	snprintf(field, sizeof field, "competencies[%zu].competency_id", i);
	if (rc != DB_ROW)
		http_field_error(errors, field, "no competency has this id");
	else if (retired)
		http_field_error(errors, field, "is retired from the dictionary; choose an active competency");
	return 0;
}

static bool org_exists(struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM organisations WHERE id = $1");
	bool yes = st && !db_bind_int64(st, 1, id) && db_step(st) == DB_ROW;
	db_finish(st);
	return yes;
}

int catalog_meta_check(struct db_conn *db, const struct catalog_meta *m, json_t **errors)
{
	size_t i;
	json_t *v;
	if (m->has_competencies)
		json_array_foreach(m->competencies, i, v)
		{
			if (check_competency(db, json_integer_value(json_object_get(v, "competency_id")), i, errors))
				return -1;
		}
	if (m->has_designations)
		json_array_foreach(m->designations, i, v)
		{
			char field[40];
			snprintf(field, sizeof field, "designations[%zu]", i);
			if (!org_designation_exists(db, json_string_value(v)))
				http_field_error(errors, field, "is not a known designation code");
		}
	if (m->thumbnail_file_id) {
		struct catalog_file f;
		int rc = catalog_file_get(db, m->thumbnail_file_id, &f);
		if (rc < 0)
			return -1;
		if (rc == 0 || strcmp(f.kind, "image"))
			http_field_error(errors, "thumbnail_file_id", "must be the id of an uploaded image");
	}
	if (m->audience_org_id && !org_exists(db, m->audience_org_id))
		http_field_error(errors, "audience_org_id", "no organisation has this id");
	return 0;
}

/* Sets one column of the version; column comes from this file, never from input. */
static int set_column(struct db_conn *db, int64_t version_id, const char *column, const char *text, int64_t num,
		      bool is_num)
{
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE content_versions SET %s = $2 WHERE id = $1", column);
	struct db_stmt *st = db_prepare(db, sql);
	int rc = !st || db_bind_int64(st, 1, version_id);
	if (!rc)
		rc = is_num ? (num ? db_bind_int64(st, 2, num) : db_bind_null(st, 2))
			    : (text && *text ? db_bind_text(st, 2, text) : db_bind_null(st, 2));
	if (!rc)
		rc = db_step(st) == DB_DONE ? 0 : DB_ERROR;
	db_finish(st);
	return rc ? DB_ERROR : 0;
}

static int replace_lists(struct db_conn *db, int64_t version_id, const struct catalog_meta *m)
{
	static const char *const CLEAR[] = {"DELETE FROM content_competencies WHERE version_id = $1",
					    "DELETE FROM content_designations WHERE version_id = $1"};
	const bool has[] = {m->has_competencies, m->has_designations};
	int rc = 0;
	for (int k = 0; k < 2 && !rc; k++) {
		if (!has[k])
			continue;
		struct db_stmt *st = db_prepare(db, CLEAR[k]);
		rc = !st || db_bind_int64(st, 1, version_id) || db_step(st) != DB_DONE ? DB_ERROR : 0;
		db_finish(st);
	}
	size_t i;
	json_t *v;
	if (m->has_competencies)
		json_array_foreach(m->competencies, i, v)
		{
			struct db_stmt *st = db_prepare(db, "INSERT INTO content_competencies (version_id, competency_id, level) "
							    "VALUES ($1, $2, $3)");
			if (rc || !st || db_bind_int64(st, 1, version_id) ||
			    db_bind_int64(st, 2, json_integer_value(json_object_get(v, "competency_id"))) ||
			    db_bind_int64(st, 3, json_integer_value(json_object_get(v, "level"))) || db_step(st) != DB_DONE)
				rc = DB_ERROR;
			db_finish(st);
		}
	if (m->has_designations)
		json_array_foreach(m->designations, i, v)
		{
			struct db_stmt *st =
				db_prepare(db, "INSERT INTO content_designations (version_id, designation) VALUES ($1, $2)");
			if (rc || !st || db_bind_int64(st, 1, version_id) || db_bind_text(st, 2, json_string_value(v)) ||
			    db_step(st) != DB_DONE)
				rc = DB_ERROR;
			db_finish(st);
		}
	return rc;
}

int catalog_meta_write(struct db_conn *db, int64_t version_id, const struct catalog_meta *m, int64_t now)
{
	struct {
		bool has;
		const char *column, *text;
		int64_t num;
		bool is_num;
	} cols[] = {
		{m->title != NULL, "title_en", m->title, 0, false},
		{m->has_title_hi, "title_hi", m->title_hi, 0, false},
		{m->has_description, "description_en", m->description, 0, false},
		{m->has_description_hi, "description_hi", m->description_hi, 0, false},
		{m->has_languages, "languages", m->languages, 0, false},
		{m->has_groups, "target_groups", m->groups, 0, false},
		{m->has_keywords, "keywords", m->keywords, 0, false},
		{m->has_duration, "duration_minutes", NULL, m->duration, true},
		{m->has_thumbnail, "thumbnail_file_id", NULL, m->thumbnail_file_id, true},
		{m->has_audience_org, "audience_org_id", NULL, m->audience_org_id, true},
		{m->has_audience_text, "audience_en", m->audience_text, 0, false},
		{m->has_audience_text_hi, "audience_hi", m->audience_text_hi, 0, false},
		{true, "updated_at", NULL, now, true},
	};
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		if (cols[i].has && set_column(db, version_id, cols[i].column, cols[i].text, cols[i].num, cols[i].is_num))
			return DB_ERROR;
	return replace_lists(db, version_id, m);
}
