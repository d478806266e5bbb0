/* QUESTION_IN: one question as an author sends it (and as an import's row becomes), checked field by field so
 * one 422 names everything wrong. The rules of each kind live here: single choice has exactly one correct
 * option, multiple choice at least one, true/false gets its two options from the server, fill in the blank
 * takes 1 to 20 accepted answers that differ once normalised. */
#include "assess/banks_int.h"

#include "core/util.h"
#include "http/input.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const KINDS[] = {"single", "multiple", "true_false", "fill_blank", NULL};

static bool kind_known(const char *s)
{
	for (const char *const *k = KINDS; *k; k++)
		if (!strcmp(s, *k))
			return true;
	return false;
}

static void field_errorf(json_t **errors, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void field_errorf(json_t **errors, const char *field, const char *fmt, ...)
{
	char msg[240];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	http_field_error(errors, field, msg);
}

/* A whole number from min to max, or null/absent (0). */
static void take_int(json_t *body, const char *key, int64_t min, int64_t max, bool nullable, int64_t *out,
		     json_t **errors)
{
	json_t *v = json_object_get(body, key);
	if (!v || (nullable && json_is_null(v)))
		return;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		if (max == INT64_MAX)
			field_errorf(errors, key, "must be the id of a competency%s", nullable ? ", or null" : "");
		else
			field_errorf(errors, key, "must be a whole number from %lld to %lld%s", (long long)min,
				     (long long)max, nullable ? ", or null" : "");
		return;
	}
	*out = json_integer_value(v);
}

/* The normal forms of n texts, to find two that a learner could not tell apart; NULL entries for texts
 * that do not normalise. Free with free_forms. */
static char **normal_forms(const char *const *texts, size_t n)
{
	char **forms = calloc(n ? n : 1, sizeof *forms);
	struct buf b;
	buf_init(&b, 4 * BANK_TEXT_MAX + 16);
	for (size_t i = 0; forms && i < n; i++)
		if (texts[i] && !assess_normalise(texts[i], strlen(texts[i]), &b))
			forms[i] = buf_steal(&b);
	buf_free(&b);
	return forms;
}

static void free_forms(char **forms, size_t n)
{
	for (size_t i = 0; forms && i < n; i++)
		free(forms[i]);
	free(forms);
}

/* Reports the later of two entries whose normal forms are equal. */
static void same_as(const char *const *texts, size_t n, const char *what, const char *suffix, const char *rule,
		    json_t **errors)
{
	char **forms = normal_forms(texts, n);
	for (size_t j = 1; forms && j < n; j++) {
		for (size_t i = 0; i < j; i++) {
			if (!forms[i] || !forms[j] || strcmp(forms[i], forms[j]))
				continue;
			char field[48];
			snprintf(field, sizeof field, "%s[%zu]%s", what, j, suffix);
			field_errorf(errors, field, "is the same as %s[%zu] %s", what, i, rule);
			break;
		}
	}
	free_forms(forms, n);
}

static void read_option(json_t *o, size_t i, struct assess_option_in *out, json_t **errors)
{
	char field[32], label[64];
	snprintf(field, sizeof field, "options[%zu]", i);
	if (!json_is_object(o)) {
		http_field_error(errors, field, "must be an object: {text, text_hi, correct}");
		return;
	}
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		if (strcmp(key, "text") && strcmp(key, "text_hi") && strcmp(key, "correct") && strcmp(key, "id") &&
		    strcmp(key, "seq")) {
			snprintf(label, sizeof label, "%s.%.20s", field, key);
			http_field_error(errors, label, "is not a field of an option");
		}
	}
	snprintf(label, sizeof label, "%s.text", field);
	if (!json_object_get(o, "text"))
		http_field_error(errors, label, "is required");
	(void)http_take_string(o, "text", label, BANK_OPTION_MAX, false, &out->text, NULL, errors);
	snprintf(label, sizeof label, "%s.text_hi", field);
	(void)http_take_string(o, "text_hi", label, BANK_OPTION_MAX, true, &out->text_hi, NULL, errors);
	snprintf(label, sizeof label, "%s.correct", field);
	json_t *c = json_object_get(o, "correct");
	if (!json_is_boolean(c))
		http_field_error(errors, label, "is required: true or false");
	else
		out->correct = json_is_true(c);
}

