// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge remove NAME [--config FILE]: unregister and uninstall a driver.
 */
#include <getopt.h>
#include <stdio.h>

#include "config.h"
#include "install.h"
#include "repo_cmds.h"

int cmd_remove(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ }
	};
	const char *config = NULL;
	struct scb_config cfg;
	char err[512];
	int c, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, "c:", opts, NULL)) != -1) {
		if (c != 'c')
			goto usage;
		config = optarg;
	}
	if (optind != argc - 1)
		goto usage;
	if (scb_config_setup(&cfg, config))
		return 1;
	ret = scb_remove(&cfg, argv[optind], err, sizeof(err));
	scb_config_free(&cfg);
	if (ret) {
		fprintf(stderr, "scbridge: %s\n", err);
		return 1;
	}
	printf("removed %s\n", argv[optind]);
	return 0;
usage:
	fprintf(stderr, "usage: scbridge remove NAME [--config FILE]\n");
	return 2;
}
