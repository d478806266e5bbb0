/* Unit tests for onboarding's pure parts: the CSV and JSON readers, the rules of one record, the report,
 * the string map and the fingerprint that tells "unchanged". No database, no HTTP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "org/onboard_int.h"

/* --- what a read hands over, kept for the assertions --- */

#define MAX_ROWS 16

struct seen {
	int rows;
	uint32_t row_no[MAX_ROWS];
	char values[MAX_ROWS][OB_NCOLS][96];
	bool has[MAX_ROWS][OB_NCOLS];
	int stop_after; /* 0: never */
};

static int collect(void *ctx, uint32_t row, const struct ob_record *rec)
{
	struct seen *s = ctx;
	if (s->rows < MAX_ROWS) {
		s->row_no[s->rows] = row;
		for (int c = 0; c < OB_NCOLS; c++) {
			s->has[s->rows][c] = rec->f[c].s != NULL;
			snprintf(s->values[s->rows][c], sizeof s->values[0][0], "%.*s", (int)rec->f[c].n,
				 rec->f[c].s ? rec->f[c].s : "");
		}
	}
	s->rows++;
	return s->stop_after && s->rows >= s->stop_after ? -1 : 0;
}

struct csv_case {
	struct ob_report rep;
	struct ob_read_result res;
	struct seen seen;
	int rc;
};

static void read_csv(struct csv_case *k, const char *data, size_t len)
{
	memset(k, 0, sizeof *k);
	org_onboard_report_init(&k->rep);
	k->rc = org_onboard_csv_read(data, len, &k->rep, collect, &k->seen, &k->res);
}

static bool has_error(const struct ob_report *r, uint32_t row, const char *column, const char *needle)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct ob_error *e = &r->items[i];
		if (e->row == row && !strcmp(e->column, column ? column : "") &&
		    (!needle || strstr(e->message, needle)))
			return true;
	}
	return false;
}

/* --- CSV --- */

static void csv_maps_header_names_in_any_order_and_case(void **state)
{
	(void)state;
	struct csv_case k;
	const char *csv = "\xEF\xBB\xBF Email ,Employee Code,NAME,org-code\nA@B.IN,E/1,Asha,NR\n";
	read_csv(&k, csv, strlen(csv));
	assert_int_equal(k.rc, 0);
	assert_false(k.res.fatal);
	assert_int_equal(k.rep.total, 0);
	assert_int_equal(k.res.rows, 1);
	assert_int_equal(k.res.present,
			 OB_BIT(OB_EMAIL) | OB_BIT(OB_EMPLOYEE_CODE) | OB_BIT(OB_NAME) | OB_BIT(OB_ORG_CODE));
	assert_string_equal(k.seen.values[0][OB_EMAIL], "A@B.IN");
	assert_string_equal(k.seen.values[0][OB_EMPLOYEE_CODE], "E/1");
	assert_string_equal(k.seen.values[0][OB_ORG_CODE], "NR");
	org_onboard_report_free(&k.rep);
}

static void csv_accepts_quoted_commas_newlines_and_doubled_quotes(void **state)
{
	(void)state;
	struct csv_case k;
	const char *csv = "employee_code,name,email,service\r\n"
			  "\"E/1\",\"Kumar, Ravi \"\"RK\"\"\",r@x.in,\"line one\r\nline two\"\r\n"
			  "E/2,Plain,p@x.in,\r\n";
	read_csv(&k, csv, strlen(csv));
	assert_int_equal(k.rep.total, 0);
	assert_int_equal(k.res.rows, 2);
	assert_string_equal(k.seen.values[0][OB_NAME], "Kumar, Ravi \"RK\"");
	assert_string_equal(k.seen.values[0][OB_SERVICE], "line one\r\nline two");
	assert_int_equal(k.seen.row_no[1], 2);
	org_onboard_report_free(&k.rep);
}

static void csv_skips_blank_lines_and_rows_of_only_commas(void **state)
{
	(void)state;
	struct csv_case k;
	const char *csv = "\n\nemployee_code,name,email\n\n,,\nE/1,A,a@x.in\n\n,,\n";
	read_csv(&k, csv, strlen(csv));
	assert_int_equal(k.rep.total, 0);
	assert_int_equal(k.res.rows, 1);
	assert_int_equal(k.seen.row_no[0], 1);
	org_onboard_report_free(&k.rep);
}

