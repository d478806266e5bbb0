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

/* A content item as its contents row holds it: the newest version and the published one. */
struct catalog_content {
	int64_t id, provider_id;
	int64_t latest_id, latest_version;       /* the newest version */
	int64_t published_id, published_version; /* 0 when never published */
	char kind[24];
	char code[48];
	char status[24];           /* the newest version's */
	char published_status[24]; /* published, retired or superseded; "" when never published */
};
/* Loads content id. Returns 1 found, 0 unknown, -1 on a database error. */
int catalog_content_load(struct db_conn *db, int64_t id, struct catalog_content *out)
	__attribute__((warn_unused_result));

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

/* One page of a keyset list (content_list.c): st's rows are (id, sort key as text); load makes each item.
 * Replies {items, next_cursor} with the cursor made from the last row's key, or the error. */
typedef json_t *(*catalog_load_fn)(struct db_conn *db, int64_t id, bool *db_error);
void catalog_reply_page(struct http_request *req, struct db_conn *db, struct db_stmt *st, const struct http_list *list,
			catalog_load_fn load);

/* The version an edit of c goes to (content.c): the newest when draft or changes_requested; a new draft copy
 * when the newest is published or retired. Inside the caller's transaction. Returns 0 (sets *version_id),
 * 1 when the newest is in review (nothing changed), or a DB_ code. */
int catalog_edit_target(struct http_request *req, struct db_conn *db, struct catalog_content *c,
			int64_t *version_id) __attribute__((warn_unused_result));
/* 409 for an edit of content in review. */
void catalog_reply_in_review(struct http_request *req, const struct catalog_content *c);
/* PUT /contents/{id}/outline (content_outline.c). */
void catalog_outline_put(struct http_request *req);
/* GET /providers/{id}/contents and GET /review-queue (content_list.c). */
void catalog_workspace_list(struct http_request *req);
void catalog_review_queue(struct http_request *req);
/* Review comments (content_comments.c): POST and GET /contents/{id}/comments, PATCH /review-comments/{id}. */
void catalog_comment_post(struct http_request *req);
void catalog_comment_list(struct http_request *req);
void catalog_comment_patch(struct http_request *req);

/* --- content metadata (content_input.c) --- */

/* A create or edit body's metadata, read and checked. Pointers point into the body (the caller keeps it). */
struct catalog_meta {
	int64_t provider_id;
	const char *kind, *code;
	const char *title, *title_hi, *description, *description_hi;
	bool has_title_hi, has_description, has_description_hi;
	bool has_languages, has_groups, has_keywords, has_duration, has_designations, has_competencies;
	char languages[8];   /* "en,hi" */
	char groups[8];      /* "A,B" */
	char keywords[4096]; /* comma-separated */
	int64_t duration;    /* 0: none */
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

#endif
