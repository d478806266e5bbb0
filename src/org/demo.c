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
	{"NR", "Northern Railway", "उत्तर रेलवे", "field_unit", "RB"},
	{"NR-DLI", "Delhi Division, Northern Railway", "दिल्ली मंडल, उत्तर रेलवे", "field_unit", "NR"},
	{"WR", "Western Railway", "पश्चिम रेलवे", "field_unit", "RB"},
	{"NAIR", "National Academy of Indian Railways", "भारतीय रेल राष्ट्रीय अकादमी", "training_institution", "MOR"},
	{"MOC", "Ministry of Communications", "संचार मंत्रालय", "ministry", "GOI"},
	{"DOP", "Department of Posts", "डाक विभाग", "department", "MOC"},
	{"DOP-DL", "Delhi Postal Circle", "दिल्ली डाक परिमंडल", "field_unit", "DOP"},
	{"MOF", "Ministry of Finance", "वित्त मंत्रालय", "ministry", "GOI"},
	{"DOR", "Department of Revenue", "राजस्व विभाग", "department", "MOF"},
	{"CBDT", "Central Board of Direct Taxes", "केंद्रीय प्रत्यक्ष कर बोर्ड", "attached_office", "DOR"},
	{"CBIC", "Central Board of Indirect Taxes and Customs", "केंद्रीय अप्रत्यक्ष कर और सीमा शुल्क बोर्ड",
	 "attached_office", "DOR"},
	{"DOE", "Department of Expenditure", "व्यय विभाग", "department", "MOF"},
	{"MHA", "Ministry of Home Affairs", "गृह मंत्रालय", "ministry", "GOI"},
	{"BPRD", "Bureau of Police Research and Development", "पुलिस अनुसंधान एवं विकास ब्यूरो", "attached_office",
	 "MHA"},
	{"CRPF", "Central Reserve Police Force", "केंद्रीय रिज़र्व पुलिस बल", "subordinate_office", "MHA"},
	{"PUDP", "Puducherry Police", "पुडुचेरी पुलिस", "field_unit", "MHA"},
	{"MOHFW", "Ministry of Health and Family Welfare", "स्वास्थ्य और परिवार कल्याण मंत्रालय", "ministry", "GOI"},
	{"DOHFW", "Department of Health and Family Welfare", "स्वास्थ्य और परिवार कल्याण विभाग", "department", "MOHFW"},
	{"DHR", "Department of Health Research", "स्वास्थ्य अनुसंधान विभाग", "department", "MOHFW"},
	{"MOPPGP", "Ministry of Personnel, Public Grievances and Pensions", "कार्मिक, लोक शिकायत तथा पेंशन मंत्रालय",
	 "ministry", "GOI"},
	{"DOPT", "Department of Personnel and Training", "कार्मिक और प्रशिक्षण विभाग", "department", "MOPPGP"},
	{"DARPG", "Department of Administrative Reforms and Public Grievances",
	 "प्रशासनिक सुधार और लोक शिकायत विभाग", "department", "MOPPGP"},
	{"ISTM", "Institute of Secretariat Training and Management", "सचिवालय प्रशिक्षण तथा प्रबंध संस्थान",
	 "training_institution", "DOPT"},
	{"LBSNAA", "Lal Bahadur Shastri National Academy of Administration",
	 "लाल बहादुर शास्त्री राष्ट्रीय प्रशासन अकादमी", "provider", "DOPT"},
	{"UP", "Government of Uttar Pradesh", "उत्तर प्रदेश सरकार", "state", "GOI"},
	/* Content providers of the demo catalogue: public academies under their ministries, then a university,
	 * a start-up and an individual expert under Karmayogi Bharat. */
	{"NACIN", "National Academy of Customs, Indirect Taxes and Narcotics",
	 "राष्ट्रीय सीमा शुल्क, अप्रत्यक्ष कर एवं नारकोटिक्स अकादमी", "provider", "CBIC"},
	{"NADT", "National Academy of Direct Taxes", "राष्ट्रीय प्रत्यक्ष कर अकादमी", "provider", "CBDT"},
	{"IRITM", "Indian Railways Institute of Transport Management", "भारतीय रेल परिवहन प्रबंधन संस्थान", "provider",
	 "MOR"},
	{"RAKNPA", "Rafi Ahmed Kidwai National Postal Academy", "रफ़ी अहमद किदवई राष्ट्रीय डाक अकादमी", "provider", "DOP"},
	{"PTC-SRE", "Postal Training Centre, Saharanpur", "डाक प्रशिक्षण केंद्र, सहारनपुर", "provider", "DOP"},
	{"SVPNPA", "Sardar Vallabhbhai Patel National Police Academy", "सरदार वल्लभभाई पटेल राष्ट्रीय पुलिस अकादमी",
	 "provider", "MHA"},
	{"NIHFW", "National Institute of Health and Family Welfare", "राष्ट्रीय स्वास्थ्य एवं परिवार कल्याण संस्थान",
	 "provider", "DOHFW"},
	{"NIFM", "National Institute of Financial Management", "राष्ट्रीय वित्तीय प्रबंधन संस्थान", "provider", "DOE"},
	{"IITM", "Indian Institute of Technology Madras", "भारतीय प्रौद्योगिकी संस्थान मद्रास", "provider", "KB"},
	{"GYANSETU", "GyanSetu Learning Labs", "ज्ञानसेतु लर्निंग लैब्स", "provider", "KB"},
	{"EXP-AMENON", "Dr Asha Menon, public policy expert", "डॉ. आशा मेनन, लोक नीति विशेषज्ञ", "provider", "KB"},
};
#define NORGS (sizeof ORGS / sizeof ORGS[0])

