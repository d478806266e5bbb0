/* The plan builder's pickers: the officials and the positions of a plan's organisation (and below it) that an
 * audience rule may name, searched as a person types or fetched by id to show saved rules by name. Only those
 * who may change the plan ask. Officials are org's to find (org_people_find); positions are read through frac's
 * public view of them. */
#include "cbp/cbp_int.h"

#include "core/util.h"
#include "http/input.h"
#include "http/list.h"
#include "org/org.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PICK_DEFAULT 20 /* rows a page has unless ?limit= says */
#define PICK_MAX 100    /* and at most */
#define Q_MAX 100       /* characters of ?q= */
#define IDS_MAX 100     /* ids of ?ids= */

/* What a picker's request asks: a page of what q finds, or the things named by ids. */
struct pick {
	struct http_list list;
	const char *q;
	int64_t ids[IDS_MAX];
	size_t nids;
	bool by_ids;
};

/* Reads "1,2,3": positive ids, at most IDS_MAX, repeats dropped. Returns 0, or -1 when malformed. */
static int read_ids(const char *s, struct pick *out)
{
	while (*s) {
		if (*s < '0' || *s > '9')
			return -1;
		char *end = NULL;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (errno || v < 1 || (*end && *end != ',') || (*end == ',' && !end[1]))
			return -1;
		bool seen = false;
		for (size_t i = 0; i < out->nids && !seen; i++)
			seen = out->ids[i] == v;
		if (!seen) {
			if (out->nids == IDS_MAX)
				return -1;
			out->ids[out->nids++] = v;
		}
		s = *end ? end + 1 : end;
	}
	return out->nids ? 0 : -1;
}

/* Reads ?q=, ?limit=, ?cursor= or ?ids=. Returns 1 when good, 0 with the reply set (422 naming the field). */
static int read_pick(struct http_request *req, struct pick *out)
{
	memset(out, 0, sizeof *out);
	if (http_list_params_within(req, &out->list, PICK_DEFAULT, PICK_MAX))
		return 0;
	json_t *errors = NULL;
	out->q = http_query(req, "q");
	if (out->q && util_utf8_chars(out->q, strlen(out->q)) > Q_MAX)
		http_field_error(&errors, "q", "must be at most 100 characters: the start of a name, email or code");
	const char *ids = http_query(req, "ids");
	out->by_ids = ids != NULL;
	if (ids && read_ids(ids, out))
		http_field_error(&errors, "ids", "must be 1 to 100 ids separated by commas, e.g. ids=12,40");
	if (ids && (out->q || http_query(req, "cursor") || http_query(req, "limit")))
		http_field_error(&errors, "ids", "asks for those ids alone: send it without q, limit or cursor");
	if (errors) {
		http_reply_invalid(req, errors);
		return 0;
	}
	return 1;
}

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *org_json(int64_t id, const char *code, const char *name, const char *name_hi)
{
	return json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)id, "code", code, "name", name, "name_hi",
			 text_or_null(name_hi));
}

/* --- officials --- */

static json_t *person_json(const struct org_person *p)
{
	return json_pack("{s:I, s:s, s:o, s:s, s:o, s:s, s:o}", "id", (json_int_t)p->id, "name", p->name, "name_hi",
			 text_or_null(p->name_hi), "employee_code", p->employee_code, "designation",
			 text_or_null(p->designation), "status", p->status, "org",
			 org_json(p->org_id, p->org_code, p->org_name, p->org_name_hi));
}

