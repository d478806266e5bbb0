/* Private to src/http: the server and request structs, shared by the files of the HTTP core. */
#ifndef KY_HTTP_INT_H
#define KY_HTTP_INT_H

#include "core/buf.h"
#include "http/http.h"

#include <microhttpd.h>
#include <stdatomic.h>

#define HTTP_MAX_PARAMS 8
#define HTTP_MAX_HEADERS 8
#define HTTP_DEFAULT_BODY_LIMIT (1u << 20)

/* Status codes counted one by one in the metrics; the rest fall in "other". */
#define METRIC_STATUSES 19
/* Methods counted one by one: GET HEAD POST PUT PATCH DELETE OPTIONS, then "other". */
#define METRIC_METHODS 8
#define METRIC_BUCKETS 13

/* Pseudo-routes for what no table names. */
enum { ROUTE_STATIC = 0, ROUTE_NOT_FOUND = 1, ROUTE_FIRST_TABLE = 2 };

/* Counters are sharded by worker thread, each shard on its own cache lines, so threads counting the
 * same route never fight over one line; /metrics adds the shards up. */
#define METRIC_SHARDS 8

struct route_counts {
	_Alignas(64) _Atomic uint64_t count[METRIC_METHODS][METRIC_STATUSES + 1];
};

struct route_entry {
	const struct http_route *route;
	const char *label; /* the pattern, for metrics */
	struct route_counts *shards; /* METRIC_SHARDS of them */
};

struct metrics_shard {
	_Alignas(64) _Atomic uint64_t buckets[METRIC_BUCKETS]; /* cumulative counts are made when printed */
	_Atomic uint64_t sum_us;
	_Atomic uint64_t count;
	_Atomic int64_t in_flight; /* may go negative in one shard when a request ends on another thread */
};

struct http_metrics {
	struct metrics_shard shards[METRIC_SHARDS];
};

/* The calling thread's shard, fixed at its first call. */
int http_metrics_shard(void);

struct http_server {
	struct http_config cfg;
	char *web_root_real; /* realpath of cfg.web_root */
	struct MHD_Daemon *daemon;
	struct db_pool *pool;
	struct db_gc *gc;
	struct route_entry *routes;
	size_t nroutes;
	struct http_metrics metrics;
	int64_t started_ms;
	uint64_t id_prefix;               /* random, per process: request ids are prefix + counter */
	_Atomic uint64_t next_request;
	_Atomic int64_t parked; /* requests deferred and not yet resumed (http_defer) */
};

struct http_request {
	struct http_server *srv;
	struct MHD_Connection *conn;
	const char *method;
	const char *path;
	struct arena arena;
	size_t route_index;
	const struct http_route *route;
	struct {
		const char *name;
		size_t name_len;
		const char *value;
	} params[HTTP_MAX_PARAMS];
	int nparams;
	char allow[64];     /* methods for a 405 */
	struct buf body;
	size_t body_limit;
	bool too_large;
	/* streaming routes (HTTP_STREAM) */
	bool streaming;          /* the route asked for it */
	bool stream_begun;       /* BEGIN ran, so DONE must */
	enum http_stream_event stream_event;
	const char *stream_data;
	size_t stream_len;
	uint64_t stream_bytes;   /* body bytes seen, passed to chunk or thrown away */
	uint64_t drained_bytes;  /* thrown away after an early reply */
	void *stream_state;
	char request_id[65];
	int64_t start_us;
	struct db_conn *db;
	http_handler_fn cont; /* set while deferred: runs once the request is resumed */
	void *deferred_state; /* for cont */
	struct http_user user;
	bool has_user;
	bool session_via_cookie;
	unsigned char session_token[32];
	/* the reply */
	struct MHD_Response *response;
	int status;
	struct {
		char *name;
		char *value;
	} headers[HTTP_MAX_HEADERS];
	int nheaders;
};

/* server.c */
bool http_unsafe_method(const struct http_request *req);

/* router.c */
int http_router_build(struct http_server *srv, const struct http_route *const *tables) HTTP_WUR;
void http_router_free(struct http_server *srv);
/* Finds the route for req->method and req->path; sets route, route_index and params, or an allow list
 * (405) or nothing (404). Returns 1 found, 0 not found, -1 method not allowed. */
int http_router_match(struct http_server *srv, struct http_request *req);

/* static.c */
void http_static_serve(struct http_request *req);

/* auth.c */
/* Loads the session from the bearer header or cookie. Returns 0 with user set, or -1 with 401/403/503. */
int http_auth_require(struct http_request *req);

/* metrics.c */
void http_metrics_record(struct http_server *srv, size_t route_index, const char *method, int status,
			 int64_t elapsed_us);
void http_metrics_reply(struct http_request *req);

/* core_routes.c */
extern const struct http_route http_core_routes[];

/* reply.c */
const char *http_status_title(int status);
void http_reply_response(struct http_request *req, int status, struct MHD_Response *response);

#endif
