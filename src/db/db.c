/* The database seam: pool, statement cache and thin wrappers that dispatch to a backend's ops. */
#include "db/db_int.h"

#include "core/log.h"

#include <stdlib.h>
#include <string.h>

const char *db_backend_name(enum db_backend b)
{
	return b == DB_SQLITE ? "sqlite" : "postgresql";
}

static int conn_init(struct db_pool *pool, struct db_conn *c)
{
	char err[256] = "";
	memset(c, 0, sizeof *c);
	c->ops = pool->ops;
	c->pool = pool;
	c->impl = pool->ops->open(pool->target, err, sizeof err);
	if (!c->impl) {
		log_error("cannot open %s database: %s", pool->ops->name, err);
		return -1;
	}
	return 0;
}

static void conn_fini(struct db_conn *c)
{
	if (!c || !c->impl)
		return;
	for (int i = 0; i < DB_STMT_BUCKETS; i++) {
		struct db_stmt *st = c->stmts[i];
		while (st) {
			struct db_stmt *next = st->next;
			c->ops->stmt_free(st->impl);
			free(st->sql);
			free(st);
			st = next;
		}
		c->stmts[i] = NULL;
		c->by_origin[i] = NULL;
	}
	c->ops->close(c->impl);
	c->impl = NULL;
}

int db_pool_open(const char *url, int size, struct db_pool **out)
{
	*out = NULL;
	struct db_pool *pool = calloc(1, sizeof *pool);
	if (!pool)
		return -1;
	if (!strncmp(url, "sqlite:", 7)) {
		pool->ops = &db_sqlite_ops;
		pool->backend = DB_SQLITE;
		pool->target = strdup(url + 7);
	} else if (!strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13)) {
		pool->ops = &db_pg_ops;
		pool->backend = DB_POSTGRES;
		pool->target = strdup(url);
	} else {
		log_error("database URL must start with sqlite: or postgres:// (got \"%.40s\")", url);
		free(pool);
		return -1;
	}
	if (size < 1)
		size = 1;
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->freed, NULL);
	pool->conns = calloc((size_t)size, sizeof *pool->conns);
	if (!pool->target || !pool->conns) {
		db_pool_close(pool);
		return -1;
	}
	for (int i = 0; i < size; i++) {
		if (conn_init(pool, &pool->conns[i])) {
			db_pool_close(pool);
			return -1;
		}
		pool->conns[i].next_free = pool->free_list;
		pool->free_list = &pool->conns[i];
		pool->size++;
	}
	*out = pool;
	return 0;
}

void db_pool_close(struct db_pool *pool)
{
	if (!pool)
		return;
	for (int i = 0; i < pool->size; i++)
		conn_fini(&pool->conns[i]);
	free(pool->conns);
	free(pool->target);
	pthread_mutex_destroy(&pool->lock);
	pthread_cond_destroy(&pool->freed);
	free(pool);
}

enum db_backend db_pool_backend(const struct db_pool *pool)
{
	return pool->backend;
}

void db_pool_stats(struct db_pool *pool, struct db_pool_stats *out)
{
	pthread_mutex_lock(&pool->lock);
	out->size = pool->size;
	out->in_use = pool->in_use;
	out->acquires = pool->acquires;
	out->waits = pool->waits;
	pthread_mutex_unlock(&pool->lock);
}

struct db_conn *db_acquire(struct db_pool *pool)
{
	pthread_mutex_lock(&pool->lock);
	pool->acquires++;
	if (!pool->free_list)
		pool->waits++;
	while (!pool->free_list && !pool->closing)
		pthread_cond_wait(&pool->freed, &pool->lock);
	struct db_conn *c = pool->closing ? NULL : pool->free_list;
	if (c) {
		pool->free_list = c->next_free;
		pool->in_use++;
	}
	pthread_mutex_unlock(&pool->lock);
	if (c && (!c->impl || c->ops->broken(c->impl))) {
		/* A lost PostgreSQL connection loses its prepared statements too: start afresh. */
		conn_fini(c);
		if (conn_init(pool, c)) {
			db_release(c);
			return NULL;
		}
	}
	return c;
}

void db_release(struct db_conn *c)
{
	if (!c)
		return;
	if (c->in_tx)
		db_rollback(c);
	struct db_pool *pool = c->pool;
	pthread_mutex_lock(&pool->lock);
	c->next_free = pool->free_list;
	pool->free_list = c;
	pool->in_use--;
	pthread_cond_signal(&pool->freed);
	pthread_mutex_unlock(&pool->lock);
}

int db_conn_open_private(struct db_pool *pool, struct db_conn **out)
{
	*out = NULL;
	struct db_conn *c = malloc(sizeof *c);
	if (!c)
		return -1;
	if (conn_init(pool, c)) {
		free(c);
		return -1;
	}
	*out = c;
	return 0;
}

void db_conn_close(struct db_conn *c)
{
	if (!c)
		return;
	conn_fini(c);
	free(c);
}

