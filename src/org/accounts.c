/* Accounts: password hashing, activation tokens and the invitations they travel in (the outbox), and
 * activation itself: the one public write, where a token holder chooses a password. */
#include "org/org_int.h"

#include "http/input.h"
#include "core/buf.h"
#include "core/csvout.h"
#include "core/log.h"
#include "core/util.h"
#include "http/audit.h"
#include "http/list.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define TOKEN_TTL_MS (7LL * 24 * 3600 * 1000)
#define BODY_CAP (16 * 1024)

int org_password_hash(const char *password, char *out, size_t out_size)
{
	if (out_size < crypto_pwhash_STRBYTES)
		return -1;
	return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

/* The stored form of a token: generichash of its 32 raw bytes, as hex. */
static void token_hash_hex(const unsigned char token[32], char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, token, 32, NULL, 0);
	util_hex(h, sizeof h, out);
}

static int activation_hash(const char *token_hex, char out[65])
{
	unsigned char raw[32];
	if (!token_hex || !util_unhex(token_hex, raw, sizeof raw))
		return -1;
	token_hash_hex(raw, out);
	sodium_memzero(raw, sizeof raw);
	return 0;
}

/* Ends the official's earlier unused tokens: only the newest invitation works. */
static int retire_tokens(struct db_conn *conn, int64_t official_id, int64_t now)
{
	struct db_stmt *st = db_prepare(conn, "UPDATE activation_tokens SET used_at = $2 "
					      "WHERE official_id = $1 AND used_at IS NULL");
	int rc = !st ? DB_ERROR : db_bind_int64(st, 1, official_id);
	if (!rc)
		rc = db_bind_int64(st, 2, now);
	if (!rc && (rc = db_step(st)) == DB_DONE)
		rc = 0;
	db_finish(st);
	return rc;
}

static int store_token(struct db_conn *conn, int64_t official_id, const char hash[65], int64_t now)
{
	struct db_stmt *st = db_prepare(conn, "INSERT INTO activation_tokens (token_hash, official_id, created_at, "
					      "expires_at) VALUES ($1, $2, $3, $4)");
	int rc = !st ? DB_ERROR : db_bind_text(st, 1, hash);
	if (!rc)
		rc = db_bind_int64(st, 2, official_id);
	if (!rc)
		rc = db_bind_int64(st, 3, now);
	if (!rc)
		rc = db_bind_int64(st, 4, now + TOKEN_TTL_MS);
	if (!rc && (rc = db_step(st)) == DB_DONE)
		rc = 0;
	db_finish(st);
	return rc;
}

/* What the invitation needs to know about its addressee. Strings point into the statement's row. */
struct addressee {
	const char *email;
	const char *name;
	const char *name_hi;
	int64_t org_id;
};

/* The invitation text, English and Hindi around one link; kept short because bulk onboarding writes one
 * per official. The link is relative to wherever the site is served. */
static int invitation_body(struct buf *b, const struct addressee *a, const char *link)
{
	return buf_puts(b, "Dear ") || buf_puts(b, a->name) || buf_puts(b, " / प्रिय ") ||
	       buf_puts(b, a->name_hi ? a->name_hi : a->name) ||
	       buf_puts(b, ",\n\n"
			   "Your Karmayogi account is ready. To choose your password, open this link within 7 days; "
			   "it works once.\n"
			   "आपका कर्मयोगी खाता तैयार है। अपना पासवर्ड चुनने के लिए 7 दिनों के भीतर यह लिंक खोलें; "
			   "यह एक ही बार काम करता है।\n\n") ||
	       buf_puts(b, link) ||
	       buf_puts(b, "\n\n"
			   "If the link has expired, ask your administrator for a new invitation.\n"
			   "लिंक की अवधि समाप्त हो जाने पर अपने व्यवस्थापक से नया निमंत्रण माँगें।\n");
}

#define INVITATION_SUBJECT "Activate your Karmayogi account / अपना कर्मयोगी खाता सक्रिय करें"

