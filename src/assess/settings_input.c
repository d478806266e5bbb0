/* A PUT of an assessment version's settings: the body read field by field (every problem named for one 422),
 * then checked against the database: the draws take only the provider's own banks, name competencies that
 * exist, and ask for no more questions than the banks hold. */
#include "assess/attempt.h"

#include "http/input.h"

#include <stdio.h>
#include <string.h>

static const char *const PURPOSES[] = {"practice", "final", "proficiency", "pre_test", "post_test", NULL};

/* A whole number member in [min, max]; absent gives dflt when optional; JSON null gives 0 when nullable. */
static void take_int(json_t *o, const char *key, const char *field, int64_t min, int64_t max, bool optional,
		     bool nullable, int64_t dflt, int64_t *out, json_t **errors)
{
	json_t *v = json_object_get(o, key);
	*out = dflt;
	if (!v) {
		if (!optional)
			http_field_error(errors, field, "is required");
		return;
	}
	if (json_is_null(v) && nullable) {
		*out = 0;
		return;
	}
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		char msg[96];
		snprintf(msg, sizeof msg, "must be a whole number from %lld to %lld%s", (long long)min, (long long)max,
			 nullable ? ", or null for no limit" : "");
		http_field_error(errors, field, msg);
		return;
	}
	*out = json_integer_value(v);
}

static void take_bool(json_t *o, const char *key, bool *out, json_t **errors)
{
	json_t *v = json_object_get(o, key);
	*out = true;
	if (!v)
		return;
	if (!json_is_boolean(v))
		http_field_error(errors, key, "must be true or false");
	else
		*out = json_is_true(v);
}

/* Members of a nested object that are not its fields, named with their place ("draws[2].colour"). */
static void reject_unknown_in(json_t *o, const char *const *known, const char *label, json_t **errors)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		bool ok = false;
		for (const char *const *k = known; *k && !ok; k++)
			ok = !strcmp(*k, key);
		if (!ok) {
			char field[128];
			snprintf(field, sizeof field, "%s.%.60s", label, key);
			http_field_error(errors, field, "is not a field here");
		}
	}
}

static void read_purpose(json_t *body, struct assess_settings *s, json_t **errors)
{
	const char *purpose = NULL;
	if (http_take_string(body, "purpose", NULL, 20, false, &purpose, NULL, errors))
		return;
	bool known = false;
	for (const char *const *p = PURPOSES; purpose && *p && !known; p++)
		known = !strcmp(*p, purpose);
	if (!purpose)
		http_field_error(errors, "purpose", "is required: practice, final, proficiency, pre_test or post_test");
	else if (!known)
		http_field_error(errors, "purpose", "must be practice, final, proficiency, pre_test or post_test");
	else
		snprintf(s->purpose, sizeof s->purpose, "%s", purpose);
}

static void read_grant(json_t *body, struct assess_settings *s, json_t **errors)
{
	json_t *g = json_object_get(body, "grant");
	if (g && !json_is_null(g)) {
		if (!json_is_object(g)) {
			http_field_error(errors, "grant", "must be an object {competency_id, level}, or null");
		} else {
			static const char *const KNOWN[] = {"competency_id", "level", "competency_name",
							    "competency_name_hi", NULL};
			reject_unknown_in(g, KNOWN, "grant", errors);
			take_int(g, "competency_id", "grant.competency_id", 1, INT64_MAX, false, false, 0,
				 &s->grant_competency_id, errors);
			take_int(g, "level", "grant.level", 1, 5, false, false, 0, &s->grant_level, errors);
		}
	}
	bool proficiency = !strcmp(s->purpose, "proficiency");
	bool given = g && !json_is_null(g);
	if (proficiency && !given)
		http_field_error(errors, "grant",
				 "a proficiency assessment grants a competency at a level on a pass: "
				 "give {competency_id, level}");
	else if (!proficiency && given && s->purpose[0])
		http_field_error(errors, "grant", "only a proficiency assessment grants a competency; leave it null");
}

static void read_draw(json_t *d, size_t i, struct assess_draw_in *out, json_t **errors)
{
	char label[32], field[64];
	snprintf(label, sizeof label, "draws[%zu]", i);
	if (!json_is_object(d)) {
		http_field_error(errors, label, "must be an object {bank_id, competency_id, level, count}");
		return;
	}
	static const char *const KNOWN[] = {"bank_id",         "competency_id",      "level",     "count", "bank_code",
					    "competency_name", "competency_name_hi", "available", NULL};
	reject_unknown_in(d, KNOWN, label, errors);
	snprintf(field, sizeof field, "%s.bank_id", label);
	take_int(d, "bank_id", field, 1, INT64_MAX, false, false, 0, &out->bank_id, errors);
	snprintf(field, sizeof field, "%s.competency_id", label);
	take_int(d, "competency_id", field, 1, INT64_MAX, true, true, 0, &out->competency_id, errors);
	snprintf(field, sizeof field, "%s.level", label);
	take_int(d, "level", field, 1, 5, true, true, 0, &out->level, errors);
	snprintf(field, sizeof field, "%s.count", label);
	take_int(d, "count", field, 1, ASSESS_QUESTIONS_MAX, false, false, 0, &out->count, errors);
}

