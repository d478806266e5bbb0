/* Group commit: many small concurrent writes share one durable transaction.
 *
 * A single writer thread owns a private connection. Callers hand it a write (a function run inside the
 * shared transaction, under its own savepoint so one failed write does not undo the others) and are
 * answered only after the transaction holding their write has committed. */
#ifndef KY_DB_GROUPCOMMIT_H
#define KY_DB_GROUPCOMMIT_H

#include "db/db.h"

struct db_gc;

/* A write: runs on the writer's connection inside the open transaction. Returns 0, or a negative DB_
 * code / any non-zero value of its own, which is handed back to the caller and undoes only this write. */
typedef int (*db_gc_write_fn)(struct db_conn *conn, void *arg);

struct db_gc_stats {
	uint64_t commits; /* transactions committed */
	uint64_t writes;  /* writes committed in them */
	uint64_t failed;  /* writes undone */
};

/* Starts the writer on a private connection of pool. max_batch bounds one transaction (0: 512). */
int db_gc_start(struct db_pool *pool, int max_batch, struct db_gc **out) DB_WUR;
/* Finishes the queued writes, stops the writer, frees it. NULL is accepted. */
void db_gc_stop(struct db_gc *gc);
/* Runs fn(conn, arg) in the next shared transaction and waits until it is durable.
 * Returns fn's result when the commit succeeded, DB_ERROR when the commit failed or gc is stopping. */
int db_gc_write(struct db_gc *gc, db_gc_write_fn fn, void *arg) DB_WUR;
/* Told on the writer thread, once the transaction holding a submitted write has committed (result is the
 * write's own) or failed (DB_ERROR). It must be quick and must not wait on the writer. */
typedef void (*db_gc_done_fn)(void *arg, int result);
/* Queues fn(conn, arg) for the next shared transaction and returns at once: done(arg, result) follows on
 * the writer thread, exactly once. arg must live until then. Returns 0 when queued, DB_ERROR (and done is
 * never called) when gc is stopping or memory ran out. */
int db_gc_submit(struct db_gc *gc, db_gc_write_fn fn, void *arg, db_gc_done_fn done) DB_WUR;
void db_gc_stats(struct db_gc *gc, struct db_gc_stats *out);

#endif
