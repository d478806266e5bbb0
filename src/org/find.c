/* Finding officials for a picker: the active officials of an organisation's subtree whose words begin with
 * what a person typed, in order of name and keyset-paged; and officials by id, to show saved choices by name.
 *
 * One rule decides a match everywhere (ORG_WORDS_MATCH): each word of q begins a word of the official's name in
 * English or Hindi, of their email before the @ or of their employee code. Where the page is found depends on
 * what is cheapest, since a subtree may hold a dozen people or a million, and q may match most of them or three
 * (a rare name, a whole employee code):
 *  - a small subtree is read whole through the (org_id, name) index and sorted;
 *  - in a large one, everyone's names are read in order a chunk at a time (each larger than the last), which
 *    fills the page soon when q is common; after the first chunk, a q the word index (migration 0026) finds
 *    fewer than COMMON candidates for is answered from those candidates instead, checked and sorted.
 * Each way orders by (name, id) from the same keyset and checks the same rule, so each gives the same page.
 * Every statement has a plan both engines keep to whatever they guess: an index read in order under a LIMIT,
 * or rows fetched by id. */
#include "org/org_int.h"

#include "core/buf.h"

#include <stdint.h>
#include <string.h>

#define STR_OF(n) #n
#define STR(n) STR_OF(n)
#define SMALL_SUBTREE 5000 /* officials (any status) a subtree may have and still be read whole */
#define FIRST_CHUNK 1000   /* names read in order at first; each chunk after is four times larger */
#define LAST_CHUNK 16000   /* up to this (larger, PostgreSQL would rather hash all officials) */
#define COMMON 20000       /* candidates from which the word index is no quicker than reading names */

/* The text an official's words come from; only finding the @ is spelled per backend. RAW, with the whole email,
 * is for the cheap first test. */
#define RAW "f.name_en || ' ' || COALESCE(f.name_hi, '') || ' ' || f.email || ' ' || f.employee_code"
#define WORD_TEXT(find_at)                                                                                             \
	"f.name_en || ' ' || COALESCE(f.name_hi, '') || ' ' || SUBSTR(f.email, 1, " find_at "(f.email, '@') - 1) "     \
	"|| ' ' || f.employee_code"
#define WORDS(find_at) ORG_WORDS_MATCH(RAW, WORD_TEXT(find_at), "$5", "$6", "$7", "$8")

/* Page statements: $1 the subtree's root, $2 and $3 the keyset (name, id), $4 the rows wanted, $5-$8 the words'
 * patterns ('' for none), and for the candidates' statement $9 their ids. */
#define SUB                                                                                                            \
	"WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT o.id FROM organisations o JOIN "        \
	"sub ON o.parent_id = sub.id)"
#define COLS                                                                                                           \
	" SELECT f.id, f.name_en, f.name_hi, f.employee_code, f.designation, f.status, o.id, o.code, o.name_en, "      \
	"o.name_hi"
#define JOIN_ORG " JOIN organisations o ON o.id = f.org_id"
#define AFTER "(f.name_en, f.id) > ($2, CAST($3 AS BIGINT))"
/* In the subtree and active. PostgreSQL reads the subtree once into an array, so the test stays a cheap filter
 * made before the words' (as a join it would come after them). */
#define IN_SUB(b) "f.org_id " b " AND f.status = 'active'"
#define SUB_SQLITE "IN (SELECT id FROM sub)"
#define SUB_PG "= ANY(ARRAY(SELECT id FROM sub))"
#define PAGE " ORDER BY f.name_en, f.id LIMIT $4"

/* A small subtree: its organisations' officials through the (org_id, name) index, sorted. */
#define SEEK_SQL(b, at) SUB COLS " FROM officials f" JOIN_ORG " WHERE " IN_SUB(b) " AND " AFTER " AND " WORDS(at) PAGE
/* The next $9 names of everyone, in the order of the (name, id) index, of which those of the subtree that match.
 * SQLite reads the chunk's ids off the index and fetches their rows; PostgreSQL reads the rows with them, since a
 * join would have its planner guess (after a bulk load, before statistics catch up, it guesses a scan per id). */
#define CHUNK_SQLITE                                                                                                   \
	"w AS MATERIALIZED (SELECT f.id FROM officials f WHERE " AFTER " ORDER BY f.name_en, f.id LIMIT $9)" COLS      \
	" FROM w JOIN officials f ON f.id = w.id"
