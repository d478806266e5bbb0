/* Private to the assess demo (demo.c, demo_bank.c): the demo bank as written, for the demo attempt. */
#ifndef KY_ASSESS_DEMO_INT_H
#define KY_ASSESS_DEMO_INT_H

#include "assess/assess.h"

#include <stdbool.h>

#define ASSESS_DEMO_QUESTIONS 24
#define ASSESS_DEMO_OPTIONS 5
#define ASSESS_DEMO_PRACTICE 5

/* The ids of what demo_bank.c wrote, by the question's place in its table. */
struct assess_demo_bank {
	int64_t bank_id;
	int64_t question[ASSESS_DEMO_QUESTIONS];
	int64_t option[ASSESS_DEMO_QUESTIONS][ASSESS_DEMO_OPTIONS]; /* in seq order; 0 past the last */
};

/* One answer of the demo learner's practice attempt: the question's place, the options chosen (a bit per
 * option's place) or the text typed, and whether it was right. */
struct assess_demo_answer {
	size_t question;
	unsigned chosen;
	const char *text;
	bool right;
};
extern const struct assess_demo_answer assess_demo_practice[ASSESS_DEMO_PRACTICE];

/* Writes the bank DEMO-BANK-RTI of provider_id with its questions, options and accepted answers, by author,
 * at now, inside the caller's transaction. Fills out. Returns 0 or a negative DB_ code. */
int assess_demo_bank_write(struct db_conn *conn, int64_t provider_id, int64_t author, int64_t now,
			   struct assess_demo_bank *out) ASSESS_WUR;

#endif
