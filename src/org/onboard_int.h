/* Private to the onboarding files of module org: the columns of a file, one record as the readers hand
 * it over, the per-row report, a string hash map, and the run that ties them to the database.
 *
 * A run reads its file twice: pass 1 validates every row and remembers only keys (employee codes,
 * emails) and a small state per row; pass 2 re-reads the same bytes and writes. So a file of a million
 * rows never lives in memory as a million parsed records. */
#ifndef KY_ORG_ONBOARD_INT_H
#define KY_ORG_ONBOARD_INT_H

#include "core/buf.h"
#include "org/org.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OB_WUR __attribute__((warn_unused_result))

/* The columns a file may carry, in the order the report names them. */
enum ob_col {
	OB_EMPLOYEE_CODE,
	OB_NAME,
	OB_NAME_HI,
	OB_EMAIL,
	OB_MOBILE,
	OB_DESIGNATION,
	OB_GROUP,
	OB_SERVICE,
	OB_PAY_LEVEL,
	OB_DATE_OF_JOINING,
	OB_LANGUAGE,
	OB_STATUS,
	OB_ORG_CODE,
	OB_NCOLS
};
#define OB_BIT(c) (1u << (c))
#define OB_REQUIRED (OB_BIT(OB_EMPLOYEE_CODE) | OB_BIT(OB_NAME) | OB_BIT(OB_EMAIL))

/* Column names as files spell them; NULL-free, OB_NCOLS of them. */
extern const char *const org_onboard_col_names[OB_NCOLS];
/* The column a header cell names (case-insensitive; spaces and hyphens count as underscores), or -1. */
int org_onboard_col_find(const char *s, size_t n);

/* A (pointer, length) slice; s is NULL for a field that is absent or null. */
struct ob_field {
	const char *s;
	size_t n;
};

/* One data row as a reader hands it over; slices are valid only during the callback. */
struct ob_record {
	struct ob_field f[OB_NCOLS];
	uint32_t present; /* OB_BIT(col) for every column the file has (the same for every row) */
};

/* --- the report: every error, the first OB_REPORT_CAP kept --- */

#define OB_REPORT_CAP 1000

struct ob_error {
	uint32_t row;    /* 1-based data row; 0 for the header or the file as a whole */
	char column[48]; /* "" when the error is not about one column */
	char message[208];
};

/* Owner: the run; free with org_onboard_report_free. */
struct ob_report {
	struct ob_error *items;
	size_t n;     /* kept */
	size_t total; /* found */
	bool oom;     /* an error could not be kept for want of memory: total stays right */
};

