/* The positions an audience rule may name: the active posts of a plan's organisation and below it whose words
 * begin with what a person typed (org's rule, ORG_WORDS_MATCH, over their title in English or Hindi and their
 * code), in order of organisation, title and id, keyset-paged; and positions by id, to show saved rules by
 * title. frac owns positions: this reads only the columns frac.h makes public (positions, position_holders).
 *
 * frac keeps no word index of positions, so a search reads them: a small subtree whole, sorted; a large one an
 * organisation at a time through the (org_id, title) index, a chunk at a time (each larger than the last), so a
 * common word fills the page soon and a rare one reads every post of the subtree once. */
#include "cbp/cbp_int.h"

#include "org/org.h"

#include <string.h>

#define STR_OF(n) #n
#define STR(n) STR_OF(n)
#define SMALL_SUBTREE 5000 /* positions a subtree may have and still be read whole */
#define FIRST_CHUNK 1000   /* titles read in order at first; each chunk after is four times larger */
#define LAST_CHUNK 16000   /* up to this */

#define SUB                                                                                                            \
	"WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT o.id FROM organisations o JOIN "        \
	"sub ON o.parent_id = sub.id)"
#define COLS                                                                                                           \
	" SELECT p.id, p.code, p.title_en, p.title_hi, p.designation, p.status, o.id, o.code, o.name_en, "             \
	"o.name_hi, (SELECT COUNT(*) FROM position_holders h WHERE h.position_id = p.id AND h.end_date IS NULL)"
#define JOIN_ORG " JOIN organisations o ON o.id = p.org_id"
#define TEXT "p.title_en || ' ' || COALESCE(p.title_hi, '') || ' ' || p.code"
#define WORDS ORG_WORDS_MATCH(TEXT, TEXT, "$6", "$7", "$8", "$9")

static const char SMALL_SQL[] = SUB " SELECT COUNT(*) FROM (SELECT 1 FROM positions p WHERE p.org_id IN (SELECT id "
				    "FROM sub) LIMIT " STR(SMALL_SUBTREE) ") x";
/* A small subtree, sorted: $1 its root, $2-$4 the keyset (organisation, title, id), $5 the rows wanted, $6-$9
 * the words. PostgreSQL reads the subtree into an array once, which keeps its test a filter on the index. */
#define SEEK_SQL(in_sub)                                                                                               \
	SUB COLS " FROM positions p" JOIN_ORG " WHERE p.org_id " in_sub " AND p.status = 'active' AND (p.org_id, "     \
		 "p.title_en, p.id) > (CAST($2 AS BIGINT), $3, CAST($4 AS BIGINT)) AND " WORDS                         \
		 " ORDER BY p.org_id, p.title_en, p.id LIMIT $5"
static const char *const SEEK[2] = {SEEK_SQL("IN (SELECT id FROM sub)"), SEEK_SQL("= ANY(ARRAY(SELECT id FROM sub))")};
/* The organisations of the subtree ($1) from $2 on that have positions, in order. */
static const char ORGS_SQL[] = SUB " SELECT s.id FROM sub s WHERE s.id >= $2 AND EXISTS (SELECT 1 FROM positions p "
				   "WHERE p.org_id = s.id) ORDER BY s.id";
/* The next $4 titles of organisation $1 after ($2, $3), in index order, of which those that match: $5 the rows
 * wanted, $6-$9 the words. SQLite reads the chunk's ids off the index and fetches their rows; PostgreSQL reads
 * the rows with them, since a join would have its planner guess (badly, before statistics catch up). */
#define CHUNK_OF(cols)                                                                                                 \
	"WITH w AS MATERIALIZED (SELECT " cols " FROM positions p WHERE p.org_id = $1 AND (p.title_en, p.id) > ($2, "  \
	"CAST($3 AS BIGINT)) ORDER BY p.title_en, p.id LIMIT $4)" COLS
