/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The driver pipeline for one card: match, fetch, verify, install,
 * register; the caller reports the resulting binding to the kernel.
 */
#ifndef SCBRIDGE_INSTALL_PIPELINE_H
#define SCBRIDGE_INSTALL_PIPELINE_H

#include <limits.h>

#include "config.h"
#include "match.h"
#include "repo.h"

enum scb_bind_kind {
	SCB_BIND_NONE,		/* nothing decided (refusal, unreachable) */
	SCB_BIND_REPO,		/* installed or confirmed from the repository */
	SCB_BIND_INSTALLED,	/* installed earlier, repository not used */
	SCB_BIND_SYSTEM,	/* the distribution's module (PIV, GIDS) */
	SCB_BIND_NULL,		/* no driver exists: the null driver */
};

/* Name and version reported for the null driver and the system module */
#define SCB_NULL_DRIVER		"null"
#define SCB_NULL_VERSION	"0"
#define SCB_SYSTEM_VERSION	"system"

/**
 * struct scb_binding - what serves a card
 * @kind: SCB_BIND_*
 * @name: driver (module) name
 * @version: its version
 * @path: PKCS#11 module path, empty for the null driver
 */
struct scb_binding {
	enum scb_bind_kind kind;
	char name[SCB_NAME_MAX + 1];
	char version[SCB_NAME_MAX + 1];
	char path[PATH_MAX];
};

const char *scb_bind_kind_str(enum scb_bind_kind kind);
int scb_pipeline(const struct scb_config *cfg, const struct scb_card_ids *ids,
		 struct scb_binding *b);

#endif /* SCBRIDGE_INSTALL_PIPELINE_H */
