// SPDX-License-Identifier: GPL-2.0
/*
 * A concurrent user for the stress scenarios (stress-*.sh): sends one APDU
 * over and over while cards and readers come and go, until a stop file
 * appears, and says how every attempt ended.
 *
 *   hammer node PATH HEX STOPFILE    through the slot node (CCID_IOC_TRANSMIT)
 *   hammer pcsc SUBSTR HEX STOPFILE  through pcscd (libpcsclite), on the
 *                                    reader whose name contains SUBSTR
 *
 * While it runs, STOPFILE.<mode> holds the counts (rewritten at most every
 * PROGRESS_MS), so a scenario can wait for APDUs to succeed again after a
 * change.
 *
 * Outcomes a user must be able to see while the hardware changes (no card,
 * card replaced or reset, reader gone, reader busy) are counted and the
 * loop goes on, reopening what it must. Anything else is "bad": the tool
 * prints it at once and exits 1 at the end. It also exits 1 when no APDU
 * ever succeeded. A call that hangs is caught by the scenario, which waits
 * a bounded time for the tool to end after the stop file appears.
 *
 * Output: one line per bad outcome, stamped with the wall clock (to match
 * the scenario's log), then "<mode>: ok=N nocard=N reset=N gone=N busy=N
 * bad=N".
 */
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <winscard.h>

#include <linux/scpnp.h>

#define MAX_APDU	261
#define ANSWER_MAX	4096
#define RETRY_NS	50000000L	/* between attempts after a failure */
#define PCSC_READERS	4096
#define PROGRESS_MS	200

enum outcome { OK, NOCARD, RESET, GONE, BUSY, BAD, NOUTCOMES };
static const char *const outcome_name[NOUTCOMES] = {
	"ok", "nocard", "reset", "gone", "busy", "bad"
};
static unsigned long counts[NOUTCOMES];
static const char *mode;
static char progress_path[4096];

static void print_counts(FILE *f)
{
	int i;

	fprintf(f, "%s:", mode);
	for (i = 0; i < NOUTCOMES; i++)
		fprintf(f, " %s=%lu", outcome_name[i], counts[i]);
	fprintf(f, "\n");
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Count an outcome; publish the counts now and then (atomically). */
static void count(enum outcome o)
{
	static long last;
	char tmp[sizeof(progress_path) + 4];
	FILE *f;

	counts[o]++;
	if (now_ms() - last < PROGRESS_MS)
		return;
	last = now_ms();
	snprintf(tmp, sizeof(tmp), "%s.tmp", progress_path);
	f = fopen(tmp, "w");
	if (!f)
		return;
	print_counts(f);
	if (fclose(f) == 0)
		rename(tmp, progress_path);
}

/* A bad outcome, printed at once with the time of day. */
static void bad(const char *what, const char *why)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	printf("[%02d:%02d:%02d.%03ld] %s: %s\n", tm.tm_hour, tm.tm_min,
	       tm.tm_sec, ts.tv_nsec / 1000000, what, why);
}

static void pause_briefly(void)
{
	struct timespec ts = { .tv_nsec = RETRY_NS };

	nanosleep(&ts, NULL);
}

static int parse_hex(const char *s, unsigned char *buf, size_t size)
{
	size_t n = 0;
	unsigned int b;
	int used;

	while (sscanf(s, " %2x%n", &b, &used) == 1) {
		if (n == size)
			return -1;
		buf[n++] = b;
		s += used;
	}
	while (*s == ' ')
		s++;
	return *s ? -1 : (int)n;
}

/* A good answer ends in 90 00 or 61 xx (GET RESPONSE pending). */
static int good_sw(const unsigned char *rx, size_t len)
{
	return len >= 2 && ((rx[len - 2] == 0x90 && rx[len - 1] == 0x00) ||
			    rx[len - 2] == 0x61);
}

static enum outcome node_errno(int err)
{
	switch (err) {
	case ENOMEDIUM:
		return NOCARD;
	case ECONNRESET:
		return RESET;
	case ENODEV:
	case ENOENT:
	case ENXIO:
		return GONE;
	case EBUSY:
		return BUSY;
	default:
		return BAD;
	}
}

static void hammer_node(const char *path, const unsigned char *cmd,
			size_t cmd_len, const char *stop)
{
	unsigned char rx[ANSWER_MAX];
	int fd = -1;

	while (access(stop, F_OK)) {
		struct ccid_xfer xfer = {
			.tx = (uintptr_t)cmd,
			.tx_len = cmd_len,
			.rx = (uintptr_t)rx,
			.rx_len = sizeof(rx),
		};
		enum outcome o;

		if (fd < 0) {
			fd = open(path, O_RDWR | O_CLOEXEC);
			if (fd < 0) {
				o = node_errno(errno);
				count(o);
				if (o == BAD)
					bad("open", strerror(errno));
				pause_briefly();
				continue;
			}
		}
		if (ioctl(fd, CCID_IOC_TRANSMIT, &xfer) == 0) {
			o = good_sw(rx, xfer.rx_len) ? OK : BAD;
			if (o == BAD)
				bad("transmit", "answer without a good status");
		} else {
			o = node_errno(errno);
			if (o == BAD)
				bad("transmit", strerror(errno));
		}
		count(o);
		if (o == GONE) {
			close(fd);
			fd = -1;
		}
		if (o != OK)
			pause_briefly();
	}
	if (fd >= 0)
		close(fd);
}

