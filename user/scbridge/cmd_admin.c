// SPDX-License-Identifier: GPL-2.0
/*
 * The administrative requests of scfilter (CAP_NET_ADMIN):
 *   scbridge bind [--reader R] [--slot S] NAME [VERSION]
 *   scbridge bind [--reader R] [--slot S] --clear
 *   scbridge policy [--pnp on|off]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nl_out.h"
#include "scf_cmds.h"

static int parse_u32(const char *s, uint32_t *v)
{
	char *end;
	unsigned long n = strtoul(s, &end, 10);

	if (!*s || *end || n > UINT32_MAX)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

int cmd_bind(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reader", required_argument, NULL, 'r' },
		{ "slot", required_argument, NULL, 's' },
		{ "clear", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	static const char usage[] =
		"usage: scbridge bind [--reader R] [--slot S] NAME [VERSION]\n"
		"       scbridge bind [--reader R] [--slot S] --clear\n"
		"Record the minidriver serving the card in slot S of reader R (shown\n"
		"in sysfs \"minidriver\" and notified as driver-bound). Needs\n"
		"CAP_NET_ADMIN.\n";
	uint32_t reader = 0, slot = 0;
	const char *name, *version = NULL;
	struct scf_nl *nl;
	int clear = 0, c, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, "r:s:ch", opts, NULL)) != -1) {
		if (c == 'r' && !parse_u32(optarg, &reader))
			continue;
		if (c == 's' && !parse_u32(optarg, &slot))
			continue;
		if (c == 'c') {
			clear = 1;
			continue;
		}
		fputs(usage, c == 'h' ? stdout : stderr);
		return c == 'h' ? 0 : 2;
	}
	if (clear ? optind != argc :
		    (optind >= argc || argc - optind > 2)) {
		fputs(usage, stderr);
		return 2;
	}
	name = clear ? "" : argv[optind];
	if (!clear && argc - optind == 2)
		version = argv[optind + 1];

	if (scf_cli_open(&nl))
		return 1;
	ret = scf_nl_bind(nl, reader, slot, name, version);
	if (ret)
		scf_cli_error(nl, "bind-driver", ret);
	scf_nl_close(nl);
	return ret ? 1 : 0;
}

int cmd_policy(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pnp", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	static const char usage[] =
		"usage: scbridge policy [--pnp on|off]\n"
		"Show, or set (CAP_NET_ADMIN), the kernel's PnP switch: with pnp off\n"
		"scfilter sends no discovery APDU to cards inserted from then on.\n";
	struct scf_nl *nl;
	int pnp = -1, c, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, "p:h", opts, NULL)) != -1) {
		if (c == 'p' && (!strcmp(optarg, "on") || !strcmp(optarg, "1"))) {
			pnp = 1;
			continue;
		}
		if (c == 'p' && (!strcmp(optarg, "off") || !strcmp(optarg, "0"))) {
			pnp = 0;
			continue;
		}
		fputs(usage, c == 'h' ? stdout : stderr);
		return c == 'h' ? 0 : 2;
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (scf_cli_open(&nl))
		return 1;
	if (pnp >= 0) {
		ret = scf_nl_set_pnp(nl, pnp);
		if (ret)
			scf_cli_error(nl, "set-policy", ret);
	} else {
		ret = scf_nl_get_pnp(nl, &pnp);
		if (ret)
			scf_cli_error(nl, "get-policy", ret);
		else
			printf("pnp %s\n", pnp ? "on" : "off");
	}
	scf_nl_close(nl);
	return ret ? 1 : 0;
}
