/* The HTTP core's public face for modules: route tables, request accessors, replies, sessions.
 *
 * A module serves by declaring a table of routes; the server matches method and path, checks the
 * route's permission and body limit, and calls the handler once the whole body has arrived. A handler
 * answers with exactly one http_reply_* call; errors always go out as problem+json (RFC 9457).
 * A route may instead take its body as a stream (uploads): see HTTP_STREAM. */
#ifndef KY_HTTP_HTTP_H
#define KY_HTTP_HTTP_H

#include "core/arena.h"
#include "db/db.h"
#include "db/groupcommit.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_WUR __attribute__((warn_unused_result))

struct http_request;
struct http_server;

typedef void (*http_handler_fn)(struct http_request *req);

/* A body streamed to the route as it arrives, never collected in memory (uploads). A route asks for it
 * with HTTP_STREAM in body_limit (HTTP_STREAM | limit; the limit caps the whole body). Its handler is
 * then called several times, and http_stream_event tells it which call this is:
 *  - HTTP_STREAM_BEGIN once the permission check has passed, before any body byte (query and headers are
 *    there; http_db works, and the connection is given back to the pool when the call returns);
 *  - HTTP_STREAM_CHUNK for each piece of the body, in order, as libmicrohttpd delivers it;
 *  - HTTP_STREAM_END once the whole body is in: it replies, as any handler does;
 *  - HTTP_STREAM_DONE last, exactly once when BEGIN ran, whether the request was answered or the client
 *    went away mid-body: it frees and removes whatever BEGIN made (kept with http_set_stream_state).
 * BEGIN or CHUNK may reply to stop early (a 413 as soon as a limit is passed, a 415 from the first bytes):
 * no more chunks come, END is skipped, and the rest of the body is read and thrown away (a few MiB at
 * most; past that the connection is closed) before the reply goes out, because libmicrohttpd takes a
 * reply only once the body is over. */
#define HTTP_STREAM ((size_t)1 << (sizeof(size_t) * 8 - 1))
enum http_stream_event { HTTP_STREAM_BEGIN, HTTP_STREAM_CHUNK, HTTP_STREAM_END, HTTP_STREAM_DONE };

/* Route permissions: who may call. Anything else is a role name: the caller must hold that role on
 * some organisation (the handler then checks the scope with its own data). */
#define HTTP_PUBLIC "public"
#define HTTP_SESSION "session"

struct http_route {
	const char *method;  /* "GET", "POST", ... */
	const char *pattern; /* "/api/v1/things/{id}": {name} matches one non-empty path segment */
	http_handler_fn handler;
	const char *perm;  /* HTTP_PUBLIC, HTTP_SESSION or a role */
	size_t body_limit; /* bytes; 0 means the server default (1 MiB); | HTTP_STREAM to stream it */
};
/* Tables end with an entry whose method is NULL. */

/* Who is calling, when the request carries a valid session. */
struct http_user {
	int64_t id;
	int64_t org_id;
	const char *email;
};

/* Answers whether official_id holds role on some organisation (for route permissions). */
typedef bool (*http_role_check_fn)(struct db_conn *conn, int64_t official_id, const char *role);

struct http_config {
	const char *listen;   /* "127.0.0.1:8080" */
	const char *web_root; /* folder of static files */
	const char *data_dir; /* uploaded files */
	int threads;
	int64_t session_ttl_ms;
	size_t body_limit; /* default per request */
	http_role_check_fn role_check;
	const char *public_url; /* "https://igot.example.gov.in": absolute links strangers open (verification,
				 * QR codes, Open Badges ids); no trailing slash */
};

/* --- server lifecycle (cmd/serve.c) --- */

/* Starts listening; tables is a NULL-terminated list of route tables. The pool and gc stay owned by
 * the caller and must outlive the server. Returns 0 and sets *out, or -1 (logged). */
int http_server_start(const struct http_config *cfg, const struct http_route *const *tables, struct db_pool *pool,
		      struct db_gc *gc, struct http_server **out) HTTP_WUR;
/* Stops accepting, finishes requests in flight, frees the server. NULL is accepted. */
void http_server_stop(struct http_server *srv);

/* --- request accessors --- */

const char *http_method(const struct http_request *req);
const char *http_path(const struct http_request *req);
/* A path parameter by name ({id}), or NULL. */
const char *http_param(const struct http_request *req, const char *name);
/* A query argument (already percent-decoded and checked as UTF-8), or NULL. */
const char *http_query(struct http_request *req, const char *name);
const char *http_header(struct http_request *req, const char *name);
const char *http_request_id(const struct http_request *req);
/* The request's arena: what is allocated from it dies with the request. */
struct arena *http_arena(struct http_request *req);
const struct http_config *http_config(const struct http_request *req);
/* The caller, or NULL on a public route without a session. */
const struct http_user *http_user(const struct http_request *req);
/* A database connection for this request, borrowed on first use and given back when the request ends.
 * NULL when the database cannot be reached: the reply (503) is already set. */
