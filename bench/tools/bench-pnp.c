// SPDX-License-Identifier: GPL-2.0
/*
 * bench-pnp: Plug and Play latency of one card insertion, in the test VM.
 *
 *   bench-pnp TIMEOUT_S [no-driver]
 *
 * Subscribes to kernel uevents (NETLINK_KOBJECT_UEVENT) and to the
 * scfilter "monitor" group, then asks the VM runner to insert QEMU's card
 * (the "card-insert" request on the runner's serial channel, /dev/ttyS1,
 * as tests/vm/lib.sh's qmp does) and times, from the moment the request is
 * written:
 *   uevent     the "add" uevent of the card device carrying SCF_PNP_ID
 *              (scfilter sends it once discovery has named the card)
 *   netlink    the CARD_INSERT notification
 *   minidriver the DRIVER_BOUND notification (scbridge fetched, installed
 *              and registered the minidriver, then bound it); skipped with
 *              "no-driver"
 * and prints one JSON object, times in milliseconds.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/scpnp.h>

#include "bench.h"

#define QMP_TTY			"/dev/ttyS1"
#define UEVENT_GROUP_KERNEL	1
#define UEVENT_BUF		8192
#define LINE_MAX_LEN		512
#define NS_PER_MS		1000000.0
#define MS_PER_S		1000

enum { EV_QMP, EV_UEVENT, EV_NETLINK, EV_DRIVER, EV_COUNT };
static const char *const ev_names[EV_COUNT] = {
	"qmp_reply_ms", "insert_to_uevent_ms", "insert_to_netlink_ms",
	"insert_to_minidriver_ms",
};
static uint64_t ev_at[EV_COUNT];

static int genl_event(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));
	uint64_t now = bench_now_ns();

	(void)arg;
	if (g->cmd == SCF_CMD_CARD_INSERT && !ev_at[EV_NETLINK])
		ev_at[EV_NETLINK] = now;
	else if (g->cmd == SCF_CMD_DRIVER_BOUND && !ev_at[EV_DRIVER])
		ev_at[EV_DRIVER] = now;
	return NL_OK;
}

/* Does the uevent buffer hold the card's add with its PnP ID? */
static int card_add(const char *buf, ssize_t n)
{
	int add = 0, sc = 0, id = 0;

	for (const char *p = buf; p < buf + n; p += strlen(p) + 1) {
		if (!strcmp(p, "ACTION=add"))
			add = 1;
		else if (!strcmp(p, "SUBSYSTEM=smartcard"))
			sc = 1;
		else if (!strncmp(p, "SCF_PNP_ID=", 11))
			id = 1;
	}
	return add && sc && id;
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = UEVENT_GROUP_KERNEL };
	char ubuf[UEVENT_BUF], line[LINE_MAX_LEN], tag[32];
	size_t llen = 0;
	struct nl_sock *nl;
	struct pollfd pfd[3];
	int ufd, tty, grp, want_driver, timeout_ms;
	uint64_t t0, end;
	json_t *o;

	if (argc < 2 || !(timeout_ms = atoi(argv[1]) * MS_PER_S)) {
		fprintf(stderr, "usage: bench-pnp TIMEOUT_S [no-driver]\n");
		return 2;
	}
	want_driver = !(argc > 2 && !strcmp(argv[2], "no-driver"));

	ufd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
	if (ufd < 0 || bind(ufd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("uevent socket");
		return 1;
	}
	nl = nl_socket_alloc();
	if (!nl || genl_connect(nl)) {
		fprintf(stderr, "generic netlink: cannot connect\n");
		return 1;
	}
	grp = genl_ctrl_resolve_grp(nl, SCF_GENL_NAME, SCF_GENL_MCGRP_MONITOR);
	if (grp < 0 || nl_socket_add_membership(nl, grp)) {
		fprintf(stderr, "scfilter monitor group: %s\n", nl_geterror(grp));
		return 1;
	}
	nl_socket_disable_seq_check(nl);
	nl_socket_modify_cb(nl, NL_CB_VALID, NL_CB_CUSTOM, genl_event, NULL);
	nl_socket_set_nonblocking(nl);

	tty = open(QMP_TTY, O_RDWR | O_NOCTTY);
	if (tty < 0 || flock(tty, LOCK_EX)) {
		perror(QMP_TTY);
		return 1;
	}
	snprintf(tag, sizeof(tag), "b%d", (int)getpid());
	t0 = bench_now_ns();
	if (dprintf(tty, "Q %s card-insert\n", tag) < 0) {
		perror("request");
		return 1;
	}
	end = t0 + (uint64_t)timeout_ms * 1000000ULL;

	pfd[0] = (struct pollfd){ .fd = tty, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = ufd, .events = POLLIN };
	pfd[2] = (struct pollfd){ .fd = nl_socket_get_fd(nl), .events = POLLIN };
	for (;;) {
		uint64_t now = bench_now_ns();

		if (ev_at[EV_QMP] && ev_at[EV_UEVENT] && ev_at[EV_NETLINK] &&
		    (ev_at[EV_DRIVER] || !want_driver))
			break;
		if (now >= end)
			break;
		if (poll(pfd, 3, (int)((end - now) / 1000000ULL) + 1) < 0) {
			if (errno == EINTR)
				continue;
			perror("poll");
			return 1;
		}
		if (pfd[0].revents & POLLIN) {
			char c;

			while (read(tty, &c, 1) == 1) {
				if (c == '\n' || llen == sizeof(line) - 1) {
					line[llen] = 0;
					llen = 0;
					if (!strncmp(line, "R ", 2) && !strncmp(line + 2, tag, strlen(tag))) {
						ev_at[EV_QMP] = bench_now_ns();
						if (!strstr(line, " ok")) {
							fprintf(stderr, "card-insert: %s\n", line);
							return 1;
						}
						pfd[0].fd = -1;
					}
					break;
				}
				if (c != '\r')
					line[llen++] = c;
			}
		}
		if (pfd[1].revents & POLLIN) {
			ssize_t n = recv(ufd, ubuf, sizeof(ubuf) - 1, MSG_DONTWAIT);

			if (n > 0) {
				ubuf[n] = 0;
				if (!ev_at[EV_UEVENT] && card_add(ubuf, n))
					ev_at[EV_UEVENT] = bench_now_ns();
			}
		}
		if (pfd[2].revents & POLLIN)
			nl_recvmsgs_default(nl);
	}
	flock(tty, LOCK_UN);
	close(tty);

	o = json_object();
	for (int i = 0; i < EV_COUNT; i++) {
		if (i == EV_DRIVER && !want_driver)
			continue;
		json_object_set_new(o, ev_names[i], ev_at[i] ?
				    json_real((double)(ev_at[i] - t0) / NS_PER_MS) : json_null());
	}
	json_dumpf(o, stdout, JSON_COMPACT);
	putchar('\n');
	json_decref(o);
	nl_socket_free(nl);
	close(ufd);
	for (int i = 0; i < EV_COUNT; i++)
		if (!ev_at[i] && (i != EV_DRIVER || want_driver))
			return 1;
	return 0;
}
