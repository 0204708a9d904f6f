// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge remove NAME [--config FILE]: unregister and uninstall a driver.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "daemon.h"
#include "install.h"
#include "repo_cmds.h"

/* Cards bound to the removed driver are unbound (empty name) */
static void unbind(const char *name)
{
	struct scf_card_info *cards;
	struct scf_nl *nl;
	size_t n, i;
	int ret;

	if (scf_nl_open(&nl))
		return;		/* no scfilter.ko: nothing is bound */
	if (!scb_cards_get(nl, &cards, &n)) {
		for (i = 0; i < n; i++) {
			if (strcmp(cards[i].md_name, name))
				continue;
			ret = scf_nl_bind(nl, cards[i].reader, cards[i].slot,
					  "", NULL);
			if (ret < 0)
				fprintf(stderr, "scbridge: card%us%u: unbind: %s\n",
					cards[i].reader, cards[i].slot,
					strerror(-ret));
			else
				printf("card%us%u unbound\n", cards[i].reader,
				       cards[i].slot);
		}
		free(cards);
	}
	scf_nl_close(nl);
}

int cmd_remove(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const char *config = NULL;
	struct scb_config cfg;
	char err[512];
	int c, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		if (c == 'h') {
			printf("usage: scbridge remove NAME [--config FILE]\n");
			return 0;
		}
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
	unbind(argv[optind]);
	return 0;
usage:
	fprintf(stderr, "usage: scbridge remove NAME [--config FILE]\n");
	return 2;
}
