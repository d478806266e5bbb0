/* The catalogue's page of items in one statement, spelled per backend where full-text search differs and
 * without text search when there are no words (the facets are search_facets.c's).
 * Parameters: $1 the engine's query text ('' when none), $2 kind, $3 provider id, $4 language, $5 group,
 * $6 duration_min, $7 duration_max, $8 competency id, $9 area, $10 level ('' and 0 mean no filter),
 * $11 sort, $12 and $13 the cursor's key and id, $14 the limit.
 * Every sort key is an integer that ascends: a relevance score scaled to an integer, negated times. The
 * page is chosen on (key, id) alone and only its rows' cards are read. */
#ifndef KY_CATALOG_SEARCH_SQL_H
#define KY_CATALOG_SEARCH_SQL_H

#define F_KIND "($2 = '' OR i.kind = $2)"
#define F_PROVIDER "(CAST($3 AS BIGINT) = 0 OR i.provider_id = CAST($3 AS BIGINT))"
#define F_LANGUAGE "($4 = '' OR ($4 = 'en' AND i.lang_en = 1) OR ($4 = 'hi' AND i.lang_hi = 1))"
#define F_GROUP                                                                                               \
	"($5 = '' OR ($5 = 'A' AND i.group_a = 1) OR ($5 = 'B' AND i.group_b = 1) OR ($5 = 'C' AND i.group_c = 1))"
#define F_DURATION                                                                                            \
	"(CAST($6 AS BIGINT) = 0 OR i.duration_minutes >= CAST($6 AS BIGINT)) AND "                           \
	"(CAST($7 AS BIGINT) = 0 OR i.duration_minutes <= CAST($7 AS BIGINT))"
/* One competency of the item meets all of competency, area and level that are given: looked up per row
 * among the few rows words match (EXISTS), or as one set when every row is a candidate (IN). */
#define F_COMPETENCY_NONE "((CAST($8 AS BIGINT) = 0 AND $9 = '' AND CAST($10 AS BIGINT) = 0) OR "
#define F_COMPETENCY_MEETS                                                                                    \
	"(CAST($8 AS BIGINT) = 0 OR r.competency_id = CAST($8 AS BIGINT)) AND ($9 = '' OR r.area = $9) AND "    \
	"r.level >= CAST($10 AS BIGINT)"
#define F_COMPETENCY_EXISTS                                                                                   \
	F_COMPETENCY_NONE "EXISTS (SELECT 1 FROM catalog_index_competencies r WHERE r.content_id = "           \
			  "i.content_id AND " F_COMPETENCY_MEETS "))"
#define F_COMPETENCY_IN                                                                                       \
	F_COMPETENCY_NONE "i.content_id IN (SELECT r.content_id FROM catalog_index_competencies r WHERE "      \
			  F_COMPETENCY_MEETS "))"
#define F_ALL(competency)                                                                                     \
	F_KIND " AND " F_PROVIDER " AND " F_LANGUAGE " AND " F_GROUP " AND " F_DURATION " AND " competency

/* Where the rows come from: with words, only those the engine matched. */
#define SRC_FTS5_RANKED                                                                                       \
	"WITH m AS (SELECT rowid AS id, CAST(bm25(catalog_fts, 10.0, 10.0, 5.0, 1.0, 1.0) * 1000000000 AS "     \
	"INTEGER) AS rank FROM catalog_fts WHERE catalog_fts MATCH $1), "
#define FROM_FTS5 "m JOIN catalog_index i ON i.content_id = m.id WHERE 1 = 1"
#define RANK_FTS5 "m.rank"
#define SRC_PG "WITH "
#define FROM_PG "catalog_index i WHERE i.search @@ to_tsquery('simple', $1)"
#define RANK_PG "-CAST(ts_rank(i.search, to_tsquery('simple', $1)) * 1000000000 AS BIGINT)"
#define SRC_PLAIN "WITH "
#define FROM_PLAIN "catalog_index i WHERE $1 = ''"
#define RANK_PLAIN "-i.published_at" /* relevance without words: newest first */

#define ITEMS_SQL(src, from, rank, competency)                                                                 \
	src "h AS (SELECT i.content_id AS id, CASE $11 WHEN 'newest' THEN -i.published_at WHEN 'popular' THEN "  \
	    "-i.enrolments WHEN 'rating' THEN -i.rating_x100 ELSE " rank " END AS k FROM " from " AND "           \
	    F_ALL(competency)                                                                                     \
	    "), p AS (SELECT id, k FROM h WHERE CAST($13 AS BIGINT) = 0 OR (k, id) > (CAST($12 AS BIGINT), "      \
	    "CAST($13 AS BIGINT)) ORDER BY k, id LIMIT CAST($14 AS BIGINT)) "                                    \
	    "SELECT p.id, p.k, i.card, i.rating_x100, i.rating_count FROM p JOIN catalog_index i ON "             \
	    "i.content_id = p.id ORDER BY p.k, p.id"

#endif
