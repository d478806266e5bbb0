/* My iGOT: an official's home. What their capacity-building plans ask of them by due date, what to continue,
 * recommendations from their competency gap (what their posts require above what their passport verifies),
 * each with its reason, and new curated programmes for their ministry. Deterministic for the same data: the
 * order is the gap (largest first, then competency id), then for each gap the content whose level is nearest
 * the next level up, then how many officials of their designation completed it, then its rating, then its
 * id (docs/api-cbp.md, "My iGOT"). */
#include "cbp/cbp_int.h"

#include "catalog/catalog.h"
#include "core/util.h"
#include "frac/frac.h"
#include "http/input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GAPS_MAX 64
#define RECS_MAX 10    /* recommendations on a home page */
#define PER_GAP_MAX 3  /* of them for one competency */
#define CONTINUE_MAX 5 /* enrolments to continue */
#define CURATED_MAX 5
#define PLAN_MAX 10       /* open plan items shown; the counts cover all */
#define ENROLLED_MAX 1000 /* an official's enrolments kept in hand to leave out of recommendations */

struct me {
	int64_t id, org_id;
	char designation[32];
};

static json_t *text_or_null(struct db_stmt *st, int col)
{
	const char *s = db_column_text(st, col);
	return s ? json_string(s) : json_null();
}

/* The official's card: name, designation, organisation. NULL on a database error. */
static json_t *who(struct db_conn *conn, struct me *me)
{
	struct db_stmt *st =
		db_prepare(conn, "SELECT o.name_en, o.name_hi, o.designation, d.name_en, d.name_hi, o.org_id, "
				 "g.code, g.name_en, g.name_hi FROM officials o JOIN organisations g ON g.id = "
				 "o.org_id LEFT JOIN designations d ON d.code = o.designation WHERE o.id = $1");
	if (!st || db_bind_int64(st, 1, me->id) || db_step(st) != DB_ROW) {
		db_finish(st);
		return NULL;
	}
	snprintf(me->designation, sizeof me->designation, "%s", db_column_text(st, 2) ? db_column_text(st, 2) : "");
	me->org_id = db_column_int64(st, 5);
	json_t *designation = db_column_null(st, 2)
				      ? json_null()
				      : json_pack("{s:s, s:o, s:o}", "code", db_column_text(st, 2), "name",
						  text_or_null(st, 3), "name_hi", text_or_null(st, 4));
	json_t *out = json_pack("{s:I, s:s, s:o, s:o, s:{s:I, s:s, s:s, s:o}}", "id", (json_int_t)me->id, "name",
				db_column_text(st, 0), "name_hi", text_or_null(st, 1), "designation", designation,
				"org", "id", (json_int_t)me->org_id, "code", db_column_text(st, 6), "name",
				db_column_text(st, 7), "name_hi", text_or_null(st, 8));
	db_finish(st);
	return out;
}

/* What the official has begun or been enrolled in and not finished, the newest activity first. */
static json_t *to_continue(struct db_conn *conn, int64_t official_id)
{
	struct db_stmt *st = db_prepare(
		conn,
		"SELECT e.content_id, c.code, c.kind, v.title_en, v.title_hi, e.status, e.progress, "
		"e.last_activity_at, v.thumbnail_file_id, v.duration_minutes FROM enrolments e JOIN contents c ON "
		"c.id = e.content_id JOIN content_versions v ON v.id = e.version_id WHERE e.official_id = $1 AND "
		"e.status IN ('enrolled', 'in_progress') ORDER BY e.last_activity_at DESC, e.id DESC LIMIT 5");
	if (!st || db_bind_int64(st, 1, official_id)) {
		db_finish(st);
		return NULL;
	}
	json_t *out = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(
			out, json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:I, s:o, s:o, s:o}", "content_id",
				       (json_int_t)db_column_int64(st, 0), "code", db_column_text(st, 1), "kind",
				       db_column_text(st, 2), "title", db_column_text(st, 3), "title_hi",
				       text_or_null(st, 4), "status", db_column_text(st, 5), "progress",
				       (json_int_t)db_column_int64(st, 6), "last_activity_at",
				       cbp_time_json(db_column_int64(st, 7)), "thumbnail_file_id",
				       db_column_null(st, 8) ? json_null() : json_integer(db_column_int64(st, 8)),
				       "duration_minutes",
				       db_column_null(st, 9) ? json_null() : json_integer(db_column_int64(st, 9))));
	db_finish(st);
	if (rc < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* Why this content: the post's requirement against the passport, and the peers who completed it. */
static json_t *reason(const struct cbp_comp_name *c, const struct frac_gap *g, int64_t peers, bool hindi)
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
	return json_string(text);
}

