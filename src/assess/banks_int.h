/* Private to the question-bank files of module assess (banks*.c, questions*.c, import*.c, export.c): a bank
 * and who may touch it, one question as a request or a file row gives it, and the store of questions. */
#ifndef KY_ASSESS_BANKS_INT_H
#define KY_ASSESS_BANKS_INT_H

#include "assess/assess_int.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define BANK_OPTIONS_MIN 2
#define BANK_OPTIONS_MAX 10
#define BANK_ANSWERS_MAX 20
#define BANK_TEXT_MAX 2000        /* characters of a question's text, either language */
#define BANK_EXPLANATION_MAX 4000 /* characters of an explanation */
#define BANK_OPTION_MAX 500       /* characters of an option */
#define BANK_ANSWER_MAX 200       /* characters of an accepted answer */
#define BANK_TITLE_MAX 200
#define BANK_CODE_MAX 40

/* --- banks_access.c: a bank, who may read and write it, its JSON --- */

struct assess_bank {
	int64_t id, provider_id;
	char code[48];
};

/* Loads bank id. Returns 1 found, 0 unknown, or a negative DB_ code. */
int assess_bank_load(struct db_conn *db, int64_t id, struct assess_bank *out) ASSESS_WUR;
/* Loads the bank whose id is the path parameter `param` for the caller: reading needs a person of its provider
 * (catalog_provider_person), writing a content creator of it (catalog_may_create). Returns 1, or 0 with the
 * reply set: 404 for an unknown bank or a caller who holds no content role, 403 for the others. */
int assess_bank_for(struct http_request *req, struct db_conn *db, const char *param, bool write,
		    struct assess_bank *out) ASSESS_WUR;
/* The same for bank id (what names the thing in a 404: "question bank", "question"). */
int assess_bank_access(struct http_request *req, struct db_conn *db, int64_t id, bool write, const char *what,
		       struct assess_bank *out) ASSESS_WUR;
/* BANK of id (a new reference), or NULL on a database error or when there is no such bank. */
json_t *assess_bank_json(struct db_conn *db, int64_t id);
/* ISO 8601 of epoch ms, json null for 0. */
json_t *assess_time_json(int64_t ms);
/* An audit entry for a write on a bank of provider_id (inside the caller's transaction). */
int assess_bank_audit(struct http_request *req, const char *action, const char *type, int64_t id, int64_t provider_id,
		      json_t *before, json_t *after) ASSESS_WUR;

/* --- questions_input.c: QUESTION_IN, from a request body or a file's row --- */

struct assess_option_in {
	const char *text, *text_hi; /* text_hi NULL when none */
	bool correct;
};

/* Strings point into the JSON read (or into static text for true/false options): keep it alive. */
struct assess_question_in {
	const char *kind, *text, *text_hi, *explanation, *explanation_hi;
	int64_t competency_id; /* 0: none */
	int64_t level;         /* 0: none */
	int64_t points;
	struct assess_option_in options[BANK_OPTIONS_MAX]; /* true/false: the two the server makes */
	size_t noptions;
	const char *answers[BANK_ANSWERS_MAX]; /* fill_blank */
	size_t nanswers;
};

/* Reads QUESTION_IN from body (pure: no database). Returns NULL when valid, or the array of field errors
 * ({field, message}; a new reference). */
json_t *assess_question_read(json_t *body, struct assess_question_in *q);
/* The checks that need the database: the competency exists and is active. Adds field errors; returns 0 or a
 * negative DB_ code. */
int assess_question_check(struct db_conn *db, const struct assess_question_in *q, json_t **errors) ASSESS_WUR;
/* What a question says, in one canonical JSON shape, to tell whether a file's row changes a stored question:
 * {kind, text, text_hi, explanation, explanation_hi, competency_id, level, points, options:[{text, text_hi,
 * correct}], answers:[...]}. From an input, or from a stored QUESTION (the author view). New references. */
json_t *assess_question_canonical(const struct assess_question_in *q);
json_t *assess_question_canonical_of(json_t *question);

/* --- questions_store.c: the rows of a question --- */

/* Inserts q into bank_id (with its options or accepted answers, normalised). replaces_id 0 for none. Sets *id.
 * Returns 0 or a negative DB_ code. */
