/* The demo catalogue (karmayogi demo): public training institutions, a university, a start-up and an expert as
 * providers; a few hundred courses in English and Hindi made from the theme building blocks, most published and
 * indexed, a handful on their way through review; programmes (demo_programmes.c). */
#include "catalog/catalog_int.h"

#include "core/util.h"

#include <stdio.h>
#include <string.h>

#define DAY_MS (24LL * 3600 * 1000)

struct demo_provider {
	const char *org, *kind, *website;
	struct catalog_demo_text description;
	const char *author; /* the faculty account who writes its courses */
};

/* LBSNAA's own people review and publish its courses; Karmayogi Bharat's reviewer and publisher do the others'. */
static const struct demo_provider PROVIDERS[] = {
	{"LBSNAA",
	 "academy",
	 "https://www.lbsnaa.gov.in/",
	 {"The national academy that trains the All India and Central Services at the start of their careers.",
	  "राष्ट्रीय अकादमी जो अखिल भारतीय और केंद्रीय सेवाओं के अधिकारियों को उनके करियर के आरंभ में प्रशिक्षण देती है।"},
	 "creator@karmayogi.demo"},
	{"ISTM",
	 "academy",
	 "https://istm.gov.in/",
	 {"Trains the staff of the Central Secretariat in office procedure, finance, procurement and management.",
	  "केंद्रीय सचिवालय के कर्मचारियों को कार्यालय प्रक्रिया, वित्त, खरीद और प्रबंधन का प्रशिक्षण देता है।"},
	 "istm.faculty@karmayogi.demo"},
	{"NAIR",
	 "academy",
	 "https://nair.indianrailways.gov.in/",
	 {"The apex training institution of Indian Railways, at Vadodara.",
	  "वडोदरा स्थित भारतीय रेल का शीर्ष प्रशिक्षण संस्थान।"},
	 "nair.faculty@karmayogi.demo"},
	{"NACIN",
	 "academy",
	 "https://www.nacin.gov.in/",
	 {"Trains the officers of the Central Board of Indirect Taxes and Customs in GST, customs and narcotics law.",
	  "केंद्रीय अप्रत्यक्ष कर और सीमा शुल्क बोर्ड के अधिकारियों को जीएसटी, सीमा शुल्क और नारकोटिक्स क़ानून का प्रशिक्षण देती है।"},
	 "nacin.faculty@karmayogi.demo"},
	{"NADT",
	 "academy",
	 "https://www.nadt.gov.in/",
	 {"The Income Tax Department's academy at Nagpur.", "नागपुर स्थित आयकर विभाग की अकादमी।"},
	 "nadt.faculty@karmayogi.demo"},
	{"IRITM",
	 "academy",
	 "https://iritm.indianrailways.gov.in/",
	 {"Trains railway officers in transport management, operations and commercial work, at Lucknow.",
	  "लखनऊ में रेल अधिकारियों को परिवहन प्रबंधन, परिचालन और वाणिज्यिक कार्य का प्रशिक्षण देता है।"},
	 "iritm.faculty@karmayogi.demo"},
	{"RAKNPA",
	 "academy",
	 "https://www.indiapost.gov.in/",
	 {"India Post's national academy at Ghaziabad.", "गाज़ियाबाद स्थित इंडिया पोस्ट की राष्ट्रीय अकादमी।"},
	 "raknpa.faculty@karmayogi.demo"},
	{"PTC-SRE",
	 "academy",
	 "https://www.indiapost.gov.in/",
	 {"Trains postal assistants and postmen in counter work, savings schemes and mail operations.",
	  "डाक सहायकों और डाकियों को काउंटर कार्य, बचत योजनाओं और डाक परिचालन का प्रशिक्षण देता है।"},
	 "ptc.faculty@karmayogi.demo"},
	{"SVPNPA",
	 "academy",
	 "https://www.svpnpa.gov.in/",
	 {"The national police academy at Hyderabad.", "हैदराबाद स्थित राष्ट्रीय पुलिस अकादमी।"},
	 "svpnpa.faculty@karmayogi.demo"},
	{"NIHFW",
	 "academy",
	 "https://www.nihfw.org/",
	 {"The apex institute for training and research in public health and family welfare.",
	  "जन स्वास्थ्य और परिवार कल्याण में प्रशिक्षण और अनुसंधान का शीर्ष संस्थान।"},
	 "nihfw.faculty@karmayogi.demo"},
	{"NIFM",
	 "academy",
	 "https://nifm.ac.in/",
	 {"Trains the finance and accounts services in public financial management, at Faridabad.",
	  "फ़रीदाबाद में वित्त और लेखा सेवाओं को सार्वजनिक वित्तीय प्रबंधन का प्रशिक्षण देता है।"},
	 "nifm.faculty@karmayogi.demo"},
	{"IITM",
	 "university",
	 "https://www.iitm.ac.in/",
	 {"Courses in data, artificial intelligence and cyber security for civil servants.",
	  "सिविल सेवकों के लिए डेटा, कृत्रिम बुद्धिमत्ता और साइबर सुरक्षा के पाठ्यक्रम।"},
	 "iitm.faculty@karmayogi.demo"},
	{"GYANSETU",
	 "startup",
	 NULL,
	 {"A start-up making short, practical courses on digital skills and citizen services.",
	  "डिजिटल कौशल और नागरिक सेवाओं पर छोटे, व्यावहारिक पाठ्यक्रम बनाने वाला स्टार्ट-अप।"},
	 "gyansetu.team@karmayogi.demo"},
	{"EXP-AMENON",
	 "expert",
	 NULL,
	 {"Twenty years of teaching public ethics and technology policy.",
	  "लोक नैतिकता और प्रौद्योगिकी नीति पढ़ाने का बीस वर्षों का अनुभव।"},
	 "asha.menon@karmayogi.demo"},
};
#define NPROVIDERS (sizeof PROVIDERS / sizeof PROVIDERS[0])

