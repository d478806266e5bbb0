/* The competency passport: what each official can do and how we know it (a course, an assessment, their
 * reporting officer, or their own claim awaiting that officer's review), and frac_passport_award. */
#include "frac/frac_int.h"

#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"
#include "http/list.h"
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PASSPORT_CAP 1000 /* one person's passport is small; the list is not paged */
#define TEXT_MAX 2000

/* ENTRY columns 0-19 (e: the entry) and what they come from; an OFFICIAL REF (f: the official) may follow. */
#define ENTRY_COLUMNS                                                                                          \
	"e.id, " FRAC_COMP_REF_COLUMNS("c") ", v.version, e.level, e.source, e.status, e.claimed_level, "        \
	"e.evidence, e.evidence_ref, e.earned_on, e.reviewer_id, r.name_en, r.name_hi, e.reviewed_at, "           \
	"e.review_comment, e.created_at"
#define ENTRY_NCOLUMNS 20
#define ENTRY_FROM                                                                                               \
	" FROM passport_entries e JOIN competencies c ON c.id = e.competency_id JOIN competency_versions v "          \
	"ON v.id = e.version_id LEFT JOIN officials r ON r.id = e.reviewer_id"

/* ---- storage ---- */

/* An entry to write; strings borrowed. 0 in reviewer_id, claimed_level, created_by: none. */
struct new_entry {
	int64_t official_id, competency_id, version_id, reviewer_id, created_by;
	int level, claimed_level;
	const char *source, *status, *evidence, *evidence_ref, *earned_on;
};

