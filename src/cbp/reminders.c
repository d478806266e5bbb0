/* Reminders (nudges): a week before an item's due date, and once it is overdue, each assigned official who has
 * not completed it gets a message in org's outbox, once of each kind. The server's ticker sends them every
 * few minutes; a CBP admin may send a plan's at once. */
#include "cbp/cbp_int.h"

#include "core/buf.h"
#include "core/util.h"
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 500 /* reminders of a kind per run: a large plan's go out over a few runs */

struct due {
	int64_t item_id, official_id, content_id;
	char due_on[11];
	char title[256], title_hi[256];
};

/* Assignments of plan_id (0: every plan) that are due for a reminder of kind: due within a week (due_soon) or
 * past due (overdue), not completed, and not yet reminded so. */
static long due_for(struct db_conn *conn, const char *kind, int64_t plan_id, int64_t now, struct due *out)
{
	struct db_stmt *st = db_prepare(
		conn,
		"SELECT a.item_id, a.official_id, a.content_id, i.due_on, COALESCE(v.title_en, c.code), v.title_hi "
		"FROM cbp_assignments a JOIN cbp_items i ON i.id = a.item_id JOIN cbp_plans p ON p.id = a.plan_id "
		"JOIN contents c ON c.id = a.content_id LEFT JOIN content_versions v ON v.id = "
		"c.published_version_id LEFT JOIN enrolments e ON e.official_id = a.official_id AND e.content_id = "
		"a.content_id WHERE a.left_at IS NULL AND p.status = 'published' AND ($2 = 0 OR a.plan_id = $2) AND "
		"(($3 = 'due_soon' AND a.due_at >= $1 AND a.due_at < $1 + 604800000) OR ($3 = 'overdue' AND "
		"a.due_at < $1)) AND (e.status IS NULL OR e.status <> 'completed') AND NOT EXISTS (SELECT 1 FROM "
		"cbp_reminders r WHERE r.item_id = a.item_id AND r.official_id = a.official_id AND r.kind = $3) "
		"ORDER BY a.due_at, a.item_id, a.official_id LIMIT 500");
	if (!st || db_bind_int64(st, 1, now) || db_bind_int64(st, 2, plan_id) || db_bind_text(st, 3, kind)) {
		db_finish(st);
		return DB_ERROR;
	}
	long n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && n < BATCH) {
		struct due *d = &out[n++];
		d->item_id = db_column_int64(st, 0);
		d->official_id = db_column_int64(st, 1);
		d->content_id = db_column_int64(st, 2);
		snprintf(d->due_on, sizeof d->due_on, "%s", db_column_text(st, 3));
		snprintf(d->title, sizeof d->title, "%s", db_column_text(st, 4));
		const char *hi = db_column_text(st, 5);
		snprintf(d->title_hi, sizeof d->title_hi, "%s", hi ? hi : d->title);
	}
	db_finish(st);
	return rc < 0 ? rc : n;
}

/* The message, in English and Hindi, as the outbox keeps it. */
static int message(const struct due *d, bool overdue, struct buf *subject, struct buf *body)
{
	if (overdue)
		return buf_printf(subject, "Overdue: %s / समय सीमा बीत गई: %s", d->title, d->title_hi) ||
		       buf_printf(
			       body,
			       "\"%s\" in your capacity-building plan was due on %s and is not yet complete. Please "
			       "finish it as soon as you can.\n\nआपकी क्षमता निर्माण योजना में \"%s\" की अंतिम तिथि %s थी "
			       "और यह अभी पूरा नहीं हुआ है। कृपया इसे जल्द से जल्द पूरा करें।\n",
			       d->title, d->due_on, d->title_hi, d->due_on);
	return buf_printf(subject, "Due in a week: %s / एक सप्ताह में देय: %s", d->title, d->title_hi) ||
	       buf_printf(body,
			  "\"%s\" in your capacity-building plan is due on %s.\n\nआपकी क्षमता निर्माण योजना में \"%s\" "
			  "की अंतिम तिथि %s है।\n",
			  d->title, d->due_on, d->title_hi, d->due_on);
}

static int record(struct db_conn *conn, const struct due *d, const char *kind, int64_t now)
{
	struct buf subject, body;
	buf_init(&subject, 2048);
	buf_init(&body, 8192);
	char link[64];
	snprintf(link, sizeof link, "/#/contents/%lld", (long long)d->content_id);
	int rc = message(d, !strcmp(kind, "overdue"), &subject, &body) ? DB_ERROR : 0;
	if (!rc)
		rc = org_outbox_queue(conn, d->official_id, !strcmp(kind, "overdue") ? "plan_overdue" : "plan_due_soon",
				      subject.data, body.data, link, now);
	buf_free(&subject);
	buf_free(&body);
	struct db_stmt *st = rc ? NULL
				: db_prepare(conn, "INSERT INTO cbp_reminders (item_id, official_id, kind, "
						   "queued_at) VALUES ($1, $2, $3, $4)");
	if (!rc)
		rc = !st || db_bind_int64(st, 1, d->item_id) || db_bind_int64(st, 2, d->official_id) ||
				     db_bind_text(st, 3, kind) || db_bind_int64(st, 4, now)
			     ? DB_ERROR
		     : db_step(st) == DB_DONE ? 0
					      : DB_ERROR;
	db_finish(st);
	return rc;
}

/* One batch of one kind, in one transaction. Sets *queued. */
static int remind_kind(struct db_conn *conn, const char *kind, int64_t plan_id, int64_t now, int64_t *queued)
{
	struct due *batch = calloc(BATCH, sizeof *batch);
	if (!batch)
		return DB_ERROR;
	long n = due_for(conn, kind, plan_id, now, batch);
	int rc = n < 0 ? (int)n : n == 0 ? 0 : db_begin(conn);
	for (long i = 0; !rc && i < n; i++)
		rc = record(conn, &batch[i], kind, now);
	if (!rc && n > 0)
		rc = db_commit(conn);
	free(batch);
	if (rc) {
		db_rollback(conn);
		return rc;
	}
	*queued += n > 0 ? n : 0;
	return 0;
}

int cbp_remind(struct db_conn *conn, int64_t plan_id, int64_t now, int64_t *due_soon, int64_t *overdue)
{
	*due_soon = *overdue = 0;
	int rc = remind_kind(conn, "due_soon", plan_id, now, due_soon);
	return rc ? rc : remind_kind(conn, "overdue", plan_id, now, overdue);
}

int cbp_remind_all(struct db_conn *conn, int64_t now)
{
	int64_t soon = 0, late = 0;
	return cbp_remind(conn, 0, now, &soon, &late);
}
