// SPDX-License-Identifier: GPL-2.0
/*
 * ccid-gadget: the reader's slot logic and the card model behind it.
 *
 * Every PC_to_RDR message of a slot ends here (one at a time per slot, in
 * the slot's thread). The reader side follows CCID 1.1: power, slot status,
 * parameters, PPS seen in XfrBlock, T=0 TPDUs, T=1 blocks (the card's half
 * of ISO/IEC 7816-3 section 11), APDU-level chaining (wLevelParameter),
 * Secure (PIN pad) and Escape. The card answers a handful of instructions:
 *
 *   A4 SELECT          90 00 (with a 5-byte FCI unless P2 is 0C)
 *   CA GET DATA        P1P2 = N: N bytes (byte i is i mod 256), 90 00
 *   EE ECHO            the command data back, 90 00
 *   E1 SLOW            T=1: P1 S(WTX requests) of multiplier P2, the
 *                      answer after P2 x 2 s; APDU level: P1 time
 *                      extensions (bStatus 0x80) first; then 90 00
 *   20 VERIFY          the data (up to FF padding) against the PIN
 *   24 CHANGE REF.     old block (8) and new block (8), FF padded
 *   anything else      6D 00
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gadget.h"
#include "apdu.h"

#define PPSS			0xFF
#define PPS_LEN_MAX		6
#define PIN_BLOCK		8
#define PIN_PAD			0xFF

#define CCID_ERR_BAD_SLOT	5	/* bSlot: index of the bad field */

/* PIN verification / modification structures (CCID 1.1 6.1.11) */
#define PIN_OP_VERIFY		0x00
#define PIN_OP_MODIFY		0x01
#define PV_FORMAT		1
#define PV_APDU			14
#define PM_FORMAT		1
#define PM_OFF_OLD		4
#define PM_OFF_NEW		5
#define PM_NUM_MSG		10
#define PM_MSG_INDEX		13
#define PIN_FMT_BYTES		0x80
#define PIN_FMT_POS(f)		(((f) >> 3) & 0x0F)
#define PIN_FMT_TYPE(f)		((f) & 0x03)
#define PIN_TYPE_BINARY		0
#define PIN_TYPE_BCD		1
#define PIN_TYPE_ASCII		2

static u8 icc_status(const struct g_slot *s)
{
	if (!s->present)
		return CCID_ICC_ABSENT;
	return s->powered ? CCID_ICC_ACTIVE : CCID_ICC_INACTIVE;
}

static void reply(struct gadget *g, struct g_slot *s, u8 type, u8 seq,
		  u8 status, u8 error, u8 param, const u8 *data, size_t len)
{
	static __thread u8 *buf;

	if (!buf)
		buf = malloc(G_MSG_MAX);
	buf[0] = type;
	put_unaligned_le32((u32)len, buf + 1);
	buf[5] = (u8)s->index;
	buf[6] = seq;
	buf[7] = status | icc_status(s);
	buf[8] = error;
	buf[9] = param;
	if (len)
		memcpy(buf + CCID_HDR_LEN, data, len);
	if ((status & CCID_CMD_STATUS_MASK) != CCID_CMD_TIME_EXT)
		g_done(g, s);	/* the final answer: the slot is free */
	g_send(g, buf, CCID_HDR_LEN + len);
}

static void fail(struct gadget *g, struct g_slot *s, u8 type, u8 seq, u8 err)
{
	reply(g, s, type, seq, CCID_CMD_FAILED, err, 0, NULL, 0);
}

void card_init(struct gadget *g, struct g_slot *s)
{
	(void)g;
	s->t0_pending = malloc(G_RESP_MAX);
	s->t1_cmd = malloc(G_APDU_MAX);
	s->t1_resp = malloc(G_RESP_MAX);
	s->ch_cmd = malloc(G_APDU_MAX);
	s->ch_resp = malloc(G_RESP_MAX);
	s->msg = malloc(G_MSG_MAX);
	s->inbox = malloc(G_MSG_MAX);
	if (!s->t0_pending || !s->t1_cmd || !s->t1_resp || !s->ch_cmd ||
	    !s->ch_resp || !s->msg || !s->inbox) {
		perror("malloc");
		exit(1);
	}
	strcpy(s->pin, "1234");
}