/* Where the generated officials work. */
static const char *const STAFF_ORGS[] = {"RB",   "NR",   "NR-DLI", "WR",    "DOP-DL", "CBDT", "CBIC", "BPRD",
					"CRPF", "PUDP", "DOHFW",  "DHR",   "DOPT",   "DARPG", "ISTM"};

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
	const char *code;
	const char *title;
	const char *title_hi;
	const char *group;
};

static const struct designation DESIGNATIONS[] = {
	{"JS", "Joint Secretary", "संयुक्त सचिव", "A"},
	{"DIR", "Director", "निदेशक", "A"},
	{"DS", "Deputy Secretary", "उप सचिव", "A"},
	{"US", "Under Secretary", "अवर सचिव", "A"},
	{"SO", "Section Officer", "अनुभाग अधिकारी", "B"},
	{"ASO", "Assistant Section Officer", "सहायक अनुभाग अधिकारी", "B"},
	{"ITO", "Income Tax Officer", "आयकर अधिकारी", "B"},
	{"SSA", "Senior Accountant", "वरिष्ठ लेखाकार", "B"},
	{"SI", "Sub-Inspector of Police", "पुलिस उप-निरीक्षक", "B"},
	{"PA", "Postal Assistant", "डाक सहायक", "C"},
	{"SM", "Station Master", "स्टेशन मास्टर", "C"},
	{"UDC", "Upper Division Clerk", "उच्च श्रेणी लिपिक", "C"},
	{"MTS", "Multi-Tasking Staff", "मल्टी-टास्किंग स्टाफ", "C"},
	{"FAC", "Faculty", "संकाय सदस्य", "A"},
	{"MT", "Master Trainer", "मास्टर प्रशिक्षक", "B"},
};
#define NDESIGNATIONS (sizeof DESIGNATIONS / sizeof DESIGNATIONS[0])

