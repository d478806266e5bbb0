/* Accounts: password hashing, activation tokens and invitations, the outbox, "log out everywhere". */
#include "org/org.h"

#include <sodium.h>
#include <string.h>

int org_password_hash(const char *password, char *out, size_t out_size)
{
	if (out_size < crypto_pwhash_STRBYTES)
		return -1;
	return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

int org_activation_issue(struct db_conn *conn, int64_t official_id, int64_t actor_id, char token_out[65])
{
	(void)conn;
	(void)official_id;
	(void)actor_id;
	token_out[0] = '\0';
	return DB_ERROR; /* placeholder until activation lands */
}

const struct http_route org_account_routes[] = {
	{NULL, NULL, NULL, NULL, 0},
};
