/* A certificate as a one-page PDF, built in memory: cairo draws the page, Pango lays out every string
 * (HarfBuzz shapes Devanagari; cairo's toy text API would not), libqrencode gives the QR modules that
 * are drawn as filled squares. Nothing here touches the database or the network. */
#include "learn/certificate_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A4 landscape in points. */
#define PAGE_W 842.0
#define PAGE_H 595.0
#define MARGIN 56.0
#define FONT_FAMILIES "Noto Sans, Noto Sans Devanagari"

struct rgb {
	double r, g, b;
};
static const struct rgb INK = {0.11, 0.16, 0.29};
static const struct rgb MUTED = {0.33, 0.37, 0.45};
static const struct rgb SAFFRON = {0.85, 0.45, 0.0};
static const struct rgb GREEN = {0.07, 0.45, 0.25};
static const struct rgb RED = {0.78, 0.08, 0.08};

static const char *const MONTHS_EN[] = {"January", "February", "March",     "April",   "May",      "June",
					"July",    "August",   "September", "October", "November", "December"};
static const char *const MONTHS_HI[] = {"जनवरी", "फ़रवरी", "मार्च",  "अप्रैल",  "मई",   "जून",
					"जुलाई",  "अगस्त",  "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"};

void learn_cert_date(int64_t ms, int hindi, char *out, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, size, "%d %s %d", tm.tm_mday, (hindi ? MONTHS_HI : MONTHS_EN)[tm.tm_mon], tm.tm_year + 1900);
}

static cairo_status_t write_to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_append(closure, data, len) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* The page being drawn: the cairo context and one Pango context at 72 dpi, so a 12 pt font is 12 units. */
struct page {
	cairo_t *cr;
	PangoContext *pc;
};

/* Draws text in a box of width w from (x, y), wrapped and aligned; returns the height it took. */
static double text(struct page *p, const char *s, const char *style, double size, struct rgb c, double x, double y,
		   double w, PangoAlignment align)
{
	if (!s || !*s)
		return 0;
	PangoLayout *layout = pango_layout_new(p->pc);
	char font[96];
	snprintf(font, sizeof font, "%s %s %g", FONT_FAMILIES, style, size);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(layout, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(layout, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(layout, align);
	pango_layout_set_text(layout, s, -1); /* plain text: a name is never markup */
	int lw, lh;
	pango_layout_get_pixel_size(layout, &lw, &lh);
	cairo_set_source_rgb(p->cr, c.r, c.g, c.b);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, layout);
	g_object_unref(layout);
	return lh;
}

static double centred(struct page *p, const char *s, const char *style, double size, struct rgb c, double y)
{
	return text(p, s, style, size, c, MARGIN, y, PAGE_W - 2 * MARGIN, PANGO_ALIGN_CENTER);
}

static void border(cairo_t *cr)
{
	cairo_set_source_rgb(cr, SAFFRON.r, SAFFRON.g, SAFFRON.b);
	cairo_set_line_width(cr, 6);
	cairo_rectangle(cr, 18, 18, PAGE_W - 36, PAGE_H - 36);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, GREEN.r, GREEN.g, GREEN.b);
	cairo_set_line_width(cr, 1.5);
	cairo_rectangle(cr, 28, 28, PAGE_W - 56, PAGE_H - 56);
	cairo_stroke(cr);
}

/* The QR code of url, size points wide, its top left at (x, y). Returns 0 or -1. */
static int qr(cairo_t *cr, const char *url, double x, double y, double size)
{
	QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return -1;
	int quiet = 2; /* modules of white around it, on top of the page's own margin */
	double m = size / (q->width + 2 * quiet);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int row = 0; row < q->width; row++)
		for (int col = 0; col < q->width; col++)
			if (q->data[row * q->width + col] & 1)
				cairo_rectangle(cr, x + (col + quiet) * m, y + (row + quiet) * m, m, m);
	cairo_fill(cr);
	QRcode_free(q);
	return 0;
}

/* "Competency (level 3) · Other (level 2)" in one language; Hindi falls back to the English name. */
static int competency_line(const struct learn_cert_doc *d, int hindi, struct buf *b)
{
	for (size_t i = 0; i < d->ncompetencies; i++) {
		const struct learn_cert_competency *c = &d->competencies[i];
		const char *name = hindi && c->name_hi && *c->name_hi ? c->name_hi : c->name_en;
		if (buf_printf(b, "%s%s (%s %d)", i ? "  ·  " : "", name, hindi ? "स्तर" : "level", c->level))
			return -1;
	}
	return 0;
}

