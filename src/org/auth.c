/* Accounts: login with email and password (argon2id) and its rate limit, logout (here or everywhere),
 * and "who am I". */
#include "org/org.h"

#include "core/log.h"
#include "core/util.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#define MAX_EMAIL 254
#define MAX_PASSWORD 1024

/* Login throttling: failures counted per key within a window; at the limit the key locks. */
#define THROTTLE_WINDOW_MS (15LL * 60 * 1000)
#define THROTTLE_LOCK_MS (15LL * 60 * 1000)
#define THROTTLE_ACCOUNT_LIMIT 5
#define THROTTLE_ADDRESS_LIMIT 50

/* A hash to verify against when the email is unknown, so both answers take the same time.
 * Made once; read-only afterwards. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
	unsigned char pw[16];
	randombytes_buf(pw, sizeof pw);
	char hex[33];
	util_hex(pw, sizeof pw, hex);
	if (org_password_hash(hex, dummy_hash, sizeof dummy_hash))
		log_error("cannot make the dummy password hash");
}

/* Reads a required string field into *out, recording a field error when it is missing or wrong. */
static void want_string(json_t *body, const char *field, size_t max, const char **out, json_t **errors)
{
	json_t *v = json_object_get(body, field);
	*out = NULL;
	char msg[96];
	if (!v || json_is_null(v)) {
		http_field_error(errors, field, "is required");
	} else if (!json_is_string(v)) {
		http_field_error(errors, field, "must be a string");
	} else if (json_string_length(v) == 0) {
		http_field_error(errors, field, "must not be empty");
	} else if (json_string_length(v) > max) {
		snprintf(msg, sizeof msg, "must be at most %zu characters", max);
		http_field_error(errors, field, msg);
	} else if (strlen(json_string_value(v)) != json_string_length(v)) {
		http_field_error(errors, field, "must not contain NUL characters");
	} else {
		*out = json_string_value(v);
	}
}

/* --- login throttling (table login_throttle; keys "acct:<lower email>" and "addr:<client address>") --- */

struct throttle_keys {
	char account[MAX_EMAIL + 8];
	char address[80];
};

static void throttle_keys_of(struct http_request *req, const char *email, struct throttle_keys *k)
{
	int n = snprintf(k->account, sizeof k->account, "acct:%s", email);
	for (int i = 5; i < n; i++)
		k->account[i] = (char)tolower((unsigned char)k->account[i]);
	snprintf(k->address, sizeof k->address, "addr:%s", http_client_addr(req));
}

/* The time key stays locked until, or 0 when it is not locked. Negative DB_ code on error. */
static int64_t throttle_locked_until(struct db_conn *db, const char *key, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "SELECT locked_until FROM login_throttle WHERE key = $1");
	int rc = !st ? DB_ERROR : db_bind_text(st, 1, key);
	if (!rc)
		rc = db_step(st);
	int64_t until = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	db_finish(st);
	if (rc < 0)
		return rc;
	return until > now ? until : 0;
}

/* Counts a failure for key; the limit-th failure inside the window locks it. A failure after the window
 * starts a new one. Returns 0 or a negative DB_ code. */
static int throttle_fail(struct db_conn *db, const char *key, int64_t now, int limit)
{
	struct db_stmt *st = db_prepare(
		db, "INSERT INTO login_throttle (key, failures, window_start, locked_until) "
		    "VALUES ($1, 1, CAST($2 AS BIGINT), CASE WHEN 1 >= CAST($3 AS BIGINT) "
		    "  THEN CAST($2 AS BIGINT) + CAST($4 AS BIGINT) ELSE 0 END) "
		    "ON CONFLICT (key) DO UPDATE SET "
		    "failures = CASE WHEN login_throttle.window_start <= CAST($2 AS BIGINT) - CAST($5 AS BIGINT) "
		    "  THEN 1 ELSE login_throttle.failures + 1 END, "
		    "window_start = CASE WHEN login_throttle.window_start <= CAST($2 AS BIGINT) - CAST($5 AS BIGINT) "
		    "  THEN CAST($2 AS BIGINT) ELSE login_throttle.window_start END, "
		    "locked_until = CASE WHEN login_throttle.window_start > CAST($2 AS BIGINT) - CAST($5 AS BIGINT) "
		    "  AND login_throttle.failures + 1 >= CAST($3 AS BIGINT) "
		    "  THEN CAST($2 AS BIGINT) + CAST($4 AS BIGINT) ELSE login_throttle.locked_until END");
	int rc = !st ? DB_ERROR : db_bind_text(st, 1, key);
	if (!rc)
		rc = db_bind_int64(st, 2, now);
	if (!rc)
		rc = db_bind_int64(st, 3, limit);
	if (!rc)
		rc = db_bind_int64(st, 4, THROTTLE_LOCK_MS);
	if (!rc)
		rc = db_bind_int64(st, 5, THROTTLE_WINDOW_MS);
	if (!rc && (rc = db_step(st)) == DB_DONE)
		rc = 0;
	db_finish(st);
	return rc;
}

