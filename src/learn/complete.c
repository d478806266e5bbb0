/* Settling an enrolment after progress, and completion, all derived on the server: a course is complete when
 * its required resources are; a programme when its courses are. Completing issues the certificate (a
 * snapshot of what it certifies, with an unguessable code), adds the competencies to the passport with the
 * certificate as evidence, pays karma points, and may complete a programme in turn. Runs inside the caller's
 * transaction (the group-commit writer's, for progress). */
#include "learn/learn_int.h"

#include "frac/frac.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CODE_CHARS 26 /* 130 random bits in base32 */

void learn_certificate_code(char out[32])
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
	unsigned char raw[17];
	randombytes_buf(raw, sizeof raw);
	for (int i = 0; i < CODE_CHARS; i++) {
		int bit = i * 5, byte = bit / 8, shift = bit % 8;
		unsigned v = ((unsigned)raw[byte] << 8 | raw[byte + 1]) >> (11 - shift);
		out[i] = alphabet[v & 31];
	}
	out[CODE_CHARS] = '\0';
}

static int step_done(struct db_stmt *st)
{
	int rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* The competencies the version addresses, as the certificate's JSON; each also goes to the passport. */
static int competencies_awarded(struct db_conn *conn, const struct learn_settle *s, const char *code, const char *title,
				json_t **out)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT k.id, k.code, k.name_en, k.name_hi, cc.level FROM "
				 "content_competencies cc JOIN competencies k ON k.id = cc.competency_id WHERE "
				 "cc.version_id = $1 ORDER BY k.name_en, k.id");
	if (!st || db_bind_int64(st, 1, s->version_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	json_t *list = json_array();
	struct {
		int64_t id;
		int level;
	} award[64];
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_array_append_new(list,
				      json_pack("{s:I, s:s, s:s, s:o, s:I}", "id", (json_int_t)db_column_int64(st, 0),
						"code", db_column_text(st, 1), "name_en", db_column_text(st, 2),
						"name_hi", learn_text_json(db_column_text(st, 3)), "level",
						(json_int_t)db_column_int64(st, 4)));
		if (n < sizeof award / sizeof award[0]) {
			award[n].id = db_column_int64(st, 0);
			award[n++].level = (int)db_column_int64(st, 4);
		}
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(list);
		return rc;
	}
	char evidence[400], ref[48];
	snprintf(evidence, sizeof evidence, "Completed: %s", title);
	snprintf(ref, sizeof ref, "certificate:%s", code);
	for (size_t i = 0; i < n; i++) {
		/* 1: a competency retired since the course was published earns nothing now; not an error. */
		rc = frac_passport_award(conn, s->official_id, award[i].id, award[i].level, "course", evidence, ref,
					 NULL);
		if (rc < 0) {
			json_decref(list);
			return rc;
		}
	}
	*out = list;
	return 0;
}

