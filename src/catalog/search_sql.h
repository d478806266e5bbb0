/* The catalogue's two queries (one for a page of items, one for the facet counts and the total), spelled
 * per backend where full-text search differs and without text search when there are no words.
 * Parameters, the same in both: $1 the engine's query text ('' when none), $2 kind, $3 provider id,
 * $4 language, $5 group, $6 duration_min, $7 duration_max, $8 competency id, $9 area, $10 level ('' and
 * 0 mean no filter); the items query also $11 sort, $12 and $13 the cursor's key and id, $14 the limit.
 * Every sort key is an integer that ascends: a relevance score scaled to an integer, negated times. */
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
/* One competency of the item meets all of competency, area and level that are given. */
#define F_COMPETENCY                                                                                          \
	"((CAST($8 AS BIGINT) = 0 AND $9 = '' AND CAST($10 AS BIGINT) = 0) OR EXISTS (SELECT 1 FROM "           \
	"catalog_index_competencies r WHERE r.content_id = i.content_id AND (CAST($8 AS BIGINT) = 0 OR "        \
	"r.competency_id = CAST($8 AS BIGINT)) AND ($9 = '' OR r.area = $9) AND r.level >= CAST($10 AS BIGINT)))"
#define F_ALL F_KIND " AND " F_PROVIDER " AND " F_LANGUAGE " AND " F_GROUP " AND " F_DURATION " AND " F_COMPETENCY

/* Where the rows come from: with words, only those the engine matched. */
#define SRC_FTS5_RANKED                                                                                       \
	"WITH m AS (SELECT rowid AS id, CAST(bm25(catalog_fts, 10.0, 10.0, 5.0, 1.0, 1.0) * 1000000000 AS "     \
	"INTEGER) AS rank FROM catalog_fts WHERE catalog_fts MATCH $1), "
#define FROM_FTS5 "m JOIN catalog_index i ON i.content_id = m.id WHERE 1 = 1"
#define RANK_FTS5 "m.rank"
#define SRC_FTS5 "WITH m AS (SELECT rowid AS id FROM catalog_fts WHERE catalog_fts MATCH $1), "
#define SRC_PG "WITH "
#define FROM_PG "catalog_index i WHERE i.search @@ to_tsquery('simple', $1)"
#define RANK_PG "-CAST(ts_rank(i.search, to_tsquery('simple', $1)) * 1000000000 AS BIGINT)"
#define SRC_PLAIN "WITH "
#define FROM_PLAIN "catalog_index i WHERE $1 = ''"
#define RANK_PLAIN "-i.published_at" /* relevance without words: newest first */

#define ITEMS_SQL(src, from, rank)                                                                            \
	src "h AS (SELECT i.content_id AS id, CASE $11 WHEN 'newest' THEN -i.published_at WHEN 'popular' THEN "  \
	    "-i.enrolments WHEN 'rating' THEN -i.rating_x100 ELSE " rank " END AS k, i.card, i.rating_x100, "     \
	    "i.rating_count FROM " from " AND " F_ALL ") "                                                        \
	    "SELECT id, k, card, rating_x100, rating_count FROM h WHERE CAST($13 AS BIGINT) = 0 OR "              \
	    "(k, id) > (CAST($12 AS BIGINT), CAST($13 AS BIGINT)) ORDER BY k, id LIMIT CAST($14 AS BIGINT)"

/* Each facet counts the rows that pass every filter but its own, so its other values stay choosable;
 * the total passes them all. Rows: facet, value, count, code, name, name_hi. */
#define OK_BUT_KIND "h.fp = 1 AND h.fl = 1 AND h.fg = 1 AND h.fc = 1"
#define OK_BUT_PROVIDER "h.fk = 1 AND h.fl = 1 AND h.fg = 1 AND h.fc = 1"
#define OK_BUT_LANGUAGE "h.fk = 1 AND h.fp = 1 AND h.fg = 1 AND h.fc = 1"
#define OK_BUT_GROUP "h.fk = 1 AND h.fp = 1 AND h.fl = 1 AND h.fc = 1"
#define OK_BUT_COMPETENCY "h.fk = 1 AND h.fp = 1 AND h.fl = 1 AND h.fg = 1"
#define FLAG(cond, name) "CASE WHEN " cond " THEN 1 ELSE 0 END AS " name
#define FLAG_SUM(facet, value, column, ok)                                                                    \
	" UNION ALL SELECT '" facet "', '" value "', COALESCE(SUM(h." column "), 0), NULL, NULL, NULL FROM h "   \
	"WHERE " ok

#define FACETS_SQL(src, from)                                                                                 \
	src "h AS (SELECT i.content_id AS id, i.kind, i.provider_id, i.lang_en, i.lang_hi, i.group_a, "          \
	    "i.group_b, i.group_c, " FLAG(F_KIND, "fk") ", " FLAG(F_PROVIDER, "fp") ", " FLAG(F_LANGUAGE, "fl")   \
	    ", " FLAG(F_GROUP, "fg") ", " FLAG(F_COMPETENCY, "fc") " FROM " from " AND " F_DURATION ") "          \
	    "SELECT 'total', '', COUNT(*), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT) FROM h "   \
	    "WHERE h.fk = 1 AND " OK_BUT_KIND                                                                     \
	    " UNION ALL SELECT 'kind', h.kind, COUNT(*), NULL, NULL, NULL FROM h WHERE " OK_BUT_KIND              \
	    " GROUP BY h.kind"                                                                                    \
	    " UNION ALL SELECT 'provider', CAST(h.provider_id AS TEXT), COUNT(*), o.code, o.name_en, o.name_hi "  \
	    "FROM h JOIN organisations o ON o.id = h.provider_id WHERE " OK_BUT_PROVIDER                          \
	    " GROUP BY h.provider_id, o.code, o.name_en, o.name_hi" FLAG_SUM("language", "en", "lang_en",         \
									   OK_BUT_LANGUAGE)                      \
	    FLAG_SUM("language", "hi", "lang_hi", OK_BUT_LANGUAGE) FLAG_SUM("group", "A", "group_a", OK_BUT_GROUP) \
	    FLAG_SUM("group", "B", "group_b", OK_BUT_GROUP) FLAG_SUM("group", "C", "group_c", OK_BUT_GROUP)       \
	    " UNION ALL SELECT 'area', r.area, COUNT(DISTINCT h.id), NULL, NULL, NULL FROM h JOIN "               \
	    "catalog_index_competencies r ON r.content_id = h.id WHERE " OK_BUT_COMPETENCY                        \
	    " AND (CAST($8 AS BIGINT) = 0 OR r.competency_id = CAST($8 AS BIGINT)) AND r.level >= "              \
	    "CAST($10 AS BIGINT) GROUP BY r.area"                                                                 \
	    " UNION ALL SELECT 'competency', CAST(r.competency_id AS TEXT), COUNT(*), k.code, k.name_en, "        \
	    "k.name_hi FROM h JOIN catalog_index_competencies r ON r.content_id = h.id JOIN competencies k ON "    \
	    "k.id = r.competency_id WHERE " OK_BUT_COMPETENCY " AND ($9 = '' OR r.area = $9) AND r.level >= "    \
	    "CAST($10 AS BIGINT) GROUP BY r.competency_id, k.code, k.name_en, k.name_hi ORDER BY 1, 3 DESC, 5, 2"

#endif