static void read_options(json_t *body, struct assess_question_in *q, json_t **errors)
{
	json_t *opts = json_object_get(body, "options");
	size_t n = json_array_size(opts);
	if (!json_is_array(opts) || n < BANK_OPTIONS_MIN || n > BANK_OPTIONS_MAX) {
		field_errorf(errors, "options", "must be a list of %d to %d options for a %s question",
			     BANK_OPTIONS_MIN, BANK_OPTIONS_MAX,
			     !strcmp(q->kind, "single") ? "single-choice" : "multiple-choice");
		return;
	}
	q->noptions = n;
	const char *texts[BANK_OPTIONS_MAX];
	size_t marked = 0;
	for (size_t i = 0; i < n; i++) {
		read_option(json_array_get(opts, i), i, &q->options[i], errors);
		texts[i] = q->options[i].text;
		marked += q->options[i].correct;
	}
	same_as(texts, n, "options", ".text", "(options must differ, whatever their case or spacing)", errors);
	if (!strcmp(q->kind, "single") && marked != 1)
		field_errorf(errors, "options",
			     marked ? "a single-choice question needs exactly one correct option (%zu are marked)"
				    : "a single-choice question needs exactly one correct option (none is marked)",
			     marked);
	else if (!strcmp(q->kind, "multiple") && marked == 0)
		http_field_error(errors, "options",
				 "a multiple-choice question needs at least one correct option (none is marked)");
}

static void read_answers(json_t *body, struct assess_question_in *q, json_t **errors)
{
	json_t *answers = json_object_get(body, "answers");
	size_t n = json_array_size(answers);
	if (!json_is_array(answers) || n < 1 || n > BANK_ANSWERS_MAX) {
		field_errorf(errors, "answers", "must be a list of 1 to %d accepted answers for a fill_blank question",
			     BANK_ANSWERS_MAX);
		return;
	}
	q->nanswers = n;
	char field[32];
	struct buf b;
	buf_init(&b, 4 * BANK_ANSWER_MAX + 16);
	for (size_t i = 0; i < n; i++) {
		json_t *a = json_array_get(answers, i);
		const char *s = json_string_value(a);
		snprintf(field, sizeof field, "answers[%zu]", i);
		if (!s || strlen(s) != json_string_length(a))
			http_field_error(errors, field, "must be a string");
		else if (util_utf8_chars(s, strlen(s)) > BANK_ANSWER_MAX)
			field_errorf(errors, field, "must be at most %d characters", BANK_ANSWER_MAX);
		else if (strchr(s, '|'))
			http_field_error(errors, field, "must not contain | (it separates the answers in a CSV file)");
		else if (assess_normalise(s, strlen(s), &b) || b.len == 0)
			http_field_error(errors, field, "must not be empty");
		else
			q->answers[i] = s;
	}
	buf_free(&b);
	same_as(q->answers, n, "answers", "", "once case and spaces are ignored", errors);
}

/* true/false: the server's two options, in English and Hindi. */
static void make_true_false(json_t *body, struct assess_question_in *q, json_t **errors)
{
	json_t *c = json_object_get(body, "correct");
	if (!json_is_boolean(c)) {
		http_field_error(errors, "correct", "is required for a true_false question: true or false");
		return;
	}
	q->noptions = 2;
	q->options[0] = (struct assess_option_in){"True", "सही", json_is_true(c)};
	q->options[1] = (struct assess_option_in){"False", "गलत", !json_is_true(c)};
}

static void read_kind_parts(json_t *body, struct assess_question_in *q, json_t **errors)
{
	bool choice = !strcmp(q->kind, "single") || !strcmp(q->kind, "multiple");
	bool tf = !strcmp(q->kind, "true_false"), blank = !strcmp(q->kind, "fill_blank");
	if (!choice && json_object_get(body, "options"))
		http_field_error(errors, "options",
				 tf ? "are made by the server for a true_false question: send correct: true or false"
				    : "are not part of a fill_blank question: send its accepted answers");
	if (!tf && json_object_get(body, "correct"))
		http_field_error(
			errors, "correct",
			"is only for a true_false question; mark the correct options with their correct field");
	if (!blank && json_object_get(body, "answers"))
		http_field_error(errors, "answers", "are only for a fill_blank question");
	if (choice)
		read_options(body, q, errors);
	else if (tf)
		make_true_false(body, q, errors);
	else
		read_answers(body, q, errors);
}

