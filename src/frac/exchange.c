/* Import and export of the competency framework (format karmayogi-frac/1, JSON or one CSV file): the HTTP
 * side. An import is all-or-nothing: every row is checked first, and a file with any error changes nothing
 * and is answered with every error by row. The reading, checking and writing live in exchange_*.c. */
#include "frac/exchange_int.h"

#include "core/log.h"
#include "http/audit.h"
#include "http/input.h"
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BODY_LIMIT ((size_t)16 << 20)

static bool media_type_is(const char *ct, const char *type)
{
	size_t n = strcspn(ct, ";");
	while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	return n == strlen(type) && !strncasecmp(ct, type, n);
}

static bool parse_id(const char *s, int64_t *out)
{
	if (!s || !*s || strlen(s) > 18 || s[strspn(s, "0123456789")])
		return false;
	*out = strtoll(s, NULL, 10);
	return *out > 0;
}

/* ?org_id= and ?dry_run=; 422 when malformed or the organisation is unknown. */
static int read_params(struct http_request *req, struct ex_run *run)
{
	json_t *errors = NULL;
	const char *org = http_query(req, "org_id"), *dry = http_query(req, "dry_run");
	int64_t ministry;
	if (org && !parse_id(org, &run->org_id))
		http_field_error(&errors, "org_id", "must be the id of an organisation");
	else if (org && org_ministry_of(run->db, run->org_id, &ministry) == 0)
		http_field_error(&errors, "org_id", "there is no organisation with this id");
	if (dry && strcmp(dry, "0") && strcmp(dry, "1"))
		http_field_error(&errors, "dry_run", "must be 0 or 1");
	run->dry_run = dry && !strcmp(dry, "1");
	if (errors) {
		http_reply_invalid(req, errors);
		return -1;
	}
	return 0;
}

/* SPV admins import anything; MDO admins roles of organisations they administer, and competencies only as
 * the dictionary has them. Replies 403 otherwise. */
static int authorise(struct http_request *req, struct ex_run *run)
{
	run->spv = org_has_role_anywhere(run->db, run->actor, "spv_admin");
	if (!run->spv && !org_has_role_anywhere(run->db, run->actor, "mdo_admin")) {
		http_reply_problem(req, 403, "forbidden", "Only MDO and SPV admins import a competency framework.");
		return -1;
	}
	if (run->org_id && !org_can_admin(run->db, run->actor, run->org_id)) {
		http_reply_problem(req, 403, "forbidden",
				   "You do not administer this organisation, so you cannot import roles for it.");
		return -1;
	}
	return 0;
}

/* Reads the body as CSV or JSON by its Content-Type into the run; replies 415 or 400 when it cannot, 500
 * when memory ran out. */
static int read_body(struct http_request *req, struct ex_run *run, json_t **root)
{
	const char *ct = http_header(req, "Content-Type");
	int rc;
	/* Browsers on Windows label .csv files application/vnd.ms-excel. */
	if (ct && (media_type_is(ct, "text/csv") || media_type_is(ct, "application/csv") ||
		   media_type_is(ct, "application/vnd.ms-excel"))) {
		size_t len;
		const char *data = http_body(req, &len);
		rc = ex_csv_read(run, data, len);
	} else if (ct && media_type_is(ct, "application/json")) {
		if (!(*root = http_body_json(req)))
			return -1;
		rc = ex_json_read(run, *root);
	} else {
		http_reply_problem(req, 415, "unsupported_media_type",
				   "Send the framework as JSON with Content-Type: application/json, or as CSV with "
				   "Content-Type: text/csv.");
		return -1;
	}
	if (rc)
		http_reply_problem(req, 500, "internal", "The server ran out of memory reading the file; nothing was changed.");
	return rc;
}

