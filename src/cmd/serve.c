/* karmayogi serve: migrate, then serve the API and the web UI until SIGINT or SIGTERM. */
#include "cmd/cmd.h"

#include "core/config.h"
#include "core/log.h"
#include "db/groupcommit.h"
#include "http/http.h"
#include "assess/assess.h"
#include "catalog/catalog.h"
#include "cbp/cbp.h"
#include "learn/learn.h"
#include "frac/frac.h"
#include "org/org.h"

#include <signal.h>
#include <sodium.h>
#include <stdio.h>

/* Every module's route table; a module that serves adds its table here. */
static const struct http_route *const ROUTE_TABLES[] = {
	org_auth_routes,        org_tree_routes,          org_official_routes,   org_staff_routes,
	org_grant_routes,       org_account_routes,       org_onboarding_routes, frac_dictionary_routes,
	frac_governance_routes, frac_role_routes,         frac_position_routes,  frac_passport_routes,
	frac_gap_routes,        frac_match_routes,        frac_exchange_routes,  catalog_provider_routes,
	catalog_content_routes, catalog_review_routes,    catalog_search_routes, catalog_file_routes,
	catalog_rating_routes,  learn_certificate_routes, learn_badge_routes,    learn_enrolment_routes,
	learn_progress_routes,  learn_hours_routes,       assess_bank_routes,    assess_settings_routes,
	assess_attempt_routes,  cbp_plan_routes,          cbp_mine_routes,       cbp_compliance_routes,
	cbp_people_routes,      NULL,
};

/* The modules' periodic work (see cmd_ticker_start). */
static const struct cmd_tick_job TICK_JOBS[] = {
	{"assess: submit attempts whose time is up", 5, assess_sweep_expired},
	{"cbp: reminders of plan items due in a week or overdue", 300, cbp_remind_all},
	{"cbp: peers' completions counted whole, once, for a database never counted", 600, cbp_peers_refresh},
	{NULL, 0, NULL},
};

static const char SUMMARY[] = "Serve the Karmayogi API and web UI. Applies migrations first.";

static int wait_for_stop_signal(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	int sig = 0;
	sigwait(&set, &sig);
	return sig;
}

int cmd_serve(int argc, char **argv)
{
	struct config cfg;
	if (config_from_env(&cfg))
		return 2;
	int rc = config_parse_flags(&cfg, CONFIG_DB | CONFIG_SERVE, "serve", SUMMARY, argc, argv);
	if (rc)
		return rc > 0 ? 0 : 2;
	char public_url[512];
	if (config_public_url(&cfg, public_url, sizeof public_url))
		return 2;
	if (sodium_init() < 0)
		return 1;
	/* Block the stop signals before any thread starts, so only sigwait sees them. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (log_open_access(cfg.access_log)) {
		log_error("cannot open the access log %s", cfg.access_log);
		return 1;
	}
	if (config_mkdirs(cfg.data_dir)) {
		log_error("cannot create the data folder %s", cfg.data_dir);
		return 1;
	}
	struct db_pool *pool = NULL;
	struct db_gc *gc = NULL;
	struct http_server *srv = NULL;
	struct cmd_ticker *ticker = NULL;
	int exit_code = 1;
	if (cmd_open_database(cfg.db_url, cfg.threads + 2, &pool) || db_gc_start(pool, 0, &gc))
		goto out;
	struct http_config hc = {
		.listen = cfg.listen,
		.web_root = cfg.web_dir,
		.data_dir = cfg.data_dir,
		.threads = cfg.threads,
		.session_ttl_ms = cfg.session_ttl_s * 1000,
		.role_check = org_has_role_anywhere,
		.public_url = public_url,
	};
	/* Set before the server takes requests; read-only afterwards. */
	org_set_hooks(&(struct org_hooks){.first_login = learn_first_login,
					  .official_changed = cbp_official_changed,
					  .officials_onboarded = cbp_officials_onboarded});
	learn_set_hooks(&(struct learn_hooks){.completed = cbp_content_completed});
	frac_set_hooks(&(struct frac_hooks){.holder_changed = cbp_official_changed});
	catalog_set_hooks(&(struct catalog_hooks){.version_copied = assess_version_copied,
						  .version_ready = assess_version_ready});
	if (http_server_start(&hc, ROUTE_TABLES, pool, gc, &srv) || cmd_ticker_start(pool, TICK_JOBS, &ticker))
		goto out;
	log_info("serving http://%s (database %s, %d threads)", cfg.listen, db_backend_name(db_pool_backend(pool)),
		 cfg.threads);
	int sig = wait_for_stop_signal();
	log_info("signal %d: stopping", sig);
	exit_code = 0;
out:
	cmd_ticker_stop(ticker);
	cbp_stop(); /* a publication still assigning lets its parked request go */
	http_server_stop(srv);
	db_gc_stop(gc);
	db_pool_close(pool);
	log_close_access();
	return exit_code;
}
