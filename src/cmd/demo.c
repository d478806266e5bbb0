/* karmayogi demo: migrate, then seed the demo dataset (once; a second run changes nothing). */
#include "cmd/cmd.h"

#include "core/config.h"
#include "assess/assess.h"
#include "catalog/catalog.h"
#include "learn/learn.h"
#include "frac/frac.h"
#include "org/org.h"
#include "core/log.h"

#include <sodium.h>
#include <stdio.h>

/* The competency framework, in its own transaction (a database seeded before it existed gets it too). */
static int seed_framework(struct db_pool *pool)
{
	struct db_conn *c = db_acquire(pool);
	int rc = c ? db_begin(c) : -1;
	if (!rc)
		rc = frac_demo_seed(c);
	if (!rc)
		rc = catalog_demo_seed(c);
	if (!rc)
		rc = learn_demo_seed(c);
	if (!rc)
		rc = assess_demo_seed(c); /* its learner's enrolment after learn's own */
	if (!rc)
		rc = catalog_demo_ratings(c); /* needs learn's completions */
	if (!rc)
		rc = db_commit(c);
	if (rc && c) {
		log_error("demo framework could not be written: %s", db_errmsg(c));
		db_rollback(c);
	}
	db_release(c);
	return rc ? -1 : 0;
}

int cmd_demo(int argc, char **argv)
{
	struct config cfg;
	if (config_from_env(&cfg))
		return 2;
	int rc = config_parse_flags(&cfg, CONFIG_DB, "demo",
				    "Create the database if needed and load the demo dataset: Government of India "
				    "ministries and departments,\na few hundred officials, and one account per role.",
				    argc, argv);
	if (rc)
		return rc > 0 ? 0 : 2;
	if (sodium_init() < 0)
		return 1;
	struct db_pool *pool = NULL;
	if (cmd_open_database(cfg.db_url, 1, &pool))
		return 1;
	int seeded = org_demo_seed(pool);
	if (seeded >= 0 && seed_framework(pool))
		seeded = -1;
	db_pool_close(pool);
	if (seeded < 0)
		return 1;
	printf(seeded ? "demo data loaded\n" : "demo data already present\n");
	printf("demo logins (password %s):\n", org_demo_password);
	for (const struct org_demo_login *l = org_demo_logins; l->email; l++)
		printf("  %-30s %-22s %s\n", l->email, l->role, l->org_code);
	return 0;
}
