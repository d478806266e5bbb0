/* Private to src/frac: the competency input both direct edits and proposals use, and its writers. */
#ifndef KY_FRAC_INT_H
#define KY_FRAC_INT_H

#include "frac/frac.h"

#include <jansson.h>
#include <stdbool.h>

struct comp_level {
	const char *descriptor;
	const char *descriptor_hi;
};

/* What a create, edit or proposal carries. Strings point into the JSON body it was read from. */
struct comp_input {
	const char *code, *area, *name, *name_hi, *description, *description_hi, *status;
	bool has_name_hi, has_description_hi, has_levels;
	struct comp_level levels[5];
};

enum comp_mode { COMP_CREATE, COMP_EDIT };

/* Reads body into in; returns the field errors, NULL when none. */
json_t *frac_read_input(json_t *body, enum comp_mode mode, struct comp_input *in);
/* Creates a competency at version 1. Returns 0 (sets *id) or a DB_ code (DB_CONSTRAINT: code taken). */
int frac_create(struct db_conn *db, const struct comp_input *in, int64_t actor, int64_t *id)
	__attribute__((warn_unused_result));
/* Applies an edit: a new version when text or levels change, a status change in place.
 * Returns 0, 1 when the competency does not exist, or a DB_ code. */
int frac_apply_edit(struct db_conn *db, int64_t id, const struct comp_input *in, int64_t actor)
	__attribute__((warn_unused_result));
/* COMPETENCY as the API shows it at a version (0: the current one). NULL when unknown or on error
 * (*db_error tells which). */
json_t *frac_competency_json(struct db_conn *db, int64_t id, int64_t version, bool *db_error);

#endif
