/* Bench data (karmayogi bench-seed learn): every official (or the first N) enrolled in ten published courses,
 * a share of them partway through (resource_progress rows) and a share complete (certificate, karma), so make
 * bench measures progress, my learning and certificates on a database of national size. Deterministic: what
 * an official gets follows from their id. The first `logins` officials are the bench's learners: they get a
 * password and the plan names what the wrk scripts may send for them. */
#include "learn/learn_int.h"

#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_OFFICIAL 10
#define CHUNK 20000 /* officials per transaction: large, but the write-ahead log stays bounded */
#define DAY_MS (24LL * 3600 * 1000)
#define COURSE_RESOURCES_MAX 64

/* A published course as the seed needs it: its version and required resources in outline order. */
struct bench_course {
	int64_t content_id, version_id, duration;
	char *competencies; /* the certificate's JSON snapshot (malloc, freed with the bench) */
	int64_t required[COURSE_RESOURCES_MAX];
	size_t nrequired;
};

struct bench_official {
	int64_t id, org_id;
};

struct bench {
	struct db_conn *db;
	FILE *plan;
	const char *password_hash;
	int64_t now, next_id; /* enrolment ids are given here: RETURNING costs SQLite an ephemeral table a row */
	struct bench_course *courses;
	size_t ncourses;
	struct bench_official *officials;
	size_t nofficials, logins;
	size_t enrolments, progress, certificates, karma;
};

static uint64_t mix(uint64_t a, uint64_t b)
{
	uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ (b + 0x632BE59BD9B4E019ull + (a << 6) + (a >> 2));
	h ^= h >> 31;
	h *= 0xBF58476D1CE4E5B9ull;
	return h ^ (h >> 29);
}