static void read_draws(json_t *body, struct assess_settings_in *out, json_t **errors)
{
	json_t *list = json_object_get(body, "draws");
	size_t n = json_array_size(list);
	if (!json_is_array(list) || n < 1 || n > ASSESS_DRAWS_MAX) {
		http_field_error(errors, "draws",
				 "must be a list of 1 to 20 draws {bank_id, competency_id, level, count}");
		return;
	}
	int64_t total = 0;
	for (size_t i = 0; i < n; i++) {
		read_draw(json_array_get(list, i), i, &out->draws[i], errors);
		total += out->draws[i].count;
	}
	out->ndraws = n;
	if (total > ASSESS_QUESTIONS_MAX) {
		char msg[128];
		snprintf(msg, sizeof msg, "ask for %lld questions in all; an attempt holds at most %d",
			 (long long)total, ASSESS_QUESTIONS_MAX);
		http_field_error(errors, "draws", msg);
	}
}

json_t *assess_settings_read(json_t *body, struct assess_settings_in *out)
{
	json_t *errors = NULL;
	memset(out, 0, sizeof *out);
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
		return errors;
	}
	/* What GET answers may come back as it is: the fields it computes are ignored. */
	static const char *const KNOWN[] = {"purpose",
					    "pass_percent",
					    "max_attempts",
					    "time_limit_minutes",
					    "shuffle_questions",
					    "shuffle_options",
					    "allow_review",
					    "grant",
					    "draws",
					    "content_id",
					    "version",
					    "question_count",
					    "max_score",
					    NULL};
	http_reject_unknown(body, KNOWN, "assessment settings", &errors);
	struct assess_settings *s = &out->s;
	read_purpose(body, s, &errors);
	take_int(body, "pass_percent", "pass_percent", 0, 100, false, false, 0, &s->pass_percent, &errors);
	take_int(body, "max_attempts", "max_attempts", 1, 100, true, true, 0, &s->max_attempts, &errors);
	int64_t minutes = 0;
	take_int(body, "time_limit_minutes", "time_limit_minutes", 1, 1440, true, true, 0, &minutes, &errors);
	s->time_limit_s = minutes * 60;
	take_bool(body, "shuffle_questions", &s->shuffle_questions, &errors);
	take_bool(body, "shuffle_options", &s->shuffle_options, &errors);
	take_bool(body, "allow_review", &s->allow_review, &errors);
	read_grant(body, s, &errors);
	read_draws(body, out, &errors);
	return errors;
}

int64_t assess_draw_available(struct db_conn *db, int64_t bank_id, int64_t competency_id, int64_t level)
{
	struct db_stmt *st = db_prepare(db, "SELECT COUNT(*) FROM questions WHERE bank_id = $1 AND status = 'active' "
					    "AND (competency_id = $2 OR $2 = 0) AND (level = $3 OR $3 = 0)");
	if (!st || db_bind_int64(st, 1, bank_id) || db_bind_int64(st, 2, competency_id) ||
	    db_bind_int64(st, 3, level)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	int64_t n = rc == DB_ROW ? db_column_int64(st, 0) : rc < 0 ? rc : DB_ERROR;
	db_finish(st);
	return n;
}

/* A competency's status: 1 active, 2 retired, 0 unknown, or a negative DB_ code. */
static int competency_status(struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "SELECT status FROM competencies WHERE id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	int out = rc == DB_ROW ? (strcmp(db_column_text(st, 0), "active") ? 2 : 1) : rc == DB_DONE ? 0 : rc;
	db_finish(st);
	return out;
}

/* The bank's provider and code: 1 found, 0 unknown, or a negative DB_ code. */
static int bank_of(struct db_conn *db, int64_t bank_id, int64_t *provider_id, char code[64])
{
	struct db_stmt *st = db_prepare(db, "SELECT provider_id, code FROM question_banks WHERE id = $1");
	if (!st || db_bind_int64(st, 1, bank_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*provider_id = db_column_int64(st, 0);
		snprintf(code, 64, "%s", db_column_text(st, 1));
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

static int check_draw(struct db_conn *db, int64_t provider_id, const struct assess_draw_in *d, size_t i,
		      json_t **errors)
{
	char field[64], code[64], msg[200];
	int64_t owner = 0;
	int rc = bank_of(db, d->bank_id, &owner, code);
	snprintf(field, sizeof field, "draws[%zu].bank_id", i);
	if (rc <= 0) {
		if (rc == 0)
			http_field_error(errors, field, "no question bank has this id");
		return rc;
	}
	if (owner != provider_id) {
		http_field_error(errors, field,
				 "is a bank of another provider: an assessment draws only from its own "
				 "provider's banks");
		return 0;
	}
	if (d->competency_id) {
		rc = competency_status(db, d->competency_id);
		if (rc < 0)
			return rc;
		snprintf(field, sizeof field, "draws[%zu].competency_id", i);
		if (rc == 0)
			http_field_error(errors, field, "no competency has this id");
	}
	int64_t n = assess_draw_available(db, d->bank_id, d->competency_id, d->level);
	if (n < 0)
		return (int)n;
	if (n < d->count) {
		snprintf(field, sizeof field, "draws[%zu].count", i);
		snprintf(msg, sizeof msg, "asks for %lld questions but bank %s has %lld active questions that match",
			 (long long)d->count, code, (long long)n);
		http_field_error(errors, field, msg);
	}
	return 0;
}

int assess_settings_check(struct db_conn *db, int64_t provider_id, const struct assess_settings_in *in, json_t **errors)
{
	for (size_t i = 0; i < in->ndraws; i++) {
		int rc = check_draw(db, provider_id, &in->draws[i], i, errors);
		if (rc < 0)
			return rc;
	}
	if (!in->s.grant_competency_id)
		return 0;
	int rc = competency_status(db, in->s.grant_competency_id);
	if (rc == 0)
		http_field_error(errors, "grant.competency_id", "no competency has this id");
	else if (rc == 2)
		http_field_error(errors, "grant.competency_id", "this competency is retired: grant a current one");
	return rc < 0 ? rc : 0;
}
