/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Logging for the repository pipeline and the daemon: stderr (unless the
 * daemon turns it off), syslog as well once the daemon has turned it on.
 */
#ifndef SCBRIDGE_DAEMON_LOG_H
#define SCBRIDGE_DAEMON_LOG_H

#include <syslog.h>

void scb_log_use_syslog(int on);
void scb_log_use_stderr(int on);
void scb_log_set_quiet(int quiet);
void scb_log(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define scb_err(...)	scb_log(LOG_ERR, __VA_ARGS__)
#define scb_warn(...)	scb_log(LOG_WARNING, __VA_ARGS__)
#define scb_info(...)	scb_log(LOG_INFO, __VA_ARGS__)
#define scb_dbg(...)	scb_log(LOG_DEBUG, __VA_ARGS__)

#endif /* SCBRIDGE_DAEMON_LOG_H */
