/* Module org: organisations (a tree), officials and their history, designations, roles scoped to
 * organisation subtrees, accounts (login, activation, sessions), the invitation outbox, and onboarding
 * from the e-HRMS. Its tables are its own (migration 0002); other modules ask through this header.
 *
 * Public views: other modules may read (never write) these columns in their own SQL, for set-based
 * queries that join names and scopes (a function call per row would defeat them):
 *   organisations (id, code, name_en, name_hi, kind, parent_id, ministry_id, status)
 *   officials     (id, email, name_en, name_hi, org_id, ministry_id, designation, grp, status)
 *   designations  (code, name_en, name_hi, grp)
 *   role_grants   (official_id, role, org_id)
 * A change to these columns is a change to this header's contract. */
#ifndef KY_ORG_ORG_H
#define KY_ORG_ORG_H

#include "db/db.h"
#include "http/http.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define ORG_WUR __attribute__((warn_unused_result))

/* --- roles (roles.c) --- */

/* The nine roles, NULL-terminated; every official is also a learner. */
extern const char *const org_roles[];
bool org_role_known(const char *role);
/* True when official_id holds role on org_id or on one of its ancestors. */
bool org_has_role(struct db_conn *conn, int64_t official_id, const char *role, int64_t org_id);
/* True when official_id holds role on any organisation (the route-table permission check). */
bool org_has_role_anywhere(struct db_conn *conn, int64_t official_id, const char *role);
/* True when official_id may administer org_id: mdo_admin or spv_admin on it or an ancestor. */
bool org_can_admin(struct db_conn *conn, int64_t official_id, int64_t org_id);

/* --- organisations (tree.c) --- */

/* Finds an organisation by code. Returns 1 found (sets *id), 0 unknown, -1 database error. */
int org_find_by_code(struct db_conn *conn, const char *code, int64_t *id) ORG_WUR;
/* The ministry-level ancestor of org_id (the unit employee codes are unique in).
 * Returns 1 found, 0 unknown org, -1 database error. */
int org_ministry_of(struct db_conn *conn, int64_t org_id, int64_t *ministry_id) ORG_WUR;
/* True when org_id is root_id or lies under it. */
bool org_in_subtree(struct db_conn *conn, int64_t org_id, int64_t root_id);

/* --- officials (officials.c) --- */

/* The field rules every way of creating an official shares (the API, onboarding). */
bool org_email_valid(const char *s);
/* Accepts 10 digits starting 6-9, optionally after +91, spaces or dashes; writes the 10 digits. */
bool org_mobile_normalise(const char *s, char out[11]);
/* A real calendar date written YYYY-MM-DD (1900-2100). */
bool org_date_valid(const char *s);
/* 1 to 32 of letters, digits, '/', '_' and '-'. */
bool org_employee_code_valid(const char *s);
/* True when a designation with this code exists. */
bool org_designation_exists(struct db_conn *conn, const char *code);
/* Records a change of org, designation or status. source: admin, onboarding, self or system.
 * Returns 0 or a negative DB_ code. */
int org_history_add(struct db_conn *conn, int64_t official_id, const char *field, const char *old_value,
		    const char *new_value, int64_t actor_id, const char *source) ORG_WUR;
/* The account as the API shows it: id, email, names, organisation, roles. New reference, NULL on error. */
json_t *org_user_json(struct db_conn *conn, int64_t official_id);

/* --- finding officials for pickers (find.c) --- */

/* The rule pickers find things by: each word of what a person typed (letters and digits of any script; the first
 * ORG_FIND_WORDS count) begins a word of the thing's text, ASCII case ignored. ORG_WORDS_TEXT(x) is SQL for the
 * text x with its separators (spaces . - _ / ' , ( and )) as spaces, lower-cased, a space in front, which a
 * word's LIKE pattern ("% word%", from org_words_like) must match. ORG_WORDS_MATCH(raw, x, a, b, c, d) is SQL
 * true when the patterns a, b, c and d (parameters; '' for none) all match x: it first asks whether raw (x, or a
 * text holding x) contains each word at all, which is far cheaper, so a scan spends the exact test on few rows. */
#define ORG_FIND_WORDS 4
#define ORG_WORDS_TEXT(x)                                                                                              \
	"(' ' || LOWER(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(" x ", '.', ' '), '-', ' '), "  \
	"'_', ' '), '/', ' '), '''', ' '), ',', ' '), '(', ' '), ')', ' ')))"
#define ORG_WORD_IN(raw, p) "(" p " = '' OR LOWER(" raw ") LIKE '%' || SUBSTR(" p ", 3))"
#define ORG_WORD_STARTS(x, p) "(" p " = '' OR " ORG_WORDS_TEXT(x) " LIKE " p ")"
#define ORG_WORDS_IN(raw, a, b, c, d)                                                                                  \
	ORG_WORD_IN(raw, a) " AND " ORG_WORD_IN(raw, b) " AND " ORG_WORD_IN(raw, c) " AND " ORG_WORD_IN(raw, d)
#define ORG_WORDS_START(x, a, b, c, d)                                                                                 \
	ORG_WORD_STARTS(x, a) " AND " ORG_WORD_STARTS(x, b) " AND " ORG_WORD_STARTS(x, c) " AND " ORG_WORD_STARTS(x, d)
#define ORG_WORDS_MATCH(raw, x, a, b, c, d) ORG_WORDS_IN(raw, a, b, c, d) " AND " ORG_WORDS_START(x, a, b, c, d)
/* The patterns of q's words into like (unused ones ""), allocated from arena; sets *count when not NULL.
 * Returns 0, or -1 out of memory. */