static int insert_outbox(struct db_conn *conn, int64_t official_id, const struct addressee *a, const char *link,
			 int64_t now)
{
	struct db_stmt *st = db_prepare(conn, "INSERT INTO outbox (official_id, org_id, kind, to_email, to_name, "
					      "to_name_hi, link, created_at) VALUES ($1, $2, 'invitation', $3, $4, $5, $6, $7)");
	int rc = !st ? DB_ERROR : db_bind_int64(st, 1, official_id);
	if (!rc)
		rc = db_bind_int64(st, 2, a->org_id);
	if (!rc)
		rc = db_bind_text(st, 3, a->email);
	if (!rc)
		rc = db_bind_text(st, 4, a->name);
	if (!rc)
		rc = db_bind_text(st, 5, a->name_hi);
	if (!rc)
		rc = db_bind_text(st, 6, link);
	if (!rc)
		rc = db_bind_int64(st, 7, now);
	if (!rc && (rc = db_step(st)) == DB_DONE)
		rc = 0;
	db_finish(st);
	return rc;
}

static void activation_link(const char *token, char out[96])
{
	snprintf(out, 96, "/#/activate?token=%s", token);
}

/* Reads the addressee and queues the invitation carrying token. */
static int queue_invitation(struct db_conn *conn, int64_t official_id, const char *token, int64_t now)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT email, name_en, name_hi, org_id FROM officials WHERE id = $1");
	int rc = !st ? DB_ERROR : db_bind_int64(st, 1, official_id);
	if (!rc)
		rc = db_step(st);
	if (rc != DB_ROW) {
		db_finish(st);
		return rc < 0 ? rc : DB_CONSTRAINT; /* no such official */
	}
	struct addressee a = {db_column_text(st, 0), db_column_text(st, 1), db_column_text(st, 2),
			      db_column_int64(st, 3)};
	char link[96];
	activation_link(token, link);
	rc = insert_outbox(conn, official_id, &a, link, now);
	db_finish(st);
	return rc;
}

static void new_token(char hash[65], char token_out[65])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	token_hash_hex(raw, hash);
	util_hex(raw, sizeof raw, token_out);
	sodium_memzero(raw, sizeof raw);
}

int org_activation_issue_new(struct db_conn *conn, const struct org_invitee *who, int64_t now, char token_out[65])
{
	char hash[65], link[96];
	new_token(hash, token_out);
	activation_link(token_out, link);
	struct addressee a = {who->email, who->name, who->name_hi, who->org_id};
	int rc = store_token(conn, who->official_id, hash, now);
	if (!rc)
		rc = insert_outbox(conn, who->official_id, &a, link, now);
	if (rc)
		sodium_memzero(token_out, 65);
	return rc;
}

static int issue_token(struct db_conn *conn, int64_t official_id, int64_t now, char token_out[65])
{
	char hash[65];
	new_token(hash, token_out);
	int rc = retire_tokens(conn, official_id, now);
	if (!rc)
		rc = store_token(conn, official_id, hash, now);
	if (!rc)
		rc = queue_invitation(conn, official_id, token_out, now);
	if (rc) {
		sodium_memzero(token_out, 65);
		log_error("activation token for official %lld: %s", (long long)official_id, db_errmsg(conn));
	}
	return rc;
}

int org_activation_issue(struct db_conn *conn, int64_t official_id, int64_t actor_id, char token_out[65])
{
	(void)actor_id; /* who asked is recorded by the caller's audit entry */
	return issue_token(conn, official_id, util_now_ms(), token_out);
}

/* --- password rules: each broken rule is one errors[] entry, worded for the person choosing --- */

#define PW_MIN 12
#define PW_MAX 128
#define PW_LONG 16 /* from this length, any mix of character classes will do */
#define PW_MAX_BYTES (PW_MAX * 4)

/* True when the whole password is one character (of any script) repeated. */
static bool one_char_repeated(const char *pw, size_t len)
{
	size_t cl = 1;
	while (cl < len && ((unsigned char)pw[cl] & 0xC0) == 0x80)
		cl++;
	if (len % cl)
		return false;
	for (size_t i = cl; i < len; i += cl)
		if (memcmp(pw, pw + i, cl))
			return false;
	return true;
}

