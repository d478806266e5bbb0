/* Audiences of plan items: rules of criteria over the officials of an organisation (and under it), read and
 * checked from a request, stored, shown, and counted with one set-based query. Within a rule every criterion
 * given must hold (any of its values); an official is in the audience when any rule holds. Only active
 * officials count. */
#include "cbp/cbp_int.h"

#include "http/input.h"
#include "org/org.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The members of a rule that hold lists, in the order of enum cbp_criterion, and the kinds stored. */
static const char *const MEMBERS[CBP_CRITERIA] = {"designations", "groups", "roles", "position_ids", "official_ids"};
static const char *const KINDS[CBP_CRITERIA] = {"designation", "grp", "role", "position", "official"};

static bool is_id_list(enum cbp_criterion c)
{
	return c == CBP_POSITION || c == CBP_OFFICIAL;
}

/* Where a position or an official belongs: 1 when the row of sql (SELECT org_id ... WHERE id = $1) exists and
 * lies in plan_org's subtree, 0 unknown, 2 out of scope, or a negative DB_ code. */
static int scope_of(struct db_conn *conn, const char *sql, int64_t id, int64_t plan_org)
{
	struct db_stmt *st = db_prepare(conn, sql);
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	int64_t org = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	db_finish(st);
	if (rc < 0)
		return rc;
	if (rc != DB_ROW)
		return 0;
	return org_in_subtree(conn, org, plan_org) ? 1 : 2;
}

static bool organisation_exists(struct db_conn *conn, int64_t id)
{
	struct db_stmt *st = db_prepare(conn, "SELECT 1 FROM organisations WHERE id = $1");
	bool found = st && !db_bind_int64(st, 1, id) && db_step(st) == DB_ROW;
	db_finish(st);
	return found;
}

/* Checks one value of criterion c; records what is wrong. Returns 0 or a negative DB_ code. */
static int check_value(struct db_conn *conn, enum cbp_criterion c, json_t *v, int64_t plan_org, const char *field,
		       json_t **errors, json_t **scope)
{
	if (is_id_list(c)) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0) {
			http_field_error(errors, field, "must be an id (a whole number above 0)");
			return 0;
		}
		int64_t id = json_integer_value(v);
		int rc = scope_of(conn,
				  c == CBP_POSITION ? "SELECT org_id FROM positions WHERE id = $1"
						    : "SELECT org_id FROM officials WHERE id = $1",
				  id, plan_org);
		if (rc < 0)
			return rc;
		if (rc == 0)
			http_field_error(errors, field, c == CBP_POSITION ? "is not a position" : "is not an official");
		else if (rc == 2)
			http_field_error(scope, field, "lies outside the organisation this plan is for");
		return 0;
	}
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	if (!s || !*s || strlen(s) > 64) {
		http_field_error(errors, field, "must be a text of 1 to 64 characters");
		return 0;
	}
	if (c == CBP_DESIGNATION && !org_designation_exists(conn, s))
		http_field_error(errors, field, "is not a designation (see GET /api/v1/designations)");
	else if (c == CBP_GRP && strcmp(s, "A") && strcmp(s, "B") && strcmp(s, "C"))
		http_field_error(errors, field, "must be A, B or C");
	else if (c == CBP_ROLE && !org_role_known(s))
		http_field_error(errors, field, "is not a role");
	return 0;
}

/* Adds the values of criterion c of rule r (member m of the rule's object) to the pool. */
static int read_criterion(struct db_conn *conn, struct arena *arena, json_t *m, enum cbp_criterion c, size_t ri,
			  int64_t plan_org, struct cbp_audience *out, json_t **errors, json_t **scope)
{
	char field[64];
	snprintf(field, sizeof field, "audience[%zu].%s", ri, MEMBERS[c]);
	if (!json_is_array(m)) {
		http_field_error(errors, field, "must be a list");
		return 0;
	}
	struct cbp_rule *r = &out->rules[ri];
	r->first[c] = out->nvalues;
	size_t i;
	json_t *v;
	json_array_foreach(m, i, v)
	{
		char vfield[100];
		snprintf(vfield, sizeof vfield, "%s[%zu]", field, i);
		int rc = check_value(conn, c, v, plan_org, vfield, errors, scope);
		if (rc)
			return rc;
		if (out->nvalues == CBP_VALUES_MAX) {
			http_field_error(errors, "audience",
					 "has more than 500 values in all its rules: use a "
					 "designation, role or organisation instead of long lists");
			return 0;
		}
		char text[24];
		const char *s = text;
		if (json_is_integer(v))
			snprintf(text, sizeof text, "%lld", (long long)json_integer_value(v));
		else
			s = json_is_string(v) ? json_string_value(v) : "";
		out->values[out->nvalues++] = arena_strdup(arena, s);
	}
	r->count[c] = out->nvalues - r->first[c];
	return 0;
}

