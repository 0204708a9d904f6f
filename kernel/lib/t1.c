// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ISO/IEC 7816-3 T=1 block protocol (section 11): block framing with LRC or
 * CRC, and the half-duplex engine a TPDU-level CCID host runs: chaining in
 * both directions within IFSC/IFSD, R-block error recovery, S(RESYNCH)
 * after T1_MAX_RETRIES, S(WTX) and S(IFS) requests of the card, and the
 * host's own S(IFS) negotiation.
 */

#include "t1.h"

#define T1_OFF_NAD		0
#define T1_OFF_PCB		1
#define T1_OFF_LEN		2
#define T1_LEN_RFU		0xFF

#define T1_I_RFU_MASK		0x1F	/* bits 5..1 of an I-block PCB */
#define T1_R_RFU_MASK		0x20	/* bit 6 of an R-block PCB */
#define T1_S_TYPE_MASK		0x1F
#define T1_S_VPP_ERROR		0x04	/* card-only response, ISO 11.3.2.2 */
#define T1_KIND_MASK		0xC0
#define T1_I_KIND_MASK		0x80

/* IFS values 0x00 and 0xFF are reserved (ISO/IEC 7816-3 11.4.2) */
#define T1_IFS_MIN		0x01
#define T1_IFS_MAX		0xFE
#define T1_IFS_DEFAULT		32

/*
 * CRC of ISO/IEC 13239 as T=1 cards and libccid use it: polynomial
 * x^16 + x^12 + x^5 + 1 processed LSB first (0x8408), preset 0xFFFF, sent
 * most significant byte first.
 */
#define T1_CRC_POLY_REFLECTED	0x8408
#define T1_CRC_PRESET		0xFFFF

/* Discarded answer bytes after an overflow before giving up on the card */
#define T1_MAX_DISCARD		(APDU_EXT_MAX_LE + APDU_SW_LEN)

static u16 t1_crc(const u8 *p, size_t len)
{
	u16 crc = T1_CRC_PRESET;
	unsigned int bit;

	while (len--) {
		crc ^= *p++;
		for (bit = 0; bit < 8; bit++)
			crc = (crc & 1) ? (crc >> 1) ^ T1_CRC_POLY_REFLECTED :
					  crc >> 1;
	}
	return crc;
}

static u8 t1_lrc(const u8 *p, size_t len)
{
	u8 lrc = 0;

	while (len--)
		lrc ^= *p++;
	return lrc;
}

int ccid_t1_block_build(u8 *buf, size_t size, u8 nad, u8 pcb, const u8 *inf,
			size_t len, bool crc)
{
	size_t edc = crc ? T1_CRC_LEN : T1_LRC_LEN;
	size_t total = T1_PROLOGUE_LEN + len + edc;

	if (len > T1_MAX_INF || (len && !inf))
		return -EINVAL;
	if (size < total)
		return -EOVERFLOW;
	buf[T1_OFF_NAD] = nad;
	buf[T1_OFF_PCB] = pcb;
	buf[T1_OFF_LEN] = (u8)len;
	if (len)
		memcpy(buf + T1_PROLOGUE_LEN, inf, len);
	if (crc) {
		u16 c = t1_crc(buf, T1_PROLOGUE_LEN + len);

		buf[T1_PROLOGUE_LEN + len] = (u8)(c >> 8);
		buf[T1_PROLOGUE_LEN + len + 1] = (u8)c;
	} else {
		buf[T1_PROLOGUE_LEN + len] = t1_lrc(buf, T1_PROLOGUE_LEN + len);
	}
	return (int)total;
}

/* Is the PCB valid, and does the INF length fit the block kind? */
static int t1_check_pcb(struct t1_block *b)
{
	u8 pcb = b->pcb;

	if (!(pcb & T1_I_KIND_MASK)) {
		b->kind = T1_KIND_I;
		return (pcb & T1_I_RFU_MASK) ? -EPROTO : 0;
	}
	if ((pcb & T1_KIND_MASK) == T1_R_BLOCK) {
		b->kind = T1_KIND_R;
		if (pcb & T1_R_RFU_MASK || b->len)
			return -EPROTO;
		switch (pcb & T1_R_ERR_MASK) {
		case T1_R_OK:
		case T1_R_EDC_ERR:
		case T1_R_OTHER_ERR:
			return 0;
		default:
			return -EPROTO;
		}
	}
	b->kind = T1_KIND_S;
	switch (pcb & T1_S_TYPE_MASK) {
	case T1_S_RESYNCH:
	case T1_S_ABORT:
		return b->len ? -EPROTO : 0;
	case T1_S_IFS:
	case T1_S_WTX:
		return b->len == 1 ? 0 : -EPROTO;
	case T1_S_VPP_ERROR:
		return (pcb & T1_S_RESPONSE) && !b->len ? 0 : -EPROTO;
	default:
		return -EPROTO;
	}
}

