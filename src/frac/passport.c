/* Placeholder: this part of frac is being built (issue 4). */
#include "frac/frac_int.h"

const struct http_route frac_passport_routes[] = {
	{NULL, NULL, NULL, NULL, 0},
};

int frac_passport_award(struct db_conn *db, int64_t official_id, int64_t competency_id, int level, const char *source,
			const char *evidence, const char *evidence_ref, int64_t *entry_id)
{
	(void)db, (void)official_id, (void)competency_id, (void)level, (void)source, (void)evidence, (void)evidence_ref,
		(void)entry_id;
	return DB_ERROR;
}
