/* Module catalog: the content marketplace. Providers (academies, universities, start-ups, experts) author
 * courses, programmes, curated and blended programmes and standalone assessments in immutable versions,
 * which are reviewed and published; files they upload; the catalogue's full-text search with filters and
 * facets. Its tables are its own (migrations 0005, 0006, 0009); other modules ask through this header.
 *
 * Public views: other modules may read (never write) these columns in their own SQL (learn reads what an
 * official enrolled in, and a published version never changes):
 *   contents             (id, provider_id, kind, code, published_version_id, status)
 *   content_versions     (id, content_id, version, status, title_en, title_hi, duration_minutes,
 *                         thumbnail_file_id, audience_org_id)
 *   content_competencies (version_id, competency_id, level)
 *   course_modules       (id, version_id, seq, title_en, title_hi)
 *   resources            (id, module_id, seq, kind, title_en, title_hi, file_id, url, html, assessment_ref,
 *                         duration_minutes, required)
 *   programme_items      (version_id, seq, course_id)
 *   catalog_index        (content_id, version_id, kind, provider_id, published_at, rating_x100, rating_count,
 *                         card)   -- one row per published item; card is the item as the catalogue lists it
 * A change to these columns is a change to this header's contract. */
#ifndef KY_CATALOG_CATALOG_H
#define KY_CATALOG_CATALOG_H

#include "db/db.h"
#include "http/http.h"

#include <stdbool.h>
#include <stdint.h>

/* The catalogue index's generation: bumped in the same transaction as every publish, retire and rating, in
 * every process's database. A module that keeps what it read from the public views above may keep it while
 * this is unchanged. Returns 0 (sets *out) or a negative DB_ code. */
int catalog_index_generation(struct db_conn *conn, int64_t *out) __attribute__((warn_unused_result));

/* Loads the demo catalogue: providers, their people, a few hundred published courses in English and Hindi
 * (inside the caller's transaction on conn; nothing when already there). Returns 0 or a negative DB_ code. */
int catalog_demo_seed(struct db_conn *conn) __attribute__((warn_unused_result));
/* Bench data (karmayogi bench-seed catalog): n more published, indexed courses (codes BENCH-nnnnnnn) made from
 * the demo catalogue's building blocks over the demo providers, inside the caller's transaction. Returns 0
 * (sets *made), 1 when no provider has people to write, review and publish (run karmayogi demo first), or a
 * negative DB_ code. */
int catalog_bench_seed(struct db_conn *conn, size_t n, size_t *made) __attribute__((warn_unused_result));

/* Demo ratings (ratings_demo.c): some of the demo officials who completed a published item rate it (stars,
 * and a review in English or Hindi for most), a day after finishing. Call after learn_demo_seed, inside the
 * caller's transaction; nothing without completions, and a second run adds nothing. Returns 0 or a negative
 * DB_ code. */
int catalog_demo_ratings(struct db_conn *conn) __attribute__((warn_unused_result));

/* --- A published demo item for another module's demo (demo_item.c): assess's course with quizzes and its
 * assessments. --- */

/* One resource of a demo course: kind "html" (html: a page of p, h2, ul, ol, li and strong only), "link" (url,
 * https) or "quiz" (assessment_ref: the assessment's code). */
struct catalog_demo_resource {
	const char *kind, *title, *title_hi, *html, *url, *assessment_ref;
	int minutes;
	bool required;
};
struct catalog_demo_module {
	const char *title, *title_hi;
	const struct catalog_demo_resource *resources; /* ended by a NULL kind */
};
/* A demo item written as published by its provider's people, a day apart for each review step. */
struct catalog_demo_item {
	const char *code, *kind;                   /* kind: course or assessment */
	const char *provider;                      /* the provider organisation's code */
	const char *author, *reviewer, *publisher; /* their emails */
	const char *title, *title_hi, *description, *description_hi, *keywords;
	const char *competencies[3]; /* codes, NULL-terminated when fewer */
	int levels[3];
	const char *designations[3];               /* codes, NULL-terminated when fewer */
	const struct catalog_demo_module *modules; /* courses: ended by a NULL title; its minutes add up */
	int64_t minutes;                           /* the others: how long it takes */
	int64_t at;                                /* created, epoch ms; published three days later */
};
/* Writes item published (version 1 with its metadata, competencies, designations and outline, and the review
 * steps of its author, reviewer and publisher) and indexes it for search, inside the caller's transaction.
 * Returns 0 (sets *content_id and *version_id), 1 when its provider or people are missing or its code is
 * taken (nothing written), or a negative DB_ code. */
