// SPDX-License-Identifier: GPL-2.0
/*
 * PC/SC test client for the VM scenarios (pcsc-*.sh), on libpcsclite:
 *
 *   pcsc-wait list                          reader names, one per line
 *   pcsc-wait reader SUBSTR present|gone S  wait (<= S s) for a reader whose
 *                                           name contains SUBSTR to appear
 *                                           or disappear (PnP notification)
 *   pcsc-wait card SUBSTR present|absent S  wait (<= S s) for that card state
 *   pcsc-wait apdu SUBSTR HEX               connect, transmit, print answer
 *   pcsc-wait pulled SUBSTR HEX S           connect, wait (<= S s) for the
 *                                           card to go, then transmit on the
 *                                           same handle and print the result
 *
 * Output: "ok ..." or the SCARD_* name of the failure; exit 0 on "ok".
 * Elapsed times are printed for information only (make bench measures).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <winscard.h>

#define PNP_READER	"\\\\?PnP?\\Notification"
#define MAX_READERS	16

static SCARDCONTEXT ctx;

static const char *rv_name(LONG rv)
{
	switch (rv) {
	case SCARD_S_SUCCESS:		return "SCARD_S_SUCCESS";
	case SCARD_E_NO_SMARTCARD:	return "SCARD_E_NO_SMARTCARD";
	case SCARD_W_REMOVED_CARD:	return "SCARD_W_REMOVED_CARD";
	case SCARD_W_RESET_CARD:	return "SCARD_W_RESET_CARD";
	case SCARD_E_READER_UNAVAILABLE: return "SCARD_E_READER_UNAVAILABLE";
	case SCARD_E_NOT_TRANSACTED:	return "SCARD_E_NOT_TRANSACTED";
	case SCARD_E_TIMEOUT:		return "SCARD_E_TIMEOUT";
	case SCARD_E_UNKNOWN_READER:	return "SCARD_E_UNKNOWN_READER";
	case SCARD_E_NO_READERS_AVAILABLE: return "SCARD_E_NO_READERS_AVAILABLE";
	case SCARD_W_UNRESPONSIVE_CARD:	return "SCARD_W_UNRESPONSIVE_CARD";
	case SCARD_W_UNPOWERED_CARD:	return "SCARD_W_UNPOWERED_CARD";
	case SCARD_E_NO_SERVICE:	return "SCARD_E_NO_SERVICE";
	default:			return pcsc_stringify_error(rv);
	}
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reader names (multi-string) into @buf; number of readers */
static int list_readers(char *buf, DWORD size, const char **names)
{
	DWORD len = size;
	LONG rv;
	int n = 0;
	char *p;

	rv = SCardListReaders(ctx, NULL, buf, &len);
	if (rv != SCARD_S_SUCCESS)
		return 0;
	for (p = buf; *p && n < MAX_READERS; p += strlen(p) + 1)
		names[n++] = p;
	return n;
}

static const char *find_reader(const char *sub, char *buf, DWORD size)
{
	const char *names[MAX_READERS];
	int i, n = list_readers(buf, size, names);

	for (i = 0; i < n; i++)
		if (strstr(names[i], sub))
			return names[i];
	return NULL;
}

static int cmd_list(void)
{
	const char *names[MAX_READERS];
	char buf[4096];
	int i, n = list_readers(buf, sizeof(buf), names);

	for (i = 0; i < n; i++)
		printf("%s\n", names[i]);
	return n ? 0 : 1;
}

static int cmd_reader(const char *sub, int want_present, int secs)
{
	long start = now_ms(), left;
	SCARD_READERSTATE rs = { .szReader = PNP_READER };
	char buf[4096];

	for (;;) {
		int present = find_reader(sub, buf, sizeof(buf)) != NULL;
		LONG rv;

		if (present == want_present) {
			printf("ok %s after %ld ms\n",
			       present ? "present" : "gone", now_ms() - start);
			return 0;
		}
		left = secs * 1000L - (now_ms() - start);
		if (left <= 0)
			break;
		rv = SCardGetStatusChange(ctx, left, &rs, 1);
		if (rv == SCARD_E_TIMEOUT)
			break;
		rs.dwCurrentState = rs.dwEventState;
	}
	printf("SCARD_E_TIMEOUT reader %s still %s\n", sub,
	       want_present ? "absent" : "present");
	return 1;
}

