/* Prometheus metrics: requests by route, method and status; a latency histogram; database figures. */
#include "http/http_int.h"

#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const int STATUSES[METRIC_STATUSES] = {200, 201, 204, 206, 301, 304, 400, 401, 403, 404,
					      405, 409, 413, 415, 422, 429, 500, 503, 302};
static const int64_t BUCKET_US[METRIC_BUCKETS - 1] = {250, 500, 1000, 2500, 5000, 10000,
						       25000, 50000, 100000, 250000, 500000, 1000000};
static const char *const BUCKET_LE[METRIC_BUCKETS] = {"0.00025", "0.0005", "0.001", "0.0025", "0.005",
						      "0.01",    "0.025",  "0.05",  "0.1",    "0.25",
						      "0.5",     "1",      "+Inf"};

static const char *const METHODS[METRIC_METHODS] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other"};

static int method_slot(const char *method)
{
	for (int i = 0; i < METRIC_METHODS - 1; i++)
		if (!strcmp(METHODS[i], method))
			return i;
	return METRIC_METHODS - 1;
}

static int status_slot(int status)
{
	for (int i = 0; i < METRIC_STATUSES; i++)
		if (STATUSES[i] == status)
			return i;
	return METRIC_STATUSES;
}

int http_metrics_shard(void)
{
	/* Thread-local by design: which shard this worker counts in. */
	static _Atomic int next_shard;
	static _Thread_local int shard = -1;
	if (shard < 0)
		shard = atomic_fetch_add_explicit(&next_shard, 1, memory_order_relaxed) % METRIC_SHARDS;
	return shard;
}

