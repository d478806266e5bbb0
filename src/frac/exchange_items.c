/* The rules of one competency and one work role as a framework file holds them, the same for CSV and JSON:
 * competencies through frac_read_input (the dictionary's own rules), roles through the request-field
 * readers of src/http/input.h. Each item is kept with its export-shaped form, for comparing and auditing. */
#include "core/util.h"
#include "frac/exchange_int.h"

#include "http/input.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static const char *upper(struct ex_run *run, const char *s)
{
	char *out = ex_strdup(run, s);
	for (char *p = out; p && *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return out;
}

/* Where the i-th member of the list name of the item at at came from. */
static struct ex_at sub_at(struct ex_run *run, const struct ex_at *at, const char *name, size_t i,
			   const struct ex_at *given)
{
	if (given)
		return given[i];
	struct ex_at s = {at->seq, at->line, NULL};
	s.ptr = ex_ptr_index(run, ex_ptr_key(run, at->ptr ? at->ptr : "", name), i);
	return s;
}

/* --- competencies --- */

/* frac_read_input names level problems "levels[2].descriptor": report them where that level came from. */
static void map_input_errors(struct ex_run *run, const struct ex_at *at, json_t *levels,
			     const struct ex_at *level_ats, json_t *errors)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		const char *field = json_string_value(json_object_get(e, "field"));
		const char *message = json_string_value(json_object_get(e, "message"));
		char *end = NULL;
		unsigned long index = 0;
		if (field && !strncmp(field, "levels[", 7))
			index = strtoul(field + 7, &end, 10);
		if (!end || *end != ']' || index >= json_array_size(levels)) {
			ex_error(run, at, field, "%s", message);
			continue;
		}
		struct ex_at where = sub_at(run, at, "levels", index, level_ats);
		ex_error(run, &where, end[1] == '.' ? end + 2 : NULL, "%s", message);
	}
	json_decref(errors);
}

static json_t *comp_norm(const struct ex_comp *c)
{
	json_t *levels = json_array();
	for (int l = 0; l < 5; l++)
		json_array_append_new(levels, json_pack("{s:i, s:s, s:o}", "level", l + 1, "descriptor",
							c->in.levels[l].descriptor, "descriptor_hi",
							text_or_null(c->in.levels[l].descriptor_hi)));
	return json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o}", "code", c->code, "area", c->in.area, "name",
			 c->in.name, "name_hi", text_or_null(c->in.name_hi), "description", c->in.description,
			 "description_hi", text_or_null(c->in.description_hi), "status", text_or_null(c->status),
			 "levels", levels);
}

void ex_read_comp(struct ex_run *run, const struct ex_at *at, json_t *item, const struct ex_at *level_ats)
{
	struct ex_comp *c = ex_comp_add(run);
	if (!c)
		return;
	c->at = *at;
	if (!json_is_object(item)) {
		ex_error(run, at, NULL, "must be an object: a competency with code, area, names, descriptions and levels");
		c->bad = true;
		return;
	}
	static const char *const KNOWN[] = {"code",           "area",   "name",   "name_hi", "description",
					    "description_hi", "status", "levels", NULL};
	json_t *errors = NULL;
	http_reject_unknown(item, KNOWN, "a competency", &errors);
	(void)http_take_string(item, "status", NULL, 10, false, &c->status, NULL, &errors);
	if (c->status && strcmp(c->status, "active") && strcmp(c->status, "retired"))
		http_field_error(&errors, "status", "must be active or retired");
	if (ex_errors_from(run, at, errors))
		c->bad = true;
	/* frac_read_input sets status apart (it is not part of a new competency): read the rest through it. */
	c->body = json_object();
	for (const char *const *k = KNOWN; *k; k++)
		if (strcmp(*k, "status") && json_object_get(item, *k))
			json_object_set(c->body, *k, json_object_get(item, *k));
	errors = frac_read_input(c->body, COMP_CREATE, &c->in);
	if (errors) {
		map_input_errors(run, at, json_object_get(item, "levels"), level_ats, errors);
		c->bad = true;
	}
	/* The file holds the whole competency: a Hindi text it leaves out is none. */
	c->in.has_name_hi = c->in.has_description_hi = c->in.has_levels = true;
	c->in.status = c->status;
	c->code = c->in.code ? upper(run, c->in.code) : NULL;
	if (!c->bad && !(c->norm = comp_norm(c)))
		run->oom = true;
}