#define CHUNK_PG                                                                                                       \
	"f AS MATERIALIZED (SELECT f.id, f.name_en, f.name_hi, f.email, f.employee_code, f.designation, f.status, "    \
	"f.org_id FROM officials f WHERE " AFTER " ORDER BY f.name_en, f.id LIMIT $9)" COLS " FROM f"
#define CHUNK_SQL(chunk, b, at) SUB ", " chunk JOIN_ORG " WHERE " IN_SUB(b) " AND " WORDS(at) PAGE
/* Where the chunk of $3 names after ($1, $2) ends; no row when it reaches the last name. */
static const char CHUNK_END_SQL[] = "SELECT name_en, id FROM officials WHERE (name_en, id) > ($1, CAST($2 AS "
				    "BIGINT)) ORDER BY name_en, id LIMIT 1 OFFSET CAST($3 AS BIGINT) - 1";
/* The word index's candidates ($9, a list of ids), checked and sorted. */
#define LISTED_SQL(listed, b, at)                                                                                      \
	SUB COLS " FROM officials f" JOIN_ORG " WHERE " listed " AND " IN_SUB(b) " AND " AFTER " AND " WORDS(at) PAGE
/* Up to COMMON candidates of the word index ($1 its query). PostgreSQL's is spelled as migration 0026's index
 * so that the planner uses it. */
static const char *const CANDIDATES[2] = {
	"SELECT rowid FROM officials_words WHERE officials_words MATCH $1 LIMIT " STR(COMMON),
	"SELECT id FROM officials WHERE to_tsvector('simple', TRANSLATE(LOWER(name_en || ' ' || COALESCE(name_hi, "
	"'') || ' ' || SPLIT_PART(email, '@', 1) || ' ' || employee_code), '.-_/'',()', '        ')) @@ "
	"to_tsquery('simple', $1) LIMIT " STR(COMMON)};
static const char SMALL_SQL[] = SUB " SELECT COUNT(*) FROM (SELECT 1 FROM officials f WHERE f.org_id IN (SELECT "
				    "id FROM sub) LIMIT " STR(SMALL_SUBTREE) ") x";

/* Each statement for SQLite, then for PostgreSQL. */
static const char *const SEEK[2] = {SEEK_SQL(SUB_SQLITE, "INSTR"), SEEK_SQL(SUB_PG, "STRPOS")};
static const char *const CHUNKED[2] = {CHUNK_SQL(CHUNK_SQLITE, SUB_SQLITE, "INSTR"),
				       CHUNK_SQL(CHUNK_PG, SUB_PG, "STRPOS")};
static const char *const LISTED[2] = {LISTED_SQL("f.id IN (SELECT value FROM json_each($9))", SUB_SQLITE, "INSTR"),
				      LISTED_SQL("f.id = ANY(CAST($9 AS BIGINT[]))", SUB_PG, "STRPOS")};

/* q made into what the statements take. */
struct find_words {
	size_t count;
	const char *like[ORG_FIND_WORDS]; /* "% word%"; "" past count */
	const char *match; /* the word index's query: "w1"* AND "w2"* (FTS5), 'w1':* & 'w2':* (tsquery) */
};

/* One search: where it stands and what it found so far. */
struct find {
	struct db_conn *conn;
	struct arena *arena;
	int b; /* 0 SQLite, 1 PostgreSQL */
	int64_t root;
	struct find_words w;
	const char *after_name; /* the keyset: every official before it has been looked at */
	int64_t after_id;
	bool exhausted; /* and every one after it too */
	int64_t chunk;  /* names the next chunk reads */
	struct org_person *out;
	size_t n, max;
};

/* Letters and digits of any script make words (only ASCII is lower-cased: Devanagari has no case); ASCII
 * punctuation and spaces separate them, so nothing typed reaches either engine as its syntax. */
static bool word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int org_words_like(struct arena *arena, const char *q, const char *like[ORG_FIND_WORDS], size_t *count)
{
	size_t n = 0, len = q ? strlen(q) : 0;
	for (int i = 0; i < ORG_FIND_WORDS; i++)
		like[i] = "";
	for (size_t i = 0; i < len && n < ORG_FIND_WORDS;) {
		if (!word_byte((unsigned char)q[i])) {
			i++;
			continue;
		}
		size_t start = i;
		while (i < len && word_byte((unsigned char)q[i]))
			i++;
		char *p = arena_alloc(arena, i - start + 4);
		if (!p)
			return -1;
		size_t k = 0;
		p[k++] = '%';
		p[k++] = ' ';
		for (size_t j = start; j < i; j++)
			p[k++] = q[j] >= 'A' && q[j] <= 'Z' ? (char)(q[j] - 'A' + 'a') : q[j];
		p[k++] = '%';
		p[k] = '\0';
		like[n++] = p;
	}
	if (count)
		*count = n;
	return 0;
}