/* Common passwords and patterns. Phrases are refused anywhere in the password; words are refused when
 * they are all the letters it has ("Welcome@2026!", "India123456789"). */
static const char *const common_phrases[] = {"password", "12345678", "qwerty", "iloveyou", "letmein", NULL};
static const char *const common_words[] = {"password", "qwerty",  "karmayogi", "india", "welcome",
					   "letmein",  "admin",   "iloveyou",  NULL};

static bool is_common(const char *lower)
{
	for (const char *const *p = common_phrases; *p; p++)
		if (strstr(lower, *p))
			return true;
	char letters[PW_MAX_BYTES + 1];
	size_t n = 0;
	for (const char *c = lower; *c; c++)
		if (isalpha((unsigned char)*c))
			letters[n++] = *c;
	letters[n] = '\0';
	for (const char *const *w = common_words; *w; w++)
		if (!strcmp(letters, *w))
			return true;
	return false;
}

static int char_classes(const char *pw)
{
	bool lower = false, upper = false, digit = false, other = false;
	for (const unsigned char *c = (const unsigned char *)pw; *c; c++) {
		lower |= islower(*c) != 0;
		upper |= isupper(*c) != 0;
		digit |= isdigit(*c) != 0;
		other |= !isalnum(*c);
	}
	return lower + upper + digit + other;
}

/* True when the part of email before the @ (3 characters or more) appears in lower. */
static bool has_local_part(const char *lower, const char *email)
{
	char local[256];
	size_t n = 0;
	while (email[n] && email[n] != '@' && n < sizeof local - 1) {
		local[n] = (char)tolower((unsigned char)email[n]);
		n++;
	}
	local[n] = '\0';
	return n >= 3 && strstr(lower, local);
}

/* Records an error for each rule password breaks; email is its owner's. */
static void check_password(const char *pw, const char *email, json_t **errors)
{
	size_t len = strlen(pw), chars = util_utf8_chars(pw, len);
	if (chars < PW_MIN)
		http_field_error(errors, "password", "must be at least 12 characters long");
	if (chars > PW_MAX || len > PW_MAX_BYTES) {
		http_field_error(errors, "password", "must be at most 128 characters long");
		return;
	}
	char lower[PW_MAX_BYTES + 1];
	for (size_t i = 0; i <= len; i++)
		lower[i] = (char)tolower((unsigned char)pw[i]);
	if (has_local_part(lower, email))
		http_field_error(errors, "password",
				 "must not contain your email address's name (the part before the @)");
	if (len == 0 || one_char_repeated(pw, len) || is_common(lower))
		http_field_error(errors, "password",
				 "must not be a common password or pattern (such as \"password\", \"12345678\", "
				 "\"qwerty\", \"Karmayogi@2026\" or one character repeated)");
	if (chars < PW_LONG && char_classes(pw) < 3)
		http_field_error(errors, "password",
				 "must mix at least three of: lower-case letters, upper-case letters, digits, other "
				 "characters; or be at least 16 characters long");
}

/* --- activation --- */

struct activation {
	int64_t official_id;
	int64_t org_id;
	char email[256];
};

/* Finds the live token with this hash. 1 found, 0 unknown/used/expired, negative DB_ code on error. */
static int find_activation(struct db_conn *db, const char hash[65], int64_t now, struct activation *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT o.id, o.org_id, o.email FROM activation_tokens t "
					    "JOIN officials o ON o.id = t.official_id "
					    "WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2");
	int rc = !st ? DB_ERROR : db_bind_text(st, 1, hash);
	if (!rc)
		rc = db_bind_int64(st, 2, now);
	if (!rc)
		rc = db_step(st);
	if (rc == DB_ROW) {
		out->official_id = db_column_int64(st, 0);
		out->org_id = db_column_int64(st, 1);
		snprintf(out->email, sizeof out->email, "%s", db_column_text(st, 2));
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc;
}

/* Marks the token used, only if it still is live: of two concurrent activations one wins.
 * 1 claimed, 0 lost, negative DB_ code on error. */
