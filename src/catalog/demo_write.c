/* Writes demo and bench content by direct SQL into the catalog's tables: a content item with its first version's
 * metadata, the review steps that brought it to its state, competencies and designations. */
#include "catalog/catalog_int.h"

#include <string.h>

#define DAY_MS (24LL * 3600 * 1000)

/* How far each demo state has gone: the steps taken, in order. */
enum step { SUBMIT, START_REVIEW, APPROVE, REQUEST_CHANGES, PUBLISH };

struct state_path {
	const char *state, *status; /* the demo state and the version's status it leaves */
	size_t nsteps;
	enum step steps[4];
};

static const struct state_path PATHS[] = {
	{"draft", "draft", 0, {SUBMIT}},
	{"submitted", "submitted", 1, {SUBMIT}},
	{"in_review", "in_review", 2, {SUBMIT, START_REVIEW}},
	{"approved", "in_review", 3, {SUBMIT, START_REVIEW, APPROVE}},
	{"changes_requested", "changes_requested", 3, {SUBMIT, START_REVIEW, REQUEST_CHANGES}},
	{"published", "published", 4, {SUBMIT, START_REVIEW, APPROVE, PUBLISH}},
};

static const struct {
	const char *action, *from, *to;
	int64_t after_ms; /* since the content was created */
} STEPS[] = {
	[SUBMIT] = {"submit", "draft", "submitted", DAY_MS},
	[START_REVIEW] = {"start_review", "submitted", "in_review", 2 * DAY_MS},
	[APPROVE] = {"approve", "in_review", "in_review", 3 * DAY_MS},
	[REQUEST_CHANGES] = {"request_changes", "in_review", "changes_requested", 3 * DAY_MS},
	[PUBLISH] = {"publish", "in_review", "published", 3 * DAY_MS + 2 * 3600 * 1000},
};

static const char REQUEST_CHANGES_COMMENT[] =
	"Please add a worked example from a field office, and have the Hindi title checked by the language cell.";
static const char APPROVE_COMMENT[] = "Accurate and clear in both languages. Approved for publishing.";

static const struct state_path *state_path(const char *state)
{
	for (size_t i = 0; i < sizeof PATHS / sizeof PATHS[0]; i++)
		if (!strcmp(PATHS[i].state, state))
			return &PATHS[i];
	return NULL;
}

