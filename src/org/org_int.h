/* Private to src/org: helpers shared by the files of the module. */
#ifndef KY_ORG_INT_H
#define KY_ORG_INT_H

#include "org/org.h"

/* JSON helpers for columns that may be NULL. */
json_t *org_json_text(const char *s);
json_t *org_json_time(int64_t epoch_ms);

/* Reads an optional string member: absent leaves *out untouched and returns 0; present and a string of
 * 0..max characters sets *out (NULL for JSON null or "" when nullable); anything else records a field
 * error and returns -1. */
int org_take_string(json_t *body, const char *field, size_t max, bool nullable, const char **out, json_t **errors);

/* The role grants of an official: [{grant_id, role, org_id, org_code, org_name, org_name_hi}]. NULL on error. */
json_t *org_roles_json(struct db_conn *conn, int64_t official_id);

/* Answers 409 conflict. */
void org_reply_conflict(struct http_request *req, const char *detail);
/* Answers 503 for a database failure (the reply may already be set by http_db). */
void org_reply_db_error(struct http_request *req);

#endif
