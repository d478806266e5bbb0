/* Module catalog: the content marketplace. Providers (academies, universities, start-ups, experts) author
 * courses, programmes, curated and blended programmes and standalone assessments in immutable versions,
 * which are reviewed and published; files they upload; the catalogue's full-text search with filters and
 * facets. Its tables are its own (migrations 0005, 0006, 0009); other modules ask through this header.
 *
 * Public views: other modules may read (never write) these columns in their own SQL (learn reads what an
 * official enrolled in, and a published version never changes):
 *   contents             (id, provider_id, kind, code, published_version_id, status)
 *   content_versions     (id, content_id, version, status, title_en, title_hi, duration_minutes,
 *                         thumbnail_file_id)
 *   content_competencies (version_id, competency_id, level)
 *   course_modules       (id, version_id, seq, title_en, title_hi)
 *   resources            (id, module_id, seq, kind, title_en, title_hi, file_id, url, html, assessment_ref,
 *                         duration_minutes, required)
 *   programme_items      (version_id, seq, course_id)
 * A change to these columns is a change to this header's contract. */
#ifndef KY_CATALOG_CATALOG_H
#define KY_CATALOG_CATALOG_H

#include "db/db.h"
#include "http/http.h"

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

extern const struct http_route catalog_provider_routes[]; /* providers.c: /providers */
extern const struct http_route catalog_content_routes[];  /* content.c: /contents, outline, versions */
extern const struct http_route catalog_review_routes[];   /* workflow.c: transitions, comments, queue */
extern const struct http_route catalog_search_routes[];   /* search.c: /catalogue */
extern const struct http_route catalog_file_routes[];     /* files.c: /files uploads and downloads */
extern const struct http_route catalog_rating_routes[];   /* ratings.c: learners' ratings, reports, moderation */

#endif
