/* Demo ratings: so the course pages and the catalogue's rating sort are alive, some of the demo officials
 * who completed a published item rate it, with a review in English or Hindi for most. Only completions
 * learn's demo made (read through learn's public view of enrolments); chosen and worded from the official's
 * and the item's ids among the first completions, so a second run picks the same ones and adds nothing. No
 * karma is paid: the demo's points are learn's to seed. */
#include "catalog/catalog_int.h"

#define DEMO_RATINGS_MAX 60
#define DAY_MS 86400000LL

/* Mostly content learners, as on the real platform. */
static const int STARS[10] = {5, 5, 5, 4, 4, 4, 4, 3, 3, 2};

/* Reviews by the stars they go with; a rating of 2 or 3 gets a lukewarm one. */
static const struct {
	int stars;
	const char *text;
} REVIEWS[] = {
	{5, "Practical and to the point: I used the checklist at work the next week."},
	{5, "बहुत उपयोगी पाठ्यक्रम। उदाहरण हमारे कार्यालय के काम से सीधे जुड़े हैं।"},
	{4, "Good content; the videos could be shorter."},
	{4, "अच्छा पाठ्यक्रम, पर कुछ और अभ्यास प्रश्न होते तो बेहतर होता।"},
	{3, "Useful basics, but too general for someone with field experience."},
	{3, "विषय अच्छा है, पर प्रस्तुति थोड़ी धीमी है।"},
	{2, "Mostly things I already knew; the assessment did not match the modules."},
	{2, "ज़्यादातर बातें पहले से पता थीं; मूल्यांकन मॉड्यूल से मेल नहीं खाता।"},
};

struct completion {
	int64_t official_id, content_id, completed_at;
};

/* One of the two reviews for stars, picked by seed, or NULL (about one rating in four has none). */
static const char *review_for(int stars, unsigned seed)
{
	if (seed % 4 == 0)
		return NULL;
	unsigned pick = (seed / 4) % 2, seen = 0;
	for (size_t i = 0; i < sizeof REVIEWS / sizeof REVIEWS[0]; i++)
		if (REVIEWS[i].stars == stars && seen++ == pick)
			return REVIEWS[i].text;
	return NULL;
}

static int load_completions(struct db_conn *db, struct completion *out, size_t *n)
{
	struct db_stmt *st = db_prepare(
		db, "SELECT e.official_id, e.content_id, e.completed_at FROM enrolments e JOIN catalog_index i ON "
		    "i.content_id = e.content_id WHERE e.completed_at IS NOT NULL ORDER BY e.id LIMIT $1");
	if (!st || db_bind_int64(st, 1, 4 * DEMO_RATINGS_MAX)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		struct completion c = {db_column_int64(st, 0), db_column_int64(st, 1), db_column_int64(st, 2)};
		/* About two in three completions are rated. */
		if ((c.official_id * 7 + c.content_id * 3) % 3 != 0 && *n < DEMO_RATINGS_MAX)
			out[(*n)++] = c;
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

static int rate(struct db_conn *db, const struct completion *c)
{
	unsigned seed = (unsigned)(c->official_id * 31 + c->content_id * 17);
	int stars = STARS[seed % 10];
	const char *review = review_for(stars, seed / 10);
	int64_t at = c->completed_at + DAY_MS;
	struct db_stmt *st = db_prepare(db, "INSERT INTO content_ratings (content_id, official_id, stars, review, "
					    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT "
					    "(content_id, official_id) DO NOTHING");
	int rc = !st || db_bind_int64(st, 1, c->content_id) || db_bind_int64(st, 2, c->official_id) ||
				 db_bind_int64(st, 3, stars) ||
				 (review ? db_bind_text(st, 4, review) : db_bind_null(st, 4)) ||
				 db_bind_int64(st, 5, at)
			 ? DB_ERROR
			 : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

int catalog_demo_ratings(struct db_conn *conn)
{
	struct completion done[DEMO_RATINGS_MAX];
	size_t n = 0;
	int rc = load_completions(conn, done, &n);
	for (size_t i = 0; !rc && i < n; i++)
		rc = rate(conn, &done[i]);
	for (size_t i = 0; !rc && i < n; i++)
		rc = catalog_rating_refresh(conn, done[i].content_id);
	return rc;
}
