/* One page of a keyset-paged list: the query gives (id, sort key) rows, each id is loaded as the API shows
 * it, and the cursor is made from the last item's sort field. The dictionary, roles and positions share it. */
#include "frac/frac_int.h"

#include "http/input.h"
#include "http/list.h"

void frac_reply_page(struct http_request *req, struct db_conn *db, struct db_stmt *st, const struct http_list *list,
		     frac_load_fn load, const char *key_field)
{
	int64_t ids[HTTP_LIST_MAX + 1];
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n <= list->limit)
		ids[n++] = db_column_int64(st, 0);
	db_finish(st);
	if (rc < 0) {
		http_reply_db_error(req);
		return;
	}
	bool more = n > list->limit;
	if (more)
		n = list->limit;
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		bool err;
		json_t *item = load(db, ids[i], &err);
		if (!item) {
			json_decref(items);
			http_reply_db_error(req);
			return;
		}
		json_array_append_new(items, item);
	}
	json_t *cursor = json_null();
	if (more) {
		json_t *last = json_array_get(items, (size_t)n - 1);
		const char *c = http_list_cursor(req, json_string_value(json_object_get(last, key_field)), ids[n - 1]);
		if (c) {
			json_decref(cursor);
			cursor = json_string(c);
		}
	}
	http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", cursor));
}
