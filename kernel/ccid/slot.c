// SPDX-License-Identifier: GPL-2.0
/*
 * Slot state: card insertion and removal, activation (voltage selection,
 * ATR, protocol and parameter selection), reset and deactivation.
 */

#include <linux/slab.h>

#include "ccid.h"

/* ISO/IEC 7816-3: waiting times */
#define ISO_WT_FACTOR		960	/* WT = WI x 960 x Fi / f */
#define ISO_T1_BWT_ETU		11	/* BWT = 11 etu + 2^BWI x 960 x Fd / f */
#define ISO_FD			372
#define CCID_DEFAULT_CLOCK_KHZ	4000	/* when dwDefaultClock is 0 */

/* PPS (ISO/IEC 7816-3 section 9) */
#define PPSS			0xFF
#define PPS0_PPS1		0x10
#define PPS_LEN			4	/* PPSS PPS0 PPS1 PCK */

/* SetParameters abProtocolDataStructure (CCID 1.1 section 6.1.7) */
#define CCID_T0_PARAMS_LEN	5
#define CCID_T1_PARAMS_LEN	7
#define CCID_TCCKS_INVERSE	0x02
#define CCID_TCCKS_T1		0x10
#define CCID_TCCKS_CRC		0x01

/* T=1 IFSD offered when dwMaxIFSD does not say */
#define CCID_T1_IFSD		T1_MAX_INF

static const struct {
	u8 support;	/* bVoltageSupport bit */
	u8 select;	/* bPowerSelect */
	u8 class;	/* ATR class indicator bit: A 1, B 2, C 4 */
} ccid_voltages[] = {
	/* lowest class first, ISO/IEC 7816-3 section 6.2.4 */
	{ CCID_VOLTAGE_1_8V, CCID_POWER_1_8V, 0x04 },
	{ CCID_VOLTAGE_3V, CCID_POWER_3V, 0x02 },
	{ CCID_VOLTAGE_5V, CCID_POWER_5V, 0x01 },
};

void ccid_slot_init(struct ccid_slot *slot, struct ccid_reader *rdr,
		    unsigned int index)
{
	slot->rdr = rdr;
	slot->index = index;
	mutex_init(&slot->lock);
	init_waitqueue_head(&slot->wait);
	INIT_DELAYED_WORK(&slot->event_work, ccid_slot_event_work);
	INIT_DELAYED_WORK(&slot->hold_work, ccid_slot_hold_work);
	INIT_DELAYED_WORK(&slot->txn_work, ccid_txn_work);
}

/* Look at the slot again, from its event work (any context). */
void ccid_slot_event(struct ccid_slot *slot)
{
	ccid_queue(slot->rdr, &slot->event_work, 0);
}

void ccid_slot_changed(struct ccid_slot *slot, bool lost_power)
{
	set_bit(lost_power ? CCID_SLOT_LOST_POWER : CCID_SLOT_CHANGED,
		&slot->flags);
	ccid_slot_event(slot);
}

/* A card event node users can see: wake poll() and transaction waiters. */
static void ccid_slot_notify(struct ccid_slot *slot)
{
	slot->events++;
	wake_up_interruptible_all(&slot->wait);
}

static void ccid_slot_pm_hold(struct ccid_slot *slot, bool hold)
{
	struct ccid_reader *rdr = slot->rdr;

	if (slot->pm_held == hold || READ_ONCE(rdr->disconnected))
		return;
	slot->pm_held = hold;
	if (hold)
		usb_autopm_get_interface_no_resume(rdr->intf);
	else
		usb_autopm_put_interface_async(rdr->intf);
}

static u8 *ccid_slot_msg(size_t len)
{
	return kzalloc(CCID_HDR_LEN + len, GFP_KERNEL);
}

/*
 * Map a reply's status to an errno, noticing a card that went away (the
 * event work then tells everyone).
 */
