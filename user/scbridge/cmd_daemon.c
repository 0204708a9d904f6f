// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge daemon [--config FILE] [--idle-exit SECONDS] [--once]
 *                 [--detach] [--if-not-running] [--pid-file FILE]
 *
 * Runs in the foreground under systemd (scbridge.service); the udev
 * fallback for systems without systemd runs it with --detach
 * --if-not-running. Logs to syslog, and to stderr unless that is the
 * journal (which gets the syslog lines already) or /dev/null (detached).
 * Documentation/admin-guide/service.rst.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "daemon.h"
#include "daemon_log.h"
#include "fetch.h"
#include "lifecycle.h"
#include "repo.h"
#include "repo_cmds.h"

static const char usage_text[] =
	"usage: scbridge daemon [--config FILE] [--idle-exit SECONDS] [--once]\n"
	"                       [--detach] [--if-not-running] [--pid-file FILE]\n"
	"\n"
	"  --idle-exit SECONDS  exit SECONDS after the last request once no\n"
	"                       reader remains (default: idle_exit, 60; 0 never)\n"
	"  --once               handle the cards present, then exit\n"
	"  --detach             run in the background, in a session of its own\n"
	"  --if-not-running     exit 0 at once when a daemon already runs\n"
	"  --pid-file FILE      instance lock and PID (default " SCB_PID_FILE ")\n";

int cmd_daemon(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "idle-exit", required_argument, NULL, 'i' },
		{ "once", no_argument, NULL, 'o' },
		{ "detach", no_argument, NULL, 'd' },
		{ "if-not-running", no_argument, NULL, 'n' },
		{ "pid-file", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const char *config = NULL, *pid_file = SCB_PID_FILE;
	int once = 0, detach = 0, if_not_running = 0, c, ret;
	struct scb_pidlock lock;
	struct scb_config cfg;
	pid_t holder = 0;
	long idle = -1;
	char *end;

	optind = 0;
	while ((c = getopt_long(argc, argv, "c:i:odnp:h", opts, NULL)) != -1) {
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
		case 'd':
			detach = 1;
			break;
		case 'n':
			if_not_running = 1;
			break;
		case 'p':
			pid_file = optarg;
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

	ret = scb_pidlock_take(&lock, pid_file, &holder);
	if (ret == -EWOULDBLOCK && if_not_running) {
		scb_config_free(&cfg);
		return 0;
	}
	if (ret == -EWOULDBLOCK) {
		fprintf(stderr, "scbridge: a daemon is running already (pid %ld, %s)\n",
			(long)holder, pid_file);
		goto err_free_config;
	}
	if (ret) {
		fprintf(stderr, "scbridge: %s: %s\n", pid_file, strerror(-ret));
		goto err_free_config;
	}
	if (detach) {
		ret = scb_detach();
		if (ret < 0) {
			fprintf(stderr, "scbridge: cannot detach: %s\n",
				strerror(-ret));
			goto err_release_lock;
		}
		if (ret > 0) {
			/* The detached daemon holds the lock now */
			scb_config_free(&cfg);
			return 0;
		}
	}
	scb_log_use_syslog(1);
	/* The journal has the syslog lines, with their priority */
	if (detach || getenv("JOURNAL_STREAM"))
		scb_log_use_stderr(0);
	ret = scb_pidlock_write(&lock);
	if (ret)
		scb_warn("%s: %s", pid_file, strerror(-ret));
	if (scb_crypto_init() || scb_fetch_init()) {
		scb_err("crypto or HTTP library failed to start");
		goto err_release_lock;
	}
	ret = scb_daemon_run(&cfg, once, &lock);
	scb_pidlock_release(&lock);
	scb_config_free(&cfg);
	return ret ? 1 : 0;

err_release_lock:
	scb_pidlock_release(&lock);
err_free_config:
	scb_config_free(&cfg);
	return 1;
usage:
	fprintf(stderr, "%s", usage_text);
	return 2;
}
