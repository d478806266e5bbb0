/* Messages other modules queue for an official (reminders of their plan, ...): written to the outbox, where
 * the admins of the official's organisation see and export them beside the invitations (accounts.c). */
#include "org/org.h"

int org_outbox_queue(struct db_conn *conn, int64_t official_id, const char *kind, const char *subject, const char *body,
		     const char *link, int64_t now)
{
	struct db_stmt *st =
		db_prepare(conn, "INSERT INTO outbox (official_id, org_id, kind, to_email, to_name, to_name_hi, "
				 "link, subject, body, created_at) SELECT id, org_id, $2, email, name_en, "
				 "name_hi, $3, $4, $5, $6 FROM officials WHERE id = $1");
	int rc = !st || db_bind_int64(st, 1, official_id) || db_bind_text(st, 2, kind) || db_bind_text(st, 3, link) ||
		 db_bind_text(st, 4, subject) || db_bind_text(st, 5, body) || db_bind_int64(st, 6, now);
	if (!rc)
		rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}
