/* The demo framework: behavioural, functional and domain competencies of the civil service, in English
 * and Hindi, each with five level descriptors built from one ladder of proficiency; then the demo roles,
 * posts and passports (demo_roles.c, demo_passport.c). */
#include "frac/frac_int.h"

#include <stdio.h>
#include <string.h>

struct demo_competency {
	const char *code, *area, *name, *name_hi, *description, *description_hi;
};

static const struct demo_competency FRAMEWORK[] = {
	{"BEH-CITIZEN", "behavioural", "Citizen centricity", "नागरिक केंद्रितता",
	 "Puts the citizen's needs at the centre of every service and decision.",
	 "हर सेवा और निर्णय के केंद्र में नागरिक की आवश्यकताओं को रखता है।"},
	{"BEH-EMPATHY", "behavioural", "Empathy", "सहानुभूति", "Understands and responds to the feelings and situation of others.",
	 "दूसरों की भावनाओं और स्थिति को समझता है और उसके अनुसार प्रतिक्रिया देता है।"},
	{"BEH-INTEGRITY", "behavioural", "Integrity and ethics", "सत्यनिष्ठा और नैतिकता",
	 "Acts honestly and impartially, in line with the rules and the public interest.",
	 "नियमों और जनहित के अनुरूप ईमानदारी और निष्पक्षता से कार्य करता है।"},
	{"BEH-COMMUNICATION", "behavioural", "Communication", "संप्रेषण", "Conveys information clearly, in writing and in speech.",
	 "लिखित और मौखिक रूप से जानकारी स्पष्ट रूप से पहुँचाता है।"},
	{"BEH-LEADERSHIP", "behavioural", "Leadership", "नेतृत्व", "Sets direction and brings people along to deliver results.",
	 "दिशा तय करता है और परिणाम देने के लिए लोगों को साथ लेकर चलता है।"},
	{"BEH-TEAMWORK", "behavioural", "Teamwork", "टीम वर्क", "Works with others towards shared goals.",
	 "साझा लक्ष्यों के लिए दूसरों के साथ मिलकर काम करता है।"},
	{"BEH-DECISION", "behavioural", "Decision making", "निर्णय लेना", "Makes sound, timely decisions on the evidence at hand.",
	 "उपलब्ध साक्ष्यों के आधार पर सही और समय पर निर्णय लेता है।"},
	{"FUN-PROCUREMENT", "functional", "Public procurement", "सार्वजनिक खरीद",
	 "Buys goods and services fairly, transparently and for value, under the General Financial Rules and GeM.",
	 "सामान्य वित्तीय नियमों और GeM के अंतर्गत निष्पक्ष, पारदर्शी और किफायती खरीद करता है।"},
	{"FUN-EOFFICE", "functional", "e-Office and file management", "ई-ऑफिस और फ़ाइल प्रबंधन",
	 "Runs files and receipts through e-Office, from noting to disposal.",
	 "टिप्पणी से निपटान तक फ़ाइलों और प्राप्तियों को ई-ऑफिस में संभालता है।"},
	{"FUN-FINANCE", "functional", "Financial management", "वित्तीय प्रबंधन",
	 "Plans budgets, controls expenditure and keeps accounts.", "बजट बनाता है, व्यय नियंत्रित करता है और लेखा रखता है।"},
	{"FUN-DATA", "functional", "Data analysis", "डेटा विश्लेषण", "Turns data into evidence for decisions.",
	 "डेटा को निर्णयों के लिए साक्ष्य में बदलता है।"},
	{"FUN-PROJECT", "functional", "Project management", "परियोजना प्रबंधन",
	 "Plans and delivers projects on time, within budget and scope.", "परियोजनाओं को समय, बजट और दायरे में पूरा करता है।"},
	{"FUN-POLICY", "functional", "Policy drafting", "नीति प्रारूपण", "Drafts clear, lawful and workable policy and notes.",
	 "स्पष्ट, विधिसम्मत और व्यावहारिक नीति और टिप्पणियाँ तैयार करता है।"},
	{"DOM-DIRECT-TAX", "domain", "Direct taxation", "प्रत्यक्ष कराधान", "Applies the Income-tax Act in assessment and service.",
	 "निर्धारण और सेवा में आयकर अधिनियम लागू करता है।"},
	{"DOM-RAILWAY-OPS", "domain", "Railway operations", "रेल परिचालन", "Runs trains safely and on time: signalling, scheduling, safety.",
	 "सिग्नलिंग, समय-सारणी और संरक्षा सहित रेलगाड़ियों का सुरक्षित और समय पर परिचालन करता है।"},
	{"DOM-POSTAL", "domain", "Postal services", "डाक सेवाएँ", "Delivers mail, banking and insurance services of India Post.",
	 "इंडिया पोस्ट की डाक, बैंकिंग और बीमा सेवाएँ प्रदान करता है।"},
	{"DOM-POLICING", "domain", "Policing and citizen interface", "पुलिसिंग और नागरिक संपर्क",
	 "Serves citizens at the police station and in the field with fairness and courtesy.",
	 "थाने और क्षेत्र में नागरिकों की निष्पक्षता और शिष्टता से सेवा करता है।"},
	{"DOM-PUBLIC-HEALTH", "domain", "Public health administration", "जन स्वास्थ्य प्रशासन",
	 "Runs public health programmes and facilities.", "जन स्वास्थ्य कार्यक्रमों और सुविधाओं का संचालन करता है।"},
};

