// SPDX-License-Identifier: GPL-2.0
/*
 * The Windows smart card PnP discovery sequence: what scfilter.sys asks a
 * newly inserted card to learn its device ID. The first step that yields
 * an ID wins:
 *
 *  1. CardID: SELECT the Microsoft PnP AID, GET DATA 7F68, a DER CardID
 *     whose first GUID, in registry form, is the device ID.
 *  2. EF.ATR: SELECT MF 3F00, SELECT EF 2F01, READ BINARY. The file holds
 *     BER-TLV data objects (ISO/IEC 7816-4 EF.ATR/INFO). "An ID found
 *     there" is, in this order: a 7F68 data object holding a CardID (the
 *     structure GET DATA 7F68 returns), then a 5F52 data object (historical
 *     bytes, ISO/IEC 7816-4) of 1..15 bytes, which names the card as the
 *     ATR's historical bytes would.
 *  3. PIV: SELECT of the PIV AID succeeds. Compatible ID SCF_PIV_COMPAT_ID;
 *     device ID the historical bytes, or the compatible ID without them.
 *  4. GIDS: the same with the GIDS AID and a configured compatible ID (the
 *     step is skipped when none is configured: it could not change the
 *     outcome).
 *  5. The historical bytes of the ATR. Without them discovery fails.
 *
 * A transport error (mute card, card pulled, reader gone) or the end of
 * the time budget ends discovery at once: the card has no ID.
 */

#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/scpnp.h>

#include "apdu.h"
#include "atr.h"
#include "cardid.h"
#include "pnpid.h"
#include "discovery.h"

/* Status words (ISO/IEC 7816-4 5.6) */
#define ISO_SW_OK		0x9000
#define ISO_SW_EOF		0x6282	/* end of file before Le bytes */

/* BER-TLV (ISO/IEC 7816-4 5.2.2, ITU-T X.690 8.1) */
#define BER_TAG_NUM_MASK	0x1F	/* all set: the tag continues */
#define BER_TAG_MORE		0x80	/* in subsequent tag bytes */
#define BER_TAG_MAX_BYTES	3
#define BER_LEN_LONG		0x80
#define BER_LEN_OCTETS_MASK	0x7F
#define BER_LEN_MAX_OCTETS	2
#define BER_PAD_00		0x00	/* filler between data objects */
#define BER_PAD_FF		0xFF

/* Data objects looked for in EF.ATR */
#define EF_ATR_TAG_CARDID	0x7F68
#define EF_ATR_TAG_HIST		0x5F52

/* SELECT of the Microsoft PnP AID "\xA0\x00\x00\x03\x97" "CID_" 01 00 */
static const u8 apdu_select_pnp[] = {
	0x00, 0xA4, 0x04, 0x00, 0x0B,
	0xA0, 0x00, 0x00, 0x03, 0x97, 0x43, 0x49, 0x44, 0x5F, 0x01, 0x00,
};

/* GET DATA 7F68 (CardID), Le 00 */
static const u8 apdu_get_cardid[] = { 0x00, 0xCA, 0x7F, 0x68, 0x00 };

/* SELECT by file identifier, no response data: MF 3F00, then EF.ATR 2F01 */
static const u8 apdu_select_mf[] = { 0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00 };
static const u8 apdu_select_ef_atr[] = {
	0x00, 0xA4, 0x00, 0x0C, 0x02, 0x2F, 0x01,
};

/* READ BINARY from offset 0, Le 00 (up to 256 bytes) */
static const u8 apdu_read_binary[] = { 0x00, 0xB0, 0x00, 0x00, 0x00 };

/* SELECT of the PIV AID (NIST SP 800-73) */
static const u8 apdu_select_piv[] = {
	0x00, 0xA4, 0x04, 0x00, 0x09,
	0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00,
};

/* SELECT of the GIDS AID (Microsoft GIDS specification) */
static const u8 apdu_select_gids[] = {
	0x00, 0xA4, 0x04, 0x00, 0x09,
	0xA0, 0x00, 0x00, 0x03, 0x97, 0x42, 0x54, 0x46, 0x59,
};

struct disc {
	const struct scf_disc_ops *ops;
	void *ctx;
	struct scf_disc_result *res;
	struct atr atr;
	size_t rx_len;		/* data bytes of the last answer */
	u16 sw;			/* its status word, 0 when it had none */
	u8 rx[T0_RESP_MAX];
};

/* Step outcomes besides negative errnos */
#define STEP_NEXT	0
#define STEP_FOUND	1

