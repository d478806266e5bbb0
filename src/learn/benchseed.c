/* Bench data (karmayogi bench-seed learn): every official (or the first N) enrolled in ten published courses,
 * a share of them partway through (resource_progress rows) and a share complete (certificate, karma), so make
 * bench measures progress, my learning and certificates on a database of national size. Deterministic: what
 * an official gets follows from their id. The first `logins` officials are the bench's learners: they get a
 * password and the plan names what the wrk scripts may send for them.
 *
 * Set-based: for each chunk of officials, their enrolments, progress and karma are each one INSERT ... SELECT
 * over small temporary tables (the courses, the chunk), so the database spends its time in its b-trees, not
 * in a statement per row (a statement per row managed about 95k rows/s); only certificates are written one by
 * one, for their random codes. The arithmetic is the same on both backends (integers, no functions). */
#include "learn/learn_int.h"

#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_OFFICIAL 10
#define CHUNK 20000 /* officials per transaction: large, but the write-ahead log stays bounded */
#define DAY_MS (24LL * 3600 * 1000)
#define COURSE_RESOURCES_MAX 64

struct bench_course {
	int64_t content_id, version_id, duration; /* duration: minutes credited on completion */
	char *competencies;                       /* the certificate's JSON snapshot (malloc, freed with the bench) */
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
	int64_t now, next_id; /* enrolment ids are given here, so progress rows can name them in the same pass */
	struct bench_course *courses;
	size_t ncourses;
	struct bench_official *officials;
	size_t nofficials, logins;
	size_t enrolments, progress, certificates, karma;
};