static int throttle_clear(struct db_conn *db, const char *key)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM login_throttle WHERE key = $1");
	int rc = !st ? DB_ERROR : db_bind_text(st, 1, key);
	if (!rc && (rc = db_step(st)) == DB_DONE)
		rc = 0;
	db_finish(st);
	return rc;
}

static void reply_locked(struct http_request *req, int64_t until, int64_t now, const char *what)
{
	int64_t seconds = (until - now + 999) / 1000;
	int64_t minutes = (seconds + 59) / 60;
	char retry[24], detail[160];
	snprintf(retry, sizeof retry, "%lld", (long long)seconds);
	snprintf(detail, sizeof detail, "Too many failed logins for this %s; try again in %lld minute%s.", what,
		 (long long)minutes, minutes == 1 ? "" : "s");
	http_add_header(req, "Retry-After", retry);
	http_reply_problem(req, 429, "too_many_attempts", detail);
}

/* Answers 429 when the account or the address is locked. 0 when neither is, -1 with the reply set. */
static int throttle_check(struct http_request *req, struct db_conn *db, const struct throttle_keys *k, int64_t now)
{
	int64_t acct = throttle_locked_until(db, k->account, now);
	int64_t addr = acct >= 0 ? throttle_locked_until(db, k->address, now) : 0;
	if (acct < 0 || addr < 0) {
		http_reply_problem(req, 503, "db_unavailable", "Logins cannot be checked just now; try again.");
		return -1;
	}
	if (acct) {
		reply_locked(req, acct, now, "account");
		return -1;
	}
	if (addr) {
		reply_locked(req, addr, now, "address");
		return -1;
	}
	return 0;
}

/* Deletes a batch of rows whose window and lock have both passed: they no longer count for anything, and
 * without this every address that ever failed once would stay forever. A batch per failure keeps the
 * table to the keys that failed recently, at a bounded cost. Returns 0 or a negative DB_ code. */
static int throttle_prune(struct db_conn *db, int64_t now)
{
	struct db_stmt *st = db_prepare(
		db, "DELETE FROM login_throttle WHERE key IN (SELECT key FROM login_throttle WHERE window_start <= "
		    "CAST($1 AS BIGINT) AND locked_until <= CAST($2 AS BIGINT) LIMIT 100)");
	int rc = !st ? DB_ERROR : db_bind_int64(st, 1, now - THROTTLE_WINDOW_MS);
	if (!rc)
		rc = db_bind_int64(st, 2, now);
	if (!rc && (rc = db_step(st)) == DB_DONE)
		rc = 0;
	db_finish(st);
	return rc;
}

/* Records the outcome: a failure counts against both keys, a success clears the account's. */
static void throttle_record(struct db_conn *db, const struct throttle_keys *k, bool ok, int64_t now)
{
	int rc = ok ? throttle_clear(db, k->account)
		    : throttle_prune(db, now) || throttle_fail(db, k->account, now, THROTTLE_ACCOUNT_LIMIT) ||
			      throttle_fail(db, k->address, now, THROTTLE_ADDRESS_LIMIT);
	if (rc)
		log_error("login throttle not updated: %s", db_errmsg(db));
}

/* --- login --- */

struct account {
	int64_t id;
	char hash[crypto_pwhash_STRBYTES];
	bool has_password;
	bool active;
	bool logged_in_before;
};