/* What each designation is drawn as among the generated staff (index into DESIGNATIONS). */
static const size_t STAFF_DESIGNATIONS[] = {1, 2, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10, 11, 11, 12, 12};

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
	{"spv.admin@karmayogi.demo", "Rajesh Kumar", "राजेश कुमार", "KB", "spv_admin", "GOI", "DIR"},
	{"mdo.admin@karmayogi.demo", "Sunita Verma", "सुनीता वर्मा", "MOR", "mdo_admin", "MOR", "DS"},
	{"cbp.admin@karmayogi.demo", "Anil Mehta", "अनिल मेहता", "MOR", "cbp_admin", "MOR", "US"},
	{"creator@karmayogi.demo", "Kavita Iyer", "कविता अय्यर", "LBSNAA", "content_creator", "LBSNAA", "FAC"},
	{"reviewer@karmayogi.demo", "Arvind Rao", "अरविंद राव", "LBSNAA", "content_reviewer", "LBSNAA", "FAC"},
	{"publisher@karmayogi.demo", "Meenakshi Nair", "मीनाक्षी नायर", "LBSNAA", "content_publisher", "LBSNAA", "DIR"},
	{"coordinator@karmayogi.demo", "Harish Chauhan", "हरीश चौहान", "MOR", "programme_coordinator", "MOR", "SO"},
	{"trainer@karmayogi.demo", "Farida Khan", "फ़रीदा ख़ान", "MOR", "trainer", "MOR", "MT"},
	{"learner@karmayogi.demo", "Priya Sharma", "प्रिया शर्मा", "RB", "learner", "RB", "SO"},
	/* Priya's reporting officer: verifies her self-declared competencies. */
	{"supervisor@karmayogi.demo", "Vikram Singh", "विक्रम सिंह", "RB", "learner", "RB", "US"},
	/* Karmayogi Bharat's own reviewer and publisher: review and publish any provider's content. */
	{"kb.reviewer@karmayogi.demo", "Sandeep Bhatt", "संदीप भट्ट", "KB", "content_reviewer", "KB", "DIR"},
	{"kb.publisher@karmayogi.demo", "Nirmala Krishnan", "निर्मला कृष्णन", "KB", "content_publisher", "KB",
	 "DIR"},
	/* The faculty who wrote the demo catalogue's courses, one per provider besides LBSNAA. */
	{"istm.faculty@karmayogi.demo", "Ramesh Pillai", "रमेश पिल्लई", "ISTM", "content_creator", "ISTM", "FAC"},
	{"nair.faculty@karmayogi.demo", "Sudhir Saxena", "सुधीर सक्सेना", "NAIR", "content_creator", "NAIR", "FAC"},
	{"nacin.faculty@karmayogi.demo", "Nandini Kulkarni", "नंदिनी कुलकर्णी", "NACIN", "content_creator", "NACIN",
	 "FAC"},
	{"nadt.faculty@karmayogi.demo", "Alok Tiwari", "आलोक तिवारी", "NADT", "content_creator", "NADT", "FAC"},
	{"iritm.faculty@karmayogi.demo", "Prakash Bhatnagar", "प्रकाश भटनागर", "IRITM", "content_creator", "IRITM",
	 "FAC"},
	{"raknpa.faculty@karmayogi.demo", "Shalini Ghosh", "शालिनी घोष", "RAKNPA", "content_creator", "RAKNPA", "FAC"},
	{"ptc.faculty@karmayogi.demo", "Mohan Lal Gupta", "मोहन लाल गुप्ता", "PTC-SRE", "content_creator", "PTC-SRE",
	 "FAC"},
	{"svpnpa.faculty@karmayogi.demo", "Kiran Deshmukh", "किरण देशमुख", "SVPNPA", "content_creator", "SVPNPA",
	 "FAC"},
	{"nihfw.faculty@karmayogi.demo", "Farah Siddiqui", "फ़राह सिद्दीक़ी", "NIHFW", "content_creator", "NIHFW",
	 "FAC"},
	{"nifm.faculty@karmayogi.demo", "Vivek Agarwal", "विवेक अग्रवाल", "NIFM", "content_creator", "NIFM", "FAC"},
	{"iitm.faculty@karmayogi.demo", "Lakshmi Narayanan", "लक्ष्मी नारायणन", "IITM", "content_creator", "IITM",
	 "FAC"},
	{"gyansetu.team@karmayogi.demo", "Rohan Kapoor", "रोहन कपूर", "GYANSETU", "content_creator", "GYANSETU",
	 "FAC"},
	{"asha.menon@karmayogi.demo", "Asha Menon", "आशा मेनन", "EXP-AMENON", "content_creator", "EXP-AMENON",
	 "FAC"},
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
	{"supervisor@karmayogi.demo", "learner", "RB"},
	{"kb.reviewer@karmayogi.demo", "content_reviewer", "KB"},
	{"kb.publisher@karmayogi.demo", "content_publisher", "KB"},
	{NULL, NULL, NULL},
};

