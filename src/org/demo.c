/* The demo dataset: real Government of India ministries and departments, a few hundred officials with
 * English and Hindi names, and one account for each role. Deterministic, so tests can rely on it. */
#include "org/org.h"

#include "core/log.h"
#include "core/util.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

struct demo_org {
	const char *code;
	const char *name_en;
	const char *name_hi;
	const char *kind;
	const char *parent;
};

static const struct demo_org ORGS[] = {
	{"GOI", "Government of India", "भारत सरकार", "government", NULL},
	{"KB", "Karmayogi Bharat", "कर्मयोगी भारत", "spv", "GOI"},
	{"CBC", "Capacity Building Commission", "क्षमता निर्माण आयोग", "organisation", "GOI"},
	{"MOR", "Ministry of Railways", "रेल मंत्रालय", "ministry", "GOI"},
	{"RB", "Railway Board", "रेलवे बोर्ड", "department", "MOR"},
	{"NR", "Northern Railway", "उत्तर रेलवे", "organisation", "RB"},
	{"NAIR", "National Academy of Indian Railways", "भारतीय रेल राष्ट्रीय अकादमी", "training_institution", "MOR"},
	{"MOHFW", "Ministry of Health and Family Welfare", "स्वास्थ्य और परिवार कल्याण मंत्रालय", "ministry", "GOI"},
	{"DOHFW", "Department of Health and Family Welfare", "स्वास्थ्य और परिवार कल्याण विभाग", "department", "MOHFW"},
	{"DHR", "Department of Health Research", "स्वास्थ्य अनुसंधान विभाग", "department", "MOHFW"},
	{"MOF", "Ministry of Finance", "वित्त मंत्रालय", "ministry", "GOI"},
	{"DOR", "Department of Revenue", "राजस्व विभाग", "department", "MOF"},
	{"DOE", "Department of Expenditure", "व्यय विभाग", "department", "MOF"},
	{"MHA", "Ministry of Home Affairs", "गृह मंत्रालय", "ministry", "GOI"},
	{"DOHA", "Department of Home", "गृह विभाग", "department", "MHA"},
	{"MOPPGP", "Ministry of Personnel, Public Grievances and Pensions", "कार्मिक, लोक शिकायत तथा पेंशन मंत्रालय",
	 "ministry", "GOI"},
	{"DOPT", "Department of Personnel and Training", "कार्मिक और प्रशिक्षण विभाग", "department", "MOPPGP"},
	{"DARPG", "Department of Administrative Reforms and Public Grievances",
	 "प्रशासनिक सुधार और लोक शिकायत विभाग", "department", "MOPPGP"},
	{"ISTM", "Institute of Secretariat Training and Management", "सचिवालय प्रशिक्षण तथा प्रबंध संस्थान",
	 "training_institution", "DOPT"},
	{"LBSNAA", "Lal Bahadur Shastri National Academy of Administration",
	 "लाल बहादुर शास्त्री राष्ट्रीय प्रशासन अकादमी", "provider", "DOPT"},
};
#define NORGS (sizeof ORGS / sizeof ORGS[0])

/* Where the generated officials work. */
static const char *const STAFF_ORGS[] = {"RB", "NR", "DOHFW", "DHR", "DOR", "DOE", "DOHA", "DOPT", "DARPG", "ISTM"};

struct name {
	const char *en;
	const char *hi;
};

static const struct name FIRST[] = {
	{"Aarav", "आरव"},   {"Ananya", "अनन्या"}, {"Vikram", "विक्रम"}, {"Kavita", "कविता"}, {"Rahul", "राहुल"},
	{"Sunita", "सुनीता"}, {"Arjun", "अर्जुन"}, {"Meera", "मीरा"},   {"Rohit", "रोहित"}, {"Pooja", "पूजा"},
	{"Sanjay", "संजय"}, {"Neha", "नेहा"},     {"Amit", "अमित"},     {"Deepa", "दीपा"},  {"Suresh", "सुरेश"},
	{"Lakshmi", "लक्ष्मी"}, {"Manoj", "मनोज"}, {"Anjali", "अंजलि"}, {"Ravi", "रवि"},    {"Geeta", "गीता"},
};

static const struct name LAST[] = {
	{"Sharma", "शर्मा"}, {"Verma", "वर्मा"},   {"Gupta", "गुप्ता"}, {"Singh", "सिंह"},   {"Kumar", "कुमार"},
	{"Iyer", "अय्यर"},   {"Reddy", "रेड्डी"},  {"Nair", "नायर"},    {"Das", "दास"},     {"Patel", "पटेल"},
	{"Joshi", "जोशी"},   {"Mishra", "मिश्रा"}, {"Rao", "राव"},       {"Chauhan", "चौहान"}, {"Yadav", "यादव"},
};

