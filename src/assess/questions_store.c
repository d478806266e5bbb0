/* The rows of a question: the question, its options or its accepted answers (kept as written and normalised,
 * so an attempt compares normal forms). A question an attempt has drawn is never changed: an edit makes a new
 * row that replaces it, so the attempt's review still shows what was asked. */
#include "assess/banks_int.h"

#include <string.h>

static int bind_opt_text(struct db_stmt *st, int n, const char *s)
{
	return s ? db_bind_text(st, n, s) : db_bind_null(st, n);
}

static int bind_opt_int(struct db_stmt *st, int n, int64_t v)
{
	return v ? db_bind_int64(st, n, v) : db_bind_null(st, n);
}

static int step_done(struct db_stmt *st, int bad)
{
	int rc = bad ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

static int write_options(struct db_conn *db, int64_t id, const struct assess_question_in *q)
{
	int rc = 0;
	for (size_t i = 0; i < q->noptions && !rc; i++) {
		struct db_stmt *st = db_prepare(db, "INSERT INTO question_options (question_id, seq, text_en, "
						    "text_hi, correct) VALUES ($1, $2, $3, $4, $5)");
		rc = step_done(st, !st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, (int64_t)i + 1) ||
					   db_bind_text(st, 3, q->options[i].text) ||
					   bind_opt_text(st, 4, q->options[i].text_hi) ||
					   db_bind_int64(st, 5, q->options[i].correct));
	}
	return rc;
}

static int write_answers(struct db_conn *db, int64_t id, const struct assess_question_in *q)
{
	struct buf norm;
	buf_init(&norm, 4 * BANK_ANSWER_MAX + 16);
	int rc = 0;
	for (size_t i = 0; i < q->nanswers && !rc; i++) {
		if (assess_normalise(q->answers[i], strlen(q->answers[i]), &norm)) {
			rc = DB_ERROR; /* the input was checked: this is out of memory */
			break;
		}
		struct db_stmt *st = db_prepare(db, "INSERT INTO question_answers (question_id, seq, answer, "
						    "normalised) VALUES ($1, $2, $3, $4)");
		rc = step_done(st, !st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, (int64_t)i + 1) ||
					   db_bind_text(st, 3, q->answers[i]) || db_bind_text(st, 4, norm.data));
	}
	buf_free(&norm);
	return rc;
}

static int write_parts(struct db_conn *db, int64_t id, const struct assess_question_in *q)
{
	int rc = write_options(db, id, q);
	return rc ? rc : write_answers(db, id, q);
}

int assess_question_insert(struct db_conn *db, int64_t bank_id, const struct assess_question_in *q, int64_t me,
			   int64_t now, int64_t replaces_id, int64_t *id)
{
	struct db_stmt *st = db_prepare(
		db, "INSERT INTO questions (bank_id, kind, status, text_en, text_hi, explanation_en, explanation_hi, "
		    "competency_id, level, points, replaces_id, created_by, created_at, updated_at) VALUES ($1, $2, "
		    "'active', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id");
	int rc = !st || db_bind_int64(st, 1, bank_id) || db_bind_text(st, 2, q->kind) || db_bind_text(st, 3, q->text) ||
				 bind_opt_text(st, 4, q->text_hi) || bind_opt_text(st, 5, q->explanation) ||
				 bind_opt_text(st, 6, q->explanation_hi) || bind_opt_int(st, 7, q->competency_id) ||
				 bind_opt_int(st, 8, q->level) || db_bind_int64(st, 9, q->points) ||
				 bind_opt_int(st, 10, replaces_id) || db_bind_int64(st, 11, me) ||
				 db_bind_int64(st, 12, now)
			 ? DB_ERROR
			 : db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finish(st);
	if (rc != DB_ROW)
		return rc < 0 ? rc : DB_ERROR;
	return write_parts(db, *id, q);
}

static int delete_parts(struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM question_options WHERE question_id = $1");
	int rc = step_done(st, !st || db_bind_int64(st, 1, id));
	if (rc)
		return rc;
	st = db_prepare(db, "DELETE FROM question_answers WHERE question_id = $1");
	return step_done(st, !st || db_bind_int64(st, 1, id));
}

int assess_question_overwrite(struct db_conn *db, int64_t id, const struct assess_question_in *q, int64_t now)
{
	struct db_stmt *st = db_prepare(
		db, "UPDATE questions SET kind = $2, text_en = $3, text_hi = $4, explanation_en = $5, "
		    "explanation_hi = $6, competency_id = $7, level = $8, points = $9, updated_at = $10 WHERE "
		    "id = $1");
	int rc =
		step_done(st, !st || db_bind_int64(st, 1, id) || db_bind_text(st, 2, q->kind) ||
				      db_bind_text(st, 3, q->text) || bind_opt_text(st, 4, q->text_hi) ||
				      bind_opt_text(st, 5, q->explanation) || bind_opt_text(st, 6, q->explanation_hi) ||
				      bind_opt_int(st, 7, q->competency_id) || bind_opt_int(st, 8, q->level) ||
				      db_bind_int64(st, 9, q->points) || db_bind_int64(st, 10, now));
	if (!rc)
		rc = delete_parts(db, id);
	return rc ? rc : write_parts(db, id, q);
}

