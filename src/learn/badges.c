/* Open Badges 2.0 hosted verification: every certificate is an Assertion, its content item a BadgeClass
 * and the platform the Issuer, each JSON-LD at a stable public URL built from the public base URL. A
 * revoked assertion answers 410 Gone with revoked: true and the reason, as the specification asks.
 * The BadgeClass is drawn from the first certificate issued for the content (the snapshot of its title,
 * provider and competencies), so it never changes under the assertions that point at it. */
#include "learn/certificate_int.h"

#include "core/buf.h"
#include "core/util.h"
#include "http/input.h"
#include "http/list.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define OB_CONTEXT "https://w3id.org/openbadges/v2"
#define LD_JSON "application/ld+json"

static void reply_ld(struct http_request *req, int status, json_t *v)
{
	char *text = v ? json_dumps(v, JSON_COMPACT) : NULL;
	json_decref(v);
	if (!text) {
		http_reply_problem(req, 500, "internal", "The server could not build its answer.");
		return;
	}
	http_reply_bytes(req, status, LD_JSON, text, strlen(text));
	free(text);
}

/* "support@<host of the public URL>": where a badge consumer writes to the platform. */
static const char *issuer_email(struct http_request *req)
{
	const char *base = http_config(req)->public_url;
	const char *host = base ? strstr(base, "://") : NULL;
	host = host ? host + 3 : "localhost";
	size_t n = strcspn(host, ":/");
	char out[300];
	snprintf(out, sizeof out, "support@%.*s", (int)(n < 250 ? n : 250), host);
	return arena_strdup(http_arena(req), out);
}

static void get_issuer(struct http_request *req)
{
	reply_ld(req, 200,
		 json_pack(
			 "{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "@context", OB_CONTEXT, "type", "Issuer", "id",
			 learn_public_url(req, "/badges/v2/issuer"), "name", "Karmayogi", "url",
			 learn_public_url(req, "/"), "email", issuer_email(req), "description",
			 "Karmayogi, the capacity-building platform of the civil services (Mission Karmayogi, iGOT)."));
}

/* {content_id} as a positive id, or -1 with a 400 reply. */
static int content_param(struct http_request *req, int64_t *id)
{
	const char *s = http_param(req, "content_id");
	char *end = NULL;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || v <= 0 || !isdigit((unsigned char)s[0])) {
		http_reply_problem(req, 400, "content_id_malformed",
				   "A badge class is named by a content id: a "
				   "positive whole number.");
		return -1;
	}
	*id = v;
	return 0;
}

/* Loads the first certificate of {content_id}. 0, or -1 with the reply set. */
static int load_class(struct http_request *req, struct learn_cert *c)
{
	int64_t id;
	struct db_conn *db;
	if (content_param(req, &id) || !(db = http_db(req)))
		return -1;
	int rc = learn_cert_first_of_content(req, db, id, c);
	if (rc < 0)
		http_reply_db_error(req);
	else if (rc == 0)
		http_reply_problem(req, 404, "badge_class_unknown",
				   "No badge has been awarded for this content yet, so it has no badge class.");
	return rc == 1 ? 0 : -1;
}

static json_t *alignment(struct http_request *req, const struct learn_cert *c)
{
	json_t *list = learn_cert_competencies(c), *out = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
	{
		json_int_t id = json_integer_value(json_object_get(e, "id"));
		const char *name = json_string_value(json_object_get(e, "name_en"));
		const char *code = json_string_value(json_object_get(e, "code"));
		char level[40];
		snprintf(level, sizeof level, "Proficiency level %d of 5",
			 (int)json_integer_value(json_object_get(e, "level")));
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s?, s:s}", "targetName", name ? name : "",
						     "targetUrl",
						     learn_public_url(req, "/#/competencies/%lld", (long long)id),
						     "targetDescription", level, "targetCode", code, "targetFramework",
						     "Karmayogi competency framework (FRAC)"));
	}
	json_decref(list);
	return out;
}

static void get_class(struct http_request *req)
{
	struct learn_cert c;
	if (load_class(req, &c))
		return;
	char description[1200];
	snprintf(description, sizeof description,
		 "Awarded by Karmayogi to an official who completed \"%.400s\", offered "
		 "by %.400s.",
		 c.title_en, c.provider_en);
	char narrative[1200];
	snprintf(narrative, sizeof narrative,
		 "Complete every required resource (and pass any required assessment) "
		 "of \"%.400s\" on Karmayogi. Completion is recorded by the platform, never claimed.",
		 c.title_en);
	reply_ld(req, 200,
		 json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:s, s:o, s:[s]}", "@context", OB_CONTEXT,
			   "type", "BadgeClass", "id",
			   learn_public_url(req, "/badges/v2/classes/%lld", (long long)c.content_id), "name",
			   c.title_en, "description", description, "image",
			   learn_public_url(req, "/badges/v2/classes/%lld/image", (long long)c.content_id), "criteria",
			   "id", learn_public_url(req, "/#/contents/%lld", (long long)c.content_id), "narrative",
			   narrative, "issuer", learn_public_url(req, "/badges/v2/issuer"), "alignment",
			   alignment(req, &c), "tags", "karmayogi"));
}

/* Appends s with XML's five characters escaped. */
static int xml_esc(struct buf *b, const char *s)
{
	int rc = 0;
	for (const char *p = s; *p && !rc; p++) {
		switch (*p) {
		case '&': rc = buf_puts(b, "&amp;"); break;
		case '<': rc = buf_puts(b, "&lt;"); break;
		case '>': rc = buf_puts(b, "&gt;"); break;
		case '"': rc = buf_puts(b, "&quot;"); break;
		case '\'': rc = buf_puts(b, "&apos;"); break;
		default: rc = buf_append(b, p, 1);
		}
	}
	return rc;
}

