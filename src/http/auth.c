/* Sessions: a random 256-bit token the client keeps, only its hash stored; bearer header or an HttpOnly
 * SameSite=Strict cookie; with the cookie, unsafe methods also need the CSRF token derived from it. */
#include "http/http_int.h"

#include "core/log.h"
#include "core/util.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define COOKIE_NAME "ky_session"

static void token_hash_hex(const unsigned char token[32], char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, token, 32, NULL, 0);
	util_hex(h, sizeof h, out);
}

/* The CSRF token is a keyed hash of the session token: nothing more to store, and it dies with it. */
static void csrf_of(const unsigned char token[32], char out[65])
{
	static const unsigned char label[] = "karmayogi csrf v1";
	unsigned char h[32];
	crypto_generichash(h, sizeof h, label, sizeof label - 1, token, 32);
	util_hex(h, sizeof h, out);
}

static void set_cookie(struct http_request *req, const char *value, int64_t max_age_s)
{
	char cookie[200];
	snprintf(cookie, sizeof cookie, COOKIE_NAME "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld", value,
		 (long long)max_age_s);
	http_add_header(req, "Set-Cookie", cookie);
}

int http_session_start(struct http_request *req, int64_t official_id, struct http_session_tokens *out)
{
	struct db_conn *db = http_db(req);
	if (!db)
		return -1;
	unsigned char token[32];
	randombytes_buf(token, sizeof token);
	char hash[65];
	token_hash_hex(token, hash);
	int64_t now = util_now_ms();
	int64_t ttl = req->srv->cfg.session_ttl_ms;
	struct db_stmt *st = db_prepare(db, "INSERT INTO sessions (token_hash, official_id, created_at, expires_at, "
					    "client) VALUES ($1, $2, $3, $4, $5)");
	int rc = !st || db_bind_text(st, 1, hash) || db_bind_int64(st, 2, official_id) || db_bind_int64(st, 3, now) ||
		 db_bind_int64(st, 4, now + ttl) || db_bind_text(st, 5, http_client_addr(req)) ||
		 db_step(st) != DB_DONE;
	db_finish(st);
	if (rc) {
		http_reply_problem(req, 503, "db_unavailable", "The session could not be saved; please try again.");
		return -1;
	}
	util_hex(token, sizeof token, out->token);
	csrf_of(token, out->csrf_token);
	out->expires_at = now + ttl;
	memcpy(req->session_token, token, sizeof token);
	set_cookie(req, out->token, ttl / 1000);
	sodium_memzero(token, sizeof token);
	return 0;
}

/* Finds the token the client sent: the bearer header first, then the cookie. */
static int find_token(struct http_request *req, unsigned char token[32], bool *via_cookie)
{
	const char *auth = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (auth) {
		*via_cookie = false;
		if (strncasecmp(auth, "Bearer ", 7))
			return -1;
		return util_unhex(auth + 7, token, 32) ? 0 : -1;
	}
	const char *cookie = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, COOKIE_NAME);
	if (cookie) {
		*via_cookie = true;
		return util_unhex(cookie, token, 32) ? 0 : -1;
	}
	return -2;
}

static int unauthenticated(struct http_request *req, const char *detail)
{
	http_reply_problem(req, 401, "unauthenticated", detail);
	return -1;
}

static int check_csrf(struct http_request *req)
{
	if (!req->session_via_cookie || !http_unsafe_method(req))
		return 0;
	const char *sent = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "X-CSRF-Token");
	char expected[65];
	csrf_of(req->session_token, expected);
	if (sent && strlen(sent) == 64 && !sodium_memcmp(sent, expected, 64))
		return 0;
	http_reply_problem(req, 403, "csrf_required",
			   "Requests that change data with the session cookie must carry the X-CSRF-Token header "
			   "given at login.");
	return -1;
}

static void forget_session(struct db_conn *db, const char *hash)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM sessions WHERE token_hash = $1");
	if (!st || db_bind_text(st, 1, hash) || db_step(st) != DB_DONE)
		log_error("a session could not be deleted");
	db_finish(st);
}

int http_auth_require(struct http_request *req)
{
	bool via_cookie = false;
	int found = find_token(req, req->session_token, &via_cookie);
	if (found == -2)
		return unauthenticated(req, "Please log in: this needs a session (Authorization: Bearer or the "
					    "session cookie).");
	if (found)
		return unauthenticated(req, "The session token is not valid; please log in again.");
	struct db_conn *db = http_db(req);
	if (!db)
		return -1;
	char hash[65];
	token_hash_hex(req->session_token, hash);
	struct db_stmt *st = db_prepare(db, "SELECT s.official_id, s.expires_at, o.org_id, o.email, o.status "
					    "FROM sessions s JOIN officials o ON o.id = s.official_id "
					    "WHERE s.token_hash = $1");
	if (!st || db_bind_text(st, 1, hash)) {
		db_finish(st);
		http_reply_problem(req, 503, "db_unavailable", "Sessions cannot be checked just now; try again.");
		return -1;
	}
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_finish(st);
		if (rc < 0) {
			http_reply_problem(req, 503, "db_unavailable", "Sessions cannot be checked just now; try again.");
			return -1;
		}
		return unauthenticated(req, "The session is not known or has ended; please log in again.");
	}
	int64_t expires = db_column_int64(st, 1);
	bool active = !strcmp(db_column_text(st, 4), "active");
	req->user.id = db_column_int64(st, 0);
	req->user.org_id = db_column_int64(st, 2);
	req->user.email = arena_strdup(&req->arena, db_column_text(st, 3));
	db_finish(st);
	if (expires <= util_now_ms() || !active) {
		forget_session(db, hash);
		return unauthenticated(req, active ? "Your session has expired; please log in again."
						   : "This account is not active; ask your administrator.");
	}
	req->has_user = true;
	req->session_via_cookie = via_cookie;
	return check_csrf(req);
}

int http_session_end(struct http_request *req)
{
	if (!req->has_user)
		return unauthenticated(req, "There is no session to end.");
	struct db_conn *db = http_db(req);
	if (!db)
		return -1;
	char hash[65];
	token_hash_hex(req->session_token, hash);
	forget_session(db, hash);
	set_cookie(req, "", 0);
	return 0;
}

const char *http_session_csrf(struct http_request *req)
{
	if (!req->has_user)
		return NULL;
	char *out = arena_alloc(&req->arena, 65);
	if (out)
		csrf_of(req->session_token, out);
	return out;
}