static int disc_xfer(struct disc *d, const u8 *cmd, size_t len)
{
	size_t n = 0;
	int ret;

	if (d->ops->expired && d->ops->expired(d->ctx))
		return -ETIMEDOUT;
	d->res->napdus++;
	ret = d->ops->transmit(d->ctx, cmd, len, d->rx, sizeof(d->rx), &n);
	if (ret)
		return ret;
	if (n < APDU_SW_LEN || n > sizeof(d->rx)) {
		/* Not an answer: the step fails, the sequence goes on */
		d->sw = 0;
		d->rx_len = 0;
		return 0;
	}
	d->rx_len = n - APDU_SW_LEN;
	d->sw = (u16)(d->rx[d->rx_len] << 8 | d->rx[d->rx_len + 1]);
	return 0;
}

/* SELECT: 9000, or 61xx when the transport leaves GET RESPONSE to us */
static bool disc_select_ok(const struct disc *d)
{
	return d->sw == ISO_SW_OK || d->sw >> 8 == ISO_SW1_MORE_DATA;
}

static int disc_select(struct disc *d, const u8 *cmd, size_t len, bool *ok)
{
	int ret = disc_xfer(d, cmd, len);

	if (ret)
		return ret;
	*ok = disc_select_ok(d);
	if (*ok)
		d->res->selected = true;
	return 0;
}

static int disc_set_guid(struct disc *d, const u8 *der, size_t len, u32 src)
{
	struct scf_cardid id;

	if (scf_cardid_parse(der, len, &id))
		return STEP_NEXT;
	if (scf_pnp_id_guid(id.guid, d->res->pnp_id,
			    sizeof(d->res->pnp_id)) < 0)
		return STEP_NEXT;
	d->res->source = src;
	return STEP_FOUND;
}

static int disc_set_hist(struct disc *d, const u8 *hist, size_t len, u32 src)
{
	if (scf_pnp_id_hist(hist, len, d->res->pnp_id,
			    sizeof(d->res->pnp_id)) < 0)
		return STEP_NEXT;
	d->res->source = src;
	return STEP_FOUND;
}

static int disc_cardid(struct disc *d)
{
	bool ok;
	int ret;

	ret = disc_select(d, apdu_select_pnp, sizeof(apdu_select_pnp), &ok);
	if (ret || !ok)
		return ret;
	ret = disc_xfer(d, apdu_get_cardid, sizeof(apdu_get_cardid));
	if (ret || d->sw != ISO_SW_OK)
		return ret;
	return disc_set_guid(d, d->rx, d->rx_len, SCF_SOURCE_CARDID);
}

/*
 * One BER-TLV data object at *p (padding skipped). Return: 1 with the tag
 * and value, 0 at the end, -EBADMSG when malformed.
 */
static int ber_next(const u8 **p, size_t *left, u32 *tag, const u8 **val,
		    size_t *vlen)
{
	size_t len, n, i;

	while (*left && (**p == BER_PAD_00 || **p == BER_PAD_FF)) {
		(*p)++;
		(*left)--;
	}
	if (!*left)
		return 0;

	*tag = *(*p)++;
	(*left)--;
	if ((*tag & BER_TAG_NUM_MASK) == BER_TAG_NUM_MASK) {
		for (i = 1; ; i++) {
			u8 b;

			if (!*left || i >= BER_TAG_MAX_BYTES)
				return -EBADMSG;
			b = **p;
			(*p)++;
			(*left)--;
			*tag = *tag << 8 | b;
			if (!(b & BER_TAG_MORE))
				break;
		}
	}

	if (!*left)
		return -EBADMSG;
	len = *(*p)++;
	(*left)--;
	if (len & BER_LEN_LONG) {
		n = len & BER_LEN_OCTETS_MASK;
		if (!n || n > BER_LEN_MAX_OCTETS || n > *left)
			return -EBADMSG;
		for (len = 0, i = 0; i < n; i++)
			len = len << 8 | (*p)[i];
		*p += n;
		*left -= n;
	}
	if (len > *left)
		return -EBADMSG;
	*val = *p;
	*vlen = len;
	*p += len;
	*left -= len;
	return 1;
}

/* Look for @want among the top-level data objects of EF.ATR */
static bool ef_atr_find(const u8 *buf, size_t len, u32 want, const u8 **val,
			size_t *vlen)
{
	const u8 *p = buf;
	u32 tag;

	while (ber_next(&p, &len, &tag, val, vlen) > 0) {
		if (tag == want)
			return true;
	}
	return false;
}

