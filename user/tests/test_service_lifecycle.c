// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge daemon lifecycle (lifecycle.c): the instance lock and its PID
 * file, a lock held by another process and freed by its death, detaching,
 * the boot state file.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "daemon_log.h"
#include "lifecycle.h"

/* How long a test waits for another process to take or drop the lock */
#define WAIT_MS		10000
#define STEP_MS		10

struct env {
	char root[64];
	char pidfile[128];
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));

	if (!e)
		return -1;
	snprintf(e->root, sizeof(e->root), "/tmp/scpnp-svc-XXXXXX");
	if (!mkdtemp(e->root))
		return -1;
	/* a missing directory: taking the lock makes it */
	snprintf(e->pidfile, sizeof(e->pidfile), "%s/run/scbridge.pid",
		 e->root);
	scb_log_set_quiet(1);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->root);
	if (system(cmd))
		return -1;
	free(e);
	return 0;
}

static long file_pid(const char *path)
{
	char buf[32] = "";
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return buf[0] ? strtol(buf, NULL, 10) : 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Try to take the lock until it is free: 0 when taken within WAIT_MS */
static int take_eventually(struct scb_pidlock *pl, const char *path)
{
	long t;

	for (t = 0; t < WAIT_MS; t += STEP_MS) {
		if (!scb_pidlock_take(pl, path, NULL))
			return 0;
		sleep_ms(STEP_MS);
	}
	return -1;
}

/* Wait until another process holds the lock with its PID written */
static pid_t holder_eventually(const char *path)
{
	struct scb_pidlock pl;
	pid_t holder;
	long t;

	for (t = 0; t < WAIT_MS; t += STEP_MS) {
		holder = 0;
		if (scb_pidlock_take(&pl, path, &holder) == -EWOULDBLOCK &&
		    holder > 0)
			return holder;
		scb_pidlock_release(&pl);
		sleep_ms(STEP_MS);
	}
	return -1;
}

static void test_lock_one_instance(void **state)
{
	struct env *e = *state;
	struct scb_pidlock a, b;
	pid_t holder = 0;

	assert_int_equal(scb_pidlock_take(&a, e->pidfile, NULL), 0);
	assert_int_equal(scb_pidlock_write(&a), 0);
	assert_int_equal(file_pid(e->pidfile), getpid());
	/* flock() locks belong to open files: a second open conflicts */
	assert_int_equal(scb_pidlock_take(&b, e->pidfile, &holder),
			 -EWOULDBLOCK);
	assert_int_equal(holder, getpid());
	assert_int_equal(b.fd, -1);
	scb_pidlock_release(&a);
	assert_int_equal(a.fd, -1);
	/* emptied, never removed */
	assert_int_equal(file_pid(e->pidfile), 0);
	assert_int_equal(scb_pidlock_take(&b, e->pidfile, NULL), 0);
	scb_pidlock_release(&b);
	scb_pidlock_release(&b);	/* a second release does nothing */
}

static void test_lock_freed_by_death(void **state)
{
	struct env *e = *state;
	struct scb_pidlock pl;
	pid_t child;
	int status;

	child = fork();
	assert_true(child >= 0);
	if (!child) {
		if (scb_pidlock_take(&pl, e->pidfile, NULL) ||
		    scb_pidlock_write(&pl))
			_exit(1);
		pause();
		_exit(0);
	}
	assert_int_equal(holder_eventually(e->pidfile), child);
	kill(child, SIGKILL);
	assert_int_equal(waitpid(child, &status, 0), child);
	/* the killed daemon's PID is still in the file; the lock is free */
	assert_int_equal(file_pid(e->pidfile), child);
	assert_int_equal(scb_pidlock_take(&pl, e->pidfile, NULL), 0);
	assert_int_equal(scb_pidlock_write(&pl), 0);
	assert_int_equal(file_pid(e->pidfile), getpid());
	scb_pidlock_release(&pl);
}

static void test_detach_keeps_lock(void **state)
{
	struct env *e = *state;
	struct scb_pidlock pl;
	pid_t child, daemon;
	int status, ret;

	child = fork();
	assert_true(child >= 0);
	if (!child) {
		if (scb_pidlock_take(&pl, e->pidfile, NULL))
			_exit(1);
		ret = scb_detach();
		if (ret > 0)
			_exit(0);	/* the caller: the daemon runs */
		if (ret < 0)
			_exit(2);
		if (scb_pidlock_write(&pl))
			_exit(3);
		pause();
		_exit(0);
	}
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	/* the caller has exited; the detached process holds the lock */
	daemon = holder_eventually(e->pidfile);
	assert_true(daemon > 0);
	assert_int_not_equal(daemon, child);
	/* in a session of its own, neither ours nor the caller's */
	assert_int_not_equal(getsid(daemon), getsid(0));
	assert_int_not_equal(getsid(daemon), daemon);
	kill(daemon, SIGKILL);
	assert_int_equal(take_eventually(&pl, e->pidfile), 0);
	scb_pidlock_release(&pl);
}

static void test_reader_seen_once(void **state)
{
	struct env *e = *state;
	struct scb_config cfg;
	char path[192], buf[256];
	struct stat st1, st2;
	FILE *f;

	scb_config_init(&cfg);
	free(cfg.state_dir);
	snprintf(path, sizeof(path), "%s/state/scpnp", e->root);
	cfg.state_dir = strdup(path);
	assert_non_null(cfg.state_dir);
	snprintf(path, sizeof(path), "%s/state/scpnp/%s", e->root,
		 SCB_READER_SEEN);

	assert_int_equal(scb_reader_seen_mark(&cfg), 0);
	assert_int_equal(stat(path, &st1), 0);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_int_equal(buf[0], '#');
	/* written once: a second call changes nothing */
	assert_int_equal(scb_reader_seen_mark(&cfg), 0);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st1.st_ino, st2.st_ino);
	assert_int_equal(st1.st_mtim.tv_nsec, st2.st_mtim.tv_nsec);
	scb_config_free(&cfg);
}

static void test_reader_seen_unwritable(void **state)
{
	struct env *e = *state;
	struct scb_config cfg;
	char path[192];
	FILE *f;

	/* state_dir below a regular file cannot be made */
	snprintf(path, sizeof(path), "%s/file", e->root);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	scb_config_init(&cfg);
	free(cfg.state_dir);
	snprintf(path, sizeof(path), "%s/file/scpnp", e->root);
	cfg.state_dir = strdup(path);
	assert_non_null(cfg.state_dir);
	assert_true(scb_reader_seen_mark(&cfg) < 0);
	scb_config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lock_one_instance, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lock_freed_by_death, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_detach_keeps_lock, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reader_seen_once, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reader_seen_unwritable,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
