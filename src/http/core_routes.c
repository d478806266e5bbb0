/* The server's own routes: liveness, readiness, metrics and the benchmark ceiling. */
#include "http/http_int.h"

static void get_healthz(struct http_request *req)
{
	static const char body[] = "{\"status\":\"ok\"}";
	http_reply_bytes(req, 200, "application/json", body, sizeof body - 1);
}

static void get_readyz(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	if (!db)
		return;
	if (!db_ping(db)) {
		http_reply_problem(req, 503, "db_unavailable", "The database does not answer.");
		return;
	}
	http_reply_json(req, 200,
			json_pack("{s:s, s:s}", "status", "ready", "database",
				  db_backend_name(db_pool_backend(req->srv->pool))));
}

static void get_metrics(struct http_request *req)
{
	http_metrics_reply(req);
}

/* The ceiling for `make bench`: the cheapest JSON answer the server can give. */
static void get_hello(struct http_request *req)
{
	static const char body[] = "{\"ok\":true}";
	struct MHD_Response *r =
		MHD_create_response_from_buffer(sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
	if (r)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	http_reply_response(req, 200, r);
}

const struct http_route http_core_routes[] = {
	{"GET", "/healthz", get_healthz, HTTP_PUBLIC, 0},
	{"GET", "/readyz", get_readyz, HTTP_PUBLIC, 0},
	{"GET", "/metrics", get_metrics, HTTP_PUBLIC, 0},
	{"GET", "/api/v1/hello", get_hello, HTTP_PUBLIC, 0},
	{NULL, NULL, NULL, NULL, 0},
};