/* Today in UTC as YYYY-MM-DD: the date stamps of the API are UTC like its times. */
static void today(char out[11])
{
	time_t now = (time_t)(util_now_ms() / 1000);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* A competency's current version and whether it is active: 1 found, 0 unknown, -1 error. */
static int competency_version(struct db_conn *db, int64_t competency_id, int64_t *version_id, bool *active)
{
	struct db_stmt *st = db_prepare(db, "SELECT v.id, c.status FROM competencies c JOIN competency_versions v "
					    "ON v.competency_id = c.id AND v.version = c.current_version WHERE c.id = $1");
	if (!st || db_bind_int64(st, 1, competency_id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*version_id = db_column_int64(st, 0);
		*active = !strcmp(db_column_text(st, 1), "active");
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static int bind_or_null(struct db_stmt *st, int n, int64_t v)
{
	return v ? db_bind_int64(st, n, v) : db_bind_null(st, n);
}

static int insert_entry(struct db_conn *db, const struct new_entry *e, int64_t *id)
{
	int64_t now = util_now_ms();
	struct db_stmt *st = db_prepare(
		db, "INSERT INTO passport_entries (official_id, org_id, competency_id, version_id, level, source, status, "
		    "claimed_level, evidence, evidence_ref, earned_on, reviewer_id, reviewed_at, created_by, created_at) "
		    "VALUES ($1, (SELECT org_id FROM officials WHERE id = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
		    "$12, $13, $14) RETURNING id");
	int rc = !st || db_bind_int64(st, 1, e->official_id) || db_bind_int64(st, 2, e->competency_id) ||
		 db_bind_int64(st, 3, e->version_id) || db_bind_int64(st, 4, e->level) || db_bind_text(st, 5, e->source) ||
		 db_bind_text(st, 6, e->status) || bind_or_null(st, 7, e->claimed_level) ||
		 db_bind_text(st, 8, e->evidence) || db_bind_text(st, 9, e->evidence_ref) ||
		 db_bind_text(st, 10, e->earned_on) || bind_or_null(st, 11, e->reviewer_id) ||
		 bind_or_null(st, 12, e->reviewer_id ? now : 0) || bind_or_null(st, 13, e->created_by) ||
		 db_bind_int64(st, 14, now);
	if (!rc && (rc = db_step(st)) == DB_ROW) {
		*id = db_column_int64(st, 0);
		rc = 0;
	}
	db_finish(st);
	return rc < 0 ? rc : rc ? DB_ERROR : 0;
}

int frac_passport_award(struct db_conn *db, int64_t official_id, int64_t competency_id, int level, const char *source,
			const char *evidence, const char *evidence_ref, int64_t *entry_id)
{
	/* Only learn and assess call this: a source that is neither is as wrong as a bad level. */
	if (level < 1 || level > 5 || !source || (strcmp(source, "course") && strcmp(source, "assessment")))
		return 1;
	int64_t version_id = 0;
	bool active = false;
	int found = competency_version(db, competency_id, &version_id, &active);
	if (found < 0)
		return DB_ERROR;
	if (!found || !active)
		return 1;
	char day[11];
	today(day);
	struct new_entry e = {.official_id = official_id, .competency_id = competency_id, .version_id = version_id,
			      .level = level, .source = source, .status = "verified", .evidence = evidence,
			      .evidence_ref = evidence_ref, .earned_on = day};
	int64_t id = 0;
	int rc = insert_entry(db, &e, &id);
	if (!rc && entry_id)
		*entry_id = id;
	return rc;
}

/* ---- reading entries as the API shows them ---- */

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *time_json(int64_t ms)
{
	char iso[32];
	util_iso8601(ms, iso);
	return json_string(iso);
}

/* Columns 14-18: the reviewer's id and names, when, the comment. */
static json_t *review_from_row(struct db_stmt *st)
{
	if (db_column_null(st, 14))
		return json_null();
	return json_pack("{s:{s:I, s:s, s:o}, s:o, s:o}", "by", "id", (json_int_t)db_column_int64(st, 14), "name",
			 db_column_text(st, 15), "name_hi", text_or_null(db_column_text(st, 16)), "at",
			 db_column_null(st, 17) ? json_null() : time_json(db_column_int64(st, 17)), "comment",
			 text_or_null(db_column_text(st, 18)));
}

/* ENTRY from ENTRY_COLUMNS; NULL on error. */
static json_t *entry_from_row(struct db_stmt *st)
{
	struct frac_comp_ref c;
	json_t *competency = frac_comp_ref_read(st, 1, NULL, &c) ? NULL : frac_comp_ref_json(&c);
	if (!competency)
		return NULL;
	const char *status = db_column_text(st, 9);
	return json_pack("{s:I, s:o, s:I, s:I, s:s, s:s, s:b, s:o, s:o, s:o, s:s, s:o, s:o}", "id",
			 (json_int_t)db_column_int64(st, 0), "competency", competency, "version",
			 (json_int_t)db_column_int64(st, 6), "level", (json_int_t)db_column_int64(st, 7), "source",
			 db_column_text(st, 8), "status", status, "verified", !strcmp(status, "verified"), "claimed_level",
			 db_column_null(st, 10) ? json_null() : json_integer(db_column_int64(st, 10)), "evidence",
			 text_or_null(db_column_text(st, 11)), "evidence_ref", text_or_null(db_column_text(st, 12)),
			 "earned_on", db_column_text(st, 13), "review", review_from_row(st), "created_at",
			 time_json(db_column_int64(st, 19)));
}

/* OFFICIAL REF from FRAC_PERSON_REF_COLUMNS at col; NULL on error. */
static json_t *official_from_row(struct db_stmt *st, int col)
{
	struct frac_person_ref p;
	return frac_person_ref_read(st, col, NULL, &p) ? NULL : frac_person_ref_json(&p);
}

/* ENTRY by id: NULL when unknown or on error (*db_error tells which). */
static json_t *entry_json(struct db_conn *db, int64_t id, bool *db_error)
{
	struct db_stmt *st = db_prepare(db, "SELECT " ENTRY_COLUMNS ENTRY_FROM " WHERE e.id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		*db_error = true;
		return NULL;
	}
	int rc = db_step(st);
	json_t *out = rc == DB_ROW ? entry_from_row(st) : NULL;
	db_finish(st);
	*db_error = rc < 0 || (rc == DB_ROW && !out);
	return out;
}

/* Runs st (bound) and collects its rows as ENTRY (+ official at official_col when >= 0). Finishes st. NULL
 * on error. Stops after max rows and sets *more when there was another; *last: the last row given. */
struct last_row {
	int64_t id, created_at;
};
static json_t *collect_entries(struct db_stmt *st, int official_col, int max, bool *more, struct last_row *last)
{
	json_t *items = json_array();
	int rc, n = 0;
	*more = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n++ == max) {
			*more = true;
			break;
		}
		json_t *item = entry_from_row(st);
		json_t *who = official_col >= 0 ? official_from_row(st, official_col) : NULL;
		if (!item || (official_col >= 0 && !who)) {
			json_decref(item);
			json_decref(who);
			rc = DB_ERROR;
			break;
		}
		if (who)
			json_object_set_new(item, "official", who);
		last->id = db_column_int64(st, 0);
		last->created_at = db_column_int64(st, 19);
		json_array_append_new(items, item);
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

/* ---- GET /officials/{id}/passport ---- */

static bool one_of(const char *s, const char *const *choices)
{
	for (; *choices; choices++)
		if (!strcmp(s, *choices))
			return true;
	return false;
}

static const char *const STATUSES[] = {"verified", "pending", "rejected", NULL};
static const char *const SOURCES[] = {"course", "assessment", "supervisor", "self", NULL};

static json_t *passport_items(struct db_conn *db, int64_t official_id, const char *status, const char *source)
{
	struct db_stmt *st = db_prepare(db, "SELECT " ENTRY_COLUMNS ENTRY_FROM " WHERE e.official_id = $1 "
					    "AND ($2 = '' OR e.status = $2) AND ($3 = '' OR e.source = $3) "
					    "ORDER BY c.name_en, c.id, e.level DESC, e.id LIMIT $4");
	if (!st || db_bind_int64(st, 1, official_id) || db_bind_text(st, 2, status ? status : "") ||
	    db_bind_text(st, 3, source ? source : "") || db_bind_int64(st, 4, PASSPORT_CAP)) {
		db_finish(st);
		return NULL;
	}
	bool more;
	struct last_row last;
	return collect_entries(st, -1, PASSPORT_CAP, &more, &last);
}

/* Counts by status over the whole passport, whatever the filter: {verified, pending, rejected}. */
static json_t *passport_summary(struct db_conn *db, int64_t official_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT status, COUNT(*) FROM passport_entries WHERE official_id = $1 "
					    "GROUP BY status");
	if (!st || db_bind_int64(st, 1, official_id)) {
		db_finish(st);
		return NULL;
	}
	json_t *summary = json_pack("{s:i, s:i, s:i}", "verified", 0, "pending", 0, "rejected", 0);
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_object_set_new(summary, db_column_text(st, 0), json_integer(db_column_int64(st, 1)));
	db_finish(st);
	if (rc < 0) {
		json_decref(summary);
		return NULL;
	}
	return summary;
}

static void get_passport(struct http_request *req)
{
	int64_t id, org;
	unsigned bits;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db || frac_official_access(req, db, id, &bits, &org))
		return;
	if (!bits) {
		http_reply_problem(req, 403, "forbidden",
				   "Only the official, their reporting officer and the administrators of their "
				   "organisation may see this passport.");
		return;
	}
	json_t *errors = NULL;
	const char *status = http_query(req, "status"), *source = http_query(req, "source");
	if (status && !one_of(status, STATUSES))
		http_field_error(&errors, "status", "must be verified, pending or rejected");
	if (source && !one_of(source, SOURCES))
		http_field_error(&errors, "source", "must be course, assessment, supervisor or self");
	if (errors) {
		http_reply_invalid(req, errors);
		return;
	}
	json_t *official = frac_official_ref(db, id);
	json_t *items = official ? passport_items(db, id, status, source) : NULL;
	json_t *summary = items ? passport_summary(db, id) : NULL;
	if (!summary) {
		json_decref(official);
		json_decref(items);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o, s:o, s:o}", "official", official, "items", items, "summary", summary));
}

/* ---- POST /officials/{id}/passport ---- */

struct claim {
	int64_t competency_id, version_id;
	int level;
	const char *evidence;
	const char *earned_on; /* NULL: today */
};

static bool read_level(json_t *v, int *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 5)
		return false;
	*out = (int)json_integer_value(v);
	return true;
}

/* The competency must exist and be active; sets c->version_id. 0, or -1 on a database error. */
static int check_competency(struct db_conn *db, json_t *v, struct claim *c, json_t **errors)
{
	if (!v) {
		http_field_error(errors, "competency_id", "is required: the competency this entry is for");
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		http_field_error(errors, "competency_id", "must be the id of a competency");
		return 0;
	}
	c->competency_id = json_integer_value(v);
	bool active = false;
	int found = competency_version(db, c->competency_id, &c->version_id, &active);
	if (found < 0)
		return -1;
	if (!found)
		http_field_error(errors, "competency_id", "no competency has this id");
	else if (!active)
		http_field_error(errors, "competency_id", "is retired; choose an active competency");
	return 0;
}

static json_t *read_claim(struct db_conn *db, json_t *body, struct claim *c, bool *db_error)
{
	json_t *errors = NULL;
	memset(c, 0, sizeof *c);
	*db_error = false;
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
		return errors;
	}
	static const char *const FIELDS[] = {"competency_id", "level", "evidence", "earned_on", NULL};
	http_reject_unknown(body, FIELDS, "a passport entry", &errors);
	*db_error = check_competency(db, json_object_get(body, "competency_id"), c, &errors) < 0;
	json_t *level = json_object_get(body, "level");
	if (!level)
		http_field_error(&errors, "level", "is required: a whole number from 1 to 5");
	else if (!read_level(level, &c->level))
		http_field_error(&errors, "level", "must be a whole number from 1 to 5");
	(void)http_take_string(body, "evidence", NULL, TEXT_MAX, true, &c->evidence, NULL, &errors);
	if (!http_take_string(body, "earned_on", NULL, 32, true, &c->earned_on, NULL, &errors) && c->earned_on) {
		char day[11];
		today(day);
		if (!org_date_valid(c->earned_on))
			http_field_error(&errors, "earned_on", "must be a real date written YYYY-MM-DD");
		else if (strcmp(c->earned_on, day) > 0)
			http_field_error(&errors, "earned_on", "is in the future: give the date it was earned");
	}
	return errors;
}

