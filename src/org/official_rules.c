/* The rules for an official's fields, shared by the API and onboarding: formats, choices, which fields
 * an official may change themselves, and the history of what moved. */
#include "org/officials_int.h"

#include "core/util.h"
#include "http/input.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* --- validation: the rules onboarding states too --- */

bool org_email_valid(const char *s)
{
	size_t n = strlen(s);
	const char *at = strchr(s, '@');
	if (n < 3 || n > 254 || !at || at == s || strchr(at + 1, '@'))
		return false;
	const char *dot = strrchr(at, '.');
	if (!dot || dot == at + 1 || !dot[1])
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == ',' || *p == ';' || *p == '<' || *p == '>' || *p == '"')
			return false;
	return true;
}

bool org_mobile_normalise(const char *s, char out[11])
{
	if (!strncmp(s, "+91", 3))
		s += 3;
	while (*s == ' ' || *s == '-')
		s++;
	size_t k = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '-')
			continue;
		if (!isdigit((unsigned char)*s) || k == 10)
			return false;
		out[k++] = *s;
	}
	out[k] = '\0';
	return k == 10 && out[0] >= '6' && out[0] <= '9';
}

bool org_date_valid(const char *s)
{
	int y, m, d;
	char extra;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || s[4] != '-' || s[7] != '-')
		return false;
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

bool org_employee_code_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 32)
		return false;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '/' || *s == '_' || *s == '-'))
			return false;
	return true;
}

bool org_designation_exists(struct db_conn *conn, const char *code)
{
	struct db_stmt *st = db_prepare(conn, "SELECT 1 FROM designations WHERE code = $1");
	bool yes = st && !db_bind_text(st, 1, code) && db_step(st) == DB_ROW;
	db_finish(st);
	return yes;
}

int org_history_add(struct db_conn *conn, int64_t official_id, const char *field, const char *old_value,
		    const char *new_value, int64_t actor_id, const char *source)
{
	struct db_stmt *st = db_prepare(conn, "INSERT INTO official_history (official_id, at, field, old_value, "
					      "new_value, actor_id, source) VALUES ($1, $2, $3, $4, $5, $6, $7)");
	if (!st)
		return DB_ERROR;
	int rc = db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, util_now_ms()) ||
		 db_bind_text(st, 3, field) || db_bind_text(st, 4, old_value) || db_bind_text(st, 5, new_value) ||
		 (actor_id ? db_bind_int64(st, 6, actor_id) : db_bind_null(st, 6)) || db_bind_text(st, 7, source);
	if (!rc)
		rc = db_step(st) == DB_DONE ? 0 : DB_ERROR;
	db_finish(st);
	return rc ? DB_ERROR : 0;
}

/* --- reading edits --- */

enum field_kind { F_TEXT, F_EMAIL, F_MOBILE, F_CODE, F_DATE, F_ENUM, F_PAY, F_ORG };

struct field_rule {
	const char *name;
	enum field_kind kind;
	size_t max;
	bool nullable;
	bool self_editable;
	bool required_on_create;
	const char *choices; /* F_ENUM: "|a|b|c|" */
	size_t offset;       /* where the value goes in struct official_row (strings) */
};

#define AT(member) offsetof(struct official_row, member)

static const struct field_rule FIELDS[] = {
	{"employee_code", F_CODE, 32, false, false, true, NULL, AT(employee_code)},
	{"email", F_EMAIL, 254, false, false, true, NULL, AT(email)},
	{"name", F_TEXT, 200, false, false, true, NULL, AT(name)},
	{"name_hi", F_TEXT, 200, true, true, false, NULL, AT(name_hi)},
	{"mobile", F_MOBILE, 20, true, true, false, NULL, AT(mobile)},
	{"designation", F_TEXT, 32, true, false, false, NULL, AT(designation)},
	{"group", F_ENUM, 1, true, false, false, "|A|B|C|", AT(group)},
	{"service", F_TEXT, 100, true, false, false, NULL, AT(service)},
	{"pay_level", F_PAY, 0, true, false, false, NULL, 0},
	{"date_of_joining", F_DATE, 10, true, false, false, NULL, AT(date_of_joining)},
	{"language", F_ENUM, 2, false, true, false, "|en|hi|", AT(language)},
	{"status", F_ENUM, 10, false, false, false, "|active|suspended|retired|", AT(status)},
	{"org_id", F_ORG, 0, false, false, true, NULL, 0},
};
#define NFIELDS (sizeof FIELDS / sizeof FIELDS[0])