int ccid_slot_reply_errno(struct ccid_slot *slot, const struct ccid_reply *r)
{
	if ((r->status & CCID_ICC_STATUS_MASK) == CCID_ICC_ABSENT) {
		if (slot->state != CCID_CARD_ABSENT)
			ccid_slot_event(slot);
		return -ENOMEDIUM;
	}
	return ccid_reply_errno(r);
}

/* Issue a header-only command and return its reply. */
static int ccid_slot_simple(struct ccid_slot *slot, u8 type, u8 p1,
			    struct ccid_reply *r)
{
	u8 *msg = ccid_slot_msg(0);
	int ret;

	if (!msg)
		return -ENOMEM;
	ccid_msg_header(msg, type, 0, slot->index, 0, p1, 0, 0);
	ret = ccid_exec(slot, msg, CCID_HDR_LEN, r, CCID_CMD_MIN_TIMEOUT_MS);
	kfree(msg);
	return ret;
}

int ccid_slot_get_status(struct ccid_slot *slot, u8 *icc)
{
	struct ccid_reply r;
	int ret;

	ret = ccid_slot_simple(slot, PC_TO_RDR_GET_SLOT_STATUS, 0, &r);
	if (ret)
		return ret;
	*icc = r.status & CCID_ICC_STATUS_MASK;
	return 0;
}

static void ccid_slot_forget_card(struct ccid_slot *slot,
				  enum ccid_card_state state)
{
	slot->state = state;
	memset(&slot->atr, 0, sizeof(slot->atr));
	slot->protocol = 0;
	slot->epoch++;
	ccid_slot_pm_hold(slot, false);
}

/* Per-command timeout from the card's waiting times and the reader clock */
static void ccid_slot_timeouts(struct ccid_slot *slot)
{
	const struct atr *atr = &slot->atr;
	u32 f = slot->rdr->desc.default_clock ?: CCID_DEFAULT_CLOCK_KHZ;
	unsigned int fi = ccid_atr_fi(atr->fidi) ?: ISO_FD;
	unsigned int di = ccid_atr_di(atr->fidi) ?: 1;
	u64 wt_ms;

	if (slot->protocol == ATR_T1) {
		/* BWT plus the time of one maximal block at the work etu */
		wt_ms = div_u64((u64)(1U << atr->bwi) * ISO_WT_FACTOR * ISO_FD,
				f);
		wt_ms += div_u64((u64)(ISO_T1_BWT_ETU + T1_BLOCK_MAX * 12) *
				 fi, (u64)di * f) + 1;
	} else {
		wt_ms = div_u64((u64)atr->wi * ISO_WT_FACTOR * fi, f);
		/* the answer's bytes at the work etu (12 etu per byte) */
		wt_ms += div_u64((u64)T0_RESP_MAX * 12 * fi, (u64)di * f) + 1;
	}
	slot->timeout_ms = clamp_t(u64, 2 * wt_ms, CCID_CMD_MIN_TIMEOUT_MS,
				   CCID_CMD_MAX_TIMEOUT_MS);
}

static int ccid_slot_set_params(struct ccid_slot *slot, u8 proto, u8 fidi)
{
	const struct atr *atr = &slot->atr;
	size_t len = proto == ATR_T1 ? CCID_T1_PARAMS_LEN : CCID_T0_PARAMS_LEN;
	struct ccid_reply r;
	u8 *msg, *p;
	int ret;

	msg = ccid_slot_msg(len);
	if (!msg)
		return -ENOMEM;
	ccid_msg_header(msg, PC_TO_RDR_SET_PARAMETERS, len, slot->index, 0,
			proto, 0, 0);
	p = msg + CCID_HDR_LEN;
	p[0] = fidi;
	p[1] = atr->inverse ? CCID_TCCKS_INVERSE : 0;
	p[2] = atr->n;
	if (proto == ATR_T1) {
		p[1] |= CCID_TCCKS_T1 | (atr->t1_crc ? CCID_TCCKS_CRC : 0);
		p[3] = (atr->bwi << 4) | atr->cwi;
		p[5] = atr->ifsc;
	} else {
		p[3] = atr->wi;
	}
	ret = ccid_exec(slot, msg, CCID_HDR_LEN + len, &r, slot->timeout_ms);
	kfree(msg);
	if (ret)
		return ret;
	return ccid_slot_reply_errno(slot, &r);
}