struct db_conn *http_db(struct http_request *req);
struct db_pool *http_pool(struct http_request *req);
struct db_gc *http_gc(struct http_request *req);
/* The client's address as text. */
const char *http_client_addr(struct http_request *req);

/* For a streaming route's handler (see HTTP_STREAM): which call this is; for HTTP_STREAM_CHUNK, data and
 * len are the piece of the body (valid during the call only). */
enum http_stream_event http_stream_event(const struct http_request *req, const char **data, size_t *len);
/* A streaming route's own state for this request; NULL until set. */
void http_set_stream_state(struct http_request *req, void *state);
void *http_stream_state(const struct http_request *req);
/* The declared Content-Length, or -1 when the request has none (chunked) or it is not a number. */
int64_t http_content_length(struct http_request *req);

/* The raw request body (not NUL-terminated; "" when empty); valid until the request ends. */
const char *http_body(struct http_request *req, size_t *len);
/* The body parsed as a JSON value (owned by the caller: json_decref), or NULL with the reply set:
 * 415 without a JSON Content-Type, 400 for an empty, invalid-UTF-8 or malformed body. */
json_t *http_body_json(struct http_request *req) HTTP_WUR;

/* --- deferred replies --- */

/* A handler that waits on work another thread finishes (a group-commit write) parks its request instead
 * of holding a worker thread: http_defer(req, cont) suspends the connection and gives the database
 * connection back to the pool (state is kept for cont); the handler then starts the work and returns without replying.
 * When the work is done, its thread calls http_resume(req) exactly once; cont(req) then runs on a worker thread and
 * replies as a handler does (http_db works again there). */
void http_defer(struct http_request *req, http_handler_fn cont, void *state);
void http_resume(struct http_request *req);
/* The state given to http_defer, for cont. */
void *http_deferred_state(const struct http_request *req);

/* --- replies: exactly one per request --- */

/* Sends value as JSON; steals the reference (NULL value sends a 500). */
void http_reply_json(struct http_request *req, int status, json_t *value);
void http_reply_empty(struct http_request *req, int status);
/* body is copied. */
void http_reply_bytes(struct http_request *req, int status, const char *content_type, const char *body, size_t len);
/* problem+json with a stable code, a title from the status, and detail for a person. */
void http_reply_problem(struct http_request *req, int status, const char *code, const char *detail);
/* A problem with extension members (e.g. a report): extra's members are added to the problem; steals extra. */
void http_reply_problem_with(struct http_request *req, int status, const char *code, const char *detail, json_t *extra);
/* A problem with errors: an array of {field, message}; steals errors. */
void http_reply_problem_errors(struct http_request *req, int status, const char *code, const char *detail,
			       json_t *errors);
/* 422 validation_failed with errors: an array of {field, message}; steals errors. */
void http_reply_invalid(struct http_request *req, json_t *errors);
/* Adds a field error to an errors array (creates it when *errors is NULL). */
void http_field_error(json_t **errors, const char *field, const char *message);
/* Sends len bytes of the open file fd from offset (sendfile, never read into memory); takes fd, which
 * is closed when the answer is sent or on failure (a 500 is set). For 200 and 206; HEAD sends headers. */
void http_reply_file(struct http_request *req, int status, const char *content_type, int fd, uint64_t offset,
		     uint64_t len);
/* Adds a response header (name and value are copied); up to 8 per reply. */
void http_add_header(struct http_request *req, const char *name, const char *value);
bool http_replied(const struct http_request *req);

/* --- sessions (auth.c) --- */

struct http_session_tokens {
	char token[65];      /* what the client keeps */
	char csrf_token[65]; /* what the client echoes in X-CSRF-Token with the cookie */
	int64_t expires_at;  /* epoch ms */
};

/* Starts a session for official_id, stores only the token's hash, sets the session cookie.
 * Returns 0, or -1 with a 503/500 reply set. */
int http_session_start(struct http_request *req, int64_t official_id, struct http_session_tokens *out) HTTP_WUR;
/* Ends the caller's session and clears the cookie. Returns 0, or -1 with the reply set. */
int http_session_end(struct http_request *req) HTTP_WUR;
/* The CSRF token that belongs to the caller's session (64 hex), or NULL. */
const char *http_session_csrf(struct http_request *req);

#endif