static const struct field_rule *rule_of(const char *name)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (!strcmp(FIELDS[i].name, name))
			return &FIELDS[i];
	return NULL;
}

bool org_official_choice(const char *choices, const char *v)
{
	char probe[40];
	snprintf(probe, sizeof probe, "|%s|", v);
	return strlen(v) < 30 && strstr(choices, probe) != NULL;
}

/* Checks one string value against its rule; returns the value to store (arena) or NULL with an error. */
static const char *check_text(struct http_request *req, const struct field_rule *r, const char *v, json_t **errors)
{
	char mobile[11];
	switch (r->kind) {
	case F_EMAIL: {
		if (!org_email_valid(v)) {
			http_field_error(errors, r->name, "must be an email address like name@ministry.gov.in");
			return NULL;
		}
		char *lower = arena_strdup(http_arena(req), v);
		for (char *p = lower; p && *p; p++)
			*p = (char)tolower((unsigned char)*p);
		return lower;
	}
	case F_MOBILE:
		if (!org_mobile_normalise(v, mobile)) {
			http_field_error(errors, r->name, "must be a 10-digit Indian mobile number starting with 6 to 9");
			return NULL;
		}
		return arena_strdup(http_arena(req), mobile);
	case F_CODE:
		if (!org_employee_code_valid(v)) {
			http_field_error(errors, r->name, "must be 1 to 32 letters, digits, '/', '_' or '-'");
			return NULL;
		}
		return v;
	case F_DATE:
		if (!org_date_valid(v)) {
			http_field_error(errors, r->name, "must be a real date written YYYY-MM-DD");
			return NULL;
		}
		return v;
	case F_ENUM:
		if (!org_official_choice(r->choices, v)) {
			char msg[96], list[64];
			snprintf(list, sizeof list, "%s", r->choices + 1);
			list[strlen(list) - 1] = '\0';
			for (char *p = list; *p; p++)
				if (*p == '|')
					*p = '/';
			snprintf(msg, sizeof msg, "must be one of %s", list);
			http_field_error(errors, r->name, msg);
			return NULL;
		}
		return v;
	default:
		if (!*v && !r->nullable) {
			http_field_error(errors, r->name, "must not be empty");
			return NULL;
		}
		return v;
	}
}

static void read_number(const struct field_rule *r, json_t *v, struct official_row *row, json_t **errors)
{
	if (r->kind == F_PAY) {
		if (json_is_null(v))
			row->pay_level = 0;
		else if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 18)
			http_field_error(errors, r->name, "must be a pay level from 1 to 18, or null");
		else
			row->pay_level = json_integer_value(v);
		return;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		http_field_error(errors, r->name, "must be the id of an organisation");
	else
		row->org_id = json_integer_value(v);
}

json_t *org_official_read_edit(struct http_request *req, json_t *body, enum edit_mode mode, struct official_row *row,
			 bool *forbidden)
{
	json_t *errors = NULL;
	*forbidden = false;
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
		return errors;
	}
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v)
	{
		const struct field_rule *r = rule_of(key);
		if (!r || (mode == EDIT_CREATE && !strcmp(key, "status"))) {
			http_field_error(&errors, key, "is not a field you can set here");
			continue;
		}
		if (mode == EDIT_SELF && !r->self_editable) {
			http_field_error(&errors, key, "only an administrator can change this");
			*forbidden = true;
			continue;
		}
		if (r->kind == F_PAY || r->kind == F_ORG) {
			read_number(r, v, row, &errors);
			continue;
		}
		const char *s = NULL;
		if (http_take_string(body, key, NULL, r->max ? r->max : 200, r->nullable, &s, NULL, &errors))
			continue;
		if (s && !(s = check_text(req, r, s, &errors)))
			continue;
		*(const char **)((char *)row + r->offset) = s;
	}
	if (mode == EDIT_CREATE)
		for (size_t i = 0; i < NFIELDS; i++)
			if (FIELDS[i].required_on_create && !json_object_get(body, FIELDS[i].name))
				http_field_error(&errors, FIELDS[i].name, "is required");
	return errors;
}
