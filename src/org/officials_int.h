/* Private to the officials files of src/org: the row an edit works on, the columns every read of an
 * official selects, and the functions the handlers, the edit rules and the staff list share. */
#ifndef KY_ORG_OFFICIALS_INT_H
#define KY_ORG_OFFICIALS_INT_H

#include "core/jsonw.h"
#include "org/org_int.h"

#define OFFICIAL_COLUMNS                                                                                        \
	"f.id, f.employee_code, f.email, f.name_en, f.name_hi, f.mobile, f.designation, d.name_en, d.name_hi, "    \
	"f.grp, f.service, f.pay_level, f.date_of_joining, f.language, f.status, o.id, o.code, o.name_en, "        \
	"o.name_hi, CASE WHEN f.password_hash IS NULL THEN 0 ELSE 1 END, f.created_at, f.updated_at, f.ministry_id"
#define OFFICIAL_FROM                                                                                           \
	" FROM officials f JOIN organisations o ON o.id = f.org_id LEFT JOIN designations d ON d.code = f.designation"

/* An official as stored, for edits: strings live in the request arena. */
struct official_row {
	int64_t id, org_id, ministry_id, pay_level;
	const char *employee_code, *email, *name, *name_hi, *mobile, *designation, *group, *service,
		*date_of_joining, *language, *status;
};

/* Writes OFFICIAL as the API shows it, from a row whose columns are OFFICIAL_COLUMNS (officials.c). */
void org_official_write(struct jsonw *w, struct db_stmt *st);

enum edit_mode { EDIT_CREATE, EDIT_ADMIN, EDIT_SELF };

/* Applies body onto row, field by field, by the rules of mode. Returns the errors (NULL when none);
 * *forbidden is set when a self-service edit touched a field only an admin may change (official_rules.c). */
json_t *org_official_read_edit(struct http_request *req, json_t *body, enum edit_mode mode, struct official_row *row,
			       bool *forbidden);
/* True when v is one of choices, written "|a|b|c|" (official_rules.c). */
bool org_official_choice(const char *choices, const char *v);

#endif
