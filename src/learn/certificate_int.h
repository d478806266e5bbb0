/* Private to src/learn's certificate files (certificates.c, verify_page.c, badges.c): one certificate as
 * stored, found by code, and the absolute links strangers open. */
#ifndef KY_LEARN_CERTIFICATE_INT_H
#define KY_LEARN_CERTIFICATE_INT_H

#include "learn/learn_int.h"

#include <jansson.h>
#include <stdbool.h>

#define LEARN_CERT_CODE_LEN 26

/* A certificates row with the official's current organisation. Strings live in the request's arena. */
struct learn_cert {
	int64_t id;
	const char *code;
	int64_t official_id;
	int64_t official_org_id; /* where the official works now: whose admins may see and revoke it */
	int64_t content_id;
	const char *name_en, *name_hi, *email;
	const char *title_en, *title_hi;
	int64_t provider_id;
	const char *provider_en, *provider_hi;
	const char *competencies; /* JSON text: [{"id", "code", "name_en", "name_hi", "level"}] */
	int64_t credited_minutes;
	int64_t issued_at;
	int64_t revoked_at; /* 0 when it stands */
	const char *revoke_reason;
};

/* True when s is a certificate code: exactly 26 characters of [a-z2-7]. */
bool learn_cert_code_valid(const char *s);
/* Loads the certificate with code into *c (strings in req's arena). Returns 1 found, 0 unknown, or a
 * negative DB_ code. */
int learn_cert_load(struct http_request *req, struct db_conn *db, const char *code, struct learn_cert *c)
	__attribute__((warn_unused_result));
/* The first certificate issued for content_id (what its Open Badges BadgeClass is drawn from). Returns 1
 * found, 0 none, or a negative DB_ code. */
int learn_cert_first_of_content(struct http_request *req, struct db_conn *db, int64_t content_id, struct learn_cert *c)
	__attribute__((warn_unused_result));
/* Up to limit of official_id's certificates issued before (before_at, before_id), newest first, into out
 * (room for limit; strings in req's arena); *n says how many. Returns 0 or a negative DB_ code. */
int learn_cert_page(struct http_request *req, struct db_conn *db, int64_t official_id, int64_t before_at,
		    int64_t before_id, int limit, struct learn_cert *out, int *n) __attribute__((warn_unused_result));
/* The {code} path parameter when it is a well-formed code; NULL with a 400 code_malformed reply when not. */
const char *learn_cert_code_param(struct http_request *req);
/* An absolute URL: the public base URL followed by the printf-formatted path, in req's arena (NULL when
 * out of memory). */
const char *learn_public_url(struct http_request *req, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The competencies snapshot as a JSON array (new reference; an empty array when the text is bad). */
json_t *learn_cert_competencies(const struct learn_cert *c);

/* GET /verify/{code}: the public HTML page the QR code opens (verify_page.c). */
void learn_verify_page(struct http_request *req);

#endif