int ccid_t1_block_parse(const u8 *buf, size_t len, bool crc,
			struct t1_block *b)
{
	size_t edc = crc ? T1_CRC_LEN : T1_LRC_LEN;
	size_t inf_len;

	memset(b, 0, sizeof(*b));
	if (len < T1_PROLOGUE_LEN + edc)
		return -EPROTO;
	inf_len = buf[T1_OFF_LEN];
	if (inf_len == T1_LEN_RFU || T1_PROLOGUE_LEN + inf_len + edc != len)
		return -EPROTO;
	if (crc) {
		u16 c = t1_crc(buf, T1_PROLOGUE_LEN + inf_len);

		if (buf[len - 2] != (u8)(c >> 8) || buf[len - 1] != (u8)c)
			return -EBADMSG;
	} else if (t1_lrc(buf, len)) {
		return -EBADMSG;
	}
	b->nad = buf[T1_OFF_NAD];
	b->pcb = buf[T1_OFF_PCB];
	b->len = (u8)inf_len;
	b->inf = buf + T1_PROLOGUE_LEN;
	if (t1_check_pcb(b)) {
		memset(b, 0, sizeof(*b));
		return -EPROTO;
	}
	return 0;
}

void ccid_t1_init(struct ccid_t1 *t1, u8 ifsc, u8 ifsd, bool crc)
{
	memset(t1, 0, sizeof(*t1));
	t1->ifsc = ifsc >= T1_IFS_MIN && ifsc <= T1_IFS_MAX ? ifsc :
							      T1_IFS_DEFAULT;
	t1->ifsd = ifsd >= T1_IFS_MIN && ifsd <= T1_IFS_MAX ? ifsd :
							      T1_IFS_DEFAULT;
	t1->crc = crc;
}

/* Buffers and the pending WTX multiplier of one engine call */
struct t1_io {
	struct ccid_t1 *t1;
	ccid_xfer_fn xfer;
	void *ctx;
	unsigned int wtx;
	u8 tx[T1_BLOCK_MAX];
	u8 rx[T1_BLOCK_MAX];
};

/*
 * Send one block and receive the card's. Returns an error of @xfer (or of
 * framing our own block); otherwise 0 with *bad set to the parse result of
 * the card's block (0, -EPROTO or -EBADMSG).
 */
static int t1_exchange(struct t1_io *io, u8 pcb, const u8 *inf, size_t len,
		       struct t1_block *b, int *bad)
{
	unsigned int wtx = io->wtx;
	size_t got = 0;
	int n, ret;

	n = ccid_t1_block_build(io->tx, sizeof(io->tx), io->t1->nad, pcb, inf,
				len, io->t1->crc);
	if (n < 0)
		return n;
	io->wtx = 1;
	ret = io->xfer(io->ctx, io->tx, (size_t)n, io->rx, sizeof(io->rx),
		       &got, wtx);
	if (ret)
		return ret;
	if (got > sizeof(io->rx))
		got = 0;	/* a lying xfer: treat as garbage */
	*bad = ccid_t1_block_parse(io->rx, got, io->t1->crc, b);
	return 0;
}

static bool t1_is_s(const struct t1_block *b, u8 type)
{
	return b->kind == T1_KIND_S && b->pcb == (T1_S_BLOCK | type);
}

/* S(RESYNCH request) until answered; then both sequence numbers restart. */
static int t1_resynch(struct t1_io *io)
{
	struct t1_block b;
	unsigned int i;
	int bad, ret;

	for (i = 0; i < T1_MAX_RETRIES; i++) {
		ret = t1_exchange(io, T1_S_BLOCK | T1_S_RESYNCH, NULL, 0, &b,
				  &bad);
		if (ret)
			return ret;
		if (!bad && t1_is_s(&b, T1_S_RESPONSE | T1_S_RESYNCH)) {
			io->t1->ns = 0;
			io->t1->nr = 0;
			io->t1->resynchs++;
			return -ECONNRESET;
		}
	}
	return -EPROTO;
}

int ccid_t1_negotiate_ifsd(struct ccid_t1 *t1, ccid_xfer_fn xfer, void *ctx)
{
	struct t1_io io = { .t1 = t1, .xfer = xfer, .ctx = ctx, .wtx = 1 };
	u8 ifsd = t1->ifsd;
	struct t1_block b;
	unsigned int i;
	int bad, ret;

	for (i = 0; i <= T1_MAX_RETRIES; i++) {
		ret = t1_exchange(&io, T1_S_BLOCK | T1_S_IFS, &ifsd, 1, &b,
				  &bad);
		if (ret)
			return ret;
		if (!bad && t1_is_s(&b, T1_S_RESPONSE | T1_S_IFS) &&
		    b.inf[0] == ifsd)
			return 0;
	}
	/* Not accepted: the card keeps the default IFSD. */
	t1->ifsd = T1_IFS_DEFAULT;
	return -EPROTO;
}