/* Send PPS through the reader and check the card's answer (echo). */
static int ccid_slot_pps(struct ccid_slot *slot, u8 proto, u8 fidi)
{
	struct ccid_reply r;
	u8 *msg, *pps;
	int ret;

	msg = ccid_slot_msg(PPS_LEN);
	if (!msg)
		return -ENOMEM;
	ccid_msg_header(msg, PC_TO_RDR_XFR_BLOCK, PPS_LEN, slot->index, 0,
			0, 0, 0);
	pps = msg + CCID_HDR_LEN;
	pps[0] = PPSS;
	pps[1] = PPS0_PPS1 | proto;
	pps[2] = fidi;
	pps[3] = pps[0] ^ pps[1] ^ pps[2];
	ret = ccid_exec(slot, msg, CCID_HDR_LEN + PPS_LEN, &r,
			slot->timeout_ms);
	if (!ret)
		ret = ccid_slot_reply_errno(slot, &r);
	if (!ret && (r.length != PPS_LEN || memcmp(r.data, pps, PPS_LEN)))
		ret = -EPROTO;
	kfree(msg);
	return ret;
}

/* Does the reader reach the card's TA1 speed? */
static bool ccid_slot_rate_ok(struct ccid_slot *slot, u8 fidi)
{
	const struct ccid_desc *d = &slot->rdr->desc;
	unsigned int fi = ccid_atr_fi(fidi), di = ccid_atr_di(fidi);
	u32 f = d->default_clock ?: CCID_DEFAULT_CLOCK_KHZ;

	if (!fi || !di)
		return false;
	/* bps = f * Di / Fi */
	return !d->max_data_rate ||
	       div_u64((u64)f * 1000 * di, fi) <= d->max_data_rate;
}

static int ccid_slot_reader_protocol(struct ccid_slot *slot, u32 usable)
{
	struct ccid_reply r;
	int ret;

	ret = ccid_slot_simple(slot, PC_TO_RDR_GET_PARAMETERS, 0, &r);
	if (ret)
		return ret;
	ret = ccid_slot_reply_errno(slot, &r);
	if (ret)
		return ret;
	if (r.param > ATR_T1 || !(usable & BIT(r.param)))
		return -EPROTONOSUPPORT;
	slot->protocol = r.param;
	return 0;
}

/*
 * Choose the protocol (and speed) of an active card: the reader's choice
 * when it negotiates itself, TA2's in specific mode, otherwise the first
 * offered one in @mask, with PPS and SetParameters where the reader does
 * not do them.
 */
static int ccid_slot_select(struct ccid_slot *slot, u32 mask)
{
	struct ccid_reader *rdr = slot->rdr;
	const struct atr *atr = &slot->atr;
	u32 feat = rdr->desc.features;
	u32 usable = atr->protocols & mask;
	u8 proto, fidi = ATR_DEFAULT_FIDI;
	int ret;

	if (!(rdr->desc.protocols & CCID_DESC_PROTO_T0))
		usable &= ~BIT(ATR_T0);
	if (!(rdr->desc.protocols & CCID_DESC_PROTO_T1))
		usable &= ~BIT(ATR_T1);
	if (!usable)
		return -EPROTONOSUPPORT;

	/* The reader negotiated by itself: ask it what it chose. */
	if (!atr->specific &&
	    (feat & (CCID_FEAT_AUTO_PARAM_NEG | CCID_FEAT_AUTO_PPS)))
		return ccid_slot_reader_protocol(slot, usable);

	if (atr->specific) {
		proto = atr->specific_protocol;
		if (!(usable & BIT(proto)))
			return -EPROTONOSUPPORT;
		if (!atr->specific_implicit)
			fidi = atr->fidi;
	} else {
		proto = (usable & BIT(atr->first_protocol)) ?
			atr->first_protocol : __ffs(usable);
		if (atr->fidi != ATR_DEFAULT_FIDI &&
		    ccid_slot_rate_ok(slot, atr->fidi))
			fidi = atr->fidi;
		/*
		 * PPS goes to the card through XfrBlock only at TPDU level;
		 * an APDU-level reader would take it for an APDU and does
		 * its own PPS from SetParameters.
		 */
		if ((proto != atr->first_protocol ||
		     fidi != ATR_DEFAULT_FIDI) &&
		    ccid_desc_level(&rdr->desc) == CCID_DESC_LEVEL_TPDU) {
			ret = ccid_slot_pps(slot, proto, fidi);
			if (ret)
				return ret;
		}
	}

	/*
	 * The reader's automatic parameters follow the ATR's first protocol
	 * at the default rate: anything else must be set.
	 */
	slot->protocol = proto;
	if (!(feat & CCID_FEAT_AUTO_PARAM_ATR) || fidi != ATR_DEFAULT_FIDI ||
	    proto != atr->first_protocol || atr->specific) {
		ret = ccid_slot_set_params(slot, proto, fidi);
		if (ret)
			return ret;
	}
	return 0;
}

