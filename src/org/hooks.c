/* Hooks: what org tells modules above it (which it may not include) about its own events. Set once at
 * start-up, before the server takes requests, and only read afterwards, so no lock is needed. */
#include "org/org.h"

#include "core/util.h"

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

int org_hook_official_changed(struct db_conn *conn, int64_t official_id)
{
	return hooks.official_changed ? hooks.official_changed(conn, official_id, util_now_ms()) : 0;
}

int org_hook_officials_onboarded(struct db_conn *conn, int64_t org_id)
{
	return hooks.officials_onboarded ? hooks.officials_onboarded(conn, org_id, util_now_ms()) : 0;
}