static void csv_reports_wrong_column_count_and_bad_utf8_by_row_and_column(void **state)
{
	(void)state;
	struct csv_case k;
	const char *csv = "employee_code,name,email\nE/1,A\nE/2,B\xff,b@x.in\nE/3,C,c@x.in,extra\nE/4,D,d@x.in\n";
	read_csv(&k, csv, strlen(csv));
	assert_int_equal(k.res.rows, 4);
	assert_true(has_error(&k.rep, 1, NULL, "2 fields; the header has 3"));
	assert_true(has_error(&k.rep, 2, "name", "UTF-8"));
	assert_true(has_error(&k.rep, 3, NULL, "4 fields"));
	assert_int_equal(k.rep.total, 3);
	assert_int_equal(k.seen.rows, 1); /* only the row of the right shape goes on */
	assert_int_equal(k.seen.row_no[0], 4);
	org_onboard_report_free(&k.rep);
}

static void csv_reports_unknown_repeated_and_missing_header_columns(void **state)
{
	(void)state;
	struct csv_case k;
	const char *csv = "employee_code,nmae,employee_code,,mobile\nE/1,x,E/1,,9876543210\n";
	read_csv(&k, csv, strlen(csv));
	assert_true(has_error(&k.rep, 0, "nmae", "not a known column"));
	assert_true(has_error(&k.rep, 0, "employee_code", "twice"));
	assert_true(has_error(&k.rep, 0, NULL, "Header cell 4 is empty"));
	assert_true(has_error(&k.rep, 0, "name", "missing"));
	assert_true(has_error(&k.rep, 0, "email", "missing"));
	assert_int_equal(k.res.rows, 1);
	org_onboard_report_free(&k.rep);
}