/* Appends s to buf at *at. */
static void put(char *buf, size_t *at, const char *s)
{
	size_t len = strlen(s);
	memcpy(buf + *at, s, len);
	*at += len;
}

/* The patterns, and the word index's query made of the same words (each "% word%" less its "% " and "%"). */
static int split_words(struct arena *arena, const char *q, bool sqlite, struct find_words *out)
{
	size_t room = 1;
	if (org_words_like(arena, q, out->like, &out->count))
		return DB_ERROR;
	for (size_t i = 0; i < out->count; i++)
		room += strlen(out->like[i]) + 8; /* quotes, the *, the AND between */
	char *match = arena_alloc(arena, room);
	if (!match)
		return DB_ERROR;
	size_t m = 0;
	for (size_t i = 0; i < out->count; i++) {
		if (i)
			put(match, &m, sqlite ? " AND " : " & ");
		match[m++] = sqlite ? '"' : '\'';
		size_t len = strlen(out->like[i]) - 3;
		memcpy(match + m, out->like[i] + 2, len);
		m += len;
		put(match, &m, sqlite ? "\"*" : "':*");
	}
	match[m] = '\0';
	out->match = match;
	return 0;
}

static const char *dup_or_null(struct arena *arena, const char *s)
{
	return s ? arena_strdup(arena, s) : NULL;
}

/* Reads a row of COLS. */
static void read_person(struct arena *arena, struct db_stmt *st, struct org_person *p)
{
	p->id = db_column_int64(st, 0);
	p->name = dup_or_null(arena, db_column_text(st, 1));
	p->name_hi = dup_or_null(arena, db_column_text(st, 2));
	p->employee_code = dup_or_null(arena, db_column_text(st, 3));
	p->designation = dup_or_null(arena, db_column_text(st, 4));
	p->status = dup_or_null(arena, db_column_text(st, 5));
	p->org_id = db_column_int64(st, 6);
	p->org_code = dup_or_null(arena, db_column_text(st, 7));
	p->org_name = dup_or_null(arena, db_column_text(st, 8));
	p->org_name_hi = dup_or_null(arena, db_column_text(st, 9));
}

/* Runs a page statement from the keyset on, adding what it finds to f->out; $9 is ids (the candidates) when not
 * NULL, else the chunk's size for the chunk's statement. Returns 0 or a negative DB_ code. */
