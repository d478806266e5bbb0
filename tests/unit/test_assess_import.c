/* Unit tests for the pure parts of question-bank import: the rules of QUESTION_IN, the CSV reader turning rows
 * into QUESTION_IN objects, and how a rule's field is named as the CSV column a person sees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "assess/banks_int.h"

static struct assess_import fresh(void)
{
	return (struct assess_import){.rows = json_array(), .errors = json_array(), .competencies = json_object()};
}

static void done(struct assess_import *im)
{
	json_decref(im->rows);
	json_decref(im->errors);
	json_decref(im->competencies);
}

/* The message of the first error on (row, column), or NULL. */
static const char *error_at(const struct assess_import *im, size_t row, const char *column)
{
	size_t i;
	json_t *e;
	json_array_foreach(im->errors, i, e)
	{
		const char *c = json_string_value(json_object_get(e, "column"));
		if ((size_t)json_integer_value(json_object_get(e, "row")) == row &&
		    ((!c && !column) || (c && column && !strcmp(c, column))))
			return json_string_value(json_object_get(e, "message"));
	}
	return NULL;
}

static void csv_rows_become_questions(void **state)
{
	(void)state;
	struct assess_import im = fresh();
	const char *csv = "\xEF\xBB\xBFKind,Text,Option 1,option_2,option_3,correct,answers,points\r\n"
			  "multiple,\"Exempt, under Section 8?\",Cabinet,'-5,Foreign,1;3,,2\r\n"
			  ",,,,,,,\r\n"
			  "fill_blank,Lower house?,,,,,Lok Sabha| लोक सभा |,\r\n"
			  "true_false,Sky is blue,,,,TRUE,,\r\n";
	assert_int_equal(assess_import_csv(&im, csv, strlen(csv)), 0);
	assert_int_equal(im.errors_total, 0);
	assert_int_equal(json_array_size(im.rows), 3); /* the blank line is no row */
	json_t *m = json_array_get(im.rows, 0);
	assert_string_equal(json_string_value(json_object_get(m, "text")), "Exempt, under Section 8?");
	json_t *opts = json_object_get(m, "options");
	assert_int_equal(json_array_size(opts), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(opts, 1), "text")), "-5");
	assert_true(json_is_true(json_object_get(json_array_get(opts, 0), "correct")));
	assert_true(json_is_false(json_object_get(json_array_get(opts, 1), "correct")));
	assert_true(json_is_true(json_object_get(json_array_get(opts, 2), "correct")));
	assert_int_equal(json_integer_value(json_object_get(m, "points")), 2);
	json_t *answers = json_object_get(json_array_get(im.rows, 1), "answers");
	assert_int_equal(json_array_size(answers), 2);
	assert_string_equal(json_string_value(json_array_get(answers, 1)), "लोक सभा");
	assert_true(json_is_true(json_object_get(json_array_get(im.rows, 2), "correct")));
	struct assess_question_in q;
	json_t *errors = assess_question_read(m, &q);
	assert_null(errors);
	assert_int_equal(q.noptions, 3);
	done(&im);
}

static void csv_file_problems_are_reported(void **state)
{
	(void)state;
	struct assess_import im = fresh();
	assert_int_equal(assess_import_csv(&im, "", 0), 0);
	assert_non_null(strstr(error_at(&im, 0, NULL), "empty"));
	done(&im);

	im = fresh();
	const char *header_only = "kind,text\r\n";
	assert_int_equal(assess_import_csv(&im, header_only, strlen(header_only)), 0);
	assert_non_null(strstr(error_at(&im, 0, NULL), "no questions"));
	done(&im);

	im = fresh();
	const char *latin1 = "kind,text,correct,option_1,option_2\nsingle,Caf\xE9?,4,Yes,No\nsingle,ok,1\n";
	assert_int_equal(assess_import_csv(&im, latin1, strlen(latin1)), 0);
	assert_non_null(strstr(error_at(&im, 1, "text"), "not valid UTF-8"));
	assert_string_equal(error_at(&im, 1, "correct"), "4 is not the number of an option here (1 to 2)");
	assert_non_null(strstr(error_at(&im, 2, NULL), "The row has 3 fields; the header has 5"));
	done(&im);

	im = fresh();
	const char *cols = "kind,question,kind\nsingle,x,y\n";
	assert_int_equal(assess_import_csv(&im, cols, strlen(cols)), 0);
	assert_non_null(strstr(error_at(&im, 0, NULL), "question is not a known column"));
	assert_non_null(strstr(error_at(&im, 0, "kind"), "twice"));
	assert_non_null(strstr(error_at(&im, 0, "text"), "required column"));
	done(&im);
}

