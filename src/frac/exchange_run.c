/* A framework import run: its memory, the items it read, and its report of errors by row (a CSV line or a
 * JSON pointer), in file order. */
#include "frac/exchange_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CAP ((size_t)256 << 20)

void ex_run_init(struct ex_run *run, struct db_conn *db, int64_t actor)
{
	memset(run, 0, sizeof *run);
	run->db = db;
	run->actor = actor;
	arena_init(&run->arena, ARENA_CAP);
}

void ex_run_free(struct ex_run *run)
{
	for (size_t i = 0; i < run->ncomps; i++) {
		json_decref(run->comps[i].body);
		json_decref(run->comps[i].norm);
		json_decref(run->comps[i].stored);
	}
	for (size_t i = 0; i < run->nroles; i++) {
		json_decref(run->roles[i].item);
		json_decref(run->roles[i].norm);
		json_decref(run->roles[i].stored);
	}
	free(run->comps);
	free(run->roles);
	free(run->errors);
	free(run->dict);
	free(run->known);
	arena_free(&run->arena);
}

uint32_t ex_next_seq(struct ex_run *run)
{
	return ++run->seq;
}

char *ex_strdup(struct ex_run *run, const char *s)
{
	char *out = s ? arena_strdup(&run->arena, s) : NULL;
	if (s && !out)
		run->oom = true;
	return out;
}

const char *ex_ptr_key(struct ex_run *run, const char *prefix, const char *key)
{
	size_t n = strlen(prefix), k = strlen(key);
	char *out = arena_alloc(&run->arena, n + 2 * k + 2);
	if (!out) {
		run->oom = true;
		return "";
	}
	memcpy(out, prefix, n);
	char *p = out + n;
	*p++ = '/';
	for (const char *s = key; *s; s++) { /* RFC 6901: ~ is ~0, / is ~1 */
		if (*s == '~' || *s == '/') {
			*p++ = '~';
			*p++ = *s == '~' ? '0' : '1';
		} else {
			*p++ = *s;
		}
	}
	*p = '\0';
	return out;
}

const char *ex_ptr_index(struct ex_run *run, const char *prefix, size_t index)
{
	char key[24];
	snprintf(key, sizeof key, "%zu", index);
	return ex_ptr_key(run, prefix, key);
}

static int grow(void **items, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t next = *cap ? *cap * 2 : 16;
	void *p = realloc(*items, next * size);
	if (!p)
		return -1;
	*items = p;
	*cap = next;
	return 0;
}

struct ex_comp *ex_comp_add(struct ex_run *run)
{
	if (grow((void **)&run->comps, &run->comps_cap, run->ncomps, sizeof *run->comps)) {
		run->oom = true;
		return NULL;
	}
	struct ex_comp *c = &run->comps[run->ncomps++];
	memset(c, 0, sizeof *c);
	return c;
}

struct ex_role *ex_role_add(struct ex_run *run)
{
	if (grow((void **)&run->roles, &run->roles_cap, run->nroles, sizeof *run->roles)) {
		run->oom = true;
		return NULL;
	}
	struct ex_role *r = &run->roles[run->nroles++];
	memset(r, 0, sizeof *r);
	return r;
}

/* --- the report --- */

/* What a JSON member is called in a CSV file: the columns are shared by several records. */
static const char *csv_column(const char *field)
{
	static const char *const MAP[][2] = {
		{"descriptor", "text"}, {"descriptor_hi", "text_hi"}, {"extends", "ref"},    {"competency", "ref"},
		{"levels", "level"},    {"activities", NULL},         {"requirements", NULL}, {NULL, NULL},
	};
	for (size_t i = 0; field && MAP[i][0]; i++)
		if (!strcmp(field, MAP[i][0]))
			return MAP[i][1];
	return field;
}

static void add(struct ex_run *run, const struct ex_at *at, const char *field, const char *message)
{
	run->errors_total++;
	if (run->nerrors >= EX_ERRORS_CAP)
		return;
	if (grow((void **)&run->errors, &run->errors_cap, run->nerrors, sizeof *run->errors)) {
		run->oom = true;
		return;
	}
	struct ex_error *e = &run->errors[run->nerrors];
	memset(e, 0, sizeof *e);
	e->message = ex_strdup(run, message);
	if (at) {
		e->seq = at->seq;
		e->line = at->line;
		if (run->format == EX_JSON && at->ptr)
			e->ptr = field ? ex_ptr_key(run, at->ptr, field) : at->ptr;
	}
	e->field = run->format == EX_CSV && at ? csv_column(field) : field;
	e->field = ex_strdup(run, e->field);
	if (e->message)
		run->nerrors++;
}

void ex_error(struct ex_run *run, const struct ex_at *at, const char *field, const char *fmt, ...)
{
	char message[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	add(run, at, field, message);
}

size_t ex_errors_from(struct ex_run *run, const struct ex_at *at, json_t *errors)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		add(run, at, json_string_value(json_object_get(e, "field")),
		    json_string_value(json_object_get(e, "message")));
	}
	size_t n = json_array_size(errors);
	json_decref(errors);
	return n;
}

static json_t *count_json(const struct ex_count *c)
{
	return json_pack("{s:I, s:I, s:I}", "created", (json_int_t)c->created, "updated", (json_int_t)c->updated,
			 "unchanged", (json_int_t)c->unchanged);
}

json_t *ex_report_json(struct ex_run *run, bool applied)
{
	struct ex_error *copy = run->nerrors ? malloc(run->nerrors * sizeof *copy) : NULL;
	if (run->nerrors && !copy)
		return NULL;
	/* Insertion sort by seq: stable, and reports are capped at EX_ERRORS_CAP. */
	for (size_t i = 0; i < run->nerrors; i++) {
		size_t j = i;
		while (j > 0 && copy[j - 1].seq > run->errors[i].seq) {
			copy[j] = copy[j - 1];
			j--;
		}
		copy[j] = run->errors[i];
	}
	json_t *errors = json_array();
	for (size_t i = 0; i < run->nerrors; i++) {
		const struct ex_error *e = &copy[i];
		json_t *row = e->ptr ? json_string(e->ptr) : e->line ? json_integer(e->line) : json_null();
		json_array_append_new(errors, json_pack("{s:o, s:o, s:s}", "row", row, "field",
							e->field ? json_string(e->field) : json_null(), "message",
							e->message));
	}
	free(copy);
	return json_pack("{s:b, s:b, s:o, s:o, s:o, s:I}", "applied", applied, "dry_run", run->dry_run, "competencies",
			 count_json(&run->comp_n), "roles", count_json(&run->role_n), "errors", errors, "errors_total",
			 (json_int_t)run->errors_total);
}