int assess_question_insert(struct db_conn *db, int64_t bank_id, const struct assess_question_in *q, int64_t me,
			   int64_t now, int64_t replaces_id, int64_t *id) ASSESS_WUR;
/* Writes q over question id in place (no attempt has drawn it). Returns 0 or a negative DB_ code. */
int assess_question_overwrite(struct db_conn *db, int64_t id, const struct assess_question_in *q,
			      int64_t now) ASSESS_WUR;
/* Edits question id of bank_id the way an edit must go: in place when no attempt drew it, else as a new row
 * replacing it (the old one retired). Sets *new_id (id itself when in place). Returns 0 or a DB_ code. */
int assess_question_edit(struct db_conn *db, int64_t bank_id, int64_t id, const struct assess_question_in *q,
			 int64_t me, int64_t now, int64_t *new_id) ASSESS_WUR;
/* 1 when an attempt has drawn question id, 0 when none, or a negative DB_ code. */
int assess_question_drawn(struct db_conn *db, int64_t id) ASSESS_WUR;
/* Retires question id (nothing when already retired). Returns 0 or a negative DB_ code. */
int assess_question_retire(struct db_conn *db, int64_t id, int64_t now) ASSESS_WUR;
/* QUESTION (the author view, with correct flags and accepted answers) of id; sets *bank_id when not NULL.
 * A new reference; NULL on a database error, or when unknown (*found false). */
json_t *assess_question_json(struct db_conn *db, int64_t id, int64_t *bank_id, bool *found);

/* --- import.c, import_csv.c: a file of questions, all or nothing, with a per-row report --- */

#define BANK_IMPORT_ROWS_MAX 5000
#define BANK_IMPORT_LIMIT ((size_t)8 << 20) /* bytes of a file */
#define BANK_IMPORT_REPORT_CAP 1000

/* Owner: the import handler; assess_import_free releases it. */
struct assess_import {
	struct db_conn *db;
	bool csv;             /* the file is CSV: errors are named by its columns */
	const char *format;   /* "csv", "json" or "qti", for the audit */
	json_t *rows;         /* per data row, in order: a QUESTION_IN object, or null when it could not become one */
	json_t *errors;       /* [{row, column, message}], the first BANK_IMPORT_REPORT_CAP */
	size_t errors_total;  /* every error found */
	json_t *competencies; /* competency code -> id (0: unknown), each looked up once */
	int db_rc;            /* a database error met on the way (0 when none) */
};

/* Adds an error of row (1-based; 0: the header or the file) and column (NULL: the whole row) to the report. */
void assess_import_error(struct assess_import *im, size_t row, const char *column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The id of the active competency with this code, 0 when none. Database errors land in im->db_rc. */
int64_t assess_import_competency(struct assess_import *im, const char *code);
/* Reads a CSV file (RFC 4180, a header naming the columns) into im->rows; what is wrong goes to the report.
 * Returns 0, or -1 when memory ran out. */
int assess_import_csv(struct assess_import *im, const char *data, size_t len) ASSESS_WUR;
/* Reads QTI 2.1 XML (one assessmentItem, or any document holding several) into im->rows, an item a row.
 * Returns 0. */
int assess_import_qti(struct assess_import *im, const char *data, size_t len) ASSESS_WUR;
/* The CSV column a QUESTION_IN field error is about ("options[1].text" is option_2), and its message for
 * the report, into column and message. */
void assess_import_csv_column(const char *field, const char *msg, char *column, size_t column_size, char *message,
			      size_t message_size);
/* The CSV columns, in the order export writes them. */
extern const char *const assess_csv_columns[];

/* --- the handlers of assess_bank_routes (banks.c) that live in the other files --- */

void assess_questions_list(struct http_request *req);  /* questions.c */
void assess_question_post(struct http_request *req);   /* questions.c */
void assess_question_get(struct http_request *req);    /* questions.c */
void assess_question_put(struct http_request *req);    /* questions.c */
void assess_question_delete(struct http_request *req); /* questions.c */
void assess_bank_import(struct http_request *req);     /* import.c */
void assess_bank_export(struct http_request *req);     /* export.c */

#endif
