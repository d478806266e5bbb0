/* Officials: the people of an organisation, their admin and self-service edits, and their history of
 * transfers, promotions and status changes. An admin sees only officials in the subtree they administer. */
#include "org/org_int.h"

#include "core/jsonw.h"
#include "core/util.h"
#include "http/audit.h"
#include "http/list.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OFFICIAL_COLUMNS                                                                                        \
	"f.id, f.employee_code, f.email, f.name_en, f.name_hi, f.mobile, f.designation, d.name_en, d.name_hi, "    \
	"f.grp, f.service, f.pay_level, f.date_of_joining, f.language, f.status, o.id, o.code, o.name_en, "        \
	"o.name_hi, CASE WHEN f.password_hash IS NULL THEN 0 ELSE 1 END, f.created_at, f.updated_at, f.ministry_id"
#define OFFICIAL_FROM                                                                                           \
	" FROM officials f JOIN organisations o ON o.id = f.org_id LEFT JOIN designations d ON d.code = f.designation"

/* An official as stored, for edits: strings live in the request arena. */
struct official_row {
	int64_t id, org_id, ministry_id, pay_level;
	const char *employee_code, *email, *name, *name_hi, *mobile, *designation, *group, *service,
		*date_of_joining, *language, *status;
};

static json_t *official_from_row(struct db_stmt *st)
{
	json_t *designation = db_column_null(st, 6)
				      ? json_null()
				      : json_pack("{s:s, s:o, s:o}", "code", db_column_text(st, 6), "name",
						  org_json_text(db_column_text(st, 7)), "name_hi",
						  org_json_text(db_column_text(st, 8)));
	json_t *org = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)db_column_int64(st, 15), "code",
				db_column_text(st, 16), "name", db_column_text(st, 17), "name_hi",
				org_json_text(db_column_text(st, 18)));
	json_t *pay = db_column_null(st, 11) ? json_null() : json_integer(db_column_int64(st, 11));
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:b, s:o, s:o}", "id",
			 (json_int_t)db_column_int64(st, 0), "employee_code", db_column_text(st, 1), "email",
			 db_column_text(st, 2), "name", db_column_text(st, 3), "name_hi",
			 org_json_text(db_column_text(st, 4)), "mobile", org_json_text(db_column_text(st, 5)),
			 "designation", designation, "group", org_json_text(db_column_text(st, 9)), "service",
			 org_json_text(db_column_text(st, 10)), "pay_level", pay, "date_of_joining",
			 org_json_text(db_column_text(st, 12)), "language", db_column_text(st, 13), "status",
			 db_column_text(st, 14), "org", org, "has_password", (int)db_column_int64(st, 19), "created_at",
			 org_json_time(db_column_int64(st, 20)), "updated_at", org_json_time(db_column_int64(st, 21)));
}

