/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Windows smart card PnP discovery sequence, written against a small
 * transport interface so that KUnit can replay APDU transcripts.
 */
#ifndef SCFILTER_DISCOVERY_H
#define SCFILTER_DISCOVERY_H

#include <linux/types.h>

#include "pnpid.h"

/* Compatible IDs: at most one today; room for two, space-separated */
#define SCF_COMPAT_IDS_MAX	(2 * SCF_PNP_ID_MAX)

/**
 * struct scf_disc_ops - how discovery talks to a card
 * @transmit: exchange one command APDU with final-answer semantics (for
 *	T=0, GET RESPONSE after 61xx is the transport's business); fills @rx
 *	with the data and SW1 SW2. Return: 0 or a negative errno
 *	(-ETIMEDOUT for a mute card), which ends the discovery.
 * @expired: optional; true once the whole sequence has run out of time
 */
struct scf_disc_ops {
	int (*transmit)(void *ctx, const u8 *cmd, size_t cmd_len, u8 *rx,
			size_t rx_size, size_t *rx_len);
	bool (*expired)(void *ctx);
};

/**
 * struct scf_disc_result - outcome of a discovery
 * @source: the step that named the card (enum scf_id_source)
 * @selected: a SELECT succeeded: the card's state changed, reset it
 * @napdus: APDUs sent
 * @pnp_id: device ID, "" when none
 * @compat_ids: compatible IDs, space-separated, "" when none
 */
struct scf_disc_result {
	u32 source;
	bool selected;
	unsigned int napdus;
	char pnp_id[SCF_PNP_ID_MAX];
	char compat_ids[SCF_COMPAT_IDS_MAX];
};

int scf_discover(const struct scf_disc_ops *ops, void *ctx, const u8 *atr,
		 size_t atr_len, const char *gids_compat_id,
		 struct scf_disc_result *res);

#endif /* SCFILTER_DISCOVERY_H */
