/* karmayogi bench-seed: bulk data for make bench that the API has no one-shot way to make: frac (posts,
 * reporting officers and passports for the officials of one organisation), catalog (published courses),
 * learn (enrolments, progress and certificates for every official) and assess (assessments with open
 * attempts for the bench's learners). */
#include "cmd/cmd.h"

#include "core/config.h"
#include "assess/assess.h"
#include "catalog/catalog.h"
#include "core/util.h"
#include "frac/frac.h"
#include "cbp/cbp.h"
#include "learn/learn.h"
#include "org/org.h"

#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct seed_opts {
	const char *db_url, *module, *org, *plan;
	size_t officials, courses, logins;
};

static void usage(FILE *out)
{
	fprintf(out, "usage: karmayogi bench-seed frac --db URL --org CODE --officials N\n"
		     "       karmayogi bench-seed catalog --db URL --courses N\n"
		     "       karmayogi bench-seed learn --db URL [--officials N] [--logins N --plan FILE]\n"
		     "       karmayogi bench-seed assess --db URL --logins N --plan FILE\n\n"
		     "For benchmarks, in one transaction; run after 'karmayogi demo' (it needs the demo roles,\n"
		     "providers and their people).\n"
		     "frac: give up to N officials of the organisation CODE who hold no post a post carrying one of\n"
		     "the demo work roles, a reporting officer and four to six competency passport entries.\n"
		     "catalog: publish N more courses made from the demo catalogue's building blocks, spread over\n"
		     "the demo providers, each indexed for search.\n"
		     "learn: enrol every active official with no enrolment yet (or the first N) in ten published\n"
		     "courses, some partway and some complete with a certificate (after 'bench-seed catalog');\n"
		     "commits every 20,000 officials. The first --logins of them get the demo password and the\n"
		     "plan file says what the bench may send for them (see learn_bench_seed in src/learn/learn.h).\n"
		     "assess: publish 20-question assessments (no time limit, no limit on attempts) and give the\n"
		     "first N bench learners of 'bench-seed learn' an open attempt in each, for the answer and\n"
		     "submit rows; the plan says what to send (see assess_bench_seed in src/assess/assess.h).\n\n"
		     "  --db URL         sqlite:PATH or postgresql://... (default: $KARMAYOGI_DB)\n"
		     "  --org CODE       frac: the organisation's code, e.g. NAIR\n"
		     "  --officials N    frac, learn: how many officials at most (1 to 10000000; learn: all)\n"
		     "  --courses N      catalog: how many courses (1 to 10000000)\n"
		     "  --logins N       learn: how many of them get a password and plan lines (default 0);\n"
		     "                   assess: how many of those get attempts\n"
		     "  --plan FILE      learn, assess: where the plan goes (\"-\": standard output)\n"
		     "  --help           show this help\n");
}

static int parse_count(const char *s, size_t *out)
{
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > 10000000)
		return -1;
	*out = (size_t)v;
	return 0;
}

/* Returns 0, 1 for --help (printed), -1 for a bad command line (message printed). */
static int parse_args(int argc, char **argv, struct seed_opts *o)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'},
		{"org", required_argument, 0, 'o'},
		{"officials", required_argument, 0, 'n'},
		{"courses", required_argument, 0, 'c'},
		{"logins", required_argument, 0, 'l'},
		{"plan", required_argument, 0, 'p'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	optind = 1;
	opterr = 0;
	int ch;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': o->db_url = optarg; break;
		case 'o': o->org = optarg; break;
		case 'n':
			if (parse_count(optarg, &o->officials)) {
				fprintf(stderr, "karmayogi bench-seed: --officials must be a whole number from 1 to "
						"10000000\n");
				return -1;
			}
			break;
		case 'c':
			if (parse_count(optarg, &o->courses)) {
				fprintf(stderr, "karmayogi bench-seed: --courses must be a whole number from 1 to "
						"10000000\n");
				return -1;
			}
			break;
		case 'l':
			if (parse_count(optarg, &o->logins)) {
				fprintf(stderr,
					"karmayogi bench-seed: --logins must be a whole number from 1 to 10000000\n");
				return -1;
			}
			break;
		case 'p': o->plan = optarg; break;
		case 'h': usage(stdout); return 1;
		default:
			fprintf(stderr, "karmayogi bench-seed: unknown or incomplete option %s\n", argv[optind - 1]);
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc - 1 || (strcmp(argv[optind], "frac") && strcmp(argv[optind], "catalog") &&
				   strcmp(argv[optind], "learn") && strcmp(argv[optind], "assess"))) {
		fprintf(stderr,
			"karmayogi bench-seed: name what to seed (\"frac\", \"catalog\", \"learn\" or \"assess\")\n");
		usage(stderr);
		return -1;
	}
	o->module = argv[optind];
	if (!strcmp(o->module, "frac") && (!o->org || !*o->org || !o->officials)) {
		fprintf(stderr, "karmayogi bench-seed: frac needs --org and --officials\n");
		usage(stderr);
		return -1;
	}
	if (!strcmp(o->module, "catalog") && !o->courses) {
		fprintf(stderr, "karmayogi bench-seed: catalog needs --courses\n");
		usage(stderr);
		return -1;
	}
	if (!strcmp(o->module, "learn") && !o->logins != !o->plan) {
		fprintf(stderr, "karmayogi bench-seed: learn takes --logins and --plan together\n");
		usage(stderr);
		return -1;
	}
	if (!strcmp(o->module, "assess") && (!o->logins || !o->plan)) {
		fprintf(stderr, "karmayogi bench-seed: assess needs --logins and --plan\n");
		usage(stderr);
		return -1;
	}
	return 0;
}

