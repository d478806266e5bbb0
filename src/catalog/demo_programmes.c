/* The demo programmes: ordered lists of published demo courses, one curated for the Ministry of Railways and one
 * blended with a plan of classroom, field and virtual sessions. Published and indexed. */
#include "catalog/catalog_int.h"

#include <string.h>

#define DAY_MS (24LL * 3600 * 1000)

struct item {
	const char *theme;
	size_t topic, format;
};

struct session {
	struct catalog_demo_text title;
	const char *mode;
	int minutes;
};

struct programme {
	const char *code, *kind, *provider;
	struct catalog_demo_text title, description;
	const char *audience_org; /* curated: the organisation's code */
	struct catalog_demo_text audience;
	const char *keywords, *groups;
	const char *competencies[2];
	int levels[2];
	const char *designations[2];
	struct item items[6];
	struct session sessions[3];
	int days_ago;
};

static const struct programme PROGRAMMES[] = {
	{"ISTM-PROG-PROCUREMENT",
	 "programme",
	 "ISTM",
	 {"Procurement officer's programme: from GeM to contract", "खरीद अधिकारी कार्यक्रम: GeM से अनुबंध तक"},
	 {"Five courses that take a procurement section from the rules of GFR 2017 through buying on GeM and bid "
	  "evaluation to managing the contract.",
	  "पाँच पाठ्यक्रम जो खरीद अनुभाग को GFR 2017 के नियमों से GeM पर खरीद और बोली मूल्यांकन होते हुए अनुबंध प्रबंधन तक ले जाते हैं।"},
	 NULL,
	 {NULL, NULL},
	 "procurement, GeM, GFR 2017, programme, खरीद, कार्यक्रम",
	 "A,B",
	 {"FUN-PROCUREMENT", "FUN-FINANCE"},
	 {3, 2},
	 {"SO", "ASO"},
	 {{"PROC", 1, 0}, {"PROC", 0, 1}, {"PROC", 2, 1}, {"PROC", 4, 2}, {"PROC", 5, 1}, {NULL, 0, 0}},
	 {{{NULL, NULL}, NULL, 0}},
	 30},
	{"LBSNAA-PROG-INTEGRITY",
	 "programme",
	 "LBSNAA",
	 {"Integrity in public life", "सार्वजनिक जीवन में सत्यनिष्ठा"},
	 {"The conduct rules, conflicts of interest, preventive vigilance and hard choices: a programme for every "
	  "officer.",
	  "आचरण नियम, हितों का टकराव, निवारक सतर्कता और कठिन निर्णय: हर अधिकारी के लिए एक कार्यक्रम।"},
	 NULL,
	 {NULL, NULL},
	 "ethics, integrity, vigilance, programme, नैतिकता, सत्यनिष्ठा",
	 "A,B,C",
	 {"BEH-INTEGRITY", "BEH-DECISION"},
	 {3, 2},
	 {"US", "SO"},
	 {{"ETHICS", 0, 0}, {"ETHICS", 1, 1}, {"ETHICS", 2, 2}, {"ETHICS", 3, 3}, {NULL, 0, 0}},
	 {{{NULL, NULL}, NULL, 0}},
	 45},
	{"IITM-PROG-EMERGING-TECH",
	 "programme",
	 "IITM",
	 {"Emerging technologies for civil servants", "सिविल सेवकों के लिए उभरती प्रौद्योगिकियाँ"},
	 {"Artificial intelligence, data and cyber security: what they can do for public services, and how to use them "
	  "safely.",
	  "कृत्रिम बुद्धिमत्ता, डेटा और साइबर सुरक्षा: ये सार्वजनिक सेवाओं के लिए क्या कर सकती हैं और इनका सुरक्षित उपयोग कैसे करें।"},
	 NULL,
	 {NULL, NULL},
	 "AI, artificial intelligence, data, cyber security, programme, एआई, कार्यक्रम",
	 "A,B",
	 {"FUN-DATA", "FUN-POLICY"},
	 {2, 2},
	 {"DIR", "US"},
	 {{"AI", 0, 0}, {"AI", 1, 1}, {"AI", 2, 0}, {"DATA", 4, 0}, {"CYBER", 0, 0}, {NULL, 0, 0}},
	 {{{NULL, NULL}, NULL, 0}},
	 20},
	{"NAIR-CUR-MOR-SAFETY",
	 "curated_programme",
	 "NAIR",
	 {"Safety first: a programme for the Ministry of Railways", "संरक्षा सर्वोपरि: रेल मंत्रालय के लिए कार्यक्रम"},
	 {"Curated for the Ministry of Railways: signalling, the General and Subsidiary Rules, accident prevention and "
	  "disaster management, in the order a station master meets them.",
	  "रेल मंत्रालय के लिए चुना गया: सिग्नलिंग, सामान्य और सहायक नियम, दुर्घटना रोकथाम और आपदा प्रबंधन, उसी क्रम में जिसमें स्टेशन "
	  "मास्टर इनसे मिलता है।"},
	 "MOR",
	 {"Station masters, section controllers and their supervisors across the zonal railways.",
	  "सभी क्षेत्रीय रेलों के स्टेशन मास्टर, सेक्शन नियंत्रक और उनके पर्यवेक्षक।"},
	 "railway, safety, curated, Ministry of Railways, रेलवे, संरक्षा",
	 "B,C",
	 {"DOM-RAILWAY-OPS", "BEH-DECISION"},
	 {3, 2},
	 {"SM", "SO"},
	 {{"RAIL", 0, 0}, {"RAIL", 1, 1}, {"RAIL", 2, 2}, {"RAIL", 3, 1}, {"RAIL", 6, 3}, {NULL, 0, 0}},
	 {{{NULL, NULL}, NULL, 0}},
	 15},
	{"LBSNAA-BLEND-CITIZEN",
	 "blended_programme",
	 "LBSNAA",
	 {"Citizen-centric governance: a blended programme", "नागरिक-केंद्रित शासन: मिश्रित कार्यक्रम"},
	 {"Three online courses on citizen charters, grievance redress and Sevottam, then a day at the academy, a "
	  "field visit and a follow-up clinic on your own service improvement plan.",
	  "नागरिक चार्टर, शिकायत निवारण और सेवोत्तम पर तीन ऑनलाइन पाठ्यक्रम, फिर अकादमी में एक दिन, एक क्षेत्रीय दौरा और आपकी "
	  "अपनी सेवा सुधार योजना पर अनुवर्ती सत्र।"},
	 NULL,
	 {NULL, NULL},
	 "citizen, service delivery, blended, नागरिक, सेवा वितरण, मिश्रित",
	 "A,B",
	 {"BEH-CITIZEN", "BEH-EMPATHY"},
	 {3, 2},
	 {"US", "SO"},
	 {{"CITIZEN", 0, 0}, {"CITIZEN", 1, 1}, {"CITIZEN", 2, 2}, {NULL, 0, 0}},
	 {{{"Opening day at the academy", "अकादमी में उद्घाटन दिवस"}, "classroom", 360},
	  {{"Field visit to a Common Service Centre", "साझा सेवा केंद्र का क्षेत्रीय दौरा"}, "field", 240},
	  {{"Follow-up clinic: your service improvement plan", "अनुवर्ती सत्र: आपकी सेवा सुधार योजना"}, "virtual", 90}},
	 10},
};

