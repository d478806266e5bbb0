/* The demo competency passports: verified entries from courses, assessments and reporting officers, and
 * pending self-declarations, for the post holders and many other demo officials. Deterministic (a hash of
 * the official's email and the competency code decides everything), so tests can rely on it. Priya's
 * passport is written by hand: some of her post's requirements met, some short, one claim waiting. */
#include "frac/frac_int.h"

#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A competency of the dictionary at its current version. */
struct comp {
	int64_t id, version_id;
	char code[48], name[128];
};
#define COMPS_MAX 256
struct comps {
	size_t n;
	struct comp c[COMPS_MAX];
};

/* An entry to write. */
struct entry {
	int64_t official_id;
	const struct comp *comp;
	int level, claimed_level;
	const char *source, *status, *evidence, *evidence_ref, *comment;
	char earned_on[11];
	int64_t reviewer_id; /* also its author when set */
};

/* iGOT Karmayogi courses named in course evidence. */
static const struct {
	const char *code, *course;
} COURSES[] = {
	{"BEH-CITIZEN", "Sevottam: citizen-centric service delivery"},
	{"BEH-EMPATHY", "Empathy in public service"},
	{"BEH-INTEGRITY", "Ethics and values in public governance"},
	{"BEH-COMMUNICATION", "Effective noting, drafting and communication"},
	{"BEH-LEADERSHIP", "Leading teams in government"},
	{"BEH-TEAMWORK", "Working together: collaboration at the workplace"},
	{"BEH-DECISION", "Evidence-based decision making"},
	{"FUN-PROCUREMENT", "Public procurement under GFR 2017 and GeM"},
	{"FUN-EOFFICE", "e-Office: file management for users"},
	{"FUN-FINANCE", "Budgeting and financial management in government"},
	{"FUN-DATA", "Data analysis with spreadsheets for public servants"},
	{"FUN-PROJECT", "Project management for government programmes"},
	{"FUN-POLICY", "Policy drafting and Cabinet notes"},
	{"DOM-DIRECT-TAX", "Faceless assessment under the Income-tax Act"},
	{"DOM-RAILWAY-OPS", "General and Subsidiary Rules: train working"},
	{"DOM-POSTAL", "Post Office Savings Bank and IPPB operations"},
	{"DOM-POLICING", "Citizen-centric policing and CCTNS"},
	{"DOM-PUBLIC-HEALTH", "Managing public health programmes under NHM"},
};

