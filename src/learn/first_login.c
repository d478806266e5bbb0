/* The first-login reward: org tells learn of an official's first successful login through its hook (org may
 * not include learn), and learn pays the first_login rule inside that login's transaction. */
#include "learn/learn.h"

int learn_first_login(struct db_conn *conn, int64_t official_id, int64_t at)
{
	return learn_karma_award(conn, official_id, "first_login", "first", at, NULL);
}