/* States of the courses that are not published, so the workspace and the review queue show something: LBSNAA's (the
 * demo creator, reviewer and publisher), by their place among its courses, and the second course of every other
 * provider. */
static const struct {
	size_t nth;
	const char *state;
} LBSNAA_STATES[] = {{1, "draft"},    {3, "submitted"},         {5, "in_review"},
		     {7, "approved"}, {9, "changes_requested"}, {11, "submitted"}};
static const char *const OTHER_STATES[] = {"submitted", "in_review", "changes_requested", "draft"};

/* 1 when one row answers, 0 when none, -1 on error. */
static int exists(struct db_conn *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	int rc = st ? db_step(st) : DB_ERROR;
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* The id for one text key (an organisation's code, an official's email): 0 when none, -1 on error. */
static int64_t id_of(struct db_conn *db, const char *sql, const char *key)
{
	struct db_stmt *st = db_prepare(db, sql);
	int rc = !st || db_bind_text(st, 1, key) ? DB_ERROR : db_step(st);
	int64_t id = rc == DB_ROW ? db_column_int64(st, 0) : rc == DB_DONE ? 0 : -1;
	db_finish(st);
	return id;
}

static int64_t org_id(struct db_conn *db, const char *code)
{
	return id_of(db, "SELECT id FROM organisations WHERE code = $1", code);
}

static int64_t official_id(struct db_conn *db, const char *email)
{
	return id_of(db, "SELECT id FROM officials WHERE email = $1", email);
}

static int insert_provider(struct db_conn *db, const struct demo_provider *p, int64_t org, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO providers (org_id, kind, description_en, description_hi, "
					    "website, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)");
	int rc = !st || db_bind_int64(st, 1, org) || db_bind_text(st, 2, p->kind) ||
				 db_bind_text(st, 3, p->description.en) || db_bind_text(st, 4, p->description.hi) ||
				 (p->website ? db_bind_text(st, 5, p->website) : db_bind_null(st, 5)) ||
				 db_bind_int64(st, 6, now)
			 ? DB_ERROR
			 : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Finds each provider's organisation and people and writes its providers row. A provider whose organisation or author
 * is missing (a database seeded before it was in the demo tree) is left out: org_id stays 0. */
static int load_providers(struct db_conn *db, struct catalog_demo_people *people, int64_t now)
{
	int64_t kb_reviewer = official_id(db, "kb.reviewer@karmayogi.demo");
	int64_t kb_publisher = official_id(db, "kb.publisher@karmayogi.demo");
	int64_t lbs_reviewer = official_id(db, "reviewer@karmayogi.demo");
	int64_t lbs_publisher = official_id(db, "publisher@karmayogi.demo");
	if (kb_reviewer < 0 || kb_publisher < 0 || lbs_reviewer < 0 || lbs_publisher < 0)
		return DB_ERROR;
	for (size_t i = 0; i < NPROVIDERS; i++) {
		struct catalog_demo_people *p = &people[i];
		bool lbsnaa = i == 0;
		p->code = PROVIDERS[i].org;
		p->org_id = org_id(db, PROVIDERS[i].org);
		p->author = official_id(db, PROVIDERS[i].author);
		p->reviewer = lbsnaa ? lbs_reviewer : kb_reviewer;
		p->publisher = lbsnaa ? lbs_publisher : kb_publisher;
		if (p->org_id < 0 || p->author < 0)
			return DB_ERROR;
		if (!p->org_id || !p->author || !p->reviewer || !p->publisher) {
			p->org_id = 0;
			continue;
		}
		int rc = insert_provider(db, &PROVIDERS[i], p->org_id, now);
		if (rc)
			return rc;
	}
	return 0;
}

static const struct catalog_demo_people *provider_for(const struct catalog_demo_people *people,
						      const struct catalog_demo_theme *th, size_t pick)
{
	size_t n = 0;
	while (n < 3 && th->providers[n])
		n++;
	for (size_t tries = 0; tries < n; tries++) {
		const char *code = th->providers[(pick + tries) % n];
		for (size_t i = 0; i < NPROVIDERS; i++)
			if (!strcmp(people[i].code, code) && people[i].org_id)
				return &people[i];
	}
	return NULL;
}

static const char *state_for(size_t provider_index, size_t nth)
{
	if (provider_index == 0) {
		for (size_t i = 0; i < sizeof LBSNAA_STATES / sizeof LBSNAA_STATES[0]; i++)
			if (LBSNAA_STATES[i].nth == nth)
				return LBSNAA_STATES[i].state;
	} else if (nth == 2) {
		return OTHER_STATES[provider_index % (sizeof OTHER_STATES / sizeof OTHER_STATES[0])];
	}
	return "published";
}

/* Every theme, topic and format once: about 360 courses, spread over the last year. */
static int write_courses(struct db_conn *db, struct catalog_demo_people *people, struct catalog_demo_catalogue *cat,
			 int64_t now)
{
	size_t k = 0, nth[NPROVIDERS] = {0};
	for (size_t t = 0; t < catalog_demo_theme_count; t++) {
		const struct catalog_demo_theme *th = &catalog_demo_themes[t];
		for (size_t topic = 0; topic < CATALOG_DEMO_TOPICS && th->topics[topic].en; topic++)
			for (size_t f = 0; f < CATALOG_DEMO_FORMATS; f++, k++) {
				const struct catalog_demo_people *p = provider_for(people, th, topic + f);
				if (!p)
					continue;
				size_t pi = (size_t)(p - people);
				char code[48];
				snprintf(code, sizeof code, "%s-%s-%zu%zu", p->code, th->code, topic + 1, f + 1);
				struct catalog_demo_course c = {
					.code = code,
					.provider_id = p->org_id,
					.theme = th,
					.topic = topic,
					.format = f,
					.seed = (unsigned)k,
					.author = p->author,
					.reviewer = p->reviewer,
					.publisher = p->publisher,
					.state = state_for(pi, ++nth[pi]),
					.at = now - (int64_t)(5 + (k * 37) % 360) * DAY_MS,
				};
				int64_t id = 0;
				int rc = catalog_demo_write_course(db, &c, &id);
				if (!rc && !strcmp(c.state, "published")) {
					cat->published[t][topic][f] = id;
					rc = catalog_search_index(db, id);
				}
				if (rc)
					return rc;
			}
	}
	return 0;
}

int catalog_demo_seed(struct db_conn *conn)
{
	int there = exists(conn,
			   "SELECT 1 FROM providers p JOIN organisations o ON o.id = p.org_id WHERE o.code = 'LBSNAA'");
	int ready = exists(conn, "SELECT 1 FROM officials WHERE email = 'creator@karmayogi.demo'");
	int framework = exists(conn, "SELECT 1 FROM competencies WHERE code = 'DOM-PUBLIC-HEALTH'");
	if (there < 0 || ready < 0 || framework < 0)
		return DB_ERROR;
	if (there || !ready || !framework)
		return 0;
	int64_t now = util_now_ms();
	struct catalog_demo_people people[NPROVIDERS];
	memset(people, 0, sizeof people);
	struct catalog_demo_catalogue cat;
	memset(&cat, 0, sizeof cat);
	int rc = load_providers(conn, people, now);
	if (!rc)
		rc = write_courses(conn, people, &cat, now);
	if (!rc)
		rc = catalog_demo_programmes(conn, people, NPROVIDERS, &cat, now);
	return rc;
}
