/* Unit tests for the public base URL (--public-url / KARMAYOGI_PUBLIC_URL): the default from the listen
 * address, trailing slashes dropped, and anything not http(s) refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"

static void defaults_to_the_listen_address(void **state)
{
	(void)state;
	unsetenv("KARMAYOGI_PUBLIC_URL");
	struct config c;
	assert_int_equal(config_from_env(&c), 0);
	c.listen = "127.0.0.1:9090";
	char url[128];
	assert_int_equal(config_public_url(&c, url, sizeof url), 0);
	assert_string_equal(url, "http://127.0.0.1:9090");
}

static void takes_the_environment_and_drops_trailing_slashes(void **state)
{
	(void)state;
	setenv("KARMAYOGI_PUBLIC_URL", "https://igot.example.gov.in//", 1);
	struct config c;
	assert_int_equal(config_from_env(&c), 0);
	char url[128];
	assert_int_equal(config_public_url(&c, url, sizeof url), 0);
	assert_string_equal(url, "https://igot.example.gov.in");
	unsetenv("KARMAYOGI_PUBLIC_URL");
}

static void the_flag_wins_and_must_be_http(void **state)
{
	(void)state;
	struct config c;
	assert_int_equal(config_from_env(&c), 0);
	char *argv[] = {"serve", "--public-url", "https://karmayogi.example/", NULL};
	assert_int_equal(config_parse_flags(&c, CONFIG_SERVE, "serve", "s", 3, argv), 0);
	char url[128];
	assert_int_equal(config_public_url(&c, url, sizeof url), 0);
	assert_string_equal(url, "https://karmayogi.example");
	c.public_url = "ftp://karmayogi.example";
	assert_int_equal(config_public_url(&c, url, sizeof url), -1);
	c.public_url = "https://karmayogi.example";
	assert_int_equal(config_public_url(&c, url, 8), -1); /* does not fit */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_to_the_listen_address),
		cmocka_unit_test(takes_the_environment_and_drops_trailing_slashes),
		cmocka_unit_test(the_flag_wins_and_must_be_http),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
