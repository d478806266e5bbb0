/* My iGOT: an official's home. What their capacity-building plans ask of them by due date, what to continue,
 * recommendations from their competency gap (what their posts require above what their passport verifies),
 * each with its reason, and new curated programmes for their ministry. Deterministic for the same data: the
 * order is the gap (largest first, then competency id), then for each gap the content whose level is nearest
 * the next level up, then how many officials of their designation completed it, then its rating, then its
 * id (docs/api-cbp.md, "My iGOT"). The answer is written as it is read (core/jsonw), cards copied as the
 * catalogue keeps them: this is the page every official opens first. */
#include "cbp/cbp_int.h"

#include "catalog/catalog.h"
#include "core/jsonw.h"
#include "core/util.h"
#include "frac/frac.h"
#include "http/input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GAPS_MAX 64
#define RECS_MAX 10       /* recommendations on a home page */
#define PER_GAP_MAX 3     /* of them for one competency */
#define CONTINUE_MAX 5    /* enrolments to continue */
#define CURATED_MAX 5     /* curated programmes */
#define PLAN_MAX 10       /* open plan items shown; the counts cover all */
#define ENROLLED_MAX 1000 /* an official's enrolments kept in hand to leave out of recommendations */
#define HOME_MAX (1u << 20)
#define CARD_MAX (64u << 10)

struct me {
	int64_t id, org_id;
	char designation[32];
};

/* Recommendations being written: where, the content ids chosen so far (one item is recommended once), the
 * index generation they are read at, and a buffer for one card. */
struct recs {
	struct jsonw *w;
	int64_t ids[RECS_MAX];
	size_t n;
	int64_t generation;
	struct buf card;
};

static bool chosen_has(const struct recs *r, int64_t id)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->ids[i] == id)
			return true;
	return false;
}

/* A card kept as compact JSON, with what ranks it added. */
static void write_card(struct jsonw *w, const char *card, int64_t rating_x100, int64_t rating_count)
{
	char rating[32];
	int n = snprintf(rating, sizeof rating, "%lld.%02lld", (long long)(rating_x100 / 100),
			 (long long)(rating_x100 % 100));
	jsonw_object_extend(w, card, strlen(card));
	jsonw_key(w, "rating");
	jsonw_raw(w, rating, (size_t)n);
	jsonw_key(w, "rating_count");
	jsonw_int(w, rating_count);
	jsonw_object_end(w);
}

static void write_code_name(struct jsonw *w, struct db_stmt *st, int code, int name, int name_hi)
{
	jsonw_key(w, "code");
	jsonw_string(w, db_column_text(st, code));
	jsonw_key(w, "name");
	jsonw_string(w, db_column_text(st, name));
	jsonw_key(w, "name_hi");
	jsonw_string(w, db_column_text(st, name_hi));
}

/* The official's card: name, designation, organisation; fills me. Returns 0 or a negative DB_ code. */
static int write_official(struct db_conn *conn, struct me *me, struct jsonw *w)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT o.name_en, o.name_hi, o.designation, d.name_en, d.name_hi, o.org_id, "
				 "g.code, g.name_en, g.name_hi FROM officials o JOIN organisations g ON g.id = "
				 "o.org_id LEFT JOIN designations d ON d.code = o.designation WHERE o.id = $1");
	int rc = !st || db_bind_int64(st, 1, me->id) ? DB_ERROR : db_step(st);
	if (rc != DB_ROW) {
		db_finish(st);
		return rc < 0 ? rc : DB_ERROR;
	}
	snprintf(me->designation, sizeof me->designation, "%s", db_column_text(st, 2) ? db_column_text(st, 2) : "");
	me->org_id = db_column_int64(st, 5);
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, me->id);
	jsonw_key(w, "name");
	jsonw_string(w, db_column_text(st, 0));
	jsonw_key(w, "name_hi");
	jsonw_string(w, db_column_text(st, 1));
	jsonw_key(w, "designation");
	if (db_column_null(st, 2)) {
		jsonw_null(w);
	} else {
		jsonw_object_begin(w);
		write_code_name(w, st, 2, 3, 4);
		jsonw_object_end(w);
	}
	jsonw_key(w, "org");
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, me->org_id);
	write_code_name(w, st, 6, 7, 8);
	jsonw_object_end(w);
	jsonw_object_end(w);
	db_finish(st);
	return 0;
}