#define CHUNK_TAIL JOIN_ORG " WHERE p.status = 'active' AND " WORDS " ORDER BY p.title_en, p.id LIMIT $5"
static const char *const CHUNK[2] = {
	CHUNK_OF("p.id") " FROM w JOIN positions p ON p.id = w.id" CHUNK_TAIL,
	CHUNK_OF("p.id, p.org_id, p.code, p.title_en, p.title_hi, p.designation, p.status") " FROM w p" CHUNK_TAIL};
/* Where that chunk ends; no row when it reaches the organisation's last title. */
static const char CHUNK_END_SQL[] = "SELECT title_en, id FROM positions WHERE org_id = $1 AND (title_en, id) > ($2, "
				    "CAST($3 AS BIGINT)) ORDER BY title_en, id LIMIT 1 OFFSET CAST($4 AS BIGINT) - 1";
/* One position by id, when its organisation lies in $2's subtree (walked up from its own). */
static const char BY_ID_SQL[] =
	"WITH RECURSIVE up(id, parent_id) AS (SELECT o.id, o.parent_id FROM positions p" JOIN_ORG " WHERE p.id = $1 "
	"UNION ALL SELECT o.id, o.parent_id FROM organisations o JOIN up ON o.id = up.parent_id)" COLS
	" FROM positions p" JOIN_ORG " WHERE p.id = $1 AND EXISTS (SELECT 1 FROM up WHERE up.id = $2)";

/* One search: where it stands and what it found. */
struct find {
	struct db_conn *conn;
	struct arena *arena;
	const char *like[ORG_FIND_WORDS];
	struct cbp_position_key at; /* the keyset: what lies before it has been looked at */
	int64_t chunk;
	bool org_done; /* every title of at.org_id has been looked at */
	json_t *items;
	size_t n, max;
};

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *position_json(struct db_stmt *st)
{
	json_t *org = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)db_column_int64(st, 6), "code",
				db_column_text(st, 7), "name", db_column_text(st, 8), "name_hi",
				text_or_null(db_column_text(st, 9)));
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:s, s:o, s:I}", "id", (json_int_t)db_column_int64(st, 0), "code",
			 db_column_text(st, 1), "title", db_column_text(st, 2), "title_hi",
			 text_or_null(db_column_text(st, 3)), "designation", text_or_null(db_column_text(st, 4)),
			 "status", db_column_text(st, 5), "org", org, "holder_count",
			 (json_int_t)db_column_int64(st, 10));
}

/* Adds the rows of st (COLS) to the page. Returns 0 or a negative DB_ code. */
static int take_rows(struct find *f, struct db_stmt *st)
{
	int rc;
	while ((rc = db_step(st)) == DB_ROW && f->n < f->max) {
		json_array_append_new(f->items, position_json(st));
		f->n++;
	}
	return rc < 0 ? rc : 0;
}

static int bind_words(struct db_stmt *st, const struct find *f)
{
	for (int i = 0; i < ORG_FIND_WORDS; i++)
		if (db_bind_text(st, 6 + i, f->like[i]))
			return DB_ERROR;
	return 0;
}

static int seek(struct find *f, int64_t root)
{
	struct db_stmt *st = db_prepare(f->conn, SEEK[db_conn_backend(f->conn) == DB_SQLITE ? 0 : 1]);
	int rc = !st || db_bind_int64(st, 1, root) || db_bind_int64(st, 2, f->at.org_id) ||
				 db_bind_text(st, 3, f->at.title) || db_bind_int64(st, 4, f->at.id) ||
				 db_bind_int64(st, 5, (int64_t)f->max) || bind_words(st, f)
			 ? DB_ERROR
			 : take_rows(f, st);
	db_finish(st);
	return rc;
}