void http_metrics_record(struct http_server *srv, size_t route_index, const char *method, int status,
			 int64_t elapsed_us)
{
	int shard = http_metrics_shard();
	if (route_index < srv->nroutes)
		atomic_fetch_add_explicit(
			&srv->routes[route_index].shards[shard].count[method_slot(method)][status_slot(status)], 1,
			memory_order_relaxed);
	int b = 0;
	while (b < METRIC_BUCKETS - 1 && elapsed_us > BUCKET_US[b])
		b++;
	struct metrics_shard *m = &srv->metrics.shards[shard];
	atomic_fetch_add_explicit(&m->buckets[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->sum_us, (uint64_t)(elapsed_us > 0 ? elapsed_us : 0), memory_order_relaxed);
	atomic_fetch_add_explicit(&m->count, 1, memory_order_relaxed);
}

static uint64_t route_count(const struct route_entry *e, int m, int s)
{
	uint64_t v = 0;
	for (int i = 0; i < METRIC_SHARDS; i++)
		v += atomic_load_explicit(&e->shards[i].count[m][s], memory_order_relaxed);
	return v;
}

static int print_requests(struct http_server *srv, struct buf *b)
{
	int rc = buf_puts(b, "# HELP karmayogi_http_requests_total HTTP requests answered, by route and status.\n"
			     "# TYPE karmayogi_http_requests_total counter\n");
	for (size_t i = 0; i < srv->nroutes && !rc; i++) {
		struct route_entry *e = &srv->routes[i];
		for (int m = 0; m < METRIC_METHODS && !rc; m++) {
			for (int s = 0; s <= METRIC_STATUSES && !rc; s++) {
				uint64_t v = route_count(e, m, s);
				if (!v)
					continue;
				char status[8];
				if (s < METRIC_STATUSES)
					snprintf(status, sizeof status, "%d", STATUSES[s]);
				else
					snprintf(status, sizeof status, "other");
				rc = buf_printf(b,
						"karmayogi_http_requests_total{method=\"%s\",route=\"%s\",status=\"%s\"} "
						"%llu\n",
						METHODS[m], e->label, status, (unsigned long long)v);
			}
		}
	}
	return rc;
}

static int print_latency(struct http_server *srv, struct buf *b)
{
	int rc = buf_puts(b, "# HELP karmayogi_http_request_duration_seconds Time from request to answer.\n"
			     "# TYPE karmayogi_http_request_duration_seconds histogram\n");
	uint64_t cumulative = 0, sum_us = 0, count = 0;
	int64_t in_flight = 0;
	for (int s = 0; s < METRIC_SHARDS; s++) {
		struct metrics_shard *m = &srv->metrics.shards[s];
		sum_us += atomic_load_explicit(&m->sum_us, memory_order_relaxed);
		count += atomic_load_explicit(&m->count, memory_order_relaxed);
		in_flight += atomic_load_explicit(&m->in_flight, memory_order_relaxed);
	}
	for (int i = 0; i < METRIC_BUCKETS && !rc; i++) {
		for (int s = 0; s < METRIC_SHARDS; s++)
			cumulative += atomic_load_explicit(&srv->metrics.shards[s].buckets[i], memory_order_relaxed);
		rc = buf_printf(b, "karmayogi_http_request_duration_seconds_bucket{le=\"%s\"} %llu\n", BUCKET_LE[i],
				(unsigned long long)cumulative);
	}
	if (!rc)
		rc = buf_printf(b,
				"karmayogi_http_request_duration_seconds_sum %.6f\n"
				"karmayogi_http_request_duration_seconds_count %llu\n"
				"# HELP karmayogi_http_requests_in_flight Requests being handled now.\n"
				"# TYPE karmayogi_http_requests_in_flight gauge\n"
				"karmayogi_http_requests_in_flight %lld\n",
				(double)sum_us / 1e6, (unsigned long long)count, (long long)in_flight);
	return rc;
}

static int print_db(struct http_server *srv, struct buf *b)
{
	struct db_pool_stats ps;
	db_pool_stats(srv->pool, &ps);
	struct db_gc_stats gs = {0};
	if (srv->gc)
		db_gc_stats(srv->gc, &gs);
	return buf_printf(b,
			  "# HELP karmayogi_db_pool_size Database connections in the pool.\n"
			  "# TYPE karmayogi_db_pool_size gauge\n"
			  "karmayogi_db_pool_size{backend=\"%s\"} %d\n"
			  "# HELP karmayogi_db_pool_in_use Database connections lent out now.\n"
			  "# TYPE karmayogi_db_pool_in_use gauge\n"
			  "karmayogi_db_pool_in_use %d\n"
			  "# HELP karmayogi_db_pool_acquires_total Connections lent out.\n"
			  "# TYPE karmayogi_db_pool_acquires_total counter\n"
			  "karmayogi_db_pool_acquires_total %llu\n"
			  "# HELP karmayogi_db_pool_waits_total Loans that had to wait for a free connection.\n"
			  "# TYPE karmayogi_db_pool_waits_total counter\n"
			  "karmayogi_db_pool_waits_total %llu\n"
			  "# HELP karmayogi_db_group_commits_total Group-commit transactions committed.\n"
			  "# TYPE karmayogi_db_group_commits_total counter\n"
			  "karmayogi_db_group_commits_total %llu\n"
			  "# HELP karmayogi_db_group_commit_writes_total Writes committed by group commit.\n"
			  "# TYPE karmayogi_db_group_commit_writes_total counter\n"
			  "karmayogi_db_group_commit_writes_total %llu\n"
			  "# HELP karmayogi_db_group_commit_failed_total Writes undone inside group commits.\n"
			  "# TYPE karmayogi_db_group_commit_failed_total counter\n"
			  "karmayogi_db_group_commit_failed_total %llu\n",
			  db_backend_name(db_pool_backend(srv->pool)), ps.size, ps.in_use,
			  (unsigned long long)ps.acquires, (unsigned long long)ps.waits, (unsigned long long)gs.commits,
			  (unsigned long long)gs.writes, (unsigned long long)gs.failed);
}

void http_metrics_reply(struct http_request *req)
{
	struct buf b;
	buf_init(&b, 8u << 20);
	if (print_requests(req->srv, &b) || print_latency(req->srv, &b) || print_db(req->srv, &b)) {
		buf_free(&b);
		http_reply_problem(req, 500, "internal", "The metrics could not be written.");
		return;
	}
	http_reply_bytes(req, 200, "text/plain; version=0.0.4; charset=utf-8", b.data, b.len);
	buf_free(&b);
}