static int done(struct db_stmt *st, int failed)
{
	int rc = failed ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int returning_id(struct db_stmt *st, int failed, int64_t *id)
{
	int rc = failed ? DB_ERROR : db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int bind_opt_text(struct db_stmt *st, int n, const char *s)
{
	return s ? db_bind_text(st, n, s) : db_bind_null(st, n);
}

static int bind_opt_id(struct db_stmt *st, int n, int64_t id)
{
	return id ? db_bind_int64(st, n, id) : db_bind_null(st, n);
}

static int insert_content(struct db_conn *db, const struct catalog_demo_content *c, int64_t *id)
{
	struct db_stmt *st =
		db_prepare(db, "INSERT INTO contents (provider_id, kind, code, status, created_by, created_at, "
			       "updated_at) VALUES ($1, $2, $3, 'draft', $4, $5, $5) RETURNING id");
	return returning_id(st,
			    !st || db_bind_int64(st, 1, c->provider_id) || db_bind_text(st, 2, c->kind) ||
				    db_bind_text(st, 3, c->code) || db_bind_int64(st, 4, c->author) ||
				    db_bind_int64(st, 5, c->at),
			    id);
}

/* The version row as the state leaves it: who reviewed, approved and published it, and when. */
static int insert_version(struct db_conn *db, const struct catalog_demo_content *c, int64_t content_id,
			  const struct state_path *p, int64_t *id)
{
	bool reviewed = p->nsteps >= 2, approved = !strcmp(p->state, "approved") || !strcmp(p->state, "published");
	bool published = !strcmp(p->state, "published");
	int64_t last = p->nsteps ? c->at + STEPS[p->steps[p->nsteps - 1]].after_ms : c->at;
	struct db_stmt *st = db_prepare(
		db, "INSERT INTO content_versions (content_id, version, status, title_en, title_hi, description_en, "
		    "description_hi, languages, duration_minutes, keywords, target_groups, audience_org_id, "
		    "audience_en, audience_hi, author_id, reviewer_id, approved_by, published_by, submitted_at, "
		    "approved_at, published_at, created_at, updated_at) VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, "
		    "$10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) RETURNING id");
	int failed = !st || db_bind_int64(st, 1, content_id) || db_bind_text(st, 2, p->status) ||
		     db_bind_text(st, 3, c->title.en) || bind_opt_text(st, 4, c->title.hi) ||
		     bind_opt_text(st, 5, c->description.en) || bind_opt_text(st, 6, c->description.hi) ||
		     db_bind_text(st, 7, c->languages) || db_bind_int64(st, 8, c->duration_minutes) ||
		     bind_opt_text(st, 9, c->keywords) || bind_opt_text(st, 10, c->target_groups) ||
		     bind_opt_id(st, 11, c->audience_org_id) || bind_opt_text(st, 12, c->audience.en) ||
		     bind_opt_text(st, 13, c->audience.hi) || db_bind_int64(st, 14, c->author) ||
		     bind_opt_id(st, 15, reviewed ? c->reviewer : 0) ||
		     bind_opt_id(st, 16, approved ? c->reviewer : 0) ||
		     bind_opt_id(st, 17, published ? c->publisher : 0) ||
		     (p->nsteps ? db_bind_int64(st, 18, c->at + STEPS[SUBMIT].after_ms) : db_bind_null(st, 18)) ||
		     (approved ? db_bind_int64(st, 19, c->at + STEPS[APPROVE].after_ms) : db_bind_null(st, 19)) ||
		     (published ? db_bind_int64(st, 20, last) : db_bind_null(st, 20)) || db_bind_int64(st, 21, c->at) ||
		     db_bind_int64(st, 22, last);
	return returning_id(st, failed, id);
}

static int insert_transition(struct db_conn *db, const struct catalog_demo_content *c, int64_t content_id,
			     int64_t version_id, enum step s)
{
	int64_t actor = s == SUBMIT ? c->author : s == PUBLISH ? c->publisher : c->reviewer;
	const char *comment = s == REQUEST_CHANGES ? REQUEST_CHANGES_COMMENT : s == APPROVE ? APPROVE_COMMENT : NULL;
	struct db_stmt *st =
		db_prepare(db, "INSERT INTO content_transitions (content_id, version_id, action, from_status, "
			       "to_status, actor_id, comment, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
	return done(st, !st || db_bind_int64(st, 1, content_id) || db_bind_int64(st, 2, version_id) ||
				db_bind_text(st, 3, STEPS[s].action) || db_bind_text(st, 4, STEPS[s].from) ||
				db_bind_text(st, 5, STEPS[s].to) || db_bind_int64(st, 6, actor) ||
				bind_opt_text(st, 7, comment) || db_bind_int64(st, 8, c->at + STEPS[s].after_ms));
}

static int point_content_at(struct db_conn *db, int64_t content_id, int64_t version_id, const struct state_path *p,
			    int64_t updated)
{
	bool published = !strcmp(p->state, "published");
	struct db_stmt *st = db_prepare(db, "UPDATE contents SET latest_version_id = $1, published_version_id = $2, "
					    "status = $3, updated_at = $4 WHERE id = $5");
	return done(st, !st || db_bind_int64(st, 1, version_id) || bind_opt_id(st, 2, published ? version_id : 0) ||
				db_bind_text(st, 3, p->status) || db_bind_int64(st, 4, updated) ||
				db_bind_int64(st, 5, content_id));
}

int catalog_demo_write_content(struct db_conn *db, const struct catalog_demo_content *c, int64_t *content_id,
			       int64_t *version_id)
{
	const struct state_path *p = state_path(c->state);
	if (!p)
		return DB_ERROR;
	int rc = insert_content(db, c, content_id);
	if (!rc)
		rc = insert_version(db, c, *content_id, p, version_id);
	for (size_t i = 0; !rc && i < p->nsteps; i++)
		rc = insert_transition(db, c, *content_id, *version_id, p->steps[i]);
	if (!rc)
		rc = point_content_at(db, *content_id, *version_id, p,
				      p->nsteps ? c->at + STEPS[p->steps[p->nsteps - 1]].after_ms : c->at);
	return rc;
}

int catalog_demo_add_competency(struct db_conn *db, int64_t version_id, const char *code, int level)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO content_competencies (version_id, competency_id, level) "
					    "SELECT $1, id, $2 FROM competencies WHERE code = $3");
	return done(st, !st || db_bind_int64(st, 1, version_id) || db_bind_int64(st, 2, level) ||
				db_bind_text(st, 3, code));
}

int catalog_demo_add_designation(struct db_conn *db, int64_t version_id, const char *code)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO content_designations (version_id, designation) SELECT $1, "
					    "code FROM designations WHERE code = $2");
	return done(st, !st || db_bind_int64(st, 1, version_id) || db_bind_text(st, 2, code));
}

int catalog_demo_add_comment(struct db_conn *db, int64_t version_id, const char *anchor, int64_t author,
			     const char *body, int64_t at)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO review_comments (version_id, anchor, author_id, body, "
					    "created_at) VALUES ($1, $2, $3, $4, $5)");
	return done(st, !st || db_bind_int64(st, 1, version_id) || db_bind_text(st, 2, anchor) ||
				db_bind_int64(st, 3, author) || db_bind_text(st, 4, body) || db_bind_int64(st, 5, at));
}
