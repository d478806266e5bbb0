/* The demo's learning (karmayogi demo): Priya (learner@) has finished courses over the past months, with their
 * certificates, has two under way and one her ministry's admin assigned with a due date; her supervisor and
 * a few dozen colleagues of her ministry have learnt too, so hours, points and leaderboards have something to
 * show. Completion goes through the same code as a learner's progress (learn_settle). */
#include "learn/learn_int.h"

#include "core/util.h"

#include <stdio.h>
#include <string.h>

#define DAY_MS (24LL * 3600 * 1000)
#define COLLEAGUES 30

static int one_id(struct db_conn *conn, const char *sql, const char *arg, int64_t *out)
{
	struct db_stmt *st = db_prepare(conn, sql);
	if (!st || (arg && db_bind_text(st, 1, arg))) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

/* Published courses in a stable order: the n-th (wrapping). */
struct course_list {
	int64_t ids[400];
	size_t n;
};

static int published_courses(struct db_conn *conn, struct course_list *out)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT c.id FROM contents c JOIN content_versions v ON v.id = "
				 "c.published_version_id WHERE c.kind = 'course' AND v.status = 'published' "
				 "ORDER BY c.code");
	if (!st)
		return DB_ERROR;
	int rc;
	out->n = 0;
	while ((rc = db_step(st)) == DB_ROW && out->n < sizeof out->ids / sizeof out->ids[0])
		out->ids[out->n++] = db_column_int64(st, 0);
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* The enrolment of official_id in content_id as learn_settle takes it. */
static int settle_of(struct db_conn *conn, int64_t official_id, int64_t content_id, struct learn_settle *s)
{
	memset(s, 0, sizeof *s);
	struct db_stmt *st =
		db_prepare(conn, "SELECT id, version_id, source, COALESCE(due_at, 0), status FROM enrolments "
				 "WHERE official_id = $1 AND content_id = $2");
	if (!st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, content_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		s->official_id = official_id;
		s->content_id = content_id;
		s->enrolment_id = db_column_int64(st, 0);
		s->version_id = db_column_int64(st, 1);
		snprintf(s->source, sizeof s->source, "%s", db_column_text(st, 2));
		s->due_at = db_column_int64(st, 3);
		snprintf(s->status, sizeof s->status, "%s", db_column_text(st, 4));
	}
	db_finish(st);
	if (rc != DB_ROW)
		return rc < 0 ? rc : DB_ERROR;
	rc = learn_outline_lookup(conn, s->version_id, 0, &s->facts, NULL);
	return rc < 0 ? rc : 0;
}