/* --- roles --- */

/* The list member name: an array of at most EX_LIST_MAX; NULL (reported) otherwise or when absent. */
static json_t *take_list(json_t *item, const char *name, const char *what, json_t **errors)
{
	json_t *list = json_object_get(item, name);
	char message[96];
	if (!list)
		return NULL;
	if (!json_is_array(list)) {
		snprintf(message, sizeof message, "must be a list of %s", what);
		http_field_error(errors, name, message);
		return NULL;
	}
	if (json_array_size(list) > EX_LIST_MAX) {
		snprintf(message, sizeof message, "a role has at most %d %s; this one has %zu", EX_LIST_MAX, what,
			 json_array_size(list));
		http_field_error(errors, name, message);
		return NULL;
	}
	return list;
}

static bool read_activity(struct ex_run *run, const struct ex_at *at, json_t *item, struct ex_activity *a)
{
	memset(a, 0, sizeof *a);
	a->at = *at;
	if (!json_is_object(item)) {
		ex_error(run, at, NULL, "must be an object: {text, text_hi}");
		return false;
	}
	static const char *const KNOWN[] = {"text", "text_hi", NULL};
	json_t *errors = NULL;
	http_reject_unknown(item, KNOWN, "an activity", &errors);
	(void)http_take_string(item, "text", NULL, 1000, false, &a->text, NULL, &errors);
	if (!json_object_get(item, "text"))
		http_field_error(&errors, "text", "is required: what a person in this role does");
	(void)http_take_string(item, "text_hi", NULL, 1000, true, &a->text_hi, NULL, &errors);
	return ex_errors_from(run, at, errors) == 0;
}

static bool read_requirement(struct ex_run *run, const struct ex_at *at, json_t *item, struct ex_req *q)
{
	q->at = *at;
	if (!json_is_object(item)) {
		ex_error(run, at, NULL, "must be an object: {competency, level}");
		return false;
	}
	static const char *const KNOWN[] = {"competency", "level", NULL};
	json_t *errors = NULL;
	http_reject_unknown(item, KNOWN, "a requirement", &errors);
	const char *code = NULL;
	(void)http_take_string(item, "competency", NULL, 40, false, &code, NULL, &errors);
	if (!json_object_get(item, "competency"))
		http_field_error(&errors, "competency", "is required: the code of a competency");
	q->code = code ? upper(run, code) : NULL;
	json_t *level = json_object_get(item, "level");
	if (!json_is_integer(level) || json_integer_value(level) < 1 || json_integer_value(level) > 5)
		http_field_error(&errors, "level", "must be a whole number from 1 to 5");
	else
		q->level = (int)json_integer_value(level);
	return ex_errors_from(run, at, errors) == 0;
}

static bool read_activities(struct ex_run *run, struct ex_role *r, json_t *list, const struct ex_at *ats)
{
	bool ok = true;
	r->nacts = json_array_size(list);
	r->acts = r->nacts ? arena_alloc(&run->arena, r->nacts * sizeof *r->acts) : NULL;
	if (r->nacts && !r->acts) {
		run->oom = true;
		return false;
	}
	for (size_t i = 0; i < r->nacts; i++) {
		struct ex_at at = sub_at(run, &r->at, "activities", i, ats);
		if (!read_activity(run, &at, json_array_get(list, i), &r->acts[i]))
			ok = false;
	}
	return ok;
}

