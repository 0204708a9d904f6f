// SPDX-License-Identifier: GPL-2.0
/*
 * bench-pcsc: the APDU mix through pcscd (libpcsclite), whichever IFD
 * handler drives the reader.
 *
 *   bench-pcsc LABEL READER-SUBSTRING N
 *
 * PC/SC leaves T=0 GET RESPONSE to the application, as OpenSC does it:
 * after 61xx the client sends GET RESPONSE itself (inside the timed round
 * trip). LABEL names the path in the JSON result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <winscard.h>

#include "bench.h"

#define READERS_MAX	4096

static const SCARD_IO_REQUEST *pci;

static LONG xmit(SCARDHANDLE h, const uint8_t *cmd, size_t len, uint8_t *rx,
		 size_t *rx_len)
{
	DWORD n = (DWORD)bench_resp_max();
	LONG rv;

	rv = SCardTransmit(h, pci, cmd, (DWORD)len, NULL, rx, &n);
	*rx_len = n;
	return rv;
}

/* One round trip of the mix: the command, and GET RESPONSE after 61xx */
static LONG round_trip(SCARDHANDLE h, const uint8_t *cmd, size_t len,
		       uint8_t *rx, size_t *rx_len)
{
	uint8_t get[] = { 0x00, BENCH_INS_GET_RESPONSE, 0x00, 0x00, 0x00 };
	LONG rv;

	rv = xmit(h, cmd, len, rx, rx_len);
	if (rv != SCARD_S_SUCCESS || *rx_len != BENCH_SW_BYTES ||
	    rx[0] != BENCH_SW1_MORE)
		return rv;
	get[4] = rx[1];
	return xmit(h, get, sizeof(get), rx, rx_len);
}

int main(int argc, char **argv)
{
	char readers[READERS_MAX], *r, *name = NULL;
	uint8_t *rx;
	DWORD rlen = sizeof(readers), proto;
	SCARDCONTEXT ctx;
	SCARDHANDLE h;
	struct bench_run b;
	unsigned long n, i;
	size_t rx_len = 0;
	LONG rv;

	if (argc != 4 || !(n = bench_parse_count(argv[3]))) {
		fprintf(stderr, "usage: bench-pcsc LABEL READER-SUBSTRING N\n");
		return 2;
	}
	rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);
	if (rv != SCARD_S_SUCCESS) {
		fprintf(stderr, "SCardEstablishContext: %s\n", pcsc_stringify_error(rv));
		return 1;
	}
	rv = SCardListReaders(ctx, NULL, readers, &rlen);
	if (rv != SCARD_S_SUCCESS) {
		fprintf(stderr, "SCardListReaders: %s\n", pcsc_stringify_error(rv));
		return 1;
	}
	for (r = readers; *r; r += strlen(r) + 1)
		if (strstr(r, argv[2])) {
			name = r;
			break;
		}
	if (!name) {
		fprintf(stderr, "no reader matching '%s'\n", argv[2]);
		return 1;
	}
	rv = SCardConnect(ctx, name, SCARD_SHARE_SHARED,
			  SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &h, &proto);
	if (rv != SCARD_S_SUCCESS) {
		fprintf(stderr, "SCardConnect: %s\n", pcsc_stringify_error(rv));
		return 1;
	}
	pci = proto == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
	if (bench_init(&b, argv[1], n))
		return 1;
	rx = malloc(bench_resp_max());
	if (!rx)
		return 1;
	for (i = 0; i < n && b.errors < BENCH_MAX_ERRORS; i++) {
		const uint8_t *cmd;
		size_t len = bench_cmd(i, &cmd);
		uint64_t t0 = bench_now_ns();

		rv = round_trip(h, cmd, len, rx, &rx_len);
		if (rv != SCARD_S_SUCCESS) {
			bench_error(&b, "round trip %lu: %s", i, pcsc_stringify_error(rv));
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
	SCardDisconnect(h, SCARD_LEAVE_CARD);
	SCardReleaseContext(ctx);
	free(rx);
	return bench_report(&b, json_pack("{s:s, s:s}", "reader", name,
					  "protocol", proto == SCARD_PROTOCOL_T1 ? "T=1" : "T=0"));
}