static int page(struct find *f, const char *sql, const char *ids)
{
	struct db_stmt *st = db_prepare(f->conn, sql);
	int rc = !st || db_bind_int64(st, 1, f->root) || db_bind_text(st, 2, f->after_name) ||
				 db_bind_int64(st, 3, f->after_id) || db_bind_int64(st, 4, (int64_t)(f->max - f->n))
			 ? DB_ERROR
			 : 0;
	for (int i = 0; i < ORG_FIND_WORDS && !rc; i++)
		rc = db_bind_text(st, 5 + i, f->w.like[i]) ? DB_ERROR : 0;
	if (!rc && ids)
		rc = db_bind_text(st, 9, ids) ? DB_ERROR : 0;
	else if (!rc && sql == CHUNKED[f->b])
		rc = db_bind_int64(st, 9, f->chunk) ? DB_ERROR : 0;
	while (!rc && (rc = db_step(st)) == DB_ROW) {
		rc = 0;
		if (f->n == f->max)
			break;
		read_person(f->arena, st, &f->out[f->n++]);
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* Moves the keyset past the next chunk of names, or marks the search exhausted. Returns 0 or a DB_ code. */
static int next_chunk(struct find *f)
{
	struct db_stmt *st = db_prepare(f->conn, CHUNK_END_SQL);
	if (!st || db_bind_text(st, 1, f->after_name) || db_bind_int64(st, 2, f->after_id) ||
	    db_bind_int64(st, 3, f->chunk)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	f->exhausted = rc == DB_DONE;
	if (rc == DB_ROW) {
		f->after_name = arena_strdup(f->arena, db_column_text(st, 0));
		f->after_id = db_column_int64(st, 1);
		rc = f->after_name ? 0 : DB_ERROR;
	}
	f->chunk = f->chunk * 4 > LAST_CHUNK ? LAST_CHUNK : f->chunk * 4;
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* Reads up to chunks chunks of names in order, until the page is full or the names run out. */
static int read_chunks(struct find *f, size_t chunks)
{
	int rc = 0;
	for (size_t i = 0; i < chunks && !rc && f->n < f->max && !f->exhausted; i++) {
		rc = page(f, CHUNKED[f->b], NULL);
		if (!rc && f->n < f->max)
			rc = next_chunk(f);
	}
	return rc;
}

/* The word index's candidates for q as a list of ids the statements take ("[1,2]" for SQLite's json_each,
 * "{1,2}" for a PostgreSQL array) into *ids, allocated from the arena; *count is how many (COMMON: maybe more).
 * Returns 0 or a negative DB_ code. */
static int candidates(struct find *f, const char **ids, size_t *count)
{
	*ids = NULL;
	*count = 0;
	struct db_stmt *st = db_prepare(f->conn, CANDIDATES[f->b]);
	if (!st || db_bind_text(st, 1, f->w.match)) {
		db_finish(st);
		return DB_ERROR;
	}
	struct buf list;
	buf_init(&list, 32u * COMMON);
	int rc = buf_puts(&list, f->b ? "{" : "[") ? DB_ERROR : 0;
	while (!rc && (rc = db_step(st)) == DB_ROW)
		rc = buf_printf(&list, "%s%lld", (*count)++ ? "," : "", (long long)db_column_int64(st, 0)) ? DB_ERROR
													   : 0;
	db_finish(st);
	if (!rc && !buf_puts(&list, f->b ? "}" : "]") && !buf_append(&list, "", 1))
		*ids = arena_strdup(f->arena, list.data);
	else if (!rc)
		rc = DB_ERROR;
	buf_free(&list);
	return rc < 0 ? rc : !*ids ? DB_ERROR : 0;
}

/* The number sql answers for $1 = id. Returns 0 or a negative DB_ code. */
static int count_of(struct db_conn *conn, const char *sql, int64_t id, int64_t *out)
{
	struct db_stmt *st = db_prepare(conn, sql);
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	*out = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

int org_people_find(struct db_conn *conn, struct arena *arena, int64_t root_id, const char *q, const char *after_name,
		    int64_t after_id, size_t max, struct org_person *out, size_t *n)
{
	struct find f = {.conn = conn,
			 .arena = arena,
			 .b = db_conn_backend(conn) == DB_SQLITE ? 0 : 1,
			 .root = root_id,
			 .chunk = FIRST_CHUNK,
			 .after_name = after_name ? after_name : "",
			 .after_id = after_id,
			 .out = out,
			 .max = max};
	int64_t officials = 0;
	size_t found = 0;
	const char *ids;
	int rc = split_words(arena, q, f.b == 0, &f.w);
	if (!rc)
		rc = count_of(conn, SMALL_SQL, root_id, &officials);
	if (!rc && officials < SMALL_SUBTREE)
		rc = page(&f, SEEK[f.b], NULL);
	else if (!rc && !f.w.count)
		rc = read_chunks(&f, SIZE_MAX);
	else if (!rc) {
		rc = read_chunks(&f, 1);
		if (!rc && f.n < max && !f.exhausted)
			rc = candidates(&f, &ids, &found);
		if (!rc && f.n < max && !f.exhausted)
			rc = found < COMMON ? page(&f, LISTED[f.b], ids) : read_chunks(&f, SIZE_MAX);
	}
	*n = f.n;
	return rc;
}

/* One official by id, when their organisation lies in $2's subtree (walked up from theirs). */
static const char BY_ID_SQL[] =
	"WITH RECURSIVE up(id, parent_id) AS (SELECT o.id, o.parent_id FROM officials f" JOIN_ORG
	" WHERE f.id = $1 UNION ALL SELECT o.id, o.parent_id FROM organisations o JOIN up ON o.id = up.parent_id)" COLS
	" FROM officials f" JOIN_ORG " WHERE f.id = $1 AND EXISTS (SELECT 1 FROM up WHERE up.id = $2)";

int org_people_get(struct db_conn *conn, struct arena *arena, int64_t root_id, const int64_t *ids, size_t n,
		   struct org_person *out, size_t *found)
{
	*found = 0;
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *st = db_prepare(conn, BY_ID_SQL);
		if (!st || db_bind_int64(st, 1, ids[i]) || db_bind_int64(st, 2, root_id)) {
			db_finish(st);
			return DB_ERROR;
		}
		int rc = db_step(st);
		if (rc == DB_ROW)
			read_person(arena, st, &out[(*found)++]);
		db_finish(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}