static int claim_token(struct db_conn *db, const char hash[65], int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE activation_tokens SET used_at = $2 "
					    "WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2");
	int rc = !st ? DB_ERROR : db_bind_text(st, 1, hash);
	if (!rc)
		rc = db_bind_int64(st, 2, now);
	if (!rc)
		rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE ? db_changes(db) == 1 : rc;
}

static int set_password(struct db_conn *db, int64_t official_id, const char *pw_hash, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE officials SET password_hash = $2, updated_at = $3 WHERE id = $1");
	int rc = !st ? DB_ERROR : db_bind_int64(st, 1, official_id);
	if (!rc)
		rc = db_bind_text(st, 2, pw_hash);
	if (!rc)
		rc = db_bind_int64(st, 3, now);
	if (!rc && (rc = db_step(st)) == DB_DONE)
		rc = 0;
	db_finish(st);
	return rc;
}

static int end_sessions(struct db_conn *db, int64_t official_id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM sessions WHERE official_id = $1");
	int rc = !st ? DB_ERROR : db_bind_int64(st, 1, official_id);
	if (!rc && (rc = db_step(st)) == DB_DONE)
		rc = 0;
	db_finish(st);
	return rc;
}

static void reply_activation_invalid(struct http_request *req)
{
	http_reply_problem(req, 400, "activation_invalid",
			   "This activation link cannot be used: it may have been used already, expired, or been "
			   "mistyped. Ask your administrator for a new invitation.");
}

/* Claims the token, sets the password and ends the official's sessions, all or nothing.
 * 1 done, 0 token no longer live, negative DB_ code on error. */
static int activate(struct http_request *req, struct db_conn *db, const char hash[65], const struct activation *a,
		    const char *pw_hash)
{
	int64_t now = util_now_ms();
	if (db_begin(db))
		return DB_ERROR;
	int rc = claim_token(db, hash, now);
	if (rc == 1)
		rc = set_password(db, a->official_id, pw_hash, now);
	if (!rc)
		rc = end_sessions(db, a->official_id);
	if (!rc) {
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)a->official_id);
		rc = http_audit(req, "official.activate", "official", id, a->org_id, NULL, NULL);
	}
	if (!rc && (rc = db_commit(db)) == 0)
		return 1;
	db_rollback(db);
	return rc;
}

/* Reads token and password; 0, or -1 with the 422 or 400 reply set. */
static int activation_body(struct http_request *req, json_t *body, const char **token, const char **password)
{
	json_t *errors = NULL;
	*token = *password = NULL;
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object with token and password");
	} else {
		/* An empty token is answered like a forged one (400 activation_invalid), not as a form error. */
		bool has_token;
		if (http_take_string(body, "token", NULL, 64 * 1024, true, token, &has_token, &errors) == 0) {
			if (!has_token)
				http_field_error(&errors, "token", "is required: it is in the activation link");
			else if (!*token)
				*token = "";
		}
		if (http_take_string(body, "password", NULL, 4096, false, password, NULL, &errors) == 0 && !*password)
			http_field_error(&errors, "password", "is required");
	}
	if (errors) {
		http_reply_invalid(req, errors);
		return -1;
	}
	return 0;
}

/* Checks the token and the password's rules, then hashes it (argon2id, outside any transaction).
 * 0 with pw_hash set, or -1 with the reply set. */
static int activation_prepare(struct http_request *req, struct db_conn *db, const char *token, const char *password,
			      char hash[65], struct activation *a, char pw_hash[crypto_pwhash_STRBYTES])
{
	int found = activation_hash(token, hash) ? 0 : find_activation(db, hash, util_now_ms(), a);
	if (found < 0) {
		http_reply_db_error(req);
		return -1;
	}
	if (!found) {
		reply_activation_invalid(req);
		return -1;
	}
	json_t *errors = NULL;
	check_password(password, a->email, &errors);
	if (errors) {
		http_reply_invalid(req, errors);
		return -1;
	}
	if (org_password_hash(password, pw_hash, crypto_pwhash_STRBYTES)) {
		http_reply_problem(req, 503, "busy", "The password could not be saved just now; please try again.");
		return -1;
	}
	return 0;
}

