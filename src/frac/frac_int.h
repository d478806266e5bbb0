/* Private to src/frac: the competency input both direct edits and proposals use, and its writers. */
#ifndef KY_FRAC_INT_H
#define KY_FRAC_INT_H

#include "core/jsonw.h"
#include "frac/frac.h"

#include <jansson.h>
#include <stdbool.h>

struct comp_level {
	const char *descriptor;
	const char *descriptor_hi;
};

/* What a create, edit or proposal carries. Strings point into the JSON body it was read from. */
struct comp_input {
	const char *code, *area, *name, *name_hi, *description, *description_hi, *status;
	bool has_name_hi, has_description_hi, has_levels;
	struct comp_level levels[5];
};

enum comp_mode { COMP_CREATE, COMP_EDIT };

/* Reads body into in; returns the field errors, NULL when none. */
json_t *frac_read_input(json_t *body, enum comp_mode mode, struct comp_input *in);
/* Creates a competency at version 1. Returns 0 (sets *id) or a DB_ code (DB_CONSTRAINT: code taken). */
int frac_create(struct db_conn *db, const struct comp_input *in, int64_t actor, int64_t *id)
	__attribute__((warn_unused_result));
/* Applies an edit: a new version when text or levels change, a status change in place.
 * Returns 0, 1 when the competency does not exist, or a DB_ code. */
int frac_apply_edit(struct db_conn *db, int64_t id, const struct comp_input *in, int64_t actor)
	__attribute__((warn_unused_result));
/* COMPETENCY as the API shows it at a version (0: the current one). NULL when unknown or on error
 * (*db_error tells which). */
json_t *frac_competency_json(struct db_conn *db, int64_t id, int64_t version, bool *db_error);

struct frac_req;

/* --- work roles (roles.c): one writer the API and the framework import share --- */

struct role_activity {
	const char *text, *text_hi;
};
/* A role as written. Strings borrowed from the caller. On an edit, only members whose has_ flag is set
 * change; on a create every required one is read. extends_id 0 means none. */
struct role_input {
	const char *code, *name, *name_hi, *description, *description_hi, *status;
	int64_t org_id, extends_id;
	bool shared;
	bool has_name, has_name_hi, has_description, has_description_hi, has_status, has_shared, has_extends,
		has_activities, has_requirements;
	const struct role_activity *activities;
	size_t nactivities;
	const struct frac_req *requirements;
	size_t nrequirements;
};
/* Creates (id 0: sets *out_id) or updates role id, replacing activities and requirements when given.
 * Checks nothing the caller should have checked (levels, competencies, cycles); the database constraints
 * still hold. Returns 0, 1 when role id does not exist, or a DB_ code (DB_CONSTRAINT: code taken). */
int frac_role_write(struct db_conn *db, int64_t id, const struct role_input *in, int64_t actor, int64_t *out_id)
	__attribute__((warn_unused_result));
/* 1 when making role_id extend extends_id would close a cycle (role_id 0: a new role never does), 0 when
 * not, -1 on error. */
int frac_role_would_cycle(struct db_conn *db, int64_t role_id, int64_t extends_id) __attribute__((warn_unused_result));

/* A role's owner and state, read with its JSON. */
struct frac_role_meta {
	int64_t org_id;
	bool shared, active;
};
/* ROLE as the API shows it (role_store.c; new reference), NULL when unknown or on error (*db_error tells
 * which). meta may be NULL. */
json_t *frac_role_json(struct db_conn *db, int64_t id, struct frac_role_meta *meta, bool *db_error);

/* --- references shown inside other objects (position_refs.c) ---
 * Each reference has one shape, read from a row by one reader and written by one writer; answers built as
 * jansson trees take that writer's output as a tree (the _json forms), so no handler builds one by hand.
 * A reader copies the row's strings into a (a NULL: borrows them until the statement steps again) and
 * returns 0, or DB_ERROR when a column that cannot be NULL is, or memory ran out. The _json forms return a
 * new reference, NULL out of memory. */

/* {id, code, name, name_hi}: an organisation (ORG REF) or a work role (ROLE REF). */
struct frac_code_ref {
	int64_t id;
	const char *code, *name, *name_hi;
};
/* Its 4 columns, of the organisations or work_roles row aliased t. */
#define FRAC_CODE_REF_COLUMNS(t) t ".id, " t ".code, " t ".name_en, " t ".name_hi"
int frac_code_ref_read(struct db_stmt *st, int col, struct arena *a, struct frac_code_ref *out)
	__attribute__((warn_unused_result));
void frac_code_ref_write(struct jsonw *w, const struct frac_code_ref *r);
json_t *frac_code_ref_json(const struct frac_code_ref *r);

