/* libmicrohttpd glue: the access handler, request lifecycle, dispatch to routes or static files. */
#include "http/http_int.h"

#include "core/log.h"
#include "core/util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define REQUEST_ARENA_CAP (64u << 20)

static bool valid_request_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_' || *s == '.'))
			return false;
	return true;
}

static void assign_request_id(struct http_request *req)
{
	const char *given = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "X-Request-Id");
	if (given && valid_request_id(given)) {
		snprintf(req->request_id, sizeof req->request_id, "%s", given);
		return;
	}
	/* A random per-process prefix and a counter: unique across processes, no system call per request. */
	uint64_t n = atomic_fetch_add_explicit(&req->srv->next_request, 1, memory_order_relaxed);
	snprintf(req->request_id, sizeof req->request_id, "%016llx%016llx", (unsigned long long)req->srv->id_prefix,
		 (unsigned long long)n);
}

static void stream_call(struct http_request *req, enum http_stream_event ev, const char *data, size_t len)
{
	req->stream_event = ev;
	req->stream_data = data;
	req->stream_len = len;
	req->route->handler(req);
	req->stream_data = NULL;
	req->stream_len = 0;
}

static struct http_request *request_new(struct http_server *srv, struct MHD_Connection *conn, const char *url,
					const char *method)
{
	struct http_request *req = calloc(1, sizeof *req);
	if (!req)
		return NULL;
	req->srv = srv;
	req->conn = conn;
	req->method = method;
	req->path = url;
	req->start_us = util_mono_us();
	arena_init(&req->arena, REQUEST_ARENA_CAP);
	buf_init(&req->body, srv->cfg.body_limit);
	assign_request_id(req);
	atomic_fetch_add_explicit(&srv->metrics.shards[http_metrics_shard()].in_flight, 1, memory_order_relaxed);
	return req;
}

static void request_free(struct http_request *req)
{
	if (!req)
		return;
	if (req->stream_begun)
		stream_call(req, HTTP_STREAM_DONE, NULL, 0);
	db_release(req->db);
	if (req->response)
		MHD_destroy_response(req->response);
	for (int i = 0; i < req->nheaders; i++) {
		free(req->headers[i].name);
		free(req->headers[i].value);
	}
	buf_free(&req->body);
	arena_free(&req->arena);
	atomic_fetch_sub_explicit(&req->srv->metrics.shards[http_metrics_shard()].in_flight, 1, memory_order_relaxed);
	free(req);
}

static bool is_unsafe_method(const char *m)
{
	return strcmp(m, "GET") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS");
}

struct utf8_check {
	bool ok;
};

static enum MHD_Result check_arg_utf8(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct utf8_check *c = cls;
	if (!util_utf8_valid(key, strlen(key)) || (value && !util_utf8_valid(value, strlen(value)))) {
		c->ok = false;
		return MHD_NO;
	}
	return MHD_YES;
}

static bool request_text_is_utf8(struct http_request *req)
{
	if (!util_utf8_valid(req->path, strlen(req->path)))
		return false;
	struct utf8_check c = {.ok = true};
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, check_arg_utf8, &c);
	return c.ok;
}

/* Decides, before any body arrives, what the request is: a route, a static file, or an error. */
static void classify(struct http_request *req)
{
	struct http_server *srv = req->srv;
	req->body_limit = srv->cfg.body_limit;
	if (!request_text_is_utf8(req)) {
		req->route_index = ROUTE_NOT_FOUND;
		http_reply_problem(req, 400, "invalid_utf8",
				   "The address or its query string is not valid UTF-8; percent-encode UTF-8 text.");
		return;
	}
	req->route_index = ROUTE_NOT_FOUND;
	int found = http_router_match(srv, req);
	if (found > 0) {
		size_t limit = req->route->body_limit & ~HTTP_STREAM;
		req->streaming = (req->route->body_limit & HTTP_STREAM) != 0;
		if (limit)
			req->body_limit = limit;
		req->body.cap = req->body_limit;
		return;
	}
	if (found < 0) {
		http_add_header(req, "Allow", req->allow);
		char detail[160];
		snprintf(detail, sizeof detail, "%s is not allowed on %.60s; use %s.", req->method, req->path,
			 req->allow);
		http_reply_problem(req, 405, "method_not_allowed", detail);
		return;
	}
	req->route_index = strncmp(req->path, "/api/", 5) ? ROUTE_STATIC : ROUTE_NOT_FOUND;
}