/* The version's English title, for the passport's evidence line. */
static int title_of(struct db_conn *conn, int64_t version_id, char *out, size_t size)
{
	struct db_stmt *st = db_prepare(conn, "SELECT title_en FROM content_versions WHERE id = $1");
	if (!st || db_bind_int64(st, 1, version_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(out, size, "%s", db_column_text(st, 0));
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int issue_certificate(struct db_conn *conn, struct learn_settle *s, int64_t now)
{
	char title[300] = "";
	learn_certificate_code(s->certificate);
	json_t *comps = NULL;
	int rc = title_of(conn, s->version_id, title, sizeof title);
	if (!rc)
		rc = competencies_awarded(conn, s, s->certificate, title, &comps);
	if (rc)
		return rc;
	char *comps_text = json_dumps(comps, JSON_COMPACT);
	json_decref(comps);
	if (!comps_text)
		return DB_ERROR;
	struct db_stmt *st = db_prepare(
		conn,
		"INSERT INTO certificates (code, enrolment_id, official_id, content_id, version_id, "
		"official_name_en, official_name_hi, official_email, title_en, title_hi, provider_id, "
		"provider_name_en, provider_name_hi, competencies, credited_minutes, issued_at) SELECT $1, e.id, "
		"e.official_id, e.content_id, e.version_id, o.name_en, o.name_hi, o.email, v.title_en, v.title_hi, "
		"c.provider_id, p.name_en, p.name_hi, $2, e.credited_minutes, $3 FROM enrolments e JOIN officials o "
		"ON o.id = e.official_id JOIN content_versions v ON v.id = e.version_id JOIN contents c ON c.id = "
		"e.content_id JOIN organisations p ON p.id = c.provider_id WHERE e.id = $4");
	rc = !st || db_bind_text(st, 1, s->certificate) || db_bind_text(st, 2, comps_text) ||
	     db_bind_int64(st, 3, now) || db_bind_int64(st, 4, s->enrolment_id);
	free(comps_text);
	if (rc) {
		db_finish(st);
		return DB_ERROR;
	}
	return step_done(st);
}

/* Karma for a completion: a plan's item pays (and a bonus before its due date); any other completion pays
 * within the monthly cap of the rules. */
static int pay_completion(struct db_conn *conn, const struct learn_settle *s, int64_t now)
{
	char ref[40];
	snprintf(ref, sizeof ref, "content:%lld", (long long)s->content_id);
	bool plan = !strcmp(s->source, "plan");
	int rc = learn_karma_award(conn, s->official_id, plan ? "course_completion" : "non_plan_completion", ref, now,
				   NULL);
	if (!rc && plan && s->due_at && now <= s->due_at)
		rc = learn_karma_award(conn, s->official_id, "plan_early_bonus", ref, now, NULL);
	return rc;
}

static int settle_programmes(struct db_conn *conn, const struct learn_settle *course, int64_t now, int depth);

static int complete(struct db_conn *conn, struct learn_settle *s, int64_t now, int depth)
{
	struct db_stmt *st =
		db_prepare(conn, "UPDATE enrolments SET status = 'completed', progress = 100, completed_at = $2, "
				 "last_activity_at = $2, credited_minutes = $3 WHERE id = $1");
	/* A programme's time is its courses' (each credited when completed): credited again it would count twice. */
	bool programme = strcmp(s->facts.kind, "course") && strcmp(s->facts.kind, "assessment");
	if (!st || db_bind_int64(st, 1, s->enrolment_id) || db_bind_int64(st, 2, now) ||
	    db_bind_int64(st, 3, programme ? 0 : s->facts.duration_minutes)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = step_done(st);
	snprintf(s->status, sizeof s->status, "completed");
	s->progress = 100;
	s->completed_at = now;
	if (!rc && strcmp(s->facts.kind, "assessment"))
		rc = issue_certificate(conn, s, now);
	if (!rc)
		rc = pay_completion(conn, s, now);
	if (!rc)
		rc = learn_hook_completed(conn, s->official_id, s->content_id, now);
	if (!rc && !strcmp(s->facts.kind, "course"))
		rc = settle_programmes(conn, s, now, depth);
	return rc;
}

/* Done and total among the required resources of a course enrolment. */
static int course_counts(struct db_conn *conn, const struct learn_settle *s, int64_t *sum, int64_t *done)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT COALESCE(SUM(percent), 0), COALESCE(SUM(CASE WHEN percent = 100 "
				 "THEN 1 ELSE 0 END), 0) FROM resource_progress WHERE enrolment_id = $1 AND "
				 "required = 1");
	if (!st || db_bind_int64(st, 1, s->enrolment_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*sum = db_column_int64(st, 0);
		*done = db_column_int64(st, 1);
	}
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Records progress on an enrolment that is not complete (or only its activity on one that is). */
static int record_progress(struct db_conn *conn, struct learn_settle *s, int64_t progress, int64_t now)
{
	struct db_stmt *st = db_prepare(
		conn,
		"UPDATE enrolments SET progress = CASE WHEN status = 'completed' THEN progress ELSE $2 END, "
		"status = CASE WHEN status = 'enrolled' THEN 'in_progress' ELSE status END, last_activity_at = $3 "
		"WHERE id = $1 RETURNING status, progress, COALESCE(completed_at, 0)");
	if (!st || db_bind_int64(st, 1, s->enrolment_id) || db_bind_int64(st, 2, progress) ||
	    db_bind_int64(st, 3, now)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		snprintf(s->status, sizeof s->status, "%s", db_column_text(st, 0));
		s->progress = db_column_int64(st, 1);
		s->completed_at = db_column_int64(st, 2);
	}
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int certificate_of(struct db_conn *conn, struct learn_settle *s)
{
	struct db_stmt *st = db_prepare(conn, "SELECT code FROM certificates WHERE enrolment_id = $1");
	if (!st || db_bind_int64(st, 1, s->enrolment_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(s->certificate, sizeof s->certificate, "%s", db_column_text(st, 0));
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* The official's live enrolment in content_id: 1 (s filled), 0 not enrolled (or left), negative DB_ code. */
static int enrolment_of(struct db_conn *conn, int64_t official_id, int64_t content_id, struct learn_settle *s)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT id, version_id, status, source, COALESCE(due_at, 0) FROM enrolments "
				 "WHERE official_id = $1 AND content_id = $2");
	if (!st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, content_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	bool live = false;
	if (rc == DB_ROW) {
		s->enrolment_id = db_column_int64(st, 0);
		s->version_id = db_column_int64(st, 1);
		snprintf(s->status, sizeof s->status, "%s", db_column_text(st, 2));
		snprintf(s->source, sizeof s->source, "%s", db_column_text(st, 3));
		s->due_at = db_column_int64(st, 4);
		live = strcmp(s->status, "left") != 0;
	}
	db_finish(st);
	if (rc < 0)
		return rc;
	s->official_id = official_id;
	s->content_id = content_id;
	return live ? 1 : 0;
}

int learn_settle_load(struct db_conn *conn, int64_t official_id, int64_t content_id, struct learn_settle *s)
{
	int rc = enrolment_of(conn, official_id, content_id, s);
	if (rc <= 0)
		return rc;
	rc = learn_outline_lookup(conn, s->version_id, 0, &s->facts, NULL);
	return rc < 0 && rc != LEARN_NO_VERSION ? rc : 1;
}

int learn_complete(struct db_conn *conn, struct learn_settle *s, int64_t now)
{
	return complete(conn, s, now, 0);
}

/* The enrolment as it stands inside the writer's transaction: what the request read before may be stale (a
 * batch queued just ahead may have completed it). */
static int enrolment_state(struct db_conn *conn, struct learn_settle *s)
{
	struct db_stmt *st = db_prepare(conn, "SELECT status, progress, last_activity_at, COALESCE(completed_at, 0) "
					      "FROM enrolments WHERE id = $1");
	if (!st || db_bind_int64(st, 1, s->enrolment_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		snprintf(s->status, sizeof s->status, "%s", db_column_text(st, 0));
		s->progress = db_column_int64(st, 1);
		s->last_activity_at = db_column_int64(st, 2);
		s->completed_at = db_column_int64(st, 3);
	}
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Nothing a person sees would change: same status and progress, and the last activity is recent enough for
 * "my learning" to order by it. Skipping the write spares the row and its index on the hot path. */
static bool unchanged(const struct learn_settle *s, int64_t progress, int64_t now)
{
	return strcmp(s->status, "enrolled") && progress == s->progress &&
	       now - s->last_activity_at < LEARN_ACTIVITY_GRAIN_MS && now >= s->last_activity_at;
}

int learn_settle(struct db_conn *conn, struct learn_settle *s, int64_t now)
{
	int rc = enrolment_state(conn, s);
	if (rc)
		return rc;
	if (!strcmp(s->status, "completed")) {
		rc = unchanged(s, 100, now) ? 0 : record_progress(conn, s, 100, now);
		return rc ? rc : certificate_of(conn, s);
	}
	int64_t sum = 0, done = 0, required = s->facts.required;
	rc = course_counts(conn, s, &sum, &done);
	if (rc)
		return rc;
	if (required > 0 && done >= required)
		return complete(conn, s, now, 0);
	int64_t progress = required > 0 ? sum / required : 0;
	if (progress > 99)
		progress = 99;
	return unchanged(s, progress, now) ? 0 : record_progress(conn, s, progress, now);
}

/* ---- programmes ---- */

/* Courses of a programme version, and how many of them the official has completed. */
static int programme_counts(struct db_conn *conn, int64_t official_id, int64_t version_id, int64_t *total,
			    int64_t *done)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT count(*), COALESCE(SUM(CASE WHEN ce.completed_at IS NOT NULL THEN 1 "
				 "ELSE 0 END), 0) FROM programme_items i LEFT JOIN enrolments ce ON "
				 "ce.official_id = $2 AND ce.content_id = i.course_id WHERE i.version_id = $1");
	if (!st || db_bind_int64(st, 1, version_id) || db_bind_int64(st, 2, official_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*total = db_column_int64(st, 0);
		*done = db_column_int64(st, 1);
	}
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

int learn_programme_settle(struct db_conn *conn, struct learn_settle *p, int64_t now, int depth)
{
	int64_t total = 0, done = 0;
	int rc = programme_counts(conn, p->official_id, p->version_id, &total, &done);
	if (rc)
		return rc;
	if (total > 0 && done >= total)
		return complete(conn, p, now, depth + 1);
	return record_progress(conn, p, total ? done * 100 / total : 0, now);
}

/* The official's open programme enrolments whose version holds this course, each settled. */
static int settle_programmes(struct db_conn *conn, const struct learn_settle *course, int64_t now, int depth)
{
	if (depth > 2) /* programmes hold courses, never programmes: this is only a guard */
		return 0;
	struct db_stmt *st =
		db_prepare(conn, "SELECT e.id, e.content_id, e.version_id, e.source, COALESCE(e.due_at, 0), "
				 "e.status FROM enrolments e JOIN programme_items i ON i.version_id = "
				 "e.version_id WHERE e.official_id = $1 AND i.course_id = $2 AND e.status IN "
				 "('enrolled', 'in_progress')");
	if (!st || db_bind_int64(st, 1, course->official_id) || db_bind_int64(st, 2, course->content_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	struct learn_settle found[16];
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && n < sizeof found / sizeof found[0]) {
		struct learn_settle *p = &found[n++];
		memset(p, 0, sizeof *p);
		p->official_id = course->official_id;
		p->enrolment_id = db_column_int64(st, 0);
		p->content_id = db_column_int64(st, 1);
		p->version_id = db_column_int64(st, 2);
		snprintf(p->source, sizeof p->source, "%s", db_column_text(st, 3));
		p->due_at = db_column_int64(st, 4);
		snprintf(p->status, sizeof p->status, "%s", db_column_text(st, 5));
	}
	db_finish(st);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		rc = learn_outline_lookup(conn, found[i].version_id, 0, &found[i].facts, NULL);
		if (rc < 0 && rc != LEARN_NO_VERSION)
			return rc;
		rc = learn_programme_settle(conn, &found[i], now, depth);
		if (rc)
			return rc;
	}
	return 0;
}
