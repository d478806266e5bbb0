/* The audit log: every admin write records who, what, when, before and after. */
#ifndef KY_HTTP_AUDIT_H
#define KY_HTTP_AUDIT_H

#include "http/http.h"

/* Appends an entry for the caller of req, on the request's connection (inside the caller's transaction,
 * so the entry lands exactly when the change does). before/after may be NULL; they are not stolen.
 * Returns 0 or a negative DB_ code. */
int http_audit(struct http_request *req, const char *action, const char *object_type, const char *object_id,
	       int64_t scope_org_id, json_t *before, json_t *after) __attribute__((warn_unused_result));

#endif
