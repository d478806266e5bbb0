/* Rendering a certificate to PDF in memory: cairo for the page, Pango (HarfBuzz) for the text so Hindi is
 * shaped (cairo's own text calls break Devanagari), libqrencode for the QR code of the verification URL.
 * Pure: no database, no HTTP; the caller fills struct learn_cert_doc from the certificates row. */
#ifndef KY_LEARN_CERTIFICATE_PDF_H
#define KY_LEARN_CERTIFICATE_PDF_H

#include "core/buf.h"

#include <stddef.h>
#include <stdint.h>

/* What a rendered PDF may weigh at most: an oversized document fails instead of eating memory. */
#define LEARN_CERT_PDF_CAP ((size_t)4 << 20)

struct learn_cert_competency {
	const char *name_en;
	const char *name_hi; /* NULL when the competency has no Hindi name */
	int level;           /* 1..5 */
};

/* One certificate as printed. Strings are borrowed; the _hi ones may be NULL. */
struct learn_cert_doc {
	const char *code;
	const char *name_en;
	const char *name_hi;
	const char *title_en;
	const char *title_hi;
	const char *provider_en;
	const char *provider_hi;
	int64_t issued_at;  /* epoch ms */
	int64_t revoked_at; /* epoch ms; 0 when the certificate stands */
	const char *revoke_reason;
	const struct learn_cert_competency *competencies;
	size_t ncompetencies;
	const char *verify_url; /* what the QR code opens */
};

/* Renders d as a one-page A4 landscape PDF appended to out (a buffer whose cap bounds the document;
 * LEARN_CERT_PDF_CAP is a good one). Returns 0, or -1 when the cap was reached, the QR code could not
 * be made, or cairo failed; out may then hold a partial document. Thread-safe. */
int learn_certificate_pdf(const struct learn_cert_doc *d, struct buf *out) __attribute__((warn_unused_result));

/* "3 December 2026" / "3 दिसंबर 2026" for epoch ms (UTC) into out. */
void learn_cert_date(int64_t ms, int hindi, char *out, size_t size);

#endif
