/* Private to src/catalog: what its parts share. */
#ifndef KY_CATALOG_INT_H
#define KY_CATALOG_INT_H

#include "catalog/catalog.h"
#include "core/buf.h"
#include "http/list.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- search index (search_index.c) --- */

/* Brings the search index in step with content_id: indexes its published version (title, description and
 * keywords in English and Hindi, and the filter fields), or removes it when it has none or it is retired.
 * Call inside the transaction that publishes or retires. Returns 0 or a negative DB_ code. */
int catalog_search_index(struct db_conn *db, int64_t content_id) __attribute__((warn_unused_result));

/* --- search text (search_words.c) --- */

#define CATALOG_SEARCH_MAX_CHARS 200 /* characters of the user's text read; the rest is ignored */
#define CATALOG_SEARCH_MAX_WORDS 16

struct catalog_word {
	char text[128]; /* UTF-8 letters, digits and marks only; ASCII lower-cased */
	size_t len;
};
struct catalog_words {
	struct catalog_word word[CATALOG_SEARCH_MAX_WORDS];
	int count;
};
/* Splits the first CATALOG_SEARCH_MAX_CHARS characters of q (UTF-8; NULL is empty) into at most
 * CATALOG_SEARCH_MAX_WORDS words; every punctuation or operator character separates words and is dropped.
 * Returns the number of words. */
int catalog_search_words(const char *q, struct catalog_words *out);
/* Appends q's words to out as an FTS5 query of prefix phrases ("word"* "word"*), or as a PostgreSQL
 * tsquery of prefix lexemes ('word':* & 'word':*). Returns the number of words (0: no text search, out
 * untouched), or -1 when out is full. */
int catalog_search_fts5(const char *q, struct buf *out) __attribute__((warn_unused_result));
int catalog_search_tsquery(const char *q, struct buf *out) __attribute__((warn_unused_result));

/* --- HTML pages (sanitize.c) --- */

/* Writes to out a safe copy of the HTML fragment in (len bytes, UTF-8): only an allow-list of tags and
 * attributes survives; script, style, iframe, object, embed and form elements go with their content;
 * every on* attribute goes; href and src keep only http, https and mailto URLs (and relative ones).
 * Returns 0, or -1 when in is not UTF-8 or out is full. */
int catalog_html_sanitize(const char *in, size_t len, struct buf *out) __attribute__((warn_unused_result));

/* --- files (files.c) --- */

struct catalog_file {
	int64_t id, size;
	char sha256[65];
	char mime[64];
	char kind[8]; /* video, pdf, image */
};
/* Loads file id. Returns 1 found, 0 unknown, -1 on error. */
int catalog_file_get(struct db_conn *db, int64_t id, struct catalog_file *out) __attribute__((warn_unused_result));
/* The FILE REF answer for f: {id, kind, mime, size, url}. A new reference (NULL when out of memory). */
json_t *catalog_file_json(const struct catalog_file *f);
/* GET /api/v1/files/{id} (files_serve.c): the stored bytes with Range, ETag and safe headers. */
void catalog_file_serve(struct http_request *req);

/* --- content (content_store.c, content_access.c, content_list.c) --- */

#define CATALOG_MODULES_MAX 100    /* modules in a course */
#define CATALOG_RESOURCES_MAX 200  /* resources in a module */
#define CATALOG_ITEMS_MAX 100      /* courses in a programme, sessions in a blended programme */
#define CATALOG_HTML_MAX (1 << 20) /* bytes of one HTML page */

/* One version's workflow fields. */
struct catalog_version {
	int64_t id, version, author_id, reviewer_id, approved_by;
	char status[24];
};
/* Loads version_id. Returns 1 found, 0 unknown, -1 on a database error. */
int catalog_version_load(struct db_conn *db, int64_t version_id, struct catalog_version *out)
	__attribute__((warn_unused_result));
/* The id of version number `version` of content_id. Returns 1 found, 0 unknown, -1 on error. */
int catalog_version_find(struct db_conn *db, int64_t content_id, int64_t version, int64_t *version_id)
	__attribute__((warn_unused_result));

/* CONTENT (docs/api-catalog.md) for version_id of c: a new reference, or NULL (*db_error tells whether the
 * database failed or the version is not c's). */
json_t *catalog_content_json(struct db_conn *db, const struct catalog_content *c, int64_t version_id, bool *db_error);
/* {id, name, name_hi} of an official, json null for 0; NULL on a database error. */
json_t *catalog_person_json(struct db_conn *db, int64_t official_id);
/* {id, code, name, name_hi} of an organisation, json null for 0; NULL on a database error. */
json_t *catalog_org_json(struct db_conn *db, int64_t org_id);
/* "2026-11-23T10:00:00Z" for epoch ms, json null for 0 or less. */
json_t *catalog_time_json(int64_t ms);

/* Makes version latest+1 of c as a draft copy of version from_id (metadata and outline) written by author,
 * and makes it c's newest. Inside the caller's transaction. Returns 0 (sets *new_id) or a DB_ code. */