/* Bodies declared over the limit but at most this big are read and thrown away before the 413, so the
 * client, still sending, is not cut off by a reset before it reads the answer. Bigger ones are answered
 * at once and the connection closed: the server never reads megabytes it will not use. */
#define DRAIN_LIMIT (8u << 20)

/* Returns the declared Content-Length, or 0 when absent or not a number. */
static unsigned long long declared_length(struct http_request *req)
{
	const char *cl = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (!cl)
		return 0;
	char *end = NULL;
	unsigned long long n = strtoull(cl, &end, 10);
	return (end && *end == '\0') ? n : 0;
}

static void reply_too_large(struct http_request *req)
{
	char detail[128];
	snprintf(detail, sizeof detail, "The request body is larger than the %zu bytes this address accepts.",
		 req->body_limit);
	http_reply_problem(req, 413, "payload_too_large", detail);
}

/* Runs the route's permission check. Returns true when the caller may go on, or false with the reply set. */
static bool permitted(struct http_request *req)
{
	const char *perm = req->route->perm;
	if (!strcmp(perm, HTTP_PUBLIC))
		return true;
	if (http_auth_require(req))
		return false;
	if (!strcmp(perm, HTTP_SESSION))
		return true;
	struct db_conn *db = http_db(req);
	if (!db)
		return false;
	if (!req->srv->cfg.role_check || !req->srv->cfg.role_check(db, req->user.id, perm)) {
		char detail[128];
		snprintf(detail, sizeof detail, "This needs the %s role, which your account does not hold.", perm);
		http_reply_problem(req, 403, "forbidden", detail);
		return false;
	}
	return true;
}

static void call_handler(struct http_request *req)
{
	req->route->handler(req);
	if (!http_replied(req) && !req->cont) {
		log_error("handler for %s %s gave no reply", req->route->method, req->route->pattern);
		http_reply_problem(req, 500, "internal", "The server could not finish this request.");
	}
}

static void check_permission_and_call(struct http_request *req)
{
	if (permitted(req))
		call_handler(req);
}

static void dispatch(struct http_request *req)
{
	if (req->too_large) {
		reply_too_large(req);
		return;
	}
	if (req->route_index == ROUTE_STATIC) {
		if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD")) {
			http_add_header(req, "Allow", "GET, HEAD");
			http_reply_problem(req, 405, "method_not_allowed", "Files can only be read with GET or HEAD.");
			return;
		}
		http_static_serve(req);
		return;
	}
	if (!req->route) {
		char detail[160];
		snprintf(detail, sizeof detail, "There is nothing at %.100s.", req->path);
		http_reply_problem(req, 404, "not_found", detail);
		return;
	}
	if (req->streaming) {
		req->stream_event = HTTP_STREAM_END; /* permission and BEGIN ran on the first call */
		call_handler(req);
		return;
	}
	check_permission_and_call(req);
}

/* A streaming route's first call: the permission check and begin, before any body byte. The database
 * connection goes back to the pool at once: an upload may take minutes and must not hold one. */
static void stream_begin(struct http_request *req)
{
	if (permitted(req)) {
		req->stream_begun = true;
		stream_call(req, HTTP_STREAM_BEGIN, NULL, 0);
	}
	db_release(req->db);
	req->db = NULL;
}

/* A piece of a streamed body: to the handler while it still wants the body, else counted and thrown away.
 * Returns false when the connection should be closed (too much to throw away). */
