/* Onboarding's JSON reader: {"officials": [ {field: value, ...}, ... ]} handed over row by row in the
 * same shape as CSV rows, so one set of rules and one writer serve both formats. */
#include "org/onboard_int.h"

#include <stdio.h>
#include <string.h>

/* Text of a value: strings as they are, whole numbers as digits (codes, pay levels and mobiles often
 * arrive as numbers), null as empty. Returns 0, or -1 for a type that cannot be a field. */
static int value_text(json_t *v, char num[24], struct ob_field *out)
{
	if (json_is_null(v)) {
		*out = (struct ob_field){NULL, 0};
	} else if (json_is_string(v)) {
		*out = (struct ob_field){json_string_value(v), json_string_length(v)};
	} else if (json_is_integer(v)) {
		int n = snprintf(num, 24, "%lld", (long long)json_integer_value(v));
		*out = (struct ob_field){num, (size_t)n};
	} else {
		return -1;
	}
	return 0;
}

/* The union of the known fields the objects use: the file's columns. */
static uint32_t columns_of(json_t *list)
{
	uint32_t present = 0;
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item)
	{
		const char *key;
		json_t *v;
		json_object_foreach(item, key, v)
		{
			int c = org_onboard_col_find(key, strlen(key));
			if (c >= 0 && !strcmp(key, org_onboard_col_names[c]))
				present |= OB_BIT(c);
		}
	}
	return present;
}

/* Turns one object into a record; reports what does not fit. Returns the number of errors. */
static int record_of(json_t *item, uint32_t row, struct ob_record *rec, char nums[OB_NCOLS][24], struct ob_report *rep)
{
	int errors = 0;
	if (!json_is_object(item)) {
		org_onboard_report_add(rep, row, NULL, "Each entry of officials must be a JSON object.");
		return 1;
	}
	const char *key;
	json_t *v;
	json_object_foreach(item, key, v)
	{
		char name[48];
		org_onboard_snippet(key, strlen(key), 40, name, sizeof name);
		int c = org_onboard_col_find(key, strlen(key));
		if (c < 0 || strcmp(key, org_onboard_col_names[c])) {
			org_onboard_report_add(rep, row, name, "is not a known field");
			errors++;
		} else if (value_text(v, nums[c], &rec->f[c])) {
			org_onboard_report_add(rep, row, name, "must be a string");
			errors++;
		} else if (rec->f[c].s && memchr(rec->f[c].s, '\0', rec->f[c].n)) {
			org_onboard_report_add(rep, row, name, "contains a NUL character");
			errors++;
		}
	}
	return errors;
}

int org_onboard_json_read(json_t *root, struct ob_report *rep, ob_row_fn fn, void *ctx, struct ob_read_result *res)
{
	memset(res, 0, sizeof *res);
	json_t *list = json_is_object(root) ? json_object_get(root, "officials") : NULL;
	if (!json_is_array(list)) {
		res->fatal = true;
		org_onboard_report_add(
			rep, 0, "officials",
			"The body must be a JSON object with an array \"officials\" of objects, one per official.");
		return 0;
	}
	res->present = columns_of(list);
	for (int c = 0; c < OB_NCOLS; c++)
		if ((OB_REQUIRED & OB_BIT(c)) && !(res->present & OB_BIT(c)) && json_array_size(list))
			org_onboard_report_add(rep, 0, org_onboard_col_names[c],
					       "is a required field and no official has it");
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item)
	{
		uint32_t row = ++res->rows;
		struct ob_record rec = {.present = res->present};
		char nums[OB_NCOLS][24];
		if (record_of(item, row, &rec, nums, rep))
			continue;
		if (fn(ctx, row, &rec))
			return -1;
	}
	if (res->rows == 0)
		org_onboard_report_add(rep, 0, "officials", "The list of officials is empty.");
	return 0;
}