int org_words_like(struct arena *arena, const char *q, const char *like[ORG_FIND_WORDS], size_t *count) ORG_WUR;

/* An official as a picker shows them. Strings are the arena's that the finding function was given. */
struct org_person {
	int64_t id, org_id;
	const char *name, *name_hi, *employee_code, *designation, *status, *org_code, *org_name, *org_name_hi;
};
/* The active officials of root_id's subtree that q finds: each of its words (letters and digits; the first four
 * count) begins a word of their name in English or Hindi, of their email before the @ or of their employee code,
 * ASCII case ignored; NULL or "" finds everyone. In order of name, then id, after the keyset (after_name,
 * after_id; "" and 0 for the first page): up to max of them into out, *n set. Strings are allocated from arena.
 * Uses the word index where the names in order would be slow to read. Returns 0 or a negative DB_ code. */
int org_people_find(struct db_conn *conn, struct arena *arena, int64_t root_id, const char *q, const char *after_name,
		    int64_t after_id, size_t max, struct org_person *out, size_t *n) ORG_WUR;
/* Those of the n officials ids (whatever their status) whose organisation lies in root_id's subtree, in the
 * order of ids, into out (room for n); *found set. The others are left out. Strings are allocated from arena.
 * Returns 0 or a negative DB_ code. */
int org_people_get(struct db_conn *conn, struct arena *arena, int64_t root_id, const int64_t *ids, size_t n,
		   struct org_person *out, size_t *found) ORG_WUR;

/* --- accounts (accounts.c) --- */

/* Hashes a password with argon2id into out (crypto_pwhash_STRBYTES). Returns 0 or -1. */
int org_password_hash(const char *password, char *out, size_t out_size) ORG_WUR;
/* Issues a one-time activation token for official_id (stored hashed, expiring) and queues the
 * invitation in the outbox. token_out receives the token (64 hex + NUL). Fast: no argon2 here, so
 * bulk onboarding can call it per row inside its transaction. Returns 0 or a negative DB_ code. */
int org_activation_issue(struct db_conn *conn, int64_t official_id, int64_t actor_id, char token_out[65]) ORG_WUR;

/* Who a bulk invitation goes to: everything the outbox needs, so no lookup per person. */
struct org_invitee {
	int64_t official_id;
	int64_t org_id;
	const char *email;
	const char *name;
	const char *name_hi; /* may be NULL */
};
/* org_activation_issue for an official created in this same transaction (so with no earlier tokens to
 * retire): one token row and one outbox row, no reads. For bulk onboarding. Returns 0 or a DB_ code. */
int org_activation_issue_new(struct db_conn *conn, const struct org_invitee *who, int64_t now,
			     char token_out[65]) ORG_WUR;

/* --- the outbox (outbox.c) --- */

/* Queues a message of kind (e.g. "plan_due_soon") for official_id, with its own subject and text, and a link
 * (may be NULL), inside the caller's transaction; the admins of the official's organisation see it in the
 * outbox. Returns 0 or a negative DB_ code. */
int org_outbox_queue(struct db_conn *conn, int64_t official_id, const char *kind, const char *subject,
		     const char *body, const char *link, int64_t now) ORG_WUR;

/* --- demo data (demo.c) --- */

/* Seeds the demo dataset in one transaction. Returns 1 seeded, 0 already there, -1 error (logged). */
int org_demo_seed(struct db_pool *pool) ORG_WUR;
struct org_demo_login {
	const char *email;
	const char *role;
	const char *org_code;
};
/* The demo accounts, ending with a NULL email; all share org_demo_password. */
extern const struct org_demo_login org_demo_logins[];
extern const char org_demo_password[];

/* --- hooks (hooks.c) --- */

/* What org tells the modules above it (which org may not include) about its own events. Each hook runs
 * inside org's transaction on conn and returns 0 or a negative DB_ code (which rolls that transaction back).
 * first_login: the official has logged in successfully for the first time, at epoch ms. */
struct org_hooks {
	int (*first_login)(struct db_conn *conn, int64_t official_id, int64_t at);
	/* official_changed: the official was created, moved, changed designation or status, or gained or lost a
	 * role. officials_onboarded: an onboarding into org_id wrote its officials (one call, not one a row). */
	int (*official_changed)(struct db_conn *conn, int64_t official_id, int64_t at);
	int (*officials_onboarded)(struct db_conn *conn, int64_t org_id, int64_t at);
};
/* Sets the hooks (copied); call once at start-up, before the server takes requests. NULL clears them. */
void org_set_hooks(const struct org_hooks *hooks);
/* Runs the first_login hook, if one is set. Returns 0 or its negative DB_ code. */
int org_hook_first_login(struct db_conn *conn, int64_t official_id, int64_t at) ORG_WUR;
/* Run the official_changed / officials_onboarded hooks, if set. Return 0 or the hook's negative DB_ code. */
int org_hook_official_changed(struct db_conn *conn, int64_t official_id) ORG_WUR;
int org_hook_officials_onboarded(struct db_conn *conn, int64_t org_id) ORG_WUR;

/* --- routes --- */

extern const struct http_route org_auth_routes[];       /* auth.c: login, logout, me */
extern const struct http_route org_tree_routes[];       /* tree.c: /orgs */
extern const struct http_route org_official_routes[];   /* officials.c: /officials/{id}, /me/profile */
extern const struct http_route org_staff_routes[];      /* staff.c: the staff list, /designations */
extern const struct http_route org_grant_routes[];      /* grants.c: /officials/{id}/roles */
extern const struct http_route org_account_routes[];    /* accounts.c: activation, invitations, outbox */
extern const struct http_route org_onboarding_routes[]; /* onboard.c: CSV and JSON onboarding */

#endif