/* One ladder of proficiency for every competency: what a person at each level can do, around its name
 * (English before and after, then Hindi before and after). */
static const char *const LADDER[5][4] = {
	{"Aware: knows the basic ideas of ", " and follows guidance.", "जागरूक: ",
	 " की मूल बातें जानता है और मार्गदर्शन का पालन करता है।"},
	{"Working: applies ", " in routine work with little help.", "कार्यरत: नियमित कार्य में थोड़ी सहायता से ",
	 " लागू करता है।"},
	{"Proficient: handles non-routine ", " work independently.", "दक्ष: ", " के असामान्य कार्य स्वतंत्र रूप से करता है।"},
	{"Advanced: guides others and improves how ", " is practised.", "उन्नत: दूसरों का मार्गदर्शन करता है और ",
	 " के तरीकों में सुधार करता है।"},
	{"Expert: sets standards and policy for ", " across the organisation.", "विशेषज्ञ: पूरे संगठन में ",
	 " के मानक और नीति तय करता है।"},
};

/* 1 when one row answers sql, 0 when none, -1 on error. */
static int exists(struct db_conn *conn, const char *sql)
{
	struct db_stmt *st = db_prepare(conn, sql);
	int rc = st ? db_step(st) : DB_ERROR;
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static int seed_competencies(struct db_conn *conn)
{
	for (size_t i = 0; i < sizeof FRAMEWORK / sizeof FRAMEWORK[0]; i++) {
		const struct demo_competency *d = &FRAMEWORK[i];
		char text[5][2][400];
		char lower[64];
		snprintf(lower, sizeof lower, "%s", d->name);
		lower[0] = (char)(lower[0] >= 'A' && lower[0] <= 'Z' ? lower[0] - 'A' + 'a' : lower[0]);
		struct comp_input in = {.code = d->code, .area = d->area, .name = d->name, .name_hi = d->name_hi,
					.description = d->description, .description_hi = d->description_hi,
					.has_levels = true};
		for (int l = 0; l < 5; l++) {
			snprintf(text[l][0], sizeof text[l][0], "%s%s%s", LADDER[l][0], lower, LADDER[l][1]);
			snprintf(text[l][1], sizeof text[l][1], "%s%s%s", LADDER[l][2], d->name_hi, LADDER[l][3]);
			in.levels[l].descriptor = text[l][0];
			in.levels[l].descriptor_hi = text[l][1];
		}
		int64_t id;
		int rc = frac_create(conn, &in, 0, &id);
		if (rc)
			return rc;
	}
	return 0;
}

/* Each part is written once: a database seeded before roles existed gets them on the next run. Roles and
 * passports need the demo organisations, officials and competencies; without them they are left out. */
int frac_demo_seed(struct db_conn *conn)
{
	int there = exists(conn, "SELECT 1 FROM competencies LIMIT 1");
	if (!there)
		there = seed_competencies(conn) ? -1 : 0;
	if (there < 0)
		return DB_ERROR;
	int roles = exists(conn, "SELECT 1 FROM work_roles WHERE code = 'SECTION-OFFICER'");
	int ready = exists(conn, "SELECT 1 FROM officials WHERE email = 'learner@karmayogi.demo'");
	int framework = exists(conn, "SELECT 1 FROM competencies WHERE code = 'DOM-PUBLIC-HEALTH'");
	if (roles < 0 || ready < 0 || framework < 0)
		return DB_ERROR;
	if (roles || !ready || !framework)
		return 0;
	int rc = frac_demo_roles(conn);
	return rc ? rc : frac_demo_passports(conn);
}
