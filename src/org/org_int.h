/* Private to src/org: helpers shared by the files of the module. */
#ifndef KY_ORG_INT_H
#define KY_ORG_INT_H

#include "org/org.h"

/* JSON helpers for columns that may be NULL. */
json_t *org_json_text(const char *s);
json_t *org_json_time(int64_t epoch_ms);

/* The role grants of an official: [{grant_id, role, org_id, org_code, org_name, org_name_hi}]. NULL on error. */
json_t *org_roles_json(struct db_conn *conn, int64_t official_id);

#endif