enum db_backend db_conn_backend(const struct db_conn *c)
{
	return c->pool->backend;
}

int db_exec(struct db_conn *c, const char *sql)
{
	int rc = c->ops->exec(c->impl, sql);
	if (rc)
		log_error("sql failed: %s", c->ops->errmsg(c->impl));
	return rc;
}

int db_begin(struct db_conn *c)
{
	int rc = db_exec(c, c->ops->begin_sql);
	if (!rc)
		c->in_tx = true;
	return rc;
}

int db_begin_read(struct db_conn *c)
{
	int rc = db_exec(c, c->ops->begin_read_sql);
	if (!rc)
		c->in_tx = true;
	return rc;
}

int db_commit(struct db_conn *c)
{
	int rc = c->ops->exec(c->impl, "COMMIT");
	if (rc) {
		log_error("commit failed: %s", c->ops->errmsg(c->impl));
		db_rollback(c);
		return rc;
	}
	c->in_tx = false;
	return 0;
}

void db_rollback(struct db_conn *c)
{
	(void)c->ops->exec(c->impl, "ROLLBACK");
	c->in_tx = false;
}

bool db_ping(struct db_conn *c)
{
	struct db_stmt *st = db_prepare(c, "SELECT 1");
	bool ok = st && db_step(st) == DB_ROW;
	db_finish(st);
	return ok;
}

const char *db_errmsg(struct db_conn *c)
{
	return c->ops->errmsg(c->impl);
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

/* Most SQL is a string literal, so the same pointer comes back on every call: found by its address and
 * confirmed by comparing the text (memcmp runs wide; hashing the text byte by byte cost a few microseconds
 * per request on the hot path). A buffer reused for other SQL fails the comparison and goes the slow way. */
static struct db_stmt *find_by_origin(struct db_conn *c, const char *sql)
{
	for (struct db_stmt *st = c->by_origin[((uintptr_t)sql >> 4) % DB_STMT_BUCKETS]; st; st = st->next_origin)
		if (st->origin == sql && !strcmp(st->sql, sql))
			return st;
	return NULL;
}

struct db_stmt *db_prepare(struct db_conn *c, const char *sql)
{
	struct db_stmt *found = find_by_origin(c, sql);
	if (found)
		return found;
	uint64_t h = fnv1a(sql);
	struct db_stmt **bucket = &c->stmts[h % DB_STMT_BUCKETS];
	for (struct db_stmt *st = *bucket; st; st = st->next)
		if (st->hash == h && !strcmp(st->sql, sql))
			return st;
	int nparams = 0;
	void *impl = c->ops->prepare(c->impl, sql, &nparams);
	if (!impl) {
		log_error("prepare failed: %s in: %.200s", c->ops->errmsg(c->impl), sql);
		return NULL;
	}
	struct db_stmt *st = calloc(1, sizeof *st);
	char *copy = strdup(sql);
	if (!st || !copy) {
		c->ops->stmt_free(impl);
		free(st);
		free(copy);
		return NULL;
	}
	st->conn = c;
	st->sql = copy;
	st->hash = h;
	st->impl = impl;
	st->next = *bucket;
	*bucket = st;
	struct db_stmt **by_origin = &c->by_origin[((uintptr_t)sql >> 4) % DB_STMT_BUCKETS];
	st->origin = sql;
	st->next_origin = *by_origin;
	*by_origin = st;
	return st;
}

int db_bind_text(struct db_stmt *st, int n, const char *s)
{
	if (!s)
		return db_bind_null(st, n);
	return st->conn->ops->bind_text(st->impl, n, s, strlen(s));
}

int db_bind_textn(struct db_stmt *st, int n, const char *s, size_t len)
{
	return st->conn->ops->bind_text(st->impl, n, s, len);
}

int db_bind_int64(struct db_stmt *st, int n, int64_t v)
{
	return st->conn->ops->bind_int64(st->impl, n, v);
}

int db_bind_null(struct db_stmt *st, int n)
{
	return st->conn->ops->bind_null(st->impl, n);
}

int db_step(struct db_stmt *st)
{
	int rc = st->conn->ops->step(st->impl);
	if (rc < 0 && rc != DB_CONSTRAINT)
		log_error("sql step failed: %s in: %.200s", st->conn->ops->errmsg(st->conn->impl), st->sql);
	return rc;
}

int db_column_count(struct db_stmt *st)
{
	return st->conn->ops->column_count(st->impl);
}

bool db_column_null(struct db_stmt *st, int col)
{
	return st->conn->ops->column_null(st->impl, col);
}

const char *db_column_text(struct db_stmt *st, int col)
{
	return st->conn->ops->column_text(st->impl, col);
}

int64_t db_column_int64(struct db_stmt *st, int col)
{
	return st->conn->ops->column_int64(st->impl, col);
}

void db_finish(struct db_stmt *st)
{
	if (st)
		st->conn->ops->reset(st->impl);
}

int64_t db_changes(struct db_conn *c)
{
	return c->ops->changes(c->impl);
}
