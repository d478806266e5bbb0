/* Hooks: what org tells modules above it (which it may not include) about its own events. Set once at
 * start-up, before the server takes requests, and only read afterwards, so no lock is needed. */
#include "org/org.h"

#include <stddef.h>

static struct org_hooks hooks;

void org_set_hooks(const struct org_hooks *h)
{
	hooks = h ? *h : (struct org_hooks){0};
}

int org_hook_first_login(struct db_conn *conn, int64_t official_id, int64_t at)
{
	return hooks.first_login ? hooks.first_login(conn, official_id, at) : 0;
}
