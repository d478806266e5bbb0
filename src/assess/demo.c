/* The assessment demo (karmayogi demo): LBSNAA's bank DEMO-BANK-RTI (demo_bank.c), three published assessments
 * drawing on it (RTI-PRACTICE, the course's practice quiz; RTI-FINAL, its timed final assessment; PROF-RTI, a
 * proficiency test granting policy drafting at level 2), and the course "RTI in practice" whose last module
 * holds both quizzes. Priya (learner@) has read every page and link of it and taken the practice quiz once, so
 * the final assessment is all that stands between her and the certificate. The catalogue writes its own items
 * (catalog_demo_publish) and learn its own enrolment (learn_enrol, learn_assessment_done). */
#include "assess/demo_int.h"

#include "catalog/catalog.h"
#include "core/util.h"
#include "learn/learn.h"

#include <stdio.h>
#include <string.h>

#define DAY_MS (24LL * 3600 * 1000)
#define MIN_MS (60LL * 1000)

static const char AUTHOR[] = "creator@karmayogi.demo", REVIEWER[] = "reviewer@karmayogi.demo",
		  PUBLISHER[] = "publisher@karmayogi.demo";

/* The settings of one assessment and what it draws: up to four draws of (competency, level, count). */
struct demo_draw {
	const char *competency; /* NULL: any question of the bank */
	int level, count;
};
struct demo_assessment {
	const char *code, *purpose;
	int pass_percent, max_attempts, time_limit_minutes; /* 0: no limit */
	const char *grant;                                  /* proficiency: the competency it grants, at level 2 */
	struct demo_draw draws[4];                          /* a 0 count ends them */
	const char *title, *title_hi, *description, *description_hi, *keywords;
};

static const struct demo_assessment ASSESSMENTS[] = {
	{"RTI-PRACTICE",
	 "practice",
	 50,
	 0,
	 0,
	 NULL,
	 {{NULL, 0, 5}},
	 "RTI in practice: practice quiz",
	 "व्यवहार में सूचना का अधिकार: अभ्यास प्रश्नोत्तरी",
	 "Five questions drawn at random from the whole bank: try as often as you like, and read why after each try.",
	 "पूरे प्रश्न-बैंक से यादृच्छिक रूप से चुने गए पाँच प्रश्न: जितनी बार चाहें प्रयास करें, और हर प्रयास के बाद कारण पढ़ें।",
	 "RTI, practice, quiz, आरटीआई, अभ्यास"},
	{"RTI-FINAL",
	 "final",
	 60,
	 3,
	 10,
	 NULL,
	 {{"FUN-POLICY", 1, 4}, {"FUN-POLICY", 2, 3}, {"BEH-CITIZEN", 1, 2}, {"BEH-COMMUNICATION", 2, 1}},
	 "RTI in practice: final assessment",
	 "व्यवहार में सूचना का अधिकार: अंतिम मूल्यांकन",
	 "Ten questions in ten minutes on time limits, fees, exemptions, appeals and replies; 60 % passes, three "
	 "attempts.",
	 "समय-सीमा, शुल्क, छूट, अपील और उत्तरों पर दस मिनट में दस प्रश्न; उत्तीर्ण होने के लिए 60 %, तीन प्रयास।",
	 "RTI, final assessment, PIO, appeal, आरटीआई, अंतिम मूल्यांकन"},
	{"PROF-RTI",
	 "proficiency",
	 70,
	 3,
	 15,
	 "FUN-POLICY",
	 {{"FUN-POLICY", 1, 2}, {"FUN-POLICY", 2, 6}},
	 "Proficiency test: the Right to Information Act",
	 "दक्षता परीक्षा: सूचना का अधिकार अधिनियम",
	 "Eight questions in fifteen minutes; 70 % adds Policy drafting at level 2 to your competency passport, "
	 "verified by assessment.",
	 "पंद्रह मिनट में आठ प्रश्न; 70 % पर आपके दक्षता पासपोर्ट में नीति प्रारूपण स्तर 2 जुड़ता है, मूल्यांकन द्वारा सत्यापित।",
	 "RTI, proficiency, policy drafting, आरटीआई, दक्षता, नीति प्रारूपण"},
};
#define NASSESSMENTS (sizeof ASSESSMENTS / sizeof ASSESSMENTS[0])

