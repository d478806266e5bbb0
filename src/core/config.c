/* Configuration: defaults, environment, flags, in that order of precedence (last wins). */
#include "core/config.h"

#include <errno.h>
#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int parse_int(const char *name, const char *s, long min, long max, long *out)
{
	char *end = NULL;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || !end || *end || end == s || v < min || v > max) {
		fprintf(stderr, "karmayogi: %s must be a whole number from %ld to %ld (got \"%s\")\n", name, min, max,
			s);
		return -1;
	}
	*out = v;
	return 0;
}

static int default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n * 4 > 8 ? (int)(n * 4) : 8;
}

int config_from_env(struct config *c)
{
	c->db_url = "sqlite:data/karmayogi.db";
	c->listen = "127.0.0.1:8080";
	c->web_dir = "web";
	c->data_dir = "data/files";
	c->access_log = "-";
	c->threads = default_threads();
	c->session_ttl_s = 12 * 3600;
	c->public_url = NULL;
	const char *v;
	if ((v = getenv("KARMAYOGI_DB")) && *v)
		c->db_url = v;
	if ((v = getenv("KARMAYOGI_LISTEN")) && *v)
		c->listen = v;
	if ((v = getenv("KARMAYOGI_WEB")) && *v)
		c->web_dir = v;
	if ((v = getenv("KARMAYOGI_DATA")) && *v)
		c->data_dir = v;
	if ((v = getenv("KARMAYOGI_ACCESS_LOG")) && *v)
		c->access_log = v;
	if ((v = getenv("KARMAYOGI_PUBLIC_URL")) && *v)
		c->public_url = v;
	long n;
	if ((v = getenv("KARMAYOGI_THREADS")) && *v) {
		if (parse_int("KARMAYOGI_THREADS", v, 1, 1024, &n))
			return -1;
		c->threads = (int)n;
	}
	if ((v = getenv("KARMAYOGI_SESSION_TTL")) && *v) {
		if (parse_int("KARMAYOGI_SESSION_TTL", v, 1, 90L * 24 * 3600, &n))
			return -1;
		c->session_ttl_s = n;
	}
	return 0;
}

static void usage(FILE *out, unsigned accepted, const char *cmd, const char *summary)
{
	fprintf(out, "usage: karmayogi %s [options]\n\n%s\n\noptions:\n", cmd, summary);
	if (accepted & CONFIG_DB)
		fprintf(out, "  --db URL            database: sqlite:PATH or postgresql://... (env KARMAYOGI_DB;\n"
			     "                      default sqlite:data/karmayogi.db)\n");
	if (accepted & CONFIG_SERVE)
		fprintf(out,
			"  --listen HOST:PORT  where to serve (env KARMAYOGI_LISTEN; default 127.0.0.1:8080)\n"
			"  --web DIR           static web UI folder (env KARMAYOGI_WEB; default web)\n"
			"  --data DIR          uploaded files folder (env KARMAYOGI_DATA; default data/files)\n"
			"  --threads N         HTTP worker threads (env KARMAYOGI_THREADS; default 4 x cores, min 8)\n"
			"  --session-ttl SECS  session lifetime (env KARMAYOGI_SESSION_TTL; default 43200)\n"
			"  --access-log FILE   access log file, - for stderr, off for none\n"
			"                      (env KARMAYOGI_ACCESS_LOG; default -)\n"
			"  --public-url URL    the address strangers reach this server at, for verification\n"
			"                      links and QR codes (env KARMAYOGI_PUBLIC_URL; default\n"
			"                      http://<listen address>)\n");
	fprintf(out, "  --help              show this help\n");
}

int config_parse_flags(struct config *c, unsigned accepted, const char *cmd, const char *summary, int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'},
		{"listen", required_argument, 0, 'l'},
		{"web", required_argument, 0, 'w'},
		{"data", required_argument, 0, 'D'},
		{"threads", required_argument, 0, 't'},
		{"session-ttl", required_argument, 0, 's'},
		{"access-log", required_argument, 0, 'a'},
		{"public-url", required_argument, 0, 'p'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	optind = 1;
	opterr = 0;
	int ch;
	long n;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		bool serve_flag = strchr("lwDtsap", ch) != NULL;
		if ((ch == 'd' && !(accepted & CONFIG_DB)) || (serve_flag && !(accepted & CONFIG_SERVE)) || ch == '?' ||
		    ch == ':') {
			fprintf(stderr, "karmayogi %s: unknown or incomplete option %s\n", cmd, argv[optind - 1]);
			usage(stderr, accepted, cmd, summary);
			return -1;
		}
		switch (ch) {
		case 'd': c->db_url = optarg; break;
		case 'l': c->listen = optarg; break;
		case 'w': c->web_dir = optarg; break;
		case 'D': c->data_dir = optarg; break;
		case 'a': c->access_log = optarg; break;
		case 'p': c->public_url = optarg; break;
		case 't':
			if (parse_int("--threads", optarg, 1, 1024, &n))
				return -1;
			c->threads = (int)n;
			break;
		case 's':
			if (parse_int("--session-ttl", optarg, 1, 90L * 24 * 3600, &n))
				return -1;
			c->session_ttl_s = n;
			break;
		case 'h': usage(stdout, accepted, cmd, summary); return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "karmayogi %s: unexpected argument \"%s\"\n", cmd, argv[optind]);
		return -1;
	}
	return 0;
}

int config_public_url(const struct config *c, char *out, size_t size)
{
	const char *u = c->public_url;
	int n;
	if (u) {
		if (strncmp(u, "http://", 7) && strncmp(u, "https://", 8)) {
			fprintf(stderr, "karmayogi: --public-url must start with http:// or https:// (got \"%s\")\n",
				u);
			return -1;
		}
		n = snprintf(out, size, "%s", u);
	} else {
		n = snprintf(out, size, "http://%s", c->listen);
	}
	if (n < 0 || (size_t)n >= size) {
		fprintf(stderr, "karmayogi: the public URL is too long\n");
		return -1;
	}
	while (n > 0 && out[n - 1] == '/')
		out[--n] = '\0';
	return 0;
}

int config_mkdirs(const char *dir)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
		return -1;
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0750) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(path, 0750) && errno != EEXIST)
		return -1;
	return 0;
}

int config_prepare_db_path(const char *db_url)
{
	if (strncmp(db_url, "sqlite:", 7))
		return 0;
	char dir[4096];
	if (snprintf(dir, sizeof dir, "%s", db_url + 7) >= (int)sizeof dir)
		return -1;
	char *slash = strrchr(dir, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	return dir[0] ? config_mkdirs(dir) : 0;
}
