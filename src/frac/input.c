/* Reading and writing a competency: the rules every way of changing the dictionary shares. */
#include "frac/frac_int.h"

#include "http/input.h"

#include "core/util.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static void take(json_t *body, const char *field, size_t max, bool nullable, const char **out, bool *present,
		 json_t **errors)
{
	(void)http_take_string(body, field, NULL, max, nullable, out, present, errors);
}

static void read_levels(json_t *levels, struct comp_input *in, json_t **errors)
{
	if (!json_is_array(levels) || json_array_size(levels) != 5) {
		http_field_error(errors, "levels", "must list exactly five proficiency levels, 1 to 5");
		return;
	}
	bool seen[6] = {false};
	size_t i;
	json_t *item;
	json_array_foreach(levels, i, item)
	{
		char field[96];
		snprintf(field, sizeof field, "levels[%zu]", i);
		if (!json_is_object(item)) {
			http_field_error(errors, field, "must be an object with level and descriptor");
			continue;
		}
		json_t *lv = json_object_get(item, "level");
		snprintf(field, sizeof field, "levels[%zu].level", i);
		if (!json_is_integer(lv) || json_integer_value(lv) < 1 || json_integer_value(lv) > 5) {
			http_field_error(errors, field, "must be a whole number from 1 to 5");
			continue;
		}
		int level = (int)json_integer_value(lv);
		if (seen[level]) {
			http_field_error(errors, field, "each level from 1 to 5 must appear once");
			continue;
		}
		seen[level] = true;
		static const char *const LEVEL_FIELDS[] = {"level", "descriptor", "descriptor_hi", NULL};
		http_reject_unknown(item, LEVEL_FIELDS, "a level", errors);
		struct comp_level *l = &in->levels[level - 1];
		l->descriptor = NULL;
		l->descriptor_hi = NULL;
		snprintf(field, sizeof field, "levels[%zu].descriptor", i);
		(void)http_take_string(item, "descriptor", field, 1000, false, &l->descriptor, NULL, errors);
		if (!l->descriptor && !json_object_get(item, "descriptor"))
			http_field_error(errors, field, "is required: what a person at this level can do");
		snprintf(field, sizeof field, "levels[%zu].descriptor_hi", i);
		(void)http_take_string(item, "descriptor_hi", field, 1000, true, &l->descriptor_hi, NULL, errors);
	}
}

json_t *frac_read_input(json_t *body, enum comp_mode mode, struct comp_input *in)
{
	json_t *errors = NULL;
	memset(in, 0, sizeof *in);
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
		return errors;
	}
	static const char *const KNOWN[] = {"code",   "area",   "name",          "name_hi", "description", "description_hi",
					    "levels", "status", "competency_id", "org_id",  "comment",     NULL};
	http_reject_unknown(body, KNOWN, "a competency", &errors);
	if (mode == COMP_CREATE && json_object_get(body, "status"))
		http_field_error(&errors, "status", "is set after creation");
	if (mode == COMP_EDIT) {
		if (json_object_get(body, "code"))
			http_field_error(&errors, "code", "cannot change: make a new competency instead");
		if (json_object_get(body, "area"))
			http_field_error(&errors, "area", "cannot change: make a new competency instead");
	}
	if (mode == COMP_CREATE) {
		take(body, "code", 40, false, &in->code, NULL, &errors);
		if (in->code && !util_code_valid(in->code, 40, false))
			http_field_error(&errors, "code", "must be 2 to 40 letters, digits, '-' or '_'");
		else if (!json_object_get(body, "code"))
			http_field_error(&errors, "code", "is required");
		take(body, "area", 20, false, &in->area, NULL, &errors);
		if (!in->area && !json_object_get(body, "area"))
			http_field_error(&errors, "area", "is required");
		else if (in->area && strcmp(in->area, "behavioural") && strcmp(in->area, "functional") &&
			 strcmp(in->area, "domain"))
			http_field_error(&errors, "area", "must be behavioural, functional or domain");
	}
	take(body, "name", 200, false, &in->name, NULL, &errors);
	take(body, "name_hi", 200, true, &in->name_hi, &in->has_name_hi, &errors);
	take(body, "description", 2000, false, &in->description, NULL, &errors);
	take(body, "description_hi", 2000, true, &in->description_hi, &in->has_description_hi, &errors);
	take(body, "status", 10, false, &in->status, NULL, &errors);
	if (in->status && strcmp(in->status, "active") && strcmp(in->status, "retired"))
		http_field_error(&errors, "status", "must be active or retired");
	json_t *levels = json_object_get(body, "levels");
	in->has_levels = levels != NULL;
	if (levels)
		read_levels(levels, in, &errors);
	if (mode == COMP_CREATE) {
		if (!json_object_get(body, "name"))
			http_field_error(&errors, "name", "is required");
		if (!json_object_get(body, "description"))
			http_field_error(&errors, "description", "is required");
		if (!levels)
			http_field_error(&errors, "levels", "are required: five proficiency levels, 1 to 5");
	}
	return errors;
}