static bool stream_chunk(struct http_request *req, const char *data, size_t len)
{
	req->stream_bytes += len;
	if (!http_replied(req) && req->stream_bytes > req->body_limit) {
		req->too_large = true;
		reply_too_large(req);
	}
	if (req->stream_begun && !http_replied(req) && !req->too_large) {
		stream_call(req, HTTP_STREAM_CHUNK, data, len);
		return true;
	}
	req->drained_bytes += len;
	return req->drained_bytes <= DRAIN_LIMIT;
}

static const char *client_addr_of(struct MHD_Connection *conn, char out[64])
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, 64, "-");
	if (!ci || !ci->client_addr)
		return out;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, 64);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, 64);
	return out;
}

static enum MHD_Result send_reply(struct http_request *req)
{
	if (!req->response)
		http_reply_problem(req, 500, "internal", "The server could not finish this request.");
	MHD_add_response_header(req->response, "X-Request-Id", req->request_id);
	MHD_add_response_header(req->response, "X-Content-Type-Options", "nosniff");
	for (int i = 0; i < req->nheaders; i++)
		MHD_add_response_header(req->response, req->headers[i].name, req->headers[i].value);
	enum MHD_Result rc = MHD_queue_response(req->conn, (unsigned)req->status, req->response);
	/* The handler is done with the database once it has replied: give the connection back now, not when
	 * the answer has finished sending. Held until then, a worker with several answers still going out
	 * could hold the whole pool and then wait on it for its next request: a deadlock. */
	db_release(req->db);
	req->db = NULL;
	int64_t elapsed = util_mono_us() - req->start_us;
	http_metrics_record(req->srv, req->route_index, req->method, req->status, elapsed);
	char addr[64];
	char ts[32];
	util_iso8601(util_now_ms(), ts);
	log_access("%s %s \"%s %.300s\" %d %lldus rid=%s uid=%lld", ts, client_addr_of(req->conn, addr), req->method,
		   req->path, req->status, (long long)elapsed, req->request_id,
		   req->has_user ? (long long)req->user.id : 0LL);
	return rc;
}

/* A deferred request's second half, on the call that follows http_resume. */
static void resume_call(struct http_request *req)
{
	http_handler_fn cont = req->cont;
	req->cont = NULL;
	atomic_fetch_sub(&req->srv->parked, 1);
	if (!http_replied(req))
		cont(req);
	if (!http_replied(req)) {
		log_error("deferred handler for %s %s gave no reply", req->method, req->path);
		http_reply_problem(req, 500, "internal", "The server could not finish this request.");
	}
}

void http_defer(struct http_request *req, http_handler_fn cont, void *state)
{
	req->cont = cont;
	req->deferred_state = state;
	atomic_fetch_add(&req->srv->parked, 1);
	db_release(req->db);
	req->db = NULL;
	MHD_suspend_connection(req->conn);
}

void *http_deferred_state(const struct http_request *req)
{
	return req->deferred_state;
}