json_t *assess_question_read(json_t *body, struct assess_question_in *q)
{
	json_t *errors = NULL;
	memset(q, 0, sizeof *q);
	q->points = 1;
	if (!json_is_object(body)) {
		http_field_error(&errors, "body", "must be a JSON object");
		return errors;
	}
	static const char *const KNOWN[] = {"kind",           "text",          "text_hi", "explanation",
					    "explanation_hi", "competency_id", "level",   "points",
					    "options",        "correct",       "answers", NULL};
	http_reject_unknown(body, KNOWN, "a question", &errors);
	if (!json_object_get(body, "kind"))
		http_field_error(&errors, "kind", "is required: single, multiple, true_false or fill_blank");
	(void)http_take_string(body, "kind", NULL, 20, false, &q->kind, NULL, &errors);
	if (q->kind && !kind_known(q->kind)) {
		http_field_error(&errors, "kind", "must be single, multiple, true_false or fill_blank");
		q->kind = NULL;
	}
	if (!json_object_get(body, "text"))
		http_field_error(&errors, "text", "is required");
	(void)http_take_string(body, "text", NULL, BANK_TEXT_MAX, false, &q->text, NULL, &errors);
	(void)http_take_string(body, "text_hi", NULL, BANK_TEXT_MAX, true, &q->text_hi, NULL, &errors);
	(void)http_take_string(body, "explanation", NULL, BANK_EXPLANATION_MAX, true, &q->explanation, NULL, &errors);
	(void)http_take_string(body, "explanation_hi", NULL, BANK_EXPLANATION_MAX, true, &q->explanation_hi, NULL,
			       &errors);
	take_int(body, "competency_id", 1, INT64_MAX, true, &q->competency_id, &errors);
	take_int(body, "level", 1, 5, true, &q->level, &errors);
	take_int(body, "points", 1, 100, false, &q->points, &errors);
	if (q->level && !q->competency_id && !json_object_get(body, "competency_id"))
		http_field_error(&errors, "level",
				 "needs a competency_id: it is a proficiency level of the question's "
				 "competency");
	if (q->kind)
		read_kind_parts(body, q, &errors);
	return errors;
}

int assess_question_check(struct db_conn *db, const struct assess_question_in *q, json_t **errors)
{
	if (!q->competency_id)
		return 0;
	struct db_stmt *st = db_prepare(db, "SELECT status FROM competencies WHERE id = $1");
	int rc = !st || db_bind_int64(st, 1, q->competency_id) ? DB_ERROR : db_step(st);
	if (rc == DB_DONE)
		http_field_error(errors, "competency_id", "no competency has this id");
	else if (rc == DB_ROW && strcmp(db_column_text(st, 0), "active"))
		http_field_error(errors, "competency_id",
				 "is a retired competency; tag the question with an active one");
	db_finish(st);
	return rc < 0 ? rc : 0;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *assess_question_canonical(const struct assess_question_in *q)
{
	json_t *opts = json_array(), *answers = json_array();
	for (size_t i = 0; i < q->noptions; i++)
		json_array_append_new(opts,
				      json_pack("{s:s, s:o, s:b}", "text", q->options[i].text, "text_hi",
						str_or_null(q->options[i].text_hi), "correct", q->options[i].correct));
	for (size_t i = 0; i < q->nanswers; i++)
		json_array_append_new(answers, json_string(q->answers[i]));
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:o}", "kind", q->kind, "text", q->text,
			 "text_hi", str_or_null(q->text_hi), "explanation", str_or_null(q->explanation),
			 "explanation_hi", str_or_null(q->explanation_hi), "competency_id",
			 q->competency_id ? json_integer(q->competency_id) : json_null(), "level",
			 q->level ? json_integer(q->level) : json_null(), "points", (json_int_t)q->points, "options",
			 opts, "answers", answers);
}

json_t *assess_question_canonical_of(json_t *question)
{
	json_t *opts = json_array(), *o;
	size_t i;
	json_array_foreach(json_object_get(question, "options"), i, o) json_array_append_new(
		opts, json_pack("{s:O, s:O, s:O}", "text", json_object_get(o, "text"), "text_hi",
				json_object_get(o, "text_hi"), "correct", json_object_get(o, "correct")));
	json_t *comp = json_object_get(question, "competency");
	return json_pack("{s:O, s:O, s:O, s:O, s:O, s:o, s:O, s:O, s:o, s:O}", "kind",
			 json_object_get(question, "kind"), "text", json_object_get(question, "text"), "text_hi",
			 json_object_get(question, "text_hi"), "explanation", json_object_get(question, "explanation"),
			 "explanation_hi", json_object_get(question, "explanation_hi"), "competency_id",
			 json_is_object(comp) ? json_incref(json_object_get(comp, "id")) : json_null(), "level",
			 json_object_get(question, "level"), "points", json_object_get(question, "points"), "options",
			 opts, "answers", json_object_get(question, "answers"));
}
