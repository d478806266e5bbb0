/* Module org: organisations, officials and their accounts, roles scoped to organisation subtrees.
 * Its tables (organisations, officials, role_grants) are its own; other modules ask through here. */
#ifndef KY_ORG_ORG_H
#define KY_ORG_ORG_H

#include "db/db.h"
#include "http/http.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* The nine roles; every official is also a learner. */
extern const char *const org_roles[];
bool org_role_known(const char *role);

/* True when official_id holds role on org_id or on one of its ancestors. */
bool org_has_role(struct db_conn *conn, int64_t official_id, const char *role, int64_t org_id);
/* True when official_id holds role on any organisation (the route-table permission check). */
bool org_has_role_anywhere(struct db_conn *conn, int64_t official_id, const char *role);

/* The account as the API shows it: id, email, names, organisation, roles. New reference, NULL on error. */
json_t *org_user_json(struct db_conn *conn, int64_t official_id);

/* Hashes a password with argon2id into out (crypto_pwhash_STRBYTES). Returns 0 or -1. */
int org_password_hash(const char *password, char *out, size_t out_size) __attribute__((warn_unused_result));

/* Seeds the demo dataset (organisations, a few hundred officials, one account per role) in one
 * transaction. Returns 1 when seeded, 0 when demo data was already there, -1 on error (logged). */
int org_demo_seed(struct db_pool *pool) __attribute__((warn_unused_result));

/* The demo accounts, for `karmayogi demo` and `make run` to print. Ends with a NULL email. */
struct org_demo_login {
	const char *email;
	const char *role;
	const char *org_code;
};
extern const struct org_demo_login org_demo_logins[];
extern const char org_demo_password[];

/* Routes: /api/v1/auth/login, /api/v1/auth/logout, /api/v1/me. */
extern const struct http_route org_auth_routes[];

#endif
