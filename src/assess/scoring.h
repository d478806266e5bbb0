/* The scoring rules of attempts (scoring.c): pure functions, no database, so the rules are unit-tested on
 * their own (tests/unit/test_assess_scoring.c). Scores are hundredths of a point (score_x100). Private to
 * src/assess: the attempt engine (attempt.c, review.c) uses them. */
#ifndef KY_ASSESS_SCORING_H
#define KY_ASSESS_SCORING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum assess_kind { ASSESS_SINGLE, ASSESS_MULTIPLE, ASSESS_TRUE_FALSE, ASSESS_FILL_BLANK };

/* The kind named s ("single", "multiple", "true_false", "fill_blank"): 0 and sets *out, or -1. */
int assess_kind_parse(const char *s, enum assess_kind *out) __attribute__((warn_unused_result));
/* True for the kinds answered by choosing options (all but fill_blank). */
bool assess_kind_choice(enum assess_kind k);

/* An option of a choice question, as scoring sees it. */
struct assess_option {
	int64_t id;
	bool correct;
};

/* score_x100 of a choice question worth points, whose options are opts[0..n), when the learner chose the ids
 * chosen[0..nchosen) (ids that are not options of the question count for nothing; a repeat counts once).
 * single and true_false: full points when exactly one option is chosen and it is the correct one, else 0.
 * multiple (partial credit): max(0, right chosen - wrong chosen) / correct options x points, rounded down to
 * the hundredth; every correct option and no wrong one is full points. */
int64_t assess_score_choice(enum assess_kind kind, int64_t points, const struct assess_option *opts, size_t n,
			    const int64_t *chosen, size_t nchosen);

/* score_x100 of a fill-in-the-blank question worth points: full points when answer (already normalised with
 * assess_normalise; NULL when unanswered) equals one of the normalised accepted answers accepted[0..n), else 0. */
int64_t assess_score_fill(int64_t points, const char *answer, const char *const *accepted, size_t n);

/* An attempt's percent (score_x100 / max_score, rounded down, 0..100) and pass (score_x100 >= pass_percent x
 * max_score: the pass mark reached exactly passes). max_score 0 gives 0 percent, passed only at pass_percent 0. */
void assess_score_total(int64_t score_x100, int64_t max_score, int64_t pass_percent, int64_t *percent, bool *passed);

#endif