/* A designation {code, name, name_hi}; null when code is NULL. */
json_t *frac_designation_json(const char *code, const char *name, const char *name_hi);

/* COMPETENCY REF {id, code, name, name_hi, area}. */
struct frac_comp_ref {
	int64_t id;
	const char *code, *name, *name_hi, *area;
};
/* Its 5 columns, of the competencies row aliased t. */
#define FRAC_COMP_REF_COLUMNS(t) t ".id, " t ".code, " t ".name_en, " t ".name_hi, " t ".area"
int frac_comp_ref_read(struct db_stmt *st, int col, struct arena *a, struct frac_comp_ref *out)
	__attribute__((warn_unused_result));
void frac_comp_ref_write(struct jsonw *w, const struct frac_comp_ref *c);
json_t *frac_comp_ref_json(const struct frac_comp_ref *c);

/* OFFICIAL REF {id, name, name_hi, designation: {code, name, name_hi} | null, org: ORG REF}. */
struct frac_person_ref {
	int64_t id, org_id;
	const char *name, *name_hi, *designation_code, *designation_name, *designation_name_hi, *org_code, *org_name,
		*org_name_hi;
};
/* Its 10 columns, of the officials row aliased f, and the joins they need (aliases fd and fo). */
#define FRAC_PERSON_REF_COLUMNS \
	"f.id, f.name_en, f.name_hi, fd.code, fd.name_en, fd.name_hi, fo.id, fo.code, fo.name_en, fo.name_hi"
#define FRAC_PERSON_REF_JOINS \
	" JOIN organisations fo ON fo.id = f.org_id LEFT JOIN designations fd ON fd.code = f.designation"
int frac_person_ref_read(struct db_stmt *st, int col, struct arena *a, struct frac_person_ref *out)
	__attribute__((warn_unused_result));
void frac_person_ref_write(struct jsonw *w, const struct frac_person_ref *p);
json_t *frac_person_ref_json(const struct frac_person_ref *p);

/* POSITION REF {id, code, title, title_hi, org: ORG REF}, and whether no one holds it (shown apart, where
 * an answer says so). */
struct frac_post_ref {
	int64_t id, org_id;
	const char *code, *title, *title_hi, *org_code, *org_name, *org_name_hi;
	bool vacant;
};
/* Its 8 columns, of the positions row aliased p, and the join they need (alias po). */
#define FRAC_POST_REF_COLUMNS "p.id, p.code, p.title_en, p.title_hi, po.id, po.code, po.name_en, po.name_hi"
#define FRAC_POST_REF_JOINS " JOIN organisations po ON po.id = p.org_id"
int frac_post_ref_read(struct db_stmt *st, int col, struct arena *a, struct frac_post_ref *out)
	__attribute__((warn_unused_result));
void frac_post_ref_write(struct jsonw *w, const struct frac_post_ref *p);
json_t *frac_post_ref_json(const struct frac_post_ref *p);

/* OFFICIAL REF of one official: a new reference, NULL when there is no such official or on a database error. */
json_t *frac_official_ref(struct db_conn *db, int64_t official_id);
/* COMPETENCY REF of one competency: the same. */
json_t *frac_competency_ref(struct db_conn *db, int64_t competency_id);

/* --- positions (position_store.c) --- */

#define FRAC_POSITION_ROLES_MAX 20
/* A position as written; strings borrowed. On an edit, title and status change when not NULL, the others
 * when their has_ flag is set. status "abolished" also ends the current holding today. */
struct position_input {
	const char *code, *title, *title_hi, *designation, *status;
	int64_t org_id;
	bool has_title_hi, has_designation, has_roles;
	int64_t role_ids[FRAC_POSITION_ROLES_MAX];
	size_t nroles;
};
/* Creates (id 0: sets *out_id) or updates position id. Returns 0, 1 when position id does not exist, or a
 * DB_ code (DB_CONSTRAINT: the code is taken in the organisation). */
int frac_position_write(struct db_conn *db, int64_t id, const struct position_input *in, int64_t *out_id)
	__attribute__((warn_unused_result));
/* Who a position concerns, read with its JSON: its organisation, current holder and their reporting officer
 * (0 when none). */
struct frac_position_meta {
	int64_t org_id, holder_id, officer_id;
	bool active;
};
/* POSITION as the API shows it (new reference), NULL when unknown or on error (*db_error tells which). */
json_t *frac_position_json(struct db_conn *db, int64_t id, struct frac_position_meta *meta, bool *db_error);
/* HOLDING {id, official, reporting_officer, start_date, end_date}, with position {id, code, title, org} when
 * with_position. NULL when unknown or on error (*db_error tells which). */