/* The block to (re)send: PCB and information field */
struct t1_out {
	u8 pcb;
	const u8 *inf;
	size_t len;
};

int ccid_t1_transceive(struct ccid_t1 *t1, ccid_xfer_fn xfer, void *ctx,
		       const u8 *cmd, size_t cmd_len, u8 *rx, size_t rx_size,
		       size_t *rx_len)
{
	struct t1_io io = { .t1 = t1, .xfer = xfer, .ctx = ctx, .wtx = 1 };
	struct t1_out cur, last, next;	/* our I-block, last block, to send */
	unsigned int retries = 0, srequests = 0;
	size_t sent = 0, chunk, got = 0, discarded = 0;
	bool sending = true, overflow = false;
	struct t1_block b;
	u8 s_inf = 0;
	int bad, ret;

	*rx_len = 0;
	if (!cmd_len)
		return -EINVAL;

	chunk = cmd_len < t1->ifsc ? cmd_len : t1->ifsc;
	cur.pcb = T1_I_BLOCK | (t1->ns ? T1_I_NS : 0) |
		  (chunk < cmd_len ? T1_I_MORE : 0);
	cur.inf = cmd;
	cur.len = chunk;
	last = cur;
	next = cur;

	for (;;) {
		ret = t1_exchange(&io, next.pcb, next.inf, next.len, &b, &bad);
		if (ret)
			return ret;
		if (bad)
			goto block_error;

		switch (b.kind) {
		case T1_KIND_S:
			if (b.pcb & T1_S_RESPONSE)
				goto other_error;
			if (++srequests > T1_MAX_WTX)
				return -ETIMEDOUT;
			switch (b.pcb & T1_S_TYPE_MASK) {
			case T1_S_WTX:
				io.wtx = b.inf[0] ? b.inf[0] : 1;
				t1->wtx_count++;
				break;
			case T1_S_IFS:
				if (b.inf[0] < T1_IFS_MIN ||
				    b.inf[0] > T1_IFS_MAX)
					goto other_error;
				t1->ifsc = b.inf[0];
				break;
			case T1_S_ABORT:
				/* The card gives up the chain: so do we. */
				return -EPROTO;
			default:
				goto other_error;
			}
			s_inf = b.inf[0];
			next.pcb = b.pcb | T1_S_RESPONSE;
			next.inf = &s_inf;
			next.len = 1;
			last = next;
			continue;

		case T1_KIND_R:
			if (sending && (cur.pcb & T1_I_MORE) &&
			    !!(b.pcb & T1_R_NR) != t1->ns) {
				/* Our chained block is acknowledged. */
				t1->ns ^= 1;
				sent += chunk;
				retries = 0;
				srequests = 0;
				chunk = cmd_len - sent;
				if (chunk > t1->ifsc)
					chunk = t1->ifsc;
				cur.pcb = T1_I_BLOCK |
					  (t1->ns ? T1_I_NS : 0) |
					  (sent + chunk < cmd_len ?
					   T1_I_MORE : 0);
				cur.inf = cmd + sent;
				cur.len = chunk;
				last = cur;
				next = cur;
				continue;
			}
			/*
			 * A retransmission request: of our I-block while it is
			 * not answered, else of our last R- or S-block.
			 */
			if (++retries > T1_MAX_RETRIES)
				goto resynch;
			t1->retransmits++;
			next = sending ? cur : last;
			continue;

		case T1_KIND_I:
			if (sending && (cur.pcb & T1_I_MORE))
				goto other_error;	/* chain not acked */
			if (!!(b.pcb & T1_I_NS) != t1->nr ||
			    b.len > t1->ifsd ||
			    ((b.pcb & T1_I_MORE) && !b.len))
				goto other_error;
			if (sending) {
				/* Its answer acknowledges our last block. */
				t1->ns ^= 1;
				sending = false;
			}
			t1->nr ^= 1;
			retries = 0;
			srequests = 0;
			if (!overflow && b.len > rx_size - got)
				overflow = true;
			if (overflow) {
				discarded += b.len;
				if (discarded > T1_MAX_DISCARD)
					goto resynch;
			} else {
				memcpy(rx + got, b.inf, b.len);
				got += b.len;
			}
			if (!(b.pcb & T1_I_MORE)) {
				if (overflow)
					return -EOVERFLOW;
				*rx_len = got;
				return 0;
			}
			next.pcb = T1_R_BLOCK | (t1->nr ? T1_R_NR : 0);
			next.inf = NULL;
			next.len = 0;
			last = next;
			continue;
		}

other_error:
		bad = -EPROTO;
block_error:
		if (++retries > T1_MAX_RETRIES)
			goto resynch;
		t1->retransmits++;
		next.pcb = T1_R_BLOCK | (t1->nr ? T1_R_NR : 0) |
			   (bad == -EBADMSG ? T1_R_EDC_ERR : T1_R_OTHER_ERR);
		next.inf = NULL;
		next.len = 0;
	}

resynch:
	return t1_resynch(&io);
}