static void post_activate(struct http_request *req)
{
	json_t *body = http_body_json(req);
	if (!body)
		return;
	const char *token, *password;
	struct db_conn *db = NULL;
	char hash[65], pw_hash[crypto_pwhash_STRBYTES];
	struct activation a;
	if (activation_body(req, body, &token, &password) || !(db = http_db(req)) ||
	    activation_prepare(req, db, token, password, hash, &a, pw_hash))
		goto out;
	int rc = activate(req, db, hash, &a, pw_hash);
	if (rc == 1)
		http_reply_json(req, 200, json_pack("{s:s}", "status", "activated"));
	else if (rc == 0)
		reply_activation_invalid(req);
	else
		http_reply_db_error(req);
out:
	sodium_memzero(pw_hash, sizeof pw_hash);
	json_decref(body);
}

/* --- invitations --- */

struct invitee {
	int64_t org_id;
	bool has_password;
	bool active;
};

/* 1 found, 0 unknown, negative DB_ code on error. */
static int find_invitee(struct db_conn *db, int64_t id, struct invitee *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT org_id, password_hash IS NOT NULL, status FROM officials "
					    "WHERE id = $1");
	int rc = !st ? DB_ERROR : db_bind_int64(st, 1, id);
	if (!rc)
		rc = db_step(st);
	if (rc == DB_ROW) {
		out->org_id = db_column_int64(st, 0);
		out->has_password = db_column_int64(st, 1) != 0;
		out->active = !strcmp(db_column_text(st, 2), "active");
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc;
}

/* The official must exist, be administered by the caller, active and not yet activated.
 * 0, or -1 with the reply set. */
static int invitation_allowed(struct http_request *req, struct db_conn *db, int64_t id, struct invitee *who)
{
	int64_t caller = http_user(req)->id;
	int found = find_invitee(db, id, who);
	if (found < 0) {
		http_reply_db_error(req);
		return -1;
	}
	bool admin = found && org_can_admin(db, caller, who->org_id);
	if (!found || (id != caller && !admin)) {
		http_reply_problem(req, 404, "not_found", "There is no official with this id that you administer.");
		return -1;
	}
	if (!admin) {
		http_reply_problem(req, 403, "forbidden", "Only an administrator of your organisation can invite you.");
		return -1;
	}
	if (who->has_password) {
		http_reply_conflict(req, "This account is already activated; its owner logs in with their password.");
		return -1;
	}
	if (!who->active) {
		http_reply_conflict(req, "This account is not active; make it active before inviting its owner.");
		return -1;
	}
	return 0;
}

/* Issues the token and queues the invitation with its audit entry, in one transaction. */
static int invite(struct http_request *req, struct db_conn *db, int64_t id, int64_t org_id, int64_t now)
{
	char token[65], sid[24], expires[32];
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	util_iso8601(now + TOKEN_TTL_MS, expires);
	if (db_begin(db))
		return DB_ERROR;
	int rc = issue_token(db, id, now, token);
	sodium_memzero(token, sizeof token);
	json_t *after = json_pack("{s:s}", "expires_at", expires);
	if (!rc)
		rc = after ? http_audit(req, "official.invite", "official", sid, org_id, NULL, after) : DB_ERROR;
	json_decref(after);
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

static void post_invitation(struct http_request *req)
{
	int64_t id;
	struct invitee who = {0};
	if (http_param_id(req, "id", &id))
		return;
	struct db_conn *db = http_db(req);
	if (!db || invitation_allowed(req, db, id, &who))
		return;
	int64_t now = util_now_ms();
	if (invite(req, db, id, who.org_id, now)) {
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 201, json_pack("{s:o}", "expires_at", org_json_time(now + TOKEN_TTL_MS)));
}

/* --- the outbox: what would have been mailed, for the admins of the organisations it went to --- */

#define CSV_MAX_ROWS 10000
#define CSV_CAP (64 * 1024 * 1024)

struct outbox_query {
	int64_t org_id;
	int64_t before_id; /* rows with a smaller id */
	int limit;
};

/* 1 when the organisation exists, 0 when not, negative DB_ code on error. */
static int org_exists(struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM organisations WHERE id = $1");
	int rc = !st ? DB_ERROR : db_bind_int64(st, 1, id);
	if (!rc)
		rc = db_step(st);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc;
}

/* Reads ?org_id= and checks the caller administers it. 0, or -1 with the reply set. */
static int outbox_scope(struct http_request *req, struct db_conn *db, int64_t *org_id)
{
	const char *s = http_query(req, "org_id");
	char *end = NULL;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || v < 1) {
		json_t *errors = NULL;
		http_field_error(&errors, "org_id", "is required: the id of an organisation you administer");
		http_reply_invalid(req, errors);
		return -1;
	}
	*org_id = v;
	if (org_can_admin(db, http_user(req)->id, v))
		return 0;
	int known = org_exists(db, v);
	if (known < 0)
		http_reply_db_error(req);
	else if (!known)
		http_reply_problem(req, 404, "not_found", "There is no organisation with this id.");
	else
		http_reply_problem(req, 403, "forbidden",
				   "You do not administer this organisation, so you cannot see its outbox.");
	return -1;
}

