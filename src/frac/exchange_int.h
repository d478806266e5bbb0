/* Private to the framework import and export (exchange*.c): a file read into competencies and roles, each
 * knowing where in the file it came from, the per-row report, and the run that checks and writes them.
 *
 * Both readers (CSV and JSON) hand every item over as a JSON object in the shape of the JSON format, so
 * one set of item rules serves both; only where an error is reported (a CSV line or a JSON pointer) and
 * what a field is called (a CSV column or a JSON member) differ. */
#ifndef KY_FRAC_EXCHANGE_INT_H
#define KY_FRAC_EXCHANGE_INT_H

#include "frac/frac_int.h"

#include "core/arena.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EX_WUR __attribute__((warn_unused_result))

#define EX_FORMAT "karmayogi-frac/1"
#define EX_ERRORS_CAP 1000 /* errors kept in a report; errors_total counts them all */
#define EX_LIST_MAX 100    /* activities, or requirements, of one role */

enum ex_format { EX_CSV, EX_JSON };

/* Where an item came from. seq orders the report (file order). */
struct ex_at {
	uint32_t seq;
	uint32_t line;   /* CSV: the line the record starts on */
	const char *ptr; /* JSON: a pointer to the item, "/roles/3" */
};

enum ex_state { EX_NEW, EX_CHANGED, EX_SAME };

struct ex_comp {
	struct ex_at at;
	const char *code;   /* upper-cased, as the dictionary keeps codes */
	const char *status; /* active | retired; NULL: the file does not say (CSV) */
	json_t *body;       /* what frac_read_input read; in points into it (a reference the run owns) */
	struct comp_input in;
	json_t *norm;   /* the competency in the export's shape */
	bool bad;       /* an error was reported on it: not written, not counted */
	int64_t id;     /* in the dictionary; 0 when new */
	json_t *stored; /* the dictionary's current version in the export's shape (existing ones) */
	enum ex_state state;
};

struct ex_activity {
	struct ex_at at;
	const char *text, *text_hi;
};

struct ex_req {
	struct ex_at at;
	const char *code; /* the competency's, upper-cased */
	int level;
};

struct ex_role {
	struct ex_at at;
	const char *code, *name, *name_hi, *description, *description_hi;
	const char *extends; /* a role code, NULL for none */
	bool shared, has_shared;
	struct ex_activity *acts; /* arena */
	size_t nacts;
	struct ex_req *reqs; /* arena */
	size_t nreqs;
	json_t *item; /* the object the strings point into (a reference the run owns) */
	json_t *norm; /* the role in the export's shape */
	bool bad;
	int64_t id, owner_id; /* the existing role and its organisation; 0 when new */
	json_t *stored;
	enum ex_state state;
	int64_t extends_id; /* resolved when writing */
	int depth;          /* extends steps inside the file: parents are written first */
};

/* A code the database already knows. */
struct ex_known {
	const char *code; /* arena */
	int64_t id;
	int64_t org_id;     /* roles: the owner */
	int64_t extends_id; /* roles */
	bool retired;       /* competencies and roles */
	bool shared;        /* roles */
	const char *area;   /* competencies */
};

struct ex_error {
	uint32_t seq;
	uint32_t line;   /* CSV; 0 with ptr NULL: the file as a whole */
	const char *ptr; /* JSON */
	const char *field;
	const char *message;
};

struct ex_count {
	uint32_t created, updated, unchanged;
};

/* Owner: the handler; ex_run_free releases everything. */
struct ex_run {
	struct db_conn *db;
	int64_t actor;
	int64_t actor_org; /* where the caller works: private roles of organisations above it are visible */
	int64_t org_id; /* ?org_id=, 0 when not given */
	bool spv;       /* the caller may create and change competencies */
	bool dry_run;
	enum ex_format format;
	struct arena arena;
	uint32_t seq; /* the last seq handed out */
	struct ex_comp *comps;
	size_t ncomps, comps_cap;
	struct ex_role *roles;
	size_t nroles, roles_cap;
	struct ex_known *dict; /* competencies by code */
	size_t ndict;
	struct ex_known *known; /* roles by code */
	size_t nknown;
	struct ex_error *errors;
	size_t nerrors, errors_cap, errors_total;
	struct ex_count comp_n, role_n;
	bool oom;
};