/* The open plan items (as GET /me/plan-items shows them) with the counts of all. The counts come last in the
 * query's pass, so they are written after the items. */
static int write_plan(struct db_conn *conn, const struct me *me, struct jsonw *w)
{
	int64_t counts[3];
	jsonw_object_begin(w);
	jsonw_key(w, "items");
	int rc = cbp_my_plan_items(conn, me->id, "open", util_now_ms(), PLAN_MAX, w, counts);
	if (rc)
		return rc;
	jsonw_key(w, "counts");
	jsonw_object_begin(w);
	const char *names[3] = {"upcoming", "overdue", "completed"};
	for (int i = 0; i < 3; i++) {
		jsonw_key(w, names[i]);
		jsonw_int(w, counts[i]);
	}
	jsonw_object_end(w);
	jsonw_object_end(w);
	return 0;
}

static void write_int_or_null(struct jsonw *w, struct db_stmt *st, int col)
{
	if (db_column_null(st, col))
		jsonw_null(w);
	else
		jsonw_int(w, db_column_int64(st, col));
}

/* What the official has begun or been enrolled in and not finished, the newest activity first. */
static int write_continue(struct db_conn *conn, int64_t official_id, struct jsonw *w)
{
	struct db_stmt *st = db_prepare(
		conn,
		"SELECT e.content_id, c.code, c.kind, v.title_en, v.title_hi, e.status, e.progress, "
		"e.last_activity_at, v.thumbnail_file_id, v.duration_minutes FROM enrolments e JOIN contents c ON "
		"c.id = e.content_id JOIN content_versions v ON v.id = e.version_id WHERE e.official_id = $1 AND "
		"e.status IN ('enrolled', 'in_progress') ORDER BY e.last_activity_at DESC, e.id DESC LIMIT 5");
	if (!st || db_bind_int64(st, 1, official_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	static const char *const KEYS[] = {"content_id", "code", "kind", "title", "title_hi", "status", "progress"};
	jsonw_array_begin(w);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		jsonw_object_begin(w);
		for (int col = 0; col < 7; col++) {
			jsonw_key(w, KEYS[col]);
			if (col == 0 || col == 6)
				jsonw_int(w, db_column_int64(st, col));
			else
				jsonw_string(w, db_column_text(st, col));
		}
		jsonw_key(w, "last_activity_at");
		jsonw_time(w, db_column_int64(st, 7));
		jsonw_key(w, "thumbnail_file_id");
		write_int_or_null(w, st, 8);
		jsonw_key(w, "duration_minutes");
		write_int_or_null(w, st, 9);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* Why this content: the post's requirement against the passport, and the peers who completed it. */
static void write_reason(struct jsonw *w, const struct cbp_comp_name *c, const struct frac_gap *g, int64_t peers,
			 bool hindi)
{
	char text[768];
	int n;
	if (!hindi)
		n = g->verified ? snprintf(text, sizeof text, "Your post requires %s at level %d; you are at level %d.",
					   c->name, g->required, g->verified)
				: snprintf(text, sizeof text,
					   "Your post requires %s at level %d; your passport does not show it yet.",
					   c->name, g->required);
	else
		n = g->verified ? snprintf(text, sizeof text, "आपके पद के लिए %s स्तर %d पर आवश्यक है; आप स्तर %d पर हैं।",
					   c->name_hi, g->required, g->verified)
				: snprintf(text, sizeof text,
					   "आपके पद के लिए %s स्तर %d पर आवश्यक है; आपके पासपोर्ट में यह अभी नहीं है।", c->name_hi,
					   g->required);
	if (peers > 0 && n > 0 && (size_t)n < sizeof text)
		snprintf(text + n, sizeof text - (size_t)n,
			 hindi        ? " आपके पदनाम के %lld अधिकारियों ने इसे पूरा किया है।"
			 : peers == 1 ? " %lld official of your designation completed it."
				      : " %lld officials of your designation completed it.",
			 (long long)peers);
	jsonw_string(w, text);
}

/* One recommendation: candidate x (its card) for gap g, with its reason. */
static void write_rec(struct jsonw *w, const struct cbp_comp_name *c, const struct frac_gap *g,
		      const struct cbp_candidate *x, const char *card)
{
	jsonw_object_begin(w);
	jsonw_key(w, "content");
	write_card(w, card, x->rating_x100, x->rating_count);
	jsonw_key(w, "competency");
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, g->competency_id);
	jsonw_key(w, "code");
	jsonw_string(w, c->code);
	jsonw_key(w, "name");
	jsonw_string(w, c->name);
	jsonw_key(w, "name_hi");
	jsonw_string(w, c->name_hi);
	jsonw_object_end(w);
	jsonw_key(w, "level");
	jsonw_int(w, x->level);
	jsonw_key(w, "required_level");
	jsonw_int(w, g->required);
	jsonw_key(w, "current_level");
	jsonw_int(w, g->verified);
	jsonw_key(w, "peers_completed");
	jsonw_int(w, x->peers);
	jsonw_key(w, "reason");
	write_reason(w, c, g, x->peers, false);
	jsonw_key(w, "reason_hi");
	write_reason(w, c, g, x->peers, true);
	jsonw_object_end(w);
}

/* Chooses x (its card, or NULL to take it from the cache) when there is room. Returns 1 when chosen, 0 when
 * not, or a negative DB_ code. */
static int choose(struct db_conn *conn, struct recs *r, const struct cbp_comp_name *c, const struct frac_gap *g,
		  const struct cbp_candidate *x, const char *card)
{
	if (r->n == RECS_MAX || chosen_has(r, x->content_id))
		return 0;
	if (!card) {
		buf_reset(&r->card);
		int rc = cbp_card_append(conn, x->content_id, r->generation, &r->card);
		if (rc)
			return rc > 0 ? 0 : rc; /* a candidate just retired: left out */
		card = r->card.data;
	}
	r->ids[r->n++] = x->content_id;
	write_rec(r->w, c, g, x, card);
	return 1;
}

/* The ranked candidates for gap g the official has not taken, read for them alone: for when the shared list
 * runs out before the gap has its share (they took most of it). taken: how many it has already. */
static int recommend_direct(struct db_conn *conn, const struct me *me, const struct frac_gap *g,
			    const struct cbp_comp_name *c, int taken, struct recs *r)
{
	struct db_stmt *st = db_prepare(
		conn, CBP_CANDIDATES_SELECT
		" AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE "
		"e.official_id = $5 AND e.content_id = ci.content_id AND e.status <> 'left')" CBP_CANDIDATES_ORDER
		" LIMIT 12");
	if (!st || db_bind_int64(st, 1, g->competency_id) || db_bind_int64(st, 2, g->verified) ||
	    db_bind_int64(st, 3, g->required) || db_bind_text(st, 4, me->designation) || db_bind_int64(st, 5, me->id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while (taken < PER_GAP_MAX && r->n < RECS_MAX && (rc = db_step(st)) == DB_ROW) {
		struct cbp_candidate x = {.content_id = db_column_int64(st, 0),
					  .level = (int)db_column_int64(st, 1),
					  .rating_x100 = db_column_int64(st, 2),
					  .rating_count = db_column_int64(st, 3),
					  .peers = db_column_int64(st, 4)};
		const char *card = db_column_text(st, 5);
		int chosen = card ? choose(conn, r, c, g, &x, card) : 0;
		if (chosen < 0) {
			rc = chosen;
			break;
		}
		taken += chosen;
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

struct taken {
	int64_t *ids; /* content the official is enrolled in (not left), ascending */
	size_t n;
	bool all; /* n is every one of them */
};

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static bool has_taken(const struct taken *t, int64_t content_id)
{
	return bsearch(&content_id, t->ids, t->n, sizeof *t->ids, cmp_id) != NULL;
}

/* Up to PER_GAP_MAX recommendations for gap g: from the shared ranked list, leaving out what the official
 * took, or read for them alone when that list runs out. Returns 0 or a negative DB_ code. */
static int recommend_for(struct db_conn *conn, const struct me *me, const struct frac_gap *g, const struct taken *t,
			 struct recs *r)
{
	const struct cbp_candidates *c;
	int rc = cbp_candidates_get(conn, g, me->designation, r->generation, &c);
	if (rc)
		return rc;
	int taken = 0;
	if (t->all) /* otherwise only the database knows what to leave out */
		for (size_t i = 0; !rc && i < c->n && taken < PER_GAP_MAX && r->n < RECS_MAX; i++) {
			if (has_taken(t, c->items[i].content_id))
				continue;
			int chosen = choose(conn, r, &c->name, g, &c->items[i], NULL);
			if (chosen < 0)
				rc = chosen;
			else
				taken += chosen;
		}
	if (!rc && taken < PER_GAP_MAX && r->n < RECS_MAX && (!c->complete || !t->all))
		rc = recommend_direct(conn, me, g, &c->name, taken, r);
	cbp_candidates_release(c);
	return rc;
}

/* What the official is enrolled in: the first ENROLLED_MAX ids, sorted. */
static int read_taken(struct db_conn *conn, int64_t official_id, struct taken *t)
{
	t->n = 0;
	t->all = true;
	struct db_stmt *st = db_prepare(conn, "SELECT content_id FROM enrolments WHERE official_id = $1 AND status "
					      "<> 'left' ORDER BY content_id LIMIT 1001");
	if (!st || db_bind_int64(st, 1, official_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (t->n == ENROLLED_MAX) {
			t->all = false;
			break;
		}
		t->ids[t->n++] = db_column_int64(st, 0);
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

static int write_recommendations(struct db_conn *conn, const struct me *me, struct jsonw *w)
{
	struct frac_gap gaps[GAPS_MAX];
	size_t n = 0;
	struct taken t = {.ids = malloc(ENROLLED_MAX * sizeof *t.ids)};
	struct recs r = {.w = w};
	buf_init(&r.card, CARD_MAX);
	int rc = !t.ids ? DB_ERROR : frac_official_gaps(conn, me->id, gaps, GAPS_MAX, &n);
	if (!rc && n)
		rc = read_taken(conn, me->id, &t) || catalog_index_generation(conn, &r.generation) ? DB_ERROR : 0;
	jsonw_array_begin(w);
	for (size_t i = 0; !rc && i < n && r.n < RECS_MAX; i++)
		rc = recommend_for(conn, me, &gaps[i], &t, &r);
	jsonw_array_end(w);
	buf_free(&r.card);
	free(t.ids);
	return rc;
}

/* Curated programmes for the official's organisation or any above it (their ministry), newest first. */
static int write_curated(struct db_conn *conn, const struct me *me, struct jsonw *w)
{
	struct db_stmt *st = db_prepare(
		conn,
		"WITH RECURSIVE up(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT x.parent_id FROM organisations x "
		"JOIN up ON x.id = up.id WHERE x.parent_id IS NOT NULL) SELECT ci.content_id, ci.card, "
		"ci.published_at, "
		"ci.rating_x100, ci.rating_count FROM catalog_index ci JOIN content_versions v ON v.id = ci.version_id "
		"WHERE ci.kind = 'curated_programme' AND v.audience_org_id IN (SELECT id FROM up) ORDER BY "
		"ci.published_at DESC, ci.content_id DESC LIMIT 5");
	if (!st || db_bind_int64(st, 1, me->org_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	jsonw_array_begin(w);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!db_column_text(st, 1))
			continue;
		jsonw_object_begin(w);
		jsonw_key(w, "content");
		write_card(w, db_column_text(st, 1), db_column_int64(st, 3), db_column_int64(st, 4));
		jsonw_key(w, "published_at");
		jsonw_time(w, db_column_int64(st, 2));
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	db_finish(st);
	return rc < 0 ? rc : 0;
}

void cbp_home_get(struct http_request *req)
{
	struct db_conn *conn = http_db(req);
	if (!conn)
		return;
	struct me me = {.id = http_user(req)->id};
	struct buf out;
	struct jsonw w;
	buf_init(&out, HOME_MAX);
	jsonw_init(&w, &out);
	jsonw_object_begin(&w);
	jsonw_key(&w, "official");
	int rc = db_begin_read(conn); /* one snapshot for the whole page */
	if (!rc)
		rc = write_official(conn, &me, &w);
	if (!rc) {
		jsonw_key(&w, "plan");
		rc = write_plan(conn, &me, &w);
	}
	if (!rc) {
		jsonw_key(&w, "continue");
		rc = write_continue(conn, me.id, &w);
	}
	if (!rc) {
		jsonw_key(&w, "recommendations");
		rc = write_recommendations(conn, &me, &w);
	}
	if (!rc) {
		jsonw_key(&w, "curated");
		rc = write_curated(conn, &me, &w);
	}
	jsonw_object_end(&w);
	if (!rc)
		rc = db_commit(conn);
	else
		db_rollback(conn);
	if (rc || jsonw_finish(&w))
		http_reply_db_error(req);
	else
		http_reply_bytes(req, 200, "application/json", out.data, out.len);
	buf_free(&out);
}