json_t *frac_holding_json(struct db_conn *db, int64_t holding_id, bool with_position, bool *db_error);
/* Today's date (UTC) as YYYY-MM-DD. */
void frac_today(char out[11]);

/* --- positions: handlers position_holders.c serves through the route table in positions.c --- */

void frac_holder_post(struct http_request *req);     /* POST /positions/{id}/holders */
void frac_holder_patch(struct http_request *req);    /* PATCH /position-holders/{id} */
void frac_holdings_get(struct http_request *req);    /* GET /officials/{id}/positions */
void frac_reportees_get(struct http_request *req);   /* GET /me/reportees */

/* 1 when a position or a role outside org_id's subtree carries or extends role_id (so it cannot be made
 * private), writing which one ("position SO-12") to what; 0 when none; -1 on error. */
int frac_role_used_outside(struct db_conn *db, int64_t role_id, int64_t org_id, char *what, size_t size)
	__attribute__((warn_unused_result));

/* --- one page of a list (page.c) --- */

struct http_list;
/* Loads one item as the API shows it; NULL when unknown or on error (*db_error tells which). */
typedef json_t *(*frac_load_fn)(struct db_conn *db, int64_t id, bool *db_error);
/* Steps st (bound, selecting the id first, at most list->limit + 1 rows, finished here), loads each id and
 * replies {items, next_cursor} with the cursor made from the last item's key_field; 503 on a DB error. */
void frac_reply_page(struct http_request *req, struct db_conn *db, struct db_stmt *st, const struct http_list *list,
		     frac_load_fn load, const char *key_field);

/* --- who may see an official's passport, gaps and matches (access.c) --- */

enum frac_access_bits {
	FRAC_SELF = 1,       /* the caller is the official */
	FRAC_SUPERVISOR = 2, /* the caller is their current reporting officer */
	FRAC_ADMIN = 4,      /* the caller administers the official's organisation (mdo_admin or spv_admin above it) */
};
/* 1 when officer_id is the reporting officer on a position official_id holds now, 0 when not, -1 on error. */
int frac_reports_to(struct db_conn *db, int64_t official_id, int64_t officer_id) __attribute__((warn_unused_result));
/* How the caller relates to official_id, as FRAC_* bits (0: a stranger), and the official's organisation.
 * Returns 0, or -1 after replying itself: 404 when there is no such official, 503 on a database error. */
int frac_official_access(struct http_request *req, struct db_conn *db, int64_t official_id, unsigned *bits,
			 int64_t *org_id) __attribute__((warn_unused_result));

/* --- what a position asks for (requirements.c) --- */

/* One required competency with its level. */
struct frac_req {
	int64_t competency_id;
	int level;
};
#define FRAC_REQ_MAX 256
/* The requirements of a position: its roles' own and inherited (extends) requirements on active
 * competencies, the highest level where roles overlap, sorted by competency id. Writes at most max
 * entries to out and the count to *n. Returns 0 or a DB_ code. */
int frac_position_requirements(struct db_conn *db, int64_t position_id, struct frac_req *out, size_t max,
			       size_t *n) __attribute__((warn_unused_result));
/* The same over every position official_id holds now. */
int frac_official_requirements(struct db_conn *db, int64_t official_id, struct frac_req *out, size_t max,
			       size_t *n) __attribute__((warn_unused_result));
/* The official's highest verified level per competency (self-declared entries never count), sorted by
 * competency id, in the same shape. Returns 0 or a DB_ code. */
int frac_verified_levels(struct db_conn *db, int64_t official_id, struct frac_req *out, size_t max, size_t *n)
	__attribute__((warn_unused_result));
/* The level in a sorted list, 0 when absent. */
int frac_req_level(const struct frac_req *list, size_t n, int64_t competency_id);

/* --- the fit of a person to a set of requirements (score.c: pure, unit tested) --- */

struct frac_need {
	int64_t competency_id;
	int required; /* 1..5 */
	int verified; /* 0..5, 0: no verified level */
};
struct frac_fit {
	int score;     /* 0..100: round(100 * sum(min(verified, required)) / sum(required)); 0 with no needs */
	int met;       /* needs with verified >= required */
	int missing;   /* needs with no verified level at all */
	int shortfall; /* sum over needs of max(0, required - verified) */
};
void frac_fit_score(const struct frac_need *needs, size_t n, struct frac_fit *fit);
/* Ranking order: higher score, then more needs met, then smaller shortfall. 0 when equal (the caller breaks
 * ties by name and id). */
int frac_fit_cmp(const struct frac_fit *a, const struct frac_fit *b);