/* GET /cbp-plans/{id}/people?q=&limit=&cursor= | ?ids=: officials of the plan's subtree a rule may name. */
static void people_get(struct http_request *req)
{
	struct cbp_plan plan;
	struct pick pick;
	if (!cbp_plan_for_admin(req, &plan) || !read_pick(req, &pick))
		return;
	struct arena *arena = http_arena(req);
	size_t room = pick.by_ids ? pick.nids : (size_t)pick.list.limit + 1, n = 0;
	struct org_person *found = arena_alloc(arena, room * sizeof *found);
	int rc = !found        ? DB_ERROR
		 : pick.by_ids ? org_people_get(http_db(req), arena, plan.org_id, pick.ids, pick.nids, found, &n)
			       : org_people_find(http_db(req), arena, plan.org_id, pick.q, pick.list.key, pick.list.id,
						 room, found, &n);
	if (rc) {
		http_reply_db_error(req);
		return;
	}
	bool more = !pick.by_ids && n == room;
	json_t *items = json_array();
	for (size_t i = 0; i < n - more; i++)
		json_array_append_new(items, person_json(&found[i]));
	const char *cursor = more ? http_list_cursor(req, found[n - 2].name, found[n - 2].id) : NULL;
	if (more && !cursor) {
		json_decref(items);
		http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", text_or_null(cursor)));
}

/* --- positions --- */

/* The keyset of a positions cursor: "<org id>:<title>" and the id. Returns 0, or -1 when it is not one. */
static int position_after(const struct http_list *list, int64_t *org, const char **title)
{
	*org = 0;
	*title = "";
	if (!list->id)
		return 0;
	char *end = NULL;
	long long v = strtoll(list->key, &end, 10);
	if (end == list->key || *end != ':' || v < 1)
		return -1;
	*org = v;
	*title = end + 1;
	return 0;
}

/* The cursor after the position (org, title, id); NULL when out of memory. */
static const char *position_cursor(struct http_request *req, int64_t org, const char *title, int64_t id)
{
	char head[32];
	int hn = snprintf(head, sizeof head, "%lld:", (long long)org);
	size_t tn = strlen(title);
	char *key = arena_alloc(http_arena(req), (size_t)hn + tn + 1);
	if (!key)
		return NULL;
	memcpy(key, head, (size_t)hn);
	memcpy(key + hn, title, tn + 1);
	return http_list_cursor(req, key, id);
}

/* Appends the page of positions q finds to items; sets *cursor (NULL on the last page). Returns 0, 1 with a
 * 422 set for a cursor that is not one, or a negative DB_ code. */
static int positions_page(struct http_request *req, int64_t root, const struct pick *pick, json_t *items,
			  const char **cursor)
{
	struct cbp_position_key after = {0, "", pick->list.id};
	*cursor = NULL;
	if (position_after(&pick->list, &after.org_id, &after.title)) {
		json_t *errors = NULL;
		http_field_error(&errors, "cursor", "is not a cursor this list gave out; start again without it");
		http_reply_invalid(req, errors);
		return 1;
	}
	size_t n = 0, limit = (size_t)pick->list.limit;
	int rc = cbp_positions_find(http_db(req), http_arena(req), root, pick->q, &after, limit + 1, items, &n);
	if (rc || n <= limit)
		return rc;
	json_array_remove(items, limit);
	json_t *end = json_array_get(items, limit - 1);
	*cursor = position_cursor(req, json_integer_value(json_object_get(json_object_get(end, "org"), "id")),
				  json_string_value(json_object_get(end, "title")),
				  json_integer_value(json_object_get(end, "id")));
	return *cursor ? 0 : DB_ERROR;
}

/* GET /cbp-plans/{id}/positions?q=&limit=&cursor= | ?ids=: active positions of the plan's subtree. */
static void positions_get(struct http_request *req)
{
	struct cbp_plan plan;
	struct pick pick;
	if (!cbp_plan_for_admin(req, &plan) || !read_pick(req, &pick))
		return;
	json_t *items = json_array();
	const char *cursor = NULL;
	int rc = pick.by_ids ? cbp_positions_get(http_db(req), plan.org_id, pick.ids, pick.nids, items)
			     : positions_page(req, plan.org_id, &pick, items, &cursor);
	if (rc) {
		json_decref(items);
		if (rc < 0)
			http_reply_db_error(req);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", text_or_null(cursor)));
}

const struct http_route cbp_people_routes[] = {
	{"GET", "/api/v1/cbp-plans/{id}/people", people_get, HTTP_SESSION, 0},
	{"GET", "/api/v1/cbp-plans/{id}/positions", positions_get, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
