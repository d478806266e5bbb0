/* Bench data (karmayogi bench-seed catalog): many published, indexed courses at once, made from the demo
 * catalogue's building blocks and spread over the demo providers, so make bench measures catalogue search
 * and the course page at scale. */
#include "catalog/catalog_int.h"

#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>

#define DAY_MS (24LL * 3600 * 1000)
#define PROVIDERS_MAX 64

/* One provider with someone to write, review and publish its courses. */
struct bench_provider {
	int64_t org_id, author, reviewer, publisher;
};

/* The providers whose people can carry a course to publishing: a creator of their own, and a reviewer and a
 * publisher of their own or of the platform. Returns how many, or a negative DB_ code. */
static int load_providers(struct db_conn *db, struct bench_provider *out)
{
	struct db_stmt *st = db_prepare(
		db,
		"SELECT p.org_id, (SELECT MIN(official_id) FROM role_grants WHERE org_id = p.org_id AND role = "
		"'content_creator'), (SELECT MIN(g.official_id) FROM role_grants g JOIN organisations o ON o.id = "
		"g.org_id WHERE g.role = 'content_reviewer' AND (g.org_id = p.org_id OR o.kind = 'spv')), (SELECT "
		"MIN(g.official_id) FROM role_grants g JOIN organisations o ON o.id = g.org_id WHERE g.role = "
		"'content_publisher' AND (g.org_id = p.org_id OR o.kind = 'spv')) FROM providers p WHERE p.status = "
		"'active' ORDER BY p.org_id");
	if (!st)
		return DB_ERROR;
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < PROVIDERS_MAX) {
		if (db_column_null(st, 1) || db_column_null(st, 2) || db_column_null(st, 3))
			continue;
		struct bench_provider p = {db_column_int64(st, 0), db_column_int64(st, 1), db_column_int64(st, 2),
					   db_column_int64(st, 3)};
		if (p.author != p.reviewer && p.author != p.publisher)
			out[n++] = p;
	}
	db_finish(st);
	return rc < 0 ? rc : n;
}

/* How many bench courses an earlier run made, so this one numbers on from there. */
static int earlier(struct db_conn *db, size_t *count)
{
	struct db_stmt *st = db_prepare(db, "SELECT COUNT(*) FROM contents WHERE code LIKE 'BENCH-%'");
	int rc = st ? db_step(st) : DB_ERROR;
	if (rc == DB_ROW)
		*count = (size_t)db_column_int64(st, 0);
	db_finish(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERROR;
}

/* Every (theme, topic, format) of the building blocks, in order: course k is the (k mod count)-th. */
static size_t combination(size_t k, const struct catalog_demo_theme **theme, size_t *topic, size_t *format)
{
	size_t total = 0;
	for (size_t t = 0; t < catalog_demo_theme_count; t++)
		for (size_t i = 0; i < CATALOG_DEMO_TOPICS && catalog_demo_themes[t].topics[i].en; i++)
			total += CATALOG_DEMO_FORMATS;
	size_t want = k % total, at = 0;
	for (size_t t = 0; t < catalog_demo_theme_count; t++)
		for (size_t i = 0; i < CATALOG_DEMO_TOPICS && catalog_demo_themes[t].topics[i].en; i++) {
			if (want < at + CATALOG_DEMO_FORMATS) {
				*theme = &catalog_demo_themes[t];
				*topic = i;
				*format = want - at;
				return total;
			}
			at += CATALOG_DEMO_FORMATS;
		}
	return total;
}

int catalog_bench_seed(struct db_conn *db, size_t n, size_t *made)
{
	struct bench_provider providers[PROVIDERS_MAX];
	int np = load_providers(db, providers);
	if (np < 0)
		return np;
	if (np == 0)
		return 1;
	size_t first = 0;
	int rc = earlier(db, &first);
	int64_t now = util_now_ms();
	*made = 0;
	for (size_t k = first; !rc && k < first + n; k++) {
		const struct bench_provider *p = &providers[k % (size_t)np];
		char code[32];
		snprintf(code, sizeof code, "BENCH-%07zu", k + 1);
		struct catalog_demo_course c = {
			.code = code,
			.provider_id = p->org_id,
			.seed = (unsigned)k,
			.author = p->author,
			.reviewer = p->reviewer,
			.publisher = p->publisher,
			.state = "published",
			.at = now - (int64_t)(5 + k % 360) * DAY_MS,
		};
		combination(k, &c.theme, &c.topic, &c.format);
		int64_t id = 0;
		rc = catalog_demo_write_course(db, &c, &id);
		if (!rc)
			rc = catalog_search_index(db, id);
		if (!rc)
			(*made)++;
	}
	return rc;
}
