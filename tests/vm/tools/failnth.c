// SPDX-License-Identifier: GPL-2.0
/*
 * failnth: make the k-th fault-injection point of one call fail, for every
 * k, until the call no longer meets an injected fault.
 *
 * /proc/thread-self/fail-nth is per thread and not inherited, so this
 * program opens it, writes k and makes the call itself, in the same thread:
 * a write to a driver's sysfs "bind" file runs probe in the writer's thread,
 * open() and ioctl() run in the caller's, and finit_module() runs the
 * module's init (and whatever it replays) in the loader's. Reading the file
 * back tells whether the fault was injected (0) or not (the points left).
 *
 *   failnth bind DRIVERDIR INTF [STEP]   bind INTF (sysfs bind), unbind after
 *   failnth open NODE [STEP]             open NODE, close after
 *   failnth transmit NODE APDUHEX [STEP] CCID_IOC_TRANSMIT on one open fd
 *   failnth count-load KO NAME           the points of one good load+init
 *   failnth load KO NAME FIRST LAST      k = FIRST..LAST, unload after
 *
 * Every k where the call met its fault must end with an error or a working
 * result; the sweep ends at the first k that no longer reaches a fault and
 * prints "points N injected M" (N points covered, M of them made the call
 * fail). STEP > 1 samples every STEP-th point.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/scpnp.h>

#include "unhex.h"

#define MAX_POINTS 100000

static int nth_fd = -1;

static void die(const char *what)
{
	fprintf(stderr, "failnth: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void arm(unsigned int k)
{
	char b[16];
	int n = snprintf(b, sizeof(b), "%u", k);

	if (pwrite(nth_fd, b, (size_t)n, 0) != n)
		die("write fail-nth");
}

/* Disarm; return true when the armed fault was injected. */
static int disarm(void)
{
	char b[16] = "";
	ssize_t n = pread(nth_fd, b, sizeof(b) - 1, 0);
	int injected;

	if (n <= 0)
		die("read fail-nth");
	injected = atoi(b) == 0;
	arm(0);
	return injected;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;
	int e;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	e = errno;
	close(fd);
	return n < 0 ? -e : 0;
}

static int bound(const char *intf)
{
	char p[512];
	struct stat st;

	snprintf(p, sizeof(p), "/sys/bus/usb/devices/%s/driver", intf);
	return lstat(p, &st) == 0;
}

/*
 * The module file is opened before the fault is armed: the fault belongs to
 * the module's load and init, not to the open of its file.
 */
static int open_ko(const char *ko)
{
	int fd = open(ko, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		die(ko);
	return fd;
}

static int load(int fd)
{
	return syscall(SYS_finit_module, fd, "", 0) ? -errno : 0;
}

static void unload(const char *name)
{
	int tries;

	for (tries = 0; tries < 100; tries++) {
		if (!syscall(SYS_delete_module, name, O_NONBLOCK))
			return;
		if (errno == ENOENT)
			return;
		usleep(100000);
	}
	die("delete_module");
}

static void report(unsigned int points, unsigned int injected)
{
	printf("points %u injected %u\n", points, injected);
}

int main(int argc, char **argv)
{
	static uint8_t cmd[CCID_APDU_MAX_CMD], rx[CCID_APDU_MAX_RESP];
	unsigned int k, step = 1, points = 0, failed = 0;
	const char *mode;
	int r, hit;

	if (argc < 3) {
		fprintf(stderr, "usage: see the comment at the top of failnth.c\n");
		return 2;
	}
	mode = argv[1];
	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nth_fd < 0)
		die("/proc/thread-self/fail-nth");

	if (!strcmp(mode, "bind") && argc >= 4) {
		char bind[512], unbind[512];

		if (argc > 4)
			step = (unsigned int)atoi(argv[4]);
		snprintf(bind, sizeof(bind), "%s/bind", argv[2]);
		snprintf(unbind, sizeof(unbind), "%s/unbind", argv[2]);
		for (k = 1; k < MAX_POINTS; k += step) {
			arm(k);
			r = write_str(bind, argv[3]);
			hit = disarm();
			if (!hit) {
				if (!bound(argv[3])) {
					fprintf(stderr, "k=%u: not bound without a fault (%d)\n", k, r);
					return 1;
				}
				report(points, failed);
				return 0;
			}
			points++;
			if (bound(argv[3])) {
				if (write_str(unbind, argv[3]))
					die("unbind");
			} else {
				failed++;
			}
		}
	} else if (!strcmp(mode, "open")) {
		if (argc > 3)
			step = (unsigned int)atoi(argv[3]);
		for (k = 1; k < MAX_POINTS; k += step) {
			arm(k);
			r = open(argv[2], O_RDWR);
			hit = disarm();
			if (r >= 0)
				close(r);
			if (!hit) {
				if (r < 0)
					die("open without a fault");
				report(points, failed);
				return 0;
			}
			points++;
			failed += r < 0;
		}
	} else if (!strcmp(mode, "transmit") && argc >= 4) {
		size_t len = unhex(argv[3], cmd, sizeof(cmd));
		int fd = open(argv[2], O_RDWR);

		if (fd < 0)
			die(argv[2]);
		if (argc > 4)
			step = (unsigned int)atoi(argv[4]);
		for (k = 1; k < MAX_POINTS; k += step) {
			struct ccid_xfer x = {
				.tx = (uintptr_t)cmd, .rx = (uintptr_t)rx,
				.tx_len = (uint32_t)len, .rx_len = sizeof(rx),
			};

			arm(k);
			r = ioctl(fd, CCID_IOC_TRANSMIT, &x) ? errno : 0;
			hit = disarm();
			/* the reset notice of an earlier failure: once */
			if (r == ECONNRESET) {
				x.rx_len = sizeof(rx);
				r = ioctl(fd, CCID_IOC_TRANSMIT, &x) ? errno : 0;
			}
			if (!hit) {
				if (r) {
					errno = r;
					die("transmit without a fault");
				}
				report(points, failed);
				return 0;
			}
			points++;
			failed += r != 0;
		}
	} else if (!strcmp(mode, "count-load") && argc >= 4) {
		int fd = open_ko(argv[2]);

		unload(argv[3]);
		arm(MAX_POINTS);
		r = load(fd);
		k = MAX_POINTS;
		{
			char b[16] = "";

			if (pread(nth_fd, b, sizeof(b) - 1, 0) <= 0)
				die("read fail-nth");
			k = (unsigned int)atoi(b);
		}
		arm(0);
		close(fd);
		if (r) {
			errno = -r;
			die("load");
		}
		unload(argv[3]);
		printf("%u\n", MAX_POINTS - k);
		return 0;
	} else if (!strcmp(mode, "load") && argc >= 6) {
		unsigned int first = (unsigned int)atoi(argv[4]);
		unsigned int last = (unsigned int)atoi(argv[5]);
		int fd = open_ko(argv[2]);

		unload(argv[3]);
		for (k = first ? first : 1; k <= last; k++) {
			arm(k);
			r = load(fd);
			hit = disarm();
			if (hit) {
				points++;
				failed += r != 0;
			}
			if (!r)
				unload(argv[3]);
		}
		close(fd);
		report(points, failed);
		return 0;
	}
	fprintf(stderr, "failnth: bad arguments\n");
	return 2;
}
