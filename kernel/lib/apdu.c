// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Command APDU cases (ISO/IEC 7816-4 5.1) and their transport over T=0
 * TPDUs (ISO/IEC 7816-3 12.2) for TPDU-level readers.
 */

#include "apdu.h"

#define APDU_OFF_CLA		0
#define APDU_OFF_INS		1
#define APDU_OFF_P1		2
#define APDU_OFF_P2		3
#define APDU_OFF_P3		4	/* short Lc/Le, or 00 of an extended length */
#define APDU_EXT_LEN_BYTES	3	/* 00 + two bytes of Lc (or Le) */
#define APDU_EXT_LE_BYTES	2	/* Le after an extended Lc */

/* CLA (ISO/IEC 7816-4 5.4.1) */
#define ISO_CLA_PROPRIETARY	0x80	/* bit 8: not interindustry */
#define ISO_CLA_CHAINING	0x10	/* bit 5: command chaining */
#define ISO_CLA_DEFAULT		0x00

/*
 * Bound on TPDUs for one APDU: the GET RESPONSE chain can bring at most
 * APDU_EXT_MAX_LE bytes, at least one byte per TPDU; one 6Cxx re-issue per
 * TPDU.
 */
#define T0_MAX_GET_RESPONSE	(APDU_EXT_MAX_LE / APDU_SHORT_MAX_LE + 1)

static u32 apdu_be16(const u8 *p)
{
	return (u32)p[0] << 8 | p[1];
}

int ccid_apdu_parse(const u8 *buf, size_t len, struct apdu *a)
{
	size_t body;
	u32 lc;

	memset(a, 0, sizeof(*a));
	if (len < APDU_HDR_LEN)
		return -EINVAL;
	a->cla = buf[APDU_OFF_CLA];
	a->ins = buf[APDU_OFF_INS];
	a->p1 = buf[APDU_OFF_P1];
	a->p2 = buf[APDU_OFF_P2];
	body = len - APDU_HDR_LEN;

	if (body == 0) {
		a->kind = APDU_CASE_1;
		return 0;
	}
	if (body == 1) {
		a->kind = APDU_CASE_2S;
		a->le = buf[APDU_OFF_P3] ? buf[APDU_OFF_P3] : APDU_SHORT_MAX_LE;
		return 0;
	}
	if (buf[APDU_OFF_P3]) {
		/* Short Lc */
		lc = buf[APDU_OFF_P3];
		a->lc = lc;
		a->data = buf + APDU_OFF_P3 + 1;
		if (body == 1 + lc) {
			a->kind = APDU_CASE_3S;
			return 0;
		}
		if (body == 2 + lc) {
			u8 le = buf[len - 1];

			a->kind = APDU_CASE_4S;
			a->le = le ? le : APDU_SHORT_MAX_LE;
			return 0;
		}
		goto bad;
	}

	/* 00 first: an extended length */
	if (body < APDU_EXT_LEN_BYTES)
		goto bad;
	if (body == APDU_EXT_LEN_BYTES) {
		u32 le = apdu_be16(buf + APDU_OFF_P3 + 1);

		a->kind = APDU_CASE_2E;
		a->le = le ? le : APDU_EXT_MAX_LE;
		return 0;
	}
	lc = apdu_be16(buf + APDU_OFF_P3 + 1);
	if (!lc)
		goto bad;
	a->lc = lc;
	a->data = buf + APDU_OFF_P3 + APDU_EXT_LEN_BYTES;
	if (body == APDU_EXT_LEN_BYTES + lc) {
		a->kind = APDU_CASE_3E;
		return 0;
	}
	if (body == APDU_EXT_LEN_BYTES + lc + APDU_EXT_LE_BYTES) {
		u32 le = apdu_be16(buf + len - APDU_EXT_LE_BYTES);

		a->kind = APDU_CASE_4E;
		a->le = le ? le : APDU_EXT_MAX_LE;
		return 0;
	}
bad:
	memset(a, 0, sizeof(*a));
	return -EINVAL;
}

/* One T=0 exchange context: the answer accumulates in the caller's buffer. */
struct t0_ctx {
	ccid_xfer_fn xfer;
	void *ctx;
	u8 *rx;
	size_t rx_size;
	size_t out;		/* answer data stored so far */
};

/*
 * Send one TPDU; the card's answer (data + SW1 SW2) lands at rx + out.
 * Return the number of answer bytes (at least 2) or a negative errno.
 */
static int t0_tpdu(struct t0_ctx *t, const u8 *tpdu, size_t len)
{
	size_t got = 0;
	int ret;

	if (t->rx_size - t->out < APDU_SW_LEN)
		return -EOVERFLOW;
	ret = t->xfer(t->ctx, tpdu, len, t->rx + t->out, t->rx_size - t->out,
		      &got, 1);
	if (ret)
		return ret;
	if (got < APDU_SW_LEN || got > t->rx_size - t->out)
		return -EPROTO;
	return (int)got;
}

/*
 * Send a TPDU that expects data (P3 = Le) and re-issue it once with the
 * length the card asks for after 6Cxx. Answer data is kept (t->out moves),
 * the status word stays right after it. *sw1 and *sw2 get the status word.
 */
static int t0_tpdu_le(struct t0_ctx *t, u8 *tpdu, size_t len, u8 *sw1,
		      u8 *sw2)
{
	bool reissued = false;
	int got;

	for (;;) {
		got = t0_tpdu(t, tpdu, len);
		if (got < 0)
			return got;
		*sw1 = t->rx[t->out + got - 2];
		*sw2 = t->rx[t->out + got - 1];
		if (*sw1 != ISO_SW1_WRONG_LE || got != APDU_SW_LEN)
			break;
		if (reissued)
			return -EPROTO;
		reissued = true;
		tpdu[APDU_OFF_P3] = *sw2;
	}
	t->out += (size_t)got - APDU_SW_LEN;
	return 0;
}

