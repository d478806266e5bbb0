/* Configuration shared by the subcommands: defaults, then environment (KARMAYOGI_*), then flags. */
#ifndef KY_CORE_CONFIG_H
#define KY_CORE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

struct config {
	const char *db_url;     /* KARMAYOGI_DB, --db: sqlite:PATH or postgres[ql]://... */
	const char *listen;     /* KARMAYOGI_LISTEN, --listen: HOST:PORT */
	const char *web_dir;    /* KARMAYOGI_WEB, --web */
	const char *data_dir;   /* KARMAYOGI_DATA, --data: uploaded files */
	const char *access_log; /* KARMAYOGI_ACCESS_LOG, --access-log: file, "-" (stderr) or "off" */
	int threads;            /* KARMAYOGI_THREADS, --threads */
	int64_t session_ttl_s;  /* KARMAYOGI_SESSION_TTL, --session-ttl: seconds */
	const char *public_url; /* KARMAYOGI_PUBLIC_URL, --public-url: the address strangers reach us at
				 * (verification links, QR codes, Open Badges ids); NULL means http://<listen> */
};

/* Flags a subcommand accepts, or-ed together. */
enum {
	CONFIG_DB = 1 << 0,
	CONFIG_SERVE = 1 << 1, /* listen, web, data, access log, threads, session ttl */
};

/* Fills c from defaults and the environment. Returns 0, or -1 with a message on stderr. */
int config_from_env(struct config *c) __attribute__((warn_unused_result));
/* Applies flags; prints usage and returns 1 for --help, -1 (message printed) for a bad flag, 0 otherwise. */
int config_parse_flags(struct config *c, unsigned accepted, const char *cmd, const char *summary, int argc, char **argv)
	__attribute__((warn_unused_result));
/* The public base URL without a trailing slash: public_url, or http://<listen>. Returns 0, or -1 when
 * it would not fit in size or public_url is not an http(s) URL. */
int config_public_url(const struct config *c, char *out, size_t size) __attribute__((warn_unused_result));
/* Creates dir and its parents (mode 0750). Returns 0 or -1. */
int config_mkdirs(const char *dir) __attribute__((warn_unused_result));
/* For sqlite:PATH, creates PATH's folder. Returns 0 or -1. */
int config_prepare_db_path(const char *db_url) __attribute__((warn_unused_result));

#endif