void org_onboard_report_init(struct ob_report *r);
void org_onboard_report_free(struct ob_report *r);
void org_onboard_report_add(struct ob_report *r, uint32_t row, const char *column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Sorts the kept errors by row, then column order, keeping the order of equal ones. */
void org_onboard_report_sort(struct ob_report *r);
/* {"rows": rows, "errors": [{row, column|null, message}], "errors_total": n}. New reference or NULL. */
json_t *org_onboard_report_json(const struct ob_report *r, uint32_t rows);
/* Writes text for a message: at most max bytes of s, cut at a character boundary, "..." when cut. */
void org_onboard_snippet(const char *s, size_t n, size_t max, char *out, size_t out_size);

/* --- validation of one record (onboard_rules.c) --- */

/* A record after validation: values trimmed and normalised (email lower-cased, mobile as ten digits).
 * v[c].s is NULL for an empty or absent value. Points into the record or into the buffers here. */
struct ob_clean {
	struct ob_field v[OB_NCOLS];
	int pay_level; /* 0 when empty */
	char email[256];
	char mobile[11];
};

/* Checks every present column of rec against the rules of POST /officials and fills out. Adds one error
 * per bad column to rep (row as given). Returns the number of errors added. Pure: no database. */
int org_onboard_check(const struct ob_record *rec, uint32_t row, struct ob_clean *out, struct ob_report *rep);

bool org_onboard_email_ok(const char *s, size_t n);
/* Normalises a mobile number (ten digits starting 6-9, optionally after +91) into out; false if bad. */
bool org_onboard_mobile_norm(const char *s, size_t n, char out[11]);
bool org_onboard_code_ok(const char *s, size_t n);
bool org_onboard_date_ok(const char *s, size_t n);

/* --- readers (onboard_csv.c, onboard_json.c) --- */

/* Called once per data row that has the header's shape. Returns 0 to go on, -1 to stop the read. */
typedef int (*ob_row_fn)(void *ctx, uint32_t row, const struct ob_record *rec);

/* What a read found out about the file as a whole. */
struct ob_read_result {
	uint32_t rows;    /* data rows (blank lines and lines of only commas are not rows) */
	uint32_t present; /* columns the file has */
	bool fatal;       /* the file could not be read to its end (not CSV, malformed quotes): in the report */
};

/* Reads CSV (RFC 4180, via libcsv in strict mode): the header row, then every data row. Errors of shape
 * (header, column count, UTF-8, quotes, not CSV at all, no data rows) go to rep; rows of the right shape
 * go to fn. Returns 0 when read (look at res->fatal), -1 when fn stopped it or memory ran out. */
int org_onboard_csv_read(const char *data, size_t len, struct ob_report *rep, ob_row_fn fn, void *ctx,
			 struct ob_read_result *res) OB_WUR;
/* The same for {"officials": [ {field: value, ...}, ... ]}. The file's columns are the union of the
 * fields its objects use; a field missing from one object counts as empty there. */
int org_onboard_json_read(json_t *root, struct ob_report *rep, ob_row_fn fn, void *ctx,
			  struct ob_read_result *res) OB_WUR;

/* --- a string-keyed hash map with a string pool (onboard_map.c) --- */

struct ob_slot {
	uint64_t hash;
	uint32_t off; /* into pool; UINT32_MAX when free */
	uint32_t value;
};

/* Owner: the run; free with org_ob_map_free. Keys are copied into the pool, NUL-terminated. SipHash with a
 * random key per map, so a crafted file cannot turn lookups quadratic. */
struct ob_map {
	struct ob_slot *slots;
	size_t cap; /* a power of two */
	size_t n;
	struct buf pool;
	unsigned char key[16];
};

int org_ob_map_init(struct ob_map *m, size_t expect) OB_WUR;
void org_ob_map_free(struct ob_map *m);
/* The value of key, or NULL. */
uint32_t *org_ob_map_get(const struct ob_map *m, const char *k, size_t n);
/* The value of key, inserting it with v when absent (*added says which). NULL when memory ran out. */
uint32_t *org_ob_map_put(struct ob_map *m, const char *k, size_t n, uint32_t v, bool *added);
/* Iterates: start with i = 0; returns the next index to pass, 0 when done. Keys stay valid until the
 * next put. */
size_t org_ob_map_next(const struct ob_map *m, size_t i, const char **key, uint32_t *value);
/* A 64-bit keyed hash of bytes (the map's key), for fingerprints. */
uint64_t org_ob_map_hash(const struct ob_map *m, const void *p, size_t n);

/* --- the run (onboard_run.c; its reads in onboard_db.c, its writes in onboard_write.c) --- */

enum ob_scope { OB_IN_SCOPE, OB_OUTSIDE, OB_UNKNOWN };

struct ob_org {
	int64_t id;
	int64_t ministry_id;
	enum ob_scope scope;
	bool active;
};

/* What pass 1 learnt about a row, and what the database holds for its official. */
struct ob_row {
	int64_t official_id; /* 0: a new official */
	int64_t old_org_id;
	uint64_t fp;             /* fingerprint of the stored values of the file's columns */
	uint64_t email_h;        /* hash of the stored email */
	int32_t old_designation; /* index in run->designations, -1 for none */
	uint32_t org;            /* index in run->orgs of the row's organisation */
	uint8_t old_status;      /* index in org_ob_statuses */
	uint8_t old_language;
	bool ok;          /* the row passed pass 1 */
	bool org_default; /* no org_code: a new official joins the upload's organisation, a known one stays
			   * where they are when that is inside it */
};

extern const char *const org_ob_statuses[3];
extern const char *const org_ob_languages[2];

struct ob_ministry {
	int64_t id;
	uint32_t rows; /* rows of the file in this ministry */
};

/* Owner: the handler; org_onboard_run_free releases everything. */
struct ob_run {
	struct db_conn *db;
	int64_t actor_id;
	int64_t org_id;     /* the organisation the file is for */
	uint32_t target;    /* its index in orgs */
	const char *format; /* "csv" or "json" */
	/* the file */
	const char *data;
	size_t len;
	json_t *json;
	struct ob_read_result read;
	/* organisations: the target's subtree, and codes looked up outside it */
	struct ob_org *orgs;
	size_t norgs, orgs_cap;
	struct ob_map orgs_by_code;
	struct ob_map subtree_by_id; /* decimal id -> index in orgs, for the subtree only */
	/* designations */
	struct ob_map designations; /* code -> index in designation_codes */
	char **designation_codes;
	size_t ndesignations;
	/* keys of pass 1 */
	struct ob_map codes;  /* "ministry_id:employee_code" -> row */
	struct ob_map emails; /* lower-cased email -> row */
	struct ob_row *rows;  /* rows[row - 1] */
	size_t rows_cap;
	struct ob_ministry *ministries;
	size_t nministries;
	/* organisations whose administration by the actor was asked: id -> 1 yes / 2 no */
	struct ob_map admin_cache;
	char *update_sql; /* UPDATE of the file's columns, made once per run */
	struct buf scratch;
	struct ob_report report;
	bool oom;
	/* counts of pass 2 */
	uint32_t staged; /* new officials waiting in onboard_stage */
	uint32_t created, updated, unchanged, transferred;
	int64_t run_id;
};

/* onboard_run.c */
/* Sets up an empty run. Returns 0 or -1 (out of memory; free it anyway). */
int org_onboard_run_init(struct ob_run *run, struct db_conn *db, int64_t actor, int64_t org_id) OB_WUR;
void org_onboard_run_free(struct ob_run *run);
/* Pass 1 and the checks against the database: every error lands in run->report. The file (data/len or
 * json) and format must be set. Returns 0, or a negative DB_ code (the report is then incomplete). */
int org_onboard_validate(struct ob_run *run) OB_WUR;
/* Pass 2: writes every row (the caller holds the transaction). Returns 0 or a negative DB_ code. */
int org_onboard_write(struct ob_run *run) OB_WUR;
/* Columns whose values the fingerprint covers; language, status and org are compared one by one. */
#define OB_FP_COLS                                                                                                     \
	(OB_BIT(OB_NAME) | OB_BIT(OB_NAME_HI) | OB_BIT(OB_EMAIL) | OB_BIT(OB_MOBILE) | OB_BIT(OB_DESIGNATION) |        \
	 OB_BIT(OB_GROUP) | OB_BIT(OB_SERVICE) | OB_BIT(OB_PAY_LEVEL) | OB_BIT(OB_DATE_OF_JOINING))
/* A keyed 64-bit fingerprint of the values in c of the columns in present & OB_FP_COLS. scratch is reused.
 * Returns 0 and sets *fp, or -1 when memory ran out. */
int org_onboard_fingerprint(const struct ob_map *m, const struct ob_clean *c, uint32_t present, struct buf *scratch,
			    uint64_t *fp) OB_WUR;
/* Adds an organisation; returns its index or -1 (out of memory). */
int org_ob_org_add(struct ob_run *run, int64_t id, int64_t ministry_id, const char *code, enum ob_scope scope,
		   bool active) OB_WUR;

/* onboard_db.c (reads and checks) and onboard_write.c (writes). All return 0 or a negative DB_ code. */
int org_ob_db_load_designations(struct ob_run *run) OB_WUR;
int org_ob_db_load_subtree(struct ob_run *run) OB_WUR;
/* The index of the organisation with this code (looked up once outside the subtree), or a negative DB_ code. */
int org_ob_db_org_by_code(struct ob_run *run, const char *code, size_t n, uint32_t *idx) OB_WUR;
/* Fills rows[] with the stored officials the file names (by ministry and employee code). */
int org_ob_db_load_existing(struct ob_run *run) OB_WUR;
/* Reports emails of the file that belong to another official. */
int org_ob_db_check_emails(struct ob_run *run) OB_WUR;
/* Reports rows that would move an official out of an organisation the actor does not administer. */
int org_ob_db_check_transfers(struct ob_run *run) OB_WUR;
/* Makes the (per-connection) temporary table new officials are staged in; call outside the transaction. */
int org_ob_db_stage_open(struct ob_run *run) OB_WUR;
/* Pass 2 for one row: update, transfer or nothing now; a new official is staged for org_ob_db_insert_new. */
int org_ob_db_write_row(struct ob_run *run, uint32_t row, const struct ob_clean *c) OB_WUR;
/* Inserts the staged officials and issues each an activation token (with its invitation). */
int org_ob_db_insert_new(struct ob_run *run) OB_WUR;
/* Records the run in onboarding_runs (errors = report total); sets run->run_id. */
int org_ob_db_record_run(struct ob_run *run, json_t *report) OB_WUR;

#endif
