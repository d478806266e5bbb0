/* Hooks: what frac tells modules above it (which it may not include) about its own events. Set once at
 * start-up, before the server takes requests, and only read afterwards, so no lock is needed. */
#include "frac/frac.h"

#include "core/util.h"

static struct frac_hooks hooks;

void frac_set_hooks(const struct frac_hooks *h)
{
	hooks = h ? *h : (struct frac_hooks){0};
}

int frac_hook_holder_changed(struct db_conn *db, int64_t official_id)
{
	return hooks.holder_changed ? hooks.holder_changed(db, official_id, util_now_ms()) : 0;
}
