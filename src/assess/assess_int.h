/* Private to src/assess: what its files share (the lead owns this file; helpers ask to change it). */
#ifndef KY_ASSESS_INT_H
#define KY_ASSESS_INT_H

#include "assess/assess.h"

#include "core/buf.h"

#include <stdbool.h>

/* --- normalise.c: how fill-in-the-blank answers are compared --- */

/* Writes the normal form of the UTF-8 text in[0..len) to out: Unicode NFC, case folded, leading and trailing
 * white space removed and inner runs of white space made one space. Returns 0, or -1 when the text is not
 * valid UTF-8 or out's cap is reached. */
int assess_normalise(const char *in, size_t len, struct buf *out) ASSESS_WUR;

/* --- attempt.c: one attempt, as every file of the engine sees it --- */

struct assess_attempt {
	int64_t id, content_id, version_id, official_id, number;
	int64_t started_at, deadline_at, submitted_at; /* 0 when none */
	int64_t score_x100, max_score, percent;
	bool submitted, auto_submitted, passed;
};

/* Loads attempt id. Returns 1 found, 0 unknown, or a negative DB_ code. */
int assess_attempt_load(struct db_conn *conn, int64_t id, struct assess_attempt *out) ASSESS_WUR;

/* Scores and submits attempt a at now inside the caller's transaction (automatic: the time limit passed, and
 * the attempt is dated at its deadline): every question's score, the attempt's score, percent and pass; a
 * pass or a counted attempt goes to learn (learn_assessment_done), a passed proficiency assessment to the
 * passport. Updates a. Returns 0, 1 when it was already submitted (nothing changed), or a negative DB_ code. */
int assess_attempt_finish(struct db_conn *conn, struct assess_attempt *a, int64_t now, bool automatic) ASSESS_WUR;

#endif
