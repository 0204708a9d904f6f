// SPDX-License-Identifier: GPL-2.0
/*
 * Logging for the repository pipeline and the daemon.
 *
 * Every refusal of the pipeline (bad signature, hash mismatch, expired
 * index, rollback, path escape, unreachable mirror) goes through here with
 * its reason, so that an administrator finds it in the journal and a test
 * finds it on stderr.
 */
#include <stdarg.h>
#include <stdio.h>

#include "daemon_log.h"
#include "sanitize.h"

static int use_syslog;
static int quiet;
static int no_stderr;

void scb_log_use_syslog(int on)
{
	if (on && !use_syslog)
		openlog("scbridge", LOG_PID, LOG_DAEMON);
	use_syslog = on;
}

/*
 * Off when stderr goes nowhere (detached) or to the journal, which has the
 * syslog lines already.
 */
void scb_log_use_stderr(int on)
{
	no_stderr = !on;
}

void scb_log_set_quiet(int q)
{
	quiet = q;
}

void scb_log(int prio, const char *fmt, ...)
{
	static const char *const tag[] = {
		[LOG_EMERG] = "error", [LOG_ALERT] = "error",
		[LOG_CRIT] = "error", [LOG_ERR] = "error",
		[LOG_WARNING] = "warning", [LOG_NOTICE] = "notice",
		[LOG_INFO] = "info", [LOG_DEBUG] = "debug",
	};
	char raw[SCB_SAFE_MAX], line[SCB_SAFE_MAX];
	va_list ap;

	if (prio == LOG_DEBUG && quiet)
		return;
	/* Last line of defence: one message is one line, without escapes */
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	scb_safe(raw, line, sizeof(line));
	if (use_syslog)
		syslog(prio, "%s", line);
	if (no_stderr || (quiet && prio > LOG_WARNING))
		return;
	fprintf(stderr, "scbridge: %s: %s\n", tag[prio & LOG_PRIMASK], line);
}
