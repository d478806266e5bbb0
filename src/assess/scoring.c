/* The scoring rules: what a choice, a multiple choice and a filled blank earn, and an attempt's percent and
 * pass. Pure, so the rules stated in docs/api-assess.md are tested as they are written. */
#include "assess/scoring.h"

#include <string.h>

static const char *const KIND_NAMES[] = {"single", "multiple", "true_false", "fill_blank"};

int assess_kind_parse(const char *s, enum assess_kind *out)
{
	for (size_t i = 0; s && i < sizeof KIND_NAMES / sizeof KIND_NAMES[0]; i++) {
		if (!strcmp(s, KIND_NAMES[i])) {
			*out = (enum assess_kind)i;
			return 0;
		}
	}
	return -1;
}

bool assess_kind_choice(enum assess_kind k)
{
	return k != ASSESS_FILL_BLANK;
}

static bool was_chosen(int64_t id, const int64_t *chosen, size_t nchosen)
{
	for (size_t i = 0; i < nchosen; i++)
		if (chosen[i] == id)
			return true;
	return false;
}

int64_t assess_score_choice(enum assess_kind kind, int64_t points, const struct assess_option *opts, size_t n,
			    const int64_t *chosen, size_t nchosen)
{
	/* Counted per option, so a repeated or foreign id in chosen can neither add nor take away. */
	int64_t right = 0, wrong = 0, correct = 0;
	for (size_t i = 0; i < n; i++) {
		bool picked = was_chosen(opts[i].id, chosen, nchosen);
		correct += opts[i].correct;
		right += picked && opts[i].correct;
		wrong += picked && !opts[i].correct;
	}
	if (correct == 0 || points <= 0)
		return 0;
	if (kind != ASSESS_MULTIPLE)
		return right == 1 && wrong == 0 ? points * 100 : 0;
	int64_t net = right - wrong;
	return net > 0 ? net * points * 100 / correct : 0;
}

int64_t assess_score_fill(int64_t points, const char *answer, const char *const *accepted, size_t n)
{
	if (!answer || !*answer || points <= 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (accepted[i] && !strcmp(answer, accepted[i]))
			return points * 100;
	return 0;
}

void assess_score_total(int64_t score_x100, int64_t max_score, int64_t pass_percent, int64_t *percent, bool *passed)
{
	if (max_score <= 0) {
		*percent = 0;
		*passed = pass_percent <= 0;
		return;
	}
	int64_t p = score_x100 / max_score;
	*percent = p < 0 ? 0 : p > 100 ? 100 : p;
	*passed = score_x100 >= pass_percent * max_score;
}
