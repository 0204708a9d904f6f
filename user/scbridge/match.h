/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Matching a card's IDs to repository packages, the way Windows ranks
 * drivers: the hardware ID first, then the compatible IDs in order.
 */
#ifndef SCBRIDGE_MATCH_H
#define SCBRIDGE_MATCH_H

#include <stddef.h>

#include "repo.h"

/**
 * struct scb_card_ids - what a card is known by
 * @pnp_id: hardware ID (SCF_PNP_ID), may be NULL
 * @compat: compatible IDs, best first
 * @ncompat: their number
 */
struct scb_card_ids {
	const char *pnp_id;
	const char *const *compat;
	size_t ncompat;
};

/* Rank of a match: lower is better */
#define SCB_RANK_HW_HW		0	/* card hardware ID, package hardware ID */
#define SCB_RANK_HW_COMPAT	1	/* card hardware ID, package compatible ID */
#define SCB_RANK_COMPAT		2	/* + 2 * index of the card compatible ID */
#define SCB_RANK_NONE		-1

int scb_version_cmp(const char *a, const char *b);
int scb_match_rank(const struct scb_package *pkg,
		   const struct scb_card_ids *ids);
const struct scb_package *scb_match(const struct scb_package *pkgs,
				    size_t npkgs,
				    const struct scb_card_ids *ids,
				    int *rank);

#endif /* SCBRIDGE_MATCH_H */
