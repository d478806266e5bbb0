/* Private to src/db: the backend table of function pointers (as SQLite's VFS) and the shared structs. */
#ifndef KY_DB_INT_H
#define KY_DB_INT_H

#include "db/db.h"

#include <pthread.h>

struct db_ops {
	const char *name;
	void *(*open)(const char *target, char *err, size_t errlen);
	void (*close)(void *impl);
	int (*exec)(void *impl, const char *sql);
	const char *(*errmsg)(void *impl);
	void *(*prepare)(void *impl, const char *sql, int *nparams);
	void (*stmt_free)(void *st);
	int (*bind_text)(void *st, int n, const char *s, size_t len);
	int (*bind_int64)(void *st, int n, int64_t v);
	int (*bind_null)(void *st, int n);
	int (*step)(void *st);
	int (*column_count)(void *st);
	bool (*column_null)(void *st, int col);
	const char *(*column_text)(void *st, int col);
	int64_t (*column_int64)(void *st, int col);
	void (*reset)(void *st);
	int64_t (*changes)(void *impl);
	bool (*broken)(void *impl); /* the server went away: reconnect before use */
	const char *begin_sql;
	const char *begin_read_sql; /* a transaction that only reads: one snapshot, no write lock */
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

struct db_stmt {
	struct db_conn *conn;
	char *sql; /* owned copy: the cache key */
	uint64_t hash;
	void *impl;
	struct db_stmt *next;        /* hash chain */
	const char *origin;          /* the caller's pointer it was first prepared from (most SQL is a literal) */
	struct db_stmt *next_origin; /* chain of the by-pointer table */
};

#define DB_STMT_BUCKETS 64

/* Owner: the pool (or the caller, for a private connection). */
struct db_conn {
	const struct db_ops *ops;
	struct db_pool *pool;
	void *impl;
	bool in_tx;
	struct db_stmt *stmts[DB_STMT_BUCKETS];
	struct db_stmt *by_origin[DB_STMT_BUCKETS]; /* the same statements, found by the caller's pointer */
	struct db_conn *next_free;
};

struct db_pool {
	const struct db_ops *ops;
	enum db_backend backend;
	char *target; /* what ops->open takes */
	pthread_mutex_t lock;
	pthread_cond_t freed;
	struct db_conn *conns;
	struct db_conn *free_list;
	int size;
	int in_use;
	bool closing;
	uint64_t acquires;
	uint64_t waits;
};

#endif
