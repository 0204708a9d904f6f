// SPDX-License-Identifier: GPL-2.0
/*
 * APDU exchange at every CCID level: TPDU (T=0 case mapping, T=1 block
 * protocol, both in kernel/lib), short APDU and extended APDU (with
 * XfrBlock chaining), plus the Secure (PIN pad) and Escape commands.
 */

#include <linux/slab.h>

#include "ccid.h"
#include "apdu.h"

/* Secure: bPINOperation (CCID 1.1 section 6.1.11) */
#define CCID_PIN_OP_VERIFY	0x00
#define CCID_PIN_OP_MODIFY	0x01

/* Answers a PIN pad gives for a timed-out or cancelled entry */
static const u8 ccid_pin_timeout_sw[APDU_SW_LEN] = { 0x64, 0x00 };
static const u8 ccid_pin_cancelled_sw[APDU_SW_LEN] = { 0x64, 0x01 };

/*
 * One XfrBlock/DataBlock exchange. @level is wLevelParameter (APDU
 * chaining), @bwi the block waiting time multiplier.
 */
static int ccid_xfr_block(struct ccid_slot *slot, const u8 *tx, size_t tx_len,
			  u16 level, unsigned int bwi, struct ccid_reply *r)
{
	unsigned int mult = max(bwi, 1U);
	u8 *msg;
	int ret;

	msg = kmalloc(CCID_HDR_LEN + tx_len, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	ccid_msg_header(msg, PC_TO_RDR_XFR_BLOCK, tx_len, slot->index, 0,
			bwi > 1 ? min(bwi, (unsigned int)U8_MAX) : 0,
			level & 0xff, level >> 8);
	if (tx_len)
		memcpy(msg + CCID_HDR_LEN, tx, tx_len);
	ret = ccid_exec(slot, msg, CCID_HDR_LEN + tx_len, r,
			slot->timeout_ms * mult);
	kfree(msg);
	if (ret)
		return ret;
	return ccid_slot_reply_errno(slot, r);
}

/* ccid_xfer_fn for the T=0 and T=1 engines: one TPDU or block */
static int ccid_tpdu_xfer(void *ctx, const u8 *tx, size_t tx_len, u8 *rx,
			  size_t rx_size, size_t *rx_len, unsigned int wtx)
{
	struct ccid_slot *slot = ctx;
	struct ccid_reply r;
	int ret;

	ret = ccid_xfr_block(slot, tx, tx_len, CCID_CHAIN_BEGIN_END, wtx, &r);
	if (ret)
		return ret;
	if (r.length > rx_size)
		return -EOVERFLOW;
	memcpy(rx, r.data, r.length);
	*rx_len = r.length;
	return 0;
}

/**
 * ccid_t1_start() - open a T=1 session at TPDU level
 * @slot: the slot, locked, card active with T=1 selected
 *
 * A reader without automatic IFSD negotiation (dwFeatures 0x400) leaves
 * the card at the default IFSD of 32 until the host sends S(IFS request)
 * with its own (ISO/IEC 7816-3 11.4.2); do so before the first I-block.
 * A card that does not confirm keeps IFSD 32, which is not an error.
 *
 * Return: 0 or a negative errno of the transfer.
 */
int ccid_t1_start(struct ccid_slot *slot)
{
	const struct ccid_desc *d = &slot->rdr->desc;
	u8 ifsd = slot->t1.ifsd;
	int ret;

	if (ccid_desc_level(d) != CCID_DESC_LEVEL_TPDU ||
	    slot->protocol != ATR_T1 || (d->features & CCID_FEAT_AUTO_IFSD))
		return 0;
	ret = ccid_t1_negotiate_ifsd(&slot->t1, ccid_tpdu_xfer, slot);
	if (ret == -EPROTO) {
		dev_info(&slot->dev, "card refused IFSD %u, keeping %u\n",
			 ifsd, slot->t1.ifsd);
		ret = 0;
	}
	return ret;
}

/*
 * APDU levels: the command goes in pieces of what a message holds, the
 * answer comes back in as many DataBlocks as the reader chains.
 */
static int ccid_apdu_xfer(struct ccid_slot *slot, const u8 *cmd,
			  size_t cmd_len, u8 *rx, size_t rx_size,
			  size_t *rx_len)
{
	size_t chunk = slot->rdr->max_message - CCID_HDR_LEN;
	size_t off = 0, total = 0, n;
	struct ccid_reply r;
	u16 level;
	int ret;

	do {
		n = min(chunk, cmd_len - off);
		if (!off)
			level = off + n == cmd_len ? CCID_CHAIN_BEGIN_END :
						     CCID_CHAIN_BEGIN;
		else
			level = off + n == cmd_len ? CCID_CHAIN_END :
						     CCID_CHAIN_MIDDLE;
		ret = ccid_xfr_block(slot, cmd + off, n, level, 0, &r);
		if (ret)
			return ret;
		off += n;
		if (off < cmd_len && r.param != CCID_CHAIN_CONTINUE)
			return -EPROTO;
	} while (off < cmd_len);

	for (;;) {
		if (r.length > rx_size - total)
			return -EOVERFLOW;
		memcpy(rx + total, r.data, r.length);
		total += r.length;
		if (r.param != CCID_CHAIN_BEGIN && r.param != CCID_CHAIN_MIDDLE)
			break;
		ret = ccid_xfr_block(slot, NULL, 0, CCID_CHAIN_CONTINUE, 0, &r);
		if (ret)
			return ret;
	}
	*rx_len = total;
	return 0;
}

/* The exchange proper, by exchange level; see ccid_transmit(). */
static int ccid_transmit_level(struct ccid_slot *slot, const u8 *cmd,
			       size_t cmd_len, u8 *rx, size_t rx_size,
			       size_t *rx_len, bool raw)
{
	struct apdu a;
	int ret;

	switch (ccid_desc_level(&slot->rdr->desc)) {
	case CCID_DESC_LEVEL_TPDU:
		if (slot->protocol == ATR_T1) {
			ret = ccid_t1_transceive(&slot->t1, ccid_tpdu_xfer, slot,
						 cmd, cmd_len, rx, rx_size,
						 rx_len);
			if (ret == -ECONNRESET)
				ret = -EIO;	/* resynchronised: lost */
			return ret;
		}
		return ccid_t0_transceive(ccid_tpdu_xfer, slot, cmd, cmd_len,
					  rx, rx_size, rx_len, raw);
	case CCID_DESC_LEVEL_SHORT_APDU:
		ret = ccid_apdu_parse(cmd, cmd_len, &a);
		if (ret)
			return ret;
		if (a.kind >= APDU_CASE_2E)
			return -EINVAL;
		fallthrough;
	case CCID_DESC_LEVEL_EXT_APDU:
		return ccid_apdu_xfer(slot, cmd, cmd_len, rx, rx_size, rx_len);
	default:
		return -EOPNOTSUPP;
	}
}

/**
 * ccid_transmit() - exchange an APDU with the active card
 * @slot: the slot, locked, card active
 * @cmd: command APDU
 * @cmd_len: its length
 * @rx: answer buffer
 * @rx_size: its size
 * @rx_len: set to the answer length
 * @raw: T=0 at TPDU level: one TPDU, no GET RESPONSE or re-issue
 *
 * An exchange that fails while the card is pulled (or pulled and put back,
 * which leaves it unpowered) may end in a transfer, protocol or timeout
 * error, depending on where the reader was; the card the caller talked to
 * is gone all the same, so ask the reader and say so (ENOMEDIUM). The slot's
 * event work then brings its state in line.
 *
 * Return: 0 or a negative errno of the table in
 * Documentation/userspace-api/ccid.rst.
 */
int ccid_transmit(struct ccid_slot *slot, const u8 *cmd, size_t cmd_len,
		  u8 *rx, size_t rx_size, size_t *rx_len, bool raw)
{
	int ret;
	u8 icc;

	lockdep_assert_held(&slot->lock);
	if (slot->state != CCID_CARD_ACTIVE)
		return slot->state == CCID_CARD_ABSENT ? -ENOMEDIUM : -EIO;

	ret = ccid_transmit_level(slot, cmd, cmd_len, rx, rx_size, rx_len, raw);
	if (ret != -EIO && ret != -EPROTO && ret != -ETIMEDOUT)
		return ret;
	if (!ccid_slot_get_status(slot, &icc) && icc != CCID_ICC_ACTIVE) {
		ccid_slot_event(slot);
		ret = -ENOMEDIUM;
	}
	return ret;
}

static int ccid_ctrl_answer(const struct ccid_reply *r, u8 *rx,
			    size_t rx_size, size_t *rx_len)
{
	if (r->length > rx_size)
		return -EOVERFLOW;
	memcpy(rx, r->data, r->length);
	*rx_len = r->length;
	return 0;
}

/**
 * ccid_secure() - PIN entry on the reader's PIN pad (PC_to_RDR_Secure)
 * @slot: the slot, locked, card active
 * @data: bPINOperation and the PIN verification/modification structure
 * @len: its length
 * @rx: answer buffer (the card's answer, or 64 00 / 64 01 when the entry
 *	timed out or was cancelled)
 * @rx_size: its size
 * @rx_len: set to the answer length
 *
 * Return: 0 or a negative errno.
 */
int ccid_secure(struct ccid_slot *slot, const u8 *data, size_t len, u8 *rx,
		size_t rx_size, size_t *rx_len)
{
	struct ccid_reader *rdr = slot->rdr;
	const u8 *sw = NULL;
	struct ccid_reply r;
	u8 need, *msg;
	int ret;

	lockdep_assert_held(&slot->lock);
	if (!len)
		return -EINVAL;
	if (data[0] == CCID_PIN_OP_VERIFY)
		need = CCID_PIN_SUPPORT_VERIFY;
	else if (data[0] == CCID_PIN_OP_MODIFY)
		need = CCID_PIN_SUPPORT_MODIFY;
	else
		return -EINVAL;
	if (!(rdr->pin_support & need))
		return -EOPNOTSUPP;
	if (slot->state != CCID_CARD_ACTIVE)
		return slot->state == CCID_CARD_ABSENT ? -ENOMEDIUM : -EIO;

	msg = kmalloc(CCID_HDR_LEN + len, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	ccid_msg_header(msg, PC_TO_RDR_SECURE, len, slot->index, 0, 0, 0, 0);
	memcpy(msg + CCID_HDR_LEN, data, len);
	ret = ccid_exec(slot, msg, CCID_HDR_LEN + len, &r,
			max(slot->timeout_ms, (unsigned int)CCID_PIN_TIMEOUT_MS));
	kfree(msg);
	if (ret)
		return ret;

	if ((r.status & CCID_CMD_STATUS_MASK) == CCID_CMD_FAILED) {
		if (r.error == CCID_ERR_PIN_TIMEOUT)
			sw = ccid_pin_timeout_sw;
		else if (r.error == CCID_ERR_PIN_CANCELLED)
			sw = ccid_pin_cancelled_sw;
	}
	if (sw) {
		if (rx_size < APDU_SW_LEN)
			return -EOVERFLOW;
		memcpy(rx, sw, APDU_SW_LEN);
		*rx_len = APDU_SW_LEN;
		return 0;
	}
	ret = ccid_slot_reply_errno(slot, &r);
	if (ret)
		return ret;
	return ccid_ctrl_answer(&r, rx, rx_size, rx_len);
}

/**
 * ccid_escape() - vendor command to the reader (PC_to_RDR_Escape)
 * @slot: the slot, locked
 * @data: the command
 * @len: its length
 * @rx: answer buffer
 * @rx_size: its size
 * @rx_len: set to the answer length
 *
 * Return: 0 or a negative errno.
 */
int ccid_escape(struct ccid_slot *slot, const u8 *data, size_t len, u8 *rx,
		size_t rx_size, size_t *rx_len)
{
	struct ccid_reply r;
	u8 *msg;
	int ret;

	lockdep_assert_held(&slot->lock);
	msg = kmalloc(CCID_HDR_LEN + len, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	ccid_msg_header(msg, PC_TO_RDR_ESCAPE, len, slot->index, 0, 0, 0, 0);
	memcpy(msg + CCID_HDR_LEN, data, len);
	ret = ccid_exec(slot, msg, CCID_HDR_LEN + len, &r,
			CCID_CMD_MIN_TIMEOUT_MS);
	kfree(msg);
	if (ret)
		return ret;
	if ((r.status & CCID_CMD_STATUS_MASK) == CCID_CMD_FAILED)
		return r.error == CCID_ERR_CMD_NOT_SUPPORTED ? -EOPNOTSUPP :
							       -EIO;
	return ccid_ctrl_answer(&r, rx, rx_size, rx_len);
}
