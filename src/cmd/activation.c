/* karmayogi activation-link: issues a fresh activation token for one official and prints the link, for
 * an operator helping someone whose invitation is lost (there is no mail server; see the outbox). */
#include "cmd/cmd.h"

#include "core/config.h"
#include "org/org.h"

#include <ctype.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define DEFAULT_BASE "http://127.0.0.1:8080"

struct link_opts {
	const char *db_url;
	const char *email;
	const char *base;
};

static void usage(FILE *out)
{
	fprintf(out, "usage: karmayogi activation-link --db URL --email EMAIL [--base URL]\n\n"
		     "Issue a fresh one-time activation token for the official with this email and print their\n"
		     "activation link (valid 7 days). Earlier unused links of that official stop working, and the\n"
		     "invitation is also queued in the outbox.\n\n"
		     "  --db URL       sqlite:PATH or postgresql://... (default: $KARMAYOGI_DB)\n"
		     "  --email EMAIL  the official's email address\n"
		     "  --base URL     where the site is served (default " DEFAULT_BASE ")\n"
		     "  --help         show this help\n");
}

/* Returns 0, 1 for --help (printed), -1 for a bad command line (message printed). */
static int parse_args(int argc, char **argv, struct link_opts *o)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'},   {"email", required_argument, 0, 'e'},
		{"base", required_argument, 0, 'b'}, {"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	optind = 1;
	opterr = 0;
	int ch;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': o->db_url = optarg; break;
		case 'e': o->email = optarg; break;
		case 'b': o->base = optarg; break;
		case 'h': usage(stdout); return 1;
		default:
			fprintf(stderr, "karmayogi activation-link: unknown or incomplete option %s\n",
				argv[optind - 1]);
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "karmayogi activation-link: unexpected argument \"%s\"\n", argv[optind]);
		return -1;
	}
	if (!o->email || !*o->email || strlen(o->email) > 254) {
		fprintf(stderr, "karmayogi activation-link: --email is required\n");
		usage(stderr);
		return -1;
	}
	return 0;
}

struct target {
	int64_t id;
	bool has_password;
	bool active;
};

/* 1 found, 0 no such email, -1 database error. */
static int find_official(struct db_conn *conn, const char *email, struct target *out)
{
	char lower[255];
	size_t n = strlen(email);
	for (size_t i = 0; i <= n; i++)
		lower[i] = (char)tolower((unsigned char)email[i]);
	struct db_stmt *st = db_prepare(conn, "SELECT id, password_hash IS NOT NULL, status FROM officials "
					      "WHERE email = $1");
	int rc = !st ? DB_ERROR : db_bind_text(st, 1, lower);
	if (!rc)
		rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_column_int64(st, 0);
		out->has_password = db_column_int64(st, 1) != 0;
		out->active = !strcmp(db_column_text(st, 2), "active");
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* Issues the token in its own transaction. 0 with token set, or -1. */
static int issue(struct db_conn *conn, int64_t official_id, char token[65])
{
	if (db_begin(conn))
		return -1;
	if (org_activation_issue(conn, official_id, 0, token) || db_commit(conn)) {
		db_rollback(conn);
		return -1;
	}
	return 0;
}

/* Finds the official and prints their new link. Returns the exit code. */
static int print_link(struct db_conn *conn, const struct link_opts *o)
{
	struct target t = {0};
	int found = find_official(conn, o->email, &t);
	if (found <= 0) {
		fprintf(stderr, found ? "karmayogi activation-link: the database could not be read: %s\n"
				      : "karmayogi activation-link: no official has the email %s\n",
			found ? db_errmsg(conn) : o->email);
		return 1;
	}
	char token[65];
	if (issue(conn, t.id, token)) {
		fprintf(stderr, "karmayogi activation-link: the token could not be stored: %s\n", db_errmsg(conn));
		return 1;
	}
	size_t blen = strlen(o->base);
	while (blen && o->base[blen - 1] == '/')
		blen--;
	printf("%.*s/#/activate?token=%s\n", (int)blen, o->base, token);
	sodium_memzero(token, sizeof token);
	if (t.has_password)
		fprintf(stderr, "note: this account already has a password; activating replaces it\n");
	if (!t.active)
		fprintf(stderr, "note: this account is not active; its owner cannot log in until it is\n");
	return 0;
}

int cmd_activation_link(int argc, char **argv)
{
	struct config cfg;
	if (config_from_env(&cfg))
		return 2;
	struct link_opts o = {cfg.db_url, NULL, DEFAULT_BASE};
	int rc = parse_args(argc, argv, &o);
	if (rc)
		return rc > 0 ? 0 : 2;
	if (sodium_init() < 0)
		return 1;
	struct db_pool *pool = NULL;
	if (cmd_open_database(o.db_url, 1, &pool))
		return 1;
	struct db_conn *conn = db_acquire(pool);
	rc = conn ? print_link(conn, &o) : 1;
	db_release(conn);
	db_pool_close(pool);
	return rc;
}