/* Runs the outbox query: the subtree's rows, newest first, limit + 1 of them so the caller knows
 * whether a next page exists. */
static struct db_stmt *outbox_select(struct db_conn *db, const struct outbox_query *q)
{
	struct db_stmt *st = db_prepare(
		db, "WITH RECURSIVE down(id) AS ("
		    "  SELECT id FROM organisations WHERE id = $1"
		    "  UNION ALL SELECT o.id FROM organisations o JOIN down ON o.parent_id = down.id)"
		    " SELECT b.id, b.official_id, b.kind, b.to_email, b.to_name, b.to_name_hi, b.link, b.created_at,"
		    " b.subject, b.body"
		    " FROM outbox b JOIN down ON b.org_id = down.id"
		    " WHERE b.id < CAST($2 AS BIGINT) ORDER BY b.id DESC LIMIT CAST($3 AS BIGINT)");
	if (!st)
		return NULL;
	if (db_bind_int64(st, 1, q->org_id) || db_bind_int64(st, 2, q->before_id) ||
	    db_bind_int64(st, 3, (int64_t)q->limit + 1)) {
		db_finish(st);
		return NULL;
	}
	return st;
}

/* Writes the message's text for a row of outbox_select into body: its own, or an invitation's. */
static int outbox_text(struct db_stmt *st, struct buf *body)
{
	if (!db_column_null(st, 9))
		return buf_puts(body, db_column_text(st, 9));
	struct addressee a = {db_column_text(st, 3), db_column_text(st, 4), db_column_text(st, 5), 0};
	const char *link = db_column_text(st, 6);
	return invitation_body(body, &a, link ? link : "");
}

static const char *outbox_subject(struct db_stmt *st)
{
	return db_column_null(st, 8) ? INVITATION_SUBJECT : db_column_text(st, 8);
}

static json_t *outbox_item(struct db_stmt *st)
{
	struct buf body;
	buf_init(&body, BODY_CAP);
	if (outbox_text(st, &body)) {
		buf_free(&body);
		return NULL;
	}
	json_t *official = db_column_null(st, 1) ? json_null() : json_integer(db_column_int64(st, 1));
	json_t *item = json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)db_column_int64(st, 0),
				 "official_id", official, "kind", db_column_text(st, 2), "to_email",
				 db_column_text(st, 3), "subject", outbox_subject(st), "body", body.data, "created_at",
				 org_json_time(db_column_int64(st, 7)));
	buf_free(&body);
	return item;
}

/* Fills items with up to q->limit rows; *last_id is the id of the last one when more remain, else 0.
 * Returns 0 or a negative DB_ code. */
static int outbox_page(struct db_conn *db, const struct outbox_query *q, json_t *items, int64_t *last_id)
{
	struct db_stmt *st = outbox_select(db, q);
	if (!st)
		return DB_ERROR;
	int rc, n = 0;
	*last_id = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == q->limit) {
			*last_id = json_integer_value(json_object_get(json_array_get(items, n - 1), "id"));
			continue;
		}
		json_t *item = outbox_item(st);
		if (!item || json_array_append_new(items, item)) {
			rc = DB_ERROR;
			break;
		}
		n++;
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