/* Activate the card and read its ATR (voltage classes lowest first). */
static int ccid_slot_activate(struct ccid_slot *slot)
{
	struct ccid_reader *rdr = slot->rdr;
	struct ccid_reply r;
	unsigned int i;
	int ret = -ENODEV;

	for (i = 0; i < ARRAY_SIZE(ccid_voltages) + 1; i++) {
		u8 sel, cls = 0;

		if (rdr->desc.features & CCID_FEAT_AUTO_VOLTAGE) {
			if (i)
				break;
			sel = CCID_POWER_AUTO;
		} else {
			if (i == ARRAY_SIZE(ccid_voltages))
				break;
			if (!(rdr->desc.voltage_support &
			      ccid_voltages[i].support))
				continue;
			sel = ccid_voltages[i].select;
			cls = ccid_voltages[i].class;
		}

		ret = ccid_slot_simple(slot, PC_TO_RDR_ICC_POWER_ON, sel, &r);
		if (ret)
			return ret;
		ret = ccid_slot_reply_errno(slot, &r);
		if (ret == -ETIMEDOUT || ret == -EIO) {
			/* mute at this class: deactivate, try the next */
			if (!ccid_slot_simple(slot, PC_TO_RDR_ICC_POWER_OFF, 0,
					      &r))
				continue;
			return ret;
		}
		if (ret)
			return ret;

		ret = ccid_atr_parse(r.data, r.length, &slot->atr);
		if (ret) {
			dev_warn(&slot->dev, "unusable ATR (%d, %u bytes)\n",
				 ret, r.length);
			return -EIO;
		}
		if (cls && slot->atr.class_ind && !(slot->atr.class_ind & cls)) {
			/* the card refuses this class: deactivate, go up */
			ret = ccid_slot_simple(slot, PC_TO_RDR_ICC_POWER_OFF, 0,
					       &r);
			if (ret)
				return ret;
			ret = -EIO;
			continue;
		}
		return 0;
	}
	return ret;
}

/*
 * Activate the card with a protocol of @mask (BIT(ATR_T0), BIT(ATR_T1)),
 * then open the protocol session: timeouts, and for T=1 the block state
 * and the IFSD negotiation.
 */
static int ccid_slot_power_on(struct ccid_slot *slot, u32 mask)
{
	struct ccid_reader *rdr = slot->rdr;
	u8 ifsd;
	int ret;

	ret = ccid_slot_activate(slot);
	if (ret)
		return ret;

	slot->state = CCID_CARD_ACTIVE;
	ccid_slot_pm_hold(slot, true);
	slot->timeout_ms = CCID_CMD_MIN_TIMEOUT_MS;
	ret = ccid_slot_select(slot, mask);
	if (ret) {
		dev_warn(&slot->dev, "no usable protocol (%d)\n", ret);
		return ret;
	}
	ccid_slot_timeouts(slot);

	if (slot->protocol == ATR_T1) {
		ifsd = min_t(u32, rdr->desc.max_ifsd ?: CCID_T1_IFSD,
			     CCID_T1_IFSD);
		ccid_t1_init(&slot->t1, slot->atr.ifsc, ifsd,
			     slot->atr.t1_crc);
		ret = ccid_t1_start(slot);
		if (ret)
			return ret;
	}
	return 0;
}

