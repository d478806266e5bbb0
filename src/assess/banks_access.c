/* A question bank as the other bank files see it: loading one, who may read it (any person of its provider)
 * and who may change it (the provider's content creators), and the BANK every answer carries. */
#include "assess/banks_int.h"

#include "catalog/catalog.h"
#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"
#include "http/list.h"

#include <stdio.h>
#include <string.h>

json_t *assess_time_json(int64_t ms)
{
	if (!ms)
		return json_null();
	char s[32];
	util_iso8601(ms, s);
	return json_string(s);
}

static json_t *text_or_null(struct db_stmt *st, int col)
{
	const char *s = db_column_text(st, col);
	return s ? json_string(s) : json_null();
}

int assess_bank_load(struct db_conn *db, int64_t id, struct assess_bank *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT provider_id, code FROM question_banks WHERE id = $1");
	int rc = !st || db_bind_int64(st, 1, id) ? DB_ERROR : db_step(st);
	if (rc == DB_ROW) {
		out->id = id;
		out->provider_id = db_column_int64(st, 0);
		snprintf(out->code, sizeof out->code, "%s", db_column_text(st, 1));
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc;
}

int assess_bank_access(struct http_request *req, struct db_conn *db, int64_t id, bool write, const char *what,
		       struct assess_bank *out)
{
	int rc = assess_bank_load(db, id, out);
	if (rc < 0) {
		http_reply_db_error(req);
		return 0;
	}
	int64_t me = http_user(req)->id;
	bool person = rc == 1 && catalog_provider_person(db, me, out->provider_id);
	if (person && (!write || catalog_may_create(db, me, out->provider_id)))
		return 1;
	/* Someone with no content role anywhere learns nothing, not even that the bank exists. */
	if (rc == 0 || !catalog_content_person(db, me)) {
		http_reply_not_found(req, what);
		return 0;
	}
	http_reply_problem(req, 403, "forbidden",
			   person ? "Only the provider's content creators change its question banks."
				  : "This question bank belongs to another provider.");
	return 0;
}

int assess_bank_for(struct http_request *req, struct db_conn *db, const char *param, bool write,
		    struct assess_bank *out)
{
	int64_t id;
	if (http_param_id(req, param, &id))
		return 0;
	return assess_bank_access(req, db, id, write, "question bank", out);
}

/* [{competency_id, competency_code, competency_name, competency_name_hi, level, count}] of the active
 * questions tagged with a competency; NULL on a database error. */
static json_t *bank_tags(struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(
		db, "SELECT q.competency_id, c.code, c.name_en, c.name_hi, q.level, count(*) FROM questions q JOIN "
		    "competencies c ON c.id = q.competency_id WHERE q.bank_id = $1 AND q.status = 'active' GROUP BY "
		    "q.competency_id, c.code, c.name_en, c.name_hi, q.level ORDER BY c.name_en, q.competency_id, "
		    "COALESCE(q.level, 0)");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return NULL;
	}
	json_t *tags = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *t =
			json_pack("{s:I, s:s, s:s}", "competency_id", (json_int_t)db_column_int64(st, 0),
				  "competency_code", db_column_text(st, 1), "competency_name", db_column_text(st, 2));
		json_object_set_new(t, "competency_name_hi", text_or_null(st, 3));
		json_object_set_new(t, "level",
				    db_column_null(st, 4) ? json_null() : json_integer(db_column_int64(st, 4)));
		json_object_set_new(t, "count", json_integer(db_column_int64(st, 5)));
		json_array_append_new(tags, t);
	}
	db_finish(st);
	if (rc < 0) {
		json_decref(tags);
		return NULL;
	}
	return tags;
}

json_t *assess_bank_json(struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(
		db, "SELECT b.code, b.title_en, b.title_hi, b.provider_id, o.name_en, o.name_hi, b.created_at, "
		    "b.updated_at, (SELECT count(*) FROM questions q WHERE q.bank_id = b.id AND q.status = 'active') "
		    "FROM question_banks b JOIN organisations o ON o.id = b.provider_id WHERE b.id = $1");
	if (!st || db_bind_int64(st, 1, id) || db_step(st) != DB_ROW) {
		db_finish(st);
		return NULL;
	}
	json_t *provider =
		json_pack("{s:I, s:s}", "id", (json_int_t)db_column_int64(st, 3), "name", db_column_text(st, 4));
	json_object_set_new(provider, "name_hi", text_or_null(st, 5));
	json_t *out = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "code", db_column_text(st, 0), "title",
				db_column_text(st, 1));
	json_object_set_new(out, "title_hi", text_or_null(st, 2));
	json_object_set_new(out, "provider", provider);
	json_object_set_new(out, "question_count", json_integer(db_column_int64(st, 8)));
	json_object_set_new(out, "created_at", assess_time_json(db_column_int64(st, 6)));
	json_object_set_new(out, "updated_at", assess_time_json(db_column_int64(st, 7)));
	db_finish(st);
	json_t *tags = bank_tags(db, id);
	if (!tags) {
		json_decref(out);
		return NULL;
	}
	json_object_set_new(out, "tags", tags);
	return out;
}

int assess_bank_audit(struct http_request *req, const char *action, const char *type, int64_t id, int64_t provider_id,
		      json_t *before, json_t *after)
{
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	return http_audit(req, action, type, idtext, provider_id, before, after);
}