void http_resume(struct http_request *req)
{
	MHD_resume_connection(req->conn);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	(void)version;
	struct http_server *srv = cls;
	struct http_request *req = *con_cls;
	if (!req) {
		req = request_new(srv, conn, url, method);
		if (!req)
			return MHD_NO;
		*con_cls = req;
		classify(req);
		unsigned long long declared = declared_length(req);
		if (!http_replied(req)) {
			if (declared > req->body_limit)
				req->too_large = true;
			if (req->too_large && declared > DRAIN_LIMIT) {
				/* Answer now: MHD then closes the connection instead of reading the body. */
				reply_too_large(req);
				return send_reply(req);
			}
			if (!req->too_large && req->streaming) {
				stream_begin(req);
				/* Refused before the body: answer now only when the body is too big to throw away. */
				if (http_replied(req) && declared > DRAIN_LIMIT)
					return send_reply(req);
			}
		}
		return MHD_YES;
	}
	if (*upload_data_size && req->streaming) {
		bool keep = stream_chunk(req, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return keep ? MHD_YES : MHD_NO;
	}
	if (*upload_data_size) {
		if (!req->too_large && !http_replied(req)) {
			if (req->body.len + *upload_data_size > req->body_limit ||
			    buf_append(&req->body, upload_data, *upload_data_size)) {
				req->too_large = true;
				buf_free(&req->body);
			}
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (req->cont) {
		resume_call(req);
		return send_reply(req);
	}
	if (!http_replied(req))
		dispatch(req);
	if (req->cont)
		return MHD_YES; /* parked until http_resume */
	return send_reply(req);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	request_free(*con_cls);
	*con_cls = NULL;
}

static int parse_listen(const char *listen, struct sockaddr_in *addr)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof host)
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end = NULL;
	long port = strtol(colon + 1, &end, 10);
	if (!end || *end || port < 1 || port > 65535)
		return -1;
	memset(addr, 0, sizeof *addr);
	addr->sin_family = AF_INET;
	addr->sin_port = htons((uint16_t)port);
	if (!*host || !strcmp(host, "*"))
		addr->sin_addr.s_addr = htonl(INADDR_ANY);
	else if (!strcmp(host, "localhost"))
		addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else if (inet_pton(AF_INET, host, &addr->sin_addr) != 1)
		return -1;
	return 0;
}

int http_server_start(const struct http_config *cfg, const struct http_route *const *tables, struct db_pool *pool,
		      struct db_gc *gc, struct http_server **out)
{
	*out = NULL;
	struct sockaddr_in addr;
	if (parse_listen(cfg->listen, &addr)) {
		log_error("listen address must look like 127.0.0.1:8080 (got \"%s\")", cfg->listen);
		return -1;
	}
	struct http_server *srv = calloc(1, sizeof *srv);
	if (!srv)
		return -1;
	srv->cfg = *cfg;
	if (!srv->cfg.body_limit)
		srv->cfg.body_limit = HTTP_DEFAULT_BODY_LIMIT;
	srv->pool = pool;
	srv->gc = gc;
	srv->started_ms = util_now_ms();
	randombytes_buf(&srv->id_prefix, sizeof srv->id_prefix);
	srv->web_root_real = realpath(cfg->web_root, NULL);
	if (!srv->web_root_real) {
		log_error("web folder %s does not exist", cfg->web_root);
		goto fail;
	}
	if (http_router_build(srv, tables))
		goto fail;
	/* libmicrohttpd zeroes a connection's whole memory pool before each request on a kept-alive connection:
	 * 32 KiB holds a request line and headers of 10 KiB and more besides (bodies go to our own buffer, and
	 * tests send 10 KiB tokens to be told 401, not 431) and costs half of what 64 KiB did on every request. */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_TURBO |
			 MHD_ALLOW_SUSPEND_RESUME;
	srv->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR, &addr,
				       MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads > 0 ? cfg->threads : 4),
				       MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_CONNECTION_TIMEOUT,
				       60u, MHD_OPTION_CONNECTION_LIMIT, 20000u, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
				       (size_t)(32 * 1024), MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
	if (!srv->daemon) {
		log_error("cannot listen on %s (in use, or not allowed)", cfg->listen);
		goto fail;
	}
	*out = srv;
	return 0;
fail:
	http_router_free(srv);
	free(srv->web_root_real);
	free(srv);
	return -1;
}

void http_server_stop(struct http_server *srv)
{
	if (!srv)
		return;
	/* A parked request is resumed by the thread finishing its work (the group-commit writer outlives the
	 * server); libmicrohttpd must not be stopped under a suspended connection. */
	for (int i = 0; i < 1000 && atomic_load(&srv->parked) > 0; i++)
		usleep(10 * 1000);
	if (srv->daemon)
		MHD_stop_daemon(srv->daemon);
	http_router_free(srv);
	free(srv->web_root_real);
	free(srv);
}

