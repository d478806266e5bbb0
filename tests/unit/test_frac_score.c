/* Unit tests for the fit score that ranks candidates for a post and the posts a person fits: hand-made
 * requirement sets with known answers, the ranking order with its tie-breakers, and the bounded top-N that
 * keeps the best while many stream past. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "frac/frac_int.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct frac_fit fit_of(const struct frac_need *needs, size_t n)
{
	struct frac_fit f = {-1, -1, -1, -1};
	frac_fit_score(needs, n, &f);
	return f;
}

static void all_met_scores_100(void **state)
{
	const struct frac_need needs[] = {{1, 3, 3}, {2, 2, 2}, {7, 5, 5}};
	struct frac_fit f = fit_of(needs, N(needs));
	assert_int_equal(f.score, 100);
	assert_int_equal(f.met, 3);
	assert_int_equal(f.missing, 0);
	assert_int_equal(f.shortfall, 0);
}

static void nothing_verified_scores_0(void **state)
{
	const struct frac_need needs[] = {{1, 3, 0}, {2, 2, 0}};
	struct frac_fit f = fit_of(needs, N(needs));
	assert_int_equal(f.score, 0);
	assert_int_equal(f.met, 0);
	assert_int_equal(f.missing, 2);
	assert_int_equal(f.shortfall, 5);
}

/* Required 3 and 2, verified 1 and 2: round(100 * (1 + 2) / (3 + 2)) = 60. */
static void partial_levels_count_what_is_verified(void **state)
{
	const struct frac_need needs[] = {{1, 3, 1}, {2, 2, 2}};
	struct frac_fit f = fit_of(needs, N(needs));
	assert_int_equal(f.score, 60);
	assert_int_equal(f.met, 1);
	assert_int_equal(f.missing, 0);
	assert_int_equal(f.shortfall, 2);
}

/* Required 4 and 2, verified 5 and 0: the extra level on the first cannot pay for the second.
 * Credited min(5,4) + 0 = 4 of 6: round(66.67) = 67, not 5/6 = 83. */
static void over_qualified_is_capped_at_required(void **state)
{
	const struct frac_need needs[] = {{1, 4, 5}, {2, 2, 0}};
	struct frac_fit f = fit_of(needs, N(needs));
	assert_int_equal(f.score, 67);
	assert_int_equal(f.met, 1);
	assert_int_equal(f.missing, 1);
	assert_int_equal(f.shortfall, 2);

	const struct frac_need over[] = {{1, 2, 5}, {2, 1, 4}};
	f = fit_of(over, N(over));
	assert_int_equal(f.score, 100);
	assert_int_equal(f.shortfall, 0);
}

static void no_requirements_score_0(void **state)
{
	struct frac_fit f = fit_of(NULL, 0);
	assert_int_equal(f.score, 0);
	assert_int_equal(f.met, 0);
	assert_int_equal(f.missing, 0);
	assert_int_equal(f.shortfall, 0);
}

/* Rounding is to the nearest whole point, halves up: 1 of 8 is 12.5 → 13; 1 of 3 is 33.3 → 33;
 * 2 of 3 is 66.7 → 67; 199 of 200 is 99.5 → 100. */
static void score_rounds_to_nearest(void **state)
{
	const struct frac_need eighth[] = {{1, 4, 1}, {2, 4, 0}};
	assert_int_equal(fit_of(eighth, N(eighth)).score, 13);
	const struct frac_need third[] = {{1, 3, 1}};
	assert_int_equal(fit_of(third, N(third)).score, 33);
	const struct frac_need two_thirds[] = {{1, 3, 2}};
	assert_int_equal(fit_of(two_thirds, N(two_thirds)).score, 67);
	const struct frac_need almost[] = {{1, 5, 5}, {2, 5, 5}, {3, 5, 5}, {4, 5, 5}, {5, 5, 5},
					   {6, 5, 5}, {7, 5, 5}, {8, 5, 5}, {9, 5, 5}, {10, 5, 5},
					   {11, 5, 5}, {12, 5, 5}, {13, 5, 5}, {14, 5, 5}, {15, 5, 5},
					   {16, 5, 5}, {17, 5, 5}, {18, 5, 5}, {19, 5, 5}, {20, 5, 5},
					   {21, 5, 5}, {22, 5, 5}, {23, 5, 5}, {24, 5, 5}, {25, 5, 5},
					   {26, 5, 5}, {27, 5, 5}, {28, 5, 5}, {29, 5, 5}, {30, 5, 5},
					   {31, 5, 5}, {32, 5, 5}, {33, 5, 5}, {34, 5, 5}, {35, 5, 5},
					   {36, 5, 5}, {37, 5, 5}, {38, 5, 5}, {39, 5, 5}, {40, 5, 4}};
	/* 199 of 200 is 99.5 → 100 by the rule, though one need is not met: met says so. */
	struct frac_fit f = fit_of(almost, N(almost));
	assert_int_equal(f.score, 100);
	assert_int_equal(f.met, 39);
	assert_int_equal(f.shortfall, 1);
}

/* --- ranking --- */

struct person {
	const char *name;
	struct frac_fit fit;
};

static int by_rank(const void *a, const void *b)
{
	const struct person *x = a, *y = b;
	return frac_fit_cmp(&x->fit, &y->fit);
}

static void higher_score_ranks_first(void **state)
{
	struct frac_fit hi = {80, 0, 1, 3}, lo = {79, 5, 0, 0};
	assert_true(frac_fit_cmp(&hi, &lo) < 0);
	assert_true(frac_fit_cmp(&lo, &hi) > 0);
}

