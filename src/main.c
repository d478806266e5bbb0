/* karmayogi: one binary, subcommands dispatched from one table. */
#include "cmd/cmd.h"

#include <stdio.h>
#include <string.h>

struct command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

static const struct command COMMANDS[] = {
	{"serve", "serve the API and web UI", cmd_serve},
	{"migrate", "apply database migrations", cmd_migrate},
	{"demo", "create the database and load demo data", cmd_demo},
	{"version", "print version information", cmd_version},
	{"activation-link", "print a fresh activation link for an official", cmd_activation_link},
	{"bench-seed", "bulk data for make bench (posts and passports)", cmd_bench_seed},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: karmayogi <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
		fprintf(out, "  %-16s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
	fprintf(out, "\n'karmayogi <command> --help' describes a command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
		if (!strcmp(argv[1], COMMANDS[i].name))
			return COMMANDS[i].run(argc - 1, argv + 1);
	fprintf(stderr, "karmayogi: unknown command \"%s\"\n", argv[1]);
	usage(stderr);
	return 2;
}
