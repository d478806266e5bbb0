/* PostgreSQL backend of the db seam (libpq): statements prepared once per connection under a generated
 * name, parameters and results in text format. */
#include "db/db_int.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARAMS 64

struct pg_conn {
	PGconn *conn;
	unsigned next_id;
	int64_t changes;
	char err[512];
};

struct pg_stmt {
	struct pg_conn *pc;
	char name[24];
	int nparams;
	char *values[MAX_PARAMS];
	PGresult *res;
	int row;  /* current row; -1 before the first */
	int rows;
	bool executed;
};

static void set_err(struct pg_conn *pc, const char *msg)
{
	snprintf(pc->err, sizeof pc->err, "%s", msg ? msg : "unknown error");
	size_t n = strlen(pc->err);
	while (n && (pc->err[n - 1] == '\n' || pc->err[n - 1] == ' '))
		pc->err[--n] = '\0';
}

static void notice_quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static void *pg_open(const char *url, char *err, size_t errlen)
{
	PGconn *conn = PQconnectdb(url);
	if (PQstatus(conn) != CONNECTION_OK) {
		snprintf(err, errlen, "%s", PQerrorMessage(conn));
		PQfinish(conn);
		return NULL;
	}
	PQsetNoticeProcessor(conn, notice_quiet, NULL);
	PGresult *r = PQexec(conn, "SET TIME ZONE 'UTC'; SET client_min_messages = warning");
	PQclear(r);
	struct pg_conn *pc = calloc(1, sizeof *pc);
	if (!pc) {
		PQfinish(conn);
		return NULL;
	}
	pc->conn = conn;
	return pc;
}

static void pg_close(void *impl)
{
	struct pg_conn *pc = impl;
	if (!pc)
		return;
	PQfinish(pc->conn);
	free(pc);
}

static int map_result(struct pg_conn *pc, PGresult *r)
{
	ExecStatusType s = PQresultStatus(r);
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
		return DB_DONE;
	set_err(pc, PQresultErrorMessage(r));
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (state && !strncmp(state, "23", 2))
		return DB_CONSTRAINT;
	if (PQstatus(pc->conn) != CONNECTION_OK)
		return DB_BUSY;
	if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strncmp(state, "08", 2)))
		return DB_BUSY;
	return DB_ERROR;
}

static int pg_exec(void *impl, const char *sql)
{
	struct pg_conn *pc = impl;
	PGresult *r = PQexec(pc->conn, sql);
	int rc = map_result(pc, r);
	PQclear(r);
	return rc;
}

static const char *pg_errmsg(void *impl)
{
	return ((struct pg_conn *)impl)->err;
}

static int count_params(const char *sql)
{
	int max = 0;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'') { /* skip string literals: a '$1' inside one is text */
			for (p++; *p && *p != '\''; p++)
				;
			if (!*p)
				break;
			continue;
		}
		if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
			/* Read the digits by hand: the number is bounded, so no overflow can hide a placeholder. */
			int n = 0;
			for (p++; *p >= '0' && *p <= '9' && n <= MAX_PARAMS; p++)
				n = n * 10 + (*p - '0');
			p--;
			if (n > max)
				max = n;
		}
	}
	return max;
}

static void *pg_prepare(void *impl, const char *sql, int *nparams)
{
	struct pg_conn *pc = impl;
	struct pg_stmt *st = calloc(1, sizeof *st);
	if (!st)
		return NULL;
	st->pc = pc;
	st->nparams = count_params(sql);
	if (st->nparams > MAX_PARAMS) {
		set_err(pc, "too many parameters");
		free(st);
		return NULL;
	}
	snprintf(st->name, sizeof st->name, "ky%u", ++pc->next_id);
	PGresult *r = PQprepare(pc->conn, st->name, sql, 0, NULL);
	int rc = map_result(pc, r);
	PQclear(r);
	if (rc) {
		free(st);
		return NULL;
	}
	st->row = -1;
	*nparams = st->nparams;
	return st;
}

static void clear_values(struct pg_stmt *st)
{
	for (int i = 0; i < st->nparams; i++) {
		free(st->values[i]);
		st->values[i] = NULL;
	}
}

static void pg_reset(void *p)
{
	struct pg_stmt *st = p;
	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	st->rows = 0;
	st->executed = false;
	clear_values(st);
}

static void pg_stmt_free(void *p)
{
	struct pg_stmt *st = p;
	if (!st)
		return;
	pg_reset(st);
	free(st);
}

static int set_value(struct pg_stmt *st, int n, char *v)
{
	if (n < 1 || n > st->nparams) {
		free(v);
		set_err(st->pc, "bind to a placeholder the statement does not have");
		return DB_ERROR;
	}
	free(st->values[n - 1]);
	st->values[n - 1] = v;
	return 0;
}

static int pg_bind_text(void *p, int n, const char *s, size_t len)
{
	char *v = malloc(len + 1);
	if (!v)
		return DB_ERROR;
	memcpy(v, s, len);
	v[len] = '\0';
	return set_value(p, n, v);
}

static int pg_bind_int64(void *p, int n, int64_t val)
{
	char tmp[24];
	int len = snprintf(tmp, sizeof tmp, "%lld", (long long)val);
	return pg_bind_text(p, n, tmp, (size_t)len);
}

static int pg_bind_null(void *p, int n)
{
	return set_value(p, n, NULL);
}

static int pg_step(void *p)
{
	struct pg_stmt *st = p;
	if (!st->executed) {
		st->executed = true;
		st->res = PQexecPrepared(st->pc->conn, st->name, st->nparams, (const char *const *)st->values, NULL,
					 NULL, 0);
		int rc = map_result(st->pc, st->res);
		if (rc)
			return rc;
		st->rows = PQntuples(st->res);
		const char *ct = PQcmdTuples(st->res);
		st->pc->changes = (ct && *ct) ? strtoll(ct, NULL, 10) : 0;
	}
	if (st->row + 1 < st->rows) {
		st->row++;
		return DB_ROW;
	}
	return DB_DONE;
}

static int pg_column_count(void *p)
{
	struct pg_stmt *st = p;
	return st->res ? PQnfields(st->res) : 0;
}

static bool pg_column_null(void *p, int col)
{
	struct pg_stmt *st = p;
	return !st->res || st->row < 0 || PQgetisnull(st->res, st->row, col);
}

static const char *pg_column_text(void *p, int col)
{
	struct pg_stmt *st = p;
	if (pg_column_null(p, col))
		return NULL;
	return PQgetvalue(st->res, st->row, col);
}

static int64_t pg_column_int64(void *p, int col)
{
	const char *v = pg_column_text(p, col);
	if (!v)
		return 0;
	if (v[0] == 't' && !v[1])
		return 1;
	return strtoll(v, NULL, 10); /* PostgreSQL's own integer text: always a well-formed number */
}

static bool pg_broken(void *impl)
{
	return PQstatus(((struct pg_conn *)impl)->conn) != CONNECTION_OK;
}

static int64_t pg_changes(void *impl)
{
	return ((struct pg_conn *)impl)->changes;
}

const struct db_ops db_pg_ops = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.errmsg = pg_errmsg,
	.prepare = pg_prepare,
	.stmt_free = pg_stmt_free,
	.bind_text = pg_bind_text,
	.bind_int64 = pg_bind_int64,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.column_count = pg_column_count,
	.column_null = pg_column_null,
	.column_text = pg_column_text,
	.column_int64 = pg_column_int64,
	.reset = pg_reset,
	.changes = pg_changes,
	.broken = pg_broken,
	.begin_sql = "BEGIN",
	.begin_read_sql = "BEGIN READ ONLY",
};
