/* Accounts: login with email and password (argon2id), logout, and "who am I". */
#include "org/org.h"

#include "core/log.h"
#include "core/util.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#define MAX_EMAIL 254
#define MAX_PASSWORD 1024

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

struct account {
	int64_t id;
	char hash[crypto_pwhash_STRBYTES];
	bool has_password;
	bool active;
};

/* 1 found, 0 unknown, -1 database error. */
static int find_account(struct db_conn *db, const char *email, struct account *out)
{
	char lower[MAX_EMAIL + 1];
	size_t n = strlen(email);
	for (size_t i = 0; i <= n; i++)
		lower[i] = (char)tolower((unsigned char)email[i]);
	struct db_stmt *st = db_prepare(db, "SELECT id, password_hash, status FROM officials WHERE email = $1");
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
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
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
	struct account acc = {0};
	int found = db ? find_account(db, email, &acc) : -1;
	if (found < 0) {
		json_decref(body);
		if (!http_replied(req))
			http_reply_problem(req, 503, "db_unavailable", "Logins cannot be checked just now; try again.");
		return;
	}
	pthread_once(&dummy_once, make_dummy_hash);
	const char *hash = (found && acc.has_password) ? acc.hash : dummy_hash;
	bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	ok = ok && found && acc.has_password && acc.active;
	json_decref(body);
	if (!ok) {
		http_reply_problem(req, 401, "invalid_credentials", "The email or password is not correct.");
		return;
	}
	struct http_session_tokens tok;
	if (http_session_start(req, acc.id, &tok))
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
	{"GET", "/api/v1/me", get_me, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
