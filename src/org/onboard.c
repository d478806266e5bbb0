/* e-HRMS onboarding over HTTP: POST /orgs/{id}/onboarding takes a CSV or JSON file of officials and
 * answers with the run's counts, or 422 with every error and nothing changed. Each run is kept with its
 * report: GET /onboarding/{run_id} and GET /onboarding/{run_id}/report.csv give it back. */
#include "org/onboard_int.h"

#include "core/log.h"
#include "core/util.h"
#include "http/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BODY_LIMIT ((size_t)160 << 20)
#define JSON_LIMIT ((size_t)16 << 20)

/* A positive decimal id; false for anything else (which then answers 404). */
static bool parse_id(const char *s, int64_t *out)
{
	if (!s || !*s || strlen(s) > 18)
		return false;
	int64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return v > 0;
}

static void reply_db_error(struct http_request *req, int rc)
{
	if (rc == DB_BUSY)
		http_reply_problem(req, 503, "db_unavailable", "The database is busy; nothing was changed. Try again.");
	else
		http_reply_problem(req, 500, "internal", "The file could not be processed; nothing was changed.");
}

/* 1 when the organisation exists, 0 when not, negative on a database error. */
static int org_exists(struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM organisations WHERE id = $1");
	int rc = !st || db_bind_int64(st, 1, id) ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc;
}

/* The organisation of the upload, when it exists and the caller administers it; otherwise replies. */
static int authorise(struct http_request *req, struct db_conn *db, int64_t *org_id)
{
	if (!parse_id(http_param(req, "id"), org_id)) {
		http_reply_problem(req, 404, "not_found", "There is no organisation with this id.");
		return -1;
	}
	int found = org_exists(db, *org_id);
	if (found < 0) {
		reply_db_error(req, found);
		return -1;
	}
	if (!found) {
		http_reply_problem(req, 404, "not_found", "There is no organisation with this id.");
		return -1;
	}
	if (!org_can_admin(db, http_user(req)->id, *org_id)) {
		http_reply_problem(req, 403, "forbidden",
				   "You do not administer this organisation, so you cannot onboard officials into it.");
		return -1;
	}
	return 0;
}

static bool media_type_is(const char *ct, const char *type)
{
	size_t n = strcspn(ct, ";");
	while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	return n == strlen(type) && !strncasecmp(ct, type, n);
}

/* Reads the body as CSV or JSON by its Content-Type; replies 415, 413 or 400 when it cannot. */
static int take_body(struct http_request *req, struct ob_run *run)
{
	const char *ct = http_header(req, "Content-Type");
	/* Browsers on Windows label .csv files application/vnd.ms-excel; a real workbook is caught as not CSV. */
	if (ct && (media_type_is(ct, "text/csv") || media_type_is(ct, "application/csv") ||
		   media_type_is(ct, "application/vnd.ms-excel"))) {
		run->format = "csv";
		run->data = http_body(req, &run->len);
		return 0;
	}
	if (!ct || !media_type_is(ct, "application/json")) {
		http_reply_problem(req, 415, "unsupported_media_type",
				   "Send the file as CSV with Content-Type: text/csv, or as JSON with "
				   "Content-Type: application/json.");
		return -1;
	}
	size_t len;
	http_body(req, &len);
	if (len > JSON_LIMIT) {
		http_reply_problem(req, 413, "payload_too_large",
				   "JSON onboarding takes at most 16 MiB; send a larger file as CSV (up to 160 MiB).");
		return -1;
	}
	run->format = "json";
	run->json = http_body_json(req);
	return run->json ? 0 : -1;
}

static json_t *summary(const struct ob_run *run)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "run_id", (json_int_t)run->run_id, "rows",
			 (json_int_t)run->read.rows, "created", (json_int_t)run->created, "updated",
			 (json_int_t)run->updated, "unchanged", (json_int_t)run->unchanged, "transferred",
			 (json_int_t)run->transferred);
}

/* What a person reads first: the one error itself, or how many there are. */
static void rejection_detail(const struct ob_report *r, uint32_t rows, char *out, size_t size)
{
	const struct ob_error *e = r->n ? &r->items[0] : NULL;
	if (r->total == 1 && e && e->row && e->column[0])
		snprintf(out, size, "Row %" PRIu32 ", %s: %s. Nothing was changed.", e->row, e->column, e->message);
	else if (r->total == 1 && e && e->row)
		snprintf(out, size, "Row %" PRIu32 ": %s Nothing was changed.", e->row, e->message);
	else if (r->total == 1 && e && e->column[0])
		snprintf(out, size, "Header, %s: %s. Nothing was changed.", e->column, e->message);
	else if (r->total == 1 && e)
		snprintf(out, size, "%s Nothing was changed.", e->message);
	else
		snprintf(out, size,
			 "%zu errors in %" PRIu32 " row%s; nothing was changed. Fix the rows the report names and "
			 "upload the file again.",
			 r->total, rows, rows == 1 ? "" : "s");
}