/* Moves the bulk write out of SQLite's write-ahead log into the database file, as the server's own checkpoints
 * would in time: readers of a log holding a million fresh rows search it on every page. */
static void checkpoint(struct db_conn *conn)
{
	if (db_conn_backend(conn) == DB_SQLITE && db_exec(conn, "PRAGMA wal_checkpoint(TRUNCATE)"))
		fprintf(stderr, "karmayogi bench-seed: the checkpoint after seeding failed: %s\n", db_errmsg(conn));
}

/* Seeds in one transaction and reports. Returns the exit code. */
static int seed_frac(struct db_conn *conn, const struct seed_opts *o)
{
	int64_t start = util_mono_us();
	size_t officials = 0, entries = 0;
	int rc = db_begin(conn);
	if (!rc)
		rc = frac_bench_seed(conn, o->org, o->officials, &officials, &entries);
	if (!rc)
		rc = db_commit(conn);
	if (rc) {
		if (rc == 1)
			fprintf(stderr, "karmayogi bench-seed: no organisation has the code %s\n", o->org);
		else if (rc == 2)
			fprintf(stderr,
				"karmayogi bench-seed: no work role may be carried in %s (run karmayogi demo first)\n",
				o->org);
		else
			fprintf(stderr, "karmayogi bench-seed: the data could not be written: %s\n", db_errmsg(conn));
		db_rollback(conn);
		return 1;
	}
	double secs = (double)(util_mono_us() - start) / 1e6;
	checkpoint(conn);
	printf("seeded %zu officials of %s (a post each, reporting officers, %zu passport entries) in %.2f s\n",
	       officials, o->org, entries, secs);
	return 0;
}

/* Seeds the catalogue in one transaction and reports. Returns the exit code. */
static int seed_catalog(struct db_conn *conn, const struct seed_opts *o)
{
	int64_t start = util_mono_us();
	size_t made = 0;
	int rc = db_begin(conn);
	if (!rc)
		rc = catalog_bench_seed(conn, o->courses, &made);
	if (!rc)
		rc = db_commit(conn);
	if (rc) {
		if (rc == 1)
			fprintf(stderr, "karmayogi bench-seed: no provider has people to write, review and publish "
					"(run karmayogi demo first)\n");
		else
			fprintf(stderr, "karmayogi bench-seed: the data could not be written: %s\n", db_errmsg(conn));
		db_rollback(conn);
		return 1;
	}
	double secs = (double)(util_mono_us() - start) / 1e6;
	checkpoint(conn);
	printf("seeded %zu published courses (outline, competencies, review trail, search index) in %.2f s\n", made,
	       secs);
	return 0;
}

/* The bench learners' password: the demo one, hashed with argon2id at its lowest cost, so the bench can log
 * hundreds of them in within a second (a real account's hash costs 64 MiB and tens of ms to check). */
static int cheap_password_hash(char out[crypto_pwhash_STRBYTES])
{
	if (sodium_init() < 0)
		return -1;
	return crypto_pwhash_str(out, org_demo_password, strlen(org_demo_password), crypto_pwhash_OPSLIMIT_MIN,
				 crypto_pwhash_MEMLIMIT_MIN);
}

