/* QTI 2.1 items into a bank: libxml2 reads the document (no network, entities never expanded, so an external
 * or recursive entity brings in nothing), every assessmentItem becomes one QUESTION_IN object, and the import
 * then treats it like a JSON entry. A choiceInteraction is single or multiple choice by its response's
 * cardinality (two choices True and False make a true/false question); a textEntryInteraction is fill in the
 * blank, its accepted answers the correct response and the mapping's keys worth points. The item body's text
 * is the question (the blank shown as ____), the first modalFeedback its explanation, a MAXSCORE outcome its
 * points. */
#include "assess/banks_int.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ITEM_TEXT_MAX (64u << 10)

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
	xmlInitParser();
}

static bool named(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static const char *attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (!strcmp((const char *)a->name, name) && a->children && a->children->content)
			return (const char *)a->children->content;
	return NULL;
}

static xmlNode *child(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (named(c, name))
			return c;
	return NULL;
}

/* Appends the text under n with white space made single spaces; an interaction inside counts as written by
 * `inline_blank` (the blank of a textEntryInteraction), a choiceInteraction as its prompt only. */
static void flatten(const xmlNode *n, struct buf *out, bool inline_blank)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			for (const char *p = (const char *)c->content; p && *p; p++) {
				bool space = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
				if (space && (!out->len || out->data[out->len - 1] == ' '))
					continue;
				if (buf_append(out, space ? " " : p, 1))
					return;
			}
		} else if (named(c, "textEntryInteraction") || named(c, "inlineChoiceInteraction")) {
			if (inline_blank &&
			    buf_puts(out, out->len && out->data[out->len - 1] != ' ' ? " ____" : "____"))
				return;
		} else if (named(c, "choiceInteraction")) {
			const xmlNode *prompt = child(c, "prompt");
			if (prompt && (!out->len || out->data[out->len - 1] == ' ' || !buf_puts(out, " ")))
				flatten(prompt, out, inline_blank);
		} else if (c->type == XML_ELEMENT_NODE && !named(c, "feedbackInline") && !named(c, "rubricBlock")) {
			bool block = !named(c, "span") && !named(c, "em") && !named(c, "strong") && !named(c, "b") &&
				     !named(c, "i") && !named(c, "sub") && !named(c, "sup") && !named(c, "code");
			if (block && out->len && out->data[out->len - 1] != ' ' && buf_puts(out, " "))
				return;
			flatten(c, out, inline_blank);
		}
	}
}

/* The flattened text of n as a JSON string (trimmed), or NULL when empty. */
static json_t *text_of(const xmlNode *n)
{
	struct buf b;
	buf_init(&b, ITEM_TEXT_MAX);
	if (n)
		flatten(n, &b, true);
	while (b.len && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	json_t *s = b.len ? json_stringn(b.data, b.len) : NULL;
	buf_free(&b);
	return s;
}

static void set_text(json_t *o, const char *key, const xmlNode *n)
{
	json_t *s = text_of(n);
	if (s)
		json_object_set_new(o, key, s);
}

/* The responseDeclaration of item with this identifier. */
static xmlNode *response_of(const xmlNode *item, const char *id)
{
	for (xmlNode *c = item->children; c && id; c = c->next)
		if (named(c, "responseDeclaration") && attr(c, "identifier") && !strcmp(attr(c, "identifier"), id))
			return c;
	return NULL;
}

/* The correct response's values as a JSON array of strings. */
static json_t *correct_values(const xmlNode *decl)
{
	json_t *list = json_array();
	for (xmlNode *v = child(child(decl, "correctResponse"), "value"); v; v = v->next) {
		json_t *s = named(v, "value") ? text_of(v) : NULL;
		if (s)
			json_array_append_new(list, s);
	}
	return list;
}

static bool listed(json_t *list, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		if (!strcmp(json_string_value(v), s))
			return true;
	}
	return false;
}

static void choice_question(json_t *o, const xmlNode *item, const xmlNode *inter)
{
	const xmlNode *decl = response_of(item, attr(inter, "responseIdentifier"));
	const char *card = decl ? attr(decl, "cardinality") : NULL;
	json_t *correct = correct_values(decl), *opts = json_array();
	for (xmlNode *c = inter->children; c; c = c->next) {
		if (!named(c, "simpleChoice"))
			continue;
		json_t *text = text_of(c);
		const char *id = attr(c, "identifier");
		json_array_append_new(opts, json_pack("{s:o, s:b}", "text", text ? text : json_string(""), "correct",
						      id && listed(correct, id)));
	}
	json_decref(correct);
	const char *t0 = json_string_value(json_object_get(json_array_get(opts, 0), "text"));
	const char *t1 = json_string_value(json_object_get(json_array_get(opts, 1), "text"));
	bool c0 = json_is_true(json_object_get(json_array_get(opts, 0), "correct"));
	bool c1 = json_is_true(json_object_get(json_array_get(opts, 1), "correct"));
	bool true_false = json_array_size(opts) == 2 && c0 != c1 && t0 && t1 &&
			  ((!strcasecmp(t0, "true") && !strcasecmp(t1, "false")) ||
			   (!strcasecmp(t0, "false") && !strcasecmp(t1, "true")));
	if (true_false) {
		json_object_set_new(o, "kind", json_string("true_false"));
		json_object_set_new(o, "correct", json_boolean(!strcasecmp(t0, "true") ? c0 : c1));
		json_decref(opts);
		return;
	}
	json_object_set_new(o, "kind", json_string(card && !strcmp(card, "multiple") ? "multiple" : "single"));
	json_object_set_new(o, "options", opts);
}

