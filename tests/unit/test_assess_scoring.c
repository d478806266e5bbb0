/* Unit tests for the scoring rules of attempts (src/assess/scoring.c), as docs/api-assess.md states them:
 * single choice and true/false all or nothing, multiple choice with partial credit that wrong choices take
 * away (never below zero), fill in the blank on normalised text, and an attempt's percent and pass mark. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "assess/scoring.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Options 11..14; 12 is the correct one of a single-choice question. */
static const struct assess_option SINGLE[] = {{11, false}, {12, true}, {13, false}, {14, false}};
/* Options 21..25; 21, 23 and 24 are correct. */
static const struct assess_option MULTI[] = {{21, true}, {22, false}, {23, true}, {24, true}, {25, false}};

static void single_right_option_earns_full_points(void **state)
{
	const int64_t chosen[] = {12};
	assert_int_equal(assess_score_choice(ASSESS_SINGLE, 3, SINGLE, N(SINGLE), chosen, 1), 300);
}

static void single_wrong_or_no_option_earns_nothing(void **state)
{
	const int64_t wrong[] = {13};
	assert_int_equal(assess_score_choice(ASSESS_SINGLE, 3, SINGLE, N(SINGLE), wrong, 1), 0);
	assert_int_equal(assess_score_choice(ASSESS_SINGLE, 3, SINGLE, N(SINGLE), NULL, 0), 0);
}

/* Choosing every option of a single-choice question must not collect the right one's points. */
static void single_with_two_options_chosen_earns_nothing(void **state)
{
	const int64_t both[] = {12, 13};
	assert_int_equal(assess_score_choice(ASSESS_SINGLE, 1, SINGLE, N(SINGLE), both, 2), 0);
	const int64_t all[] = {11, 12, 13, 14};
	assert_int_equal(assess_score_choice(ASSESS_SINGLE, 1, SINGLE, N(SINGLE), all, 4), 0);
}

static void single_repeated_id_counts_once(void **state)
{
	const int64_t twice[] = {12, 12};
	assert_int_equal(assess_score_choice(ASSESS_SINGLE, 1, SINGLE, N(SINGLE), twice, 2), 100);
}

static void true_false_is_all_or_nothing(void **state)
{
	const struct assess_option tf[] = {{1, false}, {2, true}};
	const int64_t t[] = {2}, f[] = {1}, both[] = {1, 2};
	assert_int_equal(assess_score_choice(ASSESS_TRUE_FALSE, 2, tf, 2, t, 1), 200);
	assert_int_equal(assess_score_choice(ASSESS_TRUE_FALSE, 2, tf, 2, f, 1), 0);
	assert_int_equal(assess_score_choice(ASSESS_TRUE_FALSE, 2, tf, 2, both, 2), 0);
}

static void multiple_all_correct_and_no_wrong_is_full(void **state)
{
	const int64_t chosen[] = {24, 21, 23};
	assert_int_equal(assess_score_choice(ASSESS_MULTIPLE, 2, MULTI, N(MULTI), chosen, N(chosen)), 200);
}

/* Two of three correct, none wrong: 2/3 of 1 point = 0.66 (rounded down to the hundredth). */
static void multiple_partial_credit_rounds_down(void **state)
{
	const int64_t chosen[] = {21, 23};
	assert_int_equal(assess_score_choice(ASSESS_MULTIPLE, 1, MULTI, N(MULTI), chosen, N(chosen)), 66);
	/* Worth 3 points: 2/3 x 3 = 2.00 exactly. */
	assert_int_equal(assess_score_choice(ASSESS_MULTIPLE, 3, MULTI, N(MULTI), chosen, N(chosen)), 200);
}

/* Three right and one wrong: (3 - 1) / 3 x 3 points = 2 points. */
static void multiple_wrong_choice_takes_away(void **state)
{
	const int64_t chosen[] = {21, 22, 23, 24};
	assert_int_equal(assess_score_choice(ASSESS_MULTIPLE, 3, MULTI, N(MULTI), chosen, N(chosen)), 200);
}

/* Choosing everything: 3 right - 2 wrong = 1 of 3. */
static void multiple_choosing_everything_is_not_full(void **state)
{
	const int64_t chosen[] = {21, 22, 23, 24, 25};
	assert_int_equal(assess_score_choice(ASSESS_MULTIPLE, 3, MULTI, N(MULTI), chosen, N(chosen)), 100);
}

static void multiple_never_goes_below_zero(void **state)
{
	const int64_t chosen[] = {21, 22, 25};
	assert_int_equal(assess_score_choice(ASSESS_MULTIPLE, 5, MULTI, N(MULTI), chosen, N(chosen)), 0);
	const int64_t wrong_only[] = {22};
	assert_int_equal(assess_score_choice(ASSESS_MULTIPLE, 5, MULTI, N(MULTI), wrong_only, 1), 0);
	assert_int_equal(assess_score_choice(ASSESS_MULTIPLE, 5, MULTI, N(MULTI), NULL, 0), 0);
}

