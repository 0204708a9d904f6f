// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge drivers [--config FILE]: the installed drivers.
 */
#include <getopt.h>
#include <stdio.h>

#include "config.h"
#include "install.h"
#include "repo_cmds.h"
#include "sanitize.h"

int cmd_drivers(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct scb_installed *list;
	struct scb_config cfg;
	const char *config = NULL;
	size_t n, i;
	int c, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		if (c == 'h') {
			printf("usage: scbridge drivers [--config FILE]\n");
			return 0;
		}
		if (c != 'c') {
			fprintf(stderr, "usage: scbridge drivers [--config FILE]\n");
			return 2;
		}
		config = optarg;
	}
	if (scb_config_setup(&cfg, config))
		return 1;
	ret = scb_installed_list(&cfg, &list, &n);
	if (ret) {
		fprintf(stderr, "scbridge: %s: cannot list\n", cfg.install_dir);
		scb_config_free(&cfg);
		return 1;
	}
	for (i = 0; i < n; i++) {
		const struct scb_package *p = &list[i].pkg;

		printf("%s %s %s %s\n", SCB_SAFE(p->name), SCB_SAFE(p->version),
		       list[i].registered ? "registered" : "unregistered",
		       SCB_SAFE(list[i].path));
		if (p->description)
			printf("  description %s\n", SCB_SAFE(p->description));
		scb_package_print_ids(stdout, p);
	}
	scb_installed_free(list, n);
	scb_config_free(&cfg);
	return 0;
}
