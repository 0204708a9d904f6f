// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge daemon lifecycle.
 *
 * One daemon at a time: each holds an flock() on its PID file for its
 * whole life. The lock is taken before the daemon detaches, so the
 * detached process inherits it and the udev fallback's command returns
 * only once the lock is held; a second start finds it taken and, with
 * --if-not-running, leaves quietly. The file is never unlinked: a process
 * that opened it just before an unlink would lock a file nobody else
 * sees, and two daemons would run.
 *
 * Detaching is the classic double fork: udev kills a RUN program whose
 * event outlives its time-out (3 minutes by default), so the daemon cannot
 * be the RUN program itself. It forks twice, so that it is neither that
 * program nor its child, in a session of its own, with none of the pipes
 * udev reads the program's output from left open.
 *
 * The state file <state_dir>/reader-seen records that a reader was
 * connected once; the systemd unit starts the daemon at boot only when it
 * exists (or a reader is present).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon_log.h"
#include "install.h"
#include "lifecycle.h"

#define SCB_PID_TEXT_MAX	24

static int parent_dir_make(const char *path)
{
	char dir[4096], *slash;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	return scb_mkdir_p(dir);
}

static pid_t pid_read(int fd)
{
	char buf[SCB_PID_TEXT_MAX];
	ssize_t n;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return (pid_t)strtol(buf, NULL, 10);
}

/**
 * scb_pidlock_take() - become the one running daemon
 * @pl: lock (fd -1 on failure)
 * @path: PID file; its directory is made when missing
 * @holder: if not NULL and another process holds the lock, its PID (0 when
 *	it has not written it yet)
 *
 * Return: 0, -EWOULDBLOCK when another daemon runs, or another negative
 * errno.
 */
int scb_pidlock_take(struct scb_pidlock *pl, const char *path, pid_t *holder)
{
	int fd, ret;

	pl->fd = -1;
	pl->path = path;
	ret = parent_dir_make(path);
	if (ret)
		return ret;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		ret = -errno;
		if (holder)
			*holder = pid_read(fd);
		close(fd);
		return ret == -EAGAIN ? -EWOULDBLOCK : ret;
	}
	pl->fd = fd;
	return 0;
}

/**
 * scb_pidlock_write() - record the calling process as the holder
 * @pl: a held lock
 *
 * Return: 0 or a negative errno.
 */
int scb_pidlock_write(struct scb_pidlock *pl)
{
	char buf[SCB_PID_TEXT_MAX];
	int n;

	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(pl->fd, 0) || pwrite(pl->fd, buf, n, 0) != n)
		return -errno;
	return 0;
}

/**
 * scb_pidlock_release() - let another daemon start
 * @pl: lock (nothing happens when it is not held)
 *
 * The PID is cleared first, so that a reader of the file never sees a
 * stale one next to a free lock.
 */
void scb_pidlock_release(struct scb_pidlock *pl)
{
	if (pl->fd < 0)
		return;
	if (ftruncate(pl->fd, 0))
		scb_warn("%s: %s", pl->path, strerror(errno));
	close(pl->fd);
	pl->fd = -1;
}

/**
 * scb_detach() - continue in the background, in a session of its own
 *
 * Standard streams go to /dev/null (logging goes to syslog), the working
 * directory to "/". Other descriptors, such as a held instance lock, stay
 * open in the detached process.
 *
 * Return: 0 in the detached process, 1 in the original one (which should
 * exit with success: the daemon is running), a negative errno on failure.
 */
int scb_detach(void)
{
	int status, fd;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0) {
		/* The intermediate child exits as soon as it has forked */
		if (waitpid(pid, &status, 0) < 0)
			return -errno;
		return WIFEXITED(status) && !WEXITSTATUS(status) ? 1 : -ECHILD;
	}
	if (setsid() < 0)
		_exit(1);
	pid = fork();
	if (pid < 0)
		_exit(1);
	if (pid > 0)
		_exit(0);
	if (chdir("/"))
		return -errno;
	fd = open("/dev/null", O_RDWR);
	if (fd < 0)
		return -errno;
	if (dup2(fd, STDIN_FILENO) < 0 || dup2(fd, STDOUT_FILENO) < 0 ||
	    dup2(fd, STDERR_FILENO) < 0) {
		close(fd);
		return -errno;
	}
	if (fd > STDERR_FILENO)
		close(fd);
	return 0;
}

/**
 * scb_reader_seen_mark() - record that a reader was connected
 * @cfg: configuration (state_dir)
 *
 * Written once, through a rename; later calls find it and do nothing.
 *
 * Return: 0 or a negative errno (logged).
 */
int scb_reader_seen_mark(const struct scb_config *cfg)
{
	char path[4096], tmp[4096 + 8], when[32];
	struct timespec ts;
	struct tm tm;
	FILE *f;
	int ret;

	if (snprintf(path, sizeof(path), "%s/%s", cfg->state_dir,
		     SCB_READER_SEEN) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	if (!access(path, F_OK))
		return 0;
	ret = scb_mkdir_p(cfg->state_dir);
	if (ret)
		goto err;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "we");
	if (!f) {
		ret = -errno;
		goto err;
	}
	fprintf(f, "# A smart card reader was connected on %s: the scbridge\n"
		   "# service starts at boot. Remove this file to stop that.\n",
		when);
	if (fflush(f) || fsync(fileno(f))) {
		ret = -errno;
		fclose(f);
		unlink(tmp);
		goto err;
	}
	fclose(f);
	if (rename(tmp, path)) {
		ret = -errno;
		unlink(tmp);
		goto err;
	}
	scb_info("first reader seen: %s written", path);
	return 0;
err:
	scb_err("%s: %s", path, strerror(-ret));
	return ret;
}
