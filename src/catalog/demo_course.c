/* Demo and bench courses made from the theme building blocks (demo_themes.c): a topic in one of four formats
 * (introduction, practical guide, cases, for supervisors) gives the titles and descriptions in English and Hindi, the
 * competency levels and an outline of modules with reading pages and reference links. */
#include "catalog/catalog_int.h"

#include <stdio.h>
#include <string.h>

#define MODULES_MAX 5
#define RESOURCES_MAX 4
#define HTML_CAP (64 * 1024)

struct format {
	struct catalog_demo_text title, description; /* "%s" stands for the topic, "%o" its oblique form */
	int level;                                   /* of the theme's main competency */
	size_t plan[MODULES_MAX];                    /* modules, the last one always kept */
};

/* Module titles; "%s" stands for the topic, "%o" its oblique form. */
static const struct catalog_demo_text MODULES[] = {
	{"Why %s matters", "%o का महत्व"},
	{"Key terms and rules", "मुख्य शब्द और नियम"},
	{"Step by step", "चरण दर चरण"},
	{"Common mistakes and how to avoid them", "आम गलतियाँ और उनसे बचाव"},
	{"A case from the field", "क्षेत्र से एक मामला"},
	{"What the citizen sees", "नागरिक क्या देखता है"},
	{"Checklists and templates", "जाँच-सूचियाँ और नमूने"},
	{"Leading your team", "अपनी टीम का नेतृत्व"},
	{"Reviewing the work of others", "दूसरों के काम की समीक्षा"},
	{"Summary and next steps", "सारांश और आगे के कदम"},
	{"A second case: when things go wrong", "दूसरा मामला: जब चीज़ें बिगड़ जाती हैं"},
};

static const struct format FORMATS[CATALOG_DEMO_FORMATS] = {
	{{"Introduction to %s", "%o का परिचय"},
	 {"A short introduction to %s: the rules, the terms and where they apply in everyday government work.",
	  "%o का संक्षिप्त परिचय: नियम, मुख्य शब्द और रोज़मर्रा के सरकारी कामकाज में उनका उपयोग।"},
	 1,
	 {0, 1, 2, 5, 9}},
	{{"%s: a practical guide", "%s: व्यावहारिक मार्गदर्शिका"},
	 {"A step-by-step guide to %s, with checklists and worked examples you can use at your desk.",
	  "%o पर चरण-दर-चरण मार्गदर्शिका, जाँच-सूचियों और उदाहरणों के साथ, जिन्हें आप अपने काम में उपयोग कर सकते हैं।"},
	 2,
	 {1, 2, 6, 3, 9}},
	{{"%s: cases from the field", "%s: क्षेत्र से केस अध्ययन"},
	 {"Real cases of %s from ministries and field offices: what went right, what went wrong, and what to do "
	  "differently.",
	  "मंत्रालयों और क्षेत्रीय कार्यालयों से %o के वास्तविक मामले: क्या सही रहा, क्या गलत हुआ और क्या अलग करना चाहिए।"},
	 3,
	 {4, 10, 3, 5, 9}},
	{{"%s for supervisors", "पर्यवेक्षकों के लिए %s"},
	 {"For those who lead teams: how to plan, guide and review %s, and how to build your team's skills in it.",
	  "टीमों का नेतृत्व करने वालों के लिए: %o की योजना, मार्गदर्शन और समीक्षा कैसे करें, और इसमें अपनी टीम का कौशल कैसे बढ़ाएँ।"},
	 4,
	 {7, 8, 3, 6, 9}},
};

enum res_kind { READING, REFERENCE, EXAMPLE, POINTS };

static const struct catalog_demo_text RESOURCES[] = {
	[READING] = {"Reading: the key ideas", "पठन: मुख्य बातें"},
	[REFERENCE] = {"Reference: %s", "संदर्भ: %s"},
	[EXAMPLE] = {"Worked example", "उदाहरण से समझें"},
	[POINTS] = {"Points to remember", "याद रखने योग्य बातें"},
};

/* Everything written for one course. */
struct course_text {
	char title_en[256], title_hi[512], desc_en[1024], desc_hi[2048], keywords[512], groups[8];
	const char *designations[2];
	size_t ndesignations;
	size_t nmodules, nresources[MODULES_MAX];
	size_t plan[MODULES_MAX];
	int duration[MODULES_MAX][RESOURCES_MAX];
	int64_t total;
};