static void csv_recognises_what_is_not_csv(void **state)
{
	(void)state;
	static const struct {
		const char *data;
		size_t len;
		const char *says;
	} cases[] = {
		{"", 0, "empty"},
		{"\r\n \n", 4, "empty"},
		{"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "image"},
		{"PK\x03\x04\x14\0\x06\0", 8, "Excel"},
		{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "Excel"},
		{"{\"officials\": []}", 17, "JSON"},
		{"  [1, 2]", 8, "JSON"},
		{"a,b\0c\n", 6, "NUL"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct csv_case k;
		read_csv(&k, cases[i].data, cases[i].len);
		assert_int_equal(k.rc, 0);
		assert_true(k.res.fatal);
		assert_int_equal(k.rep.total, 1);
		assert_non_null(strstr(k.rep.items[0].message, cases[i].says));
		assert_int_equal(k.seen.rows, 0);
		org_onboard_report_free(&k.rep);
	}
}

static void csv_stops_at_a_misplaced_or_unclosed_quote(void **state)
{
	(void)state;
	struct csv_case k;
	const char *bad = "employee_code,name,email\nE/1,A,a@x.in\nE/2,\"B\"x,b@x.in\nE/3,C,c@x.in\n";
	read_csv(&k, bad, strlen(bad));
	assert_true(k.res.fatal);
	assert_true(has_error(&k.rep, 2, NULL, "quote"));
	assert_int_equal(k.seen.rows, 1);
	org_onboard_report_free(&k.rep);

	const char *open = "employee_code,name,email\nE/1,\"never closed,a@x.in\n";
	read_csv(&k, open, strlen(open));
	assert_true(k.res.fatal);
	assert_true(has_error(&k.rep, 1, NULL, "not closed"));
	org_onboard_report_free(&k.rep);
}

static void csv_reports_a_header_without_rows(void **state)
{
	(void)state;
	struct csv_case k;
	const char *csv = "employee_code,name,email\r\n";
	read_csv(&k, csv, strlen(csv));
	assert_false(k.res.fatal);
	assert_int_equal(k.res.rows, 0);
	assert_true(has_error(&k.rep, 0, NULL, "no data rows"));
	org_onboard_report_free(&k.rep);
}

static void csv_read_stops_when_the_callback_says_so(void **state)
{
	(void)state;
	struct csv_case k;
	memset(&k, 0, sizeof k);
	k.seen.stop_after = 2;
	const char *csv = "employee_code,name,email\nE/1,A,a@x.in\nE/2,B,b@x.in\nE/3,C,c@x.in\n";
	org_onboard_report_init(&k.rep);
	assert_int_equal(org_onboard_csv_read(csv, strlen(csv), &k.rep, collect, &k.seen, &k.res), -1);
	assert_int_equal(k.seen.rows, 2);
	org_onboard_report_free(&k.rep);
}

/* --- JSON --- */

static void json_rows_take_the_union_of_fields_and_report_bad_ones(void **state)
{
	(void)state;
	json_t *root = json_loads("{\"officials\": [{\"employee_code\": 42, \"name\": \"A\", \"email\": \"a@x.in\", "
				  "\"pay_level\": 7}, {\"employee_code\": \"E/2\", \"name\": \"B\", \"email\": null, "
				  "\"mobile\": false, \"salary\": 1}, 5]}",
				  0, NULL);
	assert_non_null(root);
	struct csv_case k;
	memset(&k, 0, sizeof k);
	org_onboard_report_init(&k.rep);
	assert_int_equal(org_onboard_json_read(root, &k.rep, collect, &k.seen, &k.res), 0);
	assert_int_equal(k.res.rows, 3);
	assert_true(k.res.present & OB_BIT(OB_PAY_LEVEL));
	assert_true(k.res.present & OB_BIT(OB_MOBILE));
	assert_false(k.res.present & OB_BIT(OB_SERVICE));
	assert_int_equal(k.seen.rows, 1);
	assert_string_equal(k.seen.values[0][OB_EMPLOYEE_CODE], "42");
	assert_string_equal(k.seen.values[0][OB_PAY_LEVEL], "7");
	assert_true(has_error(&k.rep, 2, "mobile", "string"));
	assert_true(has_error(&k.rep, 2, "salary", "not a known field"));
	assert_true(has_error(&k.rep, 3, NULL, "object"));
	org_onboard_report_free(&k.rep);
	json_decref(root);

	root = json_loads("{\"staff\": []}", 0, NULL);
	org_onboard_report_init(&k.rep);
	assert_int_equal(org_onboard_json_read(root, &k.rep, collect, &k.seen, &k.res), 0);
	assert_true(k.res.fatal);
	assert_true(has_error(&k.rep, 0, "officials", NULL));
	org_onboard_report_free(&k.rep);
	json_decref(root);
}

/* --- the rules of one record --- */

static struct ob_record record(uint32_t present)
{
	struct ob_record r;
	memset(&r, 0, sizeof r);
	r.present = present;
	return r;
}

static void set(struct ob_record *r, int col, const char *v)
{
	r->f[col] = (struct ob_field){v, strlen(v)};
	r->present |= OB_BIT(col);
}

static void a_good_record_is_normalised(void **state)
{
	(void)state;
	struct ob_record r = record(0);
	set(&r, OB_EMPLOYEE_CODE, " NR/0001 ");
	set(&r, OB_NAME, "Asha Rani");
	set(&r, OB_NAME_HI, "आशा रानी");
	set(&r, OB_EMAIL, "Asha.Rani@NR.Gov.In");
	set(&r, OB_MOBILE, "+91 98765-43210");
	set(&r, OB_PAY_LEVEL, "6");
	set(&r, OB_DATE_OF_JOINING, "2024-02-29");
	set(&r, OB_LANGUAGE, "hi");
	set(&r, OB_STATUS, "retired");
	set(&r, OB_GROUP, "C");
	set(&r, OB_SERVICE, "");
	struct ob_report rep;
	org_onboard_report_init(&rep);
	struct ob_clean c;
	assert_int_equal(org_onboard_check(&r, 1, &c, &rep), 0);
	assert_int_equal(rep.total, 0);
	assert_string_equal(c.v[OB_EMAIL].s, "asha.rani@nr.gov.in");
	assert_string_equal(c.v[OB_MOBILE].s, "9876543210");
	assert_int_equal(c.v[OB_EMPLOYEE_CODE].n, 7); /* trimmed */
	assert_int_equal(c.pay_level, 6);
	assert_null(c.v[OB_SERVICE].s); /* empty is no value */
	org_onboard_report_free(&rep);
}

static void every_bad_value_gets_its_column(void **state)
{
	(void)state;
	struct ob_record r = record(OB_BIT(OB_STATUS));
	set(&r, OB_EMPLOYEE_CODE, "has space");
	set(&r, OB_NAME, "");
	set(&r, OB_EMAIL, "two@@x.in");
	set(&r, OB_MOBILE, "5876543210");
	set(&r, OB_GROUP, "a");
	set(&r, OB_PAY_LEVEL, "0");
	set(&r, OB_DATE_OF_JOINING, "2023-02-29");
	set(&r, OB_LANGUAGE, "ta");
	set(&r, OB_NAME_HI, "tab\tok but bell\a");
	struct ob_report rep;
	org_onboard_report_init(&rep);
	struct ob_clean c;
	assert_int_equal(org_onboard_check(&r, 7, &c, &rep), 10);
	const char *cols[] = {"employee_code",   "name",     "email",   "mobile", "group", "pay_level",
			      "date_of_joining", "language", "name_hi", "status"};
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		assert_true(has_error(&rep, 7, cols[i], NULL));
	org_onboard_report_free(&rep);
}

static void names_are_counted_in_characters(void **state)
{
	(void)state;
	char name[700];
	size_t n = 0;
	for (int i = 0; i < 200; i++) { /* 200 Devanagari letters: 600 bytes, within the 200-character limit */
		memcpy(name + n, "क", 3);
		n += 3;
	}
	name[n] = '\0';
	struct ob_record r = record(0);
	set(&r, OB_EMPLOYEE_CODE, "E/1");
	set(&r, OB_NAME, name);
	set(&r, OB_EMAIL, "e@x.in");
	struct ob_report rep;
	org_onboard_report_init(&rep);
	struct ob_clean c;
	assert_int_equal(org_onboard_check(&r, 1, &c, &rep), 0);
	memcpy(name + n, "क", 4); /* 201 */
	set(&r, OB_NAME, name);
	assert_int_equal(org_onboard_check(&r, 1, &c, &rep), 1);
	assert_true(has_error(&rep, 1, "name", "200 characters"));
	org_onboard_report_free(&rep);
}

static void single_value_rules(void **state)
{
	(void)state;
	char m[11];
	assert_true(org_onboard_mobile_norm("9876543210", 10, m));
	assert_true(org_onboard_mobile_norm("+919876543210", 13, m));
	assert_string_equal(m, "9876543210");
	assert_false(org_onboard_mobile_norm("98765432", 8, m));
	assert_false(org_onboard_mobile_norm("9876543210\0", 11, m));
	assert_true(org_onboard_email_ok("a@b.in", 6));
	assert_false(org_onboard_email_ok("a@b", 3));
	assert_false(org_onboard_email_ok("a b@c.in", 8));
	assert_true(org_onboard_date_ok("2000-02-29", 10));
	assert_false(org_onboard_date_ok("1900-02-29", 10));
	assert_false(org_onboard_date_ok("2024-13-01", 10));
	assert_true(org_onboard_code_ok("A-1/b_2", 7));
	assert_false(org_onboard_code_ok("", 0));
	assert_false(org_onboard_code_ok("123456789012345678901234567890123", 33));
	assert_int_equal(org_onboard_col_find("Date Of Joining", 15), OB_DATE_OF_JOINING);
	assert_int_equal(org_onboard_col_find("salary", 6), -1);
}

/* --- the report --- */

static void the_report_keeps_the_first_thousand_and_counts_the_rest(void **state)
{
	(void)state;
	struct ob_report rep;
	org_onboard_report_init(&rep);
	for (uint32_t i = 1500; i >= 1; i--)
		org_onboard_report_add(&rep, i, i % 2 ? "email" : NULL, "bad %u", i);
	org_onboard_report_add(&rep, 3, "employee_code", "first column");
	assert_int_equal(rep.n, OB_REPORT_CAP);
	assert_int_equal(rep.total, 1501);
	org_onboard_report_sort(&rep);
	for (size_t i = 1; i < rep.n; i++)
		assert_true(rep.items[i - 1].row <= rep.items[i].row);
	json_t *j = org_onboard_report_json(&rep, 1500);
	assert_int_equal(json_integer_value(json_object_get(j, "rows")), 1500);
	assert_int_equal(json_integer_value(json_object_get(j, "errors_total")), 1501);
	assert_int_equal(json_array_size(json_object_get(j, "errors")), OB_REPORT_CAP);
	json_t *first = json_array_get(json_object_get(j, "errors"), 0);
	assert_true(json_is_null(json_object_get(first, "column")) || json_is_string(json_object_get(first, "column")));
	json_decref(j);
	org_onboard_report_free(&rep);
	org_onboard_report_free(NULL);

	char out[32];
	org_onboard_snippet("नागरिक सेवा", strlen("नागरिक सेवा"), 7, out, sizeof out);
	assert_string_equal(out, "ना..."); /* cut at a character boundary, never inside one */
}

/* --- the map and the fingerprint --- */

static void the_map_grows_and_finds_every_key(void **state)
{
	(void)state;
	struct ob_map m;
	assert_int_equal(org_ob_map_init(&m, 4), 0);
	char key[32];
	bool added;
	for (uint32_t i = 0; i < 20000; i++) {
		int n = snprintf(key, sizeof key, "4:EMP%05u", i);
		uint32_t *v = org_ob_map_put(&m, key, (size_t)n, i, &added);
		assert_non_null(v);
		assert_true(added);
	}
	assert_false(*org_ob_map_put(&m, "4:EMP00007", 10, 99, &added) != 7 || added);
	for (uint32_t i = 0; i < 20000; i += 997) {
		int n = snprintf(key, sizeof key, "4:EMP%05u", i);
		uint32_t *v = org_ob_map_get(&m, key, (size_t)n);
		assert_non_null(v);
		assert_int_equal(*v, i);
	}
	assert_null(org_ob_map_get(&m, "4:EMP0000", 9)); /* a prefix is another key */
	size_t seen = 0;
	const char *k;
	uint32_t v;
	for (size_t i = 0; (i = org_ob_map_next(&m, i, &k, &v));)
		seen++;
	assert_int_equal(seen, 20000);
	org_ob_map_free(&m);
	org_ob_map_free(&m);
}

static void the_fingerprint_changes_with_any_covered_value_only(void **state)
{
	(void)state;
	struct ob_map m;
	assert_int_equal(org_ob_map_init(&m, 4), 0);
	struct buf scratch;
	buf_init(&scratch, 4096);
	struct ob_clean a;
	memset(&a, 0, sizeof a);
	a.v[OB_NAME] = (struct ob_field){"Asha", 4};
	a.v[OB_EMAIL] = (struct ob_field){"a@x.in", 6};
	a.pay_level = 6;
	struct ob_clean b = a;
	uint32_t cols = OB_BIT(OB_NAME) | OB_BIT(OB_EMAIL) | OB_BIT(OB_PAY_LEVEL) | OB_BIT(OB_MOBILE);
	uint64_t fa, fb;
	assert_int_equal(org_onboard_fingerprint(&m, &a, cols, &scratch, &fa), 0);
	assert_int_equal(org_onboard_fingerprint(&m, &b, cols, &scratch, &fb), 0);
	assert_true(fa == fb);
	b.pay_level = 7;
	assert_int_equal(org_onboard_fingerprint(&m, &b, cols, &scratch, &fb), 0);
	assert_true(fa != fb);
	assert_int_equal(org_onboard_fingerprint(&m, &b, cols & ~OB_BIT(OB_PAY_LEVEL), &scratch, &fb), 0);
	assert_int_equal(org_onboard_fingerprint(&m, &a, cols & ~OB_BIT(OB_PAY_LEVEL), &scratch, &fa), 0);
	assert_true(fa == fb); /* a column the file does not have does not count */
	b = a;
	b.v[OB_MOBILE] = (struct ob_field){"", 0}; /* "" and no value differ only in pointer: both are no value */
	b.v[OB_MOBILE].s = NULL;
	assert_int_equal(org_onboard_fingerprint(&m, &b, cols, &scratch, &fb), 0);
	assert_int_equal(org_onboard_fingerprint(&m, &a, cols, &scratch, &fa), 0);
	assert_true(fa == fb);
	b.v[OB_NAME] = (struct ob_field){"Ash", 3};
	b.v[OB_EMAIL] = (struct ob_field){"aa@x.in", 7}; /* same bytes overall, moved across fields */
	assert_int_equal(org_onboard_fingerprint(&m, &b, cols, &scratch, &fb), 0);
	assert_true(fa != fb);
	buf_free(&scratch);
	org_ob_map_free(&m);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_maps_header_names_in_any_order_and_case),
		cmocka_unit_test(csv_accepts_quoted_commas_newlines_and_doubled_quotes),
		cmocka_unit_test(csv_skips_blank_lines_and_rows_of_only_commas),
		cmocka_unit_test(csv_reports_wrong_column_count_and_bad_utf8_by_row_and_column),
		cmocka_unit_test(csv_reports_unknown_repeated_and_missing_header_columns),
		cmocka_unit_test(csv_recognises_what_is_not_csv),
		cmocka_unit_test(csv_stops_at_a_misplaced_or_unclosed_quote),
		cmocka_unit_test(csv_reports_a_header_without_rows),
		cmocka_unit_test(csv_read_stops_when_the_callback_says_so),
		cmocka_unit_test(json_rows_take_the_union_of_fields_and_report_bad_ones),
		cmocka_unit_test(a_good_record_is_normalised),
		cmocka_unit_test(every_bad_value_gets_its_column),
		cmocka_unit_test(names_are_counted_in_characters),
		cmocka_unit_test(single_value_rules),
		cmocka_unit_test(the_report_keeps_the_first_thousand_and_counts_the_rest),
		cmocka_unit_test(the_map_grows_and_finds_every_key),
		cmocka_unit_test(the_fingerprint_changes_with_any_covered_value_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
