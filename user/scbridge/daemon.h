/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scbridge daemon: card events to drivers.
 */
#ifndef SCBRIDGE_DAEMON_H
#define SCBRIDGE_DAEMON_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "nl.h"
#include "install_pipeline.h"
#include "lifecycle.h"

int scb_bind_report(struct scf_nl *nl, uint32_t reader, uint32_t slot,
		    const struct scb_binding *b);
int scb_handle_card(const struct scb_config *cfg, struct scf_nl *nl,
		    const struct scf_card_info *card);
int scb_cards_get(struct scf_nl *nl, struct scf_card_info **cards,
		  size_t *n);
int scb_daemon_run(const struct scb_config *cfg, int once,
		   struct scb_pidlock *lock);

#endif /* SCBRIDGE_DAEMON_H */