static size_t org_index(const char *code)
{
	for (size_t i = 0; i < NORGS; i++)
		if (!strcmp(ORGS[i].code, code))
			return i;
	return 0;
}

static int64_t org_id_by_code(const int64_t ids[NORGS], const char *code)
{
	return ids[org_index(code)];
}

/* The ministry-level ancestor: the child of the root on the way up (the root is its own). */
static size_t ministry_index(size_t i)
{
	while (ORGS[i].parent && ORGS[org_index(ORGS[i].parent)].parent)
		i = org_index(ORGS[i].parent);
	return i;
}

static int insert_orgs(struct db_conn *db, int64_t ids[NORGS], int64_t now)
{
	for (size_t i = 0; i < NORGS; i++) {
		struct db_stmt *st = db_prepare(db, "INSERT INTO organisations (code, name_en, name_hi, kind, parent_id, "
						    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id");
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
	for (size_t i = 0; i < NORGS; i++) {
		struct db_stmt *st = db_prepare(db, "UPDATE organisations SET ministry_id = $1 WHERE id = $2");
		int rc = !st || db_bind_int64(st, 1, ids[ministry_index(i)]) || db_bind_int64(st, 2, ids[i]) ||
			 db_step(st) != DB_DONE;
		db_finish(st);
		if (rc)
			return -1;
	}
	return 0;
}

static int insert_designations(struct db_conn *db)
{
	for (size_t i = 0; i < NDESIGNATIONS; i++) {
		struct db_stmt *st =
			db_prepare(db, "INSERT INTO designations (code, name_en, name_hi, grp) VALUES ($1, $2, $3, $4)");
		int rc = !st || db_bind_text(st, 1, DESIGNATIONS[i].code) || db_bind_text(st, 2, DESIGNATIONS[i].title) ||
			 db_bind_text(st, 3, DESIGNATIONS[i].title_hi) || db_bind_text(st, 4, DESIGNATIONS[i].group) ||
			 db_step(st) != DB_DONE;
		db_finish(st);
		if (rc)
			return -1;
	}
	return 0;
}

static const struct designation *designation(const char *code)
{
	for (size_t i = 0; i < NDESIGNATIONS; i++)
		if (!strcmp(DESIGNATIONS[i].code, code))
			return &DESIGNATIONS[i];
	return &DESIGNATIONS[0];
}

struct official {
	const char *email;
	const char *name_en;
	const char *name_hi;
	size_t org;
	const char *employee_code;
	const char *mobile;
	const struct designation *designation;
	const char *service;
	int pay_level;
	const char *date_of_joining;
	const char *language;
	const char *password_hash;
};

static int insert_official(struct db_conn *db, const int64_t ids[NORGS], const struct official *o, int64_t now,
			   int64_t *id)
{
	struct db_stmt *st = db_prepare(
		db, "INSERT INTO officials (email, name_en, name_hi, org_id, ministry_id, employee_code, mobile, "
		    "designation, grp, service, pay_level, date_of_joining, language, password_hash, created_at, "
		    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) "
		    "RETURNING id");
	int rc = !st || db_bind_text(st, 1, o->email) || db_bind_text(st, 2, o->name_en) ||
		 db_bind_text(st, 3, o->name_hi) || db_bind_int64(st, 4, ids[o->org]) ||
		 db_bind_int64(st, 5, ids[ministry_index(o->org)]) || db_bind_text(st, 6, o->employee_code) ||
		 db_bind_text(st, 7, o->mobile) || db_bind_text(st, 8, o->designation->code) ||
		 db_bind_text(st, 9, o->designation->group) || db_bind_text(st, 10, o->service) ||
		 db_bind_int64(st, 11, o->pay_level) || db_bind_text(st, 12, o->date_of_joining) ||
		 db_bind_text(st, 13, o->language) || db_bind_text(st, 14, o->password_hash) ||
		 db_bind_int64(st, 15, now) || db_step(st) != DB_ROW;
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
		char code[16], mobile[16];
		snprintf(code, sizeof code, "KD%04zu", i + 1);
		snprintf(mobile, sizeof mobile, "98100%05zu", i + 1);
		const struct designation *d = designation(a->designation);
		struct official o = {a->email, a->name_en, a->name_hi, org_index(a->org), code, mobile, d,
				     d->group[0] == 'A' ? "Central Secretariat Service" : "General Central Service",
				     d->group[0] == 'A' ? 12 : 7, "2015-07-01", "en", hash};
		int64_t id;
		if (insert_official(db, ids, &o, now, &id) ||
		    grant(db, id, a->role, org_id_by_code(ids, a->role_org), now))
			return -1;
	}
	return 0;
}

