// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge install --pnp-id ID [--compat ID]... [--config FILE]
 *                  [--reader R --slot S]
 *
 * Runs the driver pipeline by hand for the given IDs, as the daemon does
 * on card insertion; with --reader and --slot it also reports the binding
 * to scfilter. Exit status 0 when a driver (or the null driver) was
 * decided, 1 when nothing could be installed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "config.h"
#include "daemon.h"
#include "daemon_log.h"
#include "fetch.h"
#include "install_pipeline.h"
#include "repo.h"
#include "repo_cmds.h"
#include "sanitize.h"

#define SCB_CLI_COMPAT_MAX	16

static int parse_u32(const char *s, uint32_t *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > UINT32_MAX)
		return -EINVAL;
	*out = v;
	return 0;
}

static const char usage_text[] =
	"usage: scbridge install --pnp-id ID [--compat ID]... [--config FILE] [--reader R --slot S]\n";

int cmd_install(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pnp-id", required_argument, NULL, 'p' },
		{ "compat", required_argument, NULL, 'C' },
		{ "config", required_argument, NULL, 'c' },
		{ "reader", required_argument, NULL, 'r' },
		{ "slot", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const char *compat[SCB_CLI_COMPAT_MAX], *config = NULL;
	struct scb_card_ids ids = { .compat = compat };
	uint32_t reader = 0, slot = 0;
	int have_reader = 0, have_slot = 0, c, ret;
	struct scb_config cfg;
	struct scb_binding b;

	optind = 0;
	while ((c = getopt_long(argc, argv, "p:C:c:r:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			ids.pnp_id = optarg;
			break;
		case 'C':
			if (ids.ncompat == SCB_CLI_COMPAT_MAX)
				goto usage;
			compat[ids.ncompat++] = optarg;
			break;
		case 'c':
			config = optarg;
			break;
		case 'r':
			if (parse_u32(optarg, &reader))
				goto usage;
			have_reader = 1;
			break;
		case 's':
			if (parse_u32(optarg, &slot))
				goto usage;
			have_slot = 1;
			break;
		case 'h':
			printf("%s", usage_text);
			return 0;
		default:
			goto usage;
		}
	}
	if (optind != argc || (!ids.pnp_id && !ids.ncompat) ||
	    have_reader != have_slot)
		goto usage;
	if (scb_config_setup(&cfg, config))
		return 1;
	if (scb_crypto_init() || scb_fetch_init()) {
		fprintf(stderr, "scbridge: crypto or HTTP library failed to start\n");
		scb_config_free(&cfg);
		return 1;
	}
	scb_fetch_set_progress(isatty(STDERR_FILENO));
	ret = scb_pipeline(&cfg, &ids, &b);
	if (b.kind != SCB_BIND_NONE) {
		printf("%s %s %s %s\n", SCB_SAFE(b.name), SCB_SAFE(b.version),
		       scb_bind_kind_str(b.kind),
		       b.path[0] ? SCB_SAFE(b.path) : "-");
		ret = 0;
	}
	if (!ret && have_reader) {
		struct scf_nl *nl;

		ret = scf_nl_open(&nl);
		if (ret) {
			fprintf(stderr, "scbridge: scfilter netlink family unavailable\n");
		} else {
			ret = scb_bind_report(nl, reader, slot, &b);
			scf_nl_close(nl);
		}
	}
	scb_config_free(&cfg);
	return ret ? 1 : 0;
usage:
	fprintf(stderr, "%s", usage_text);
	return 2;
}
