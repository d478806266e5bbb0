/* Private to src/catalog: what its parts share. */
#ifndef KY_CATALOG_INT_H
#define KY_CATALOG_INT_H

#include "catalog/catalog.h"
#include "core/buf.h"

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
	struct catalog_demo_text keywords;  /* comma-separated */
	const char *providers[3];           /* organisation codes; NULL-terminated when fewer */
	const char *competencies[3];        /* the first is the theme's main one */
	const char *designations[4];        /* who it is for; NULL-terminated when fewer */
	struct catalog_demo_text refs[2];   /* titles of the reference links */
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
	const char *state; /* as in catalog_demo_content */
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
