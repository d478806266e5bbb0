/* Certificates as stored: the code rule, reading one by code or the first of a content item, and the
 * absolute links (verification page, badge ids) built from the public base URL. */
#include "learn/certificate_int.h"

#include "core/buf.h"
#include "core/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool learn_cert_code_valid(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++) {
		char ch = s[n];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '2' && ch <= '7')) || n >= LEARN_CERT_CODE_LEN)
			return false;
	}
	return n == LEARN_CERT_CODE_LEN;
}

const char *learn_cert_code_param(struct http_request *req)
{
	const char *code = http_param(req, "code");
	if (code && learn_cert_code_valid(code))
		return code;
	http_reply_problem(req, 400, "code_malformed",
			   "A certificate code is 26 characters of lower-case letters a-z and digits 2-7; check "
			   "the link or type the code again.");
	return NULL;
}

#define CERT_COLUMNS                                                                                                   \
	"c.id, c.code, c.official_id, o.org_id, c.content_id, c.official_name_en, c.official_name_hi, "                \
	"c.official_email, c.title_en, c.title_hi, c.provider_id, c.provider_name_en, c.provider_name_hi, "            \
	"c.competencies, c.credited_minutes, c.issued_at, c.revoked_at, c.revoke_reason "                              \
	"FROM certificates c JOIN officials o ON o.id = c.official_id "

static const char *dup_or_null(struct http_request *req, struct db_stmt *st, int col, bool *oom)
{
	const char *s = db_column_text(st, col);
	if (!s)
		return NULL;
	char *copy = arena_strdup(http_arena(req), s);
	if (!copy)
		*oom = true;
	return copy;
}

static bool from_row(struct http_request *req, struct db_stmt *st, struct learn_cert *c)
{
	bool oom = false;
	c->id = db_column_int64(st, 0);
	c->code = dup_or_null(req, st, 1, &oom);
	c->official_id = db_column_int64(st, 2);
	c->official_org_id = db_column_int64(st, 3);
	c->content_id = db_column_int64(st, 4);
	c->name_en = dup_or_null(req, st, 5, &oom);
	c->name_hi = dup_or_null(req, st, 6, &oom);
	c->email = dup_or_null(req, st, 7, &oom);
	c->title_en = dup_or_null(req, st, 8, &oom);
	c->title_hi = dup_or_null(req, st, 9, &oom);
	c->provider_id = db_column_int64(st, 10);
	c->provider_en = dup_or_null(req, st, 11, &oom);
	c->provider_hi = dup_or_null(req, st, 12, &oom);
	c->competencies = dup_or_null(req, st, 13, &oom);
	c->credited_minutes = db_column_int64(st, 14);
	c->issued_at = db_column_int64(st, 15);
	c->revoked_at = db_column_null(st, 16) ? 0 : db_column_int64(st, 16);
	c->revoke_reason = dup_or_null(req, st, 17, &oom);
	return !oom;
}

/* Steps st (bound) once and reads the row. 1 found, 0 none, negative on error. */
static int read_one(struct http_request *req, struct db_stmt *st, struct learn_cert *c)
{
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = from_row(req, st, c) ? 1 : DB_ERROR;
	else if (rc == DB_DONE)
		rc = 0;
	db_finish(st);
	return rc;
}

int learn_cert_load(struct http_request *req, struct db_conn *db, const char *code, struct learn_cert *c)
{
	struct db_stmt *st = db_prepare(db, "SELECT " CERT_COLUMNS "WHERE c.code = $1");
	if (!st || db_bind_text(st, 1, code)) {
		db_finish(st);
		return DB_ERROR;
	}
	return read_one(req, st, c);
}

int learn_cert_first_of_content(struct http_request *req, struct db_conn *db, int64_t content_id, struct learn_cert *c)
{
	struct db_stmt *st =
		db_prepare(db, "SELECT " CERT_COLUMNS "WHERE c.content_id = $1 ORDER BY c.issued_at, c.id LIMIT 1");
	if (!st || db_bind_int64(st, 1, content_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	return read_one(req, st, c);
}

int learn_cert_page(struct http_request *req, struct db_conn *db, int64_t official_id, int64_t before_at,
		    int64_t before_id, int limit, struct learn_cert *out, int *n)
{
	/* Newest first; the key is (issued_at, id), so certificates issued in the same millisecond still page. */
	struct db_stmt *st = db_prepare(db, "SELECT " CERT_COLUMNS "WHERE c.official_id = $1 AND (c.issued_at, c.id) < "
					    "(CAST($2 AS BIGINT), CAST($3 AS BIGINT)) ORDER BY c.issued_at DESC, c.id "
					    "DESC LIMIT $4");
	*n = 0;
	if (!st || db_bind_int64(st, 1, official_id) || db_bind_int64(st, 2, before_at) ||
	    db_bind_int64(st, 3, before_id) || db_bind_int64(st, 4, limit)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW && *n < limit) {
		if (!from_row(req, st, &out[*n])) {
			rc = DB_ERROR;
			break;
		}
		(*n)++;
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

const char *learn_public_url(struct http_request *req, const char *fmt, ...)
{
	const char *base = http_config(req)->public_url;
	struct buf b;
	buf_init(&b, 4096);
	va_list ap;
	va_start(ap, fmt);
	int rc = buf_puts(&b, base ? base : "");
	if (!rc)
		rc = buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char *out = rc ? NULL : arena_strdup(http_arena(req), b.data);
	buf_free(&b);
	return out;
}

json_t *learn_cert_competencies(const struct learn_cert *c)
{
	json_t *v = c->competencies ? json_loads(c->competencies, 0, NULL) : NULL;
	if (!json_is_array(v)) {
		json_decref(v);
		return json_array();
	}
	return v;
}
