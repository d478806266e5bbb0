/* Streaming JSON writer: commas by depth, strings escaped per RFC 8259. */
#include "core/jsonw.h"

#include "core/util.h"

#include <stdio.h>
#include <string.h>

void jsonw_init(struct jsonw *w, struct buf *out)
{
	memset(w, 0, sizeof *w);
	w->out = out;
}

static void put(struct jsonw *w, const char *s, size_t n)
{
	if (!w->failed && buf_append(w->out, s, n))
		w->failed = true;
}

/* Before a value: a comma when it is not the first in its container (a key already placed one). */
static void before_value(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->need_comma[w->depth])
		put(w, ",", 1);
	w->need_comma[w->depth] = true;
}

static void open_container(struct jsonw *w, char c)
{
	before_value(w);
	put(w, &c, 1);
	if (w->depth + 1 >= JSONW_MAX_DEPTH) {
		w->failed = true;
		return;
	}
	w->need_comma[++w->depth] = false;
}

static void close_container(struct jsonw *w, char c)
{
	put(w, &c, 1);
	if (w->depth > 0)
		w->depth--;
}

void jsonw_object_begin(struct jsonw *w)
{
	open_container(w, '{');
}

void jsonw_object_end(struct jsonw *w)
{
	close_container(w, '}');
}

void jsonw_array_begin(struct jsonw *w)
{
	open_container(w, '[');
}

void jsonw_array_end(struct jsonw *w)
{
	close_container(w, ']');
}

void jsonw_key(struct jsonw *w, const char *key)
{
	before_value(w);
	put(w, "\"", 1);
	put(w, key, strlen(key));
	put(w, "\":", 2);
	w->after_key = true;
}

void jsonw_string(struct jsonw *w, const char *s)
{
	if (!s) {
		jsonw_null(w);
		return;
	}
	before_value(w);
	put(w, "\"", 1);
	const char *run = s;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(w, run, (size_t)(p - run));
		char esc[8];
		if (c == '"' || c == '\\')
			snprintf(esc, sizeof esc, "\\%c", c);
		else if (c == '\n')
			snprintf(esc, sizeof esc, "\\n");
		else if (c == '\r')
			snprintf(esc, sizeof esc, "\\r");
		else if (c == '\t')
			snprintf(esc, sizeof esc, "\\t");
		else
			snprintf(esc, sizeof esc, "\\u%04x", c);
		put(w, esc, strlen(esc));
		run = p + 1;
	}
	put(w, run, strlen(run));
	put(w, "\"", 1);
}

void jsonw_int(struct jsonw *w, int64_t v)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof tmp, "%lld", (long long)v);
	before_value(w);
	put(w, tmp, (size_t)n);
}

void jsonw_bool(struct jsonw *w, bool v)
{
	before_value(w);
	put(w, v ? "true" : "false", v ? 4 : 5);
}

void jsonw_null(struct jsonw *w)
{
	before_value(w);
	put(w, "null", 4);
}

void jsonw_time(struct jsonw *w, int64_t epoch_ms)
{
	char iso[32];
	util_iso8601(epoch_ms, iso);
	jsonw_string(w, iso);
}

void jsonw_raw(struct jsonw *w, const char *json, size_t len)
{
	before_value(w);
	put(w, json, len);
}

void jsonw_object_extend(struct jsonw *w, const char *obj, size_t len)
{
	if (len < 2 || obj[0] != '{' || obj[len - 1] != '}') {
		w->failed = true;
		return;
	}
	open_container(w, '{');
	put(w, obj + 1, len - 2);
	size_t i = 1;
	while (i < len - 1 && (obj[i] == ' ' || obj[i] == '\n' || obj[i] == '\t' || obj[i] == '\r'))
		i++;
	w->need_comma[w->depth] = i < len - 1; /* members were written: the next one needs a comma */
}

int jsonw_finish(struct jsonw *w)
{
	return (w->failed || w->depth != 0) ? -1 : 0;
}