/* Copies tmpl into out with "%s" replaced by topic and "%o" by oblique (topic when NULL); cap makes an ASCII first
 * letter upper case. */
static void fill(char *out, size_t n, const char *tmpl, const char *topic, const char *oblique, bool cap)
{
	const char *at = strstr(tmpl, "%s"), *o = strstr(tmpl, "%o");
	const char *with = topic;
	if (!at || (o && o < at)) {
		at = o;
		with = oblique ? oblique : topic;
	}
	if (at)
		snprintf(out, n, "%.*s%s%s", (int)(at - tmpl), tmpl, with, at + 2);
	else
		snprintf(out, n, "%s", tmpl);
	if (cap && out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
}

static size_t count(const char *const *list, size_t max)
{
	size_t n = 0;
	while (n < max && list[n])
		n++;
	return n;
}

/* The service groups of the designations, as "A,B". */
static int groups_of(struct db_conn *db, struct course_text *t)
{
	bool has[3] = {false, false, false};
	for (size_t i = 0; i < t->ndesignations; i++) {
		struct db_stmt *st = db_prepare(db, "SELECT grp FROM designations WHERE code = $1");
		int rc = !st || db_bind_text(st, 1, t->designations[i]) ? DB_ERROR : db_step(st);
		const char *g = rc == DB_ROW ? db_column_text(st, 0) : NULL;
		if (g && g[0] >= 'A' && g[0] <= 'C')
			has[g[0] - 'A'] = true;
		db_finish(st);
		if (rc < 0)
			return rc;
	}
	size_t len = 0;
	for (int g = 0; g < 3; g++)
		if (has[g]) {
			if (len)
				t->groups[len++] = ',';
			t->groups[len++] = (char)('A' + g);
		}
	t->groups[len] = '\0';
	return 0;
}

static void compose(const struct catalog_demo_course *c, struct course_text *t)
{
	const struct catalog_demo_theme *th = c->theme;
	const struct catalog_demo_topic *topic = &th->topics[c->topic];
	const struct format *f = &FORMATS[c->format];
	char d1[768], d2[1536];
	fill(t->title_en, sizeof t->title_en, f->title.en, topic->en, NULL, true);
	fill(t->title_hi, sizeof t->title_hi, f->title.hi, topic->hi, topic->hi_oblique, false);
	fill(d1, sizeof d1, f->description.en, topic->en, NULL, true);
	fill(d2, sizeof d2, f->description.hi, topic->hi, topic->hi_oblique, false);
	snprintf(t->desc_en, sizeof t->desc_en, "%s %s", d1, th->about.en);
	snprintf(t->desc_hi, sizeof t->desc_hi, "%s %s", d2, th->about.hi);
	snprintf(t->keywords, sizeof t->keywords, "%s, %s, %s, %s, %s", topic->en, th->name.en, th->keywords.en,
		 th->name.hi, th->keywords.hi);
	size_t nd = count(th->designations, 4);
	t->ndesignations = nd < 2 ? nd : 2;
	for (size_t i = 0; i < t->ndesignations; i++)
		t->designations[i] = th->designations[(c->seed + i) % nd];
	t->nmodules = 2 + c->seed % 4;
	for (size_t m = 0; m + 1 < t->nmodules; m++)
		t->plan[m] = f->plan[m];
	t->plan[t->nmodules - 1] = f->plan[MODULES_MAX - 1];
	t->total = 0;
	for (size_t m = 0; m < t->nmodules; m++) {
		t->nresources[m] = 2 + (c->seed + m) % 3;
		for (size_t r = 0; r < t->nresources[m]; r++) {
			t->duration[m][r] = r == 1 ? 10 : 5 + (int)((c->seed + 3 * m + 7 * r) % 16);
			t->total += t->duration[m][r];
		}
	}
}

static const char *languages(unsigned seed)
{
	return seed % 7 == 3 ? "en" : seed % 13 == 6 ? "hi" : "en,hi";
}

static int put_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		int rc = *s == '<'   ? buf_puts(b, "&lt;")
			 : *s == '>' ? buf_puts(b, "&gt;")
			 : *s == '&' ? buf_puts(b, "&amp;")
				     : buf_append(b, s, 1);
		if (rc)
			return rc;
	}
	return 0;
}