static int cmd_card(const char *sub, int want_present, int secs)
{
	SCARD_READERSTATE rs = { 0 };
	long start = now_ms(), left;
	char buf[4096];
	LONG rv;

	rs.szReader = find_reader(sub, buf, sizeof(buf));
	if (!rs.szReader) {
		printf("SCARD_E_UNKNOWN_READER %s\n", sub);
		return 1;
	}
	rs.dwCurrentState = SCARD_STATE_UNAWARE;
	for (;;) {
		left = secs * 1000L - (now_ms() - start);
		rv = SCardGetStatusChange(ctx, left > 0 ? left : 0, &rs, 1);
		if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT) {
			printf("%s\n", rv_name(rv));
			return 1;
		}
		if (want_present ? (rs.dwEventState & SCARD_STATE_PRESENT) :
				   (rs.dwEventState & SCARD_STATE_EMPTY)) {
			printf("ok %s after %ld ms (state 0x%lx)\n",
			       want_present ? "present" : "absent",
			       now_ms() - start,
			       (unsigned long)rs.dwEventState);
			return 0;
		}
		if (rv == SCARD_E_TIMEOUT || left <= 0)
			break;
		rs.dwCurrentState = rs.dwEventState & ~SCARD_STATE_CHANGED;
	}
	printf("SCARD_E_TIMEOUT card state 0x%lx\n",
	       (unsigned long)rs.dwEventState);
	return 1;
}

static size_t parse_hex(const char *hex, BYTE *out, size_t size)
{
	size_t n = 0;
	unsigned int b;

	while (*hex && n < size) {
		if (*hex == ' ' || *hex == ':') {
			hex++;
			continue;
		}
		if (sscanf(hex, "%2x", &b) != 1)
			break;
		out[n++] = b;
		hex += 2;
	}
	return n;
}

static int transmit(SCARDHANDLE h, DWORD proto, const char *hex)
{
	const SCARD_IO_REQUEST *pci = proto == SCARD_PROTOCOL_T1 ?
		SCARD_PCI_T1 : SCARD_PCI_T0;
	BYTE cmd[512], rsp[4096];
	DWORD rlen = sizeof(rsp), i;
	size_t n = parse_hex(hex, cmd, sizeof(cmd));
	LONG rv;

	rv = SCardTransmit(h, pci, cmd, n, NULL, rsp, &rlen);
	if (rv != SCARD_S_SUCCESS) {
		printf("%s\n", rv_name(rv));
		return 1;
	}
	printf("ok");
	for (i = 0; i < rlen; i++)
		printf(" %02x", rsp[i]);
	printf("\n");
	return 0;
}

static int card_connect(const char *sub, SCARDHANDLE *h, DWORD *proto)
{
	const char *reader;
	char buf[4096];
	LONG rv;

	reader = find_reader(sub, buf, sizeof(buf));
	if (!reader) {
		printf("SCARD_E_UNKNOWN_READER %s\n", sub);
		return 1;
	}
	rv = SCardConnect(ctx, reader, SCARD_SHARE_SHARED,
			  SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, h, proto);
	if (rv != SCARD_S_SUCCESS) {
		printf("%s\n", rv_name(rv));
		return 1;
	}
	return 0;
}

static int cmd_apdu(const char *sub, const char *hex)
{
	SCARDHANDLE h;
	DWORD proto;
	int ret;

	if (card_connect(sub, &h, &proto))
		return 1;
	ret = transmit(h, proto, hex);
	SCardDisconnect(h, SCARD_LEAVE_CARD);
	return ret;
}

static int cmd_pulled(const char *sub, const char *hex, int secs)
{
	SCARDHANDLE h;
	DWORD proto;
	int ret;

	if (card_connect(sub, &h, &proto))
		return 1;
	printf("connected\n");
	fflush(stdout);
	if (cmd_card(sub, 0, secs)) {
		SCardDisconnect(h, SCARD_LEAVE_CARD);
		return 1;
	}
	ret = transmit(h, proto, hex);
	SCardDisconnect(h, SCARD_LEAVE_CARD);
	return ret;
}

int main(int argc, char **argv)
{
	LONG rv;
	int ret = 2;

	if (argc < 2) {
		fprintf(stderr, "usage: see the comment at the top of pcsc-wait.c\n");
		return 2;
	}
	rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);
	if (rv != SCARD_S_SUCCESS) {
		printf("%s\n", rv_name(rv));
		return 1;
	}
	if (!strcmp(argv[1], "list"))
		ret = cmd_list();
	else if (!strcmp(argv[1], "reader") && argc == 5)
		ret = cmd_reader(argv[2], !strcmp(argv[3], "present"),
				 atoi(argv[4]));
	else if (!strcmp(argv[1], "card") && argc == 5)
		ret = cmd_card(argv[2], !strcmp(argv[3], "present"),
			       atoi(argv[4]));
	else if (!strcmp(argv[1], "apdu") && argc == 4)
		ret = cmd_apdu(argv[2], argv[3]);
	else if (!strcmp(argv[1], "pulled") && argc == 5)
		ret = cmd_pulled(argv[2], argv[3], atoi(argv[4]));
	else
		fprintf(stderr, "pcsc-wait: bad arguments\n");
	SCardReleaseContext(ctx);
	return ret;
}