static int disc_ef_atr(struct disc *d)
{
	const u8 *val;
	size_t vlen;
	bool ok;
	int ret;

	ret = disc_select(d, apdu_select_mf, sizeof(apdu_select_mf), &ok);
	if (ret || !ok)
		return ret;
	ret = disc_select(d, apdu_select_ef_atr, sizeof(apdu_select_ef_atr),
			  &ok);
	if (ret || !ok)
		return ret;
	ret = disc_xfer(d, apdu_read_binary, sizeof(apdu_read_binary));
	if (ret || (d->sw != ISO_SW_OK && d->sw != ISO_SW_EOF))
		return ret;

	if (ef_atr_find(d->rx, d->rx_len, EF_ATR_TAG_CARDID, &val, &vlen) &&
	    disc_set_guid(d, val, vlen, SCF_SOURCE_EF_ATR) == STEP_FOUND)
		return STEP_FOUND;
	if (ef_atr_find(d->rx, d->rx_len, EF_ATR_TAG_HIST, &val, &vlen))
		return disc_set_hist(d, val, vlen, SCF_SOURCE_EF_ATR);
	return STEP_NEXT;
}

/* PIV and GIDS: the application's compatible ID, named by the ATR */
static int disc_app(struct disc *d, const u8 *cmd, size_t len,
		    const char *compat_id, u32 src)
{
	struct scf_disc_result *res = d->res;
	bool ok;
	int ret;

	ret = disc_select(d, cmd, len, &ok);
	if (ret || !ok)
		return ret;
	strscpy(res->compat_ids, compat_id, sizeof(res->compat_ids));
	if (d->atr.hist_len &&
	    disc_set_hist(d, d->atr.hist, d->atr.hist_len, src) == STEP_FOUND)
		return STEP_FOUND;
	strscpy(res->pnp_id, compat_id, sizeof(res->pnp_id));
	res->source = src;
	return STEP_FOUND;
}

static int disc_run(struct disc *d, const char *gids_compat_id)
{
	int ret;

	ret = disc_cardid(d);
	if (ret)
		return ret;
	ret = disc_ef_atr(d);
	if (ret)
		return ret;
	ret = disc_app(d, apdu_select_piv, sizeof(apdu_select_piv),
		       SCF_PIV_COMPAT_ID, SCF_SOURCE_PIV);
	if (ret)
		return ret;
	if (gids_compat_id && *gids_compat_id) {
		ret = disc_app(d, apdu_select_gids, sizeof(apdu_select_gids),
			       gids_compat_id, SCF_SOURCE_GIDS);
		if (ret)
			return ret;
	}
	if (!d->atr.hist_len)
		return STEP_NEXT;
	return disc_set_hist(d, d->atr.hist, d->atr.hist_len, SCF_SOURCE_HIST);
}

/**
 * scf_discover() - run the Windows PnP discovery sequence on a card
 * @ops: the transport
 * @ctx: passed to @ops
 * @atr: the card's answer to reset
 * @atr_len: its length
 * @gids_compat_id: compatible ID of GIDS cards ("SCFILTER\CID_<GUID>"), or
 *	NULL or "" to skip the GIDS step
 * @res: the outcome, filled in every case (@res->selected and
 *	@res->napdus also on failure)
 *
 * Context: process; sleeps in @ops->transmit.
 * Return: 0 when the card was named; -ENOENT when no step named it;
 * -ENOMEM; or the transport's error (-ETIMEDOUT also when @ops->expired
 * said so), which ends the sequence.
 */
int scf_discover(const struct scf_disc_ops *ops, void *ctx, const u8 *atr,
		 size_t atr_len, const char *gids_compat_id,
		 struct scf_disc_result *res)
{
	struct disc *d;
	int ret;

	memset(res, 0, sizeof(*res));
	res->source = SCF_SOURCE_NONE;
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->ops = ops;
	d->ctx = ctx;
	d->res = res;
	/* An ATR that cannot be walked has no historical bytes to use */
	if (ccid_atr_parse(atr, atr_len, &d->atr))
		d->atr.hist_len = 0;

	ret = disc_run(d, gids_compat_id);
	kfree(d);
	if (ret == STEP_FOUND)
		return 0;
	res->source = SCF_SOURCE_NONE;
	res->pnp_id[0] = '\0';
	res->compat_ids[0] = '\0';
	return ret ? ret : -ENOENT;
}
