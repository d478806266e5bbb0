/* Quizzes: a course's quiz resource is done when its assessment's attempt counts (module assess tells learn
 * through learn_assessment_done), never by a progress report; the course then settles as after progress. */
#include "learn/learn_int.h"

#include <stdio.h>
#include <string.h>

/* An official has a few dozen live enrolments; one assessment is named by a few quizzes among them. */
#define MAX_QUIZZES 64

struct quiz_ref {
	int64_t content_id, resource_id;
	bool required;
};

/* The quiz resources naming code in the official's live enrolments. Returns how many (at most max), or a
 * negative DB_ code. */
static long quizzes_naming(struct db_conn *conn, int64_t official_id, const char *code, struct quiz_ref *out,
			   size_t max)
{
	struct db_stmt *st = db_prepare(
		conn, "SELECT e.content_id, r.id, r.required FROM enrolments e JOIN course_modules m ON m.version_id = "
		      "e.version_id JOIN resources r ON r.module_id = m.id WHERE e.official_id = $1 AND e.status <> "
		      "'left' AND r.kind = 'quiz' AND r.assessment_ref = $2 ORDER BY e.content_id, r.id");
	if (!st || db_bind_int64(st, 1, official_id) || db_bind_text(st, 2, code)) {
		db_finish(st);
		return DB_ERROR;
	}
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && n < max) {
		out[n].content_id = db_column_int64(st, 0);
		out[n].resource_id = db_column_int64(st, 1);
		out[n].required = db_column_int64(st, 2) != 0;
		n++;
	}
	db_finish(st);
	return rc < 0 ? rc : (long)n;
}

/* The quiz resource at 100 %, dated once. required follows the outline: a course with no resource marked
 * required counts every resource. */
static int quiz_done(struct db_conn *conn, const struct learn_settle *s, int64_t resource_id, int64_t at)
{
	struct learn_resource_ref ref;
	int rc = learn_outline_lookup(conn, s->version_id, resource_id, NULL, &ref);
	if (rc < 0)
		return rc;
	struct db_stmt *st = db_prepare(
		conn, "INSERT INTO resource_progress (enrolment_id, resource_id, required, percent, position, "
		      "time_spent_s, client_at, completed_at, updated_at) VALUES ($1, $2, $3, 100, 0, 0, $4, $4, $4) "
		      "ON CONFLICT (enrolment_id, resource_id) DO UPDATE SET percent = 100, completed_at = "
		      "COALESCE(resource_progress.completed_at, excluded.completed_at), updated_at = $4");
	if (!st || db_bind_int64(st, 1, s->enrolment_id) || db_bind_int64(st, 2, resource_id) ||
	    db_bind_int64(st, 3, rc == 1 && ref.required) || db_bind_int64(st, 4, at)) {
		db_finish(st);
		return DB_ERROR;
	}
	rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int settle_courses(struct db_conn *conn, int64_t official_id, const struct quiz_ref *q, size_t n, int64_t at)
{
	for (size_t i = 0; i < n; i++) {
		struct learn_settle s;
		memset(&s, 0, sizeof s);
		int rc = learn_settle_load(conn, official_id, q[i].content_id, &s);
		if (rc < 0)
			return rc;
		if (rc == 0)
			continue;
		/* Every quiz of this course naming the assessment, then the course settles once. */
		size_t j = i;
		for (; j < n && q[j].content_id == q[i].content_id; j++)
			if ((rc = quiz_done(conn, &s, q[j].resource_id, at)))
				return rc;
		if ((rc = learn_settle(conn, &s, at)))
			return rc;
		i = j - 1;
	}
	return 0;
}

/* The official's enrolment in the assessment itself completes when they pass it. */
static int complete_standalone(struct db_conn *conn, int64_t official_id, int64_t content_id, int64_t at)
{
	struct learn_settle s;
	memset(&s, 0, sizeof s);
	int rc = learn_settle_load(conn, official_id, content_id, &s);
	if (rc <= 0)
		return rc;
	return strcmp(s.status, "completed") ? learn_complete(conn, &s, at) : 0;
}

int learn_assessment_done(struct db_conn *conn, int64_t official_id, int64_t content_id, const char *code, bool passed,
			  int64_t at)
{
	struct quiz_ref q[MAX_QUIZZES];
	long n = quizzes_naming(conn, official_id, code, q, MAX_QUIZZES);
	if (n < 0)
		return (int)n;
	int rc = settle_courses(conn, official_id, q, (size_t)n, at);
	if (rc || !passed)
		return rc;
	if ((rc = complete_standalone(conn, official_id, content_id, at)))
		return rc;
	char ref[32];
	snprintf(ref, sizeof ref, "content:%lld", (long long)content_id);
	return learn_karma_award(conn, official_id, "assessment_pass", ref, at, NULL);
}