/* Seeds learning in transactions of 20,000 officials and reports rows per second. Returns the exit code. */
static int seed_learn(struct db_conn *conn, const struct seed_opts *o)
{
	char hash[crypto_pwhash_STRBYTES];
	if (o->logins && cheap_password_hash(hash)) {
		fprintf(stderr, "karmayogi bench-seed: the bench password could not be hashed\n");
		return 1;
	}
	FILE *plan = !o->plan ? NULL : !strcmp(o->plan, "-") ? stdout : fopen(o->plan, "w");
	if (o->plan && !plan) {
		fprintf(stderr, "karmayogi bench-seed: cannot write %s: %s\n", o->plan, strerror(errno));
		return 1;
	}
	/* A bigger page cache than the server's (the enrolments' content index takes inserts all over), and no
	 * foreign key lookups: every reference the seed writes was just read from its table. */
	if (db_conn_backend(conn) == DB_SQLITE && db_exec(conn, "PRAGMA cache_size=-1000000; PRAGMA foreign_keys=OFF"))
		fprintf(stderr, "karmayogi bench-seed: the bulk-load settings were refused: %s\n", db_errmsg(conn));
	int64_t start = util_mono_us();
	size_t n[5];
	int rc = learn_bench_seed(conn, o->officials, o->logins, o->logins ? hash : NULL, plan, n);
	if (plan && plan != stdout && fclose(plan) && !rc)
		rc = DB_ERROR;
	if (rc) {
		if (rc == 1)
			fprintf(stderr,
				"karmayogi bench-seed: fewer than ten published courses (run bench-seed catalog)\n");
		else
			fprintf(stderr, "karmayogi bench-seed: the data could not be written: %s\n", db_errmsg(conn));
		return 1;
	}
	double secs = (double)(util_mono_us() - start) / 1e6;
	size_t rows = n[1] + n[2] + n[3] + n[4];
	/* The seed writes completions in bulk, past learn's completed hook: My iGOT's peer counts are made whole. */
	if (cbp_peers_recount(conn, util_now_ms())) {
		fprintf(stderr, "karmayogi bench-seed: peers' completions could not be counted: %s\n", db_errmsg(conn));
		return 1;
	}
	checkpoint(conn);
	fprintf(plan == stdout ? stderr : stdout,
		"seeded %zu officials: %zu enrolments, %zu progress rows, %zu certificates, %zu karma rows (%.0f "
		"rows/s) "
		"in %.2f s\n",
		n[0], n[1], n[2], n[3], n[4], secs > 0 ? (double)rows / secs : 0.0, secs);
	return 0;
}

/* Seeds the assessments and their attempts in one transaction and reports. Returns the exit code. */
static int seed_assess(struct db_conn *conn, const struct seed_opts *o)
{
	FILE *plan = !strcmp(o->plan, "-") ? stdout : fopen(o->plan, "w");
	if (!plan) {
		fprintf(stderr, "karmayogi bench-seed: cannot write %s: %s\n", o->plan, strerror(errno));
		return 1;
	}
	int64_t start = util_mono_us();
	int rc = db_begin(conn);
	if (!rc)
		rc = assess_bench_seed(conn, o->logins, plan);
	if (!rc)
		rc = db_commit(conn);
	if (plan != stdout && fclose(plan) && !rc) {
		fprintf(stderr, "karmayogi bench-seed: cannot write %s: %s\n", o->plan, strerror(errno));
		return 1;
	}
	if (rc) {
		if (rc == 1)
			fprintf(stderr,
				"karmayogi bench-seed: LBSNAA's demo people or %zu bench learners are missing "
				"(run karmayogi demo, then bench-seed learn --logins %zu)\n",
				o->logins, o->logins);
		else
			fprintf(stderr, "karmayogi bench-seed: the data could not be written: %s\n", db_errmsg(conn));
		db_rollback(conn);
		return 1;
	}
	double secs = (double)(util_mono_us() - start) / 1e6;
	checkpoint(conn);
	fprintf(plan == stdout ? stderr : stdout, "seeded open attempts for %zu bench learners in %.2f s\n", o->logins,
		secs);
	return 0;
}

int cmd_bench_seed(int argc, char **argv)
{
	struct config cfg;
	if (config_from_env(&cfg))
		return 2;
	struct seed_opts o = {cfg.db_url, NULL, NULL, NULL, 0, 0, 0};
	int rc = parse_args(argc, argv, &o);
	if (rc)
		return rc > 0 ? 0 : 2;
	struct db_pool *pool = NULL;
	if (cmd_open_database(o.db_url, 1, &pool))
		return 1;
	struct db_conn *conn = db_acquire(pool);
	rc = !conn                          ? 1
	     : !strcmp(o.module, "catalog") ? seed_catalog(conn, &o)
	     : !strcmp(o.module, "learn")   ? seed_learn(conn, &o)
	     : !strcmp(o.module, "assess")  ? seed_assess(conn, &o)
					    : seed_frac(conn, &o);
	db_release(conn);
	db_pool_close(pool);
	return rc;
}
