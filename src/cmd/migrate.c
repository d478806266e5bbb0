/* karmayogi migrate: apply the embedded schema migrations. */
#include "cmd/cmd.h"

#include "core/config.h"
#include "core/log.h"
#include "db/migrate.h"

#include <sodium.h>
#include <stdio.h>

int cmd_open_database(const char *url, int pool_size, struct db_pool **out)
{
	*out = NULL;
	if (config_prepare_db_path(url)) {
		log_error("cannot create the folder for %s", url);
		return -1;
	}
	struct db_pool *pool = NULL;
	if (db_pool_open(url, pool_size, &pool))
		return -1;
	if (db_migrate(pool) < 0) {
		db_pool_close(pool);
		return -1;
	}
	*out = pool;
	return 0;
}

int cmd_migrate(int argc, char **argv)
{
	struct config cfg;
	if (config_from_env(&cfg))
		return 2;
	int rc = config_parse_flags(&cfg, CONFIG_DB, "migrate", "Apply the database migrations that are not applied yet.",
				    argc, argv);
	if (rc)
		return rc > 0 ? 0 : 2;
	struct db_pool *pool = NULL;
	if (cmd_open_database(cfg.db_url, 1, &pool))
		return 1;
	struct db_conn *c = db_acquire(pool);
	printf("schema version %d on %s\n", c ? db_schema_version(c) : -1, db_backend_name(db_pool_backend(pool)));
	db_release(c);
	db_pool_close(pool);
	return 0;
}
