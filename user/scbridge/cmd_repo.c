// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge repo keygen PREFIX
 * scbridge repo build SRC_DIR OUT_DIR --key KEYFILE --version N --expires DAYS
 * scbridge repo sign OUT_DIR --key KEYFILE
 * scbridge repo check [--config FILE]
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "daemon_log.h"
#include "fetch.h"
#include "repo.h"
#include "repo_build.h"
#include "repo_cmds.h"
#include "repo_update.h"
#include "sanitize.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: scbridge repo keygen PREFIX\n"
		"       scbridge repo build SRC_DIR OUT_DIR --key KEYFILE --version N --expires DAYS\n"
		"       scbridge repo sign OUT_DIR --key KEYFILE\n"
		"       scbridge repo check [--config FILE]\n");
}

static int parse_ll(const char *s, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno || end == s || *end ? -EINVAL : 0;
}

static int repo_check(const struct scb_config *cfg)
{
	struct scb_index idx;
	char err[1024];
	size_t m, i;

	if (scb_repo_index(cfg, &idx, &m, err, sizeof(err))) {
		fprintf(stderr, "scbridge: no trusted index: %s\n", err);
		return 1;
	}
	printf("mirror %s: index version %lld, expires in %lld s, %zu package(s)\n",
	       cfg->mirrors[m], idx.version,
	       idx.expires - (long long)time(NULL), idx.npkgs);
	for (i = 0; i < idx.npkgs; i++) {
		const struct scb_package *p = &idx.pkgs[i];

		printf("%s %s %s %lld %s\n", SCB_SAFE(p->name),
		       SCB_SAFE(p->version), SCB_SAFE(p->file), p->size,
		       p->sha256_hex);
		scb_package_print_ids(stdout, p);
	}
	scb_index_free(&idx);
	return 0;
}

int cmd_repo(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "version", required_argument, NULL, 'v' },
		{ "expires", required_argument, NULL, 'e' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const char *key = NULL, *config = NULL, *sub;
	long long version = -1, days = 0;
	int have_days = 0, c, ret;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	sub = argv[1];
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		usage(stdout);
		return 0;
	}
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "k:v:e:c:h", opts,
				NULL)) != -1) {
		switch (c) {
		case 'k':
			key = optarg;
			break;
		case 'v':
			if (parse_ll(optarg, &version)) {
				fprintf(stderr, "scbridge: bad --version\n");
				return 2;
			}
			break;
		case 'e':
			if (parse_ll(optarg, &days)) {
				fprintf(stderr, "scbridge: bad --expires\n");
				return 2;
			}
			have_days = 1;
			break;
		case 'c':
			config = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind + 1;
	argv += optind + 1;
	if (scb_crypto_init()) {
		fprintf(stderr, "scbridge: libsodium failed to initialise\n");
		return 1;
	}
	if (!strcmp(sub, "keygen") && argc == 1)
		return scb_repo_keygen(argv[0]) ? 1 : 0;
	if (!strcmp(sub, "build") && argc == 2 && key && version > 0 &&
	    have_days)
		return scb_repo_build(argv[0], argv[1], key, version, days) ?
			1 : 0;
	if (!strcmp(sub, "sign") && argc == 1 && key)
		return scb_repo_sign(argv[0], key) ? 1 : 0;
	if (!strcmp(sub, "check") && argc == 0) {
		struct scb_config cfg;

		if (scb_config_setup(&cfg, config) || scb_fetch_init())
			return 1;
		ret = repo_check(&cfg);
		scb_config_free(&cfg);
		return ret;
	}
	usage(stderr);
	return 2;
}
