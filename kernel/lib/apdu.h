/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Command APDU cases (ISO/IEC 7816-3 12.1, 7816-4 5.1) and their mapping
 * onto T=0 TPDUs (ISO/IEC 7816-3 12.2) for TPDU-level readers.
 */
#ifndef SCPNP_LIB_APDU_H
#define SCPNP_LIB_APDU_H

#include "env.h"

#define APDU_HDR_LEN		4	/* CLA INS P1 P2 */
#define APDU_SHORT_MAX_LC	255
#define APDU_SHORT_MAX_LE	256
#define APDU_EXT_MAX_LC		65535
#define APDU_EXT_MAX_LE		65536
#define APDU_SW_LEN		2
/* Largest T=0 TPDU: header + P3 + 255 data bytes */
#define T0_TPDU_MAX		(APDU_HDR_LEN + 1 + APDU_SHORT_MAX_LC)
/* Largest T=0 answer: 256 data bytes + SW1 SW2 */
#define T0_RESP_MAX		(APDU_SHORT_MAX_LE + APDU_SW_LEN)

#define ISO_INS_GET_RESPONSE	0xC0
#define ISO_SW1_MORE_DATA	0x61	/* 61xx: xx bytes available */
#define ISO_SW1_WRONG_LE	0x6C	/* 6Cxx: re-issue with Le = xx */

enum apdu_case {
	APDU_CASE_1,
	APDU_CASE_2S,
	APDU_CASE_3S,
	APDU_CASE_4S,
	APDU_CASE_2E,
	APDU_CASE_3E,
	APDU_CASE_4E,
};

/**
 * struct apdu - a decoded command APDU
 * @cla: class byte
 * @ins: instruction
 * @p1: parameter 1
 * @p2: parameter 2
 * @kind: the case
 * @lc: number of data bytes (Nc)
 * @le: expected answer length (Ne): 0 when absent, up to 256 (short) or
 *	65536 (extended); an encoded 00 (or 0000) counts as the maximum
 * @data: command data (points into the parsed buffer), @lc bytes
 */
struct apdu {
	u8 cla;
	u8 ins;
	u8 p1;
	u8 p2;
	enum apdu_case kind;
	u32 lc;
	u32 le;
	const u8 *data;
};

/**
 * ccid_apdu_parse() - decode a command APDU
 * @buf: the command
 * @len: its length
 * @a: filled on success
 *
 * Return: 0, or -EINVAL when the length does not fit any case.
 */
int ccid_apdu_parse(const u8 *buf, size_t len, struct apdu *a);

/**
 * typedef ccid_xfer_fn - one exchange with the card through the reader
 * @ctx: caller's context
 * @tx: bytes to send (a T=0 TPDU or a T=1 block)
 * @tx_len: their number
 * @rx: answer buffer
 * @rx_size: its size
 * @rx_len: set to the answer length
 * @wtx: T=1 waiting time extension multiplier for this exchange (1 when
 *	none was requested); T=0 callers pass 1
 *
 * Return: 0 or a negative errno, which the engines pass through.
 */
typedef int (*ccid_xfer_fn)(void *ctx, const u8 *tx, size_t tx_len, u8 *rx,
			    size_t rx_size, size_t *rx_len, unsigned int wtx);

/**
 * ccid_t0_transceive() - exchange an APDU over T=0 TPDUs
 * @xfer: sends one TPDU and returns the card's answer (data + SW1 SW2)
 * @ctx: passed to @xfer
 * @cmd: command APDU
 * @cmd_len: its length
 * @rx: answer buffer (data + SW1 SW2)
 * @rx_size: its size
 * @rx_len: set to the answer length
 * @raw: send the command unchanged as one TPDU (no case mapping: a case
 *	4S command keeps its Le byte) and return the first answer as is
 *	(61xx, 6Cxx included)
 *
 * Case 4 goes as case 3 and is completed with GET RESPONSE after 61xx
 * (repeated while the card answers 61xx); after 6Cxx the command (or GET
 * RESPONSE) is re-issued with Le = xx. Extended cases are sent as short
 * TPDUs when Nc fits in one; case 2E asks for 256 bytes at a time.
 *
 * Return: 0; -EINVAL for a malformed APDU or one T=0 cannot carry;
 * -EOVERFLOW when the answer does not fit @rx_size; -EPROTO when the card
 * answers with fewer than two bytes or loops; errors of @xfer.
 */
int ccid_t0_transceive(ccid_xfer_fn xfer, void *ctx, const u8 *cmd,
		       size_t cmd_len, u8 *rx, size_t rx_size, size_t *rx_len,
		       bool raw);

#endif /* SCPNP_LIB_APDU_H */
