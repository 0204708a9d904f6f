/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Scripted cards behind a fake slot, for the T=0 and T=1 engines
 * (ccid_xfer_fn). Each step says what the engine must send and what the
 * card answers; the fake records the first deviation. Shared by KUnit and
 * cmocka (kernel-agnostic: env.h only).
 */
#ifndef SCPNP_TEST_SCRIPT_CARD_H
#define SCPNP_TEST_SCRIPT_CARD_H

#include "apdu.h"

#define SCRIPT_MAX_STEPS	12
#define SCRIPT_TX_MAX		16

/* Answer data pattern: byte i of a step's data is seed + i */
static inline u8 script_byte(u8 seed, size_t i)
{
	return (u8)(seed + i);
}

/* ---- T=0 ---- */

struct t0_step {
	u8 tx[SCRIPT_TX_MAX];	/* the TPDU expected */
	u8 tx_len;
	u16 data_len;		/* answer: data_len pattern bytes + SW */
	u8 seed;
	u8 sw1, sw2;
	bool short_answer;	/* answer only one byte */
	int ret;		/* xfer error to return instead */
};

struct t0_case {
	const char *name;
	u8 cmd[SCRIPT_TX_MAX];
	u8 cmd_len;
	bool raw;
	size_t rx_size;		/* 0: the full buffer */
	struct t0_step steps[SCRIPT_MAX_STEPS];
	unsigned int nsteps;
	bool repeat_last;	/* the last step answers forever */
	int ret;
	u8 sw1, sw2;		/* final status word */
};

struct t0_script {
	const struct t0_case *c;
	unsigned int idx;
	unsigned int calls;
	int mismatch;		/* first step whose TPDU differed, or -1 */
};

static inline int t0_script_xfer(void *ctx, const u8 *tx, size_t tx_len,
				 u8 *rx, size_t rx_size, size_t *rx_len,
				 unsigned int wtx)
{
	struct t0_script *s = ctx;
	const struct t0_step *st;
	size_t i;

	s->calls++;
	if (s->idx >= s->c->nsteps) {
		if (!s->c->repeat_last || !s->c->nsteps) {
			if (s->mismatch < 0)
				s->mismatch = (int)s->idx;
			return -EIO;
		}
		st = &s->c->steps[s->c->nsteps - 1];
	} else {
		st = &s->c->steps[s->idx++];
	}
	if (wtx != 1 || tx_len != st->tx_len ||
	    memcmp(tx, st->tx, tx_len)) {
		if (s->mismatch < 0)
			s->mismatch = (int)s->idx - 1;
		return -EIO;
	}
	if (st->ret)
		return st->ret;
	if (st->short_answer) {
		if (rx_size < 1)
			return -EOVERFLOW;
		rx[0] = st->sw1;
		*rx_len = 1;
		return 0;
	}
	if (rx_size < (size_t)st->data_len + APDU_SW_LEN)
		return -EOVERFLOW;
	for (i = 0; i < st->data_len; i++)
		rx[i] = script_byte(st->seed, i);
	rx[st->data_len] = st->sw1;
	rx[st->data_len + 1] = st->sw2;
	*rx_len = st->data_len + APDU_SW_LEN;
	return 0;
}

/* Expected answer: the data of every step, in order, then the final SW */
static inline size_t t0_expected(const struct t0_case *c, u8 *buf,
				 size_t size)
{
	size_t n = 0, i;
	unsigned int s;

	for (s = 0; s < c->nsteps; s++) {
		for (i = 0; i < c->steps[s].data_len && n < size; i++)
			buf[n++] = script_byte(c->steps[s].seed, i);
	}
	if (n + APDU_SW_LEN <= size) {
		buf[n++] = c->sw1;
		buf[n++] = c->sw2;
	}
	return n;
}

/* ---- T=1 (when t1.h is included first) ---- */
#ifdef SCPNP_LIB_T1_H

/* Flags of the card's answer in a step */
#define T1S_BAD_EDC	(1U << 0)	/* corrupt the epilogue */
#define T1S_GARBAGE	(1U << 1)	/* two meaningless bytes */

