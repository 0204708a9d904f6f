// SPDX-License-Identifier: GPL-2.0
/*
 * bench-node: the APDU mix through a slot node (CCID_IOC_TRANSMIT).
 *
 *   bench-node DEV N
 *
 * The driver sends GET RESPONSE itself after 61xx (the node's default,
 * cooked mode), so each round trip is one ioctl.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/scpnp.h>

#include "bench.h"

static int transmit(int fd, const uint8_t *cmd, size_t len, uint8_t *rx,
		    size_t *rx_len)
{
	struct ccid_xfer x = {
		.tx = (uintptr_t)cmd, .rx = (uintptr_t)rx,
		.tx_len = (uint32_t)len, .rx_len = (uint32_t)*rx_len,
	};

	if (ioctl(fd, CCID_IOC_TRANSMIT, &x) < 0)
		return -errno;
	*rx_len = x.rx_len;
	return 0;
}

int main(int argc, char **argv)
{
	uint8_t *rx;
	struct bench_run b;
	unsigned long n, i;
	size_t rx_len = 0;
	int fd, ret;

	if (argc != 3 || !(n = bench_parse_count(argv[2]))) {
		fprintf(stderr, "usage: bench-node DEV N\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	if (bench_init(&b, "node", n))
		return 1;
	rx = malloc(bench_resp_max());
	if (!rx)
		return 1;
	for (i = 0; i < n && b.errors < BENCH_MAX_ERRORS; i++) {
		const uint8_t *cmd;
		size_t len = bench_cmd(i, &cmd);
		uint64_t t0 = bench_now_ns();

		rx_len = bench_resp_max();
		ret = transmit(fd, cmd, len, rx, &rx_len);
		if (ret) {
			bench_error(&b, "round trip %lu: %s", i, strerror(-ret));
			continue;
		}
		if (!bench_sw_ok(rx, rx_len)) {
			bench_error(&b, "round trip %lu: SW %02x%02x", i,
				    rx_len > 1 ? rx[rx_len - 2] : 0,
				    rx_len > 1 ? rx[rx_len - 1] : 0);
			continue;
		}
		bench_record(&b, t0, bench_now_ns(), len + rx_len);
	}
	close(fd);
	free(rx);
	return bench_report(&b, NULL);
}
