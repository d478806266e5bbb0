/* Who may see and change a provider's content: the provider's creators, reviewers and publishers (roles on
 * the provider or an ancestor), and the platform's reviewers and publishers (roles on a kind-spv org). */
#include "catalog/catalog_int.h"

#include "http/input.h"
#include "org/org.h"

#include <string.h>

bool catalog_platform_role(struct db_conn *db, int64_t official_id, const char *role)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM role_grants g JOIN organisations o ON o.id = g.org_id WHERE "
					    "g.official_id = $1 AND g.role = $2 AND o.kind = 'spv'");
	bool yes = st && !db_bind_int64(st, 1, official_id) && !db_bind_text(st, 2, role) && db_step(st) == DB_ROW;
	db_finish(st);
	return yes;
}

static bool holds_provider_role(struct db_conn *db, int64_t official_id, int64_t provider_id)
{
	return org_has_role(db, official_id, "content_creator", provider_id) ||
	       org_has_role(db, official_id, "content_reviewer", provider_id) ||
	       org_has_role(db, official_id, "content_publisher", provider_id) ||
	       catalog_platform_role(db, official_id, "content_reviewer") ||
	       catalog_platform_role(db, official_id, "content_publisher");
}

bool catalog_provider_person(struct db_conn *db, int64_t official_id, int64_t provider_id)
{
	/* Learners read course pages most: one indexed look settles it for anyone holding no content role. */
	return catalog_content_person(db, official_id) && holds_provider_role(db, official_id, provider_id);
}

bool catalog_may_create(struct db_conn *db, int64_t official_id, int64_t provider_id)
{
	return org_has_role(db, official_id, "content_creator", provider_id);
}

bool catalog_may_review(struct db_conn *db, int64_t official_id, int64_t provider_id)
{
	return org_has_role(db, official_id, "content_reviewer", provider_id) ||
	       catalog_platform_role(db, official_id, "content_reviewer");
}

bool catalog_may_publish(struct db_conn *db, int64_t official_id, int64_t provider_id)
{
	return org_has_role(db, official_id, "content_publisher", provider_id) ||
	       catalog_platform_role(db, official_id, "content_publisher");
}

bool catalog_content_person(struct db_conn *db, int64_t official_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM role_grants WHERE official_id = $1 AND role IN "
					    "('content_creator', 'content_reviewer', 'content_publisher') LIMIT 1");
	bool yes = st && !db_bind_int64(st, 1, official_id) && db_step(st) == DB_ROW;
	db_finish(st);
	return yes;
}

/* A person of another provider already learns that a code is taken (409 on create), so telling them the
 * content exists costs nothing and says plainly why they may not touch it; anyone else gets no hint. */
int catalog_content_for_write(struct http_request *req, struct db_conn *db, struct catalog_content *c)
{
	int64_t id;
	if (http_param_id(req, "id", &id))
		return 0;
	int rc = catalog_content_load(db, id, c);
	if (rc < 0) {
		http_reply_db_error(req);
		return 0;
	}
	int64_t me = http_user(req)->id;
	if (rc == 1 && catalog_provider_person(db, me, c->provider_id))
		return 1;
	bool visible = rc == 1 && !strcmp(c->published_status, "published");
	if (rc == 0 || (!visible && !catalog_content_person(db, me))) {
		http_reply_not_found(req, "content");
		return 0;
	}
	http_reply_problem(req, 403, "forbidden",
			   "This content belongs to another provider: only its own creators, reviewers and publishers "
			   "may change it.");
	return 0;
}