/* 422 with the report; the run is recorded (outside any transaction) so its report can be fetched. */
static void reject(struct http_request *req, struct ob_run *run)
{
	org_onboard_report_sort(&run->report);
	json_t *report = org_onboard_report_json(&run->report, run->read.rows);
	if (!report) {
		http_reply_problem(req, 500, "internal", "The report could not be built; nothing was changed.");
		return;
	}
	if (org_ob_db_record_run(run, report))
		log_error("onboarding: the rejected run of org %" PRId64 " could not be recorded", run->org_id);
	char detail[400];
	rejection_detail(&run->report, run->read.rows, detail, sizeof detail);
	json_t *extra = json_pack("{s:o, s:o}", "report", report, "run_id",
				  run->run_id ? json_integer(run->run_id) : json_null());
	http_reply_problem_with(req, 422, "onboarding_rejected", detail, extra);
}

/* The run's row in onboarding_runs and its one audit entry (not one per official). */
static int record_and_audit(struct http_request *req, struct ob_run *run)
{
	json_t *report = org_onboard_report_json(&run->report, run->read.rows);
	int rc = report ? org_ob_db_record_run(run, report) : DB_ERROR;
	json_decref(report);
	json_t *after = rc ? NULL : summary(run);
	if (!rc && !after)
		rc = DB_ERROR;
	if (!rc) {
		char id[24];
		snprintf(id, sizeof id, "%" PRId64, run->run_id);
		json_object_set_new(after, "format", json_string(run->format));
		rc = http_audit(req, "onboarding.run", "onboarding_run", id, run->org_id, NULL, after);
	}
	json_decref(after);
	return rc;
}

/* Every row written, the run recorded and audited: one transaction, all or nothing. */
static int write_run(struct http_request *req, struct ob_run *run)
{
	int rc = org_ob_db_stage_open(run);
	if (!rc)
		rc = db_begin(run->db);
	if (!rc)
		rc = db_exec(run->db, "DELETE FROM onboard_stage");
	if (!rc)
		rc = org_onboard_write(run);
	if (!rc)
		rc = record_and_audit(req, run);
	if (!rc)
		rc = db_commit(run->db);
	if (rc)
		db_rollback(run->db);
	return rc;
}

static void commit(struct http_request *req, struct ob_run *run)
{
	int rc = write_run(req, run);
	if (rc == DB_CONSTRAINT) {
		http_reply_problem(req, 409, "conflict",
				   "Another change took an email or employee code of this file while it was being "
				   "checked; nothing was changed. Upload the file again.");
		return;
	}
	if (rc) {
		reply_db_error(req, rc);
		return;
	}
	log_info("onboarding run %" PRId64 ": org %" PRId64 ", %" PRIu32 " rows, %" PRIu32 " created, %" PRIu32
		 " updated, %" PRIu32 " transferred",
		 run->run_id, run->org_id, run->read.rows, run->created, run->updated, run->transferred);
	http_reply_json(req, 200, summary(run));
}

static void post_onboarding(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	int64_t org_id;
	if (!db || authorise(req, db, &org_id))
		return;
	struct ob_run run;
	if (org_onboard_run_init(&run, db, http_user(req)->id, org_id)) {
		http_reply_problem(req, 500, "internal", "The server is out of memory; nothing was changed.");
		goto out;
	}
	if (take_body(req, &run))
		goto out;
	int rc = org_onboard_validate(&run);
	if (rc || run.oom) {
		reply_db_error(req, rc ? rc : DB_ERROR);
		goto out;
	}
	if (run.report.total)
		reject(req, &run);
	else
		commit(req, &run);
out:
	org_onboard_run_free(&run);
}

/* --- the runs and their reports --- */

struct stored_run {
	int64_t org_id;
	json_t *json; /* the answer of GET /onboarding/{run_id} */
};

/* The answer of GET /onboarding/{run_id} from the row of onboarding_runs st stands on. */
static json_t *run_json(struct db_stmt *st, int64_t id)
{
	char at[32];
	util_iso8601(db_column_int64(st, 1), at);
	const char *text = db_column_text(st, 8);
	json_t *report = text ? json_loads(text, 0, NULL) : NULL;
	int64_t rows = db_column_int64(st, 3), created = db_column_int64(st, 4), updated = db_column_int64(st, 5),
		transferred = db_column_int64(st, 6), errors = db_column_int64(st, 7);
	int64_t unchanged = errors ? 0 : rows - created - updated - transferred;
	json_t *run = json_pack("{s:I, s:I, s:s, s:s, s:s}", "run_id", (json_int_t)id, "org_id",
				(json_int_t)db_column_int64(st, 0), "at", at, "format", db_column_text(st, 2), "status",
				errors ? "rejected" : "done");
	json_t *counts = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "rows", (json_int_t)rows, "created",
				   (json_int_t)created, "updated", (json_int_t)updated, "transferred",
				   (json_int_t)transferred, "unchanged", (json_int_t)unchanged, "errors",
				   (json_int_t)errors, "report", report ? report : json_null());
	if (!run || !counts || json_object_update(run, counts)) {
		json_decref(run);
		run = NULL;
	}
	json_decref(counts);
	return run;
}