/* Up to max characters of s (whole UTF-8 sequences), "…" when cut, in the request's arena. */
static const char *shorten(struct http_request *req, const char *s, size_t max)
{
	size_t i = 0, chars = 0;
	while (s[i] && chars < max) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	if (!s[i])
		return s;
	char *out = arena_alloc(http_arena(req), i + 4);
	if (!out)
		return "";
	memcpy(out, s, i);
	memcpy(out + i, "\xE2\x80\xA6", 4);
	return out;
}

/* The badge image: an SVG medal with the title, so each class looks its own without uploads. */
static void get_image(struct http_request *req)
{
	struct learn_cert c;
	if (load_class(req, &c))
		return;
	struct buf b;
	buf_init(&b, 16384);
	int rc = buf_puts(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"256\" height=\"256\" viewBox=\"0 0 "
			      "256 256\" role=\"img\"><title>") ||
		 xml_esc(&b, c.title_en) ||
		 buf_puts(&b,
			  "</title><circle cx=\"128\" cy=\"128\" r=\"120\" fill=\"#f28c28\"/><circle cx=\"128\" "
			  "cy=\"128\" r=\"104\" fill=\"#ffffff\"/><circle cx=\"128\" cy=\"128\" r=\"98\" fill=\"none\" "
			  "stroke=\"#138808\" stroke-width=\"3\"/><text x=\"128\" y=\"92\" text-anchor=\"middle\" "
			  "font-family=\"Noto Sans, sans-serif\" font-size=\"18\" font-weight=\"700\" "
			  "fill=\"#b35500\">KARMAYOGI</text><text x=\"128\" y=\"136\" text-anchor=\"middle\" "
			  "font-family=\"Noto Sans, sans-serif\" font-size=\"15\" fill=\"#1f2a44\">") ||
		 xml_esc(&b, shorten(req, c.title_en, 24)) ||
		 buf_puts(&b, "</text><text x=\"128\" y=\"176\" text-anchor=\"middle\" font-family=\"Noto Sans, "
			      "sans-serif\" font-size=\"13\" fill=\"#4a5568\">") ||
		 xml_esc(&b, shorten(req, c.provider_en, 28)) || buf_puts(&b, "</text></svg>\n");
	if (rc) {
		http_reply_problem(req, 500, "internal", "The badge image could not be drawn.");
	} else {
		/* Opened on its own, an SVG is a document: it may draw, never run or fetch anything. */
		http_add_header(req, "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
		http_reply_bytes(req, 200, "image/svg+xml", b.data, b.len);
	}
	buf_free(&b);
}

/* recipient.identity: "sha256$" + hex(sha256(lower-cased email + salt)). The salt is derived from the
 * code, so the assertion is the same on every request, and two assertions of one person do not share a
 * hash a reader could match. */
static json_t *recipient(const struct learn_cert *c)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char salt[33], hex[2 * crypto_hash_sha256_BYTES + 1], identity[80];
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)"karmayogi-badge-salt:", 21);
	crypto_hash_sha256_update(&h, (const unsigned char *)c->code, strlen(c->code));
	crypto_hash_sha256_final(&h, digest);
	util_hex(digest, 16, salt);
	crypto_hash_sha256_init(&h);
	for (const char *p = c->email; *p; p++) {
		unsigned char ch = (unsigned char)tolower((unsigned char)*p);
		crypto_hash_sha256_update(&h, &ch, 1);
	}
	crypto_hash_sha256_update(&h, (const unsigned char *)salt, strlen(salt));
	crypto_hash_sha256_final(&h, digest);
	util_hex(digest, sizeof digest, hex);
	snprintf(identity, sizeof identity, "sha256$%s", hex);
	return json_pack("{s:s, s:b, s:s, s:s}", "type", "email", "hashed", 1, "salt", salt, "identity", identity);
}

static void get_assertion(struct http_request *req)
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
		http_reply_not_found(req, "badge assertion");
		return;
	}
	const char *id = learn_public_url(req, "/badges/v2/assertions/%s", c.code);
	if (c.revoked_at) {
		reply_ld(req, 410,
			 json_pack("{s:s, s:s, s:s, s:b, s:s}", "@context", OB_CONTEXT, "type", "Assertion", "id", id,
				   "revoked", 1, "revocationReason", c.revoke_reason ? c.revoke_reason : ""));
		return;
	}
	reply_ld(req, 200,
		 json_pack("{s:s, s:s, s:s, s:o, s:s, s:{s:s}, s:o, s:s, s:s}", "@context", OB_CONTEXT, "type",
			   "Assertion", "id", id, "recipient", recipient(&c), "badge",
			   learn_public_url(req, "/badges/v2/classes/%lld", (long long)c.content_id), "verification",
			   "type", "hosted", "issuedOn", learn_time_json(c.issued_at), "evidence",
			   learn_public_url(req, "/verify/%s", c.code), "image",
			   learn_public_url(req, "/badges/v2/classes/%lld/image", (long long)c.content_id)));
}

const struct http_route learn_badge_routes[] = {
	{"GET", "/badges/v2/issuer", get_issuer, HTTP_PUBLIC, 0},
	{"GET", "/badges/v2/classes/{content_id}", get_class, HTTP_PUBLIC, 0},
	{"GET", "/badges/v2/classes/{content_id}/image", get_image, HTTP_PUBLIC, 0},
	{"GET", "/badges/v2/assertions/{code}", get_assertion, HTTP_PUBLIC, 0},
	{NULL, NULL, NULL, NULL, 0},
};