static int body(struct page *p, const struct learn_cert_doc *d)
{
	double y = 50;
	y += centred(p, "Karmayogi  ·  कर्मयोगी", "Bold", 13, SAFFRON, y) + 4;
	y += centred(p, "Certificate of Completion", "Bold", 26, INK, y);
	y += centred(p, "पूर्णता प्रमाणपत्र", "Bold", 20, INK, y) + 10;
	y += centred(p, "This is to certify that  ·  प्रमाणित किया जाता है कि", "", 11, MUTED, y) + 4;
	y += centred(p, d->name_en, "Bold", 24, INK, y);
	y += centred(p, d->name_hi, "Bold", 20, INK, y) + 6;
	y += centred(p, "has completed  ·  ने सफलतापूर्वक पूर्ण किया है", "", 11, MUTED, y) + 4;
	y += centred(p, d->title_en, "Bold", 18, GREEN, y);
	y += centred(p, d->title_hi, "Bold", 16, GREEN, y) + 6;
	struct buf b;
	buf_init(&b, 8192);
	int rc = -1;
	if (buf_printf(&b, "offered by %s", d->provider_en) ||
	    (d->provider_hi && *d->provider_hi && buf_printf(&b, "  ·  प्रदाता: %s", d->provider_hi)))
		goto out;
	y += centred(p, b.data, "", 12, INK, y) + 8;
	if (d->ncompetencies) {
		buf_reset(&b);
		if (buf_puts(&b, "Competencies earned: ") || competency_line(d, 0, &b))
			goto out;
		y += centred(p, b.data, "", 11, INK, y);
		buf_reset(&b);
		if (buf_puts(&b, "अर्जित दक्षताएँ: ") || competency_line(d, 1, &b))
			goto out;
		y += centred(p, b.data, "", 11, INK, y);
	}
	char en[48], hi[64];
	learn_cert_date(d->issued_at, 0, en, sizeof en);
	learn_cert_date(d->issued_at, 1, hi, sizeof hi);
	buf_reset(&b);
	if (buf_printf(&b, "Issued on %s  ·  जारी करने की तिथि: %s", en, hi))
		goto out;
	text(p, b.data, "", 11, INK, MARGIN, PAGE_H - 150, 520, PANGO_ALIGN_LEFT);
	buf_reset(&b);
	if (buf_printf(&b, "Certificate code  ·  प्रमाणपत्र कोड: %s", d->code))
		goto out;
	text(p, b.data, "", 10, INK, MARGIN, PAGE_H - 128, 520, PANGO_ALIGN_LEFT);
	buf_reset(&b);
	if (buf_printf(&b, "Verify at  ·  सत्यापन: %s", d->verify_url))
		goto out;
	text(p, b.data, "", 9, MUTED, MARGIN, PAGE_H - 108, 540, PANGO_ALIGN_LEFT);
	rc = qr(p->cr, d->verify_url, PAGE_W - MARGIN - 120, PAGE_H - MARGIN - 130, 120);
out:
	buf_free(&b);
	return rc;
}

/* REVOKED / निरस्त stamped across the page, and a line with the date and the reason. pdftotext cannot read
 * rotated text back as words, so the line says REVOKED too: a machine reading the PDF sees it. */
static int revoked(struct page *p, const struct learn_cert_doc *d)
{
	cairo_save(p->cr);
	cairo_push_group(p->cr);
	cairo_translate(p->cr, PAGE_W / 2, PAGE_H / 2);
	cairo_rotate(p->cr, -0.38);
	pango_cairo_update_context(p->cr, p->pc);
	text(p, "REVOKED  ·  निरस्त", "Bold", 64, RED, -PAGE_W / 2, -50, PAGE_W, PANGO_ALIGN_CENTER);
	cairo_pop_group_to_source(p->cr);
	cairo_paint_with_alpha(p->cr, 0.45);
	cairo_restore(p->cr);
	pango_cairo_update_context(p->cr, p->pc);
	char en[48], hi[64];
	learn_cert_date(d->revoked_at, 0, en, sizeof en);
	learn_cert_date(d->revoked_at, 1, hi, sizeof hi);
	struct buf b;
	buf_init(&b, 4096);
	int rc = buf_printf(&b, "REVOKED on %s  ·  निरस्त: %s  —  %s", en, hi, d->revoke_reason ? d->revoke_reason : "");
	if (!rc)
		text(p, b.data, "Bold", 11, RED, MARGIN, PAGE_H - 86, 560, PANGO_ALIGN_LEFT);
	buf_free(&b);
	return rc;
}

/* At exit, after the server's threads have ended (each thread's font map goes with its thread): frees the
 * fonts and fontconfig's configuration, so a leak checker sees a clean exit. */
static void release_fonts(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}

static void register_release(void)
{
	atexit(release_fonts);
}

int learn_certificate_pdf(const struct learn_cert_doc *d, struct buf *out)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, register_release);
	int rc = -1;
	struct page p = {NULL, NULL};
	cairo_font_options_t *fo = NULL;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_to_buf, out, PAGE_W, PAGE_H);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		goto out;
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "Karmayogi certificate");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Karmayogi");
	p.cr = cairo_create(s);
	p.pc = pango_cairo_create_context(p.cr);
	pango_cairo_context_set_resolution(p.pc, 72);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p.pc, fo);
	cairo_set_source_rgb(p.cr, 1, 1, 1);
	cairo_paint(p.cr);
	border(p.cr);
	if (body(&p, d))
		goto out;
	if (d->revoked_at && revoked(&p, d))
		goto out;
	cairo_show_page(p.cr);
	if (cairo_status(p.cr) != CAIRO_STATUS_SUCCESS)
		goto out;
	cairo_surface_finish(s);
	rc = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS ? 0 : -1;
out:
	cairo_font_options_destroy(fo);
	if (p.pc)
		g_object_unref(p.pc);
	cairo_destroy(p.cr);
	cairo_surface_destroy(s);
	return rc;
}