/* A page made only of allowed tags, with every text escaped: safe as written. */
static int page(struct buf *b, const struct catalog_demo_course *c, const struct course_text *t, enum res_kind k,
		size_t module)
{
	const struct catalog_demo_theme *th = c->theme;
	const struct catalog_demo_topic *topic = &th->topics[c->topic];
	char mod_en[256], mod_hi[512];
	fill(mod_en, sizeof mod_en, MODULES[t->plan[module]].en, topic->en, NULL, true);
	fill(mod_hi, sizeof mod_hi, MODULES[t->plan[module]].hi, topic->hi, topic->hi_oblique, false);
	int rc = buf_puts(b, "<h2>") || put_escaped(b, mod_en) || buf_puts(b, "</h2>\n<p>");
	if (k == READING)
		rc = rc || put_escaped(b, t->desc_en) || buf_puts(b, "</p>\n<p>") || put_escaped(b, t->desc_hi);
	else if (k == EXAMPLE)
		rc = rc || buf_puts(b, "A section receives a case about ") || put_escaped(b, topic->en) ||
		     buf_puts(
			     b,
			     ". An experienced officer would handle it like this:</p>\n<ol><li>Read the rules that "
			     "apply and note them on the file.</li><li>Check the facts and the papers.</li><li>Decide, "
			     "record why, and tell the person concerned.</li></ol>\n<p>एक अनुभाग के पास ") ||
		     put_escaped(b, topic->hi_oblique ? topic->hi_oblique : topic->hi) ||
		     buf_puts(b, " से जुड़ा मामला आता है। एक अनुभवी अधिकारी इसे ऐसे निपटाएगा:</p>\n<ol><li>लागू नियम पढ़ें और "
				 "फ़ाइल पर दर्ज करें।</li><li>तथ्य और काग़ज़ात जाँचें।</li><li>निर्णय लें, उसका कारण लिखें और संबंधित "
				 "व्यक्ति को बताएँ।</li></ol>");
	else
		rc = rc || put_escaped(b, th->about.en) ||
		     buf_puts(b, "</p>\n<ul><li>Keep to the rules: see <strong>") || put_escaped(b, th->refs[0].en) ||
		     buf_puts(b, "</strong>.</li><li>Write down what you decided and why.</li></ul>\n<p>") ||
		     put_escaped(b, th->about.hi) || buf_puts(b, "</p>\n<ul><li>नियमों का पालन करें: <strong>") ||
		     put_escaped(b, th->refs[0].hi) ||
		     buf_puts(b, "</strong> देखें।</li><li>जो निर्णय लिया और क्यों लिया, उसे लिखें।</li></ul>");
	if (k == READING)
		rc = rc || buf_puts(b, "</p>");
	return rc ? DB_ERROR : 0;
}

