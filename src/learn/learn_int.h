/* Private to src/learn: what its files share. */
#ifndef KY_LEARN_INT_H
#define KY_LEARN_INT_H

#include "learn/learn.h"

#include "core/buf.h"
#include "http/list.h"

#include <jansson.h>

/* --- outline.c: what progress needs to know of an enrolled version, kept per process --- */

/* A resource of an enrolled version, as progress sees it. */
struct learn_resource_ref {
	int64_t id;
	bool required; /* counts for completion (every resource does when none is marked) */
	bool quiz;     /* completed by passing its assessment, never by a progress report */
};

/* An enrolled version, as progress and completion see it. */
struct learn_version_facts {
	int64_t content_id;
	int64_t required;         /* resources that count for completion */
	int64_t duration_minutes; /* credited as learning time on completion */
	char kind[24];            /* course, programme, curated_programme, blended_programme, assessment */
};

#define LEARN_NO_VERSION (-100) /* learn_outline_lookup: the version does not exist */

/* Looks up version_id's facts (when facts is not NULL) and resource_id in its outline (when ref is not
 * NULL), through the per-process cache. Returns 1 found (or facts only asked and the version exists), 0 when
 * the resource is not in that version, LEARN_NO_VERSION, or a negative DB_ code. */
int learn_outline_lookup(struct db_conn *conn, int64_t version_id, int64_t resource_id,
			 struct learn_version_facts *facts, struct learn_resource_ref *ref) LEARN_WUR;

/* --- enrolment.c: enrolments as the API shows them --- */

/* An ISO 8601 time, or JSON null for 0. */
json_t *learn_time_json(int64_t ms);
/* A string, or JSON null for NULL. */
json_t *learn_text_json(const char *s);
/* The enrolment object of official_id in content_id (owned by the caller). Returns 1 found, 0 none, or a
 * negative DB_ code. */
int learn_enrolment_read(struct db_conn *conn, int64_t official_id, int64_t content_id, json_t **out) LEARN_WUR;
/* A page of official_id's enrolments with status "active", "completed", "left" or "all" (NULL: active), only
 * in content_id when it is not 0, the newest activity first, as {"items", "next_cursor"} written to out (the
 * caller's). Returns 0, 1 when status is not one of those, or a negative DB_ code (out then holds a part). */
int learn_enrolment_page(struct http_request *req, int64_t official_id, const char *status, int64_t content_id,
			 const struct http_list *list, struct buf *out) LEARN_WUR;

/* --- detail.c --- */

/* Adds to the enrolment object e (of official_id) the enrolled version's "outline" with progress per
 * resource, "resume_resource_id", and for a programme its "courses". Returns 0 or a negative DB_ code. */
int learn_enrolment_detail(struct db_conn *conn, int64_t official_id, json_t *e) LEARN_WUR;

/* --- complete.c: progress settled into an enrolment, and completion --- */

/* An enrolment being settled after progress: what it is (in), where it stands afterwards (out). */
struct learn_settle {
	int64_t enrolment_id, official_id, content_id, version_id, due_at;
	char source[12];
	struct learn_version_facts facts;
	/* status: in as read, out as it stands afterwards */
	char status[16];
	int64_t progress, completed_at;
	int64_t last_activity_at; /* as the writer read it */
	char certificate[32];     /* its code once complete, else "" */
};

/* Last activity is kept to this grain: a progress report that changes nothing a person sees rewrites the
 * enrolment only when its last activity is older (my learning orders by it). */
#define LEARN_ACTIVITY_GRAIN_MS 60000

/* Recomputes s's progress from its resources and completes it when every required resource is done (a
 * certificate, passport entries, karma points, and any programme it completes in turn), on conn inside the
 * caller's transaction. Returns 0 or a negative DB_ code. */
int learn_settle(struct db_conn *conn, struct learn_settle *s, int64_t now) LEARN_WUR;
/* Completes s now (certificate, passport, karma, programmes it completes in turn), whatever its resources
 * say: a standalone assessment passed. Returns 0 or a negative DB_ code. */
int learn_complete(struct db_conn *conn, struct learn_settle *s, int64_t now) LEARN_WUR;
/* The official's live enrolment in content_id with its version's facts: 1 (s filled), 0 not enrolled (or
 * left), or a negative DB_ code. */
int learn_settle_load(struct db_conn *conn, int64_t official_id, int64_t content_id, struct learn_settle *s) LEARN_WUR;
/* Settles a programme enrolment p from its courses (complete when all are). depth guards recursion. */
int learn_programme_settle(struct db_conn *conn, struct learn_settle *p, int64_t now, int depth) LEARN_WUR;
/* A new certificate code: 26 characters of lowercase base32 from 130 random bits. */
void learn_certificate_code(char out[32]);

/* --- karma.c --- */

/* Months are calendar months in UTC: the start of the month holding at, and of the next. */
void learn_month_bounds(int64_t at, int64_t *start, int64_t *next);

/* --- hooks.c --- */

/* Runs the completed hook (learn_set_hooks), if one is set. Returns 0 or its negative DB_ code. */
int learn_hook_completed(struct db_conn *conn, int64_t official_id, int64_t content_id, int64_t at) LEARN_WUR;

#endif