static bool already(json_t *recs, int64_t content_id)
{
	size_t i;
	json_t *r;
	json_array_foreach(recs, i, r)
	{
		if (json_integer_value(json_object_get(json_object_get(r, "content"), "id")) == content_id)
			return true;
	}
	return false;
}

/* Appends candidate x for gap g to recs. */
static void append_rec(json_t *recs, const struct cbp_comp_name *c, const struct frac_gap *g,
		       const struct cbp_candidate *x)
{
	json_t *card = json_loads(x->card, 0, NULL);
	if (!card)
		return;
	json_object_set_new(card, "id", json_integer(x->content_id));
	json_object_set_new(card, "rating", json_real((double)x->rating_x100 / 100.0));
	json_object_set_new(card, "rating_count", json_integer(x->rating_count));
	json_array_append_new(
		recs, json_pack("{s:o, s:{s:I, s:s, s:s, s:s}, s:i, s:i, s:i, s:I, s:o, s:o}", "content", card,
				"competency", "id", (json_int_t)g->competency_id, "code", c->code, "name", c->name,
				"name_hi", c->name_hi, "level", x->level, "required_level", g->required,
				"current_level", g->verified, "peers_completed", (json_int_t)x->peers, "reason",
				reason(c, g, x->peers, false), "reason_hi", reason(c, g, x->peers, true)));
}

/* The ranked candidates for gap g the official has not taken, read for them alone: for when the shared list
 * ran out before PER_GAP_MAX (they took most of it). Appends to recs; returns 0 or a negative DB_ code. */
