/* The HTML sanitiser for resource pages: libxml2's forgiving HTML parser builds a tree, and a walk over it
 * writes back only allow-listed elements and attributes, escaping every text and value itself. */
#include "catalog/catalog_int.h"
#include "core/util.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

enum verdict {
	KEEP,   /* write the element, its allowed attributes and its children */
	UNWRAP, /* an unknown element: drop the tag, keep what is inside */
	DROP,   /* an element that can run, style or take input: gone with everything inside */
};

static const char *const kept[] = {
	"p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "b", "i", "u", "a", "img",
	"table", "thead", "tbody", "tr", "th", "td", "blockquote", "code", "pre", "span", "div", "hr", "figure",
	"figcaption",
};

/* Everything here goes with its content: what runs code, loads other documents, styles the page, takes
 * input, or lives in the document head. */
static const char *const dropped[] = {
	"script", "style", "iframe", "frame", "frameset", "object", "applet", "form", "button", "select",
	"option", "textarea", "svg", "math", "noscript", "template", "head", "title", "noembed", "noframes",
	"xmp", "plaintext", "portal", "audio", "video", "canvas", "dialog",
};

/* Elements that never have content in a browser, though libxml2 may give some of them children (it reads
 * what follows an <embed> as inside it): the tag goes, and what libxml2 put inside is walked as usual. */
static const char *const dropped_void[] = {
	"embed", "param", "source", "track", "input", "meta", "link", "base", "keygen", "wbr", "area",
};

static const char *const void_elements[] = {"br", "hr", "img"};

static bool name_in(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(name, list[i]) == 0)
			return true;
	return false;
}
#define NAME_IN(name, list) name_in(name, list, sizeof(list) / sizeof(list[0]))

static enum verdict element_verdict(const xmlNode *n)
{
	const char *name = (const char *)n->name;
	if (NAME_IN(name, kept))
		return KEEP;
	if (NAME_IN(name, dropped))
		return DROP;
	if (NAME_IN(name, dropped_void))
		return UNWRAP;
	return UNWRAP;
}

static bool is_void(const xmlNode *n)
{
	return NAME_IN((const char *)n->name, void_elements);
}

/* Escapes text for an element's content or a double-quoted attribute value. */
static int put_escaped(struct buf *out, const char *s)
{
	const char *run = s;
	for (; *s; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		if (buf_append(out, run, (size_t)(s - run)) || buf_puts(out, rep))
			return -1;
		run = s + 1;
	}
	return buf_append(out, run, (size_t)(s - run));
}

/* A URL is safe when it names no scheme (relative) or one of http, https, mailto. Browsers drop tabs and
 * newlines anywhere in a URL and controls and spaces around it, so the scheme is read with every byte at or
 * below space removed; any colon before the first '/', '?' or '#' counts as ending a scheme. */
static bool url_safe(const char *url)
{
	char scheme[16];
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= 0x20 || *p == 0x7f)
			continue;
		if (*p == '/' || *p == '?' || *p == '#')
			return true;
		if (*p == ':') {
			if (n >= sizeof(scheme))
				return false;
			scheme[n] = '\0';
			return strcasecmp(scheme, "http") == 0 || strcasecmp(scheme, "https") == 0 ||
			       strcasecmp(scheme, "mailto") == 0;
		}
		if (n < sizeof(scheme) - 1)
			scheme[n] = (char)*p;
		n++;
	}
	return true;
}

static bool dimension_ok(const char *v)
{
	size_t n = strlen(v);
	return n >= 1 && n <= 5 && strspn(v, "0123456789") == n;
}

static bool attribute_allowed(const char *element, const char *attr, const char *value)
{
	if (strcasecmp(element, "a") == 0) {
		if (strcasecmp(attr, "href") == 0)
			return url_safe(value);
		return strcasecmp(attr, "title") == 0;
	}
	if (strcasecmp(element, "img") == 0) {
		if (strcasecmp(attr, "src") == 0)
			return url_safe(value);
		if (strcasecmp(attr, "width") == 0 || strcasecmp(attr, "height") == 0)
			return dimension_ok(value);
		return strcasecmp(attr, "alt") == 0;
	}
	return false;
}

static int put_attribute(struct buf *out, const char *name, const char *value)
{
	if (buf_printf(out, " %s=\"", name) || put_escaped(out, value))
		return -1;
	return buf_puts(out, "\"");
}

static int put_open_tag(struct buf *out, xmlNode *n)
{
	const char *name = (const char *)n->name;
	if (buf_printf(out, "<%s", name))
		return -1;
	for (xmlAttr *a = n->properties; a; a = a->next) {
		xmlChar *value = xmlNodeGetContent((xmlNode *)a);
		const char *v = value ? (const char *)value : "";
		int rc = 0;
		if (attribute_allowed(name, (const char *)a->name, v))
			rc = put_attribute(out, (const char *)a->name, v);
		xmlFree(value);
		if (rc)
			return -1;
	}
	if (strcasecmp(name, "a") == 0 && buf_puts(out, " rel=\"noopener noreferrer\""))
		return -1;
	return buf_puts(out, ">");
}

static int put_close_tag(struct buf *out, const xmlNode *n)
{
	if (n->type != XML_ELEMENT_NODE || element_verdict(n) != KEEP || is_void(n))
		return 0;
	return buf_printf(out, "</%s>", (const char *)n->name);
}

/* Writes node n. Returns 1 when the walk should go down into n's children, 0 to go on to what follows n,
 * -1 when out is full. */
static int put_node(struct buf *out, xmlNode *n)
{
	switch (n->type) {
	case XML_TEXT_NODE:
		return n->content ? put_escaped(out, (const char *)n->content) : 0;
	case XML_ELEMENT_NODE:
		switch (element_verdict(n)) {
		case DROP: return 0;
		case UNWRAP: return n->children != NULL;
		case KEEP:
			if (put_open_tag(out, n))
				return -1;
			if (is_void(n))
				return 0;
			if (n->children)
				return 1;
			return put_close_tag(out, n);
		}
		return 0;
	default: /* comments, CDATA, processing instructions, the DTD: never written */
		return 0;
	}
}

/* Walks the document without recursion (nesting depth is the input's to choose): down into children,
 * across to siblings, and up through parents, closing each as it is left. */
static int walk(xmlDoc *doc, struct buf *out)
{
	xmlNode *top = (xmlNode *)doc;
	xmlNode *n = doc->children;
	while (n) {
		int rc = put_node(out, n);
		if (rc < 0)
			return -1;
		if (rc == 1) {
			n = n->children;
			continue;
		}
		while (n && !n->next) {
			n = n->parent;
			if (n == top || !n)
				return 0;
			if (put_close_tag(out, n))
				return -1;
		}
		n = n->next;
	}
	return 0;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
	xmlInitParser();
}

int catalog_html_sanitize(const char *in, size_t len, struct buf *out)
{
	if (!util_utf8_valid(in, len) || memchr(in, '\0', len) || len > INT32_MAX)
		return -1;
	if (buf_append(out, "", 0))
		return -1;
	if (len == 0)
		return 0;
	pthread_once(&xml_once, xml_init);
	xmlDoc *doc = htmlReadMemory(in, (int)len, NULL, "UTF-8",
				     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_NODEFDTD);
	if (!doc)
		return 0; /* nothing the parser could build a tree from: an empty page */
	int rc = walk(doc, out);
	xmlFreeDoc(doc);
	return rc;
}
