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

#endif
