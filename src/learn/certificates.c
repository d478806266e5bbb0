/* Certificates: my list, one certificate as JSON and as PDF (its owner, or an admin over the official's
 * organisation), revocation by such an admin with a reason (audited), and the public verification JSON.
 * The PDF is rendered on each request (about a few ms, see docs): nothing to keep in step on disk when a
 * certificate is revoked, and any number of processes serve the same bytes; its ETag (code + revoked
 * state + layout version) lets a client skip the download when it already has it. */
#include "learn/certificate_int.h"
#include "learn/certificate_pdf.h"

#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"
#include "http/list.h"
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bump when the PDF's layout changes, so clients holding the old one fetch the new. */
#define PDF_LAYOUT_VERSION 1
#define REASON_MAX 500

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* What owners and admins see. */
static json_t *cert_json(struct http_request *req, const struct learn_cert *c)
{
	return json_pack("{s:s, s:s, s:I, s:s, s:o, s:{s:I, s:s, s:o}, s:{s:I, s:s, s:o}, s:o, s:I, s:o, s:o, s:o, "
			 "s:s?, s:s?, s:s?}",
			 "code", c->code, "status", c->revoked_at ? "revoked" : "valid", "content_id",
			 (json_int_t)c->content_id, "title_en", c->title_en, "title_hi", text_or_null(c->title_hi),
			 "official", "id", (json_int_t)c->official_id, "name_en", c->name_en, "name_hi",
			 text_or_null(c->name_hi), "provider", "id", (json_int_t)c->provider_id, "name_en",
			 c->provider_en, "name_hi", text_or_null(c->provider_hi), "competencies",
			 learn_cert_competencies(c), "credited_minutes", (json_int_t)c->credited_minutes, "issued_at",
			 learn_time_json(c->issued_at), "revoked_at", learn_time_json(c->revoked_at), "revoke_reason",
			 text_or_null(c->revoke_reason), "verify_url", learn_public_url(req, "/verify/%s", c->code),
			 "pdf_url", learn_public_url(req, "/api/v1/certificates/%s/pdf", c->code), "badge_url",
			 learn_public_url(req, "/badges/v2/assertions/%s", c->code));
}

/* Loads the {code} certificate for its owner or an admin over the official's organisation. Returns 0, or
 * -1 with the reply set (400 malformed, 404 unknown, 403 someone else's, 503). */
static int load_visible(struct http_request *req, struct db_conn *db, struct learn_cert *c, bool admin_only)
{
	const char *code = learn_cert_code_param(req);
	if (!code)
		return -1;
	int rc = learn_cert_load(req, db, code, c);
	if (rc < 0) {
		http_reply_db_error(req);
		return -1;
	}
	if (rc == 0) {
		http_reply_not_found(req, "certificate");
		return -1;
	}
	int64_t me = http_user(req)->id;
	if (!admin_only && c->official_id == me)
		return 0;
	if (org_can_admin(db, me, c->official_org_id))
		return 0;
	http_reply_problem(req, 403, "forbidden",
			   admin_only
				   ? "Only an administrator of the official's organisation may revoke a certificate."
				   : "This certificate belongs to another official; only they and the administrators "
				     "of their organisation may open it. Anyone may check it at its /verify link.");
	return -1;
}

/* ---- GET /api/v1/me/certificates ---- */

static int cursor_time(struct http_request *req, const struct http_list *list, int64_t *issued_at)
{
	*issued_at = INT64_MAX;
	if (!*list->key)
		return 0;
	char *end;
	long long v = strtoll(list->key, &end, 10);
	if (*end || v < 0) {
		json_t *errors = NULL;
		http_field_error(&errors, "cursor", "is not a cursor this list gave out; start again without it");
		http_reply_invalid(req, errors);
		return -1;
	}
	*issued_at = v;
	return 0;
}