int catalog_demo_publish(struct db_conn *conn, const struct catalog_demo_item *item, int64_t *content_id,
			 int64_t *version_id) __attribute__((warn_unused_result));

/* --- For modules that attach to content (assess keeps the settings of an assessment's versions): a content
 * item, who may do what with it, and the version an edit goes to. --- */

/* A content item as its contents row holds it: the newest version and the published one. */
struct catalog_content {
	int64_t id, provider_id;
	int64_t latest_id, latest_version;       /* the newest version */
	int64_t published_id, published_version; /* 0 when never published */
	char kind[24];
	char code[48];
	char status[24];                   /* the newest version's */
	char published_status[24];         /* published, retired or superseded; "" when never published */
	int64_t rating_x100, rating_count; /* the learners' ratings as the catalogue index keeps them (0 when not
					    * indexed); the course page shows them */
};
/* Loads content id. Returns 1 found, 0 unknown, -1 on a database error. */
int catalog_content_load(struct db_conn *db, int64_t id, struct catalog_content *out)
	__attribute__((warn_unused_result));

/* Who may do what with a provider's content (content_access.c). A "platform" role is one granted on an
 * organisation of kind spv (Karmayogi Bharat): it reaches every provider. */
bool catalog_platform_role(struct db_conn *db, int64_t official_id, const char *role);
/* A content_creator, content_reviewer or content_publisher of the provider, or a platform reviewer or
 * publisher: who sees every version. */
bool catalog_provider_person(struct db_conn *db, int64_t official_id, int64_t provider_id);
bool catalog_may_create(struct db_conn *db, int64_t official_id, int64_t provider_id);
bool catalog_may_review(struct db_conn *db, int64_t official_id, int64_t provider_id);
bool catalog_may_publish(struct db_conn *db, int64_t official_id, int64_t provider_id);
/* True when the official holds any content role anywhere (a provider person of some provider). */
bool catalog_content_person(struct db_conn *db, int64_t official_id);
/* Loads content {id} for a write by the caller: 404 for a caller who may not see it and holds no content
 * role, 403 for people of other providers. Returns 1 loaded, 0 with the reply set. */
int catalog_content_for_write(struct http_request *req, struct db_conn *db, struct catalog_content *c);

/* The version an edit of c goes to (content.c): the newest when draft or changes_requested; a new draft copy
 * when the newest is published or retired. Inside the caller's transaction. Returns 0 (sets *version_id),
 * 1 when the newest is in review (nothing changed), or a DB_ code. */
int catalog_edit_target(struct http_request *req, struct db_conn *db, struct catalog_content *c, int64_t *version_id)
	__attribute__((warn_unused_result));
/* 409 for an edit of content in review. */
void catalog_reply_in_review(struct http_request *req, const struct catalog_content *c);

/* Hooks: what catalog tells the modules attached to content (which it may not include) about a version. Each
 * runs inside catalog's transaction on db and returns 0 or a negative DB_ code (which rolls it back).
 * version_copied: a new draft (to_id) was copied from version from_id of c; copy what you keep per version.
 * version_ready: version_id of c is submitted for review; add a field error to *errors for what it lacks. */
struct catalog_hooks {
	int (*version_copied)(struct db_conn *db, const struct catalog_content *c, int64_t from_id, int64_t to_id);
	int (*version_ready)(struct db_conn *db, const struct catalog_content *c, int64_t version_id, json_t **errors);
};
/* Sets the hooks (copied); call once at start-up, before the server takes requests. NULL clears them. */
void catalog_set_hooks(const struct catalog_hooks *hooks);
/* Runs the version_ready hook, if one is set (workflow.c, on submit). Returns 0 or its negative DB_ code. */
int catalog_hook_version_ready(struct db_conn *db, const struct catalog_content *c, int64_t version_id, json_t **errors)
	__attribute__((warn_unused_result));

extern const struct http_route catalog_provider_routes[]; /* providers.c: /providers */
extern const struct http_route catalog_content_routes[];  /* content.c: /contents, outline, versions */
extern const struct http_route catalog_review_routes[];   /* workflow.c: transitions, comments, queue */
extern const struct http_route catalog_search_routes[];   /* search.c: /catalogue */
extern const struct http_route catalog_file_routes[];     /* files.c: /files uploads and downloads */
extern const struct http_route catalog_rating_routes[];   /* ratings.c: learners' ratings, reports, moderation */

#endif