int assess_question_drawn(struct db_conn *db, int64_t id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM attempt_questions WHERE question_id = $1 LIMIT 1");
	int rc = !st || db_bind_int64(st, 1, id) ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_ROW ? 1 : rc;
}

int assess_question_retire(struct db_conn *db, int64_t id, int64_t now)
{
	struct db_stmt *st =
		db_prepare(db, "UPDATE questions SET status = 'retired', updated_at = $2 WHERE id = $1 AND status = "
			       "'active'");
	return step_done(st, !st || db_bind_int64(st, 1, id) || db_bind_int64(st, 2, now));
}

int assess_question_edit(struct db_conn *db, int64_t bank_id, int64_t id, const struct assess_question_in *q,
			 int64_t me, int64_t now, int64_t *new_id)
{
	int rc = assess_question_drawn(db, id);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		*new_id = id;
		return assess_question_overwrite(db, id, q, now);
	}
	rc = assess_question_retire(db, id, now);
	return rc ? rc : assess_question_insert(db, bank_id, q, me, now, id, new_id);
}

static json_t *text_or_null(struct db_stmt *st, int col)
{
	const char *s = db_column_text(st, col);
	return s ? json_string(s) : json_null();
}

/* Adds options and answers to out; -1 on a database error. */
static int add_parts(struct db_conn *db, int64_t id, json_t *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, seq, text_en, text_hi, correct FROM question_options WHERE "
					    "question_id = $1 ORDER BY seq");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return -1;
	}
	json_t *opts = json_array(), *answers = json_array();
	json_object_set_new(out, "options", opts);
	json_object_set_new(out, "answers", answers);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *o = json_pack("{s:I, s:I, s:s}", "id", (json_int_t)db_column_int64(st, 0), "seq",
				      (json_int_t)db_column_int64(st, 1), "text", db_column_text(st, 2));
		json_object_set_new(o, "text_hi", text_or_null(st, 3));
		json_object_set_new(o, "correct", json_boolean(db_column_int64(st, 4)));
		json_array_append_new(opts, o);
	}
	db_finish(st);
	if (rc < 0)
		return -1;
	st = db_prepare(db, "SELECT answer FROM question_answers WHERE question_id = $1 ORDER BY seq");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return -1;
	}
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(answers, json_string(db_column_text(st, 0)));
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

static json_t *competency_json(struct db_stmt *st)
{
	if (db_column_null(st, 7))
		return json_null();
	json_t *c = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)db_column_int64(st, 7), "code",
			      db_column_text(st, 8), "name", db_column_text(st, 9));
	json_object_set_new(c, "name_hi", text_or_null(st, 10));
	return c;
}

json_t *assess_question_json(struct db_conn *db, int64_t id, int64_t *bank_id, bool *found)
{
	*found = false;
	struct db_stmt *st = db_prepare(
		db, "SELECT q.bank_id, q.kind, q.status, q.text_en, q.text_hi, q.explanation_en, q.explanation_hi, "
		    "q.competency_id, c.code, c.name_en, c.name_hi, q.level, q.points, q.replaces_id, q.created_at, "
		    "q.updated_at FROM questions q LEFT JOIN competencies c ON c.id = q.competency_id WHERE q.id = $1");
	int rc = !st || db_bind_int64(st, 1, id) ? DB_ERROR : db_step(st);
	if (rc != DB_ROW) {
		db_finish(st);
		return NULL;
	}
	*found = true;
	if (bank_id)
		*bank_id = db_column_int64(st, 0);
	json_t *out = json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "bank_id",
				(json_int_t)db_column_int64(st, 0), "kind", db_column_text(st, 1), "status",
				db_column_text(st, 2), "text", db_column_text(st, 3));
	json_object_set_new(out, "text_hi", text_or_null(st, 4));
	json_object_set_new(out, "explanation", text_or_null(st, 5));
	json_object_set_new(out, "explanation_hi", text_or_null(st, 6));
	json_object_set_new(out, "competency", competency_json(st));
	json_object_set_new(out, "level", db_column_null(st, 11) ? json_null() : json_integer(db_column_int64(st, 11)));
	json_object_set_new(out, "points", json_integer(db_column_int64(st, 12)));
	json_object_set_new(out, "replaces_id",
			    db_column_null(st, 13) ? json_null() : json_integer(db_column_int64(st, 13)));
	json_object_set_new(out, "created_at", assess_time_json(db_column_int64(st, 14)));
	json_object_set_new(out, "updated_at", assess_time_json(db_column_int64(st, 15)));
	bool tf = !strcmp(db_column_text(st, 1), "true_false");
	db_finish(st);
	if (add_parts(db, id, out)) {
		json_decref(out);
		return NULL;
	}
	if (tf) { /* what an editor sends back: "correct" says which of the two is right */
		json_t *first = json_array_get(json_object_get(out, "options"), 0);
		json_object_set(out, "correct",
				json_object_get(first, "correct") ? json_object_get(first, "correct") : json_false());
	}
	return out;
}