static int done(struct db_stmt *st, int failed)
{
	int rc = failed ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* The item's course, or the same topic in another format when that one is not published. */
static int64_t course_id(const struct catalog_demo_catalogue *cat, const struct item *it)
{
	for (size_t t = 0; t < catalog_demo_theme_count; t++)
		if (!strcmp(catalog_demo_themes[t].code, it->theme))
			for (size_t f = 0; f < CATALOG_DEMO_FORMATS; f++) {
				int64_t id = cat->published[t][it->topic][(it->format + f) % CATALOG_DEMO_FORMATS];
				if (id)
					return id;
			}
	return 0;
}

/* The published version's duration of a course, added to *total. */
static int add_duration(struct db_conn *db, int64_t course, int64_t *total)
{
	struct db_stmt *st = db_prepare(db, "SELECT v.duration_minutes FROM contents c JOIN content_versions v ON v.id "
					    "= c.published_version_id WHERE c.id = $1");
	int rc = !st || db_bind_int64(st, 1, course) ? DB_ERROR : db_step(st);
	if (rc == DB_ROW)
		*total += db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : rc;
}

static int add_item(struct db_conn *db, int64_t version_id, size_t seq, int64_t course)
{
	struct db_stmt *st =
		db_prepare(db, "INSERT INTO programme_items (version_id, seq, course_id) VALUES ($1, $2, $3)");
	return done(st, !st || db_bind_int64(st, 1, version_id) || db_bind_int64(st, 2, (int64_t)seq) ||
				db_bind_int64(st, 3, course));
}

static int add_session(struct db_conn *db, int64_t version_id, size_t seq, const struct session *s)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO blended_sessions (version_id, seq, title_en, title_hi, mode, "
					    "duration_minutes) VALUES ($1, $2, $3, $4, $5, $6)");
	return done(st, !st || db_bind_int64(st, 1, version_id) || db_bind_int64(st, 2, (int64_t)seq) ||
				db_bind_text(st, 3, s->title.en) || db_bind_text(st, 4, s->title.hi) ||
				db_bind_text(st, 5, s->mode) || db_bind_int64(st, 6, s->minutes));
}