static void get_outbox(struct http_request *req)
{
	struct http_list list;
	struct outbox_query q;
	struct db_conn *db = http_db(req);
	if (!db || http_list_params(req, &list) || outbox_scope(req, db, &q.org_id))
		return;
	q.before_id = list.id ? list.id : INT64_MAX;
	q.limit = list.limit;
	json_t *items = json_array();
	int64_t last_id = 0;
	if (!items || outbox_page(db, &q, items, &last_id)) {
		json_decref(items);
		http_reply_db_error(req);
		return;
	}
	const char *cursor = last_id ? http_list_cursor(req, "", last_id) : NULL;
	http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", org_json_text(cursor)));
}

static int csv_row(struct buf *b, struct db_stmt *st)
{
	char id[24], official[24], created[32];
	snprintf(id, sizeof id, "%lld", (long long)db_column_int64(st, 0));
	snprintf(official, sizeof official, "%lld", (long long)db_column_int64(st, 1));
	util_iso8601(db_column_int64(st, 7), created);
	struct buf body;
	buf_init(&body, BODY_CAP);
	int rc = outbox_text(st, &body) || csvout_field(b, id, false) ||
		 csvout_field(b, db_column_null(st, 1) ? "" : official, false) ||
		 csvout_field(b, db_column_text(st, 2), false) || csvout_field(b, db_column_text(st, 3), false) ||
		 csvout_field(b, outbox_subject(st), false) || csvout_field(b, body.data, false) ||
		 csvout_field(b, created, true);
	buf_free(&body);
	return rc;
}

/* Writes the header and up to q->limit rows; *last_id as for outbox_page. 0, or -1 (database or cap). */
static int outbox_csv(struct db_conn *db, const struct outbox_query *q, struct buf *b, int64_t *last_id)
{
	struct db_stmt *st = outbox_select(db, q);
	if (!st || buf_puts(b, CSVOUT_BOM "id,official_id,kind,to_email,subject,body,created_at\r\n")) {
		db_finish(st);
		return -1;
	}
	int rc, n = 0;
	int64_t prev = 0;
	*last_id = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == q->limit) {
			*last_id = prev;
			continue;
		}
		if (csv_row(b, st)) {
			rc = DB_ERROR;
			break;
		}
		prev = db_column_int64(st, 0);
		n++;
	}
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

/* When more rows remain than one file holds, a Link header names the next file. */
static void add_next_link(struct http_request *req, int64_t org_id, int64_t last_id)
{
	const char *cursor = http_list_cursor(req, "", last_id);
	char link[256];
	if (!cursor)
		return;
	snprintf(link, sizeof link, "</api/v1/outbox.csv?org_id=%lld&cursor=%s>; rel=\"next\"", (long long)org_id,
		 cursor);
	http_add_header(req, "Link", link);
}

static void get_outbox_csv(struct http_request *req)
{
	struct http_list list;
	struct outbox_query q;
	struct db_conn *db = http_db(req);
	if (!db || http_list_params(req, &list) || outbox_scope(req, db, &q.org_id))
		return;
	q.before_id = list.id ? list.id : INT64_MAX;
	q.limit = http_query(req, "limit") ? list.limit : CSV_MAX_ROWS;
	struct buf b;
	buf_init(&b, CSV_CAP);
	int64_t last_id = 0;
	if (outbox_csv(db, &q, &b, &last_id)) {
		buf_free(&b);
		http_reply_db_error(req);
		return;
	}
	http_add_header(req, "Content-Disposition", "attachment; filename=\"outbox.csv\"");
	if (last_id)
		add_next_link(req, q.org_id, last_id);
	http_reply_bytes(req, 200, "text/csv; charset=utf-8", b.data, b.len);
	buf_free(&b);
}

const struct http_route org_account_routes[] = {
	{"POST", "/api/v1/auth/activate", post_activate, HTTP_PUBLIC, 64 * 1024},
	{"POST", "/api/v1/officials/{id}/invitation", post_invitation, HTTP_SESSION, 0},
	{"GET", "/api/v1/outbox", get_outbox, HTTP_SESSION, 0},
	{"GET", "/api/v1/outbox.csv", get_outbox_csv, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