/* Reads the next chunk of the organisation at f->at, then moves the keyset past it. */
static int read_chunk(struct find *f)
{
	struct db_stmt *st = db_prepare(f->conn, CHUNK[db_conn_backend(f->conn) == DB_SQLITE ? 0 : 1]);
	int rc = !st || db_bind_int64(st, 1, f->at.org_id) || db_bind_text(st, 2, f->at.title) ||
				 db_bind_int64(st, 3, f->at.id) || db_bind_int64(st, 4, f->chunk) ||
				 db_bind_int64(st, 5, (int64_t)(f->max - f->n)) || bind_words(st, f)
			 ? DB_ERROR
			 : take_rows(f, st);
	db_finish(st);
	if (rc || f->n == f->max)
		return rc;
	st = db_prepare(f->conn, CHUNK_END_SQL);
	rc = !st || db_bind_int64(st, 1, f->at.org_id) || db_bind_text(st, 2, f->at.title) ||
			     db_bind_int64(st, 3, f->at.id) || db_bind_int64(st, 4, f->chunk)
		     ? DB_ERROR
		     : db_step(st);
	f->org_done = rc == DB_DONE;
	if (rc == DB_ROW) {
		f->at.title = arena_strdup(f->arena, db_column_text(st, 0));
		f->at.id = db_column_int64(st, 1);
		rc = f->at.title ? 0 : DB_ERROR;
	}
	f->chunk = f->chunk * 4 > LAST_CHUNK ? LAST_CHUNK : f->chunk * 4;
	db_finish(st);
	return rc < 0 ? rc : 0;
}

/* The organisations of root's subtree from the keyset's on that have positions, into *orgs (arena). */
static int subtree_orgs(struct find *f, int64_t root, int64_t **orgs, size_t *n)
{
	*n = 0;
	size_t room = 64;
	*orgs = arena_alloc(f->arena, room * sizeof **orgs);
	struct db_stmt *st = db_prepare(f->conn, ORGS_SQL);
	int rc = !*orgs || !st || db_bind_int64(st, 1, root) || db_bind_int64(st, 2, f->at.org_id) ? DB_ERROR : 0;
	while (!rc && (rc = db_step(st)) == DB_ROW) {
		rc = 0;
		if (*n == room) {
			int64_t *more = arena_alloc(f->arena, 2 * room * sizeof *more);
			if (!more) {
				rc = DB_ERROR;
				break;
			}
			memcpy(more, *orgs, room * sizeof *more);
			*orgs = more;
			room *= 2;
		}
		(*orgs)[(*n)++] = db_column_int64(st, 0);
	}
	db_finish(st);
	return rc < 0 ? rc : 0;
}

int cbp_positions_find(struct db_conn *conn, struct arena *arena, int64_t root, const char *q,
		       const struct cbp_position_key *after, size_t max, json_t *items, size_t *n)
{
	struct find f = {.conn = conn, .arena = arena, .at = *after, .chunk = FIRST_CHUNK, .items = items, .max = max};
	*n = 0;
	int64_t count = 0, *orgs = NULL;
	size_t norgs = 0;
	int rc = org_words_like(arena, q, f.like, NULL) ? DB_ERROR : cbp_scalar(conn, SMALL_SQL, root, &count);
	if (!rc && count < SMALL_SUBTREE)
		rc = seek(&f, root);
	else if (!rc)
		rc = subtree_orgs(&f, root, &orgs, &norgs);
	for (size_t i = 0; i < norgs && !rc && f.n < max; i++) {
		if (orgs[i] != f.at.org_id) { /* a new organisation: from its first title */
			f.at = (struct cbp_position_key){orgs[i], "", 0};
			f.chunk = FIRST_CHUNK;
		}
		f.org_done = false;
		while (!rc && !f.org_done && f.n < max)
			rc = read_chunk(&f);
	}
	*n = f.n;
	return rc;
}

int cbp_positions_get(struct db_conn *conn, int64_t root, const int64_t *ids, size_t n, json_t *items)
{
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *st = db_prepare(conn, BY_ID_SQL);
		if (!st || db_bind_int64(st, 1, ids[i]) || db_bind_int64(st, 2, root)) {
			db_finish(st);
			return DB_ERROR;
		}
		int rc = db_step(st);
		if (rc == DB_ROW)
			json_array_append_new(items, position_json(st));
		db_finish(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}