static void list_mine(struct http_request *req)
{
	struct http_list list;
	int64_t before;
	struct db_conn *db = http_db(req);
	if (http_list_params(req, &list) || !db || cursor_time(req, &list, &before))
		return;
	if (!*list.key)
		list.id = INT64_MAX;
	struct learn_cert *rows = arena_alloc(http_arena(req), (size_t)(list.limit + 1) * sizeof *rows);
	int n = 0;
	if (!rows || learn_cert_page(req, db, http_user(req)->id, before, list.id, list.limit + 1, rows, &n)) {
		http_reply_db_error(req);
		return;
	}
	bool more = n > list.limit;
	if (more)
		n = list.limit;
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		if (json_array_append_new(items, cert_json(req, &rows[i]))) {
			json_decref(items);
			http_reply_db_error(req);
			return;
		}
	}
	const char *cursor = NULL;
	if (more) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)rows[n - 1].issued_at);
		cursor = http_list_cursor(req, key, rows[n - 1].id);
	}
	http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", text_or_null(cursor)));
}

/* ---- GET /api/v1/certificates/{code} ---- */

static void get_one(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct learn_cert c;
	if (!db || load_visible(req, db, &c, false))
		return;
	http_reply_json(req, 200, cert_json(req, &c));
}

/* ---- GET /api/v1/certificates/{code}/pdf ---- */

static bool etag_matches(const char *header, const char *etag)
{
	return header && (strstr(header, etag) || !strcmp(header, "*"));
}

/* The PDF's document from the stored row; competencies parsed into the request's arena. */
static int doc_of(struct http_request *req, const struct learn_cert *c, struct learn_cert_doc *d)
{
	json_t *comps = learn_cert_competencies(c);
	size_t n = json_array_size(comps);
	struct learn_cert_competency *list = n ? arena_alloc(http_arena(req), n * sizeof *list) : NULL;
	if (n && !list) {
		json_decref(comps);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(comps, i);
		const char *en = json_string_value(json_object_get(e, "name_en"));
		const char *hi = json_string_value(json_object_get(e, "name_hi"));
		list[i].name_en = arena_strdup(http_arena(req), en ? en : "");
		list[i].name_hi = hi ? arena_strdup(http_arena(req), hi) : NULL;
		list[i].level = (int)json_integer_value(json_object_get(e, "level"));
	}
	json_decref(comps);
	*d = (struct learn_cert_doc){
		.code = c->code,
		.name_en = c->name_en,
		.name_hi = c->name_hi,
		.title_en = c->title_en,
		.title_hi = c->title_hi,
		.provider_en = c->provider_en,
		.provider_hi = c->provider_hi,
		.issued_at = c->issued_at,
		.revoked_at = c->revoked_at,
		.revoke_reason = c->revoke_reason,
		.competencies = list,
		.ncompetencies = n,
		.verify_url = learn_public_url(req, "/verify/%s", c->code),
	};
	return d->verify_url ? 0 : -1;
}

static void get_pdf(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct learn_cert c;
	if (!db || load_visible(req, db, &c, false))
		return;
	char etag[80], disposition[96];
	snprintf(etag, sizeof etag, "\"cert-%s-%lld-v%d\"", c.code, (long long)c.revoked_at, PDF_LAYOUT_VERSION);
	http_add_header(req, "ETag", etag);
	if (etag_matches(http_header(req, "If-None-Match"), etag)) {
		http_reply_empty(req, 304);
		return;
	}
	struct learn_cert_doc d;
	struct buf pdf;
	buf_init(&pdf, LEARN_CERT_PDF_CAP);
	if (doc_of(req, &c, &d) || learn_certificate_pdf(&d, &pdf)) {
		buf_free(&pdf);
		http_reply_problem(req, 500, "pdf_failed", "The certificate could not be drawn; try again later.");
		return;
	}
	snprintf(disposition, sizeof disposition, "attachment; filename=\"karmayogi-certificate-%s.pdf\"", c.code);
	http_add_header(req, "Content-Disposition", disposition);
	http_reply_bytes(req, 200, "application/pdf", pdf.data, pdf.len);
	buf_free(&pdf);
}

/* ---- POST /api/v1/certificates/{code}/revoke ---- */

static const char *read_reason(struct http_request *req)
{
	json_t *body = http_body_json(req);
	if (!body)
		return NULL;
	static const char *const known[] = {"reason", NULL};
	json_t *errors = NULL;
	const char *reason = NULL;
	bool present = false;
	http_reject_unknown(body, known, "a revocation", &errors);
	if (!http_take_string(body, "reason", NULL, REASON_MAX, false, &reason, &present, &errors) && !present)
		http_field_error(&errors, "reason",
				 "is required: say why the certificate is revoked (1 to 500 "
				 "characters)");
	const char *out = reason && !errors ? arena_strdup(http_arena(req), reason) : NULL;
	json_decref(body);
	if (errors)
		http_reply_invalid(req, errors);
	else if (!out)
		http_reply_db_error(req);
	return out;
}

