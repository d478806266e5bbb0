/* The framework file as JSON: {format: "karmayogi-frac/1", competencies: [..], roles: [..]}; every item is
 * reported by its JSON pointer (/roles/3/requirements/1/level). */
#include "frac/exchange_int.h"

#include "http/input.h"

#include <string.h>

/* The list member name of root: its items, or NULL when absent (empty) or not a list (reported). */
static json_t *list_of(struct ex_run *run, const struct ex_at *top, json_t *root, const char *name)
{
	json_t *list = json_object_get(root, name);
	if (list && !json_is_array(list)) {
		ex_error(run, top, name, "must be a list");
		return NULL;
	}
	return list;
}

int ex_json_read(struct ex_run *run, json_t *root)
{
	run->format = EX_JSON;
	struct ex_at top = {0, 0, ""};
	if (!json_is_object(root)) {
		ex_error(run, NULL, NULL, "The body must be a JSON object: {\"format\": \"" EX_FORMAT
					  "\", \"competencies\": [...], \"roles\": [...]}.");
		return 0;
	}
	static const char *const KNOWN[] = {"format", "competencies", "roles", NULL};
	json_t *errors = NULL;
	http_reject_unknown(root, KNOWN, "a framework file", &errors);
	const char *format = NULL;
	(void)http_take_string(root, "format", NULL, 40, false, &format, NULL, &errors);
	if (!json_object_get(root, "format"))
		http_field_error(&errors, "format", "is required: \"" EX_FORMAT "\"");
	else if (format && strcmp(format, EX_FORMAT))
		http_field_error(&errors, "format", "must be \"" EX_FORMAT "\", the only format this server reads");
	ex_errors_from(run, &top, errors);
	json_t *comps = list_of(run, &top, root, "competencies");
	json_t *roles = list_of(run, &top, root, "roles");
	size_t i;
	json_t *item;
	json_array_foreach(comps, i, item)
	{
		struct ex_at at = {ex_next_seq(run), 0, ex_ptr_index(run, "/competencies", i)};
		ex_read_comp(run, &at, item, NULL);
	}
	json_array_foreach(roles, i, item)
	{
		struct ex_at at = {ex_next_seq(run), 0, ex_ptr_index(run, "/roles", i)};
		ex_read_role(run, &at, item, NULL, NULL);
	}
	if (!json_array_size(comps) && !json_array_size(roles) && !run->errors_total)
		ex_error(run, NULL, NULL, "The file holds no competencies and no roles: there is nothing to import.");
	return run->oom ? -1 : 0;
}
