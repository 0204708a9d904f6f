/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the bench clients: the APDU mix, latency records, and the one
 * JSON object each client prints on stdout.
 */
#ifndef SCPNP_BENCH_H
#define SCPNP_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/*
 * The mix, identical on every path. Even round trips: SELECT of the CAC
 * Card Capability Container AID, a case-4 command that QEMU's emulated card
 * answers with 61xx, so a GET RESPONSE follows (two CCID exchanges). Odd
 * round trips: GET PROPERTIES of the selected applet, a case-2 command
 * whose Le is the length the card returns (one CCID exchange).
 */
extern const uint8_t bench_case4[];
extern const size_t bench_case4_len;
extern const uint8_t bench_case2[];
extern const size_t bench_case2_len;

#define BENCH_SW_BYTES		2
#define BENCH_SW1_MORE		0x61	/* SW1: GET RESPONSE for SW2 bytes */
#define BENCH_SW1_OK		0x90
#define BENCH_INS_GET_RESPONSE	0xC0
#define BENCH_RESP_MAX		258	/* short APDU: 256 data bytes + SW */
#define BENCH_EXT_RESP_MAX	65538	/* extended: 65536 data bytes + SW */
#define BENCH_MAX_ERRORS	10	/* give up after this many failures */

/*
 * BENCH_MIX selects the commands: unset or "qemu", the mix above; "data:SIZE",
 * for tests/gadget's card, ECHO (INS EE) of SIZE bytes and GET DATA
 * (INS CA, P1P2 = SIZE) of SIZE bytes alternating, as extended APDUs when
 * SIZE does not fit a short one. bench_init reads it.
 */
size_t bench_cmd(unsigned long i, const uint8_t **cmd);
size_t bench_resp_max(void);

struct bench_run {
	const char *path;	/* "node", "pcsc-scpnp", ... */
	unsigned long wanted;	/* round trips asked for */
	unsigned long done;	/* round trips that ended in 90 00 */
	unsigned long errors;
	uint64_t *lat_ns;	/* one per completed round trip */
	uint64_t bytes;		/* command and answer bytes of those */
	uint64_t t_start, t_end;
	char first_error[160];
};

uint64_t bench_now_ns(void);
int bench_init(struct bench_run *b, const char *path, unsigned long n);
void bench_record(struct bench_run *b, uint64_t t0, uint64_t t1, size_t bytes);
void bench_error(struct bench_run *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A final answer ends in 90 00 */
int bench_sw_ok(const uint8_t *rx, size_t len);
/* Print the JSON object (figures computed here); returns 0 if all went well */
int bench_report(struct bench_run *b, json_t *extra);
unsigned long bench_parse_count(const char *s);

#endif