static void foreign_option_ids_count_for_nothing(void **state)
{
	const int64_t chosen[] = {21, 999, 23, 24};
	assert_int_equal(assess_score_choice(ASSESS_MULTIPLE, 1, MULTI, N(MULTI), chosen, N(chosen)), 100);
	const int64_t foreign[] = {999};
	assert_int_equal(assess_score_choice(ASSESS_SINGLE, 1, SINGLE, N(SINGLE), foreign, 1), 0);
}

static void fill_blank_matches_any_accepted_normal_form(void **state)
{
	const char *const accepted[] = {"lok sabha", "लोक सभा"};
	assert_int_equal(assess_score_fill(4, "lok sabha", accepted, 2), 400);
	assert_int_equal(assess_score_fill(4, "लोक सभा", accepted, 2), 400);
	assert_int_equal(assess_score_fill(4, "rajya sabha", accepted, 2), 0);
	assert_int_equal(assess_score_fill(4, "lok sabh", accepted, 2), 0);
}

static void fill_blank_unanswered_or_empty_earns_nothing(void **state)
{
	const char *const accepted[] = {"x"};
	assert_int_equal(assess_score_fill(1, NULL, accepted, 1), 0);
	assert_int_equal(assess_score_fill(1, "", accepted, 1), 0);
}

static void kinds_parse_by_name(void **state)
{
	enum assess_kind k;
	assert_int_equal(assess_kind_parse("multiple", &k), 0);
	assert_int_equal(k, ASSESS_MULTIPLE);
	assert_int_equal(assess_kind_parse("fill_blank", &k), 0);
	assert_false(assess_kind_choice(k));
	assert_int_equal(assess_kind_parse("essay", &k), -1);
	assert_int_equal(assess_kind_parse(NULL, &k), -1);
}

/* 6.66 of 10 points is 66 % (rounded down), which fails a 67 % pass mark and passes at 66 %. */
static void percent_rounds_down_and_pass_mark_reached_passes(void **state)
{
	int64_t percent;
	bool passed;
	assess_score_total(666, 10, 67, &percent, &passed);
	assert_int_equal(percent, 66);
	assert_false(passed);
	assess_score_total(666, 10, 66, &percent, &passed);
	assert_true(passed);
	/* Exactly 6 of 10 at 60 %: the pass mark reached is a pass. */
	assess_score_total(600, 10, 60, &percent, &passed);
	assert_int_equal(percent, 60);
	assert_true(passed);
	/* 5.99 of 10 at 60 %: 59 %, a fail. */
	assess_score_total(599, 10, 60, &percent, &passed);
	assert_int_equal(percent, 59);
	assert_false(passed);
}

/* The pass compares the exact score, not the rounded percent: 59.99 % is 59 and fails at 60. */
static void pass_uses_exact_score_not_rounded_percent(void **state)
{
	int64_t percent;
	bool passed;
	assess_score_total(17997, 300, 60, &percent, &passed); /* 179.97 of 300 = 59.99 % */
	assert_int_equal(percent, 59);
	assert_false(passed);
	assess_score_total(18000, 300, 60, &percent, &passed);
	assert_int_equal(percent, 60);
	assert_true(passed);
}

static void full_and_zero_scores(void **state)
{
	int64_t percent;
	bool passed;
	assess_score_total(2000, 20, 100, &percent, &passed);
	assert_int_equal(percent, 100);
	assert_true(passed);
	assess_score_total(0, 20, 0, &percent, &passed);
	assert_int_equal(percent, 0);
	assert_true(passed);
	assess_score_total(0, 20, 1, &percent, &passed);
	assert_false(passed);
	assess_score_total(0, 0, 50, &percent, &passed);
	assert_int_equal(percent, 0);
	assert_false(passed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(single_right_option_earns_full_points),
		cmocka_unit_test(single_wrong_or_no_option_earns_nothing),
		cmocka_unit_test(single_with_two_options_chosen_earns_nothing),
		cmocka_unit_test(single_repeated_id_counts_once),
		cmocka_unit_test(true_false_is_all_or_nothing),
		cmocka_unit_test(multiple_all_correct_and_no_wrong_is_full),
		cmocka_unit_test(multiple_partial_credit_rounds_down),
		cmocka_unit_test(multiple_wrong_choice_takes_away),
		cmocka_unit_test(multiple_choosing_everything_is_not_full),
		cmocka_unit_test(multiple_never_goes_below_zero),
		cmocka_unit_test(foreign_option_ids_count_for_nothing),
		cmocka_unit_test(fill_blank_matches_any_accepted_normal_form),
		cmocka_unit_test(fill_blank_unanswered_or_empty_earns_nothing),
		cmocka_unit_test(kinds_parse_by_name),
		cmocka_unit_test(percent_rounds_down_and_pass_mark_reached_passes),
		cmocka_unit_test(pass_uses_exact_score_not_rounded_percent),
		cmocka_unit_test(full_and_zero_scores),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