/* --- accessors --- */

const char *http_method(const struct http_request *req)
{
	return req->method;
}

const char *http_path(const struct http_request *req)
{
	return req->path;
}

const char *http_param(const struct http_request *req, const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; i < req->nparams; i++)
		if (req->params[i].name_len == n && !memcmp(req->params[i].name, name, n))
			return req->params[i].value;
	return NULL;
}

const char *http_query(struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_header(struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_request_id(const struct http_request *req)
{
	return req->request_id;
}

struct arena *http_arena(struct http_request *req)
{
	return &req->arena;
}

const struct http_config *http_config(const struct http_request *req)
{
	return &req->srv->cfg;
}

const struct http_user *http_user(const struct http_request *req)
{
	return req->has_user ? &req->user : NULL;
}

struct db_conn *http_db(struct http_request *req)
{
	if (!req->db)
		req->db = db_acquire(req->srv->pool);
	if (!req->db)
		http_reply_problem(req, 503, "db_unavailable",
				   "The database cannot be reached just now; please try again in a moment.");
	return req->db;
}

struct db_pool *http_pool(struct http_request *req)
{
	return req->srv->pool;
}

struct db_gc *http_gc(struct http_request *req)
{
	return req->srv->gc;
}

const char *http_client_addr(struct http_request *req)
{
	char tmp[64];
	client_addr_of(req->conn, tmp);
	return arena_strdup(&req->arena, tmp);
}

bool http_unsafe_method(const struct http_request *req)
{
	return is_unsafe_method(req->method);
}

enum http_stream_event http_stream_event(const struct http_request *req, const char **data, size_t *len)
{
	if (data)
		*data = req->stream_data;
	if (len)
		*len = req->stream_len;
	return req->stream_event;
}

void http_set_stream_state(struct http_request *req, void *state)
{
	req->stream_state = state;
}

void *http_stream_state(const struct http_request *req)
{
	return req->stream_state;
}

int64_t http_content_length(struct http_request *req)
{
	const char *cl = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (!cl || !*cl)
		return -1;
	char *end = NULL;
	unsigned long long n = strtoull(cl, &end, 10);
	return (end && *end == '\0' && n <= INT64_MAX) ? (int64_t)n : -1;
}

void http_reply_file(struct http_request *req, int status, const char *content_type, int fd, uint64_t offset,
		     uint64_t len)
{
	struct MHD_Response *r = MHD_create_response_from_fd_at_offset64(len, fd, offset);
	if (!r) {
		close(fd);
		http_reply_response(req, 500, NULL);
		return;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	http_reply_response(req, status, r);
}

const char *http_body(struct http_request *req, size_t *len)
{
	*len = req->body.len;
	return req->body.data ? req->body.data : "";
}

json_t *http_body_json(struct http_request *req)
{
	const char *ct = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t base = ct ? strcspn(ct, ";") : 0;
	while (base && (ct[base - 1] == ' ' || ct[base - 1] == '\t'))
		base--;
	if (!ct || base != strlen("application/json") || strncasecmp(ct, "application/json", base)) {
		http_reply_problem(req, 415, "unsupported_media_type",
				   "Send the body as JSON with the header Content-Type: application/json.");
		return NULL;
	}
	if (req->body.len == 0) {
		http_reply_problem(req, 400, "bad_request", "The request body is empty; send a JSON object.");
		return NULL;
	}
	if (!util_utf8_valid(req->body.data, req->body.len)) {
		http_reply_problem(req, 400, "invalid_utf8", "The request body is not valid UTF-8.");
		return NULL;
	}
	json_error_t err;
	json_t *v = json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
	if (!v) {
		char detail[300];
		snprintf(detail, sizeof detail, "The body is not valid JSON: %s (line %d, column %d).", err.text,
			 err.line, err.column);
		http_reply_problem(req, 400, "malformed_json", detail);
	}
	return v;
}