/* Equal scores are ordered by needs met, then by the smaller shortfall; fully equal fits compare 0. */
static void ties_broken_by_met_then_shortfall(void **state)
{
	/* Requirements 3, 2: verified (1, 2) → 60, met 1, shortfall 2; verified (2, 1) → 60, met 0, shortfall 2. */
	const struct frac_need a_needs[] = {{1, 3, 1}, {2, 2, 2}};
	const struct frac_need b_needs[] = {{1, 3, 2}, {2, 2, 1}};
	struct frac_fit a = fit_of(a_needs, N(a_needs)), b = fit_of(b_needs, N(b_needs));
	assert_int_equal(a.score, 60);
	assert_int_equal(b.score, 60);
	assert_int_equal(a.met, 1);
	assert_int_equal(b.met, 0);
	assert_true(frac_fit_cmp(&a, &b) < 0);

	/* Same score and met, different shortfall: the smaller shortfall first. */
	struct frac_fit c = {50, 1, 0, 2}, d = {50, 1, 1, 4};
	assert_true(frac_fit_cmp(&c, &d) < 0);
	assert_true(frac_fit_cmp(&d, &c) > 0);

	/* Equal in all three: 0, so the caller's name and id decide. */
	struct frac_fit e = {50, 1, 1, 4};
	assert_int_equal(frac_fit_cmp(&d, &e), 0);
	assert_int_equal(frac_fit_cmp(&e, &d), 0);
}

static void sorting_a_list_follows_the_rule(void **state)
{
	struct person people[] = {
		{"none", {0, 0, 2, 5}},  {"partial-met0", {60, 0, 0, 2}}, {"all", {100, 2, 0, 0}},
		{"partial-met1", {60, 1, 0, 2}}, {"partial-short3", {60, 1, 0, 3}},
	};
	qsort(people, N(people), sizeof people[0], by_rank);
	const char *want[] = {"all", "partial-met1", "partial-short3", "partial-met0", "none"};
	for (size_t i = 0; i < N(want); i++)
		assert_string_equal(people[i].name, want[i]);
}

/* --- the bounded top-N (match_rank.c) --- */

static int ranked_qsort(const void *a, const void *b)
{
	return frac_ranked_cmp(a, b);
}

/* Offering many in a scrambled order keeps exactly the best cap, in the order a full sort gives. */
static void top_keeps_the_best_in_order(void **state)
{
	enum { MANY = 2000, CAP = 25 };
	static struct frac_ranked all[MANY], kept[CAP];
	static char names[MANY][8];
	for (int i = 0; i < MANY; i++) {
		unsigned h = (unsigned)i * 2654435761u;
		/* few distinct scores, so ties on score, met and name all happen */
		snprintf(names[i], sizeof names[i], "n%02u", (h >> 8) % 50);
		all[i] = (struct frac_ranked){{(int)(h % 7) * 10, (int)(h >> 4) % 3, 0, (int)(h >> 12) % 4}, names[i],
					      (int64_t)(h % 100000) + 1, (size_t)i};
	}
	struct frac_top top;
	frac_top_init(&top, kept, CAP);
	for (int i = 0; i < MANY; i++)
		frac_top_offer(&top, &all[i]);
	frac_top_sort(&top);
	qsort(all, MANY, sizeof all[0], ranked_qsort);
	assert_int_equal(top.n, CAP);
	for (int i = 0; i < CAP; i++) {
		assert_int_equal(top.items[i].id, all[i].id);
		assert_int_equal(top.items[i].fit.score, all[i].fit.score);
	}
}

/* Equal fits go by name (byte order), then id. */
static void ties_go_by_name_then_id(void **state)
{
	struct frac_ranked a = {{60, 1, 0, 2}, "Gita Menon", 7, 0}, b = {{60, 1, 0, 2}, "Chetan Das", 9, 1},
			   c = {{60, 1, 0, 2}, "Chetan Das", 3, 2}, d = {{61, 0, 3, 9}, "Zubin", 99, 3};
	struct frac_ranked kept[3];
	struct frac_top top;
	frac_top_init(&top, kept, 3);
	frac_top_offer(&top, &a);
	frac_top_offer(&top, &b);
	frac_top_offer(&top, &c);
	frac_top_offer(&top, &d); /* the best: pushes out the worst (Gita) */
	frac_top_sort(&top);
	assert_int_equal(top.n, 3);
	assert_int_equal(top.items[0].id, 99);
	assert_int_equal(top.items[1].id, 3);
	assert_int_equal(top.items[2].id, 9);
}

static void fewer_than_cap_keeps_all(void **state)
{
	struct frac_ranked kept[10], x = {{10, 0, 1, 4}, "x", 1, 0}, y = {{90, 1, 0, 1}, "y", 2, 1};
	struct frac_top top;
	frac_top_init(&top, kept, 10);
	frac_top_offer(&top, &x);
	frac_top_offer(&top, &y);
	frac_top_sort(&top);
	assert_int_equal(top.n, 2);
	assert_int_equal(top.items[0].id, 2);
	assert_int_equal(top.items[1].id, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(all_met_scores_100),
		cmocka_unit_test(nothing_verified_scores_0),
		cmocka_unit_test(partial_levels_count_what_is_verified),
		cmocka_unit_test(over_qualified_is_capped_at_required),
		cmocka_unit_test(no_requirements_score_0),
		cmocka_unit_test(score_rounds_to_nearest),
		cmocka_unit_test(higher_score_ranks_first),
		cmocka_unit_test(ties_broken_by_met_then_shortfall),
		cmocka_unit_test(sorting_a_list_follows_the_rule),
		cmocka_unit_test(top_keeps_the_best_in_order),
		cmocka_unit_test(ties_go_by_name_then_id),
		cmocka_unit_test(fewer_than_cap_keeps_all),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