/* Power the card off; the slot state follows. Slot lock held. */
int ccid_slot_power_off(struct ccid_slot *slot)
{
	struct ccid_reply r;
	int ret;

	ret = ccid_slot_simple(slot, PC_TO_RDR_ICC_POWER_OFF, 0, &r);
	if (!ret)
		ret = ccid_slot_reply_errno(slot, &r);
	if (slot->state == CCID_CARD_ACTIVE)
		ccid_slot_forget_card(slot, CCID_CARD_INACTIVE);
	return ret;
}

/*
 * Power up a present card, from scratch. On failure the card stays
 * present but inactive. Slot lock held.
 */
static int ccid_slot_start(struct ccid_slot *slot, u32 mask)
{
	int ret;

	ret = ccid_slot_power_on(slot, mask);
	if (ret && ret != -ENODEV && ret != -ENOMEDIUM) {
		dev_warn(&slot->dev, "card activation failed (%d)\n", ret);
		ccid_slot_power_off(slot);
	}
	if (ret)
		ccid_slot_forget_card(slot, ret == -ENOMEDIUM ?
				      CCID_CARD_ABSENT : CCID_CARD_INACTIVE);
	return ret;
}

/* Reset the card, activating it with a protocol of @mask. */
static int ccid_slot_restart(struct ccid_slot *slot, bool cold, u32 mask)
{
	int ret;

	if (slot->state == CCID_CARD_ABSENT)
		return -ENOMEDIUM;
	if (cold || slot->state != CCID_CARD_ACTIVE) {
		ret = ccid_slot_power_off(slot);
		if (ret == -ENODEV || ret == -ENOMEDIUM)
			return ret;
	}
	ret = ccid_slot_start(slot, mask);
	slot->epoch++;
	ccid_slot_notify(slot);
	return ret;
}

/**
 * ccid_slot_reset() - reset the card
 * @slot: the slot, locked
 * @cold: power cycle (IccPowerOff, IccPowerOn); otherwise IccPowerOn on
 *	the powered card, which readers perform as a warm reset
 *
 * Every handle sees the reset (ECONNRESET) except the caller's, which
 * updates its own epoch.
 *
 * Return: 0 or a negative errno.
 */
int ccid_slot_reset(struct ccid_slot *slot, bool cold)
{
	return ccid_slot_restart(slot, cold, BIT(ATR_T0) | BIT(ATR_T1));
}

/**
 * ccid_slot_set_protocol() - restrict the active card to protocols in @mask
 * @slot: the slot, locked
 * @mask: CCID_PROTO_* acceptable
 *
 * Return: the chosen protocol as CCID_PROTO_*, or a negative errno.
 */
int ccid_slot_set_protocol(struct ccid_slot *slot, u32 mask)
{
	u32 want = 0;
	int ret;

	if (mask & CCID_PROTO_T0)
		want |= BIT(ATR_T0);
	if (mask & CCID_PROTO_T1)
		want |= BIT(ATR_T1);
	if (slot->state != CCID_CARD_ACTIVE)
		return slot->state == CCID_CARD_ABSENT ? -ENOMEDIUM : -EIO;
	if (!(want & BIT(slot->protocol))) {
		/*
		 * Another protocol needs a fresh activation: PPS is allowed
		 * only right after the ATR, and a T=1 session starts anew.
		 */
		ret = ccid_slot_restart(slot, true, want);
		if (ret)
			return ret;
	}
	return slot->protocol == ATR_T1 ? CCID_PROTO_T1 : CCID_PROTO_T0;
}