/* What a person reads first: the one error itself, or how many there are. */
static void rejection_detail(const struct ex_run *run, json_t *report, char *out, size_t size)
{
	json_t *e = json_array_get(json_object_get(report, "errors"), 0);
	json_t *row = json_object_get(e, "row");
	const char *field = json_string_value(json_object_get(e, "field"));
	const char *message = json_string_value(json_object_get(e, "message"));
	char at[96] = "";
	if (json_is_integer(row))
		snprintf(at, sizeof at, "Line %" JSON_INTEGER_FORMAT "%s%s: ", json_integer_value(row), field ? ", " : "",
			 field ? field : "");
	else if (json_is_string(row))
		snprintf(at, sizeof at, "%.80s: ", json_string_value(row));
	else if (field)
		snprintf(at, sizeof at, "%.80s: ", field);
	if (run->errors_total == 1 && message)
		snprintf(out, size, "%s%s. Nothing was changed.", at, message);
	else
		snprintf(out, size,
			 "%zu errors; nothing was changed. Fix the rows the report names and import the file again.",
			 run->errors_total);
}

static void reject(struct http_request *req, struct ex_run *run)
{
	json_t *report = ex_report_json(run, false);
	if (!report) {
		http_reply_problem(req, 500, "internal", "The report could not be built; nothing was changed.");
		return;
	}
	char detail[700];
	rejection_detail(run, report, detail, sizeof detail);
	http_reply_problem_with(req, 422, "import_rejected", detail, report);
}

static json_t *summary(const struct ex_run *run)
{
	return json_pack("{s:s, s:I, s:{s:I, s:I, s:I}, s:{s:I, s:I, s:I}}", "format",
			 run->format == EX_CSV ? "csv" : "json", "org_id", (json_int_t)run->org_id, "competencies",
			 "created", (json_int_t)run->comp_n.created, "updated", (json_int_t)run->comp_n.updated,
			 "unchanged", (json_int_t)run->comp_n.unchanged, "roles", "created", (json_int_t)run->role_n.created,
			 "updated", (json_int_t)run->role_n.updated, "unchanged", (json_int_t)run->role_n.unchanged);
}

/* Every change and one entry for the import as a whole, in one transaction. */
static int apply(struct http_request *req, struct ex_run *run)
{
	int rc = db_begin(run->db);
	if (!rc)
		rc = ex_write(req, run);
	json_t *after = rc ? NULL : summary(run);
	if (!rc)
		rc = after ? http_audit(req, "framework.import", "framework", "import", run->org_id, NULL, after) : DB_ERROR;
	json_decref(after);
	if (!rc)
		rc = db_commit(run->db);
	if (rc)
		db_rollback(run->db);
	return rc;
}

static void commit(struct http_request *req, struct ex_run *run)
{
	int rc = apply(req, run);
	if (rc == 1 || rc == DB_CONSTRAINT) {
		http_reply_conflict(req, "The framework changed while this file was being checked (a code was taken "
					 "or an extends changed); nothing was changed. Import the file again.");
		return;
	}
	if (rc) {
		http_reply_db_error(req);
		return;
	}
	log_info("framework import by %lld for org %lld: competencies %u created, %u updated; roles %u created, "
		 "%u updated",
		 (long long)run->actor, (long long)run->org_id, run->comp_n.created, run->comp_n.updated,
		 run->role_n.created, run->role_n.updated);
	http_reply_json(req, 200, ex_report_json(run, true));
}

static void post_import(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	if (!db)
		return;
	struct ex_run run;
	json_t *root = NULL;
	ex_run_init(&run, db, http_user(req)->id);
	run.actor_org = http_user(req)->org_id;
	if (read_params(req, &run) || authorise(req, &run) || read_body(req, &run, &root))
		goto out;
	int rc = ex_check(&run);
	if (rc) {
		http_reply_db_error(req);
		goto out;
	}
	if (run.errors_total)
		reject(req, &run);
	else if (run.dry_run)
		http_reply_json(req, 200, ex_report_json(&run, false));
	else
		commit(req, &run);
out:
	ex_run_free(&run);
	json_decref(root);
}

const struct http_route frac_exchange_routes[] = {
	{"GET", "/api/v1/framework/export", ex_export, HTTP_SESSION, 0},
	{"POST", "/api/v1/framework/import", post_import, HTTP_SESSION, BODY_LIMIT},
	{NULL, NULL, NULL, NULL, 0},
};