/* The same as official_from_row, streamed: the staff list's hot path. */
static void official_write(struct jsonw *w, struct db_stmt *st)
{
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, db_column_int64(st, 0));
	jsonw_key(w, "employee_code");
	jsonw_string(w, db_column_text(st, 1));
	jsonw_key(w, "email");
	jsonw_string(w, db_column_text(st, 2));
	jsonw_key(w, "name");
	jsonw_string(w, db_column_text(st, 3));
	jsonw_key(w, "name_hi");
	jsonw_string(w, db_column_text(st, 4));
	jsonw_key(w, "mobile");
	jsonw_string(w, db_column_text(st, 5));
	jsonw_key(w, "designation");
	if (db_column_null(st, 6)) {
		jsonw_null(w);
	} else {
		jsonw_object_begin(w);
		jsonw_key(w, "code");
		jsonw_string(w, db_column_text(st, 6));
		jsonw_key(w, "name");
		jsonw_string(w, db_column_text(st, 7));
		jsonw_key(w, "name_hi");
		jsonw_string(w, db_column_text(st, 8));
		jsonw_object_end(w);
	}
	jsonw_key(w, "group");
	jsonw_string(w, db_column_text(st, 9));
	jsonw_key(w, "service");
	jsonw_string(w, db_column_text(st, 10));
	jsonw_key(w, "pay_level");
	if (db_column_null(st, 11))
		jsonw_null(w);
	else
		jsonw_int(w, db_column_int64(st, 11));
	jsonw_key(w, "date_of_joining");
	jsonw_string(w, db_column_text(st, 12));
	jsonw_key(w, "language");
	jsonw_string(w, db_column_text(st, 13));
	jsonw_key(w, "status");
	jsonw_string(w, db_column_text(st, 14));
	jsonw_key(w, "org");
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, db_column_int64(st, 15));
	jsonw_key(w, "code");
	jsonw_string(w, db_column_text(st, 16));
	jsonw_key(w, "name");
	jsonw_string(w, db_column_text(st, 17));
	jsonw_key(w, "name_hi");
	jsonw_string(w, db_column_text(st, 18));
	jsonw_object_end(w);
	jsonw_key(w, "has_password");
	jsonw_bool(w, db_column_int64(st, 19) != 0);
	jsonw_key(w, "created_at");
	jsonw_time(w, db_column_int64(st, 20));
	jsonw_key(w, "updated_at");
	jsonw_time(w, db_column_int64(st, 21));
	jsonw_object_end(w);
}

static const char *dup_col(struct http_request *req, struct db_stmt *st, int col)
{
	const char *s = db_column_text(st, col);
	return s ? arena_strdup(http_arena(req), s) : NULL;
}

/* Loads one official: JSON (when json is not NULL) and the row (when row is not NULL).
 * Returns 1 found, 0 unknown, -1 error. */
