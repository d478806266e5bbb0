/* Unit tests for the router: exact paths, {param} segments, 405 with the allowed methods, HEAD as GET. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "http/http_int.h"

static void handler(struct http_request *req)
{
	(void)req;
}

static const struct http_route TABLE[] = {
	{"GET", "/api/v1/orgs", handler, HTTP_SESSION, 0},
	{"POST", "/api/v1/orgs", handler, "mdo_admin", 0},
	{"GET", "/api/v1/orgs/{id}", handler, HTTP_SESSION, 0},
	{"PATCH", "/api/v1/orgs/{id}", handler, "mdo_admin", 0},
	{"GET", "/api/v1/orgs/{id}/people/{person}", handler, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};

static const struct http_route *const TABLES[] = {TABLE, NULL};

struct fixture {
	struct http_server srv;
	struct http_request req;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (http_router_build(&f->srv, TABLES))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_free(&f->req.arena);
	http_router_free(&f->srv);
	free(f);
	return 0;
}

static int route(struct fixture *f, const char *method, const char *path)
{
	arena_free(&f->req.arena);
	memset(&f->req, 0, sizeof f->req);
	arena_init(&f->req.arena, 1 << 20);
	f->req.method = method;
	f->req.path = path;
	return http_router_match(&f->srv, &f->req);
}

static void exact_paths_match_their_method(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(route(f, "GET", "/api/v1/orgs"), 1);
	assert_string_equal(f->req.route->perm, HTTP_SESSION);
	assert_int_equal(route(f, "POST", "/api/v1/orgs"), 1);
	assert_string_equal(f->req.route->perm, "mdo_admin");
	assert_int_equal(route(f, "HEAD", "/api/v1/orgs"), 1); /* HEAD is served by GET */
	assert_string_equal(f->req.route->method, "GET");
	/* the server's own routes are always there */
	assert_int_equal(route(f, "GET", "/healthz"), 1);
}

static void params_are_captured_by_name(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(route(f, "GET", "/api/v1/orgs/42/people/ravi"), 1);
	assert_string_equal(http_param(&f->req, "id"), "42");
	assert_string_equal(http_param(&f->req, "person"), "ravi");
	assert_null(http_param(&f->req, "missing"));
	assert_int_equal(route(f, "PATCH", "/api/v1/orgs/MOR"), 1);
	assert_string_equal(http_param(&f->req, "id"), "MOR");
}

static void near_misses_do_not_match(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(route(f, "GET", "/api/v1/orgs/"), 0);      /* empty segment */
	assert_int_equal(route(f, "GET", "/api/v1/orgs/1/2"), 0);   /* extra segment */
	assert_int_equal(route(f, "GET", "/api/v1/orgsx"), 0);
	assert_int_equal(route(f, "GET", "/api/v1/org"), 0);
	assert_int_equal(route(f, "GET", "/api/v1/orgs/1/people/"), 0);
}

static void wrong_method_lists_what_is_allowed(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(route(f, "DELETE", "/api/v1/orgs/7"), -1);
	assert_string_equal(f->req.allow, "GET, PATCH");
	assert_int_equal(route(f, "PUT", "/api/v1/orgs"), -1);
	assert_string_equal(f->req.allow, "GET, POST");
	assert_null(f->req.route);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(exact_paths_match_their_method, setup, teardown),
		cmocka_unit_test_setup_teardown(params_are_captured_by_name, setup, teardown),
		cmocka_unit_test_setup_teardown(near_misses_do_not_match, setup, teardown),
		cmocka_unit_test_setup_teardown(wrong_method_lists_what_is_allowed, setup, teardown),
	};
	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