/* Accepted answers: the correct response, then the mapping's keys that score, each once. */
static void blank_question(json_t *o, const xmlNode *item, const xmlNode *inter)
{
	const xmlNode *decl = response_of(item, attr(inter, "responseIdentifier"));
	json_t *answers = correct_values(decl);
	for (xmlNode *e = child(child(decl, "mapping"), "mapEntry"); e; e = e->next) {
		const char *key = named(e, "mapEntry") ? attr(e, "mapKey") : NULL;
		const char *value = key ? attr(e, "mappedValue") : NULL;
		if (value && strtod(value, NULL) > 0 && !listed(answers, key))
			json_array_append_new(answers, json_string(key));
	}
	json_object_set_new(o, "kind", json_string("fill_blank"));
	json_object_set_new(o, "answers", answers);
}

/* Every interaction under n, in document order, into list (at most 8 kept; *count counts all). */
static void interactions(const xmlNode *n, const xmlNode **list, size_t *count)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		size_t len = strlen((const char *)c->name);
		if (len > 11 && !strcmp((const char *)c->name + len - 11, "Interaction")) {
			if (*count < 8)
				list[*count] = c;
			++*count;
		} else {
			interactions(c, list, count);
		}
	}
}

/* MAXSCORE's default value, when it is a whole number of points. */
static void set_points(json_t *o, const xmlNode *item)
{
	for (xmlNode *c = item->children; c; c = c->next) {
		const char *id = named(c, "outcomeDeclaration") ? attr(c, "identifier") : NULL;
		if (!id || strcmp(id, "MAXSCORE"))
			continue;
		json_t *v = text_of(child(child(c, "defaultValue"), "value"));
		char *end;
		double d = v ? strtod(json_string_value(v), &end) : 0;
		if (v && !*end && d == (double)(long)d)
			json_object_set_new(o, "points", json_integer((json_int_t)d));
		json_decref(v);
	}
}

static json_t *item_object(struct assess_import *im, size_t row, const xmlNode *item)
{
	const xmlNode *body = child(item, "itemBody"), *list[8];
	size_t n = 0;
	if (body)
		interactions(body, list, &n);
	const char *ident = attr(item, "identifier");
	if (!ident)
		ident = "(no identifier)";
	if (n == 0)
		assess_import_error(im, row, NULL,
				    "Item %.60s has no interaction (a choiceInteraction or "
				    "textEntryInteraction).",
				    ident);
	else if (n > 1)
		assess_import_error(im, row, NULL,
				    "Item %.60s has %zu interactions; the import takes one question per "
				    "item.",
				    ident, n);
	if (n != 1)
		return json_null();
	json_t *o = json_object();
	set_text(o, "text", body);
	set_text(o, "explanation", child(item, "modalFeedback"));
	set_points(o, item);
	if (named(list[0], "choiceInteraction"))
		choice_question(o, item, list[0]);
	else if (named(list[0], "textEntryInteraction"))
		blank_question(o, item, list[0]);
	else
		assess_import_error(
			im, row, NULL,
			"Item %.60s uses %.40s; the import takes choiceInteraction (single or multiple choice, "
			"true/false) and textEntryInteraction (fill in the blank).",
			ident, (const char *)list[0]->name);
	return o;
}

static void collect_items(const xmlNode *n, struct assess_import *im, size_t *rows)
{
	for (const xmlNode *c = n; c; c = c->next) {
		if (named(c, "assessmentItem")) {
			if (++*rows <= BANK_IMPORT_ROWS_MAX)
				json_array_append_new(im->rows, item_object(im, *rows, c));
		} else if (c->type == XML_ELEMENT_NODE) {
			collect_items(c->children, im, rows);
		}
	}
}

int assess_import_qti(struct assess_import *im, const char *data, size_t len)
{
	if (len > INT32_MAX) {
		assess_import_error(im, 0, NULL, "The file is too large.");
		return 0;
	}
	pthread_once(&xml_once, xml_init);
	xmlDoc *doc = xmlReadMemory(data, (int)len, NULL, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (!doc) {
		const xmlError *e = xmlGetLastError();
		char why[200] = "";
		if (e && e->message)
			snprintf(why, sizeof why, " (line %d: %.*s)", e->line, (int)strcspn(e->message, "\n"),
				 e->message);
		assess_import_error(im, 0, NULL, "The file is not well-formed XML%s; send QTI 2.1 assessmentItem XML.",
				    len ? why : ": it is empty");
		return 0;
	}
	size_t rows = 0;
	collect_items(xmlDocGetRootElement(doc), im, &rows);
	if (rows == 0)
		assess_import_error(im, 0, NULL, "The XML holds no QTI 2.1 assessmentItem.");
	else if (rows > BANK_IMPORT_ROWS_MAX)
		assess_import_error(im, 0, NULL, "The file has more than %d questions; import it in parts.",
				    BANK_IMPORT_ROWS_MAX);
	xmlFreeDoc(doc);
	return 0;
}