static int load_comps(struct db_conn *db, struct comps *cs)
{
	cs->n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT c.id, v.id, c.code, c.name_en FROM competencies c "
					    "JOIN competency_versions v ON v.competency_id = c.id AND v.version = "
					    "c.current_version WHERE c.status = 'active' ORDER BY c.id");
	if (!st)
		return DB_ERROR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && cs->n < COMPS_MAX) {
		struct comp *c = &cs->c[cs->n++];
		c->id = db_column_int64(st, 0);
		c->version_id = db_column_int64(st, 1);
		snprintf(c->code, sizeof c->code, "%s", db_column_text(st, 2));
		snprintf(c->name, sizeof c->name, "%s", db_column_text(st, 3));
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

static const struct comp *comp_by_code(const struct comps *cs, const char *code)
{
	for (size_t i = 0; i < cs->n; i++)
		if (!strcmp(cs->c[i].code, code))
			return &cs->c[i];
	return NULL;
}

static const struct comp *comp_by_id(const struct comps *cs, int64_t id)
{
	for (size_t i = 0; i < cs->n; i++)
		if (cs->c[i].id == id)
			return &cs->c[i];
	return NULL;
}

static const char *course_of(const char *code)
{
	for (size_t i = 0; i < sizeof COURSES / sizeof COURSES[0]; i++)
		if (!strcmp(COURSES[i].code, code))
			return COURSES[i].course;
	return "Foundations of the competency";
}

/* FNV-1a over two strings: the same official and competency always draw the same entry. */
static uint32_t draw(const char *a, const char *b)
{
	uint32_t h = 2166136261u;
	for (const char *s = a; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	h = (h ^ '|') * 16777619u;
	for (const char *s = b; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h ^ (h >> 15);
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Entries are dated as if written on the day they were earned, 10:00 UTC. */
static int64_t written_at(const char *date)
{
	int y = 0, m = 0, d = 0;
	if (sscanf(date, "%d-%d-%d", &y, &m, &d) != 3)
		return util_now_ms();
	return (days_from_civil(y, m, d) * 86400 + 36000) * 1000;
}

static int insert_entry(struct db_conn *db, const struct entry *e)
{
	int64_t at = written_at(e->earned_on);
	bool self = !strcmp(e->source, "self");
	bool reviewed = e->reviewer_id && strcmp(e->status, "pending");
	int64_t author = self ? e->official_id : e->reviewer_id;
	struct db_stmt *st = db_prepare(
		db, "INSERT INTO passport_entries (official_id, org_id, competency_id, version_id, level, source, status, "
		    "claimed_level, evidence, evidence_ref, earned_on, reviewer_id, review_comment, reviewed_at, "
		    "created_by, created_at) VALUES ($1, (SELECT org_id FROM officials WHERE id = $1), $2, $3, $4, $5, "
		    "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15)");
	int rc = !st || db_bind_int64(st, 1, e->official_id) || db_bind_int64(st, 2, e->comp->id) ||
		 db_bind_int64(st, 3, e->comp->version_id) || db_bind_int64(st, 4, e->level) ||
		 db_bind_text(st, 5, e->source) || db_bind_text(st, 6, e->status) ||
		 (e->claimed_level ? db_bind_int64(st, 7, e->claimed_level) : db_bind_null(st, 7)) ||
		 db_bind_text(st, 8, e->evidence) || db_bind_text(st, 9, e->evidence_ref) ||
		 db_bind_text(st, 10, e->earned_on) || (reviewed ? db_bind_int64(st, 11, e->reviewer_id) : db_bind_null(st, 11)) ||
		 db_bind_text(st, 12, reviewed ? e->comment : NULL) ||
		 (reviewed ? db_bind_int64(st, 13, at + 86400000) : db_bind_null(st, 13)) ||
		 (author ? db_bind_int64(st, 14, author) : db_bind_null(st, 14)) || db_bind_int64(st, 15, at);
	if (!rc)
		rc = db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* --- Priya Sharma (learner@), Section Officer (Procurement I) in RB, reporting to Vikram Singh ---
 * Her post asks for FUN-PROCUREMENT 3, FUN-FINANCE 2, BEH-INTEGRITY 4 (raised from 3 by the procurement
 * role), FUN-EOFFICE 3, FUN-POLICY 2, BEH-COMMUNICATION 3, BEH-TEAMWORK 2. */
struct fixed_entry {
	const char *code;
	int level, claimed_level;
	const char *source, *status, *evidence, *evidence_ref, *earned_on, *comment;
};

static const struct fixed_entry PRIYA[] = {
	{"FUN-EOFFICE", 3, 0, "course", "verified",
	 "Completed the iGOT Karmayogi course \"e-Office: file management for users\" with its final assessment.",
	 "IGOT-CERT-204518", "2024-06-12", NULL},
	{"BEH-COMMUNICATION", 3, 0, "assessment", "verified", "Passed the level 3 assessment in Communication (score 81%).",
	 "ASSESS-31877", "2024-09-03", NULL},
	{"BEH-TEAMWORK", 3, 0, "supervisor", "verified",
	 "Led the section's move to e-Office with two assistants, seen by her reporting officer.", NULL, "2025-03-28",
	 "Works well with the section and with the other branches."},
	{"FUN-PROCUREMENT", 2, 0, "course", "verified",
	 "Completed the iGOT Karmayogi course \"Public procurement under GFR 2017 and GeM\" with its final assessment.",
	 "IGOT-CERT-219904", "2025-01-20", NULL},
	{"BEH-INTEGRITY", 3, 0, "supervisor", "verified",
	 "Handled vendors' representations impartially; no complaint against the section in the year.", NULL,
	 "2025-03-28", "Sound; level 4 needs her to handle a vigilance-sensitive case on her own."},
	{"FUN-POLICY", 1, 0, "assessment", "verified", "Passed the level 1 assessment in Policy drafting (score 58%).",
	 "ASSESS-33120", "2025-05-14", NULL},
	{"FUN-DATA", 2, 0, "course", "verified",
	 "Completed the iGOT Karmayogi course \"Data analysis with spreadsheets for public servants\" with its final "
	 "assessment.",
	 "IGOT-CERT-226731", "2025-07-02", NULL},
	{"FUN-PROCUREMENT", 3, 3, "self", "pending",
	 "Ran 14 GeM bids and two open tenders for stationery and IT equipment in 2025-26; the evaluation "
	 "committees' minutes are on e-Office file RB/PROC/2025/117.",
	 "RB/PROC/2025/117", "2026-10-30", NULL},
};

static int official_by_email(struct db_conn *db, const char *email, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM officials WHERE email = $1");
	if (!st || db_bind_text(st, 1, email)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* Her reporting officer now, 0 when she holds no post. */
static int64_t reporting_officer(struct db_conn *db, int64_t official)
{
	struct db_stmt *st = db_prepare(db, "SELECT reporting_officer_id FROM position_holders WHERE official_id = $1 "
					    "AND end_date IS NULL AND reporting_officer_id IS NOT NULL ORDER BY id LIMIT 1");
	int64_t id = 0;
	if (st && !db_bind_int64(st, 1, official) && db_step(st) == DB_ROW)
		id = db_column_int64(st, 0);
	db_finish(st);
	return id;
}

static int write_priya(struct db_conn *db, const struct comps *cs)
{
	int64_t priya = 0;
	int found = official_by_email(db, "learner@karmayogi.demo", &priya);
	if (found <= 0)
		return found < 0 ? DB_ERROR : 0;
	int64_t officer = reporting_officer(db, priya);
	for (size_t i = 0; i < sizeof PRIYA / sizeof PRIYA[0]; i++) {
		const struct fixed_entry *f = &PRIYA[i];
		struct entry e = {.official_id = priya, .comp = comp_by_code(cs, f->code), .level = f->level,
				  .claimed_level = f->claimed_level, .source = f->source, .status = f->status,
				  .evidence = f->evidence, .evidence_ref = f->evidence_ref, .comment = f->comment,
				  .reviewer_id = !strcmp(f->source, "supervisor") ? officer : 0};
		snprintf(e.earned_on, sizeof e.earned_on, "%s", f->earned_on);
		if (!e.comp)
			return DB_ERROR;
		int rc = insert_entry(db, &e);
		if (rc)
			return rc;
	}
	return 0;
}

/* --- everyone else, drawn --- */

/* The officials to give a passport: every current post holder (with the post's requirements and their
 * reporting officer) and the other generated officials (requirements none, officer 0). */
struct person {
	int64_t id, officer;
	char email[128], org[16];
	bool holder;
};

static int load_people(struct db_conn *db, struct person **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(
		db, "SELECT f.id, f.email, o.code, (SELECT MIN(h.reporting_officer_id) FROM position_holders h "
		    "WHERE h.official_id = f.id AND h.end_date IS NULL), (SELECT COUNT(*) FROM position_holders h "
		    "WHERE h.official_id = f.id AND h.end_date IS NULL) FROM officials f JOIN organisations o ON "
		    "o.id = f.org_id WHERE f.status = 'active' AND (f.email LIKE '%@demo.gov.in' OR f.email = "
		    "'supervisor@karmayogi.demo') ORDER BY f.id");
	if (!st)
		return DB_ERROR;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			struct person *grown = realloc(*out, cap * sizeof **out);
			if (!grown) {
				rc = DB_ERROR;
				break;
			}
			*out = grown;
		}
		struct person *p = &(*out)[(*n)++];
		p->id = db_column_int64(st, 0);
		snprintf(p->email, sizeof p->email, "%s", db_column_text(st, 1));
		snprintf(p->org, sizeof p->org, "%s", db_column_text(st, 2));
		p->officer = db_column_null(st, 3) ? 0 : db_column_int64(st, 3);
		p->holder = db_column_int64(st, 4) > 0;
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* A date between 2023-01 and 2026-08 drawn from h. */
static void drawn_date(uint32_t h, char out[11])
{
	unsigned month = (h >> 20) % 44;
	snprintf(out, 11, "%04u-%02u-%02u", 2023 + month / 12, 1 + month % 12, 1 + (h >> 10) % 28);
}

/* One verified entry at level from a drawn source; a supervisor entry needs the officer. */
static int write_verified(struct db_conn *db, const struct person *p, const struct comp *c, int level, uint32_t h)
{
	static const char *const SOURCES[] = {"course", "assessment", "supervisor"};
	const char *source = SOURCES[(h >> 6) % 3];
	if (!strcmp(source, "supervisor") && !p->officer)
		source = "course";
	char evidence[256], ref[32];
	struct entry e = {.official_id = p->id, .comp = c, .level = level, .source = source, .status = "verified",
			  .evidence = evidence, .evidence_ref = ref};
	drawn_date(h, e.earned_on);
	if (!strcmp(source, "course")) {
		snprintf(evidence, sizeof evidence,
			 "Completed the iGOT Karmayogi course \"%s\" with its final assessment.", course_of(c->code));
		snprintf(ref, sizeof ref, "IGOT-CERT-%06u", h % 1000000);
	} else if (!strcmp(source, "assessment")) {
		snprintf(evidence, sizeof evidence, "Passed the level %d assessment in %s (score %u%%).", level, c->name,
			 60 + (h >> 12) % 36);
		snprintf(ref, sizeof ref, "ASSESS-%05u", h % 100000);
	} else {
		snprintf(evidence, sizeof evidence, "Seen by the reporting officer in the work of the post over the year.");
		e.evidence_ref = NULL;
		e.reviewer_id = p->officer;
		/* Some began as a claim one level higher that the officer verified lower. */
		bool lowered = (h >> 15) % 4 == 0 && level < 5;
		e.claimed_level = lowered ? level + 1 : 0;
		e.comment = lowered ? "Verified one level below the claim: not yet seen working without guidance."
				    : "Confirmed in the annual appraisal.";
	}
	return insert_entry(db, &e);
}

static int write_claim(struct db_conn *db, const struct person *p, const struct comp *c, int level, uint32_t h,
		       bool rejected)
{
	struct entry e = {.official_id = p->id, .comp = c, .level = level, .claimed_level = level, .source = "self",
			  .status = rejected ? "rejected" : "pending",
			  .evidence = rejected ? "Worked on this in my previous posting."
					       : "Applied in my current post for over two years; the files are on e-Office.",
			  .reviewer_id = p->officer,
			  .comment = "Please add evidence: a file, an order or a course certificate."};
	/* Claims are recent: January to October 2026. */
	uint32_t d = h * 2654435761u;
	snprintf(e.earned_on, sizeof e.earned_on, "2026-%02u-%02u", 1 + (d >> 8) % 10, 1 + (d >> 16) % 28);
	return insert_entry(db, &e);
}

/* A holder: for each requirement, usually a verified level near it (two below to one above), sometimes
 * nothing; where they fall short, some declare the required level and wait for their officer. */
static int write_holder(struct db_conn *db, const struct comps *cs, const struct person *p)
{
	struct frac_req reqs[FRAC_REQ_MAX];
	size_t n = 0;
	int rc = frac_official_requirements(db, p->id, reqs, FRAC_REQ_MAX, &n);
	bool claimed = false;
	for (size_t i = 0; i < n && !rc; i++) {
		const struct comp *c = comp_by_id(cs, reqs[i].competency_id);
		if (!c)
			continue;
		uint32_t h = draw(p->email, c->code);
		int level = 0;
		if (h % 6) {
			level = reqs[i].level + (int)((h >> 3) % 4) - 2;
			level = level < 1 ? 1 : level > 5 ? 5 : level;
			rc = write_verified(db, p, c, level, h);
		}
		if (!rc && level < reqs[i].level && !claimed && p->officer && (h >> 9) % 2 == 0) {
			rc = write_claim(db, p, c, reqs[i].level, h, false);
			claimed = true;
		} else if (!rc && level < reqs[i].level && p->officer && (h >> 12) % 7 == 0) {
			rc = write_claim(db, p, c, reqs[i].level, h, true);
		}
	}
	return rc;
}

/* Someone without a post: two or three verified entries on the common competencies and their field's
 * domain, now and then a pending claim. A third have no passport yet. */
static int write_other(struct db_conn *db, const struct comps *cs, const struct person *p)
{
	static const struct {
		const char *org, *domain;
	} FIELD[] = {{"RB", "DOM-RAILWAY-OPS"},   {"NR", "DOM-RAILWAY-OPS"},      {"NR-DLI", "DOM-RAILWAY-OPS"},
		     {"WR", "DOM-RAILWAY-OPS"},   {"DOP-DL", "DOM-POSTAL"},       {"CBDT", "DOM-DIRECT-TAX"},
		     {"BPRD", "DOM-POLICING"},    {"CRPF", "DOM-POLICING"},       {"PUDP", "DOM-POLICING"},
		     {"DOHFW", "DOM-PUBLIC-HEALTH"}, {"DHR", "DOM-PUBLIC-HEALTH"}};
	static const char *const COMMON[] = {"FUN-EOFFICE", "BEH-COMMUNICATION", "BEH-TEAMWORK", "BEH-CITIZEN",
					     "FUN-DATA",    "BEH-INTEGRITY",     "FUN-PROJECT",  "FUN-FINANCE"};
	uint32_t h = draw(p->email, "passport");
	if (h % 3 == 0)
		return 0;
	const char *picks[3] = {COMMON[h % 8], COMMON[(h % 8 + 1 + (h >> 4) % 7) % 8], NULL};
	for (size_t i = 0; i < sizeof FIELD / sizeof FIELD[0]; i++)
		if (!strcmp(FIELD[i].org, p->org))
			picks[2] = FIELD[i].domain;
	int rc = 0;
	for (size_t i = 0; i < 3 && !rc; i++) {
		const struct comp *c = picks[i] ? comp_by_code(cs, picks[i]) : NULL;
		if (!c)
			continue;
		uint32_t hc = draw(p->email, c->code);
		rc = write_verified(db, p, c, 1 + (int)(hc % 4), hc);
	}
	const struct comp *claim = comp_by_code(cs, COMMON[(h >> 8) % 8]);
	if (!rc && claim && (h >> 5) % 5 == 0)
		rc = write_claim(db, p, claim, 3, h, false);
	return rc;
}

int frac_demo_passports(struct db_conn *db)
{
	static struct comps cs; /* large; the demo runs once, single-threaded */
	struct person *people = NULL;
	size_t n = 0;
	int rc = load_comps(db, &cs);
	if (!rc)
		rc = write_priya(db, &cs);
	if (!rc)
		rc = load_people(db, &people, &n);
	for (size_t i = 0; i < n && !rc; i++)
		rc = people[i].holder ? write_holder(db, &cs, &people[i]) : write_other(db, &cs, &people[i]);
	free(people);
	return rc;
}