static int64_t org_id(struct db_conn *db, const char *code)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM organisations WHERE code = $1");
	int rc = !st || db_bind_text(st, 1, code) ? DB_ERROR : db_step(st);
	int64_t id = rc == DB_ROW ? db_column_int64(st, 0) : rc == DB_DONE ? 0 : -1;
	db_finish(st);
	return id;
}

static int write_programme(struct db_conn *db, const struct programme *pg, const struct catalog_demo_people *p,
			   const struct catalog_demo_catalogue *cat, int64_t now)
{
	int64_t items[6], total = 0;
	size_t n = 0;
	int rc = 0;
	for (size_t i = 0; !rc && i < 6 && pg->items[i].theme; i++)
		if ((items[n] = course_id(cat, &pg->items[i])))
			rc = add_duration(db, items[n++], &total);
	for (size_t i = 0; i < 3 && pg->sessions[i].mode; i++)
		total += pg->sessions[i].minutes;
	if (rc || n < 2)
		return rc; /* too few of its courses are published to make a programme */
	int64_t audience = pg->audience_org ? org_id(db, pg->audience_org) : 0;
	if (audience < 0)
		return DB_ERROR;
	struct catalog_demo_content c = {
		.code = pg->code,
		.kind = pg->kind,
		.provider_id = p->org_id,
		.title = pg->title,
		.description = pg->description,
		.languages = "en,hi",
		.keywords = pg->keywords,
		.target_groups = pg->groups,
		.duration_minutes = total,
		.audience_org_id = audience,
		.audience = pg->audience,
		.author = p->author,
		.reviewer = p->reviewer,
		.publisher = p->publisher,
		.state = "published",
		.at = now - (int64_t)pg->days_ago * DAY_MS,
	};
	int64_t content_id = 0, version_id = 0;
	rc = catalog_demo_write_content(db, &c, &content_id, &version_id);
	for (size_t i = 0; !rc && i < n; i++)
		rc = add_item(db, version_id, i + 1, items[i]);
	for (size_t i = 0; !rc && i < 3 && pg->sessions[i].mode; i++)
		rc = add_session(db, version_id, i + 1, &pg->sessions[i]);
	for (size_t i = 0; !rc && i < 2; i++)
		rc = catalog_demo_add_competency(db, version_id, pg->competencies[i], pg->levels[i]);
	for (size_t i = 0; !rc && i < 2; i++)
		rc = catalog_demo_add_designation(db, version_id, pg->designations[i]);
	return rc ? rc : catalog_search_index(db, content_id);
}

int catalog_demo_programmes(struct db_conn *db, const struct catalog_demo_people *people, size_t npeople,
			    const struct catalog_demo_catalogue *cat, int64_t now)
{
	for (size_t i = 0; i < sizeof PROGRAMMES / sizeof PROGRAMMES[0]; i++)
		for (size_t j = 0; j < npeople; j++)
			if (!strcmp(people[j].code, PROGRAMMES[i].provider) && people[j].org_id) {
				int rc = write_programme(db, &PROGRAMMES[i], &people[j], cat, now);
				if (rc)
					return rc;
			}
	return 0;
}