static int official_load(struct http_request *req, struct db_conn *db, int64_t id, json_t **json,
			 struct official_row *row)
{
	struct db_stmt *st = db_prepare(db, "SELECT " OFFICIAL_COLUMNS OFFICIAL_FROM " WHERE f.id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (json)
			*json = official_from_row(st);
		if (row) {
			*row = (struct official_row){
				.id = db_column_int64(st, 0),
				.org_id = db_column_int64(st, 15),
				.ministry_id = db_column_int64(st, 22),
				.pay_level = db_column_null(st, 11) ? 0 : db_column_int64(st, 11),
				.employee_code = dup_col(req, st, 1),
				.email = dup_col(req, st, 2),
				.name = dup_col(req, st, 3),
				.name_hi = dup_col(req, st, 4),
				.mobile = dup_col(req, st, 5),
				.designation = dup_col(req, st, 6),
				.group = dup_col(req, st, 9),
				.service = dup_col(req, st, 10),
				.date_of_joining = dup_col(req, st, 12),
				.language = dup_col(req, st, 13),
				.status = dup_col(req, st, 14),
			};
		}
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

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

enum edit_mode { EDIT_CREATE, EDIT_ADMIN, EDIT_SELF };

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

static bool in_choices(const char *choices, const char *v)
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
		if (!in_choices(r->choices, v)) {
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

/* Applies body onto row, field by field, by the rules of mode. Returns the errors (NULL when none);
 * *forbidden is set when a self-service edit touched a field only an admin may change. */
static json_t *read_edit(struct http_request *req, json_t *body, enum edit_mode mode, struct official_row *row,
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
		if (org_take_string(body, key, r->max ? r->max : 200, r->nullable, &s, &errors))
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

/* --- writing --- */

static int bind_row(struct db_stmt *st, const struct official_row *r, int64_t now)
{
	return db_bind_text(st, 1, r->employee_code) || db_bind_text(st, 2, r->email) || db_bind_text(st, 3, r->name) ||
	       db_bind_text(st, 4, r->name_hi) || db_bind_text(st, 5, r->mobile) || db_bind_text(st, 6, r->designation) ||
	       db_bind_text(st, 7, r->group) || db_bind_text(st, 8, r->service) ||
	       (r->pay_level ? db_bind_int64(st, 9, r->pay_level) : db_bind_null(st, 9)) ||
	       db_bind_text(st, 10, r->date_of_joining) || db_bind_text(st, 11, r->language) ||
	       db_bind_text(st, 12, r->status) || db_bind_int64(st, 13, r->org_id) ||
	       db_bind_int64(st, 14, r->ministry_id) || db_bind_int64(st, 15, now);
}

static int insert_official(struct db_conn *db, struct official_row *r)
{
	struct db_stmt *st = db_prepare(
		db, "INSERT INTO officials (employee_code, email, name_en, name_hi, mobile, designation, grp, service, "
		    "pay_level, date_of_joining, language, status, org_id, ministry_id, created_at, updated_at) "
		    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id");
	int rc = (!st || bind_row(st, r, util_now_ms())) ? DB_ERROR : db_step(st);
	if (rc == DB_ROW)
		r->id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int update_official(struct db_conn *db, const struct official_row *r)
{
	struct db_stmt *st = db_prepare(
		db, "UPDATE officials SET employee_code = $1, email = $2, name_en = $3, name_hi = $4, mobile = $5, "
		    "designation = $6, grp = $7, service = $8, pay_level = $9, date_of_joining = $10, language = $11, "
		    "status = $12, org_id = $13, ministry_id = $14, updated_at = $15 WHERE id = $16");
	int rc = (!st || bind_row(st, r, util_now_ms()) || db_bind_int64(st, 16, r->id)) ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* History rows for what moved: organisation (transfer), designation (promotion), status. */
static int record_history(struct db_conn *db, const struct official_row *old, const struct official_row *new,
			  int64_t actor, const char *source)
{
	int rc = 0;
	if (old->org_id != new->org_id) {
		char a[24], b[24];
		snprintf(a, sizeof a, "%lld", (long long)old->org_id);
		snprintf(b, sizeof b, "%lld", (long long)new->org_id);
		rc = org_history_add(db, new->id, "org", a, b, actor, source);
	}
	if (!rc && !same(old->designation, new->designation))
		rc = org_history_add(db, new->id, "designation", old->designation, new->designation, actor, source);
	if (!rc && !same(old->status, new->status))
		rc = org_history_add(db, new->id, "status", old->status, new->status, actor, source);
	return rc;
}

/* Appends more (stolen) to *errors, skipping fields *errors already names. */
static void merge_errors(json_t **errors, json_t *more)
{
	size_t i, j;
	json_t *e, *f;
	json_array_foreach(more, i, e)
	{
		bool named = false;
		json_array_foreach(*errors, j, f) if (json_equal(json_object_get(e, "field"), json_object_get(f, "field")))
			named = true;
		if (!named) {
			if (!*errors)
				*errors = json_array();
			json_array_append(*errors, e);
		}
	}
	json_decref(more);
}

/* Database-side checks of an edit: designation exists, organisation exists (and gives the ministry). */
static json_t *check_references(struct db_conn *db, struct official_row *r, int *db_error)
{
	json_t *errors = NULL;
	*db_error = 0;
	if (r->designation && !org_designation_exists(db, r->designation))
		http_field_error(&errors, "designation", "is not a known designation code");
	if (r->org_id < 1)
		return errors; /* missing or malformed: already reported */
	int found = org_ministry_of(db, r->org_id, &r->ministry_id);
	if (found < 0)
		*db_error = 1;
	else if (!found)
		http_field_error(&errors, "org_id", "no organisation has this id");
	return errors;
}

static void reply_write_error(struct http_request *req, int rc)
{
	if (rc == DB_CONSTRAINT)
		org_reply_conflict(req, "Another official already has this email, or this employee code in the same "
					"ministry.");
	else
		org_reply_db_error(req);
}

static void not_found(struct http_request *req)
{
	char detail[160];
	snprintf(detail, sizeof detail, "There is no official at %.100s.", http_path(req));
	http_reply_problem(req, 404, "not_found", detail);
}

static int audit_official(struct http_request *req, const char *action, int64_t id, int64_t scope, json_t *before,
			  json_t *after)
{
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	return http_audit(req, action, "official", idtext, scope, before, after);
}

static void post_official(struct http_request *req)
{
	json_t *body = http_body_json(req);
	if (!body)
		return;
	struct db_conn *db = http_db(req);
	struct official_row row = {.language = "en", .status = "active"};
	bool forbidden;
	json_t *errors = read_edit(req, body, EDIT_CREATE, &row, &forbidden);
	json_t *after = NULL;
	int db_error = 0;
	if (db)
		merge_errors(&errors, check_references(db, &row, &db_error));
	if (errors || db_error || !db) {
		if (errors)
			http_reply_invalid(req, errors);
		else
			org_reply_db_error(req);
		goto out;
	}
	if (!org_can_admin(db, http_user(req)->id, row.org_id)) {
		http_reply_problem(req, 403, "forbidden", "You can add officials only to organisations you administer.");
		goto out;
	}
	char token[65];
	int rc = db_begin(db);
	if (!rc)
		rc = insert_official(db, &row);
	if (!rc)
		rc = org_activation_issue(db, row.id, http_user(req)->id, token);
	if (!rc && official_load(req, db, row.id, &after, NULL) != 1)
		rc = DB_ERROR;
	if (!rc)
		rc = audit_official(req, "official.create", row.id, row.org_id, NULL, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		reply_write_error(req, rc);
		goto out;
	}
	http_reply_json(req, 201, json_incref(after));
out:
	json_decref(body);
	json_decref(after);
}

static json_t *org_brief(struct db_conn *db, const char *id_text)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, code, name_en, name_hi FROM organisations WHERE id = $1");
	json_t *out = json_null();
	if (st && id_text && !db_bind_int64(st, 1, atoll(id_text)) && db_step(st) == DB_ROW) {
		json_decref(out);
		out = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)db_column_int64(st, 0), "code",
				db_column_text(st, 1), "name", db_column_text(st, 2), "name_hi",
				org_json_text(db_column_text(st, 3)));
	}
	db_finish(st);
	return out;
}

static json_t *history_json(struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "SELECT at, field, old_value, new_value, source, actor_id FROM "
					    "official_history WHERE official_id = $1 ORDER BY at DESC, id DESC LIMIT 200");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return NULL;
	}
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *actor = db_column_null(st, 5) ? json_null() : json_integer(db_column_int64(st, 5));
		json_array_append_new(items, json_pack("{s:o, s:s, s:o, s:o, s:s, s:o}", "at",
						       org_json_time(db_column_int64(st, 0)), "field",
						       db_column_text(st, 1), "old_value", org_json_text(db_column_text(st, 2)),
						       "new_value", org_json_text(db_column_text(st, 3)), "source",
						       db_column_text(st, 4), "actor_id", actor));
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	size_t i;
	json_t *h;
	json_array_foreach(items, i, h) if (!strcmp(json_string_value(json_object_get(h, "field")), "org"))
	{
		json_object_set_new(h, "old_org", org_brief(db, json_string_value(json_object_get(h, "old_value"))));
		json_object_set_new(h, "new_org", org_brief(db, json_string_value(json_object_get(h, "new_value"))));
	}
	return items;
}

/* Loads the official the path names, if the caller may see them: themselves, or an admin of their
 * organisation. Returns 1 with *row (and *json when asked) set, or 0/-1 with the reply set (404 for
 * anyone else: no hint that the person exists). */
static int load_visible(struct http_request *req, struct db_conn *db, int64_t id, json_t **json,
			struct official_row *row)
{
	int found = official_load(req, db, id, json, row);
	if (found < 0) {
		org_reply_db_error(req);
		return -1;
	}
	int64_t me = http_user(req)->id;
	if (!found || (row->id != me && !org_can_admin(db, me, row->org_id))) {
		if (json && *json) {
			json_decref(*json);
			*json = NULL;
		}
		not_found(req);
		return 0;
	}
	return 1;
}

static void get_official(struct http_request *req)
{
	int64_t id;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	json_t *official = NULL;
	struct official_row row;
	if (load_visible(req, db, id, &official, &row) != 1)
		return;
	json_t *history = history_json(db, id);
	json_t *roles = org_roles_json(db, id);
	if (!history || !roles) {
		json_decref(official);
		json_decref(history);
		json_decref(roles);
		org_reply_db_error(req);
		return;
	}
	json_object_set_new(official, "history", history);
	json_object_set_new(official, "roles", roles);
	json_object_set_new(official, "can_admin", json_boolean(org_can_admin(db, http_user(req)->id, row.org_id)));
	http_reply_json(req, 200, official);
}

/* Applies an edit in one transaction: update, history, audit. Answers the official after. */
static void save_edit(struct http_request *req, struct db_conn *db, const struct official_row *old,
		      struct official_row *new, json_t *before, const char *source)
{
	json_t *after = NULL;
	int64_t actor = http_user(req)->id;
	int rc = db_begin(db);
	if (!rc)
		rc = update_official(db, new);
	if (!rc)
		rc = record_history(db, old, new, actor, source);
	if (!rc && official_load(req, db, new->id, &after, NULL) != 1)
		rc = DB_ERROR;
	if (!rc)
		rc = audit_official(req, strcmp(source, "self") ? "official.update" : "official.self_update", new->id,
				    new->org_id, before, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		json_decref(after);
		reply_write_error(req, rc);
		return;
	}
	http_reply_json(req, 200, after);
}

static void patch_official(struct http_request *req)
{
	int64_t id;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	json_t *before = NULL, *errors = NULL;
	struct official_row old, new;
	if (load_visible(req, db, id, &before, &old) != 1)
		goto out;
	int64_t me = http_user(req)->id;
	if (!org_can_admin(db, me, old.org_id)) {
		http_reply_problem(req, 403, "forbidden",
				   "Only an administrator changes these details; you can edit your own profile at "
				   "/api/v1/me/profile.");
		goto out;
	}
	new = old;
	bool forbidden;
	int db_error = 0;
	errors = read_edit(req, body, EDIT_ADMIN, &new, &forbidden);
	merge_errors(&errors, check_references(db, &new, &db_error));
	if (errors || db_error) {
		if (errors)
			http_reply_invalid(req, errors);
		else
			org_reply_db_error(req);
		errors = NULL;
		goto out;
	}
	if (new.org_id != old.org_id && !org_can_admin(db, me, new.org_id)) {
		http_reply_problem(req, 403, "forbidden", "You can transfer officials only to organisations you administer.");
		goto out;
	}
	save_edit(req, db, &old, &new, before, "admin");
out:
	json_decref(body);
	json_decref(before);
	json_decref(errors);
}

static void get_profile(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	if (!db)
		return;
	json_t *official = NULL;
	int found = official_load(req, db, http_user(req)->id, &official, NULL);
	if (found != 1) {
		org_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, official);
}

static void patch_profile(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	if (!db)
		return;
	json_t *body = http_body_json(req);
	if (!body)
		return;
	json_t *before = NULL;
	struct official_row old, new;
	if (official_load(req, db, http_user(req)->id, &before, &old) != 1) {
		org_reply_db_error(req);
		goto out;
	}
	new = old;
	bool forbidden;
	json_t *errors = read_edit(req, body, EDIT_SELF, &new, &forbidden);
	if (errors) {
		if (forbidden) {
			http_reply_problem_errors(req, 403, "forbidden",
						  "You can change only your Hindi name, mobile number and language; ask "
						  "your administrator for the rest.",
						  errors);
		} else {
			http_reply_invalid(req, errors);
		}
		goto out;
	}
	save_edit(req, db, &old, &new, before, "self");
out:
	json_decref(body);
	json_decref(before);
}

/* --- the staff list --- */

struct staff_filter {
	int64_t org_id;
	int subtree;
	const char *q, *group, *designation, *status;
};

static char *like_contains(struct http_request *req, const char *q)
{
	size_t n = strlen(q);
	char *p = arena_alloc(http_arena(req), 2 * n + 3);
	if (!p)
		return NULL;
	size_t k = 0;
	p[k++] = '%';
	for (size_t i = 0; i < n; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			p[k++] = '\\';
		p[k++] = (char)tolower((unsigned char)q[i]);
	}
	p[k++] = '%';
	p[k] = '\0';
	return p;
}

static json_t *read_filter(struct http_request *req, struct staff_filter *f)
{
	json_t *errors = NULL;
	const char *org = http_query(req, "org_id");
	char *end = NULL;
	f->org_id = org ? strtoll(org, &end, 10) : 0;
	if (!org || !*org || *end || f->org_id < 1)
		http_field_error(&errors, "org_id", "is required: the id of an organisation you administer");
	const char *sub = http_query(req, "subtree");
	f->subtree = !sub || strcmp(sub, "0");
	if (sub && strcmp(sub, "0") && strcmp(sub, "1"))
		http_field_error(&errors, "subtree", "must be 0 or 1");
	f->q = http_query(req, "q");
	if (f->q && strlen(f->q) > 200)
		http_field_error(&errors, "q", "must be at most 200 characters");
	f->group = http_query(req, "group");
	if (f->group && !in_choices("|A|B|C|", f->group))
		http_field_error(&errors, "group", "must be A, B or C");
	f->designation = http_query(req, "designation");
	if (f->designation && strlen(f->designation) > 32)
		http_field_error(&errors, "designation", "must be a designation code");
	f->status = http_query(req, "status");
	if (f->status && !in_choices("|active|suspended|retired|", f->status))
		http_field_error(&errors, "status", "must be active, suspended or retired");
	return errors;
}

#define STAFF_FILTERS                                                                                           \
	"AND ($3 = '%%' OR LOWER(f.name_en) LIKE $3 ESCAPE '\\' OR LOWER(f.email) LIKE $3 ESCAPE '\\' "              \
	" OR LOWER(f.employee_code) LIKE $3 ESCAPE '\\' OR f.name_hi LIKE $3 ESCAPE '\\') "                          \
	"AND ($4 = '' OR f.grp = $4) AND ($5 = '' OR f.designation = $5) AND ($6 = '' OR f.status = $6) "          \
	"AND (f.name_en, f.id) > ($7, CAST($8 AS BIGINT)) ORDER BY f.name_en, f.id LIMIT $9"

static const char STAFF_SUBTREE_SQL[] =
	"WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT o.id FROM organisations o "
	"JOIN sub ON o.parent_id = sub.id WHERE CAST($2 AS BIGINT) = 1) "
	"SELECT " OFFICIAL_COLUMNS OFFICIAL_FROM " WHERE f.org_id IN (SELECT id FROM sub) " STAFF_FILTERS;

static const char STAFF_ONE_ORG_SQL[] = "SELECT " OFFICIAL_COLUMNS OFFICIAL_FROM
					" WHERE f.org_id = $1 AND CAST($2 AS BIGINT) IN (0, 1) " STAFF_FILTERS;

static bool has_children(struct db_conn *db, int64_t org_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM organisations WHERE parent_id = $1 LIMIT 1");
	bool yes = st && !db_bind_int64(st, 1, org_id) && db_step(st) == DB_ROW;
	db_finish(st);
	return yes;
}

static void list_officials(struct http_request *req)
{
	struct http_list list;
	struct staff_filter f;
	struct db_conn *db = http_db(req);
	if (http_list_params(req, &list) || !db)
		return;
	json_t *errors = read_filter(req, &f);
	if (errors) {
		http_reply_invalid(req, errors);
		return;
	}
	if (!org_can_admin(db, http_user(req)->id, f.org_id)) {
		http_reply_problem(req, 403, "forbidden", "You can list the staff only of organisations you administer.");
		return;
	}
	/* One organisation (or one without units) reads straight off the (org_id, name, id) index in order;
	 * a subtree needs the recursive walk and a sort. */
	bool walk = f.subtree && has_children(db, f.org_id);
	struct db_stmt *st = db_prepare(db, walk ? STAFF_SUBTREE_SQL : STAFF_ONE_ORG_SQL);
	const char *pattern = like_contains(req, f.q ? f.q : "");
	if (!st || !pattern || db_bind_int64(st, 1, f.org_id) || db_bind_int64(st, 2, f.subtree) ||
	    db_bind_text(st, 3, pattern) || db_bind_text(st, 4, f.group ? f.group : "") ||
	    db_bind_text(st, 5, f.designation ? f.designation : "") || db_bind_text(st, 6, f.status ? f.status : "") ||
	    db_bind_text(st, 7, list.key) || db_bind_int64(st, 8, list.id) || db_bind_int64(st, 9, list.limit + 1)) {
		db_finish(st);
		org_reply_db_error(req);
		return;
	}
	/* Streamed: the page is written as rows arrive; the cursor comes from the last row written. */
	struct buf out;
	struct jsonw w;
	buf_init(&out, 16u << 20);
	jsonw_init(&w, &out);
	jsonw_object_begin(&w);
	jsonw_key(&w, "items");
	jsonw_array_begin(&w);
	int rc, n = 0;
	bool more = false;
	const char *last_name = NULL;
	int64_t last_id = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n++ == list.limit) {
			more = true;
			break;
		}
		official_write(&w, st);
		last_name = dup_col(req, st, 3);
		last_id = db_column_int64(st, 0);
	}
	db_finish(st);
	jsonw_array_end(&w);
	jsonw_key(&w, "next_cursor");
	jsonw_string(&w, more && last_name ? http_list_cursor(req, last_name, last_id) : NULL);
	jsonw_object_end(&w);
	if (rc < 0 || jsonw_finish(&w))
		org_reply_db_error(req);
	else
		http_reply_bytes(req, 200, "application/json", out.data, out.len);
	buf_free(&out);
}

