/* Subcommands: one file each (after git's builtin/), dispatched from main.c's table. */
#ifndef KY_CMD_CMD_H
#define KY_CMD_CMD_H

#include "db/db.h"

/* Each returns the process exit code. */
int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_activation_link(int argc, char **argv);
int cmd_bench_seed(int argc, char **argv);

/* Opens the pool for url (creating a SQLite file's folder) and applies migrations. Returns 0 or -1. */
int cmd_open_database(const char *url, int pool_size, struct db_pool **out) __attribute__((warn_unused_result));

/* The server's ticker (ticker.c): each job runs about a second after start, then every interval_s seconds, on
 * the ticker's thread, with a connection borrowed from the pool; a failure is logged and the job runs again at
 * its next turn. run returns 0 or a negative DB_ code. */
struct cmd_tick_job {
	const char *name;
	int interval_s;
	int (*run)(struct db_conn *conn, int64_t now);
};
struct cmd_ticker;
/* Starts the ticker over jobs (a table ending with run NULL, kept by the caller). Returns 0 (sets *out) or -1. */
int cmd_ticker_start(struct db_pool *pool, const struct cmd_tick_job *jobs, struct cmd_ticker **out)
	__attribute__((warn_unused_result));
/* Stops it, waiting for a run in progress. NULL is accepted. */
void cmd_ticker_stop(struct cmd_ticker *t);

#endif