struct t1_step {
	/* what the engine must send */
	u8 tx_pcb;
	u8 tx_len;
	u16 tx_off;		/* I-block: INF is cmd[tx_off..] */
	u8 tx_byte;		/* S-block: its INF byte */
	unsigned int wtx;	/* multiplier the engine must pass */
	/* what the card answers */
	u8 rx_pcb;
	u8 rx_len;
	u16 rx_off;		/* I-block: INF is answer bytes rx_off.. */
	u8 rx_byte;		/* S-block: its INF byte */
	unsigned int flags;
	int ret;		/* xfer error to return instead */
};

struct t1_case {
	const char *name;
	u16 cmd_len;		/* command: byte i is i + 1 */
	u8 ifsc, ifsd;
	bool crc;
	u8 ns0, nr0;		/* state before */
	bool negotiate;		/* run ccid_t1_negotiate_ifsd() instead */
	size_t rx_size;		/* 0: the full buffer */
	struct t1_step steps[SCRIPT_MAX_STEPS];
	unsigned int nsteps;
	bool repeat_last;
	int ret;
	u16 answer_len;		/* answer: byte i is 0x80 + i */
	u8 ns, nr;		/* state afterwards */
	u8 ifsc_after;		/* 0: unchanged */
	u8 ifsd_after;		/* 0: unchanged */
	unsigned int retransmits, resynchs, wtx_count;
};

#define T1_CMD_SEED	1
#define T1_ANS_SEED	0x80

struct t1_script {
	const struct t1_case *c;
	unsigned int idx;
	unsigned int calls;
	int mismatch;
};

static inline int t1_script_xfer(void *ctx, const u8 *tx, size_t tx_len,
				 u8 *rx, size_t rx_size, size_t *rx_len,
				 unsigned int wtx)
{
	struct t1_script *s = ctx;
	const struct t1_step *st;
	u8 expect[T1_BLOCK_MAX], inf[T1_MAX_INF];
	size_t i;
	int n;

	s->calls++;
	if (s->idx >= s->c->nsteps) {
		if (!s->c->repeat_last || !s->c->nsteps) {
			if (s->mismatch < 0)
				s->mismatch = (int)s->idx;
			return -EIO;
		}
		st = &s->c->steps[s->c->nsteps - 1];
	} else {
		st = &s->c->steps[s->idx++];
	}

	/* The block the engine must have sent */
	if ((st->tx_pcb & 0xC0) == T1_S_BLOCK) {
		inf[0] = st->tx_byte;
	} else {
		for (i = 0; i < st->tx_len; i++)
			inf[i] = script_byte(T1_CMD_SEED, st->tx_off + i);
	}
	n = ccid_t1_block_build(expect, sizeof(expect), 0, st->tx_pcb, inf,
				st->tx_len, s->c->crc);
	if (n < 0 || tx_len != (size_t)n || memcmp(tx, expect, tx_len) ||
	    wtx != (st->wtx ? st->wtx : 1)) {
		if (s->mismatch < 0)
			s->mismatch = (int)s->idx - 1;
		return -EIO;
	}
	if (st->ret)
		return st->ret;

	if (st->flags & T1S_GARBAGE) {
		rx[0] = 0x12;
		rx[1] = 0x34;
		*rx_len = 2;
		return 0;
	}
	if ((st->rx_pcb & 0xC0) == T1_S_BLOCK) {
		inf[0] = st->rx_byte;
	} else {
		for (i = 0; i < st->rx_len; i++)
			inf[i] = script_byte(T1_ANS_SEED, st->rx_off + i);
	}
	n = ccid_t1_block_build(rx, rx_size, 0, st->rx_pcb, inf, st->rx_len,
				s->c->crc);
	if (n < 0)
		return n;
	if (st->flags & T1S_BAD_EDC)
		rx[n - 1] ^= 0x5A;
	*rx_len = (size_t)n;
	return 0;
}

#endif /* SCPNP_LIB_T1_H */

#endif /* SCPNP_TEST_SCRIPT_CARD_H */