/* exchange_run.c: the run, its memory and its report */
void ex_run_init(struct ex_run *run, struct db_conn *db, int64_t actor);
void ex_run_free(struct ex_run *run);
/* The next item position in file order. */
uint32_t ex_next_seq(struct ex_run *run);
/* A JSON pointer prefix + "/" + key (escaped per RFC 6901) or + "/" + index, in the arena. */
const char *ex_ptr_key(struct ex_run *run, const char *prefix, const char *key);
const char *ex_ptr_index(struct ex_run *run, const char *prefix, size_t index);
char *ex_strdup(struct ex_run *run, const char *s);
/* Reports a problem with field (a JSON member name; NULL: the item as a whole) of the item at at (NULL: the
 * file as a whole). Marks nothing bad: callers do. */
void ex_error(struct ex_run *run, const struct ex_at *at, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Reports each {field, message} of errors (from http_take_string and friends) at at; steals errors.
 * Returns how many there were. */
size_t ex_errors_from(struct ex_run *run, const struct ex_at *at, json_t *errors);
/* The report: {applied, dry_run, competencies: {..}, roles: {..}, errors: [{row, field, message}],
 * errors_total}. New reference, NULL when out of memory. */
json_t *ex_report_json(struct ex_run *run, bool applied);
/* A new item slot (zeroed), NULL when out of memory. */
struct ex_comp *ex_comp_add(struct ex_run *run);
struct ex_role *ex_role_add(struct ex_run *run);

/* exchange_items.c: one competency or role as the JSON format has it, from either reader. level_ats,
 * act_ats and req_ats say where the i-th level, activity or requirement came from (CSV); NULL derives
 * pointers from at (JSON). item is borrowed (the run keeps what it needs). */
void ex_read_comp(struct ex_run *run, const struct ex_at *at, json_t *item, const struct ex_at *level_ats);
void ex_read_role(struct ex_run *run, const struct ex_at *at, json_t *item, const struct ex_at *act_ats,
		  const struct ex_at *req_ats);
/* A role's requirements [{competency, level}] in the export's order: by competency code, in byte order on
 * every backend. New reference (the items are shared), NULL when out of memory. */
json_t *ex_sorted_requirements(json_t *reqs);

/* exchange_csv.c and exchange_json.c: read a whole file into the run (errors in its report). Return 0, or
 * -1 when memory ran out. */
int ex_csv_read(struct ex_run *run, const char *data, size_t len) EX_WUR;
int ex_json_read(struct ex_run *run, json_t *root) EX_WUR;

/* exchange_check.c: the checks across items and against the database. Returns 0 or a DB_ code. */
int ex_check(struct ex_run *run) EX_WUR;
/* The entry with code in a list sorted by code (run->dict, run->known), or NULL. */
const struct ex_known *ex_known_find(const struct ex_known *list, size_t n, const char *code);
/* Pure: finds the cycles of a graph where node i points at next[i] (-1: nowhere). Calls fn once per cycle
 * with its nodes in order, starting from the lowest index. Returns the number of cycles, -1 when memory ran
 * out. */
int ex_find_cycles(const int *next, size_t n, void (*fn)(void *ctx, const int *nodes, size_t len), void *ctx);

/* exchange_write.c: writes what the checks found new or changed, and audits it, inside the caller's
 * transaction. Returns 0, 1 when the roles would now make a cycle (changed meanwhile), or a DB_ code. */
int ex_write(struct http_request *req, struct ex_run *run) EX_WUR;

/* exchange_export.c: the export shape of what the database holds, used by the export and to compare an
 * import with. New references; NULL when unknown or on error (*db_error tells which). */
json_t *ex_stored_comp(struct db_conn *db, int64_t id, bool *db_error);
json_t *ex_stored_role(struct db_conn *db, int64_t id, bool *db_error);
/* GET /api/v1/framework/export?format=json|csv&roles=all|shared|org&org_id= */
void ex_export(struct http_request *req);

#endif
