/* Private to the learning hours and karma points files of src/learn (hours.c, targets.c, karma_api.c,
 * karma_rules.c): what they share. */
#ifndef KY_LEARN_HOURS_INT_H
#define KY_LEARN_HOURS_INT_H

#include "learn/learn_int.h"

/* {id, code, name_en, name_hi} of organisation id: 1 found (*out a new reference), 0 unknown, negative DB_. */
int learn_org_brief(struct db_conn *conn, int64_t id, json_t **out) LEARN_WUR;
/* A year written as digits, 2000..2100; 0 when s is anything else. */
int learn_year_parse(const char *s);
/* Epoch ms of 1 January of year, 00:00 UTC. */
int64_t learn_year_start(int year);
/* An ISO 8601 UTC time, or JSON null when the column is NULL. */
json_t *learn_json_time(struct db_stmt *st, int col);
json_t *learn_json_text(const char *s);
/* Reads member key of body as an integer lo..hi (null allowed when nullable: *is_null set). Records a field
 * error and returns -1 when absent (and required), not an integer, or out of range. */
int learn_take_int(json_t *body, const char *key, int64_t lo, int64_t hi, bool required, bool nullable, int64_t *out,
		   bool *is_null, json_t **errors);

/* The nearest organisation at or above org_id with a target for year: sets *target (a new {hours, org}) or
 * leaves it NULL when none has one. Returns 0 or a negative DB_ code. */
int learn_target_effective(struct db_conn *conn, int64_t org_id, int year, json_t **target) LEARN_WUR;

/* Handlers of the karma routes (karma_api.c, karma_rules.c), listed in hours.c's route table. */
void learn_karma_get_mine(struct http_request *req);
void learn_karma_get_leaderboard(struct http_request *req);
void learn_karma_get_rules(struct http_request *req);
void learn_karma_put_national_rule(struct http_request *req);
void learn_karma_put_org_rule(struct http_request *req);
void learn_karma_delete_org_rule(struct http_request *req);
/* Handlers of the learning targets (targets.c). */
void learn_target_get(struct http_request *req);
void learn_target_put(struct http_request *req);

#endif
