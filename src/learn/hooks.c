/* Hooks: what learn tells modules above it (which it may not include) about its own events. Set once at
 * start-up, before the server takes requests, and only read afterwards, so no lock is needed. */
#include "learn/learn_int.h"

static struct learn_hooks hooks;

void learn_set_hooks(const struct learn_hooks *h)
{
	hooks = h ? *h : (struct learn_hooks){0};
}

int learn_hook_completed(struct db_conn *conn, int64_t official_id, int64_t content_id, int64_t at)
{
	return hooks.completed ? hooks.completed(conn, official_id, content_id, at) : 0;
}
