// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge apdu [--reader R] [--slot S] [--raw] HEX...: send one command
 * APDU through /dev/ccid<R>s<S> (CCID_IOC_TRANSMIT) and print the answer.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/scpnp.h>

#include "scf_cmds.h"

static const char apdu_usage[] =
	"usage: scbridge apdu [--reader R] [--slot S] [--raw] HEX...\n"
	"Send one command APDU to the card in /dev/ccid<R>s<S> (default 0, 0) and\n"
	"print the answer (data and SW1 SW2) in hex. --raw: T=0 without GET\n"
	"RESPONSE (the card's first answer as it is).\n";

/* Hex digits, with spaces or colons between bytes allowed */
static long parse_hex(char **words, int n, uint8_t *out, size_t size)
{
	size_t len = 0;
	int hi = -1, i;
	const char *p;

	for (i = 0; i < n; i++) {
		for (p = words[i]; *p; p++) {
			int v;

			if (*p == ' ' || *p == ':') {
				if (hi >= 0)
					return -1;
				continue;
			}
			if (!isxdigit((unsigned char)*p))
				return -1;
			v = isdigit((unsigned char)*p) ? *p - '0' :
				tolower((unsigned char)*p) - 'a' + 10;
			if (hi < 0) {
				hi = v;
				continue;
			}
			if (len == size)
				return -1;
			out[len++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
		if (hi >= 0)
			return -1;
	}
	return (long)len;
}

static const char *apdu_errstr(int err)
{
	switch (err) {
	case ENOMEDIUM:
		return "no card in the slot";
	case ETIMEDOUT:
		return "the card does not answer (mute)";
	case ENODEV:
		return "the reader is gone";
	case ECONNRESET:
		return "the card was reset since this handle last used it";
	case EINVAL:
		return "malformed APDU";
	case EOVERFLOW:
		return "answer too long";
	case EPROTONOSUPPORT:
		return "protocol not supported by the card or reader";
	default:
		return strerror(err);
	}
}

static int parse_index(const char *s, unsigned int *v)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || *end || !*s || n > 255)
		return -1;
	*v = (unsigned int)n;
	return 0;
}

int cmd_apdu(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reader", required_argument, NULL, 'r' },
		{ "slot", required_argument, NULL, 's' },
		{ "raw", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	unsigned int reader = 0, slot = 0;
	struct ccid_xfer x = { 0 };
	uint8_t *cmd = NULL, *rx = NULL;
	char node[32];
	long len;
	int c, fd, ret = 1;
	uint32_t i;

	optind = 0;
	while ((c = getopt_long(argc, argv, "r:s:Rh", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (parse_index(optarg, &reader))
				goto usage;
			continue;
		case 's':
			if (parse_index(optarg, &slot))
				goto usage;
			continue;
		case 'R':
			x.flags |= CCID_XFER_RAW;
			continue;
		case 'h':
			fputs(apdu_usage, stdout);
			return 0;
		}
		goto usage;
	}
	if (optind >= argc)
		goto usage;

	cmd = malloc(CCID_APDU_MAX_CMD);
	rx = malloc(CCID_APDU_MAX_RESP);
	if (!cmd || !rx) {
		fprintf(stderr, "scbridge: out of memory\n");
		goto out_free;
	}
	len = parse_hex(argv + optind, argc - optind, cmd, CCID_APDU_MAX_CMD);
	if (len < 4) {
		fprintf(stderr, "scbridge: the APDU must be hex bytes, at least CLA INS P1 P2\n");
		ret = 2;
		goto out_free;
	}
	snprintf(node, sizeof(node), "/dev/ccid%us%u", reader, slot);
	fd = open(node, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "scbridge: %s: %s\n", node,
			errno == ENOENT ? "no such slot (is ccid.ko loaded, the reader plugged in?)" :
			strerror(errno));
		goto out_free;
	}
	x.tx = (uintptr_t)cmd;
	x.tx_len = (uint32_t)len;
	x.rx = (uintptr_t)rx;
	x.rx_len = CCID_APDU_MAX_RESP;
	if (ioctl(fd, CCID_IOC_TRANSMIT, &x)) {
		fprintf(stderr, "scbridge: %s: %s\n", node, apdu_errstr(errno));
		close(fd);
		goto out_free;
	}
	close(fd);
	for (i = 0; i < x.rx_len; i++)
		printf("%s%02x", i ? " " : "", rx[i]);
	putchar('\n');
	ret = 0;
out_free:
	free(cmd);
	free(rx);
	return ret;
usage:
	fputs(apdu_usage, stderr);
	return 2;
}
