/* karmayogi version: what this binary is and what it was built with. */
#include "cmd/cmd.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <microhttpd.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

int cmd_version(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: karmayogi version\n\nPrint the version of karmayogi and of the libraries it uses.\n");
		return 0;
	}
	printf("karmayogi %s\n", KARMAYOGI_VERSION);
	printf("  libmicrohttpd %s, jansson %s, sqlite %s, libpq %d, libsodium %s\n", MHD_get_version(),
	       jansson_version_str(), sqlite3_libversion(), PQlibVersion(), sodium_version_string());
	return 0;
}