/* 1 when the official already has a pending claim on the competency, 0 when not, -1 on error. */
static int has_pending(struct db_conn *db, int64_t official_id, int64_t competency_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM passport_entries WHERE official_id = $1 AND "
					    "competency_id = $2 AND status = 'pending' LIMIT 1");
	if (!st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, competency_id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static int audit_entry(struct http_request *req, const char *action, int64_t id, int64_t org, json_t *before,
		       json_t *after)
{
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	return http_audit(req, action, "passport_entry", idtext, org, before, after);
}

/* Writes the entry, reads it back, audits it, all in one transaction. Replies. */
static void write_entry(struct http_request *req, struct db_conn *db, const struct new_entry *e, int64_t org)
{
	bool err = false;
	int64_t id = 0;
	json_t *after = NULL;
	int rc = db_begin(db);
	if (!rc)
		rc = insert_entry(db, e, &id);
	if (!rc && !(after = entry_json(db, id, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = audit_entry(req, strcmp(e->source, "self") ? "passport.add" : "passport.declare", id, org, NULL, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		json_decref(after);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 201, after);
}

static void post_entry(struct http_request *req)
{
	int64_t id, org;
	unsigned bits;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db || frac_official_access(req, db, id, &bits, &org))
		return;
	if (!(bits & (FRAC_SELF | FRAC_SUPERVISOR))) {
		http_reply_problem(req, 403, "forbidden",
				   "Only the official (a claim for review) or their reporting officer (a verified "
				   "entry) may add to this passport.");
		return;
	}
	json_t *body = http_body_json(req);
	if (!body)
		return;
	struct claim c;
	bool err;
	json_t *errors = read_claim(db, body, &c, &err);
	bool self = bits & FRAC_SELF;
	int pending = errors || err || !self ? 0 : has_pending(db, id, c.competency_id);
	if (err || pending < 0) {
		json_decref(errors);
		http_reply_db_error(req);
	} else if (errors) {
		http_reply_invalid(req, errors);
	} else if (pending) {
		http_reply_conflict(req, "You already have a claim on this competency waiting for review; withdraw it "
					 "first if you want to change it.");
	} else {
		char day[11];
		today(day);
		int64_t me = http_user(req)->id;
		struct new_entry e = {.official_id = id, .competency_id = c.competency_id, .version_id = c.version_id,
				      .level = c.level, .claimed_level = self ? c.level : 0,
				      .reviewer_id = self ? 0 : me, .created_by = me,
				      .source = self ? "self" : "supervisor", .status = self ? "pending" : "verified",
				      .evidence = c.evidence, .earned_on = c.earned_on ? c.earned_on : day};
		write_entry(req, db, &e, org);
	}
	json_decref(body);
}

/* ---- verify, reject, withdraw ---- */

/* What the checks need to know about an entry. */
struct entry_meta {
	int64_t official_id, org_id;
	int level;
	char source[16], status[16];
};

/* 1 found, 0 unknown, -1 error. */
static int load_meta(struct db_conn *db, int64_t id, struct entry_meta *m)
{
	struct db_stmt *st = db_prepare(db, "SELECT e.official_id, f.org_id, e.level, e.source, e.status "
					    "FROM passport_entries e JOIN officials f ON f.id = e.official_id WHERE e.id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		m->official_id = db_column_int64(st, 0);
		m->org_id = db_column_int64(st, 1);
		m->level = (int)db_column_int64(st, 2);
		snprintf(m->source, sizeof m->source, "%s", db_column_text(st, 3));
		snprintf(m->status, sizeof m->status, "%s", db_column_text(st, 4));
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* Loads the entry of path {id}. 1 found, or 0 with the reply (404, 503) set. */
static int load_entry(struct http_request *req, struct db_conn *db, int64_t *id, struct entry_meta *m)
{
	if (http_param_id(req, "id", id) || !db)
		return 0;
	int found = load_meta(db, *id, m);
	if (found < 0)
		http_reply_db_error(req);
	else if (!found)
		http_reply_not_found(req, "passport entry");
	return found > 0;
}

/* Who may review and what: the official's current reporting officer, a pending claim. 0, or -1 replied. */
static int check_reviewer(struct http_request *req, struct db_conn *db, const struct entry_meta *m, bool verify)
{
	int64_t me = http_user(req)->id;
	if (me == m->official_id) {
		http_reply_problem(req, 403, "forbidden",
				   verify ? "You cannot verify your own entry: your reporting officer does."
					  : "You cannot reject your own entry; withdraw it instead.");
		return -1;
	}
	int reports = frac_reports_to(db, m->official_id, me);
	if (reports < 0) {
		http_reply_db_error(req);
		return -1;
	}
	if (!reports) {
		/* No name here: anyone signed in may try an id, and must not learn whose entry it is. */
		http_reply_problem(req, 403, "forbidden",
				   "This official does not report to you: only their current reporting officer may "
				   "review their entries.");
		return -1;
	}
	if (strcmp(m->status, "pending") || strcmp(m->source, "self")) {
		http_reply_conflict(req, !strcmp(m->status, "verified") ? "This entry is already verified."
						: !strcmp(m->status, "rejected") ? "This entry was already rejected."
										 : "Only a pending self-declared entry can be reviewed.");
		return -1;
	}
	return 0;
}

/* The review body: verify {level?, comment?}, reject {comment}. */
static json_t *read_review(json_t *body, bool verify, int claimed, int *level, const char **comment)
{
	json_t *errors = NULL;
	*level = claimed;
	*comment = NULL;
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
		return errors;
	}
	static const char *const VERIFY[] = {"level", "comment", NULL}, *const REJECT[] = {"comment", NULL};
	http_reject_unknown(body, verify ? VERIFY : REJECT, verify ? "a verification" : "a rejection", &errors);
	json_t *lv = json_object_get(body, "level");
	if (verify && lv && !json_is_null(lv)) {
		if (!read_level(lv, level))
			http_field_error(&errors, "level", "must be a whole number from 1 to 5");
		else if (*level > claimed) {
			char msg[160];
			snprintf(msg, sizeof msg, "may lower the claimed level %d, never raise it", claimed);
			http_field_error(&errors, "level", msg);
		}
	}
	bool present = false;
	if (http_take_string(body, "comment", NULL, TEXT_MAX, true, comment, &present, &errors) || verify)
		return errors;
	if (!*comment || !(*comment)[strspn(*comment, " \t\r\n")])
		http_field_error(&errors, "comment",
				 present ? "must not be empty: say why, so the official can revise the claim"
					 : "is required: say why, so the official can revise the claim");
	return errors;
}

/* Moves a pending claim to its review; DB_CONSTRAINT when it is no longer pending. */
static int mark_reviewed(struct db_conn *db, int64_t id, bool verify, int level, int64_t reviewer, const char *comment)
{
	struct db_stmt *st = db_prepare(db, "UPDATE passport_entries SET source = $1, status = $2, level = $3, "
					    "reviewer_id = $4, review_comment = $5, reviewed_at = $6 "
					    "WHERE id = $7 AND status = 'pending' AND source = 'self'");
	int rc = !st || db_bind_text(st, 1, verify ? "supervisor" : "self") ||
		 db_bind_text(st, 2, verify ? "verified" : "rejected") || db_bind_int64(st, 3, level) ||
		 db_bind_int64(st, 4, reviewer) || db_bind_text(st, 5, comment) || db_bind_int64(st, 6, util_now_ms()) ||
		 db_bind_int64(st, 7, id);
	if (!rc)
		rc = db_step(st) == DB_DONE ? 0 : DB_ERROR;
	db_finish(st);
	if (!rc && db_changes(db) != 1)
		rc = DB_CONSTRAINT;
	return rc;
}

/* No body at all reads as {}: a verification as claimed, or a rejection that must still say why. */
static json_t *review_body(struct http_request *req)
{
	size_t len;
	http_body(req, &len);
	return len ? http_body_json(req) : json_object();
}

static void review(struct http_request *req, bool verify)
{
	int64_t id;
	struct entry_meta m;
	struct db_conn *db = http_db(req);
	if (!load_entry(req, db, &id, &m) || check_reviewer(req, db, &m, verify))
		return;
	json_t *body = review_body(req);
	if (!body)
		return;
	int level;
	const char *comment;
	json_t *before = NULL, *after = NULL, *errors = read_review(body, verify, m.level, &level, &comment);
	if (errors) {
		http_reply_invalid(req, errors);
		goto out;
	}
	bool err;
	int rc = db_begin(db);
	if (!rc && !(before = entry_json(db, id, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = mark_reviewed(db, id, verify, level, http_user(req)->id, comment);
	if (!rc && !(after = entry_json(db, id, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = audit_entry(req, verify ? "passport.verify" : "passport.reject", id, m.org_id, before, after);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		if (rc == DB_CONSTRAINT)
			http_reply_conflict(req, "This entry was reviewed or withdrawn meanwhile.");
		else
			http_reply_db_error(req);
		goto out;
	}
	http_reply_json(req, 200, json_incref(after));
out:
	json_decref(body);
	json_decref(before);
	json_decref(after);
}

static void verify_entry(struct http_request *req)
{
	review(req, true);
}

static void reject_entry(struct http_request *req)
{
	review(req, false);
}

static int delete_pending(struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM passport_entries WHERE id = $1 AND status = 'pending'");
	int rc = !st || db_bind_int64(st, 1, id) ? DB_ERROR : db_step(st) == DB_DONE ? 0 : DB_ERROR;
	db_finish(st);
	if (!rc && db_changes(db) != 1)
		rc = DB_CONSTRAINT;
	return rc;
}

static void withdraw_entry(struct http_request *req)
{
	int64_t id;
	struct entry_meta m;
	struct db_conn *db = http_db(req);
	if (!load_entry(req, db, &id, &m))
		return;
	if (http_user(req)->id != m.official_id) {
		http_reply_problem(req, 403, "forbidden", "Only the official may withdraw their own claim.");
		return;
	}
	if (strcmp(m.status, "pending")) {
		http_reply_conflict(req, !strcmp(m.status, "verified")
						 ? "This entry is verified; only a claim still waiting for review can be withdrawn."
						 : "This entry was rejected; only a claim still waiting for review can be withdrawn.");
		return;
	}
	bool err;
	json_t *before = NULL;
	int rc = db_begin(db);
	if (!rc && !(before = entry_json(db, id, &err)))
		rc = DB_ERROR;
	if (!rc)
		rc = delete_pending(db, id);
	if (!rc)
		rc = audit_entry(req, "passport.withdraw", id, m.org_id, before, NULL);
	if (!rc)
		rc = db_commit(db);
	json_decref(before);
	if (rc) {
		db_rollback(db);
		if (rc == DB_CONSTRAINT)
			http_reply_conflict(req, "This entry was reviewed or withdrawn meanwhile.");
		else
			http_reply_db_error(req);
		return;
	}
	http_reply_empty(req, 204);
}

/* ---- GET /me/verifications ---- */

/* The cursor's key is the last claim's created_at (epoch ms). 0, or -1 with a 422 reply. */
static int cursor_time(struct http_request *req, const struct http_list *list, int64_t *created_at)
{
	*created_at = -1;
	if (!*list->key)
		return 0;
	char *end;
	long long v = strtoll(list->key, &end, 10);
	if (*end || v < 0) {
		json_t *errors = NULL;
		http_field_error(&errors, "cursor", "is not a cursor this list gave out; start again without it");
		http_reply_invalid(req, errors);
		return -1;
	}
	*created_at = v;
	return 0;
}

static void list_verifications(struct http_request *req)
{
	struct http_list list;
	int64_t after;
	struct db_conn *db = http_db(req);
	if (http_list_params(req, &list) || !db || cursor_time(req, &list, &after))
		return;
	/* Oldest claim first: the one waiting longest is reviewed first. */
	struct db_stmt *st = db_prepare(
		db, "SELECT " ENTRY_COLUMNS ", " FRAC_PERSON_REF_COLUMNS ENTRY_FROM " JOIN officials f ON f.id = "
		    "e.official_id" FRAC_PERSON_REF_JOINS " WHERE e.status = 'pending' AND e.source = 'self' AND "
		    "e.official_id IN "
		    "(SELECT h.official_id FROM position_holders h WHERE h.reporting_officer_id = $1 AND h.end_date IS NULL) "
		    "AND (e.created_at, e.id) > (CAST($2 AS BIGINT), CAST($3 AS BIGINT)) ORDER BY e.created_at, e.id LIMIT $4");
	if (!st || db_bind_int64(st, 1, http_user(req)->id) || db_bind_int64(st, 2, after) ||
	    db_bind_int64(st, 3, list.id) || db_bind_int64(st, 4, list.limit + 1)) {
		db_finish(st);
		http_reply_db_error(req);
		return;
	}
	bool more;
	struct last_row last = {0, 0};
	json_t *items = collect_entries(st, ENTRY_NCOLUMNS, list.limit, &more, &last);
	if (!items) {
		http_reply_db_error(req);
		return;
	}
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)last.created_at);
	const char *cursor = more ? http_list_cursor(req, key, last.id) : NULL;
	http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", text_or_null(cursor)));
}

const struct http_route frac_passport_routes[] = {
	{"GET", "/api/v1/officials/{id}/passport", get_passport, HTTP_SESSION, 0},
	{"POST", "/api/v1/officials/{id}/passport", post_entry, HTTP_SESSION, 0},
	{"POST", "/api/v1/passport-entries/{id}/verify", verify_entry, HTTP_SESSION, 0},
	{"POST", "/api/v1/passport-entries/{id}/reject", reject_entry, HTTP_SESSION, 0},
	{"DELETE", "/api/v1/passport-entries/{id}", withdraw_entry, HTTP_SESSION, 0},
	{"GET", "/api/v1/me/verifications", list_verifications, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