static int recommend_direct(struct db_conn *conn, const struct me *me, const struct frac_gap *g,
			    const struct cbp_comp_name *c, int taken, json_t *recs)
{
	struct db_stmt *st = db_prepare(
		conn,
		"SELECT ci.content_id, cc.level, ci.card, ci.rating_x100, ci.rating_count, COALESCE(pc.completed, 0) "
		"FROM content_competencies cc JOIN content_versions v ON v.id = cc.version_id JOIN catalog_index ci ON "
		"ci.content_id = v.content_id AND ci.version_id = cc.version_id LEFT JOIN "
		"cbp_peer_completions pc ON pc.content_id = ci.content_id AND pc.designation = $4 WHERE "
		"cc.competency_id = $1 AND cc.level > $2 AND cc.level <= $3 AND ci.kind <> 'assessment' AND NOT "
		"EXISTS (SELECT 1 FROM enrolments e WHERE e.official_id = $5 AND e.content_id = ci.content_id AND "
		"e.status <> 'left') ORDER BY ABS(cc.level - $2 - 1), COALESCE(pc.completed, 0) DESC, "
		"ci.rating_x100 DESC, ci.content_id LIMIT 12");
	if (!st || db_bind_int64(st, 1, g->competency_id) || db_bind_int64(st, 2, g->verified) ||
	    db_bind_int64(st, 3, g->required) || db_bind_text(st, 4, me->designation) || db_bind_int64(st, 5, me->id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while (taken < PER_GAP_MAX && json_array_size(recs) < RECS_MAX && (rc = db_step(st)) == DB_ROW) {
		struct cbp_candidate x = {.content_id = db_column_int64(st, 0),
					  .level = (int)db_column_int64(st, 1),
					  .card = (char *)db_column_text(st, 2),
					  .rating_x100 = db_column_int64(st, 3),
					  .rating_count = db_column_int64(st, 4),
					  .peers = db_column_int64(st, 5)};
		if (already(recs, x.content_id) || !x.card)
			continue;
		append_rec(recs, c, g, &x);
		taken++;
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

/* Up to PER_GAP_MAX recommendations for gap g, appended to recs: from the shared ranked list, leaving out what
 * the official took, or read for them alone when that list runs out. Returns 0 or a negative DB_ code. */
static int recommend_for(struct db_conn *conn, const struct me *me, const struct frac_gap *g, int64_t generation,
			 const struct taken *t, json_t *recs)
{
	const struct cbp_candidates *c;
	int rc = cbp_candidates_get(conn, g, me->designation, generation, &c);
	if (rc)
		return rc;
	if (!t->all) { /* more enrolments than were read: only the database knows what to leave out */
		rc = recommend_direct(conn, me, g, &c->name, 0, recs);
		cbp_candidates_release(c);
		return rc;
	}
	int taken = 0;
	for (size_t i = 0; i < c->n && taken < PER_GAP_MAX && json_array_size(recs) < RECS_MAX; i++) {
		if (has_taken(t, c->items[i].content_id) || already(recs, c->items[i].content_id))
			continue;
		append_rec(recs, &c->name, g, &c->items[i]);
		taken++;
	}
	/* The shared list ran out before this gap had its share: the rest is read for this official alone. */
	if (taken < PER_GAP_MAX && json_array_size(recs) < RECS_MAX && !c->complete)
		rc = recommend_direct(conn, me, g, &c->name, taken, recs);
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

static json_t *recommendations(struct db_conn *conn, const struct me *me)
{
	struct frac_gap gaps[GAPS_MAX];
	size_t n = 0;
	int64_t generation = 0;
	struct taken t = {.ids = malloc(ENROLLED_MAX * sizeof *t.ids)};
	int rc = !t.ids ? DB_ERROR : frac_official_gaps(conn, me->id, gaps, GAPS_MAX, &n);
	if (!rc && n)
		rc = read_taken(conn, me->id, &t) || catalog_index_generation(conn, &generation) ? DB_ERROR : 0;
	json_t *recs = rc ? NULL : json_array();
	for (size_t i = 0; recs && i < n && json_array_size(recs) < RECS_MAX; i++)
		if (recommend_for(conn, me, &gaps[i], generation, &t, recs)) {
			json_decref(recs);
			recs = NULL;
		}
	free(t.ids);
	return recs;
}

/* Curated programmes for the official's organisation or any above it (their ministry), newest first. */
static json_t *curated(struct db_conn *conn, const struct me *me)
{
	struct db_stmt *st = db_prepare(
		conn,
		"WITH RECURSIVE up(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT x.parent_id FROM organisations x "
		"JOIN up ON x.id = up.id WHERE x.parent_id IS NOT NULL) SELECT ci.content_id, ci.card, ci.published_at "
		"FROM catalog_index ci JOIN content_versions v ON v.id = ci.version_id WHERE ci.kind = "
		"'curated_programme' AND v.audience_org_id IN (SELECT id FROM up) ORDER BY ci.published_at DESC, "
		"ci.content_id DESC LIMIT 5");
	if (!st || db_bind_int64(st, 1, me->org_id)) {
		db_finish(st);
		return NULL;
	}
	json_t *out = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *card = json_loads(db_column_text(st, 1), 0, NULL);
		if (!card)
			continue;
		json_object_set_new(card, "id", json_integer(db_column_int64(st, 0)));
		json_array_append_new(out, json_pack("{s:o, s:o}", "content", card, "published_at",
						     cbp_time_json(db_column_int64(st, 2))));
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

static json_t *plan_section(struct db_conn *conn, const struct me *me)
{
	json_t *items = json_array();
	int64_t counts[3];
	if (cbp_my_plan_items(conn, me->id, "open", util_now_ms(), PLAN_MAX, items, counts)) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:{s:I, s:I, s:I}, s:o}", "counts", "upcoming", (json_int_t)counts[0], "overdue",
			 (json_int_t)counts[1], "completed", (json_int_t)counts[2], "items", items);
}

void cbp_home_get(struct http_request *req)
{
	struct db_conn *conn = http_db(req);
	if (!conn)
		return;
	struct me me = {.id = http_user(req)->id};
	json_t *official = who(conn, &me);
	json_t *plan = official ? plan_section(conn, &me) : NULL;
	json_t *cont = plan ? to_continue(conn, me.id) : NULL;
	json_t *recs = cont ? recommendations(conn, &me) : NULL;
	json_t *cur = recs ? curated(conn, &me) : NULL;
	if (!cur) {
		json_decref(official);
		json_decref(plan);
		json_decref(cont);
		json_decref(recs);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200,
			json_pack("{s:o, s:o, s:o, s:o, s:o}", "official", official, "plan", plan, "continue", cont,
				  "recommendations", recs, "curated", cur));
}
