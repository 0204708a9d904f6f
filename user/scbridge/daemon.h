/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scbridge daemon: card events to drivers.
 */
#ifndef SCBRIDGE_DAEMON_H
#define SCBRIDGE_DAEMON_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "daemon_nl.h"
#include "install_pipeline.h"

int scb_bind_report(struct scb_nl *nl, uint32_t reader, uint32_t slot,
		    const struct scb_binding *b);
int scb_handle_card(const struct scb_config *cfg, struct scb_nl *nl,
		    const struct scb_card *card);
int scb_cards_get(struct scb_nl *nl, struct scb_card **cards, size_t *n);
int scb_daemon_run(const struct scb_config *cfg, int once);

#endif /* SCBRIDGE_DAEMON_H */