struct designation {
	const char *title;
	const char *group;
};

static const struct designation DESIGNATIONS[] = {
	{"Under Secretary", "A"},  {"Deputy Secretary", "A"}, {"Director", "A"},      {"Section Officer", "B"},
	{"Assistant Section Officer", "B"}, {"Senior Accountant", "B"}, {"Upper Division Clerk", "C"},
	{"Multi-Tasking Staff", "C"},
};

#define DEMO_OFFICIALS 300

const char org_demo_password[] = "Karmayogi@2026";

struct demo_account {
	const char *email;
	const char *name_en;
	const char *name_hi;
	const char *org;
	const char *role;
	const char *role_org; /* where the role is granted */
	const char *designation;
};

static const struct demo_account ACCOUNTS[] = {
	{"spv.admin@karmayogi.demo", "Rajesh Kumar", "राजेश कुमार", "KB", "spv_admin", "GOI", "Director"},
	{"mdo.admin@karmayogi.demo", "Sunita Verma", "सुनीता वर्मा", "MOR", "mdo_admin", "MOR", "Deputy Secretary"},
	{"cbp.admin@karmayogi.demo", "Anil Mehta", "अनिल मेहता", "MOR", "cbp_admin", "MOR", "Under Secretary"},
	{"creator@karmayogi.demo", "Kavita Iyer", "कविता अय्यर", "LBSNAA", "content_creator", "LBSNAA", "Faculty"},
	{"reviewer@karmayogi.demo", "Arvind Rao", "अरविंद राव", "LBSNAA", "content_reviewer", "LBSNAA", "Senior Faculty"},
	{"publisher@karmayogi.demo", "Meenakshi Nair", "मीनाक्षी नायर", "LBSNAA", "content_publisher", "LBSNAA", "Deputy Director"},
	{"coordinator@karmayogi.demo", "Harish Chauhan", "हरीश चौहान", "MOR", "programme_coordinator", "MOR",
	 "Section Officer"},
	{"trainer@karmayogi.demo", "Farida Khan", "फ़रीदा ख़ान", "MOR", "trainer", "MOR", "Master Trainer"},
	{"learner@karmayogi.demo", "Priya Sharma", "प्रिया शर्मा", "RB", "learner", "RB", "Section Officer"},
};
#define NACCOUNTS (sizeof ACCOUNTS / sizeof ACCOUNTS[0])

const struct org_demo_login org_demo_logins[] = {
	{"spv.admin@karmayogi.demo", "spv_admin", "GOI"},
	{"mdo.admin@karmayogi.demo", "mdo_admin", "MOR"},
	{"cbp.admin@karmayogi.demo", "cbp_admin", "MOR"},
	{"creator@karmayogi.demo", "content_creator", "LBSNAA"},
	{"reviewer@karmayogi.demo", "content_reviewer", "LBSNAA"},
	{"publisher@karmayogi.demo", "content_publisher", "LBSNAA"},
	{"coordinator@karmayogi.demo", "programme_coordinator", "MOR"},
	{"trainer@karmayogi.demo", "trainer", "MOR"},
	{"learner@karmayogi.demo", "learner", "RB"},
	{NULL, NULL, NULL},
};

static int64_t org_id_by_code(const int64_t ids[NORGS], const char *code)
{
	for (size_t i = 0; i < NORGS; i++)
		if (!strcmp(ORGS[i].code, code))
			return ids[i];
	return 0;
}