static int insert_module(struct db_conn *db, int64_t version_id, size_t seq, const char *en, const char *hi,
			 int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO course_modules (version_id, seq, title_en, title_hi) VALUES "
					    "($1, $2, $3, $4) RETURNING id");
	int rc = !st || db_bind_int64(st, 1, version_id) || db_bind_int64(st, 2, (int64_t)seq + 1) ||
				 db_bind_text(st, 3, en) || db_bind_text(st, 4, hi)
			 ? DB_ERROR
			 : db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int insert_resource(struct db_conn *db, int64_t module_id, size_t seq, enum res_kind k, const char *en,
			   const char *hi, const char *url, const char *html, int minutes)
{
	struct db_stmt *st =
		db_prepare(db, "INSERT INTO resources (module_id, seq, kind, title_en, title_hi, url, html, "
			       "duration_minutes, required) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
	int rc = !st || db_bind_int64(st, 1, module_id) || db_bind_int64(st, 2, (int64_t)seq + 1) ||
				 db_bind_text(st, 3, k == REFERENCE ? "link" : "html") || db_bind_text(st, 4, en) ||
				 db_bind_text(st, 5, hi) || (url ? db_bind_text(st, 6, url) : db_bind_null(st, 6)) ||
				 (html ? db_bind_text(st, 7, html) : db_bind_null(st, 7)) ||
				 db_bind_int64(st, 8, minutes) || db_bind_int64(st, 9, k == REFERENCE ? 0 : 1)
			 ? DB_ERROR
			 : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Reading, reference link, worked example, points to remember: the first n of them. */
static int write_module(struct db_conn *db, const struct catalog_demo_course *c, const struct course_text *t,
			int64_t version_id, size_t m, int64_t *module_id)
{
	const struct catalog_demo_theme *th = c->theme;
	const struct catalog_demo_topic *topic = &th->topics[c->topic];
	char en[256], hi[512];
	fill(en, sizeof en, MODULES[t->plan[m]].en, topic->en, NULL, true);
	fill(hi, sizeof hi, MODULES[t->plan[m]].hi, topic->hi, topic->hi_oblique, false);
	int rc = insert_module(db, version_id, m, en, hi, module_id);
	struct buf html;
	buf_init(&html, HTML_CAP);
	for (size_t r = 0; !rc && r < t->nresources[m]; r++) {
		enum res_kind k = (enum res_kind)r;
		const struct catalog_demo_text *ref = &th->refs[m % 2];
		fill(en, sizeof en, RESOURCES[k].en, ref->en, NULL, false);
		fill(hi, sizeof hi, RESOURCES[k].hi, ref->hi, NULL, false);
		buf_reset(&html);
		if (k != REFERENCE)
			rc = page(&html, c, t, k, m);
		if (!rc)
			rc = insert_resource(db, *module_id, r, k, en, hi, k == REFERENCE ? th->ref_urls[m % 2] : NULL,
					     k == REFERENCE ? NULL : html.data, t->duration[m][r]);
	}
	buf_free(&html);
	return rc;
}

static int write_metadata(struct db_conn *db, const struct catalog_demo_course *c, const struct course_text *t,
			  int64_t version_id)
{
	const struct catalog_demo_theme *th = c->theme;
	int level = FORMATS[c->format].level;
	size_t ncomp = count(th->competencies, 3), want = 1 + (c->topic + c->format) % 3;
	int rc = 0;
	for (size_t i = 0; !rc && i < ncomp && i < want; i++)
		rc = catalog_demo_add_competency(db, version_id, th->competencies[i],
						 i == 0      ? level
						 : level > 1 ? level - 1
							     : 1);
	for (size_t i = 0; !rc && i < t->ndesignations; i++)
		rc = catalog_demo_add_designation(db, version_id, t->designations[i]);
	return rc;
}

/* What the reviewer wrote beside the parts of a version in review or sent back. */
static int write_comments(struct db_conn *db, const struct catalog_demo_course *c, int64_t version_id,
			  int64_t first_module)
{
	if (!strcmp(c->state, "changes_requested")) {
		char anchor[32];
		snprintf(anchor, sizeof anchor, "module:%lld", (long long)first_module);
		int rc = catalog_demo_add_comment(db, version_id, "title", c->reviewer,
						  "The Hindi title reads like a translation; please make it simpler.",
						  c->at + 3 * 86400000LL - 3600000);
		return rc ? rc
			  : catalog_demo_add_comment(db, version_id, anchor, c->reviewer,
						     "Add a worked example from a field office to this module.",
						     c->at + 3 * 86400000LL - 1800000);
	}
	if (!strcmp(c->state, "in_review") || !strcmp(c->state, "approved"))
		return catalog_demo_add_comment(db, version_id, "description", c->reviewer,
						"Say in the first sentence who the course is for.",
						c->at + 2 * 86400000LL + 3600000);
	return 0;
}

int catalog_demo_write_course(struct db_conn *db, const struct catalog_demo_course *c, int64_t *id)
{
	struct course_text t;
	compose(c, &t);
	int rc = groups_of(db, &t);
	if (rc)
		return rc;
	struct catalog_demo_content content = {
		.code = c->code,
		.kind = "course",
		.provider_id = c->provider_id,
		.title = {t.title_en, t.title_hi},
		.description = {t.desc_en, t.desc_hi},
		.languages = languages(c->seed),
		.keywords = t.keywords,
		.target_groups = t.groups,
		.duration_minutes = t.total,
		.author = c->author,
		.reviewer = c->reviewer,
		.publisher = c->publisher,
		.state = c->state,
		.at = c->at,
	};
	int64_t version_id = 0, first_module = 0;
	rc = catalog_demo_write_content(db, &content, id, &version_id);
	if (!rc)
		rc = write_metadata(db, c, &t, version_id);
	for (size_t m = 0; !rc && m < t.nmodules; m++) {
		int64_t module_id = 0;
		rc = write_module(db, c, &t, version_id, m, &module_id);
		if (m == 0)
			first_module = module_id;
	}
	return rc ? rc : write_comments(db, c, version_id, first_module);
}