/* Plain TPDU without Le (cases 1 and 3): data in an answer is kept. */
static int t0_tpdu_plain(struct t0_ctx *t, const u8 *tpdu, size_t len,
			 u8 *sw1, u8 *sw2)
{
	int got = t0_tpdu(t, tpdu, len);

	if (got < 0)
		return got;
	*sw1 = t->rx[t->out + got - 2];
	*sw2 = t->rx[t->out + got - 1];
	t->out += (size_t)got - APDU_SW_LEN;
	return 0;
}

/*
 * GET RESPONSE keeps the logical channel and secure messaging bits of an
 * interindustry command, not its chaining bit; a proprietary class uses 00.
 */
static u8 t0_get_response_cla(u8 cla)
{
	if (cla & ISO_CLA_PROPRIETARY)
		return ISO_CLA_DEFAULT;
	return cla & (u8)~ISO_CLA_CHAINING;
}

static int t0_raw(struct t0_ctx *t, const u8 *cmd, size_t cmd_len,
		  size_t *rx_len)
{
	int got;

	/*
	 * One TPDU, the bytes as the caller wrote them (a case 4S command
	 * keeps its Le, as libccid sends it), and the first answer as the
	 * card gave it: the caller owns the case mapping. How long a TPDU
	 * may be is the transport's business (the reader's message length).
	 */
	if (cmd_len < APDU_HDR_LEN)
		return -EINVAL;
	got = t0_tpdu(t, cmd, cmd_len);
	if (got < 0)
		return got;
	*rx_len = (size_t)got;
	return 0;
}

int ccid_t0_transceive(ccid_xfer_fn xfer, void *ctx, const u8 *cmd,
		       size_t cmd_len, u8 *rx, size_t rx_size, size_t *rx_len,
		       bool raw)
{
	struct t0_ctx t = {
		.xfer = xfer, .ctx = ctx, .rx = rx, .rx_size = rx_size,
	};
	u8 tpdu[T0_TPDU_MAX];
	unsigned int rounds;
	struct apdu a;
	u32 remaining;
	u8 sw1, sw2;
	int ret;

	*rx_len = 0;
	if (raw)
		return t0_raw(&t, cmd, cmd_len, rx_len);

	ret = ccid_apdu_parse(cmd, cmd_len, &a);
	if (ret)
		return ret;
	if (a.lc > APDU_SHORT_MAX_LC)
		return -EINVAL;	/* would need ENVELOPE */

	tpdu[APDU_OFF_CLA] = a.cla;
	tpdu[APDU_OFF_INS] = a.ins;
	tpdu[APDU_OFF_P1] = a.p1;
	tpdu[APDU_OFF_P2] = a.p2;

	switch (a.kind) {
	case APDU_CASE_1:
		tpdu[APDU_OFF_P3] = 0;
		ret = t0_tpdu_plain(&t, tpdu, APDU_HDR_LEN + 1, &sw1, &sw2);
		break;
	case APDU_CASE_2S:
	case APDU_CASE_2E:
		/* P3 = Le; 00 asks for 256 bytes (at a time for 2E). */
		tpdu[APDU_OFF_P3] = a.le >= APDU_SHORT_MAX_LE ? 0 : (u8)a.le;
		ret = t0_tpdu_le(&t, tpdu, APDU_HDR_LEN + 1, &sw1, &sw2);
		break;
	default:
		/* Cases 3 and 4 go as case 3; 4 is completed below. */
		tpdu[APDU_OFF_P3] = (u8)a.lc;
		memcpy(tpdu + APDU_HDR_LEN + 1, a.data, a.lc);
		ret = t0_tpdu_plain(&t, tpdu, APDU_HDR_LEN + 1 + a.lc,
				    &sw1, &sw2);
		break;
	}
	if (ret)
		return ret;

	/*
	 * GET RESPONSE while the card has more (61xx), within Ne when the
	 * command had an Le; a 61xx left when Ne is reached is returned.
	 */
	remaining = a.le ? a.le : APDU_EXT_MAX_LE;
	remaining = remaining > t.out ? remaining - (u32)t.out : 0;
	for (rounds = 0; sw1 == ISO_SW1_MORE_DATA && remaining; rounds++) {
		u32 avail = sw2 ? sw2 : APDU_SHORT_MAX_LE;
		size_t before = t.out;

		if (rounds >= T0_MAX_GET_RESPONSE)
			return -EPROTO;
		if (avail > remaining)
			avail = remaining;
		tpdu[APDU_OFF_CLA] = t0_get_response_cla(a.cla);
		tpdu[APDU_OFF_INS] = ISO_INS_GET_RESPONSE;
		tpdu[APDU_OFF_P1] = 0;
		tpdu[APDU_OFF_P2] = 0;
		tpdu[APDU_OFF_P3] = avail >= APDU_SHORT_MAX_LE ? 0 : (u8)avail;
		ret = t0_tpdu_le(&t, tpdu, APDU_HDR_LEN + 1, &sw1, &sw2);
		if (ret)
			return ret;
		if (t.out - before >= remaining)
			remaining = 0;
		else
			remaining -= (u32)(t.out - before);
	}

	/* The last status word already follows the data in @rx. */
	*rx_len = t.out + APDU_SW_LEN;
	return 0;
}