static void rule_fields_name_csv_columns(void **state)
{
	(void)state;
	char column[48], message[300];
	assess_import_csv_column("options", "a single-choice question needs exactly one correct option (2 are marked)",
				 column, sizeof column, message, sizeof message);
	assert_string_equal(column, "correct");
	assess_import_csv_column("options", "must be a list of 2 to 10 options for a single-choice question", column,
				 sizeof column, message, sizeof message);
	assert_string_equal(column, "options");
	assess_import_csv_column("options[2].text", "is the same as options[0] (options must differ)", column,
				 sizeof column, message, sizeof message);
	assert_string_equal(column, "option_3");
	assert_string_equal(message, "is the same as option_1 (options must differ)");
	assess_import_csv_column("options[9].text_hi", "must be at most 500 characters", column, sizeof column, message,
				 sizeof message);
	assert_string_equal(column, "option_10_hi");
	assess_import_csv_column("answers[1]", "is the same as answers[0] once case and spaces are ignored", column,
				 sizeof column, message, sizeof message);
	assert_string_equal(column, "answers");
	assert_string_equal(message, "answer 2 is the same as answer 1 once case and spaces are ignored");
	assess_import_csv_column("competency_id", "no competency has this id", column, sizeof column, message,
				 sizeof message);
	assert_string_equal(column, "competency_code");
	assess_import_csv_column("level", "needs a competency_id: it is a proficiency level", column, sizeof column,
				 message, sizeof message);
	assert_non_null(strstr(message, "needs a competency_code"));
}

static const char *field_message(json_t *errors, const char *field)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		if (!strcmp(json_string_value(json_object_get(e, "field")), field))
			return json_string_value(json_object_get(e, "message"));
	}
	return NULL;
}

static void question_rules_and_canonical_form(void **state)
{
	(void)state;
	struct assess_question_in q;
	json_t *two = json_loads("{\"kind\":\"single\",\"text\":\"t\",\"options\":[{\"text\":\"a\",\"correct\":true},"
				 "{\"text\":\"b\",\"correct\":true}]}",
				 0, NULL);
	json_t *errors = assess_question_read(two, &q);
	assert_string_equal(field_message(errors, "options"),
			    "a single-choice question needs exactly one correct option (2 are marked)");
	json_decref(errors);
	json_decref(two);

	json_t *tf = json_loads("{\"kind\":\"true_false\",\"text\":\"t\",\"correct\":false,\"points\":3}", 0, NULL);
	assert_null(assess_question_read(tf, &q));
	assert_int_equal(q.noptions, 2);
	assert_string_equal(q.options[0].text_hi, "सही");
	assert_false(q.options[0].correct);
	assert_true(q.options[1].correct);
	/* the stored form of the same question compares equal; another point value does not */
	json_t *stored = json_loads("{\"id\":9,\"kind\":\"true_false\",\"status\":\"active\",\"text\":\"t\",\"text_"
				    "hi\":null,\"explanation\":null,"
				    "\"explanation_hi\":null,\"competency\":null,\"level\":null,\"points\":3,"
				    "\"correct\":false,\"answers\":[],"
				    "\"options\":[{\"id\":1,\"seq\":1,\"text\":\"True\",\"text_hi\":\"सही\","
				    "\"correct\":false},{\"id\":2,\"seq\":2,"
				    "\"text\":\"False\",\"text_hi\":\"गलत\",\"correct\":true}]}",
				    0, NULL);
	json_t *a = assess_question_canonical(&q), *b = assess_question_canonical_of(stored);
	assert_true(json_equal(a, b));
	json_object_set_new(stored, "points", json_integer(4));
	json_decref(b);
	b = assess_question_canonical_of(stored);
	assert_false(json_equal(a, b));
	json_decref(a);
	json_decref(b);
	json_decref(stored);
	json_decref(tf);

	json_t *blank = json_loads(
		"{\"kind\":\"fill_blank\",\"text\":\"t\",\"answers\":[\"Lok Sabha\",\" lok  SABHA\",\"a|b\"]}", 0,
		NULL);
	errors = assess_question_read(blank, &q);
	assert_non_null(strstr(field_message(errors, "answers[1]"), "same as answers[0]"));
	assert_non_null(strstr(field_message(errors, "answers[2]"), "must not contain |"));
	json_decref(errors);
	json_decref(blank);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_rows_become_questions),
		cmocka_unit_test(csv_file_problems_are_reported),
		cmocka_unit_test(rule_fields_name_csv_columns),
		cmocka_unit_test(question_rules_and_canonical_form),
	};
	return cmocka_run_group_tests_name("assess_import", tests, NULL, NULL);
}