static int insert_staff(struct db_conn *db, const int64_t ids[NORGS], int64_t now)
{
	static const char *const SERVICES[] = {"Indian Railway Management Service", "Indian Postal Service",
					       "Indian Revenue Service", "Indian Police Service",
					       "Central Health Service", "Central Secretariat Service"};
	size_t nf = sizeof FIRST / sizeof FIRST[0], nl = sizeof LAST / sizeof LAST[0];
	size_t nd = sizeof STAFF_DESIGNATIONS / sizeof STAFF_DESIGNATIONS[0];
	size_t no = sizeof STAFF_ORGS / sizeof STAFF_ORGS[0];
	for (size_t i = 0; i < DEMO_OFFICIALS; i++) {
		const struct name *f = &FIRST[i % nf], *l = &LAST[(i / nf + i) % nl];
		const struct designation *d = &DESIGNATIONS[STAFF_DESIGNATIONS[(i * 7) % nd]];
		char en[64], hi[96], email[96], code[16], mobile[16], joined[16];
		snprintf(en, sizeof en, "%s %s", f->en, l->en);
		snprintf(hi, sizeof hi, "%s %s", f->hi, l->hi);
		snprintf(email, sizeof email, "%s.%s.%zu@demo.gov.in", f->en, l->en, i + 1);
		for (char *p = email; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		snprintf(code, sizeof code, "EMP%05zu", i + 1);
		snprintf(mobile, sizeof mobile, "9%09zu", 810000000 + i);
		snprintf(joined, sizeof joined, "%04zu-%02zu-%02zu", 1995 + i % 29, 1 + i % 12, 1 + i % 28);
		int pay = d->group[0] == 'A' ? 10 + (int)(i % 5) : d->group[0] == 'B' ? 6 + (int)(i % 3) : 1 + (int)(i % 5);
		struct official o = {email, en, hi, org_index(STAFF_ORGS[i % no]), code, mobile, d,
				     SERVICES[i % (sizeof SERVICES / sizeof SERVICES[0])], pay, joined,
				     i % 3 == 0 ? "hi" : "en", NULL};
		if (insert_official(db, ids, &o, now, NULL))
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
	if (insert_orgs(db, ids, now) || insert_designations(db) || insert_accounts(db, ids, now) ||
	    insert_staff(db, ids, now))
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
