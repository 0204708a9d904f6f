/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the daemon needs from the scfilter netlink family: card
 * notifications of the "monitor" group, a dump of the cards, and
 * BIND_DRIVER. Kept to these three so that the daemon does not depend on
 * the rest of the CLI's netlink client.
 */
#ifndef SCBRIDGE_DAEMON_NL_H
#define SCBRIDGE_DAEMON_NL_H

#include <stdint.h>

#include <linux/scpnp.h>

#define SCB_COMPAT_MAX	512
#define SCB_PNP_ID_MAX	128

/**
 * struct scb_card - a card as scfilter reports it
 * @reader: R of card<R>s<S>
 * @slot: S
 * @state: enum scf_card_state
 * @pnp_id: hardware ID, "" when none
 * @compat: compatible IDs, space-separated, "" when none
 * @md_name: bound minidriver, "" when none
 * @md_version: its version
 */
struct scb_card {
	uint32_t reader;
	uint32_t slot;
	uint32_t state;
	char pnp_id[SCB_PNP_ID_MAX];
	char compat[SCB_COMPAT_MAX];
	char md_name[SCF_MINIDRIVER_NAME_MAX];
	char md_version[SCF_MINIDRIVER_VERSION_MAX];
};

struct scb_nl;

typedef int (*scb_card_fn)(const struct scb_card *card, void *arg);
typedef int (*scb_event_fn)(int cmd, uint64_t seq, const struct scb_card *card,
			    void *arg);

int scb_nl_open(struct scb_nl **nl, int monitor);
void scb_nl_close(struct scb_nl *nl);
int scb_nl_event_fd(struct scb_nl *nl);
int scb_nl_dump_cards(struct scb_nl *nl, scb_card_fn fn, void *arg);
int scb_nl_read_events(struct scb_nl *nl, scb_event_fn fn, void *arg);
int scb_nl_bind(struct scb_nl *nl, uint32_t reader, uint32_t slot,
		const char *name, const char *version);
const char *scb_nl_strerror(int err);

#endif /* SCBRIDGE_DAEMON_NL_H */
