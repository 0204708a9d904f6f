/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ccid-gadget: faults a hostile reader injects (fault.c). The hooks are
 * called from gadget.c and conf.c; each returns "nothing to do" unless a
 * fault is armed, so a reader without faults behaves as before.
 */
#ifndef CCID_GADGET_FAULT_H
#define CCID_GADGET_FAULT_H

#include <stdbool.h>
#include <stddef.h>

#include "gadget.h"

/* "fault S KIND REST" on the control FIFO (S may be "clear") */
void fault_control(struct gadget *g, char *s, char *k, char *rest);

/* Scenario key starting with "fault_"; 0 or -1 (bad key or value) */
int fault_conf(struct gadget *g, const char *key, const char *val);

/* A whole message from bulk-OUT, before it is dispatched */
void fault_bulk_out(struct gadget *g, const u8 *msg, size_t len);

/* A message about to go out on bulk-IN; true when the fault took it */
bool fault_reply(struct gadget *g, const u8 *msg, size_t len);

/* The configuration descriptor built in @b (@n bytes); its new length */
size_t fault_config_desc(const struct gadget *g, u8 *b, size_t n);

#endif /* CCID_GADGET_FAULT_H */