static int read_rule(struct db_conn *conn, struct arena *arena, json_t *rule, size_t ri, int64_t plan_org,
		     struct cbp_audience *out, json_t **errors, json_t **scope)
{
	char field[64];
	struct cbp_rule *r = &out->rules[ri];
	memset(r, 0, sizeof *r);
	r->org_id = plan_org;
	if (!json_is_object(rule)) {
		snprintf(field, sizeof field, "audience[%zu]", ri);
		http_field_error(errors, field, "must be an object");
		return 0;
	}
	static const char *const KNOWN[] = {"org_id", "include_suborgs", "designations", "groups",
					    "roles",  "position_ids",    "official_ids", NULL};
	const char *key;
	json_t *member;
	json_object_foreach(rule, key, member)
	{
		bool known = false;
		for (const char *const *k = KNOWN; *k && !known; k++)
			known = !strcmp(key, *k);
		if (!known) {
			char unknown[96];
			snprintf(unknown, sizeof unknown, "audience[%zu].%.60s", ri, key);
			http_field_error(errors, unknown,
					 "is not a criterion of an audience rule (org_id, include_suborgs, "
					 "designations, groups, roles, position_ids, official_ids)");
		}
	}
	json_t *org = json_object_get(rule, "org_id");
	snprintf(field, sizeof field, "audience[%zu].org_id", ri);
	if (org && !json_is_null(org)) {
		if (!json_is_integer(org) || json_integer_value(org) <= 0 ||
		    !organisation_exists(conn, json_integer_value(org)))
			http_field_error(errors, field, "is not an organisation");
		else if (!org_in_subtree(conn, json_integer_value(org), plan_org))
			http_field_error(scope, field, "lies outside the organisation this plan is for");
		else
			r->org_id = json_integer_value(org);
	}
	json_t *sub = json_object_get(rule, "include_suborgs");
	if (sub && !json_is_boolean(sub)) {
		snprintf(field, sizeof field, "audience[%zu].include_suborgs", ri);
		http_field_error(errors, field, "must be true or false");
	}
	r->org_only = sub && json_is_false(sub);
	for (int c = 0; c < CBP_CRITERIA; c++) {
		json_t *m = json_object_get(rule, MEMBERS[c]);
		if (!m)
			continue;
		int rc = read_criterion(conn, arena, m, (enum cbp_criterion)c, ri, plan_org, out, errors, scope);
		if (rc)
			return rc;
	}
	return 0;
}

int cbp_audience_read(struct db_conn *conn, struct arena *arena, json_t *body, int64_t plan_org,
		      struct cbp_audience *out, json_t **errors, json_t **scope)
{
	memset(out, 0, sizeof *out);
	json_t *rules = json_object_get(body, "audience");
	if (!json_is_array(rules) || json_array_size(rules) == 0 || json_array_size(rules) > CBP_RULES_MAX) {
		http_field_error(errors, "audience",
				 "must be a list of 1 to 10 rules, e.g. [{\"designations\": [\"SO\"]}]");
		return 0;
	}
	size_t i;
	json_t *rule;
	json_array_foreach(rules, i, rule)
	{
		int rc = read_rule(conn, arena, rule, i, plan_org, out, errors, scope);
		if (rc)
			return rc;
		out->nrules = i + 1;
	}
	return 0;
}

