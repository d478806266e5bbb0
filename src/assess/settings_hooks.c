/* What catalog asks of an assessment's versions (set as catalog hooks in cmd/serve.c): a new draft copied
 * from a published version takes its settings and draws along, and a version goes to review only with
 * settings whose draws the banks can still fill. */
#include "assess/attempt.h"

#include "http/input.h"

#include <stdio.h>
#include <string.h>

static int copy_rows(struct db_conn *db, const char *sql, int64_t from, int64_t to)
{
	struct db_stmt *st = db_prepare(db, sql);
	int rc = !st || db_bind_int64(st, 1, from) || db_bind_int64(st, 2, to) ? DB_ERROR : db_step(st);
	db_finish(st);
	return rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}

int assess_version_copied(struct db_conn *db, const struct catalog_content *c, int64_t from_id, int64_t to_id)
{
	if (strcmp(c->kind, "assessment"))
		return 0;
	int rc = copy_rows(db,
			   "INSERT INTO assessment_settings (version_id, purpose, pass_percent, max_attempts, "
			   "time_limit_s, shuffle_questions, shuffle_options, allow_review, grant_competency_id, "
			   "grant_level, updated_at) SELECT $2, purpose, pass_percent, max_attempts, time_limit_s, "
			   "shuffle_questions, shuffle_options, allow_review, grant_competency_id, grant_level, "
			   "updated_at FROM assessment_settings WHERE version_id = $1",
			   from_id, to_id);
	if (!rc)
		rc = copy_rows(db,
			       "INSERT INTO assessment_draws (version_id, seq, bank_id, competency_id, level, count) "
			       "SELECT $2, seq, bank_id, competency_id, level, count FROM assessment_draws WHERE "
			       "version_id = $1",
			       from_id, to_id);
	return rc;
}

/* Each draw's bank must still hold enough active questions (some may have been retired since). */
static int check_draws(struct db_conn *db, int64_t version_id, json_t **errors)
{
	struct db_stmt *st = db_prepare(db, "SELECT d.seq, d.bank_id, d.competency_id, d.level, d.count, b.code FROM "
					    "assessment_draws d JOIN question_banks b ON b.id = d.bank_id WHERE "
					    "d.version_id = $1 ORDER BY d.seq");
	if (!st || db_bind_int64(st, 1, version_id)) {
		db_finish(st);
		return DB_ERROR;
	}
	struct {
		int64_t bank, competency, level, count;
		char code[64];
	} d[ASSESS_DRAWS_MAX];
	size_t n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && n < ASSESS_DRAWS_MAX) {
		d[n].bank = db_column_int64(st, 1);
		d[n].competency = db_column_int64(st, 2);
		d[n].level = db_column_int64(st, 3);
		d[n].count = db_column_int64(st, 4);
		snprintf(d[n].code, sizeof d[n].code, "%s", db_column_text(st, 5));
		n++;
	}
	db_finish(st);
	if (rc < 0)
		return rc;
	if (n == 0)
		http_field_error(errors, "assessment",
				 "an assessment needs at least one draw of questions before review");
	for (size_t i = 0; i < n; i++) {
		int64_t available = assess_draw_available(db, d[i].bank, d[i].competency, d[i].level);
		if (available < 0)
			return (int)available;
		if (available < d[i].count) {
			char msg[200];
			snprintf(msg, sizeof msg,
				 "draw %zu asks for %lld questions but bank %s now has %lld active "
				 "questions that match",
				 i + 1, (long long)d[i].count, d[i].code, (long long)available);
			http_field_error(errors, "assessment", msg);
		}
	}
	return 0;
}

int assess_version_ready(struct db_conn *db, const struct catalog_content *c, int64_t version_id, json_t **errors)
{
	if (strcmp(c->kind, "assessment"))
		return 0;
	struct assess_settings s;
	int rc = assess_settings_load(db, version_id, &s);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		http_field_error(errors, "assessment",
				 "an assessment needs its settings (purpose, pass mark, draws: PUT "
				 "/api/v1/contents/{id}/assessment) before review");
		return 0;
	}
	return check_draws(db, version_id, errors);
}
