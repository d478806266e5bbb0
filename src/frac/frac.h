/* Module frac: the competency framework (FRAC). This part: the competency dictionary (behavioural,
 * functional and domain competencies, each with five proficiency levels, in English and Hindi), its
 * versions, and the governance queue where MDOs propose and SPV admins publish. */
#ifndef KY_FRAC_FRAC_H
#define KY_FRAC_FRAC_H

#include "db/db.h"
#include "http/http.h"

/* Loads the demo framework (inside the caller's transaction on conn). Returns 0 or a negative DB_ code. */
int frac_demo_seed(struct db_conn *conn) __attribute__((warn_unused_result));

extern const struct http_route frac_dictionary_routes[];  /* dictionary.c: /competencies */
extern const struct http_route frac_governance_routes[];  /* governance.c: /competency-proposals */

#endif
