// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge: the user-space side of scpnp (smart card Plug and Play).
 * main() only dispatches to the command named by the first argument.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"

struct scb_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct scb_command commands[] = {
	{ "atr", cmd_atr, "decode an answer to reset (ISO/IEC 7816-3)" },
	{ "list", cmd_list, "readers, slots and cards as scfilter.ko sees them" },
	{ "monitor", cmd_monitor, "print reader and card events as they come" },
	{ "apdu", cmd_apdu, "send one APDU to a card and print the answer" },
	{ "bind", cmd_bind, "record the minidriver serving a card (admin)" },
	{ "policy", cmd_policy, "show or set the kernel's PnP switch (admin)" },
	{ "repo", cmd_repo, "make, sign and check a driver repository" },
	{ "install", cmd_install, "install the driver for a card's IDs" },
	{ "drivers", cmd_drivers, "list the installed drivers" },
	{ "remove", cmd_remove, "unregister and uninstall a driver" },
	{ "daemon", cmd_daemon, "install drivers as cards appear" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: scbridge COMMAND [ARGS...]\n"
		   "       scbridge COMMAND --help\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nSee scbridge(1).\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version"))
		return printf("scbridge %s\n", SCPNP_VERSION) < 0;
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	}
	fprintf(stderr, "scbridge: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
