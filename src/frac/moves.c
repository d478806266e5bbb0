/* When an official moves to another organisation, their passport rows move with them: the rows carry the
 * organisation so the candidates for a post are read from the scope's own rows (see match.c). */
#include "frac/frac_int.h"

int frac_official_moved(struct db_conn *db, int64_t official_id, int64_t org_id)
{
	struct db_stmt *st = db_prepare(db, "UPDATE passport_entries SET org_id = $2 WHERE official_id = $1");
	int rc = !st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, org_id) ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}
