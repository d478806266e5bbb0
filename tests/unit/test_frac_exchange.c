/* Unit tests for the framework import's pure parts: finding cycles of extends, and the CSV reader (records
 * joined to their competency or role, line numbers that count line breaks inside quoted fields, the errors
 * of shape). No database, no HTTP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frac/exchange_int.h"

/* --- cycles --- */

struct seen_cycles {
	int n;
	char text[8][64];
};

static void collect(void *ctx, const int *nodes, size_t len)
{
	struct seen_cycles *s = ctx;
	if (s->n >= 8)
		return;
	char *out = s->text[s->n++];
	out[0] = '\0';
	for (size_t i = 0; i < len; i++)
		snprintf(out + strlen(out), 64 - strlen(out), "%s%d", i ? "," : "", nodes[i]);
}

static void no_cycle_in_chains_and_trees(void **state)
{
	(void)state;
	const int next[] = {-1, 0, 1, 1, 3, -1};
	struct seen_cycles s = {0};
	assert_int_equal(ex_find_cycles(next, 6, collect, &s), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(ex_find_cycles(NULL, 0, collect, &s), 0);
}

static void a_cycle_of_three_is_found_once_from_its_lowest_node(void **state)
{
	(void)state;
	/* 4 -> 2 -> 5 -> 4, with 0 and 1 leading into it and 3 apart. */
	const int next[] = {4, 0, 5, -1, 2, 4};
	struct seen_cycles s = {0};
	assert_int_equal(ex_find_cycles(next, 6, collect, &s), 1);
	assert_string_equal(s.text[0], "2,5,4");
}

static void self_loops_and_separate_cycles_are_each_reported(void **state)
{
	(void)state;
	const int next[] = {0, 2, 1, 3, 5, 6, 4};
	struct seen_cycles s = {0};
	assert_int_equal(ex_find_cycles(next, 7, collect, &s), 4);
	assert_string_equal(s.text[0], "0");
	assert_string_equal(s.text[1], "1,2");
	assert_string_equal(s.text[2], "3");
	assert_string_equal(s.text[3], "4,5,6");
}

/* --- the CSV reader --- */

#define HEADER "record,code,area,name,name_hi,description,description_hi,level,text,text_hi,ref\r\n"

static const char *levels_of(const char *code)
{
	static char out[1024];
	out[0] = '\0';
	for (int l = 1; l <= 5; l++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "level,%s,,,,,,%d,Level %d text,स्तर %d,\r\n", code, l,
			 l, l);
	return out;
}

static bool has_error(const struct ex_run *run, uint32_t line, const char *field, const char *part)
{
	for (size_t i = 0; i < run->nerrors; i++) {
		const struct ex_error *e = &run->errors[i];
		if (e->line == line && ((!field && !e->field) || (field && e->field && !strcmp(field, e->field))) &&
		    strstr(e->message, part))
			return true;
	}
	for (size_t i = 0; i < run->nerrors; i++)
		print_message("error: line %u field %s: %s\n", run->errors[i].line,
			      run->errors[i].field ? run->errors[i].field : "-", run->errors[i].message);
	return false;
}

static void csv_records_become_items(void **state)
{
	(void)state;
	char data[4096];
	/* Levels before their competency, a lower-case competency code, a multi-line description, roles with
	 * activities and requirements on later lines. */
	snprintf(data, sizeof data,
		 HEADER "%s"
			"competency,fun-x,functional,X,एक्स,\"two\r\nlines, and \"\"quotes\"\"\",,,,,\r\n"
			"role,R-ONE,,Role one,,,,,,,\r\n"
			"activity,R-ONE,,,,,,,'=this,,\r\n"
			"requirement,R-ONE,,,,,,2,,,fun-x\r\n"
			"role,R-TWO,,Role two,,,,,,,R-ONE\r\n",
		 levels_of("FUN-X"));
	struct ex_run run;
	ex_run_init(&run, NULL, 1);
	assert_int_equal(ex_csv_read(&run, data, strlen(data)), 0);
	assert_int_equal(run.errors_total, 0);
	assert_int_equal(run.ncomps, 1);
	assert_int_equal(run.nroles, 2);
	const struct ex_comp *c = &run.comps[0];
	assert_string_equal(c->code, "FUN-X");
	assert_int_equal(c->at.line, 7);
	assert_string_equal(c->in.description, "two\r\nlines, and \"quotes\"");
	assert_string_equal(c->in.levels[4].descriptor, "Level 5 text");
	const struct ex_role *r = &run.roles[0];
	assert_int_equal(r->at.line, 9); /* the description took two lines */
	assert_int_equal(r->nacts, 1);
	assert_string_equal(r->acts[0].text, "=this"); /* the export's defusing ' is taken off */
	assert_int_equal(r->acts[0].at.line, 10);
	assert_int_equal(r->nreqs, 1);
	assert_string_equal(r->reqs[0].code, "FUN-X");
	assert_int_equal(r->reqs[0].level, 2);
	assert_string_equal(run.roles[1].extends, "R-ONE");
	ex_run_free(&run);
}

static void csv_errors_name_their_line_and_column(void **state)
{
	(void)state;
	char data[4096];
	snprintf(data, sizeof data,
		 HEADER "competency,FUN-Y,galactic,Y,,About Y,,,,,\r\n"
			"%s"
			"level,FUN-NONE,,,,,,1,x,,\r\n"
			"requirement,R-NONE,,,,,,1,,,FUN-Y\r\n"
			"role,R-Z,,Z,,,,,,,\r\n"
			"requirement,R-Z,,,,,,6,,,FUN-Y\r\n"
			"skill,R-Z,,,,,,,,,\r\n"
			"role,R-Z,,Z,,\r\n",
		 levels_of("FUN-Y"));
	struct ex_run run;
	ex_run_init(&run, NULL, 1);
	assert_int_equal(ex_csv_read(&run, data, strlen(data)), 0);
	assert_true(has_error(&run, 2, "area", "behavioural, functional or domain"));
	assert_true(has_error(&run, 8, "code", "no competency record"));
	assert_true(has_error(&run, 9, "code", "no role record"));
	assert_true(has_error(&run, 11, "level", "1 to 5"));
	assert_true(has_error(&run, 12, "record", "must be competency"));
	assert_true(has_error(&run, 13, NULL, "fields"));
	ex_run_free(&run);
}

static void csv_malformed_files_are_refused_with_a_reason(void **state)
{
	(void)state;
	static const struct {
		const char *data;
		uint32_t line;
		const char *part;
	} cases[] = {
		{"", 0, "empty"},
		{"   \r\n\r\n", 0, "empty"},
		{HEADER, 0, "no records"},
		{"{\"format\": 1}", 0, "JSON"},
		{"record,code\r\ncompetency,\"FUN-Q\r\nlevel,FUN-Q\r\n", 2, "not closed"},
		{"record,code\r\ncompetency,\"FUN-Q\"x\r\n", 2, "quote"},
		{"code,name\r\nFUN-Q,Q\r\n", 1, "required column"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ex_run run;
		ex_run_init(&run, NULL, 1);
		assert_int_equal(ex_csv_read(&run, cases[i].data, strlen(cases[i].data)), 0);
		bool found = false;
		for (size_t k = 0; k < run.nerrors; k++)
			found |= run.errors[k].line == cases[i].line && strstr(run.errors[k].message, cases[i].part);
		if (!found)
			print_message("case %zu: %s\n", i, run.nerrors ? run.errors[0].message : "(no error)");
		assert_true(found);
		assert_int_equal(run.ncomps + run.nroles, 0);
		ex_run_free(&run);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_cycle_in_chains_and_trees),
		cmocka_unit_test(a_cycle_of_three_is_found_once_from_its_lowest_node),
		cmocka_unit_test(self_loops_and_separate_cycles_are_each_reported),
		cmocka_unit_test(csv_records_become_items),
		cmocka_unit_test(csv_errors_name_their_line_and_column),
		cmocka_unit_test(csv_malformed_files_are_refused_with_a_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
