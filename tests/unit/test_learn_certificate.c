/* Unit tests for the certificate PDF: it is a PDF, its Hindi comes out of pdftotext as the same words
 * (the Known trap: unshaped Devanagari breaks), a revoked one says so, and the size cap holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "learn/certificate_pdf.h"

static const struct learn_cert_competency COMPETENCIES[] = {
	{"Citizen centricity", "नागरिक केंद्रितता", 3},
	{"Digital literacy", NULL, 2},
};

static struct learn_cert_doc sample(void)
{
	struct learn_cert_doc d = {
		.code = "abcdefghijklmnopqrstuvwxyz",
		.name_en = "Asha Verma",
		.name_hi = "आशा वर्मा",
		.title_en = "Public Procurement Basics",
		.title_hi = "सार्वजनिक खरीद की मूल बातें",
		.provider_en = "Institute of Secretariat Training",
		.provider_hi = "सचिवालय प्रशिक्षण संस्थान",
		.issued_at = 1796256000000LL, /* 2026-12-03 */
		.competencies = COMPETENCIES,
		.ncompetencies = 2,
		.verify_url = "http://127.0.0.1:8080/verify/abcdefghijklmnopqrstuvwxyz",
	};
	return d;
}

static int render(const struct learn_cert_doc *d, struct buf *b)
{
	buf_init(b, LEARN_CERT_PDF_CAP);
	return learn_certificate_pdf(d, b);
}

/* The text pdftotext reads from pdf, malloc'd. */
static char *pdf_text(const struct buf *pdf)
{
	char path[] = "/tmp/ky-cert-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, pdf->data, pdf->len), (ssize_t)pdf->len);
	close(fd);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s -", path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	struct buf out;
	buf_init(&out, 1 << 20);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		assert_int_equal(buf_append(&out, chunk, n), 0);
	assert_int_equal(pclose(p), 0);
	unlink(path);
	return out.data ? buf_steal(&out) : strdup("");
}

static void renders_a_pdf(void **state)
{
	(void)state;
	struct learn_cert_doc d = sample();
	struct buf b;
	assert_int_equal(render(&d, &b), 0);
	assert_true(b.len > 1000);
	assert_memory_equal(b.data, "%PDF-", 5);
	assert_non_null(strstr(b.data + b.len - 16, "%%EOF"));
	buf_free(&b);
}

static void hindi_comes_out_as_the_same_words(void **state)
{
	(void)state;
	struct learn_cert_doc d = sample();
	struct buf b;
	assert_int_equal(render(&d, &b), 0);
	char *t = pdf_text(&b);
	assert_non_null(strstr(t, "आशा वर्मा"));
	assert_non_null(strstr(t, "सार्वजनिक खरीद की मूल बातें"));
	assert_non_null(strstr(t, "सचिवालय प्रशिक्षण संस्थान"));
	assert_non_null(strstr(t, "नागरिक केंद्रितता"));
	assert_non_null(strstr(t, "Asha Verma"));
	assert_non_null(strstr(t, "abcdefghijklmnopqrstuvwxyz"));
	assert_non_null(strstr(t, "3 December 2026"));
	assert_null(strstr(t, "REVOKED"));
	free(t);
	buf_free(&b);
}

static void revoked_says_so_in_both_languages(void **state)
{
	(void)state;
	struct learn_cert_doc d = sample();
	d.revoked_at = 1796342400000LL;
	d.revoke_reason = "Issued in error";
	struct buf b;
	assert_int_equal(render(&d, &b), 0);
	char *t = pdf_text(&b);
	assert_non_null(strstr(t, "REVOKED"));
	assert_non_null(strstr(t, "निरस्त"));
	assert_non_null(strstr(t, "Issued in error"));
	free(t);
	buf_free(&b);
}

static void no_hindi_names_still_renders(void **state)
{
	(void)state;
	struct learn_cert_doc d = sample();
	d.name_hi = d.title_hi = d.provider_hi = NULL;
	d.ncompetencies = 0;
	struct buf b;
	assert_int_equal(render(&d, &b), 0);
	assert_memory_equal(b.data, "%PDF-", 5);
	buf_free(&b);
}

static void the_cap_stops_an_oversized_document(void **state)
{
	(void)state;
	struct learn_cert_doc d = sample();
	struct buf b;
	buf_init(&b, 2048);
	assert_int_equal(learn_certificate_pdf(&d, &b), -1);
	assert_true(b.len <= 2048);
	buf_free(&b);
}

static void dates_in_english_and_hindi(void **state)
{
	(void)state;
	char s[64];
	learn_cert_date(1796256000000LL, 0, s, sizeof s);
	assert_string_equal(s, "3 December 2026");
	learn_cert_date(1796256000000LL, 1, s, sizeof s);
	assert_string_equal(s, "3 दिसंबर 2026");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(renders_a_pdf),
		cmocka_unit_test(hindi_comes_out_as_the_same_words),
		cmocka_unit_test(revoked_says_so_in_both_languages),
		cmocka_unit_test(no_hindi_names_still_renders),
		cmocka_unit_test(the_cap_stops_an_oversized_document),
		cmocka_unit_test(dates_in_english_and_hindi),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