static const struct catalog_demo_resource MODULE1[] = {
	{"html", "Reading: who may ask, and for what", "पठन: कौन पूछ सकता है, और क्या",
	 "<h2>Who may ask, and for what</h2>\n<p>Every citizen may ask a public authority for information it holds: "
	 "records, e-mails, file notings, contracts, samples and data. No reason is asked.</p>\n<p>हर नागरिक किसी लोक "
	 "प्राधिकरण से उसके पास रखी सूचना माँग सकता है: अभिलेख, ई-मेल, फ़ाइल टिप्पणियाँ, अनुबंध, नमूने और डेटा। कोई कारण नहीं "
	 "पूछा जाता।</p>",
	 NULL, NULL, 10, true},
	{"link", "Reference: RTI Online", "संदर्भ: आरटीआई ऑनलाइन", NULL, "https://rtionline.gov.in/", NULL, 5, false},
	{"html", "Worked example: a request on a pension file", "उदाहरण से समझें: पेंशन फ़ाइल पर आवेदन",
	 "<h2>A request on a pension file</h2>\n<ol><li>Note the date the request arrived: the thirty days run from "
	 "it.</li><li>Find the file, and what of it may be given.</li><li>Reply point by point, with the fee for "
	 "copies and the name of the appellate authority.</li></ol>\n<ol><li>आवेदन मिलने की तारीख दर्ज करें: तीस दिन "
	 "उसी से गिने जाते हैं।</li><li>फ़ाइल खोजें, और देखें कि उसमें से क्या दिया जा सकता है।</li><li>हर बिंदु का उत्तर दें, "
	 "प्रतियों के शुल्क और अपीलीय प्राधिकारी के नाम के साथ।</li></ol>",
	 NULL, NULL, 10, true},
	{NULL, NULL, NULL, NULL, NULL, NULL, 0, false},
};

static const struct catalog_demo_resource MODULE2[] = {
	{"html", "Reading: thirty days, forty-eight hours", "पठन: तीस दिन, अड़तालीस घंटे",
	 "<h2>Thirty days, forty-eight hours</h2>\n<ul><li>Thirty days for a reply; forty-eight hours when life or "
	 "liberty is at stake.</li><li>Five days to transfer a request to the authority that holds the "
	 "information.</li><li>No reply in time is a <strong>deemed refusal</strong>.</li></ul>\n<ul><li>उत्तर के लिए "
	 "तीस दिन; जीवन या स्वतंत्रता का प्रश्न हो तो अड़तालीस घंटे।</li><li>सूचना रखने वाले प्राधिकरण को आवेदन अंतरित करने के "
	 "लिए पाँच दिन।</li><li>समय पर उत्तर न देना <strong>अस्वीकृति माना जाता है</strong>।</li></ul>",
	 NULL, NULL, 10, true},
	{"html", "Reading: what may be withheld", "पठन: क्या रोका जा सकता है",
	 "<h2>What may be withheld</h2>\n<p>Section 8 lists the exemptions: sovereignty and security, what a court "
	 "forbids, cabinet papers until the decision, personal information unrelated to public activity. Name the "
	 "clause whenever you withhold.</p>\n<p>धारा 8 में छूटें दी गई हैं: संप्रभुता और सुरक्षा, जिसे न्यायालय ने "
	 "प्रतिबंधित किया हो, निर्णय होने तक मंत्रिमंडल के कागज़ात, लोक गतिविधि से असंबद्ध व्यक्तिगत सूचना। जब भी कुछ रोकें, "
	 "उसका खंड बताएँ।</p>",
	 NULL, NULL, 10, true},
	{"link", "Reference: Central Information Commission", "संदर्भ: केंद्रीय सूचना आयोग", NULL, "https://cic.gov.in/",
	 NULL, 5, false},
	{NULL, NULL, NULL, NULL, NULL, NULL, 0, false},
};

static const struct catalog_demo_resource MODULE3[] = {
	{"html", "Reading: first and second appeals", "पठन: प्रथम और द्वितीय अपील",
	 "<h2>First and second appeals</h2>\n<p>The first appeal goes to an officer senior to the PIO in the same "
	 "authority, within thirty days; the second to the Information Commission, within ninety.</p>\n<p>प्रथम अपील "
	 "उसी प्राधिकरण में लोक सूचना अधिकारी से वरिष्ठ अधिकारी के पास तीस दिनों में जाती है; द्वितीय अपील सूचना आयोग के पास "
	 "नब्बे दिनों में।</p>",
	 NULL, NULL, 10, true},
	{"quiz", "Practice quiz", "अभ्यास प्रश्नोत्तरी", NULL, NULL, "RTI-PRACTICE", 10, false},
	{"quiz", "Final assessment", "अंतिम मूल्यांकन", NULL, NULL, "RTI-FINAL", 10, true},
	{NULL, NULL, NULL, NULL, NULL, NULL, 0, false},
};