void ccid_slot_hold_work(struct work_struct *work)
{
	struct ccid_slot *slot = container_of(to_delayed_work(work),
					      struct ccid_slot, hold_work);

	/* The reader's works are ordered: never block them behind a command. */
	if (!mutex_trylock(&slot->lock)) {
		ccid_queue(slot->rdr, &slot->hold_work,
			   msecs_to_jiffies(CCID_EVENT_RETRY_MS));
		return;
	}
	if (slot->held) {
		dev_warn(&slot->dev, "filter discovery overran, releasing card\n");
		slot->held = false;
		ccid_slot_notify(slot);
	}
	mutex_unlock(&slot->lock);
}

/*
 * Bring the slot state in line with the reader's (interrupt, poll, reply
 * status, resume), then tell the filter. Runs on the reader's ordered
 * workqueue, so one instance at a time for all slots of a reader.
 */
void ccid_slot_event_work(struct work_struct *work)
{
	struct ccid_slot *slot = container_of(to_delayed_work(work),
					      struct ccid_slot, event_work);
	bool changed, lost, removed = false, inserted = false;
	u8 icc;
	int ret;

	down_read(&ccid_filter_rwsem);
	if (!mutex_trylock(&slot->lock)) {
		/*
		 * A command holds the slot, for as long as its time
		 * extensions or a PIN entry last: look again a little later
		 * instead of keeping a worker blocked (and looking hung) for
		 * that long.
		 */
		up_read(&ccid_filter_rwsem);
		ccid_queue(slot->rdr, &slot->event_work,
			   msecs_to_jiffies(CCID_EVENT_RETRY_MS));
		return;
	}
	changed = test_and_clear_bit(CCID_SLOT_CHANGED, &slot->flags);
	lost = test_and_clear_bit(CCID_SLOT_LOST_POWER, &slot->flags);

	ret = ccid_slot_get_status(slot, &icc);
	if (ret) {
		if (ret != -ENODEV)
			dev_dbg(&slot->dev, "slot status: %d\n", ret);
		goto out_unlock;
	}

	/* Gone, or swapped between two notifications: a removal first. */
	if (slot->state != CCID_CARD_ABSENT &&
	    (icc == CCID_ICC_ABSENT || (changed && !slot->held &&
					slot->state == CCID_CARD_ACTIVE &&
					icc != CCID_ICC_ACTIVE))) {
		ccid_txn_abandon(slot);
		ccid_slot_forget_card(slot, CCID_CARD_ABSENT);
		slot->held = false;
		removed = slot->filter_card;
		slot->filter_card = false;
		ccid_slot_notify(slot);
		dev_dbg(&slot->dev, "card removed\n");
	}

	if (slot->state == CCID_CARD_ABSENT && icc != CCID_ICC_ABSENT) {
		slot->state = CCID_CARD_INACTIVE;
		slot->epoch++;
		ret = ccid_slot_start(slot, BIT(ATR_T0) | BIT(ATR_T1));
		inserted = ccid_filter_claim(slot);
		if (!inserted && slot->state != CCID_CARD_ABSENT)
			ccid_slot_notify(slot);
		dev_dbg(&slot->dev, "card inserted (%d)\n", ret);
	} else if (slot->state == CCID_CARD_ACTIVE &&
		   (lost || icc != CCID_ICC_ACTIVE)) {
		/* deactivated under us: hardware error, reset-resume */
		dev_info(&slot->dev, "card lost power, reactivating\n");
		ccid_txn_abandon(slot);
		ccid_slot_forget_card(slot, CCID_CARD_INACTIVE);
		ccid_slot_start(slot, BIT(ATR_T0) | BIT(ATR_T1));
		ccid_slot_notify(slot);
	} else {
		/* active before the filter saw the slot (probe) */
		inserted = ccid_filter_claim(slot);
	}

out_unlock:
	mutex_unlock(&slot->lock);

	if (removed)
		ccid_filter->card_removed(slot);
	if (inserted)
		ccid_filter->card_inserted(slot);
	up_read(&ccid_filter_rwsem);
}