int cbp_audience_count(struct db_conn *conn, int64_t item_id, int64_t *total, int64_t *per_rule, size_t nrules)
{
	*total = 0;
	struct db_stmt *st = db_prepare(conn, CBP_AUDIENCE_WITH "SELECT COUNT(DISTINCT o.id)" CBP_AUDIENCE_FROM);
	if (!st || db_bind_int64(st, 1, item_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*total = db_column_int64(st, 0);
	db_finish(st);
	if (rc != DB_ROW)
		return rc < 0 ? rc : DB_ERROR;
	if (!per_rule)
		return 0;
	for (size_t i = 0; i < nrules; i++)
		per_rule[i] = 0;
	st = db_prepare(conn, CBP_AUDIENCE_WITH "SELECT orgs.rule, COUNT(DISTINCT o.id)" CBP_AUDIENCE_FROM
						" GROUP BY orgs.rule");
	if (!st || db_bind_int64(st, 1, item_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t r = db_column_int64(st, 0);
		if (r >= 0 && (size_t)r < nrules)
			per_rule[r] = db_column_int64(st, 1);
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* Stores one (rule, kind, value) row. */
static int store_row(struct db_conn *conn, int64_t item_id, size_t rule, const char *kind, const char *value)
{
	struct db_stmt *st = db_prepare(conn, "INSERT INTO cbp_audience (item_id, rule, kind, value) VALUES ($1, $2, "
					      "$3, $4) ON CONFLICT (item_id, rule, kind, value) DO NOTHING");
	int rc = !st || db_bind_int64(st, 1, item_id) || db_bind_int64(st, 2, (int64_t)rule) ||
		 db_bind_text(st, 3, kind) || db_bind_text(st, 4, value);
	if (!rc)
		rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

int cbp_audience_store(struct db_conn *conn, int64_t item_id, const struct cbp_audience *a)
{
	int rc = cbp_audience_delete(conn, item_id);
	if (rc)
		return rc;
	for (size_t i = 0; i < a->nrules; i++) {
		const struct cbp_rule *r = &a->rules[i];
		char org[24];
		snprintf(org, sizeof org, "%lld", (long long)r->org_id);
		if ((rc = store_row(conn, item_id, i, r->org_only ? "org" : "subtree", org)))
			return rc;
		for (int c = 0; c < CBP_CRITERIA; c++)
			for (size_t k = 0; k < r->count[c]; k++)
				if ((rc = store_row(conn, item_id, i, KINDS[c], a->values[r->first[c] + k])))
					return rc;
	}
	return 0;
}

static int kind_index(const char *kind)
{
	for (int c = 0; c < CBP_CRITERIA; c++)
		if (!strcmp(kind, KINDS[c]))
			return c;
	return -1;
}

int cbp_audience_load(struct db_conn *conn, struct arena *arena, int64_t item_id, struct cbp_audience *out)
{
	memset(out, 0, sizeof *out);
	/* Ordered by rule, then criterion, so each criterion's values sit together in the pool. */
	struct db_stmt *st = db_prepare(
		conn,
		"SELECT rule, kind, value FROM cbp_audience WHERE item_id = $1 ORDER BY rule, CASE kind WHEN "
		"'subtree' THEN 0 WHEN 'org' THEN 0 WHEN 'designation' THEN 1 WHEN 'grp' THEN 2 WHEN 'role' THEN 3 "
		"WHEN 'position' THEN 4 ELSE 5 END, value");
	if (!st || db_bind_int64(st, 1, item_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t rule = db_column_int64(st, 0);
		if (rule < 0 || rule >= CBP_RULES_MAX)
			continue;
		if ((size_t)rule >= out->nrules)
			out->nrules = (size_t)rule + 1;
		struct cbp_rule *r = &out->rules[rule];
		const char *kind = db_column_text(st, 1), *value = db_column_text(st, 2);
		int c = kind_index(kind);
		if (c < 0) {
			r->org_id = strtoll(value, NULL, 10);
			r->org_only = !strcmp(kind, "org");
			continue;
		}
		if (out->nvalues == CBP_VALUES_MAX)
			continue;
		if (!r->count[c])
			r->first[c] = out->nvalues;
		r->count[c]++;
		out->values[out->nvalues++] = arena_strdup(arena, value);
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

json_t *cbp_audience_json(const struct cbp_audience *a)
{
	json_t *rules = json_array();
	for (size_t i = 0; i < a->nrules; i++) {
		const struct cbp_rule *r = &a->rules[i];
		json_t *rule =
			json_pack("{s:I, s:b}", "org_id", (json_int_t)r->org_id, "include_suborgs", !r->org_only);
		for (int c = 0; c < CBP_CRITERIA; c++) {
			json_t *list = json_array();
			for (size_t k = 0; k < r->count[c]; k++) {
				const char *v = a->values[r->first[c] + k];
				json_array_append_new(list, is_id_list((enum cbp_criterion)c)
								    ? json_integer(strtoll(v, NULL, 10))
								    : json_string(v));
			}
			json_object_set_new(rule, MEMBERS[c], list);
		}
		json_array_append_new(rules, rule);
	}
	return rules;
}

/* Deletes the rows of item_id's audience (a scratch id's once counted). */
int cbp_audience_delete(struct db_conn *conn, int64_t item_id)
{
	struct db_stmt *st = db_prepare(conn, "DELETE FROM cbp_audience WHERE item_id = $1");
	int rc = !st || db_bind_int64(st, 1, item_id) ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

int cbp_audience_measure(struct db_conn *conn, const struct cbp_audience *a, int64_t *total, int64_t *per_rule)
{
	int64_t scratch = -(int64_t)(1 + ((uint64_t)randombytes_random() << 20 | randombytes_random() >> 12));
	int rc = db_begin(conn);
	if (!rc)
		rc = cbp_audience_store(conn, scratch, a);
	if (!rc)
		rc = db_commit(conn);
	if (rc) {
		db_rollback(conn);
		return rc;
	}
	rc = cbp_audience_count(conn, scratch, total, per_rule, a->nrules);
	int gone = db_begin(conn);
	if (!gone)
		gone = cbp_audience_delete(conn, scratch);
	if (!gone)
		gone = db_commit(conn);
	if (gone)
		db_rollback(conn);
	return rc ? rc : gone;
}
