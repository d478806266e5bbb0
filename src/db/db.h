/* The database seam: one small interface over SQLite (embedded default) and PostgreSQL (libpq).
 *
 * SQL text is shared by both backends: placeholders are $1, $2, ...; identity columns and other dialect
 * differences stay in the migrations (see migrate.c). A pool hands out connections; a connection caches
 * its prepared statements by SQL text, so callers prepare on every use and pay once. */
#ifndef KY_DB_DB_H
#define KY_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DB_WUR __attribute__((warn_unused_result))

enum db_backend { DB_SQLITE, DB_POSTGRES };

/* Results of db_step and error codes of every fallible call. */
enum {
	DB_DONE = 0,
	DB_ROW = 1,
	DB_ERROR = -1,
	DB_CONSTRAINT = -2, /* unique, foreign key or check constraint failed */
	DB_BUSY = -3,       /* locked or the server is gone: worth a retry later */
};

struct db_pool;
struct db_conn;
struct db_stmt;

struct db_pool_stats {
	int size;
	int in_use;
	uint64_t acquires;
	uint64_t waits; /* acquires that had to wait for a free connection */
};

/* Opens `size` connections to url ("sqlite:PATH" or a libpq "postgres[ql]://" URL).
 * Returns 0 and sets *out (owned by the caller, closed with db_pool_close), or -1 with a logged reason. */
int db_pool_open(const char *url, int size, struct db_pool **out) DB_WUR;
void db_pool_close(struct db_pool *pool);
enum db_backend db_pool_backend(const struct db_pool *pool);
const char *db_backend_name(enum db_backend b);
void db_pool_stats(struct db_pool *pool, struct db_pool_stats *out);

/* Borrows a connection, waiting while all are busy. NULL only if the pool is closing. Give it back with
 * db_release (NULL is accepted). A connection in a transaction when released is rolled back. */
struct db_conn *db_acquire(struct db_pool *pool);
void db_release(struct db_conn *conn);
/* A private connection outside the pool (for the group-commit writer); close with db_conn_close. */
int db_conn_open_private(struct db_pool *pool, struct db_conn **out) DB_WUR;
void db_conn_close(struct db_conn *conn);
enum db_backend db_conn_backend(const struct db_conn *conn);

/* Runs SQL without parameters (may hold several statements). */
int db_exec(struct db_conn *conn, const char *sql) DB_WUR;
int db_begin(struct db_conn *conn) DB_WUR;
/* Begins a transaction that only reads (end it with db_commit or db_rollback): every statement in it sees
 * one snapshot, and the snapshot is taken once rather than per statement, which is most of the cost of a
 * page that runs many small queries. Writing in it fails. */
int db_begin_read(struct db_conn *conn) DB_WUR;
int db_commit(struct db_conn *conn) DB_WUR;
void db_rollback(struct db_conn *conn);
/* True when the connection answers a trivial query. */
bool db_ping(struct db_conn *conn);
/* The last error message on this connection, for logs (never for clients). */
const char *db_errmsg(struct db_conn *conn);

/* Returns the connection's cached statement for sql, reset and with no bindings, or NULL (logged).
 * The statement belongs to the connection; call db_finish when done reading. */
struct db_stmt *db_prepare(struct db_conn *conn, const char *sql);
/* n is the placeholder number: 1 for $1. Text is copied. */
int db_bind_text(struct db_stmt *st, int n, const char *s) DB_WUR;
int db_bind_textn(struct db_stmt *st, int n, const char *s, size_t len) DB_WUR;
int db_bind_int64(struct db_stmt *st, int n, int64_t v) DB_WUR;
int db_bind_null(struct db_stmt *st, int n) DB_WUR;
/* DB_ROW, DB_DONE, or a negative error code. */
int db_step(struct db_stmt *st) DB_WUR;
int db_column_count(struct db_stmt *st);
bool db_column_null(struct db_stmt *st, int col);
/* Valid until the next step or finish; NULL for SQL NULL. */
const char *db_column_text(struct db_stmt *st, int col);
int64_t db_column_int64(struct db_stmt *st, int col);
/* Resets the statement for its next use (it stays cached). NULL is accepted. */
void db_finish(struct db_stmt *st);
/* Rows changed by the last statement stepped to DB_DONE on this connection. */
int64_t db_changes(struct db_conn *conn);

#endif