static const struct catalog_demo_module MODULES[] = {
	{"The Act and the applicant", "अधिनियम और आवेदक", MODULE1},
	{"Replying on time", "समय पर उत्तर", MODULE2},
	{"Appeals, and your final assessment", "अपील, और आपका अंतिम मूल्यांकन", MODULE3},
	{NULL, NULL, NULL},
};

static const struct catalog_demo_item COURSE = {
	.code = "LBSNAA-RTI-PRACTICE",
	.kind = "course",
	.provider = "LBSNAA",
	.author = AUTHOR,
	.reviewer = REVIEWER,
	.publisher = PUBLISHER,
	.title = "RTI in practice: from request to appeal",
	.title_hi = "व्यवहार में सूचना का अधिकार: आवेदन से अपील तक",
	.description =
		"For Public Information Officers and the sections that support them: reading a request, replying "
		"on time, what may be withheld and how appeals go, ending with a timed final assessment that "
		"earns the certificate.",
	.description_hi = "लोक सूचना अधिकारियों और उनकी सहायता करने वाले अनुभागों के लिए: आवेदन पढ़ना, समय पर उत्तर देना, क्या "
			  "रोका जा सकता है और अपील कैसे चलती है; अंत में समयबद्ध अंतिम मूल्यांकन, जिससे प्रमाणपत्र मिलता है।",
	.keywords = "RTI, right to information, PIO, appeal, assessment, आरटीआई, सूचना का अधिकार, अपील, मूल्यांकन",
	.competencies = {"FUN-POLICY", "BEH-CITIZEN"},
	.levels = {2, 2},
	.designations = {"SO", "ASO"},
	.modules = MODULES,
};

static int64_t id_of(struct db_conn *conn, const char *sql, const char *key)
{
	struct db_stmt *st = db_prepare(conn, sql);
	int rc = !st || (key && db_bind_text(st, 1, key)) ? DB_ERROR : db_step(st);
	int64_t id = rc == DB_ROW ? db_column_int64(st, 0) : rc == DB_DONE ? 0 : -1;
	db_finish(st);
	return id;
}