/* A completed enrolment of the chunk, to be certified. */
struct bench_done {
	int64_t enrolment, official, at;
	size_t course;
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
		b->db,
		"SELECT c.id, v.id, COALESCE(v.duration_minutes, 0), r.id, r.required FROM contents c JOIN "
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

/* The certificate of a completed enrolment: the snapshot completion takes (complete.c), with a fresh
 * unguessable code. */
static int insert_certificate(struct bench *b, const struct bench_course *c, int64_t enrolment, int64_t at,
			      char code[32])
{
	learn_certificate_code(code);
	struct db_stmt *st = db_prepare(
		b->db,
		"INSERT INTO certificates (code, enrolment_id, official_id, content_id, version_id, official_name_en, "
		"official_name_hi, official_email, title_en, title_hi, provider_id, provider_name_en, "
		"provider_name_hi, "
		"competencies, credited_minutes, issued_at) SELECT $1, e.id, e.official_id, e.content_id, "
		"e.version_id, "
		"o.name_en, o.name_hi, o.email, v.title_en, v.title_hi, c.provider_id, p.name_en, p.name_hi, $2, "
		"e.credited_minutes, $3 FROM enrolments e JOIN officials o ON o.id = e.official_id JOIN "
		"content_versions "
		"v ON v.id = e.version_id JOIN contents c ON c.id = e.content_id JOIN organisations p ON p.id = "
		"c.provider_id WHERE e.id = $4");
	int rc = step_done(st, !st || db_bind_text(st, 1, code) || db_bind_text(st, 2, c->competencies) ||
				       db_bind_int64(st, 3, at) || db_bind_int64(st, 4, enrolment));
	b->certificates += !rc;
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

/* The scratch tables the chunks are made from; gone with the connection (temporary) or at the end. */
static const char *const SCRATCH[] = {
	"CREATE TEMP TABLE bench_courses (idx BIGINT PRIMARY KEY, content_id BIGINT NOT NULL, version_id BIGINT "
	"NOT NULL, duration BIGINT NOT NULL, nreq BIGINT NOT NULL, dcap BIGINT NOT NULL, last_res BIGINT NOT NULL)",
	"CREATE TEMP TABLE bench_required (content_id BIGINT NOT NULL, seq BIGINT NOT NULL, resource_id BIGINT NOT "
	"NULL, PRIMARY KEY (content_id, seq))",
	"CREATE TEMP TABLE bench_k (k BIGINT PRIMARY KEY)",
	"CREATE TEMP TABLE bench_chunk (seq BIGINT PRIMARY KEY, official_id BIGINT NOT NULL, org_id BIGINT NOT NULL, "
	"h BIGINT NOT NULL, start BIGINT NOT NULL)",
	"CREATE TEMP TABLE bench_e (id BIGINT PRIMARY KEY, idx BIGINT NOT NULL, official_id BIGINT NOT NULL, org_id "
	"BIGINT NOT NULL, content_id BIGINT NOT NULL, kind BIGINT NOT NULL, done BIGINT NOT NULL, enrolled BIGINT NOT "
	"NULL, last BIGINT NOT NULL)",
	NULL,
};

static void drop_scratch(struct db_conn *db)
{
	if (db_exec(db, "DROP TABLE IF EXISTS bench_courses; DROP TABLE IF EXISTS bench_required; DROP TABLE IF "
			"EXISTS bench_k; DROP TABLE IF EXISTS bench_chunk; DROP TABLE IF EXISTS bench_e"))
		return; /* temporary: they go with the connection anyway */
}

/* Fills the scratch tables that stay: the courses by index, their required resources in order, 0..9. */
static int fill_scratch(struct bench *b)
{
	drop_scratch(b->db);
	int rc = 0;
	for (const char *const *sql = SCRATCH; !rc && *sql; sql++)
		rc = db_exec(b->db, *sql);
	if (!rc)
		rc = db_begin(b->db);
	for (size_t i = 0; !rc && i < b->ncourses; i++) {
		const struct bench_course *c = &b->courses[i];
		size_t dcap = c->nrequired > 1 ? (c->nrequired - 1 < 4 ? c->nrequired - 1 : 4) : 1;
		struct db_stmt *st =
			db_prepare(b->db, "INSERT INTO bench_courses (idx, content_id, version_id, duration, "
					  "nreq, dcap, last_res) VALUES ($1, $2, $3, $4, $5, $6, $7)");
		rc = step_done(st, !st || db_bind_int64(st, 1, (int64_t)i) || db_bind_int64(st, 2, c->content_id) ||
					   db_bind_int64(st, 3, c->version_id) || db_bind_int64(st, 4, c->duration) ||
					   db_bind_int64(st, 5, (int64_t)c->nrequired) ||
					   db_bind_int64(st, 6, (int64_t)dcap) ||
					   db_bind_int64(st, 7, c->required[c->nrequired - 1]));
		for (size_t r = 0; !rc && r < c->nrequired; r++) {
			st = db_prepare(
				b->db, "INSERT INTO bench_required (content_id, seq, resource_id) VALUES ($1, $2, $3)");
			rc = step_done(st, !st || db_bind_int64(st, 1, c->content_id) ||
						   db_bind_int64(st, 2, (int64_t)r) ||
						   db_bind_int64(st, 3, c->required[r]));
		}
	}
	for (int k = 0; !rc && k < PER_OFFICIAL; k++) {
		struct db_stmt *st = db_prepare(b->db, "INSERT INTO bench_k (k) VALUES ($1)");
		rc = step_done(st, !st || db_bind_int64(st, 1, k));
	}
	if (!rc)
		rc = db_commit(b->db);
	else
		db_rollback(b->db);
	return rc;
}

/* The chunk's officials, each with the hash their enrolments follow from and their first course's index. */
static int fill_chunk(struct bench *b, size_t from, size_t to)
{
	int rc = db_exec(b->db, "DELETE FROM bench_chunk; DELETE FROM bench_e");
	for (size_t i = from; !rc && i < to; i++) {
		const struct bench_official *o = &b->officials[i];
		struct db_stmt *st = db_prepare(
			b->db,
			"INSERT INTO bench_chunk (seq, official_id, org_id, h, start) VALUES ($1, $2, $3, $4, $5)");
		rc = step_done(st, !st || db_bind_int64(st, 1, (int64_t)(i - from)) || db_bind_int64(st, 2, o->id) ||
					   db_bind_int64(st, 3, o->org_id) ||
					   db_bind_int64(st, 4, (int64_t)(mix((uint64_t)o->id, 1) % 2147483647)) ||
					   db_bind_int64(st, 5, (int64_t)(mix((uint64_t)o->id, 99) % b->ncourses)));
	}
	return rc;
}

/* Runs one INSERT ... SELECT of the chunk with $1 = the first id, $2 = now; adds the rows to *count. */
static int insert_set(struct bench *b, const char *sql, int64_t first, size_t *count)
{
	struct db_stmt *st = db_prepare(b->db, sql);
	int rc = !st || db_bind_int64(st, 1, first) || db_bind_int64(st, 2, b->now);
	rc = step_done(st, rc);
	if (!rc && count)
		*count += (size_t)db_changes(b->db);
	return rc;
}

/* Ten distinct courses per official (a start from the hash, then steps of a tenth of the catalogue), and
 * from a second hash per enrolment: 6 in 100 complete, 20 partway (up to three required resources done and
 * the next begun, never the last), the rest just enrolled; enrolled within the last year. */
static const char CHUNK_ENROLMENTS[] =
	"INSERT INTO bench_e (id, idx, official_id, org_id, content_id, kind, done, enrolled, last) SELECT id, idx, "
	"official_id, org_id, content_id, kind, done, enrolled, enrolled + (h2 / 3) % (CAST($2 AS BIGINT) - enrolled) "
	"FROM (SELECT CAST($1 AS BIGINT) + x.seq * 10 + x.k AS id, c.idx, x.official_id, x.org_id, c.content_id, "
	"x.h2 % 100 AS kind, CASE WHEN x.h2 % 100 < 26 THEN (x.h2 / 100) % c.dcap ELSE 0 END AS done, "
	"CAST($2 AS BIGINT) - (1 + (x.h2 / 10000) % 365) * 86400000 - (x.h2 / 7) % 86400000 AS enrolled, x.h2 "
	"FROM (SELECT o.seq, o.official_id, o.org_id, k.k, (o.start + k.k * CAST($3 AS BIGINT)) % CAST($4 AS BIGINT) "
	"AS idx, ((o.h + k.k * 7919) * 2654435761) % 4294967291 AS h2 FROM bench_chunk o CROSS JOIN bench_k k) x "
	"JOIN bench_courses c ON c.idx = x.idx) y";

static const char ENROLMENTS[] =
	"INSERT INTO enrolments (id, official_id, content_id, version_id, kind, source, status, progress, enrolled_at, "
	"last_activity_at, completed_at, credited_minutes) SELECT e.id, e.official_id, e.content_id, c.version_id, "
	"'course', 'self', CASE WHEN e.kind < 6 THEN 'completed' WHEN e.kind < 26 THEN 'in_progress' ELSE 'enrolled' "
	"END, CASE WHEN e.kind < 6 THEN 100 WHEN e.kind < 26 THEN (100 * e.done + 50) / c.nreq ELSE 0 END, e.enrolled, "
	"CASE WHEN e.kind < 26 THEN e.last ELSE e.enrolled END, CASE WHEN e.kind < 6 THEN e.last END, CASE WHEN "
	"e.kind < 6 THEN c.duration ELSE 0 END FROM bench_e e JOIN bench_courses c ON c.idx = e.idx WHERE e.id >= $1 "
	"AND CAST($2 AS BIGINT) > 0 ORDER BY e.id";

/* Every required resource of a completed enrolment at 100; a partway one's first `done` at 100 and the next
 * at 50. Position and time spent grow with the percent. */
static const char PROGRESS[] =
	"INSERT INTO resource_progress (enrolment_id, resource_id, required, percent, position, time_spent_s, "
	"client_at, completed_at, updated_at) SELECT e.id, r.resource_id, 1, CASE WHEN e.kind < 6 OR r.seq < e.done "
	"THEN 100 ELSE 50 END, CASE WHEN e.kind < 6 OR r.seq < e.done THEN 600 ELSE 300 END, CASE WHEN e.kind < 6 OR "
	"r.seq < e.done THEN 900 ELSE 450 END, e.last, CASE WHEN e.kind < 6 OR r.seq < e.done THEN e.last END, e.last "
	"FROM bench_e e JOIN bench_required r ON r.content_id = e.content_id AND r.seq <= CASE WHEN e.kind < 6 THEN "
	"1000 ELSE e.done END WHERE e.kind < 26 AND e.id >= $1 AND CAST($2 AS BIGINT) > 0 ORDER BY e.id, r.resource_id";

/* 5 points for the first enrolment, and for each completion (none is a plan's: the monthly cap of four is
 * not reached by the one or two an official completes). */
static const char KARMA[] =
	"INSERT INTO karma_ledger (official_id, org_id, event, ref, points, at) SELECT official_id, org_id, "
	"'first_enrolment', 'first', 5, MIN(enrolled) FROM bench_e WHERE id >= $1 AND CAST($2 AS BIGINT) > 0 GROUP BY "
	"official_id, "
	"org_id UNION ALL SELECT official_id, org_id, 'non_plan_completion', 'content:' || content_id, 5, last FROM "
	"bench_e WHERE kind < 6 AND id >= $1";

static int chunk_enrolments(struct bench *b, size_t from)
{
	struct db_stmt *st = db_prepare(b->db, CHUNK_ENROLMENTS);
	int rc = !st || db_bind_int64(st, 1, b->next_id + 1) || db_bind_int64(st, 2, b->now) ||
		 db_bind_int64(st, 3, (int64_t)(b->ncourses / PER_OFFICIAL)) ||
		 db_bind_int64(st, 4, (int64_t)b->ncourses);
	rc = step_done(st, rc);
	int64_t first = b->next_id + 1;
	(void)from;
	if (!rc)
		rc = insert_set(b, ENROLMENTS, first, &b->enrolments);
	if (!rc)
		rc = insert_set(b, PROGRESS, first, &b->progress);
	if (!rc)
		rc = insert_set(b, KARMA, first, &b->karma);
	return rc;
}

/* The chunk's completed enrolments, read whole before their certificates are written. */
static int chunk_done(struct bench *b, struct bench_done **out, size_t *n)
{
	struct db_stmt *st =
		db_prepare(b->db, "SELECT id, official_id, last, idx FROM bench_e WHERE kind < 6 ORDER BY id");
	if (!st)
		return DB_ERROR;
	size_t cap = 1024;
	struct bench_done *list = malloc(cap * sizeof *list);
	*n = 0;
	int rc;
	while (list && (rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			cap *= 2;
			struct bench_done *bigger = realloc(list, cap * sizeof *list);
			if (!bigger) {
				free(list);
				list = NULL;
				break;
			}
			list = bigger;
		}
		list[*n] = (struct bench_done){db_column_int64(st, 0), db_column_int64(st, 1), db_column_int64(st, 2),
					       (size_t)db_column_int64(st, 3)};
		(*n)++;
	}
	db_finish(st);
	*out = list;
	return !list || rc != DB_DONE ? DB_ERROR : 0;
}

/* A bench learner's plan lines for the required resource left untouched in each active enrolment. */
static int plan_progress(struct bench *b, int64_t official, const char *email)
{
	struct db_stmt *st = db_prepare(b->db, "SELECT e.content_id, c.last_res FROM bench_e e JOIN bench_courses c ON "
					       "c.idx = e.idx WHERE e.official_id = $1 AND e.kind >= 6 AND c.nreq > "
					       "e.done + 1 ORDER BY e.id");
	if (!st || db_bind_int64(st, 1, official)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = 0, step;
	while ((step = db_step(st)) == DB_ROW && !rc)
		if (fprintf(b->plan, "progress %s %lld %lld\n", email, (long long)db_column_int64(st, 0),
			    (long long)db_column_int64(st, 1)) < 0)
			rc = DB_ERROR;
	db_finish(st);
	return rc ? rc : step < 0 ? step : 0;
}

/* The bench learners of the chunk (officials from..to-1 that are among the first `logins`): a password,
 * and their plan lines. */
static int chunk_learners(struct bench *b, size_t from, size_t to, const struct bench_done *done, size_t ndone,
			  char (*codes)[32])
{
	size_t last = to < b->logins ? to : b->logins;
	int rc = 0;
	for (size_t i = from; !rc && i < last; i++) {
		int64_t id = b->officials[i].id;
		char email[300];
		rc = plan_email(b, id, email, sizeof email);
		if (!rc && b->password_hash)
			rc = set_password(b, id);
		if (!rc)
			rc = plan_progress(b, id, email);
		for (size_t d = 0; !rc && d < ndone; d++)
			if (done[d].official == id && fprintf(b->plan, "certificate %s %s\n", email, codes[d]) < 0)
				rc = DB_ERROR;
	}
	return rc;
}

static int chunk(struct bench *b, size_t from, size_t to)
{
	int rc = fill_chunk(b, from, to);
	if (!rc)
		rc = chunk_enrolments(b, from);
	struct bench_done *done = NULL;
	size_t ndone = 0;
	if (!rc)
		rc = chunk_done(b, &done, &ndone);
	char(*codes)[32] = rc ? NULL : malloc((ndone ? ndone : 1) * sizeof *codes);
	if (!rc && !codes)
		rc = DB_ERROR;
	for (size_t d = 0; !rc && d < ndone; d++)
		rc = insert_certificate(b, &b->courses[done[d].course], done[d].enrolment, done[d].at, codes[d]);
	if (!rc && from < b->logins)
		rc = chunk_learners(b, from, to, done, ndone, codes);
	b->next_id += (int64_t)(to - from) * PER_OFFICIAL;
	free(codes);
	free(done);
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
	if (!rc)
		rc = fill_scratch(b);
	for (size_t i = 0; !rc && i < b->nofficials; i += CHUNK) {
		size_t to = i + CHUNK < b->nofficials ? i + CHUNK : b->nofficials;
		rc = db_begin(b->db);
		if (!rc)
			rc = chunk(b, i, to);
		if (!rc)
			rc = db_commit(b->db);
		if (rc)
			db_rollback(b->db);
	}
	drop_scratch(b->db);
	/* PostgreSQL's identity sequence did not see the ids given here: move it past them. */
	if (!rc && db_conn_backend(b->db) == DB_POSTGRES &&
	    db_exec(b->db,
		    "SELECT setval(pg_get_serial_sequence('enrolments', 'id'), (SELECT MAX(id) FROM enrolments))"))
		rc = DB_ERROR;
	return rc;
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
	counts[0] = rc ? 0 : b.nofficials;
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