static int insert_orgs(struct db_conn *db, int64_t ids[NORGS], int64_t now)
{
	for (size_t i = 0; i < NORGS; i++) {
		struct db_stmt *st = db_prepare(db, "INSERT INTO organisations (code, name_en, name_hi, kind, parent_id, "
						    "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
		int64_t parent = ORGS[i].parent ? org_id_by_code(ids, ORGS[i].parent) : 0;
		int rc = !st || db_bind_text(st, 1, ORGS[i].code) || db_bind_text(st, 2, ORGS[i].name_en) ||
			 db_bind_text(st, 3, ORGS[i].name_hi) || db_bind_text(st, 4, ORGS[i].kind) ||
			 (parent ? db_bind_int64(st, 5, parent) : db_bind_null(st, 5)) || db_bind_int64(st, 6, now) ||
			 db_step(st) != DB_ROW;
		if (!rc)
			ids[i] = db_column_int64(st, 0);
		db_finish(st);
		if (rc)
			return -1;
	}
	return 0;
}

struct official {
	const char *email;
	const char *name_en;
	const char *name_hi;
	int64_t org_id;
	const char *employee_code;
	const char *designation;
	const char *group;
	const char *language;
	const char *password_hash;
};

static int insert_official(struct db_conn *db, const struct official *o, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO officials (email, name_en, name_hi, org_id, employee_code, "
					    "designation, grp, language, password_hash, created_at) "
					    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id");
	int rc = !st || db_bind_text(st, 1, o->email) || db_bind_text(st, 2, o->name_en) ||
		 db_bind_text(st, 3, o->name_hi) || db_bind_int64(st, 4, o->org_id) ||
		 db_bind_text(st, 5, o->employee_code) || db_bind_text(st, 6, o->designation) ||
		 db_bind_text(st, 7, o->group) || db_bind_text(st, 8, o->language) ||
		 db_bind_text(st, 9, o->password_hash) || db_bind_int64(st, 10, now) || db_step(st) != DB_ROW;
	if (!rc && id)
		*id = db_column_int64(st, 0);
	db_finish(st);
	return rc ? -1 : 0;
}

static int grant(struct db_conn *db, int64_t official, const char *role, int64_t org, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO role_grants (official_id, role, org_id, granted_at) "
					    "VALUES ($1, $2, $3, $4)");
	int rc = !st || db_bind_int64(st, 1, official) || db_bind_text(st, 2, role) || db_bind_int64(st, 3, org) ||
		 db_bind_int64(st, 4, now) || db_step(st) != DB_DONE;
	db_finish(st);
	return rc ? -1 : 0;
}

static int insert_accounts(struct db_conn *db, const int64_t ids[NORGS], int64_t now)
{
	/* One hash for every demo account: argon2id is slow on purpose, and these share a published password. */
	char hash[crypto_pwhash_STRBYTES];
	if (org_password_hash(org_demo_password, hash, sizeof hash))
		return -1;
	for (size_t i = 0; i < NACCOUNTS; i++) {
		const struct demo_account *a = &ACCOUNTS[i];
		char code[16];
		snprintf(code, sizeof code, "KD%04zu", i + 1);
		struct official o = {a->email, a->name_en,   a->name_hi, org_id_by_code(ids, a->org), code,
				     a->designation, "A", "en", hash};
		int64_t id;
		if (insert_official(db, &o, now, &id) || grant(db, id, a->role, org_id_by_code(ids, a->role_org), now))
			return -1;
	}
	return 0;
}

static int insert_staff(struct db_conn *db, const int64_t ids[NORGS], int64_t now)
{
	size_t nf = sizeof FIRST / sizeof FIRST[0], nl = sizeof LAST / sizeof LAST[0];
	size_t nd = sizeof DESIGNATIONS / sizeof DESIGNATIONS[0], no = sizeof STAFF_ORGS / sizeof STAFF_ORGS[0];
	for (size_t i = 0; i < DEMO_OFFICIALS; i++) {
		const struct name *f = &FIRST[i % nf], *l = &LAST[(i / nf + i) % nl];
		const struct designation *d = &DESIGNATIONS[(i * 7) % nd];
		char en[64], hi[96], email[96], code[16];
		snprintf(en, sizeof en, "%s %s", f->en, l->en);
		snprintf(hi, sizeof hi, "%s %s", f->hi, l->hi);
		snprintf(email, sizeof email, "%s.%s.%zu@demo.gov.in", f->en, l->en, i + 1);
		for (char *p = email; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		snprintf(code, sizeof code, "EMP%05zu", i + 1);
		struct official o = {email, en, hi, org_id_by_code(ids, STAFF_ORGS[i % no]), code, d->title, d->group,
				     i % 3 == 0 ? "hi" : "en", NULL};
		if (insert_official(db, &o, now, NULL))
			return -1;
	}
	return 0;
}

static int already_seeded(struct db_conn *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM organisations WHERE code = 'GOI'");
	if (!st)
		return -1;
	int rc = db_step(st);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int org_demo_seed(struct db_pool *pool)
{
	struct db_conn *db = db_acquire(pool);
	if (!db)
		return -1;
	int result = -1;
	int64_t ids[NORGS] = {0};
	int64_t now = util_now_ms();
	if (db_begin(db))
		goto out;
	int seeded = already_seeded(db);
	if (seeded) {
		result = seeded > 0 ? 0 : -1;
		goto out;
	}
	if (insert_orgs(db, ids, now) || insert_accounts(db, ids, now) || insert_staff(db, ids, now))
		goto out;
	if (db_commit(db))
		goto out;
	result = 1;
out:
	if (result != 1)
		db_rollback(db);
	if (result < 0)
		log_error("demo data could not be written: %s", db_errmsg(db));
	db_release(db);
	return result;
}