static bool read_requirements(struct ex_run *run, struct ex_role *r, json_t *list, const struct ex_at *ats)
{
	bool ok = true;
	r->nreqs = json_array_size(list);
	r->reqs = r->nreqs ? arena_alloc(&run->arena, r->nreqs * sizeof *r->reqs) : NULL;
	if (r->nreqs && !r->reqs) {
		run->oom = true;
		return false;
	}
	for (size_t i = 0; i < r->nreqs; i++) {
		struct ex_at at = sub_at(run, &r->at, "requirements", i, ats);
		struct ex_req *q = &r->reqs[i];
		memset(q, 0, sizeof *q);
		if (!read_requirement(run, &at, json_array_get(list, i), q)) {
			ok = false;
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (r->reqs[j].code && !strcmp(r->reqs[j].code, q->code)) {
				ex_error(run, &at, "competency", "%s is required twice by this role; list it once", q->code);
				ok = false;
				break;
			}
	}
	return ok;
}

static int by_competency(const void *a, const void *b)
{
	const char *x = json_string_value(json_object_get(*(json_t *const *)a, "competency"));
	const char *y = json_string_value(json_object_get(*(json_t *const *)b, "competency"));
	return strcmp(x, y);
}

json_t *ex_sorted_requirements(json_t *reqs)
{
	size_t n = json_array_size(reqs);
	json_t **items = n ? malloc(n * sizeof *items) : NULL;
	if (n && !items)
		return NULL;
	for (size_t i = 0; i < n; i++)
		items[i] = json_array_get(reqs, i);
	if (n)
		qsort(items, n, sizeof *items, by_competency);
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append(out, items[i]);
	free(items);
	return out;
}

static json_t *role_norm(const struct ex_role *r)
{
	json_t *acts = json_array(), *reqs = json_array();
	for (size_t i = 0; i < r->nacts; i++)
		json_array_append_new(acts, json_pack("{s:s, s:o}", "text", r->acts[i].text, "text_hi",
						      text_or_null(r->acts[i].text_hi)));
	for (size_t i = 0; i < r->nreqs; i++)
		json_array_append_new(reqs, json_pack("{s:s, s:i}", "competency", r->reqs[i].code, "level",
						      r->reqs[i].level));
	json_t *sorted = ex_sorted_requirements(reqs);
	json_decref(reqs);
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "code", r->code, "name", r->name, "name_hi",
			 text_or_null(r->name_hi), "description", text_or_null(r->description), "description_hi",
			 text_or_null(r->description_hi), "extends", text_or_null(r->extends), "shared",
			 r->has_shared ? json_boolean(r->shared) : json_null(), "activities", acts, "requirements",
			 sorted ? sorted : json_null());
}

static void read_role_fields(struct ex_role *r, json_t *item, json_t **errors)
{
	static const char *const KNOWN[] = {"code",    "name",   "name_hi",    "description",  "description_hi",
					    "extends", "shared", "activities", "requirements", NULL};
	http_reject_unknown(item, KNOWN, "a role", errors);
	(void)http_take_string(item, "code", NULL, 40, false, &r->code, NULL, errors);
	if (!json_object_get(item, "code"))
		http_field_error(errors, "code", "is required");
	else if (r->code && !util_code_valid(r->code, 40, true))
		http_field_error(errors, "code",
				 "must be 2 to 40 capital letters, digits, '-' or '_', starting with a letter or digit");
	(void)http_take_string(item, "name", NULL, 200, false, &r->name, NULL, errors);
	if (!json_object_get(item, "name"))
		http_field_error(errors, "name", "is required");
	(void)http_take_string(item, "name_hi", NULL, 200, true, &r->name_hi, NULL, errors);
	(void)http_take_string(item, "description", NULL, 2000, true, &r->description, NULL, errors);
	(void)http_take_string(item, "description_hi", NULL, 2000, true, &r->description_hi, NULL, errors);
	(void)http_take_string(item, "extends", NULL, 40, true, &r->extends, NULL, errors);
	json_t *shared = json_object_get(item, "shared");
	if (shared && !json_is_boolean(shared))
		http_field_error(errors, "shared", "must be true or false");
	r->has_shared = json_is_boolean(shared);
	r->shared = json_is_true(shared);
}

void ex_read_role(struct ex_run *run, const struct ex_at *at, json_t *item, const struct ex_at *act_ats,
		  const struct ex_at *req_ats)
{
	struct ex_role *r = ex_role_add(run);
	if (!r)
		return;
	r->at = *at;
	if (!json_is_object(item)) {
		ex_error(run, at, NULL, "must be an object: a role with code, name, activities and requirements");
		r->bad = true;
		return;
	}
	r->item = json_incref(item);
	json_t *errors = NULL;
	read_role_fields(r, item, &errors);
	json_t *acts = take_list(item, "activities", "activities", &errors);
	json_t *reqs = take_list(item, "requirements", "requirements", &errors);
	if (ex_errors_from(run, at, errors))
		r->bad = true;
	if (!read_activities(run, r, acts, act_ats))
		r->bad = true;
	if (!read_requirements(run, r, reqs, req_ats))
		r->bad = true;
	if (!r->bad && !(r->norm = role_norm(r)))
		run->oom = true;
}