/* 1 found (json set), 0 not found, negative on a database error. */
static int load_run(struct db_conn *db, int64_t id, struct stored_run *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT org_id, at, format, rows_total, rows_created, rows_updated, "
					    "rows_transferred, errors, report FROM onboarding_runs WHERE id = $1");
	int rc = !st || db_bind_int64(st, 1, id) ? DB_ERROR : db_step(st);
	if (rc == DB_ROW) {
		out->org_id = db_column_int64(st, 0);
		out->json = run_json(st, id);
	}
	db_finish(st);
	if (rc == DB_ROW && !out->json)
		return DB_ERROR;
	return rc == DB_ROW ? 1 : rc;
}

/* The run named in the path, when the caller administers its organisation; otherwise replies 404. */
static int visible_run(struct http_request *req, struct db_conn *db, int64_t *id, struct stored_run *run)
{
	int found = parse_id(http_param(req, "run_id"), id) ? load_run(db, *id, run) : 0;
	if (found < 0) {
		reply_db_error(req, found);
		return -1;
	}
	if (!found || !org_can_admin(db, http_user(req)->id, run->org_id)) {
		json_decref(run->json);
		http_reply_problem(req, 404, "not_found", "There is no onboarding run with this id.");
		return -1;
	}
	return 0;
}

static void get_run(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	int64_t id;
	struct stored_run run = {0};
	if (!db || visible_run(req, db, &id, &run))
		return;
	http_reply_json(req, 200, run.json);
}

/* A CSV cell: quoted when needed, and never starting like a spreadsheet formula. */
static int csv_cell(struct buf *b, const char *s, bool last)
{
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
	int rc = buf_puts(b, "\"");
	if (!rc && formula)
		rc = buf_puts(b, "'");
	for (const char *p = s; *p && !rc; p++)
		rc = *p == '"' ? buf_puts(b, "\"\"") : buf_append(b, p, 1);
	if (!rc)
		rc = buf_puts(b, last ? "\"\r\n" : "\",");
	return rc;
}

static int report_csv(json_t *report, struct buf *b)
{
	int rc = buf_puts(b, "row,column,message\r\n");
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(report, "errors"), i, e)
	{
		if (rc)
			break;
		const char *column = json_string_value(json_object_get(e, "column"));
		rc = buf_printf(b, "%" JSON_INTEGER_FORMAT ",", json_integer_value(json_object_get(e, "row")));
		if (!rc)
			rc = csv_cell(b, column ? column : "", false);
		if (!rc)
			rc = csv_cell(b, json_string_value(json_object_get(e, "message")), true);
	}
	json_int_t total = json_integer_value(json_object_get(report, "errors_total"));
	size_t kept = json_array_size(json_object_get(report, "errors"));
	if (!rc && (size_t)total > kept)
		rc = buf_printf(b,
				",,\"%" JSON_INTEGER_FORMAT
				" more errors are not listed; fix these and upload again to "
				"see them.\"\r\n",
				total - (json_int_t)kept);
	return rc;
}

static void get_report_csv(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	int64_t id;
	struct stored_run run = {0};
	if (!db || visible_run(req, db, &id, &run))
		return;
	struct buf b;
	buf_init(&b, 4u << 20);
	if (report_csv(json_object_get(run.json, "report"), &b)) {
		http_reply_problem(req, 500, "internal", "The report could not be built.");
	} else {
		char disposition[96];
		snprintf(disposition, sizeof disposition, "attachment; filename=\"onboarding-%" PRId64 "-report.csv\"",
			 id);
		http_add_header(req, "Content-Disposition", disposition);
		http_reply_bytes(req, 200, "text/csv; charset=utf-8", b.data ? b.data : "", b.len);
	}
	buf_free(&b);
	json_decref(run.json);
}

const struct http_route org_onboarding_routes[] = {
	{"POST", "/api/v1/orgs/{id}/onboarding", post_onboarding, HTTP_SESSION, BODY_LIMIT},
	{"GET", "/api/v1/onboarding/{run_id}", get_run, HTTP_SESSION, 0},
	{"GET", "/api/v1/onboarding/{run_id}/report.csv", get_report_csv, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
