// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge daemon [--config FILE] [--idle-exit SECONDS] [--once]
 *
 * Runs in the foreground (systemd, or the udev fallback, put it in the
 * background); logs to syslog and stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "daemon.h"
#include "daemon_log.h"
#include "fetch.h"
#include "repo.h"
#include "repo_cmds.h"

static const char usage_text[] =
	"usage: scbridge daemon [--config FILE] [--idle-exit SECONDS] [--once]\n";

int cmd_daemon(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "idle-exit", required_argument, NULL, 'i' },
		{ "once", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const char *config = NULL;
	struct scb_config cfg;
	long idle = -1;
	int once = 0, c, ret;
	char *end;

	optind = 0;
	while ((c = getopt_long(argc, argv, "c:i:oh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'i':
			errno = 0;
			idle = strtol(optarg, &end, 10);
			if (errno || *end || idle < 0)
				goto usage;
			break;
		case 'o':
			once = 1;
			break;
		case 'h':
			printf("%s", usage_text);
			return 0;
		default:
			goto usage;
		}
	}
	if (optind != argc)
		goto usage;
	if (scb_config_setup(&cfg, config))
		return 1;
	if (idle >= 0)
		cfg.idle_exit = idle;
	if (scb_crypto_init() || scb_fetch_init()) {
		fprintf(stderr, "scbridge: crypto or HTTP library failed to start\n");
		scb_config_free(&cfg);
		return 1;
	}
	scb_log_use_syslog(1);
	ret = scb_daemon_run(&cfg, once);
	scb_config_free(&cfg);
	return ret ? 1 : 0;
usage:
	fprintf(stderr, "%s", usage_text);
	return 2;
}
