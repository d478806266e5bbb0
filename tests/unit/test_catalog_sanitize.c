/* Unit tests for catalog_html_sanitize: the usual XSS vectors go, the allowed markup and Hindi text stay. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog_int.h"

/* Sanitises s; the result lives until the next call. */
static const char *clean(const char *s)
{
	static struct buf out;
	buf_free(&out);
	buf_init(&out, 1 << 20);
	assert_int_equal(catalog_html_sanitize(s, strlen(s), &out), 0);
	return out.data;
}

/* Nothing in the output a browser could run: no script element, handler, javascript:/data:/vbscript: URL. */
static void assert_inert(const char *html)
{
	const char *o = clean(html);
	char *low = strdup(o);
	for (char *p = low; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	const char *bad[] = {"<script", "javascript:", "vbscript:", "data:", " on", "<iframe", "<svg", "<object",
			     "<embed", "<style", "style=", "<form", "<input", "<math", "<!--"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strstr(low, bad[i])) {
			fprintf(stderr, "input  %s\noutput %s\nfound  %s\n", html, o, bad[i]);
			fail();
		}
	free(low);
}

static void script_goes_with_its_content(void **state)
{
	(void)state;
	assert_string_equal(clean("<p>a<script>alert(1)</script>b</p>"), "<p>ab</p>");
	assert_string_equal(clean("<p>x</p><SCRIPT SRC=//evil.example/x.js></SCRIPT>"), "<p>x</p>");
	assert_string_equal(clean("<p>x</p><ScRiPt>alert(1)</sCrIpT>"), "<p>x</p>");
	assert_inert("<scr<script>ipt>alert(1)</script>");
	assert_inert("<script>alert(1)");
}

static void event_handlers_go(void **state)
{
	(void)state;
	assert_string_equal(clean("<p><img src=x onerror=alert(1)></p>"), "<p><img src=\"x\"></p>");
	assert_string_equal(clean("<div onclick=\"alert(1)\" onmouseover='x'>hi</div>"), "<div>hi</div>");
	assert_inert("<img src=x ONERROR=alert(1)>");
	assert_inert("<body onload=alert(1)><p>x</p>");
	assert_inert("<p/onclick=alert(1)>x</p>");
}

static void javascript_urls_go_however_written(void **state)
{
	(void)state;
	assert_string_equal(clean("<a href=\"javascript:alert(1)\">x</a>"), "<a rel=\"noopener noreferrer\">x</a>");
	assert_inert("<a href=\"jav&#x09;ascript:alert(1)\">x</a>");
	assert_inert("<a href=\"jav&#x0A;ascript:alert(1)\">x</a>");
	assert_inert("<a href=\"JaVaScRiPt:alert(1)\">x</a>");
	assert_inert("<a href=\"  javascript:alert(1)\">x</a>");
	assert_inert("<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>");
	assert_inert("<a href=\"&#x6A;avascript&#x3A;alert(1)\">x</a>");
	assert_inert("<a href=\"&#0000106avascript:alert(1)\">x</a>");
	assert_inert("<a href=\"vbscript:msgbox(1)\">x</a>");
	assert_inert("<img src=\"javascript:alert(1)\">");
	/* an unknown entity stays text, and its & is escaped, so no colon appears to the browser */
	const char *o = clean("<a href=\"javascript&colon;alert(1)\">x</a>");
	assert_non_null(strstr(o, "&amp;colon;"));
}

static void data_urls_go(void **state)
{
	(void)state;
	assert_string_equal(clean("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\" alt=\"a\">"), "<img alt=\"a\">");
	assert_inert("<a href=\"data:text/html,<script>alert(1)</script>\">x</a>");
	assert_inert("<a href=\" DATA:text/html;base64,PHNjcmlwdD4=\">x</a>");
}

static void safe_urls_stay(void **state)
{
	(void)state;
	assert_string_equal(clean("<a href=\"https://igotkarmayogi.gov.in/a?b=1&amp;c=2\" title=\"t\">x</a>"),
			    "<a href=\"https://igotkarmayogi.gov.in/a?b=1&amp;c=2\" title=\"t\" rel=\"noopener noreferrer\">x</a>");
	assert_string_equal(clean("<a href=\"mailto:help@karmayogi.demo\">m</a>"),
			    "<a href=\"mailto:help@karmayogi.demo\" rel=\"noopener noreferrer\">m</a>");
	assert_string_equal(clean("<a href=\"/api/v1/files/3\">f</a>"),
			    "<a href=\"/api/v1/files/3\" rel=\"noopener noreferrer\">f</a>");
	assert_string_equal(clean("<a href=\"page#x:y\">p</a>"), "<a href=\"page#x:y\" rel=\"noopener noreferrer\">p</a>");
	assert_string_equal(clean("<img src=\"http://x.example/a.png\" width=\"120\" height=\"40px\" alt=\"A\">"),
			    "<img src=\"http://x.example/a.png\" width=\"120\" alt=\"A\">");
	/* a link's own rel and target do not survive: ours is the only rel */
	assert_string_equal(clean("<a href=\"/x\" rel=\"opener\" target=\"_blank\">x</a>"),
			    "<a href=\"/x\" rel=\"noopener noreferrer\">x</a>");
}

static void active_and_styling_elements_go_with_content(void **state)
{
	(void)state;
	assert_string_equal(clean("<p>a</p><svg onload=alert(1)><circle r=1></circle></svg><p>b</p>"), "<p>a</p><p>b</p>");
	assert_string_equal(clean("<p>a<iframe src=\"https://evil.example\">x</iframe>b</p>"), "<p>ab</p>");
	assert_string_equal(clean("<style>body{display:none}</style><p>a</p>"), "<p>a</p>");
	assert_string_equal(clean("<p>a<object data=\"x.swf\"><param name=a value=b></object>b</p>"), "<p>ab</p>");
	assert_string_equal(clean("<p>a<embed src=\"x.swf\">b</p>"), "<p>ab</p>");
	assert_string_equal(clean("<p>a<embed src=\"javascript:alert(1)\"><script>alert(1)</script>b</p>"), "<p>ab</p>");
	assert_string_equal(clean("<div><form action=\"https://evil.example\"><input name=p><button>Go</button></form></div>"),
			    "<div></div>");
	assert_string_equal(clean("<p>a<math><mi>x</mi></math>b</p>"), "<p>ab</p>");
	assert_inert("<svg><script>alert(1)</script></svg>");
	assert_inert("<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>");
}

static void style_attributes_go(void **state)
{
	(void)state;
	assert_string_equal(clean("<p style=\"background:url(javascript:alert(1))\">x</p>"), "<p>x</p>");
	assert_string_equal(clean("<span class=\"c\" id=\"i\" STYLE=\"x\">y</span>"), "<span>y</span>");
}

static void comments_and_cdata_go(void **state)
{
	(void)state;
	assert_string_equal(clean("<p>a<!-- <script>alert(1)</script> -->b</p>"), "<p>ab</p>");
	/* HTML has no CDATA sections: the markers are text (escaped) and the script inside is dropped */
	assert_string_equal(clean("<p>a<![CDATA[<script>alert(1)</script>]]>b</p>"), "<p>a&lt;![CDATA[]]&gt;b</p>");
	assert_inert("<!--[if IE]><script>alert(1)</script><![endif]--><p>x</p>");
	assert_inert("<p>a<!--></p><script>alert(1)</script>--></p>");
}

static void nested_unclosed_and_mixed_case_tags_are_balanced(void **state)
{
	(void)state;
	assert_string_equal(clean("<P>a<STRONG>b</strong></P>"), "<p>a<strong>b</strong></p>");
	assert_string_equal(clean("<ul><li>one<li>two</ul>"), "<ul><li>one</li><li>two</li></ul>");
	assert_string_equal(clean("<div><em>x"), "<div><em>x</em></div>");
	assert_string_equal(clean("<p>a</div></span>b</p>"), "<p>ab</p>");
	/* unknown elements lose their tag and keep their text */
	assert_string_equal(clean("<p><blink>x</blink><custom-el a=1>y</custom-el></p>"), "<p>xy</p>");
	/* markup-looking text is escaped */
	assert_string_equal(clean("<p>1 &lt; 2 &amp; 3 &gt; 2 \"q\"</p>"), "<p>1 &lt; 2 &amp; 3 &gt; 2 &quot;q&quot;</p>");
	assert_inert("<<script>script>alert(1)<</script>/script>");
	assert_inert("<img src=\"x\" alt=\"\"><script>alert(1)</script>\">");
	assert_inert("<a href=\"/x\" title='\"><script>alert(1)</script>'>x</a>");
}

static int count(const char *s, const char *what)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* libxml2 stops nesting at its depth limit and the walk needs no stack: deep input cannot crash the server,
 * and every element written is closed. */
static void deep_nesting_is_balanced_and_does_not_crash(void **state)
{
	(void)state;
	struct buf in;
	buf_init(&in, 1 << 20);
	for (int i = 0; i < 20000; i++)
		assert_int_equal(buf_puts(&in, "<div><b>"), 0);
	assert_int_equal(buf_puts(&in, "x"), 0);
	struct buf out;
	buf_init(&out, 1 << 22);
	assert_int_equal(catalog_html_sanitize(in.data, in.len, &out), 0);
	assert_true(count(out.data, "<div>") > 0);
	assert_int_equal(count(out.data, "<div>"), count(out.data, "</div>"));
	assert_int_equal(count(out.data, "<b>"), count(out.data, "</b>"));

	buf_reset(&in);
	for (int i = 0; i < 50; i++)
		assert_int_equal(buf_puts(&in, "<div>"), 0);
	assert_int_equal(buf_puts(&in, "x"), 0);
	buf_reset(&out);
	assert_int_equal(catalog_html_sanitize(in.data, in.len, &out), 0);
	assert_int_equal(count(out.data, "<div>"), 50);
	assert_non_null(strstr(out.data, "<div>x</div>"));
	buf_free(&in);
	buf_free(&out);
}

static void allowed_markup_and_hindi_survive_unchanged(void **state)
{
	(void)state;
	const char *pages[] = {
		"<h1>नागरिक केंद्रितता</h1><p>सार्वजनिक सेवा में <strong>नैतिकता</strong> और <em>पारदर्शिता</em>।</p>",
		"<ol><li>ई-ऑफिस</li><li>जीईएम से खरीद</li></ol><hr><blockquote>सेवा परमो धर्मः</blockquote>",
		"<table><thead><tr><th>पद</th><th>स्तर</th></tr></thead><tbody><tr><td>अवर सचिव</td><td>3</td></tr></tbody></table>",
		"<figure><img src=\"/api/v1/files/7\" alt=\"चित्र\"><figcaption>कैप्शन</figcaption></figure>",
		"<pre><code>if (a &lt; b) {\n  x();\n}</code></pre><p>a<br>b <b>c</b> <i>d</i> <u>e</u> <span>f</span></p>",
		"<h2>2</h2><h3>3</h3><h4>4</h4><h5>5</h5><h6>6</h6><div><ul><li>x</li></ul></div>",
	};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		assert_string_equal(clean(pages[i]), pages[i]);
}

static void invalid_utf8_and_a_full_buffer_fail(void **state)
{
	(void)state;
	struct buf out;
	buf_init(&out, 1024);
	assert_int_equal(catalog_html_sanitize("<p>\xff\xfe</p>", 9, &out), -1);
	assert_int_equal(catalog_html_sanitize("<p>\xe0\xa4</p>", 9, &out), -1); /* a cut Devanagari letter */
	assert_int_equal(catalog_html_sanitize("<p>a\0b</p>", 10, &out), -1);
	buf_free(&out);

	buf_init(&out, 8);
	const char *p = "<p>a longer paragraph</p>";
	assert_int_equal(catalog_html_sanitize(p, strlen(p), &out), -1);
	buf_free(&out);

	buf_init(&out, 8);
	assert_int_equal(catalog_html_sanitize("", 0, &out), 0);
	assert_string_equal(out.data, "");
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(script_goes_with_its_content),
		cmocka_unit_test(event_handlers_go),
		cmocka_unit_test(javascript_urls_go_however_written),
		cmocka_unit_test(data_urls_go),
		cmocka_unit_test(safe_urls_stay),
		cmocka_unit_test(active_and_styling_elements_go_with_content),
		cmocka_unit_test(style_attributes_go),
		cmocka_unit_test(comments_and_cdata_go),
		cmocka_unit_test(nested_unclosed_and_mixed_case_tags_are_balanced),
		cmocka_unit_test(deep_nesting_is_balanced_and_does_not_crash),
		cmocka_unit_test(allowed_markup_and_hindi_survive_unchanged),
		cmocka_unit_test(invalid_utf8_and_a_full_buffer_fail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