int card_set_atr(struct g_slot *s, const u8 *atr, size_t len, bool add_tck)
{
	u8 raw[ATR_MAX_LEN];
	size_t i;

	if (len + add_tck > ATR_MAX_LEN || len < 2)
		return -EINVAL;
	memcpy(raw, atr, len);
	if (add_tck) {
		u8 tck = 0;

		for (i = 1; i < len; i++)
			tck ^= raw[i];
		raw[len++] = tck;
	}
	if (ccid_atr_parse(raw, len, &s->atr))
		return -EINVAL;
	memcpy(s->atr_raw, raw, len);
	s->atr_len = len;
	s->protocol = s->atr.first_protocol;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* The card's applet                                                        */

static size_t sw(u8 *out, size_t n, u16 w)
{
	out[n] = (u8)(w >> 8);
	out[n + 1] = (u8)w;
	return n + 2;
}

/* Digits of a PIN block (FF padded) */
static size_t pin_block_len(const u8 *p, size_t max)
{
	size_t n = 0;

	while (n < max && p[n] != PIN_PAD)
		n++;
	return n;
}

size_t card_apdu(struct g_slot *s, const u8 *cmd, size_t len, u8 *out)
{
	struct apdu a;
	size_t i, n;

	if (ccid_apdu_parse(cmd, len, &a))
		return sw(out, 0, 0x6700);
	switch (a.ins) {
	case INS_SELECT:
		if (a.p2 == 0x0C)
			return sw(out, 0, 0x9000);
		memcpy(out, "\x6f\x03\x84\x01\x01", 5);
		return sw(out, 5, 0x9000);
	case INS_GET_DATA:
		n = (size_t)a.p1 << 8 | a.p2;
		for (i = 0; i < n; i++)
			out[i] = (u8)i;
		return sw(out, n, 0x9000);
	case INS_ECHO:
		memcpy(out, a.data, a.lc);
		return sw(out, a.lc, 0x9000);
	case INS_SLOW:
		return sw(out, 0, 0x9000);
	case INS_VERIFY:
		n = pin_block_len(a.data, a.lc);
		if (!a.lc)
			return sw(out, 0, 0x63C3);
		if (n == strlen(s->pin) && !memcmp(a.data, s->pin, n))
			return sw(out, 0, 0x9000);
		g_log("slot %u: VERIFY wrong PIN '%.*s'", s->index, (int)n,
		      (const char *)a.data);
		return sw(out, 0, 0x63C2);
	case INS_CHANGE:
		if (a.lc != 2 * PIN_BLOCK)
			return sw(out, 0, 0x6700);
		n = pin_block_len(a.data, PIN_BLOCK);
		if (n != strlen(s->pin) || memcmp(a.data, s->pin, n))
			return sw(out, 0, 0x63C2);
		n = pin_block_len(a.data + PIN_BLOCK, PIN_BLOCK);
		memcpy(s->pin, a.data + PIN_BLOCK, n);
		s->pin[n] = 0;
		g_log("slot %u: PIN changed to '%s'", s->index, s->pin);
		return sw(out, 0, 0x9000);
	default:
		return sw(out, 0, 0x6D00);
	}
}

/* ---------------------------------------------------------------------- */
/* T=0 at TPDU level: the reader did the procedure bytes; the card answers */

static size_t t0_tpdu(struct g_slot *s, const u8 *t, size_t len, u8 *out)
{
	static __thread u8 *apdu, *resp;
	size_t n, le, alen, rlen;

	if (!apdu) {
		apdu = malloc(G_APDU_MAX);
		resp = malloc(G_RESP_MAX);
	}
	if (len < APDU_HDR_LEN)
		return sw(out, 0, 0x6700);
	le = len > APDU_HDR_LEN && t[4] ? t[4] : 256;

	if (t[1] == INS_GET_RESPONSE) {
		if (!s->t0_pending_len)
			return sw(out, 0, 0x6985);
		if (le > s->t0_pending_len)
			return sw(out, 0, 0x6C00 | (u8)s->t0_pending_len);
		memcpy(out, s->t0_pending, le);
		memmove(s->t0_pending, s->t0_pending + le,
			s->t0_pending_len - le);
		s->t0_pending_len -= le;
		n = s->t0_pending_len;
		return sw(out, le, n ? 0x6100 | (n >= 256 ? 0 : (u8)n) :
					0x9000);
	}
	s->t0_pending_len = 0;

	if (t[1] == INS_GET_DATA) {
		/* case 2: P3 is Le */
		memcpy(apdu, t, 4);
		apdu[4] = len > 4 ? t[4] : 0;
		rlen = card_apdu(s, apdu, 5, resp);
		n = rlen - 2;
		if (n && n != le)
			return sw(out, 0, 0x6C00 | (u8)n);
		memcpy(out, resp, rlen);
		return rlen;
	}
	/* cases 1 and 3 */
	if (len <= APDU_HDR_LEN + 1 && (len == APDU_HDR_LEN || !t[4])) {
		alen = APDU_HDR_LEN;
	} else {
		if (len != APDU_HDR_LEN + 1 + (size_t)t[4])
			return sw(out, 0, 0x6700);
		alen = len;
	}
	memcpy(apdu, t, alen);
	rlen = card_apdu(s, apdu, alen, resp);
	n = rlen - 2;
	if (n && resp[n] == 0x90) {
		memcpy(s->t0_pending, resp, n);
		s->t0_pending_len = n;
		return sw(out, 0, 0x6100 | (n >= 256 ? 0 : (u8)n));
	}
	memcpy(out, resp + n, 2);
	return 2;
}

/* ---------------------------------------------------------------------- */
/* T=1: the card's half of the block protocol                               */

static void t1_reset(struct g_slot *s, u8 ifsd)
{
	s->t1_ns = 0;
	s->t1_nr = 0;
	s->t1_ifsd = ifsd;
	s->t1_cmd_len = 0;
	s->t1_resp_len = 0;
	s->t1_sending = false;
	s->t1_wtx_left = 0;
	s->t1_last_len = 0;
}

static void t1_xmit(struct gadget *g, struct g_slot *s, u8 seq,
		    const u8 *blk, size_t len)
{
	u8 bad[T1_BLOCK_MAX];

	if (s->corrupt) {
		s->corrupt--;
		memcpy(bad, blk, len);
		bad[len - 1] ^= 0x5A;
		g_log("slot %u: T=1 sent a corrupted block (pcb %02x)",
		      s->index, blk[1]);
		blk = bad;
	}
	reply(g, s, RDR_TO_PC_DATA_BLOCK, seq, 0, 0, 0, blk, len);
}

static void t1_block(struct gadget *g, struct g_slot *s, u8 seq, u8 pcb,
		     const u8 *inf, size_t len)
{
	int n = ccid_t1_block_build(s->t1_last, sizeof(s->t1_last), 0, pcb,
				    inf, len, s->atr.t1_crc);

	if (n < 0) {
		g_log("slot %u: T=1 cannot frame a block (%d)", s->index, n);
		return;
	}
	s->t1_last_len = (size_t)n;
	t1_xmit(g, s, seq, s->t1_last, s->t1_last_len);
}

static void t1_next_chunk(struct gadget *g, struct g_slot *s, u8 seq)
{
	size_t left = s->t1_resp_len - s->t1_resp_off;
	size_t n = left < s->t1_ifsd ? left : s->t1_ifsd;
	bool more = n < left;

	s->t1_chunk = n;
	t1_block(g, s, seq, T1_I_BLOCK | (s->t1_ns ? T1_I_NS : 0) |
		 (more ? T1_I_MORE : 0), s->t1_resp + s->t1_resp_off, n);
	s->t1_ns ^= 1;
	s->t1_sending = more;
}

static void t1_answer(struct gadget *g, struct g_slot *s, u8 seq)
{
	if (s->t1_wtx_left) {
		s->t1_wtx_left--;
		g_log("slot %u: T=1 S(WTX request %u)", s->index,
		      s->t1_wtx_mult);
		t1_block(g, s, seq, T1_S_BLOCK | T1_S_WTX, &s->t1_wtx_mult, 1);
		return;
	}
	s->t1_resp_off = 0;
	t1_next_chunk(g, s, seq);
}

static void t1_receive(struct gadget *g, struct g_slot *s, const u8 *msg,
		       const u8 *data, size_t len)
{
	u8 seq = msg[6], bwi = msg[7];
	struct t1_block b;
	int ret;

	ret = ccid_t1_block_parse(data, len, s->atr.t1_crc, &b);
	if (ret) {
		g_log("slot %u: T=1 bad block from the host (%d)", s->index,
		      ret);
		t1_block(g, s, seq, T1_R_BLOCK | (s->t1_nr ? T1_R_NR : 0) |
			 (ret == -EBADMSG ? T1_R_EDC_ERR : T1_R_OTHER_ERR),
			 NULL, 0);
		return;
	}
	switch (b.kind) {
	case T1_KIND_I:
		if (!!(b.pcb & T1_I_NS) != s->t1_nr) {
			g_log("slot %u: T=1 repeated I-block, resending",
			      s->index);
			t1_xmit(g, s, seq, s->t1_last, s->t1_last_len);
			return;
		}
		s->t1_nr ^= 1;
		s->t1_sending = false;
		if (b.len > s->atr.ifsc)
			g_log("slot %u: T=1 I-block of %u bytes exceeds IFSC %u",
			      s->index, b.len, s->atr.ifsc);
		if (s->t1_cmd_len + b.len <= G_APDU_MAX) {
			memcpy(s->t1_cmd + s->t1_cmd_len, b.inf, b.len);
			s->t1_cmd_len += b.len;
		}
		if (b.pcb & T1_I_MORE) {
			t1_block(g, s, seq, T1_R_BLOCK |
				 (s->t1_nr ? T1_R_NR : 0), NULL, 0);
			return;
		}
		s->t1_resp_len = card_apdu(s, s->t1_cmd, s->t1_cmd_len,
					   s->t1_resp);
		g_log("slot %u: T=1 APDU ins %02x, %zu bytes in, %zu out",
		      s->index, s->t1_cmd_len > 1 ? s->t1_cmd[1] : 0,
		      s->t1_cmd_len, s->t1_resp_len);
		if (s->t1_cmd_len > 3 && s->t1_cmd[1] == INS_SLOW) {
			s->t1_wtx_left = s->t1_cmd[2];
			s->t1_wtx_mult = s->t1_cmd[3] ? s->t1_cmd[3] : 1;
			s->t1_wtx_delay_ms = 2000U * s->t1_wtx_mult;
		}
		s->t1_cmd_len = 0;
		t1_answer(g, s, seq);
		return;
	case T1_KIND_R:
		if (s->t1_sending && !!(b.pcb & T1_R_NR) == s->t1_ns) {
			s->t1_resp_off += s->t1_chunk;
			t1_next_chunk(g, s, seq);
			return;
		}
		g_log("slot %u: T=1 retransmit on R-block %02x", s->index,
		      b.pcb);
		t1_xmit(g, s, seq, s->t1_last, s->t1_last_len);
		return;
	case T1_KIND_S:
		switch (b.pcb) {
		case T1_S_BLOCK | T1_S_IFS:
			g_log("slot %u: T=1 S(IFS request %u)", s->index,
			      b.inf[0]);
			s->t1_ifsd = b.inf[0];
			t1_block(g, s, seq, b.pcb | T1_S_RESPONSE, b.inf, 1);
			return;
		case T1_S_BLOCK | T1_S_RESYNCH:
			g_log("slot %u: T=1 S(RESYNCH request)", s->index);
			t1_reset(s, s->t1_ifsd);
			t1_block(g, s, seq, b.pcb | T1_S_RESPONSE, NULL, 0);
			return;
		case T1_S_BLOCK | T1_S_ABORT:
			s->t1_cmd_len = 0;
			s->t1_sending = false;
			t1_block(g, s, seq, b.pcb | T1_S_RESPONSE, NULL, 0);
			return;
		case T1_S_BLOCK | T1_S_RESPONSE | T1_S_WTX:
			g_log("slot %u: T=1 S(WTX response %u) bBWI %u",
			      s->index, b.inf[0], bwi);
			if (s->t1_wtx_delay_ms && !s->t1_wtx_left) {
				g_msleep(s->t1_wtx_delay_ms);
				s->t1_wtx_delay_ms = 0;
			}
			t1_answer(g, s, seq);
			return;
		default:
			t1_block(g, s, seq, T1_R_BLOCK |
				 (s->t1_nr ? T1_R_NR : 0) | T1_R_OTHER_ERR,
				 NULL, 0);
			return;
		}
	}
}

/* ---------------------------------------------------------------------- */
/* APDU levels: wLevelParameter chaining both ways                          */

static void apdu_chunk(struct gadget *g, struct g_slot *s, u8 seq)
{
	size_t room = g->d.max_message - CCID_HDR_LEN;
	size_t left = s->ch_resp_len - s->ch_resp_off;
	size_t n = left < room ? left : room;
	bool first = !s->ch_resp_off, last = n == left;
	u8 chain;

	if (first)
		chain = last ? CCID_CHAIN_BEGIN_END : CCID_CHAIN_BEGIN;
	else
		chain = last ? CCID_CHAIN_END : CCID_CHAIN_MIDDLE;
	reply(g, s, RDR_TO_PC_DATA_BLOCK, seq, 0, 0, chain,
	      s->ch_resp + s->ch_resp_off, n);
	s->ch_resp_off += n;
	if (chain != CCID_CHAIN_BEGIN_END)
		g_log("slot %u: APDU answer part %zu bytes chain %u", s->index,
		      n, chain);
}

static void apdu_level(struct gadget *g, struct g_slot *s, const u8 *msg,
		       const u8 *data, size_t len)
{
	u16 level = msg[8] | msg[9] << 8;
	u8 seq = msg[6];
	unsigned int i;

	if (level == CCID_CHAIN_CONTINUE) {
		if (s->ch_resp_off >= s->ch_resp_len) {
			fail(g, s, RDR_TO_PC_DATA_BLOCK, seq, 8);
			return;
		}
		apdu_chunk(g, s, seq);
		return;
	}
	if (level == CCID_CHAIN_BEGIN_END || level == CCID_CHAIN_BEGIN)
		s->ch_cmd_len = 0;
	if (s->ch_cmd_len + len > G_APDU_MAX) {
		fail(g, s, RDR_TO_PC_DATA_BLOCK, seq, CCID_ERR_XFR_OVERRUN);
		return;
	}
	memcpy(s->ch_cmd + s->ch_cmd_len, data, len);
	s->ch_cmd_len += len;
	if (level == CCID_CHAIN_BEGIN || level == CCID_CHAIN_MIDDLE) {
		g_log("slot %u: APDU command part %zu bytes chain %u",
		      s->index, len, level);
		reply(g, s, RDR_TO_PC_DATA_BLOCK, seq, 0, 0,
		      CCID_CHAIN_CONTINUE, NULL, 0);
		return;
	}
	s->ch_resp_len = card_apdu(s, s->ch_cmd, s->ch_cmd_len, s->ch_resp);
	s->ch_resp_off = 0;
	g_log("slot %u: APDU ins %02x, %zu bytes in, %zu out", s->index,
	      s->ch_cmd_len > 1 ? s->ch_cmd[1] : 0, s->ch_cmd_len,
	      s->ch_resp_len);
	if (s->ch_cmd_len > 3 && s->ch_cmd[1] == INS_SLOW) {
		for (i = 0; i < s->ch_cmd[2]; i++) {
			reply(g, s, RDR_TO_PC_DATA_BLOCK, seq,
			      CCID_CMD_TIME_EXT, s->ch_cmd[3], 0, NULL, 0);
			g_log("slot %u: time extension %u", s->index,
			      s->ch_cmd[3]);
			g_msleep(1000);
		}
	}
	apdu_chunk(g, s, seq);
}

/* ---------------------------------------------------------------------- */
/* PIN pad                                                                  */

/* Write @pin into @apdu's data field at byte offset @off as @fmt says. */
static void pin_insert(u8 *apdu, size_t apdu_len, size_t off, u8 fmt,
		       const char *pin)
{
	size_t n = strlen(pin), i, pos;

	pos = APDU_HDR_LEN + 1 + off + (fmt & PIN_FMT_BYTES ?
					PIN_FMT_POS(fmt) :
					PIN_FMT_POS(fmt) / 8);
	for (i = 0; i < n; i++) {
		u8 d = (u8)(pin[i] - '0');

		switch (PIN_FMT_TYPE(fmt)) {
		case PIN_TYPE_ASCII:
			if (pos + i < apdu_len)
				apdu[pos + i] = (u8)pin[i];
			break;
		case PIN_TYPE_BCD:
			if (pos + i / 2 < apdu_len)
				apdu[pos + i / 2] = i % 2 ?
					(apdu[pos + i / 2] & 0xF0) | d :
					(u8)(d << 4) | 0x0F;
			break;
		default:
			if (pos + i < apdu_len)
				apdu[pos + i] = d;
			break;
		}
	}
}

static void secure(struct gadget *g, struct g_slot *s, const u8 *msg,
		   const u8 *data, size_t len)
{
	static __thread u8 *apdu, *resp;
	u8 seq = msg[6];
	size_t off, alen, rlen;
	const u8 *st = data + 1;

	if (!apdu) {
		apdu = malloc(G_APDU_MAX);
		resp = malloc(G_RESP_MAX);
	}
	if (!(g->d.pin_support & (data[0] == PIN_OP_VERIFY ?
				   CCID_PIN_SUPPORT_VERIFY :
				   CCID_PIN_SUPPORT_MODIFY)) || !len) {
		fail(g, s, RDR_TO_PC_DATA_BLOCK, seq,
		     CCID_ERR_CMD_NOT_SUPPORTED);
		return;
	}
	if (s->pin_mode != PIN_OK) {
		g_log("slot %u: Secure: the user %s", s->index,
		      s->pin_mode == PIN_CANCEL ? "cancelled" : "timed out");
		fail(g, s, RDR_TO_PC_DATA_BLOCK, seq,
		     s->pin_mode == PIN_CANCEL ? CCID_ERR_PIN_CANCELLED :
						 CCID_ERR_PIN_TIMEOUT);
		return;
	}
	if (data[0] == PIN_OP_VERIFY) {
		off = 1 + PV_APDU;
		if (len <= off) {
			fail(g, s, RDR_TO_PC_DATA_BLOCK, seq, 1);
			return;
		}
		alen = len - off;
		memcpy(apdu, data + off, alen);
		pin_insert(apdu, alen, 0, st[PV_FORMAT], s->pin);
		g_log("slot %u: Secure verify, %zu-byte APDU", s->index, alen);
	} else {
		u8 nmsg = st[PM_NUM_MSG];

		off = 1 + PM_MSG_INDEX + 1 + (nmsg >= 2) + (nmsg >= 3) + 3;
		if (len <= off) {
			fail(g, s, RDR_TO_PC_DATA_BLOCK, seq, 1);
			return;
		}
		alen = len - off;
		memcpy(apdu, data + off, alen);
		pin_insert(apdu, alen, st[PM_OFF_OLD], st[PM_FORMAT], s->pin);
		pin_insert(apdu, alen, st[PM_OFF_NEW], st[PM_FORMAT], "5678");
		g_log("slot %u: Secure modify, %zu-byte APDU", s->index, alen);
	}
	rlen = card_apdu(s, apdu, alen, resp);
	reply(g, s, RDR_TO_PC_DATA_BLOCK, seq, 0, 0, 0, resp, rlen);
}

/* ---------------------------------------------------------------------- */
/* One PC_to_RDR message                                                    */

static void xfr_block(struct gadget *g, struct g_slot *s, const u8 *msg,
		      const u8 *data, size_t len)
{
	static __thread u8 *out;
	u8 seq = msg[6];
	size_t n;

	if (!out)
		out = malloc(G_RESP_MAX);
	if (!s->powered) {
		fail(g, s, RDR_TO_PC_DATA_BLOCK, seq, CCID_ERR_ICC_MUTE);
		return;
	}
	if (g->delay_ms)
		g_msleep(g->delay_ms);

	if (ccid_desc_level(&g->d) != CCID_DESC_LEVEL_TPDU) {
		apdu_level(g, s, msg, data, len);
		return;
	}
	if (len >= 3 && len <= PPS_LEN_MAX && data[0] == PPSS) {
		u8 pck = 0;
		size_t i;

		for (i = 0; i < len; i++)
			pck ^= data[i];
		g_log("slot %u: PPS %02x %02x %02x%s", s->index, data[0],
		      data[1], data[2], pck ? " (bad PCK)" : "");
		if (!pck) {
			s->protocol = data[1] & 0x0F;
			reply(g, s, RDR_TO_PC_DATA_BLOCK, seq, 0, 0, 0, data,
			      len);
		} else {
			fail(g, s, RDR_TO_PC_DATA_BLOCK, seq,
			     CCID_ERR_XFR_PARITY);
		}
		return;
	}
	if (s->protocol == ATR_T1) {
		t1_receive(g, s, msg, data, len);
		return;
	}
	n = t0_tpdu(s, data, len, out);
	reply(g, s, RDR_TO_PC_DATA_BLOCK, seq, 0, 0, 0, out, n);
}

static void parameters(struct gadget *g, struct g_slot *s, u8 seq)
{
	u8 p[7] = { s->atr.fidi, 0, s->atr.n, 0, 0, 0, 0 };
	size_t len = 5;

	if (s->protocol == ATR_T1) {
		p[1] = 0x10 | (s->atr.t1_crc ? 1 : 0);
		p[3] = (u8)(s->atr.bwi << 4 | s->atr.cwi);
		p[5] = s->atr.ifsc;
		len = 7;
	} else {
		p[3] = s->atr.wi;
	}
	reply(g, s, RDR_TO_PC_PARAMETERS, seq, 0, 0, s->protocol, p, len);
}

void card_command(struct gadget *g, struct g_slot *s, const u8 *msg,
		  size_t len)
{
	const u8 *data = msg + CCID_HDR_LEN;
	size_t dlen = len - CCID_HDR_LEN;
	u8 type = msg[0], seq = msg[6];
	size_t i;

	switch (type) {
	case PC_TO_RDR_ICC_POWER_ON:
		if (!s->present) {
			fail(g, s, RDR_TO_PC_DATA_BLOCK, seq, CCID_ERR_ICC_MUTE);
			return;
		}
		s->powered = true;
		s->protocol = s->atr.first_protocol;
		s->t0_pending_len = 0;
		s->ch_resp_len = 0;
		s->ch_resp_off = 0;
		t1_reset(s, (g->d.features & CCID_FEAT_AUTO_IFSD) &&
			 g->d.max_ifsd ? (u8)(g->d.max_ifsd < 254 ?
					      g->d.max_ifsd : 254) : 32);
		g_log("slot %u: IccPowerOn select %u", s->index, msg[7]);
		reply(g, s, RDR_TO_PC_DATA_BLOCK, seq, 0, 0, 0, s->atr_raw,
		      s->atr_len);
		return;
	case PC_TO_RDR_ICC_POWER_OFF:
		s->powered = false;
		g_log("slot %u: IccPowerOff", s->index);
		reply(g, s, RDR_TO_PC_SLOT_STATUS, seq, 0, 0, 0, NULL, 0);
		return;
	case PC_TO_RDR_GET_SLOT_STATUS:
	case PC_TO_RDR_ABORT:
		reply(g, s, RDR_TO_PC_SLOT_STATUS, seq, 0, 0, 0, NULL, 0);
		return;
	case PC_TO_RDR_XFR_BLOCK:
		xfr_block(g, s, msg, data, dlen);
		return;
	case PC_TO_RDR_GET_PARAMETERS:
	case PC_TO_RDR_RESET_PARAMETERS:
		if (!s->present) {
			fail(g, s, RDR_TO_PC_PARAMETERS, seq, CCID_ERR_ICC_MUTE);
			return;
		}
		parameters(g, s, seq);
		return;
	case PC_TO_RDR_SET_PARAMETERS: {
		char hex[3 * 8 + 1] = "";

		for (i = 0; i < dlen && i < 8; i++)
			sprintf(hex + 3 * i, " %02x", data[i]);
		g_log("slot %u: SetParameters T=%u%s", s->index, msg[7], hex);
		if (!s->present) {
			fail(g, s, RDR_TO_PC_PARAMETERS, seq, CCID_ERR_ICC_MUTE);
			return;
		}
		s->protocol = msg[7];
		reply(g, s, RDR_TO_PC_PARAMETERS, seq, 0, 0, msg[7], data,
		      dlen);
		return;
	}
	case PC_TO_RDR_SECURE:
		if (!s->powered) {
			fail(g, s, RDR_TO_PC_DATA_BLOCK, seq, CCID_ERR_ICC_MUTE);
			return;
		}
		secure(g, s, msg, data, dlen);
		return;
	case PC_TO_RDR_ESCAPE:
		g_log("slot %u: Escape %zu bytes", s->index, dlen);
		reply(g, s, RDR_TO_PC_ESCAPE, seq, 0, 0, 0, data, dlen);
		return;
	default:
		g_log("slot %u: unsupported message %02x", s->index, type);
		fail(g, s, RDR_TO_PC_SLOT_STATUS, seq,
		     CCID_ERR_CMD_NOT_SUPPORTED);
		return;
	}
}