/* 1 found, 0 unknown, -1 database error. */
static int find_account(struct db_conn *db, const char *email, struct account *out)
{
	char lower[MAX_EMAIL + 1];
	size_t n = strlen(email);
	for (size_t i = 0; i <= n; i++)
		lower[i] = (char)tolower((unsigned char)email[i]);
	struct db_stmt *st = db_prepare(db, "SELECT id, password_hash, status, first_login_at FROM officials "
					    "WHERE email = $1");
	if (!st || db_bind_text(st, 1, lower)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_column_int64(st, 0);
		const char *h = db_column_text(st, 1);
		out->has_password = h && strlen(h) < sizeof out->hash;
		snprintf(out->hash, sizeof out->hash, "%s", out->has_password ? h : "");
		out->active = !strcmp(db_column_text(st, 2), "active");
		out->logged_in_before = !db_column_null(st, 3);
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* Marks the first login (once, even when two race) and tells the hooks, in the caller's transaction.
 * Returns 0 or a negative DB_ code. */
static int mark_first_login(struct db_conn *db, int64_t official_id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE officials SET first_login_at = $2 WHERE id = $1 AND "
					    "first_login_at IS NULL");
	int rc = !st ? DB_ERROR : db_bind_int64(st, 1, official_id);
	if (!rc)
		rc = db_bind_int64(st, 2, now);
	if (!rc && (rc = db_step(st)) == DB_DONE)
		rc = 0;
	db_finish(st);
	if (!rc && db_changes(db) > 0)
		rc = org_hook_first_login(db, official_id, now);
	return rc;
}

/* Starts the session; on the official's first login, in one transaction with marking it (and what the
 * hooks do), so the session and the first-login reward land together or not at all. 0, or -1 with the
 * reply set. */
static int start_session(struct http_request *req, struct db_conn *db, const struct account *acc, int64_t now,
			 struct http_session_tokens *tok)
{
	if (acc->logged_in_before)
		return http_session_start(req, acc->id, tok);
	if (db_begin(db) || mark_first_login(db, acc->id, now)) {
		db_rollback(db);
		http_reply_problem(req, 503, "db_unavailable", "The login could not be saved; please try again.");
		return -1;
	}
	if (http_session_start(req, acc->id, tok)) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db)) {
		db_rollback(db);
		http_reply_problem(req, 503, "db_unavailable", "The login could not be saved; please try again.");
		return -1;
	}
	return 0;
}

static void post_login(struct http_request *req)
{
	json_t *body = http_body_json(req);
	if (!body)
		return;
	json_t *errors = NULL;
	const char *email = NULL, *password = NULL;
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object with email and password");
	} else {
		want_string(body, "email", MAX_EMAIL, &email, &errors);
		want_string(body, "password", MAX_PASSWORD, &password, &errors);
	}
	if (errors) {
		json_decref(body);
		http_reply_invalid(req, errors);
		return;
	}
	struct db_conn *db = http_db(req);
	struct throttle_keys keys;
	throttle_keys_of(req, email, &keys);
	int64_t now = util_now_ms();
	if (!db || throttle_check(req, db, &keys, now)) {
		json_decref(body);
		return;
	}
	struct account acc = {0};
	int found = find_account(db, email, &acc);
	if (found < 0) {
		json_decref(body);
		http_reply_problem(req, 503, "db_unavailable", "Logins cannot be checked just now; try again.");
		return;
	}
	pthread_once(&dummy_once, make_dummy_hash);
	const char *hash = (found && acc.has_password) ? acc.hash : dummy_hash;
	bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	ok = ok && found && acc.has_password && acc.active;
	json_decref(body);
	throttle_record(db, &keys, ok, now);
	if (!ok) {
		http_reply_problem(req, 401, "invalid_credentials", "The email or password is not correct.");
		return;
	}
	struct http_session_tokens tok;
	if (start_session(req, db, &acc, now, &tok))
		return;
	json_t *user = org_user_json(db, acc.id);
	if (!user) {
		http_reply_problem(req, 503, "db_unavailable", "Your account could not be loaded; try again.");
		return;
	}
	char expires[32];
	util_iso8601(tok.expires_at, expires);
	http_reply_json(req, 200,
			json_pack("{s:s, s:s, s:s, s:o}", "token", tok.token, "csrf_token", tok.csrf_token,
				  "expires_at", expires, "user", user));
}

static void post_logout(struct http_request *req)
{
	if (http_session_end(req))
		return;
	http_reply_empty(req, 204);
}

/* Ends every session of the caller, this one included ("log out everywhere"). */
static void post_logout_all(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	if (!db)
		return;
	struct db_stmt *st = db_prepare(db, "DELETE FROM sessions WHERE official_id = $1");
	int rc = !st ? DB_ERROR : db_bind_int64(st, 1, http_user(req)->id);
	if (!rc)
		rc = db_step(st);
	db_finish(st);
	if (rc != DB_DONE) {
		http_reply_problem(req, 503, "db_unavailable", "Your sessions could not be ended; please try again.");
		return;
	}
	if (http_session_end(req)) /* clears this client's cookie too */
		return;
	http_reply_empty(req, 204);
}

static void get_me(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	if (!db)
		return;
	json_t *user = org_user_json(db, http_user(req)->id);
	if (!user) {
		http_reply_problem(req, 503, "db_unavailable", "Your account could not be loaded; try again.");
		return;
	}
	json_object_set_new(user, "csrf_token", json_string(http_session_csrf(req)));
	http_reply_json(req, 200, user);
}

const struct http_route org_auth_routes[] = {
	{"POST", "/api/v1/auth/login", post_login, HTTP_PUBLIC, 64 * 1024},
	{"POST", "/api/v1/auth/logout", post_logout, HTTP_SESSION, 0},
	{"POST", "/api/v1/auth/logout-all", post_logout_all, HTTP_SESSION, 0},
	{"GET", "/api/v1/me", get_me, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
