/* GET /verify/{code}: the public page a certificate's QR code opens. Server-rendered HTML in English and
 * Hindi, no script, every stored text escaped, under the same strict Content-Security-Policy the static
 * files get; it says valid, revoked (with date and reason), unknown or malformed. */
#include "learn/certificate_int.h"
#include "learn/certificate_pdf.h"

#include "core/buf.h"
#include "core/log.h"
#include "http/input.h"

#include <string.h>

#define PAGE_CAP (256u << 10)

/* Appends s with &, <, >, " and ' escaped. */
static int esc(struct buf *b, const char *s)
{
	int rc = 0;
	for (const char *p = s ? s : ""; *p && !rc; p++) {
		switch (*p) {
		case '&': rc = buf_puts(b, "&amp;"); break;
		case '<': rc = buf_puts(b, "&lt;"); break;
		case '>': rc = buf_puts(b, "&gt;"); break;
		case '"': rc = buf_puts(b, "&quot;"); break;
		case '\'': rc = buf_puts(b, "&#39;"); break;
		default: rc = buf_append(b, p, 1);
		}
	}
	return rc;
}

/* A row of the details: English label, Hindi label, English value, Hindi value (may be NULL). */
static int row(struct buf *b, const char *label_en, const char *label_hi, const char *en, const char *hi)
{
	int rc = buf_printf(b, "<dt>%s <span lang=\"hi\">%s</span></dt><dd>", label_en, label_hi) || esc(b, en);
	if (!rc && hi && *hi)
		rc = buf_puts(b, "<br><span lang=\"hi\">") || esc(b, hi) || buf_puts(b, "</span>");
	return rc || buf_puts(b, "</dd>\n");
}

static int head(struct buf *b, const char *state)
{
	return buf_printf(b,
			  "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			  "<meta name=\"robots\" content=\"noindex\">\n"
			  "<title>Certificate verification · प्रमाणपत्र सत्यापन — Karmayogi</title>\n"
			  "<link rel=\"stylesheet\" href=\"/css/verify.css\">\n</head>\n<body>\n"
			  "<main class=\"verify verify-%s\">\n<p class=\"brand\">Karmayogi · <span "
			  "lang=\"hi\">कर्मयोगी</span></p>\n<h1>Certificate verification <span "
			  "lang=\"hi\">प्रमाणपत्र सत्यापन</span></h1>\n",
			  state);
}

static int status_line(struct buf *b, const char *state, const char *en, const char *hi)
{
	return buf_printf(b,
			  "<p class=\"status\" id=\"status\" data-status=\"%s\" role=\"status\"><strong>%s</strong> "
			  "<span lang=\"hi\">%s</span></p>\n",
			  state, en, hi);
}

static int dates(struct buf *b, const char *label_en, const char *label_hi, int64_t ms)
{
	char en[48], hi[64];
	learn_cert_date(ms, 0, en, sizeof en);
	learn_cert_date(ms, 1, hi, sizeof hi);
	return row(b, label_en, label_hi, en, hi);
}

static int competencies(struct buf *b, const struct learn_cert *c)
{
	json_t *list = learn_cert_competencies(c);
	int rc = 0;
	if (json_array_size(list)) {
		rc = buf_puts(b, "<dt>Competencies earned <span lang=\"hi\">अर्जित दक्षताएँ</span></dt><dd><ul>");
		size_t i;
		json_t *e;
		json_array_foreach(list, i, e)
		{
			const char *hi = json_string_value(json_object_get(e, "name_hi"));
			rc = rc || buf_puts(b, "<li>") || esc(b, json_string_value(json_object_get(e, "name_en")));
			if (!rc && hi)
				rc = buf_puts(b, " · <span lang=\"hi\">") || esc(b, hi) || buf_puts(b, "</span>");
			rc = rc || buf_printf(b, " — level <span lang=\"hi\">स्तर</span> %d</li>",
					      (int)json_integer_value(json_object_get(e, "level")));
		}
		rc = rc || buf_puts(b, "</ul></dd>\n");
	}
	json_decref(list);
	return rc;
}

static int details(struct http_request *req, struct buf *b, const struct learn_cert *c)
{
	int rc = c->revoked_at ? status_line(b, "revoked", "This certificate has been revoked.",
					     "यह प्रमाणपत्र निरस्त कर दिया गया है।")
			       : status_line(b, "valid", "This certificate is valid.", "यह प्रमाणपत्र मान्य है।");
	rc = rc || buf_puts(b, "<dl>\n") || row(b, "Awarded to", "प्राप्तकर्ता", c->name_en, c->name_hi) ||
	     row(b, "For completing", "पाठ्यक्रम", c->title_en, c->title_hi) ||
	     row(b, "Offered by", "प्रदाता", c->provider_en, c->provider_hi) ||
	     dates(b, "Issued on", "जारी करने की तिथि", c->issued_at);
	if (!rc && c->revoked_at)
		rc = dates(b, "Revoked on", "निरस्त करने की तिथि", c->revoked_at) ||
		     row(b, "Reason", "कारण", c->revoke_reason, NULL);
	rc = rc || competencies(b, c) || row(b, "Certificate code", "प्रमाणपत्र कोड", c->code, NULL) ||
	     buf_puts(b, "</dl>\n");
	const char *badge = learn_public_url(req, "/badges/v2/assertions/%s", c->code);
	if (!rc && badge && !c->revoked_at)
		rc = buf_puts(b, "<p class=\"badge\"><a href=\"") || esc(b, badge) ||
		     buf_puts(b, "\">Open Badge (JSON-LD)</a></p>\n");
	return rc;
}

static void send(struct http_request *req, int status, struct buf *b)
{
	if (buf_puts(b, "<p class=\"about\">Karmayogi, the capacity-building platform of the civil services. "
			"<span lang=\"hi\">कर्मयोगी, सिविल सेवाओं का क्षमता निर्माण मंच।</span></p>\n</main>\n"
			"</body>\n</html>\n")) {
		http_reply_problem(req, 500, "internal", "The page could not be built.");
		return;
	}
	http_add_header(req, "Content-Security-Policy",
			"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
			"object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
	http_add_header(req, "X-Frame-Options", "DENY");
	http_add_header(req, "Referrer-Policy", "no-referrer");
	http_reply_bytes(req, status, "text/html; charset=utf-8", b->data, b->len);
}

void learn_verify_page(struct http_request *req)
{
	struct buf b;
	buf_init(&b, PAGE_CAP);
	const char *code = http_param(req, "code");
	int status = 200, rc;
	if (!code || !learn_cert_code_valid(code)) {
		status = 400;
		rc = head(&b, "malformed") ||
		     status_line(&b, "malformed", "This is not a certificate code. Check the link or the QR code.",
				 "यह प्रमाणपत्र कोड नहीं है। लिंक या QR कोड जाँचें।");
	} else {
		struct db_conn *db = http_db(req);
		if (!db)
			goto out;
		struct learn_cert c;
		int found = learn_cert_load(req, db, code, &c);
		if (found < 0) {
			http_reply_db_error(req);
			goto out;
		}
		if (found == 0) {
			status = 404;
			rc = head(&b, "unknown") || status_line(&b, "unknown", "No certificate has this code.",
								"इस कोड का कोई प्रमाणपत्र नहीं है।");
		} else {
			rc = head(&b, c.revoked_at ? "revoked" : "valid") || details(req, &b, &c);
		}
	}
	if (rc) {
		log_error("verify page for %.40s did not fit", code ? code : "");
		http_reply_problem(req, 500, "internal", "The page could not be built.");
		goto out;
	}
	send(req, status, &b);
out:
	buf_free(&b);
}
