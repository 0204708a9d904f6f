/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ISO/IEC 7816-3 T=1 block protocol (section 11): block framing and the
 * half-duplex engine a TPDU-level CCID host runs.
 */
#ifndef SCPNP_LIB_T1_H
#define SCPNP_LIB_T1_H

#include "env.h"
#include "apdu.h"

#define T1_PROLOGUE_LEN		3	/* NAD PCB LEN */
#define T1_MAX_INF		254
#define T1_LRC_LEN		1
#define T1_CRC_LEN		2
#define T1_BLOCK_MAX		(T1_PROLOGUE_LEN + T1_MAX_INF + T1_CRC_LEN)

/* PCB */
#define T1_I_BLOCK		0x00	/* bit 8 = 0 */
#define T1_I_NS			0x40
#define T1_I_MORE		0x20
#define T1_R_BLOCK		0x80	/* bits 8..7 = 10 */
#define T1_R_NR			0x10
#define T1_R_ERR_MASK		0x0F
#define T1_R_OK			0x00
#define T1_R_EDC_ERR		0x01
#define T1_R_OTHER_ERR		0x02
#define T1_S_BLOCK		0xC0	/* bits 8..7 = 11 */
#define T1_S_RESPONSE		0x20
#define T1_S_RESYNCH		0x00
#define T1_S_IFS		0x01
#define T1_S_ABORT		0x02
#define T1_S_WTX		0x03

#define T1_MAX_RETRIES		3	/* retransmissions before resynch */
/* S(WTX)/S(IFS) requests in a row without progress before giving up */
#define T1_MAX_WTX		256

enum t1_block_kind {
	T1_KIND_I,
	T1_KIND_R,
	T1_KIND_S,
};

/**
 * struct t1_block - a decoded T=1 block
 * @nad: node address byte
 * @pcb: protocol control byte
 * @kind: I, R or S
 * @inf: information field (points into the parsed buffer)
 * @len: its length
 */
struct t1_block {
	u8 nad;
	u8 pcb;
	enum t1_block_kind kind;
	const u8 *inf;
	u8 len;
};

/**
 * ccid_t1_block_build() - frame a block with its epilogue
 * @buf: output
 * @size: its size
 * @nad: NAD
 * @pcb: PCB
 * @inf: information field (may be NULL when @len is 0)
 * @len: its length, at most T1_MAX_INF
 * @crc: use CRC (ISO 13239) instead of LRC
 *
 * Return: the block length, or -EINVAL / -EOVERFLOW.
 */
int ccid_t1_block_build(u8 *buf, size_t size, u8 nad, u8 pcb, const u8 *inf,
			size_t len, bool crc);

/**
 * ccid_t1_block_parse() - check and decode a received block
 * @buf: bytes received
 * @len: their number
 * @crc: the epilogue is a CRC
 * @b: filled on success
 *
 * Return: 0; -EPROTO for a short block, LEN disagreeing with @len, LEN
 * 0xFF or an invalid PCB; -EBADMSG for a wrong LRC/CRC.
 */
int ccid_t1_block_parse(const u8 *buf, size_t len, bool crc,
			struct t1_block *b);

/**
 * struct ccid_t1 - T=1 state of one card session
 * @ifsc: card's information field size
 * @ifsd: host's information field size
 * @ns: send sequence number of our next I-block
 * @nr: sequence number we expect of the card's next I-block
 * @nad: NAD to send (0)
 * @crc: CRC epilogue
 * @wtx_count: WTX requests honoured (statistics)
 * @retransmits: R-block retransmissions (statistics)
 * @resynchs: S(RESYNCH) exchanges (statistics)
 */
struct ccid_t1 {
	u8 ifsc;
	u8 ifsd;
	u8 ns;
	u8 nr;
	u8 nad;
	bool crc;
	unsigned int wtx_count;
	unsigned int retransmits;
	unsigned int resynchs;
};

/**
 * ccid_t1_init() - start a T=1 session (after ATR or a reset)
 * @t1: state
 * @ifsc: IFSC from the ATR
 * @ifsd: IFSD the host offers (1..254)
 * @crc: CRC epilogue
 */
void ccid_t1_init(struct ccid_t1 *t1, u8 ifsc, u8 ifsd, bool crc);

/**
 * ccid_t1_negotiate_ifsd() - send S(IFS request) with t1->ifsd
 * @t1: state
 * @xfer: block exchange
 * @ctx: passed to @xfer
 *
 * When the card does not confirm, t1->ifsd falls back to the default 32.
 *
 * Return: 0; -EPROTO when not confirmed after T1_MAX_RETRIES
 * retransmissions; errors of @xfer.
 */
int ccid_t1_negotiate_ifsd(struct ccid_t1 *t1, ccid_xfer_fn xfer, void *ctx);

/**
 * ccid_t1_transceive() - exchange an APDU over T=1
 * @t1: state
 * @xfer: sends one block, returns the card's block
 * @ctx: passed to @xfer
 * @cmd: command APDU
 * @cmd_len: its length
 * @rx: answer buffer
 * @rx_size: its size
 * @rx_len: set to the answer length
 *
 * Chains both ways, answers S(WTX) and S(IFS) requests, retransmits on
 * EDC or sequence errors (T1_MAX_RETRIES), then resynchronises once.
 *
 * Return: 0; -EINVAL for an empty command; -EOVERFLOW when the answer
 * exceeds @rx_size (the card's chain is received and dropped); -EPROTO
 * when the protocol cannot be recovered or the card sends S(ABORT);
 * -ECONNRESET after a successful resynch that lost the exchange;
 * -ETIMEDOUT after T1_MAX_WTX S-requests in a row; errors of @xfer.
 */
int ccid_t1_transceive(struct ccid_t1 *t1, ccid_xfer_fn xfer, void *ctx,
		       const u8 *cmd, size_t cmd_len, u8 *rx, size_t rx_size,
		       size_t *rx_len);

#endif /* SCPNP_LIB_T1_H */