int catalog_version_copy(struct db_conn *db, const struct catalog_content *c, int64_t from_id, int64_t author,
			 int64_t now, int64_t *new_id) __attribute__((warn_unused_result));
/* Records a workflow step of version_id (from may be NULL, comment may be NULL). Returns 0 or a DB_ code. */
int catalog_transition_add(struct db_conn *db, int64_t content_id, int64_t version_id, const char *action,
			   const char *from, const char *to, int64_t actor, const char *comment, int64_t now)
	__attribute__((warn_unused_result));

/* One page of a keyset list (content_list.c): st's rows are (id, sort key as text); load makes each item.
 * Replies {items, next_cursor} with the cursor made from the last row's key, or the error. */
typedef json_t *(*catalog_load_fn)(struct db_conn *db, int64_t id, bool *db_error);
void catalog_reply_page(struct http_request *req, struct db_conn *db, struct db_stmt *st, const struct http_list *list,
			catalog_load_fn load);

/* PUT /contents/{id}/outline (content_outline.c). */
void catalog_outline_put(struct http_request *req);
/* GET /providers/{id}/contents and GET /review-queue (content_list.c). */
void catalog_workspace_list(struct http_request *req);
void catalog_review_queue(struct http_request *req);
/* Review comments (content_comments.c): POST and GET /contents/{id}/comments, PATCH /review-comments/{id}. */
void catalog_comment_post(struct http_request *req);
void catalog_comment_list(struct http_request *req);
void catalog_comment_patch(struct http_request *req);

/* --- ratings (ratings.c, ratings_reports.c) --- */

/* The columns catalog_rating_row_json reads, and their tables; $2 is the caller (reported_by_me). */
#define CATALOG_RATING_COLS                                                                                            \
	"r.id, r.content_id, r.official_id, r.stars, r.review, r.hidden, r.created_at, r.updated_at, o.name_en, "      \
	"o.name_hi, CASE WHEN EXISTS (SELECT 1 FROM rating_reports p WHERE p.rating_id = r.id AND p.reporter_id = "    \
	"$2) THEN 1 ELSE 0 END FROM content_ratings r JOIN officials o ON o.id = r.official_id"
/* RATING (docs/api-catalog-ratings.md) of the row st is on; a hidden review's text only when show_hidden.
 * A new reference. */
json_t *catalog_rating_row_json(struct db_stmt *st, int64_t me, bool show_hidden);
/* Sets the index's average and count of content_id from its ratings, bumping the index generation when they
 * moved (retired content has no index row: catalog_search_index counts them when it comes back). Inside the
 * caller's transaction. Returns 0 or a negative DB_ code. */
int catalog_rating_refresh(struct db_conn *db, int64_t content_id) __attribute__((warn_unused_result));
/* POST /ratings/{id}/reports, GET /rating-reports, POST /rating-reports/{id}/decision. */
void catalog_rating_report_post(struct http_request *req);
void catalog_rating_report_list(struct http_request *req);
void catalog_rating_report_decide(struct http_request *req);

/* --- the learners' course page cache (content_cache.c) --- */

/* Replies 200 with the cached page of c's published version when the cache holds it as c is now. Returns
 * true when it replied. */
bool catalog_page_reply_cached(struct http_request *req, const struct catalog_content *c);
/* Keeps page (CONTENT of c's published version as a learner reads it) for the next readers. */
void catalog_page_store(const struct catalog_content *c, const json_t *page);

/* --- content metadata (content_input.c) --- */

/* A create or edit body's metadata, read and checked. Pointers point into the body (the caller keeps it). */
struct catalog_meta {
	int64_t provider_id;
	const char *kind, *code;
	const char *title, *title_hi, *description, *description_hi;
	bool has_title_hi, has_description, has_description_hi;
	bool has_languages, has_groups, has_keywords, has_duration, has_designations, has_competencies;
	char languages[8];                   /* "en,hi" */
	char groups[8];                      /* "A,B" */
	char keywords[4096];                 /* comma-separated */
	int64_t duration;                    /* 0: none */
	json_t *designations, *competencies; /* borrowed from the body */
	bool has_thumbnail, has_audience_org, has_audience_text, has_audience_text_hi;
	int64_t thumbnail_file_id, audience_org_id; /* 0: none */
	const char *audience_text, *audience_text_hi;
};
/* Reads a create body (create true: provider_id, kind, code, title required) or an edit body of content of
 * kind (NULL on create: taken from the body). Returns the field errors, NULL when none. No database reads. */
json_t *catalog_meta_read(json_t *body, bool create, const char *kind, struct catalog_meta *out);
/* The checks that need the database: competencies known and active, designations, thumbnail (an image
 * file), audience organisation. Adds field errors; returns 0, or -1 on a database error. */
int catalog_meta_check(struct db_conn *db, const struct catalog_meta *m, json_t **errors);
/* Writes what m carries onto version_id (inside the caller's transaction). Returns 0 or a DB_ code. */
int catalog_meta_write(struct db_conn *db, int64_t version_id, const struct catalog_meta *m, int64_t now)
	__attribute__((warn_unused_result));