static int step_done(struct db_stmt *st, int failed)
{
	int rc = failed ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int bind_opt(struct db_stmt *st, int n, int64_t v)
{
	return v ? db_bind_int64(st, n, v) : db_bind_null(st, n);
}

static int write_settings(struct db_conn *conn, const struct demo_assessment *a, int64_t version_id, int64_t bank,
			  int64_t now)
{
	struct db_stmt *st = db_prepare(
		conn, "INSERT INTO assessment_settings (version_id, purpose, pass_percent, max_attempts, time_limit_s, "
		      "shuffle_questions, shuffle_options, allow_review, grant_competency_id, grant_level, updated_at) "
		      "VALUES ($1, $2, $3, $4, $5, 1, 1, 1, (SELECT id FROM competencies WHERE code = $6), $7, $8)");
	int rc = step_done(st, !st || db_bind_int64(st, 1, version_id) || db_bind_text(st, 2, a->purpose) ||
				       db_bind_int64(st, 3, a->pass_percent) || bind_opt(st, 4, a->max_attempts) ||
				       bind_opt(st, 5, (int64_t)a->time_limit_minutes * 60) ||
				       (a->grant ? db_bind_text(st, 6, a->grant) : db_bind_null(st, 6)) ||
				       bind_opt(st, 7, a->grant ? 2 : 0) || db_bind_int64(st, 8, now));
	for (int i = 0; !rc && i < 4 && a->draws[i].count; i++) {
		const struct demo_draw *d = &a->draws[i];
		st = db_prepare(conn,
				"INSERT INTO assessment_draws (version_id, seq, bank_id, competency_id, level, "
				"count) VALUES ($1, $2, $3, (SELECT id FROM competencies WHERE code = $4), $5, $6)");
		rc = step_done(st, !st || db_bind_int64(st, 1, version_id) || db_bind_int64(st, 2, i + 1) ||
					   db_bind_int64(st, 3, bank) ||
					   (d->competency ? db_bind_text(st, 4, d->competency) : db_bind_null(st, 4)) ||
					   bind_opt(st, 5, d->level) || db_bind_int64(st, 6, d->count));
	}
	return rc;
}

/* Publishes the assessments, each with its settings and draws. ids receive their content and version ids. */
static int write_assessments(struct db_conn *conn, int64_t bank, int64_t now, int64_t ids[][2])
{
	for (size_t i = 0; i < NASSESSMENTS; i++) {
		const struct demo_assessment *a = &ASSESSMENTS[i];
		struct catalog_demo_item item = {
			.code = a->code,
			.kind = "assessment",
			.provider = "LBSNAA",
			.author = AUTHOR,
			.reviewer = REVIEWER,
			.publisher = PUBLISHER,
			.title = a->title,
			.title_hi = a->title_hi,
			.description = a->description,
			.description_hi = a->description_hi,
			.keywords = a->keywords,
			.competencies = {a->grant ? a->grant : "FUN-POLICY"},
			.levels = {2},
			.designations = {"SO", "ASO"},
			.minutes = a->time_limit_minutes ? a->time_limit_minutes : 10,
			.at = now - 20 * DAY_MS,
		};
		int rc = catalog_demo_publish(conn, &item, &ids[i][0], &ids[i][1]);
		if (rc)
			return rc > 0 ? DB_ERROR : rc; /* its people were there a moment ago */
		if ((rc = write_settings(conn, a, ids[i][1], bank, now - 20 * DAY_MS)))
			return rc;
	}
	return 0;
}

/* Every page and link of the enrolled version read to the end, as learn's demo marks them. */
static int read_everything(struct db_conn *conn, int64_t enrolment, int64_t version, int64_t start)
{
	struct db_stmt *st = db_prepare(
		conn, "INSERT INTO resource_progress (enrolment_id, resource_id, required, percent, position, "
		      "time_spent_s, client_at, completed_at, updated_at) SELECT $1, r.id, r.required, 100, 0, "
		      "COALESCE(r.duration_minutes, 10) * 60, $2 + r.seq * 3600000 + m.seq * 86400000, $2 + r.seq * "
		      "3600000 + m.seq * 86400000, $2 + r.seq * 3600000 + m.seq * 86400000 FROM resources r JOIN "
		      "course_modules m ON m.id = r.module_id WHERE m.version_id = $3 AND r.kind <> 'quiz'");
	return step_done(st, !st || db_bind_int64(st, 1, enrolment) || db_bind_int64(st, 2, start) ||
				     db_bind_int64(st, 3, version));
}

static int practice_question(struct db_conn *conn, const struct assess_demo_bank *bank, int64_t attempt, size_t seq,
			     int64_t at)
{
	const struct assess_demo_answer *a = &assess_demo_practice[seq];
	char order[128] = "", answer[256];
	size_t len = 0;
	for (size_t o = 0; o < ASSESS_DEMO_OPTIONS && bank->option[a->question][o]; o++)
		len += (size_t)snprintf(order + len, sizeof order - len, "%s%lld", o ? "," : "",
					(long long)bank->option[a->question][o]);
	if (a->text) {
		snprintf(answer, sizeof answer, "{\"text\":\"%s\"}", a->text);
	} else {
		len = (size_t)snprintf(answer, sizeof answer, "{\"option_ids\":[");
		const char *sep = "";
		for (size_t o = 0; o < ASSESS_DEMO_OPTIONS; o++)
			if (a->chosen & (1u << o)) {
				len += (size_t)snprintf(answer + len, sizeof answer - len, "%s%lld", sep,
							(long long)bank->option[a->question][o]);
				sep = ",";
			}
		snprintf(answer + len, sizeof answer - len, "]}");
	}
	struct db_stmt *st = db_prepare(
		conn, "INSERT INTO attempt_questions (attempt_id, question_id, seq, option_order, points, answer, "
		      "answered_at, score_x100) VALUES ($1, $2, $3, $4, 1, $5, $6, $7)");
	return step_done(
		st, !st || db_bind_int64(st, 1, attempt) || db_bind_int64(st, 2, bank->question[a->question]) ||
			    db_bind_int64(st, 3, (int64_t)seq + 1) ||
			    (order[0] ? db_bind_text(st, 4, order) : db_bind_null(st, 4)) ||
			    db_bind_text(st, 5, answer) || db_bind_int64(st, 6, at + (int64_t)(seq + 1) * MIN_MS) ||
			    db_bind_int64(st, 7, a->right ? 100 : 0));
}

/* Priya's practice attempt, submitted at `at`, scored as the engine scores it: a point a question, four of five
 * right. */
static int practice_attempt(struct db_conn *conn, const struct assess_demo_bank *bank, int64_t me,
			    const int64_t practice[2], int64_t at)
{
	int64_t right = 0;
	for (size_t i = 0; i < ASSESS_DEMO_PRACTICE; i++)
		right += assess_demo_practice[i].right;
	int64_t percent = right * 100 / ASSESS_DEMO_PRACTICE;
	struct db_stmt *st = db_prepare(
		conn, "INSERT INTO attempts (content_id, version_id, official_id, number, status, started_at, "
		      "submitted_at, auto_submitted, score_x100, max_score, percent, passed) VALUES ($1, $2, $3, 1, "
		      "'submitted', $4, $5, 0, $6, $7, $8, $9) RETURNING id");
	int64_t attempt = 0;
	int rc = !st || db_bind_int64(st, 1, practice[0]) || db_bind_int64(st, 2, practice[1]) ||
				 db_bind_int64(st, 3, me) || db_bind_int64(st, 4, at - 7 * MIN_MS) ||
				 db_bind_int64(st, 5, at) || db_bind_int64(st, 6, right * 100) ||
				 db_bind_int64(st, 7, ASSESS_DEMO_PRACTICE) || db_bind_int64(st, 8, percent) ||
				 db_bind_int64(st, 9, percent >= ASSESSMENTS[0].pass_percent)
			 ? DB_ERROR
			 : db_step(st);
	if (rc == DB_ROW)
		attempt = db_column_int64(st, 0);
	db_finish(st);
	if (rc != DB_ROW)
		return rc < 0 ? rc : DB_ERROR;
	rc = 0;
	for (size_t i = 0; !rc && i < ASSESS_DEMO_PRACTICE; i++)
		rc = practice_question(conn, bank, attempt, i, at - 7 * MIN_MS);
	return rc ? rc
		  : learn_assessment_done(conn, me, practice[0], "RTI-PRACTICE", percent >= ASSESSMENTS[0].pass_percent,
					  at);
}

/* Priya enrolled four days ago, read the pages and links over the next days, and took the practice quiz
 * yesterday, which settles the course (learn_assessment_done). */
static int priya(struct db_conn *conn, const struct assess_demo_bank *bank, int64_t course, const int64_t practice[2],
		 int64_t now)
{
	int64_t me = id_of(conn, "SELECT id FROM officials WHERE email = $1", "learner@karmayogi.demo");
	if (me <= 0)
		return me < 0 ? DB_ERROR : 0;
	bool created = false;
	int64_t start = now - 4 * DAY_MS;
	int rc = learn_enrol(conn, me, course, "self", 0, 0, start, &created);
	if (rc)
		return rc < 0 ? rc : DB_ERROR;
	struct db_stmt *st = db_prepare(conn, "SELECT id, version_id FROM enrolments WHERE official_id = $1 AND "
					      "content_id = $2");
	rc = !st || db_bind_int64(st, 1, me) || db_bind_int64(st, 2, course) ? DB_ERROR : db_step(st);
	int64_t enrolment = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	int64_t version = rc == DB_ROW ? db_column_int64(st, 1) : 0;
	db_finish(st);
	if (rc != DB_ROW)
		return rc < 0 ? rc : DB_ERROR;
	rc = read_everything(conn, enrolment, version, start);
	return rc ? rc : practice_attempt(conn, bank, me, practice, now - DAY_MS);
}

int assess_demo_seed(struct db_conn *conn)
{
	int64_t there = id_of(conn, "SELECT id FROM question_banks WHERE code = 'DEMO-BANK-RTI'", NULL);
	int64_t provider = id_of(conn,
				 "SELECT p.org_id FROM providers p JOIN organisations o ON o.id = p.org_id "
				 "WHERE o.code = $1",
				 "LBSNAA");
	int64_t author = id_of(conn, "SELECT id FROM officials WHERE email = $1", AUTHOR);
	int64_t framework = id_of(conn, "SELECT id FROM competencies WHERE code = $1", "BEH-COMMUNICATION");
	int64_t taken = id_of(conn, "SELECT id FROM contents WHERE code = $1", COURSE.code);
	if (there < 0 || provider < 0 || author < 0 || framework < 0 || taken < 0)
		return DB_ERROR;
	if (there || !provider || !author || !framework || taken)
		return 0; /* written already, or no catalogue demo to build on */
	int64_t now = util_now_ms();
	struct assess_demo_bank bank;
	int64_t assessments[NASSESSMENTS][2], course = 0, course_version = 0;
	int rc = assess_demo_bank_write(conn, provider, author, now - 30 * DAY_MS, &bank);
	if (!rc)
		rc = write_assessments(conn, bank.bank_id, now, assessments);
	if (!rc) {
		struct catalog_demo_item c = COURSE;
		c.at = now - 15 * DAY_MS;
		rc = catalog_demo_publish(conn, &c, &course, &course_version);
		if (rc > 0)
			rc = DB_ERROR;
	}
	return rc ? rc : priya(conn, &bank, course, assessments[0], now);
}