static int step_done(struct db_stmt *st, int failed)
{
	int rc = failed ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* The competencies of a course's version as a certificate keeps them (complete.c takes the same snapshot). */
static int load_competencies(struct bench *b, struct bench_course *c)
{
	struct db_stmt *st =
		db_prepare(b->db, "SELECT k.id, k.code, k.name_en, k.name_hi, cc.level FROM content_competencies cc "
				  "JOIN competencies k ON k.id = cc.competency_id WHERE cc.version_id = $1 ORDER BY "
				  "k.name_en, k.id");
	if (!st || db_bind_int64(st, 1, c->version_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	json_t *list = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(list,
				      json_pack("{s:I, s:s, s:s, s:o, s:I}", "id", (json_int_t)db_column_int64(st, 0),
						"code", db_column_text(st, 1), "name_en", db_column_text(st, 2),
						"name_hi", learn_text_json(db_column_text(st, 3)), "level",
						(json_int_t)db_column_int64(st, 4)));
	db_finish(st);
	c->competencies = rc == DB_DONE ? json_dumps(list, JSON_COMPACT) : NULL;
	json_decref(list);
	return c->competencies ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Published courses with at least one required resource (a course marking none counts all of them, as
 * outline.c does), in id order. */
static int load_courses(struct bench *b)
{
	struct db_stmt *st = db_prepare(
		b->db, "SELECT c.id, v.id, COALESCE(v.duration_minutes, 0), r.id, r.required FROM contents c JOIN "
		       "content_versions v ON v.id = c.published_version_id JOIN course_modules m ON m.version_id = v.id "
		       "JOIN resources r ON r.module_id = m.id WHERE c.kind = 'course' AND v.status = 'published' AND "
		       "r.kind <> 'quiz' AND NOT EXISTS (SELECT 1 FROM resources q JOIN course_modules qm ON qm.id = "
		       "q.module_id WHERE qm.version_id = v.id AND q.kind = 'quiz') ORDER BY c.id, m.seq, r.seq");
	if (!st)
		return DB_ERROR;
	size_t cap = 1024;
	b->courses = malloc(cap * sizeof *b->courses);
	b->ncourses = 0;
	int rc;
	/* Per course: all resources first, then only the required when any is marked required. */
	int64_t all[COURSE_RESOURCES_MAX];
	size_t nall = 0;
	while (b->courses && (rc = db_step(st)) == DB_ROW) {
		int64_t content = db_column_int64(st, 0);
		struct bench_course *c = b->ncourses ? &b->courses[b->ncourses - 1] : NULL;
		if (!c || c->content_id != content) {
			if (c && !c->nrequired) {
				memcpy(c->required, all, nall * sizeof all[0]);
				c->nrequired = nall;
			}
			if (b->ncourses == cap) {
				cap *= 2;
				struct bench_course *bigger = realloc(b->courses, cap * sizeof *b->courses);
				if (!bigger)
					break;
				b->courses = bigger;
			}
			c = &b->courses[b->ncourses++];
			memset(c, 0, sizeof *c);
			c->content_id = content;
			c->version_id = db_column_int64(st, 1);
			c->duration = db_column_int64(st, 2);
			nall = 0;
		}
		int64_t res = db_column_int64(st, 3);
		if (nall < COURSE_RESOURCES_MAX)
			all[nall++] = res;
		if (db_column_int64(st, 4) && c->nrequired < COURSE_RESOURCES_MAX)
			c->required[c->nrequired++] = res;
	}
	db_finish(st);
	if (!b->courses || rc != DB_DONE)
		return DB_ERROR;
	if (b->ncourses && !b->courses[b->ncourses - 1].nrequired) {
		struct bench_course *c = &b->courses[b->ncourses - 1];
		memcpy(c->required, all, nall * sizeof all[0]);
		c->nrequired = nall;
	}
	for (size_t i = 0; i < b->ncourses; i++)
		if ((rc = load_competencies(b, &b->courses[i])))
			return rc;
	return 0;
}

/* Up to n active officials who have no enrolment yet (so a second run goes on where the first stopped and
 * the demo's learners keep their own), oldest first. */
static int load_officials(struct bench *b, size_t n)
{
	struct db_stmt *st = db_prepare(b->db, "SELECT o.id, o.org_id FROM officials o WHERE o.status = 'active' AND "
					       "NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.official_id = o.id) "
					       "ORDER BY o.id LIMIT $1");
	if (!st || db_bind_int64(st, 1, (int64_t)n)) {
		db_finish(st);
		return DB_ERROR;
	}
	size_t cap = n < 65536 ? n : 65536;
	b->officials = malloc((cap ? cap : 1) * sizeof *b->officials);
	b->nofficials = 0;
	int rc;
	while (b->officials && (rc = db_step(st)) == DB_ROW) {
		if (b->nofficials == cap) {
			cap *= 2;
			struct bench_official *bigger = realloc(b->officials, cap * sizeof *b->officials);
			if (!bigger)
				break;
			b->officials = bigger;
		}
		b->officials[b->nofficials].id = db_column_int64(st, 0);
		b->officials[b->nofficials++].org_id = db_column_int64(st, 1);
	}
	db_finish(st);
	return !b->officials || rc != DB_DONE ? DB_ERROR : 0;
}

static int insert_enrolment(struct bench *b, int64_t official, const struct bench_course *c, const char *status,
			    int64_t progress, int64_t enrolled, int64_t last, int64_t completed, int64_t *id)
{
	struct db_stmt *st = db_prepare(
		b->db, "INSERT INTO enrolments (id, official_id, content_id, version_id, kind, source, status, progress, "
		       "enrolled_at, last_activity_at, completed_at, credited_minutes) VALUES ($10, $1, $2, $3, 'course', "
		       "'self', $4, $5, $6, $7, $8, $9)");
	*id = ++b->next_id;
	int rc = !st || db_bind_int64(st, 10, *id) || db_bind_int64(st, 1, official) || db_bind_int64(st, 2, c->content_id) ||
		 db_bind_int64(st, 3, c->version_id) || db_bind_text(st, 4, status) || db_bind_int64(st, 5, progress) ||
		 db_bind_int64(st, 6, enrolled) || db_bind_int64(st, 7, last) ||
		 (completed ? db_bind_int64(st, 8, completed) : db_bind_null(st, 8)) ||
		 db_bind_int64(st, 9, completed ? c->duration : 0);
	rc = step_done(st, rc);
	b->enrolments += !rc;
	return rc;
}

static int insert_progress(struct bench *b, int64_t enrolment, int64_t resource, int64_t percent, int64_t at)
{
	struct db_stmt *st = db_prepare(
		b->db, "INSERT INTO resource_progress (enrolment_id, resource_id, required, percent, position, "
		       "time_spent_s, client_at, completed_at, updated_at) VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $6)");
	int rc = step_done(st, !st || db_bind_int64(st, 1, enrolment) || db_bind_int64(st, 2, resource) ||
				       db_bind_int64(st, 3, percent) || db_bind_int64(st, 4, percent * 6) ||
				       db_bind_int64(st, 5, percent * 9) || db_bind_int64(st, 6, at) ||
				       (percent == 100 ? db_bind_int64(st, 7, at) : db_bind_null(st, 7)));
	b->progress += !rc;
	return rc;
}

/* The certificate of a completed enrolment: the snapshot completion takes (complete.c), with a fresh
 * unguessable code. */
static int insert_certificate(struct bench *b, const struct bench_course *c, int64_t enrolment, int64_t at,
			      char code[32])
{
	learn_certificate_code(code);
	struct db_stmt *st = db_prepare(
		b->db,
		"INSERT INTO certificates (code, enrolment_id, official_id, content_id, version_id, official_name_en, "
		"official_name_hi, official_email, title_en, title_hi, provider_id, provider_name_en, provider_name_hi, "
		"competencies, credited_minutes, issued_at) SELECT $1, e.id, e.official_id, e.content_id, e.version_id, "
		"o.name_en, o.name_hi, o.email, v.title_en, v.title_hi, c.provider_id, p.name_en, p.name_hi, $2, "
		"e.credited_minutes, $3 FROM enrolments e JOIN officials o ON o.id = e.official_id JOIN content_versions "
		"v ON v.id = e.version_id JOIN contents c ON c.id = e.content_id JOIN organisations p ON p.id = "
		"c.provider_id WHERE e.id = $4");
	int rc = step_done(st, !st || db_bind_text(st, 1, code) || db_bind_text(st, 2, c->competencies) ||
				       db_bind_int64(st, 3, at) || db_bind_int64(st, 4, enrolment));
	b->certificates += !rc;
	return rc;
}

static int insert_karma(struct bench *b, const struct bench_official *o, const char *event, const char *ref,
			int64_t at)
{
	struct db_stmt *st = db_prepare(b->db, "INSERT INTO karma_ledger (official_id, org_id, event, ref, points, at) "
					       "VALUES ($1, $2, $3, $4, 5, $5)");
	int rc = step_done(st, !st || db_bind_int64(st, 1, o->id) || db_bind_int64(st, 2, o->org_id) ||
				       db_bind_text(st, 3, event) || db_bind_text(st, 4, ref) || db_bind_int64(st, 5, at));
	b->karma += !rc;
	return rc;
}

static int set_password(struct bench *b, int64_t official)
{
	struct db_stmt *st = db_prepare(b->db, "UPDATE officials SET password_hash = $1 WHERE id = $2");
	return step_done(st, !st || db_bind_text(st, 1, b->password_hash) || db_bind_int64(st, 2, official));
}

/* Plan lines for a bench learner: "progress EMAIL CONTENT RESOURCE" for a required resource of an active
 * enrolment that the seed left untouched (updates below 100 percent never complete it), and "certificate
 * EMAIL CODE" for a certificate of theirs. */
static int plan_email(struct bench *b, int64_t official, char *out, size_t size)
{
	struct db_stmt *st = db_prepare(b->db, "SELECT email FROM officials WHERE id = $1");
	int rc = !st || db_bind_int64(st, 1, official) ? DB_ERROR : db_step(st);
	if (rc == DB_ROW)
		snprintf(out, size, "%s", db_column_text(st, 0));
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* One enrolment of official i in course c: status from the hash (6 in 100 complete, 20 partway, the rest
 * just enrolled), dates within the last year. */
static int seed_enrolment(struct bench *b, size_t i, size_t k, const struct bench_course *c, const char *email,
			  int64_t *first)
{
	const struct bench_official *o = &b->officials[i];
	uint64_t h = mix((uint64_t)o->id, k);
	int64_t enrolled = b->now - (int64_t)(1 + h % 365) * DAY_MS - (int64_t)(h >> 40) % DAY_MS;
	int64_t last = enrolled + (int64_t)((h >> 20) % (uint64_t)(b->now - enrolled));
	unsigned kind = (unsigned)(h >> 9) % 100;
	*first = enrolled < *first ? enrolled : *first;
	size_t nreq = c->nrequired;
	int64_t id = 0;
	int rc;
	if (kind < 6) {
		rc = insert_enrolment(b, o->id, c, "completed", 100, enrolled, last, last, &id);
		for (size_t r = 0; !rc && r < nreq; r++)
			rc = insert_progress(b, id, c->required[r], 100, last);
		char code[32], ref[40];
		if (!rc)
			rc = insert_certificate(b, c, id, last, code);
		snprintf(ref, sizeof ref, "content:%lld", (long long)c->content_id);
		if (!rc)
			rc = insert_karma(b, o, "non_plan_completion", ref, last);
		if (!rc && email && fprintf(b->plan, "certificate %s %s\n", email, code) < 0)
			rc = DB_ERROR;
		return rc;
	}
	/* Partway: up to three required resources finished and the next one begun; never the last. */
	size_t done = kind < 26 && nreq > 1 ? (size_t)((h >> 27) % (nreq - 1 < 4 ? nreq - 1 : 4)) : 0;
	bool begun = kind < 26;
	int64_t sum = 100 * (int64_t)done + (begun ? 50 : 0);
	rc = insert_enrolment(b, o->id, c, begun ? "in_progress" : "enrolled", nreq ? sum / (int64_t)nreq : 0,
			      enrolled, begun ? last : enrolled, 0, &id);
	for (size_t r = 0; !rc && begun && r <= done && r < nreq; r++)
		rc = insert_progress(b, id, c->required[r], r < done ? 100 : 50, last);
	if (!rc && email && nreq > done + 1 &&
	    fprintf(b->plan, "progress %s %lld %lld\n", email, (long long)c->content_id,
		    (long long)c->required[nreq - 1]) < 0)
		rc = DB_ERROR;
	return rc;
}

/* Ten distinct courses for official i: a start chosen by the hash, then steps of a tenth of the catalogue. */
static int seed_official(struct bench *b, size_t i)
{
	const struct bench_official *o = &b->officials[i];
	char email[300] = "";
	bool learner = i < b->logins;
	int rc = learner ? plan_email(b, o->id, email, sizeof email) : 0;
	if (!rc && learner && b->password_hash)
		rc = set_password(b, o->id);
	size_t start = (size_t)(mix((uint64_t)o->id, 99) % b->ncourses), step = b->ncourses / PER_OFFICIAL;
	int64_t first = b->now;
	for (size_t k = 0; !rc && k < PER_OFFICIAL; k++) {
		const struct bench_course *c = &b->courses[(start + k * step) % b->ncourses];
		rc = seed_enrolment(b, i, k, c, learner ? email : NULL, &first);
	}
	if (!rc)
		rc = insert_karma(b, o, "first_enrolment", "first", first);
	return rc;
}

/* The highest enrolment id so far, so this run's ids follow on. */
static int last_id(struct bench *b)
{
	struct db_stmt *st = db_prepare(b->db, "SELECT COALESCE(MAX(id), 0) FROM enrolments");
	int rc = st ? db_step(st) : DB_ERROR;
	if (rc == DB_ROW)
		b->next_id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int seed(struct bench *b)
{
	int rc = last_id(b);
	if (rc)
		return rc;
	for (size_t i = 0; i < b->nofficials; i += CHUNK) {
		rc = db_begin(b->db);
		for (size_t j = i; !rc && j < i + CHUNK && j < b->nofficials; j++)
			rc = seed_official(b, j);
		if (!rc)
			rc = db_commit(b->db);
		if (rc) {
			db_rollback(b->db);
			return rc;
		}
	}
	/* PostgreSQL's identity sequence did not see the ids given here: move it past them. */
	if (db_conn_backend(b->db) == DB_POSTGRES &&
	    db_exec(b->db, "SELECT setval(pg_get_serial_sequence('enrolments', 'id'), (SELECT MAX(id) FROM enrolments))"))
		return DB_ERROR;
	return 0;
}

int learn_bench_seed(struct db_conn *conn, size_t officials, size_t logins, const char *password_hash, FILE *plan,
		     size_t counts[5])
{
	struct bench b = {.db = conn, .plan = plan, .password_hash = password_hash, .now = util_now_ms()};
	memset(counts, 0, 5 * sizeof counts[0]);
	int rc = load_courses(&b);
	if (!rc && b.ncourses < PER_OFFICIAL)
		rc = 1;
	if (!rc)
		rc = load_officials(&b, officials ? officials : (size_t)INT64_MAX);
	b.logins = plan ? (logins < b.nofficials ? logins : b.nofficials) : 0;
	if (!rc)
		rc = seed(&b);
	counts[0] = b.nofficials;
	counts[1] = b.enrolments;
	counts[2] = b.progress;
	counts[3] = b.certificates;
	counts[4] = b.karma;
	for (size_t i = 0; b.courses && i < b.ncourses; i++)
		free(b.courses[i].competencies);
	free(b.courses);
	free(b.officials);
	return rc;
}