/* Marks the first `count` resources of the enrolled version (all when count < 0) at percent, at time at. */
static int learn_resources(struct db_conn *conn, const struct learn_settle *s, int count, int percent, int64_t at)
{
	struct db_stmt *st = db_prepare(
		conn,
		"INSERT INTO resource_progress (enrolment_id, resource_id, required, percent, position, time_spent_s, "
		"client_at, completed_at, updated_at) SELECT $1, r.id, CASE WHEN EXISTS (SELECT 1 FROM resources q "
		"JOIN "
		"course_modules qm ON qm.id = q.module_id WHERE qm.version_id = $5 AND q.required = 1) THEN "
		"r.required ELSE 1 END, "
		"$2, 0, COALESCE(r.duration_minutes, 10) * 60, $3, $4, $3 FROM resources r JOIN course_modules m ON "
		"m.id = r.module_id WHERE m.version_id = $5 AND r.kind <> 'quiz' ORDER BY m.seq, r.seq LIMIT $6");
	if (!st || db_bind_int64(st, 1, s->enrolment_id) || db_bind_int64(st, 2, percent) || db_bind_int64(st, 3, at) ||
	    (percent == 100 ? db_bind_int64(st, 4, at) : db_bind_null(st, 4)) || db_bind_int64(st, 5, s->version_id) ||
	    db_bind_int64(st, 6, count < 0 ? 100000 : count)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* official_id learns course: enrolled at start, finished (all resources) at done, or part-way when done is 0. */
static int learn_course(struct db_conn *conn, int64_t official_id, int64_t course, const char *source,
			int64_t assigned_by, int64_t due_at, int64_t start, int64_t done)
{
	bool created = false;
	int rc = learn_enrol(conn, official_id, course, source, assigned_by, due_at, start, &created);
	if (rc || !created)
		return rc < 0 ? rc : 0;
	struct learn_settle s;
	rc = settle_of(conn, official_id, course, &s);
	if (!rc)
		rc = done ? learn_resources(conn, &s, -1, 100, done) : learn_resources(conn, &s, 1, 60, start + DAY_MS);
	if (!rc)
		rc = learn_settle(conn, &s, done ? done : start + DAY_MS);
	return rc;
}

/* Courses that teach only what official_id's passport already holds verified at their level or above: the
 * demo's completions for Priya leave her gaps and matches as the competency demo set them. */
static int courses_already_held(struct db_conn *conn, int64_t official_id, struct course_list *out)
{
	struct db_stmt *st = db_prepare(
		conn,
		"SELECT c.id FROM contents c JOIN content_versions v ON v.id = c.published_version_id WHERE c.kind = "
		"'course' AND v.status = 'published' AND NOT EXISTS (SELECT 1 FROM content_competencies cc WHERE "
		"cc.version_id = v.id AND NOT EXISTS (SELECT 1 FROM passport_entries pe WHERE pe.official_id = $1 "
		"AND pe.competency_id = cc.competency_id AND pe.status = 'verified' AND pe.level >= cc.level)) "
		"ORDER BY c.code");
	if (!st || db_bind_int64(st, 1, official_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	out->n = 0;
	while ((rc = db_step(st)) == DB_ROW && out->n < sizeof out->ids / sizeof out->ids[0])
		out->ids[out->n++] = db_column_int64(st, 0);
	db_finish(st);
	return rc < 0 ? rc : 0;
}

static int priya(struct db_conn *conn, const struct course_list *c, int64_t now)
{
	int64_t me = 0, admin = 0;
	if (one_id(conn, "SELECT id FROM officials WHERE email = $1", "learner@karmayogi.demo", &me) != 1 ||
	    one_id(conn, "SELECT id FROM officials WHERE email = $1", "mdo.admin@karmayogi.demo", &admin) != 1)
		return 0;
	struct course_list held;
	int rc = courses_already_held(conn, me, &held);
	static const int finished_days_ago[] = {160, 125, 96, 70, 41, 12};
	for (size_t i = 0; !rc && held.n && i < sizeof finished_days_ago / sizeof finished_days_ago[0]; i++) {
		int64_t done = now - finished_days_ago[i] * DAY_MS;
		rc = learn_course(conn, me, held.ids[(i * 13) % held.n], "self", 0, 0, done - 5 * DAY_MS, done);
	}
	if (!rc)
		rc = learn_course(conn, me, c->ids[11 % c->n], "self", 0, 0, now - 6 * DAY_MS, 0);
	if (!rc)
		rc = learn_course(conn, me, c->ids[23 % c->n], "self", 0, 0, now - 3 * DAY_MS, 0);
	if (!rc)
		rc = learn_course(conn, me, c->ids[29 % c->n], "admin", admin, now + 30 * DAY_MS, now - 2 * DAY_MS, 0);
	return rc;
}

/* Colleagues in Priya's ministry learn a little or a lot, so leaderboards and hours vary. */
static int colleagues(struct db_conn *conn, const struct course_list *c, int64_t now)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT o.id FROM officials o WHERE o.status = 'active' AND o.ministry_id = "
				 "(SELECT ministry_id FROM officials WHERE email = 'learner@karmayogi.demo') AND "
				 "o.email <> 'learner@karmayogi.demo' ORDER BY o.id LIMIT 30");
	if (!st)
		return DB_ERROR;
	int64_t ids[COLLEAGUES];
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && n < COLLEAGUES)
		ids[n++] = db_column_int64(st, 0);
	db_finish(st);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		size_t courses = 1 + (i * 7) % 5;
		for (size_t k = 0; k < courses; k++) {
			int64_t done = now - (int64_t)(5 + (i * 13 + k * 29) % 200) * DAY_MS;
			rc = learn_course(conn, ids[i], c->ids[(i * 17 + k * 41) % c->n], "self", 0, 0,
					  done - 3 * DAY_MS, k + 1 == courses && i % 3 == 0 ? 0 : done);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int learn_demo_seed(struct db_conn *conn)
{
	int64_t any = 0;
	int there = one_id(conn, "SELECT count(*) FROM enrolments", NULL, &any);
	if (there < 0)
		return there;
	if (any)
		return 0;
	struct course_list c;
	int rc = published_courses(conn, &c);
	if (rc || c.n < 40)
		return rc;
	int64_t now = util_now_ms();
	rc = priya(conn, &c, now);
	if (!rc)
		rc = colleagues(conn, &c, now);
	return rc;
}
