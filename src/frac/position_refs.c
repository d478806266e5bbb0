/* The short forms of an official and a competency that positions, holdings, passports and gaps show
 * inside their own objects, so every answer names a person or a competency the same way. */
#include "frac/frac_int.h"

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *frac_official_ref(struct db_conn *db, int64_t official_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT f.id, f.name_en, f.name_hi, d.code, d.name_en, o.id, o.code, "
					    "o.name_en FROM officials f JOIN organisations o ON o.id = f.org_id "
					    "LEFT JOIN designations d ON d.code = f.designation WHERE f.id = $1");
	if (!st || db_bind_int64(st, 1, official_id) || db_step(st) != DB_ROW) {
		db_finish(st);
		return NULL;
	}
	json_t *designation = db_column_null(st, 3) ? json_null()
						    : json_pack("{s:s, s:s}", "code", db_column_text(st, 3), "name",
								db_column_text(st, 4));
	json_t *out = json_pack("{s:I, s:s, s:o, s:o, s:{s:I, s:s, s:s}}", "id", (json_int_t)db_column_int64(st, 0),
				"name", db_column_text(st, 1), "name_hi", text_or_null(db_column_text(st, 2)),
				"designation", designation, "org", "id", (json_int_t)db_column_int64(st, 5), "code",
				db_column_text(st, 6), "name", db_column_text(st, 7));
	db_finish(st);
	return out;
}

json_t *frac_competency_ref(struct db_conn *db, int64_t competency_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, code, name_en, name_hi, area FROM competencies WHERE id = $1");
	if (!st || db_bind_int64(st, 1, competency_id) || db_step(st) != DB_ROW) {
		db_finish(st);
		return NULL;
	}
	json_t *out = json_pack("{s:I, s:s, s:s, s:o, s:s}", "id", (json_int_t)db_column_int64(st, 0), "code",
				db_column_text(st, 1), "name", db_column_text(st, 2), "name_hi",
				text_or_null(db_column_text(st, 3)), "area", db_column_text(st, 4));
	db_finish(st);
	return out;
}