static void list_designations(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	if (!db)
		return;
	struct db_stmt *st = db_prepare(db, "SELECT code, name_en, name_hi, grp FROM designations ORDER BY name_en");
	json_t *items = json_array();
	int rc = st ? DB_DONE : DB_ERROR;
	while (st && (rc = db_step(st)) == DB_ROW)
		json_array_append_new(items, json_pack("{s:s, s:s, s:o, s:o}", "code", db_column_text(st, 0), "name",
						       db_column_text(st, 1), "name_hi", org_json_text(db_column_text(st, 2)),
						       "group", org_json_text(db_column_text(st, 3))));
	db_finish(st);
	if (rc < 0) {
		json_decref(items);
		org_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

const struct http_route org_official_routes[] = {
	{"GET", "/api/v1/officials", list_officials, HTTP_SESSION, 0},
	{"POST", "/api/v1/officials", post_official, HTTP_SESSION, 0},
	{"GET", "/api/v1/officials/{id}", get_official, HTTP_SESSION, 0},
	{"PATCH", "/api/v1/officials/{id}", patch_official, HTTP_SESSION, 0},
	{"GET", "/api/v1/me/profile", get_profile, HTTP_SESSION, 0},
	{"PATCH", "/api/v1/me/profile", patch_profile, HTTP_SESSION, 0},
	{"GET", "/api/v1/designations", list_designations, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