/* --- the demo dataset (demo_roles.c, demo_passport.c), inside frac_demo_seed's transaction --- */
int frac_demo_roles(struct db_conn *db) __attribute__((warn_unused_result));     /* roles, posts, holders */
int frac_demo_passports(struct db_conn *db) __attribute__((warn_unused_result)); /* after the roles */

/* --- what gaps and matching share (match_refs.c, match_rank.c) --- */

/* Ids bound per query by frac_bind_chunk: queries take them as "IN ($1, ..., $32)", padded with 0. */
#define FRAC_IN_CHUNK 32
#define FRAC_IN_CHUNK_SQL                                                                                      \
	"($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, " \
	"$23, $24, $25, $26, $27, $28, $29, $30, $31, $32)"
/* Binds ids[0..n) (n <= FRAC_IN_CHUNK) to $1..$32, the rest to 0. Returns 0 or DB_ERROR. */
int frac_bind_chunk(struct db_stmt *st, const int64_t *ids, size_t n) __attribute__((warn_unused_result));
/* Loads out[i] for each ids[i] in ceil(n / FRAC_IN_CHUNK) queries. Returns 0 or a DB_ code (also when
 * an id is unknown). */
int frac_comp_refs_load(struct db_conn *db, struct arena *a, const int64_t *ids, size_t n, struct frac_comp_ref *out)
	__attribute__((warn_unused_result));
/* qsort order of struct frac_comp_ref: name (UTF-8 byte order, as both databases sort), then id. */
int frac_comp_ref_cmp(const void *a, const void *b);
/* order[0..n) becomes the indexes of refs in frac_comp_ref_cmp order. Returns 0, -1 out of memory. */
int frac_order_by_name(struct arena *a, const struct frac_comp_ref *refs, size_t n, size_t *order)
	__attribute__((warn_unused_result));
/* As frac_comp_refs_load, for officials. */
int frac_person_refs_load(struct db_conn *db, struct arena *a, const int64_t *ids, size_t n,
			  struct frac_person_ref *out) __attribute__((warn_unused_result));
/* Loads out[i] for each ids[i] with vacant set (out[i].id 0 when unknown). Returns how many were found, or a
 * DB_ code. */
int frac_post_refs_load(struct db_conn *db, struct arena *a, const int64_t *ids, size_t n, struct frac_post_ref *out)
	__attribute__((warn_unused_result));
/* GET /officials/{id}/position-matches (match_posts.c), served through the route table in match.c. */
void frac_position_matches_get(struct http_request *req);
/* The organisation a question is asked over (with its subtree): an ORG REF. */
struct frac_scope {
	int64_t id;
	const char *code, *name, *name_hi;
};
/* 1 found (strings in a), 0 unknown, -1 on a database error. */
int frac_scope_load(struct db_conn *db, struct arena *a, int64_t org_id, struct frac_scope *out)
	__attribute__((warn_unused_result));
/* The scope asked for (asked 0: the ministry of home). Returns 0, or -1 after replying: 422 on org_id
 * when unknown, 503 on a database error. Checks no permission. */
int frac_scope_resolve(struct http_request *req, struct db_conn *db, int64_t asked, int64_t home,
		       struct frac_scope *out) __attribute__((warn_unused_result));
/* As an ORG REF {id, code, name, name_hi}. */
void frac_scope_write(struct jsonw *w, const struct frac_scope *s);
/* Reads ?org_id= (0 when absent) and, when limit is not NULL, ?limit= (def when absent, 1..max).
 * Returns 0, or -1 after a 422 reply naming the parameter. */
int frac_query_params(struct http_request *req, int def_limit, int max_limit, int64_t *org_id, int *limit)
	__attribute__((warn_unused_result));
/* Sends what w wrote into out as a 200 JSON answer (500 when the writer failed). Returns 0 or -1. */
int frac_reply_buf(struct http_request *req, struct jsonw *w, struct buf *out);

/* One scored person or post on its way to a ranked list. name and what at points to stay the caller's. */
struct frac_ranked {
	struct frac_fit fit;
	const char *name;
	int64_t id;
	size_t at; /* the caller's index of what was scored */
};
/* The ranking rule: frac_fit_cmp, then name (UTF-8 byte order), then id; negative when a ranks first. */
int frac_ranked_cmp(const struct frac_ranked *a, const struct frac_ranked *b);
/* The best cap of everything offered, in caller-given storage of cap items (match_rank.c). */
struct frac_top {
	struct frac_ranked *items;
	size_t n, cap;
};
void frac_top_init(struct frac_top *t, struct frac_ranked *storage, size_t cap);
void frac_top_offer(struct frac_top *t, const struct frac_ranked *r);
/* Orders what was kept, best first; after this, offer no more. */
void frac_top_sort(struct frac_top *t);

#endif