/* --- demo catalogue (demo*.c): bilingual building blocks, also used by bench-seed (benchseed.c) --- */

struct catalog_demo_text {
	const char *en, *hi;
};

/* A topic: English as written inside a sentence; Hindi, and its oblique form before a postposition
 * (दुविधाएँ, दुविधाओं का) when that differs. */
struct catalog_demo_topic {
	const char *en, *hi, *hi_oblique;
};

#define CATALOG_DEMO_THEMES_MAX 16
#define CATALOG_DEMO_TOPICS 7
#define CATALOG_DEMO_FORMATS 4

/* One iGOT-style theme: its topics (English as written inside a sentence), who teaches it, what it builds. */
struct catalog_demo_theme {
	const char *code; /* short, for content codes: PROC */
	struct catalog_demo_text name, about;
	struct catalog_demo_text keywords; /* comma-separated */
	const char *providers[3];          /* organisation codes; NULL-terminated when fewer */
	const char *competencies[3];       /* the first is the theme's main one */
	const char *designations[4];       /* who it is for; NULL-terminated when fewer */
	struct catalog_demo_text refs[2];  /* titles of the reference links */
	const char *ref_urls[2];
	struct catalog_demo_topic topics[CATALOG_DEMO_TOPICS]; /* NULL en ends the list */
};
extern const struct catalog_demo_theme catalog_demo_themes[];
extern const size_t catalog_demo_theme_count;

/* One content item's first version and how far it has gone through review. */
struct catalog_demo_content {
	const char *code, *kind;
	int64_t provider_id;
	struct catalog_demo_text title, description;
	const char *languages, *keywords, *target_groups; /* comma-separated */
	int64_t duration_minutes;
	int64_t audience_org_id; /* curated programmes: the ministry or institution, and in words */
	struct catalog_demo_text audience;
	int64_t author, reviewer, publisher; /* officials; reviewer and publisher only for the steps they take */
	const char *state; /* draft, submitted, in_review, approved (in review, approved), changes_requested,
			    * published */
	int64_t at;        /* created, epoch ms; the review steps follow a day apart (publish after 3 days) */
};

/* Writes c by direct SQL: the content, its version 1 with the metadata, and the transitions that brought
 * it to its state. Sets *content_id and *version_id. Returns 0 or a negative DB_ code. */
int catalog_demo_write_content(struct db_conn *db, const struct catalog_demo_content *c, int64_t *content_id,
			       int64_t *version_id) __attribute__((warn_unused_result));
/* Adds a competency (by code; none when unknown) with its level, a designation (by code), a review comment
 * to a version. Return 0 or a negative DB_ code. */
int catalog_demo_add_competency(struct db_conn *db, int64_t version_id, const char *code, int level)
	__attribute__((warn_unused_result));
int catalog_demo_add_designation(struct db_conn *db, int64_t version_id, const char *code)
	__attribute__((warn_unused_result));
int catalog_demo_add_comment(struct db_conn *db, int64_t version_id, const char *anchor, int64_t author,
			     const char *body, int64_t at) __attribute__((warn_unused_result));

/* One course made of building blocks, and how far it has gone through review. */
struct catalog_demo_course {
	const char *code;
	int64_t provider_id;
	const struct catalog_demo_theme *theme;
	size_t topic, format;                /* format: 0 introduction .. 3 for supervisors */
	unsigned seed;                       /* varies the outline and durations */
	int64_t author, reviewer, publisher; /* officials; reviewer and publisher only for the steps they take */
	const char *state;                   /* as in catalog_demo_content */
	int64_t at;
};

/* Writes c (demo_course.c): the content, version 1 with metadata, competencies, designations and outline,
 * the transitions and review comments that brought it to its state. Sets *id to the content's id.
 * Returns 0 or a negative DB_ code. Does not index it for search. */
int catalog_demo_write_course(struct db_conn *db, const struct catalog_demo_course *c, int64_t *id)
	__attribute__((warn_unused_result));

/* A demo provider as found in the database (org_id 0 when it is missing) and who works its content. */
struct catalog_demo_people {
	const char *code;
	int64_t org_id, author, reviewer, publisher;
};
/* The demo courses published, by theme, topic and format (0 where not published). */
struct catalog_demo_catalogue {
	int64_t published[CATALOG_DEMO_THEMES_MAX][CATALOG_DEMO_TOPICS][CATALOG_DEMO_FORMATS];
};
/* Writes the demo programmes (demo_programmes.c): plain, one curated for the Ministry of Railways and one
 * blended, made of published demo courses, published and indexed. Returns 0 or a negative DB_ code. */
int catalog_demo_programmes(struct db_conn *db, const struct catalog_demo_people *people, size_t npeople,
			    const struct catalog_demo_catalogue *cat, int64_t now) __attribute__((warn_unused_result));

#endif