static enum outcome pcsc_outcome(LONG rv)
{
	switch (rv) {
	case SCARD_S_SUCCESS:
		return OK;
	case SCARD_E_NO_SMARTCARD:
	case SCARD_W_REMOVED_CARD:
	case SCARD_W_UNPOWERED_CARD:
	case SCARD_W_UNRESPONSIVE_CARD:
		return NOCARD;
	case SCARD_W_RESET_CARD:
		return RESET;
	case SCARD_E_READER_UNAVAILABLE:
	case SCARD_E_UNKNOWN_READER:
	case SCARD_E_NO_READERS_AVAILABLE:
	case SCARD_E_INVALID_HANDLE:
	/*
	 * pcsc-lite 1.9.9: SCardConnect goes on after a power-up that failed
	 * because the reader is being removed, and negotiates a protocol
	 * from an empty ATR.
	 */
	case SCARD_E_PROTO_MISMATCH:
		return GONE;
	case SCARD_E_SHARING_VIOLATION:
	case SCARD_E_TIMEOUT:
		return BUSY;
	/*
	 * A card pulled in the middle of an exchange: the handler reports a
	 * communication error for that one command.
	 */
	case SCARD_E_NOT_TRANSACTED:
	case SCARD_F_COMM_ERROR:
		return NOCARD;
	default:
		return BAD;
	}
}

/* The first reader whose name contains @substr, or -1. */
static int find_reader(SCARDCONTEXT ctx, const char *substr, char *name,
		       size_t size)
{
	static char buf[PCSC_READERS];
	DWORD len = sizeof(buf);
	const char *r;

	if (SCardListReaders(ctx, NULL, buf, &len) != SCARD_S_SUCCESS)
		return -1;
	for (r = buf; *r; r += strlen(r) + 1) {
		if (strstr(r, substr) && strlen(r) < size) {
			strcpy(name, r);
			return 0;
		}
	}
	return -1;
}

static int hammer_pcsc(const char *substr, const unsigned char *cmd,
		       size_t cmd_len, const char *stop)
{
	SCARDCONTEXT ctx;
	SCARDHANDLE card = 0;
	char reader[256];
	LONG rv;

	rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);
	if (rv != SCARD_S_SUCCESS) {
		bad("SCardEstablishContext", pcsc_stringify_error(rv));
		return -1;
	}
	while (access(stop, F_OK)) {
		unsigned char rx[ANSWER_MAX];
		DWORD rx_len = sizeof(rx), proto;
		const SCARD_IO_REQUEST *pci;
		enum outcome o;

		if (!card) {
			if (find_reader(ctx, substr, reader, sizeof(reader))) {
				count(GONE);
				pause_briefly();
				continue;
			}
			rv = SCardConnect(ctx, reader, SCARD_SHARE_SHARED,
					  SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
					  &card, &proto);
			if (rv != SCARD_S_SUCCESS) {
				card = 0;
				o = pcsc_outcome(rv);
				count(o);
				if (o == BAD)
					bad("SCardConnect",
					    pcsc_stringify_error(rv));
				pause_briefly();
				continue;
			}
		}
		pci = proto == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
		rv = SCardTransmit(card, pci, cmd, cmd_len, NULL, rx, &rx_len);
		o = pcsc_outcome(rv);
		if (o == OK && !good_sw(rx, rx_len))
			o = BAD;
		if (o == BAD)
			bad("SCardTransmit", rv == SCARD_S_SUCCESS ?
			    "answer without a good status" :
			    pcsc_stringify_error(rv));
		count(o);
		if (o != OK) {
			SCardDisconnect(card, SCARD_LEAVE_CARD);
			card = 0;
			pause_briefly();
		}
	}
	if (card)
		SCardDisconnect(card, SCARD_LEAVE_CARD);
	SCardReleaseContext(ctx);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char cmd[MAX_APDU];
	int len;

	if (argc != 5 || (strcmp(argv[1], "node") && strcmp(argv[1], "pcsc"))) {
		fprintf(stderr, "usage: hammer node|pcsc PATH|SUBSTR HEX STOPFILE\n");
		return 2;
	}
	len = parse_hex(argv[3], cmd, sizeof(cmd));
	if (len <= 0) {
		fprintf(stderr, "hammer: bad APDU %s\n", argv[3]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	mode = argv[1];
	snprintf(progress_path, sizeof(progress_path), "%s.%s", argv[4], mode);
	if (!strcmp(argv[1], "node"))
		hammer_node(argv[2], cmd, len, argv[4]);
	else if (hammer_pcsc(argv[2], cmd, len, argv[4]))
		return 1;

	print_counts(stdout);
	return counts[BAD] || !counts[OK];
}
