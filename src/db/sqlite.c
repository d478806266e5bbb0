/* SQLite backend of the db seam: WAL, synchronous=FULL (acknowledged means durable), foreign keys on,
 * busy timeout; $N placeholders are SQLite named parameters, mapped to indexes once at prepare. */
#include "db/db_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARAMS 64

struct sq_stmt {
	sqlite3_stmt *stmt;
	int index[MAX_PARAMS + 1]; /* $n -> sqlite parameter index, 0 when absent */
	int nparams;
	bool stepped_done;
};

static void *sq_open(const char *path, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 10000);
	char *msg = NULL;
	rc = sqlite3_exec(db,
			  "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
			  "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16000;",
			  NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

static void sq_close(void *impl)
{
	sqlite3_close(impl);
}

static int map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_CONSTRAINT:
		return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_BUSY;
	default:
		return DB_ERROR;
	}
}

static int sq_exec(void *impl, const char *sql)
{
	return map_rc(sqlite3_exec(impl, sql, NULL, NULL, NULL));
}

static const char *sq_errmsg(void *impl)
{
	return sqlite3_errmsg(impl);
}

static void *sq_prepare(void *impl, const char *sql, int *nparams)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v3(impl, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
		return NULL;
	struct sq_stmt *st = calloc(1, sizeof *st);
	if (!st) {
		sqlite3_finalize(stmt);
		return NULL;
	}
	st->stmt = stmt;
	for (int n = 1; n <= MAX_PARAMS; n++) {
		char name[8];
		snprintf(name, sizeof name, "$%d", n);
		st->index[n] = sqlite3_bind_parameter_index(stmt, name);
		if (st->index[n])
			st->nparams = n;
	}
	*nparams = st->nparams;
	return st;
}

static void sq_stmt_free(void *p)
{
	struct sq_stmt *st = p;
	if (!st)
		return;
	sqlite3_finalize(st->stmt);
	free(st);
}

static int param(struct sq_stmt *st, int n)
{
	return (n >= 1 && n <= MAX_PARAMS) ? st->index[n] : 0;
}

static int sq_bind_text(void *p, int n, const char *s, size_t len)
{
	struct sq_stmt *st = p;
	int i = param(st, n);
	if (!i)
		return DB_ERROR;
	return map_rc(sqlite3_bind_text64(st->stmt, i, s, len, SQLITE_TRANSIENT, SQLITE_UTF8));
}

static int sq_bind_int64(void *p, int n, int64_t v)
{
	struct sq_stmt *st = p;
	int i = param(st, n);
	return i ? map_rc(sqlite3_bind_int64(st->stmt, i, v)) : DB_ERROR;
}

static int sq_bind_null(void *p, int n)
{
	struct sq_stmt *st = p;
	int i = param(st, n);
	return i ? map_rc(sqlite3_bind_null(st->stmt, i)) : DB_ERROR;
}

static int sq_step(void *p)
{
	struct sq_stmt *st = p;
	return map_rc(sqlite3_step(st->stmt));
}

static int sq_column_count(void *p)
{
	return sqlite3_column_count(((struct sq_stmt *)p)->stmt);
}

static bool sq_column_null(void *p, int col)
{
	return sqlite3_column_type(((struct sq_stmt *)p)->stmt, col) == SQLITE_NULL;
}

static const char *sq_column_text(void *p, int col)
{
	return (const char *)sqlite3_column_text(((struct sq_stmt *)p)->stmt, col);
}

static int64_t sq_column_int64(void *p, int col)
{
	return sqlite3_column_int64(((struct sq_stmt *)p)->stmt, col);
}

static void sq_reset(void *p)
{
	struct sq_stmt *st = p;
	sqlite3_reset(st->stmt);
	sqlite3_clear_bindings(st->stmt);
}

static int64_t sq_changes(void *impl)
{
	return sqlite3_changes64(impl);
}

static bool sq_broken(void *impl)
{
	(void)impl;
	return false;
}

const struct db_ops db_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.errmsg = sq_errmsg,
	.prepare = sq_prepare,
	.stmt_free = sq_stmt_free,
	.bind_text = sq_bind_text,
	.bind_int64 = sq_bind_int64,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.column_count = sq_column_count,
	.column_null = sq_column_null,
	.column_text = sq_column_text,
	.column_int64 = sq_column_int64,
	.reset = sq_reset,
	.changes = sq_changes,
	.broken = sq_broken,
	.begin_sql = "BEGIN IMMEDIATE",
	.begin_read_sql = "BEGIN DEFERRED",
};
