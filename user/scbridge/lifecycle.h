/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scbridge daemon lifecycle: one instance at a time, detaching for the
 * udev fallback, and the state file that says a reader was seen.
 * Documentation/admin-guide/service.rst.
 */
#ifndef SCBRIDGE_LIFECYCLE_H
#define SCBRIDGE_LIFECYCLE_H

#include <sys/types.h>

#include "config.h"

/* Instance lock and PID file (RuntimeDirectory=scpnp in the unit) */
#define SCB_PID_FILE		"/run/scpnp/scbridge.pid"
/* Below state_dir; the unit's ConditionPathExists= names the default */
#define SCB_READER_SEEN		"reader-seen"

/**
 * struct scb_pidlock - the daemon's instance lock
 * @fd: the PID file, flock()ed; -1 when not held
 * @path: its path
 */
struct scb_pidlock {
	int fd;
	const char *path;
};

int scb_pidlock_take(struct scb_pidlock *pl, const char *path, pid_t *holder);
int scb_pidlock_write(struct scb_pidlock *pl);
void scb_pidlock_release(struct scb_pidlock *pl);
int scb_detach(void);
int scb_reader_seen_mark(const struct scb_config *cfg);

#endif /* SCBRIDGE_LIFECYCLE_H */