/* 1 revoked now, 0 already revoked, negative on a database error. */
static int mark_revoked(struct db_conn *db, const char *code, int64_t at, int64_t by, const char *reason)
{
	struct db_stmt *st = db_prepare(db, "UPDATE certificates SET revoked_at = $1, revoked_by = $2, revoke_reason = "
					    "$3 WHERE code = $4 AND revoked_at IS NULL");
	if (!st || db_bind_int64(st, 1, at) || db_bind_int64(st, 2, by) || db_bind_text(st, 3, reason) ||
	    db_bind_text(st, 4, code)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	db_finish(st);
	return rc < 0 ? rc : db_changes(db) > 0;
}

static void revoke(struct http_request *req)
{
	struct db_conn *db = http_db(req);
	struct learn_cert c;
	if (!db || load_visible(req, db, &c, true))
		return;
	if (c.revoked_at) {
		http_reply_conflict(req, "This certificate is already revoked.");
		return;
	}
	const char *reason = read_reason(req);
	if (!reason)
		return;
	json_t *before = cert_json(req, &c), *after = NULL;
	int rc = db_begin(db);
	if (!rc)
		rc = mark_revoked(db, c.code, util_now_ms(), http_user(req)->id, reason);
	if (rc == 1) {
		rc = learn_cert_load(req, db, c.code, &c) == 1 ? 0 : DB_ERROR;
		if (!rc && !(after = cert_json(req, &c)))
			rc = DB_ERROR;
		if (!rc)
			rc = http_audit(req, "certificate.revoke", "certificate", c.code, c.official_org_id, before,
					after);
		if (!rc)
			rc = db_commit(db);
	} else if (rc == 0) {
		rc = 1; /* revoked by someone else meanwhile */
	}
	json_decref(before);
	if (rc) {
		db_rollback(db);
		json_decref(after);
		if (rc == 1)
			http_reply_conflict(req, "This certificate is already revoked.");
		else
			http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, after);
}

/* ---- GET /api/v1/verify/{code}: public ---- */

static void verify_json(struct http_request *req)
{
	const char *code = learn_cert_code_param(req);
	struct db_conn *db = code ? http_db(req) : NULL;
	if (!db)
		return;
	struct learn_cert c;
	int rc = learn_cert_load(req, db, code, &c);
	if (rc < 0) {
		http_reply_db_error(req);
		return;
	}
	if (rc == 0) {
		http_reply_problem_with(req, 404, "certificate_unknown",
					"No certificate has this code. Check the code, or ask the official for "
					"their link.",
					json_pack("{s:s}", "verification_status", "unknown"));
		return;
	}
	/* A stranger sees what the certificate says, never who else can see it or the official's email. */
	http_reply_json(req, 200,
			json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:s}", "status",
				  c.revoked_at ? "revoked" : "valid", "code", c.code, "name", c.name_en, "name_hi",
				  text_or_null(c.name_hi), "title", c.title_en, "title_hi", text_or_null(c.title_hi),
				  "provider", c.provider_en, "provider_hi", text_or_null(c.provider_hi), "issued_at",
				  learn_time_json(c.issued_at), "revoked_at", learn_time_json(c.revoked_at), "reason",
				  text_or_null(c.revoked_at ? c.revoke_reason : NULL), "competencies",
				  learn_cert_competencies(&c), "verify_url",
				  learn_public_url(req, "/verify/%s", c.code)));
}

const struct http_route learn_certificate_routes[] = {
	{"GET", "/api/v1/me/certificates", list_mine, HTTP_SESSION, 0},
	{"GET", "/api/v1/certificates/{code}", get_one, HTTP_SESSION, 0},
	{"GET", "/api/v1/certificates/{code}/pdf", get_pdf, HTTP_SESSION, 0},
	{"POST", "/api/v1/certificates/{code}/revoke", revoke, HTTP_SESSION, 4096},
	{"GET", "/api/v1/verify/{code}", verify_json, HTTP_PUBLIC, 0},
	{"GET", "/verify/{code}", learn_verify_page, HTTP_PUBLIC, 0},
	{NULL, NULL, NULL, NULL, 0},
};
