// SPDX-License-Identifier: GPL-2.0
/*
 * The stacked-filter interface (kernel/include/ccid_filter.h): slot and
 * card events out to one registered filter (scfilter.ko), APDU exchange
 * in from it.
 */

#include <linux/module.h>

#include "ccid.h"

DECLARE_RWSEM(ccid_filter_rwsem);
const struct ccid_filter_ops *ccid_filter;

/**
 * ccid_filter_claim() - owe the filter a card_inserted for an active card
 * @slot: the slot; its lock is held
 *
 * The card is held back from node users while the filter names it (until
 * ccid_slot_card_ready() or the hold timeout). Each card is claimed once:
 * the caller then calls card_inserted, outside the slot lock. Callers are
 * the slot's event work and ccid_filter_register(), which exclude each other
 * through ccid_filter_rwsem.
 *
 * Return: true when the caller must call card_inserted.
 */
bool ccid_filter_claim(struct ccid_slot *slot)
{
	lockdep_assert_held(&slot->lock);

	if (!ccid_filter || !slot->filter_added || slot->filter_card ||
	    slot->state != CCID_CARD_ACTIVE ||
	    READ_ONCE(slot->rdr->disconnected))
		return false;
	slot->filter_card = true;
	if (!slot->held) {
		slot->held = true;
		ccid_queue(slot->rdr, &slot->hold_work,
			   msecs_to_jiffies(CCID_FILTER_HOLD_MS));
	}
	return true;
}

/**
 * ccid_filter_register() - attach the stacked filter
 * @ops: its callbacks, all four set
 *
 * Existing slots are replayed: slot_added for each, card_inserted for each
 * active card (which is then held back from node users until
 * ccid_slot_card_ready()).
 *
 * Return: 0, -EINVAL, or -EBUSY when a filter is already attached.
 */
int ccid_filter_register(const struct ccid_filter_ops *ops)
{
	struct ccid_reader *rdr;
	unsigned int i;

	if (!ops || !ops->slot_added || !ops->slot_removed ||
	    !ops->card_inserted || !ops->card_removed)
		return -EINVAL;

	down_write(&ccid_filter_rwsem);
	if (ccid_filter) {
		up_write(&ccid_filter_rwsem);
		return -EBUSY;
	}
	ccid_filter = ops;

	mutex_lock(&ccid_readers_mutex);
	list_for_each_entry(rdr, &ccid_readers, node) {
		for (i = 0; i < rdr->nslots; i++) {
			struct ccid_slot *slot = &rdr->slots[i];

			bool claimed;

			slot->filter_added = true;
			ops->slot_added(slot);
			mutex_lock(&slot->lock);
			claimed = ccid_filter_claim(slot);
			mutex_unlock(&slot->lock);
			if (claimed)
				ops->card_inserted(slot);
		}
	}
	mutex_unlock(&ccid_readers_mutex);
	up_write(&ccid_filter_rwsem);
	return 0;
}
EXPORT_SYMBOL_GPL(ccid_filter_register);

/**
 * ccid_filter_unregister() - detach the stacked filter
 * @ops: what ccid_filter_register() was given
 *
 * No callback runs once this returns; held cards are released to node
 * users. The filter tears down its own per-slot state.
 */
void ccid_filter_unregister(const struct ccid_filter_ops *ops)
{
	struct ccid_reader *rdr;
	unsigned int i;

	down_write(&ccid_filter_rwsem);
	if (WARN_ON(ccid_filter != ops)) {
		up_write(&ccid_filter_rwsem);
		return;
	}
	mutex_lock(&ccid_readers_mutex);
	list_for_each_entry(rdr, &ccid_readers, node) {
		for (i = 0; i < rdr->nslots; i++) {
			struct ccid_slot *slot = &rdr->slots[i];

			ccid_slot_card_ready(slot);
			slot->filter_card = false;
			slot->filter_added = false;
		}
	}
	mutex_unlock(&ccid_readers_mutex);
	ccid_filter = NULL;
	up_write(&ccid_filter_rwsem);
}
EXPORT_SYMBOL_GPL(ccid_filter_unregister);

/*
 * A reader was probed: its slots appear to the filter. A card may already
 * be active (the interrupt endpoint runs before this): the slot's event
 * work, queued by the caller afterwards, claims it for the filter, so that
 * card_inserted and card_removed for a slot only ever come from that one
 * work item (or from ccid_filter_register(), which excludes it).
 */
void ccid_filter_reader_added(struct ccid_reader *rdr)
{
	unsigned int i;

	down_read(&ccid_filter_rwsem);
	for (i = 0; ccid_filter && i < rdr->nslots; i++) {
		struct ccid_slot *slot = &rdr->slots[i];

		if (slot->filter_added)
			continue;
		ccid_filter->slot_added(slot);
		/* after slot_added: the event work reads it to claim cards */
		mutex_lock(&slot->lock);
		slot->filter_added = true;
		mutex_unlock(&slot->lock);
	}
	up_read(&ccid_filter_rwsem);
}

/* The reader is gone: cards then slots disappear from the filter. */
void ccid_filter_reader_removed(struct ccid_reader *rdr)
{
	unsigned int i;

	down_read(&ccid_filter_rwsem);
	for (i = 0; ccid_filter && i < rdr->nslots; i++) {
		struct ccid_slot *slot = &rdr->slots[i];

		if (slot->filter_card) {
			slot->filter_card = false;
			ccid_filter->card_removed(slot);
		}
		if (slot->filter_added) {
			slot->filter_added = false;
			ccid_filter->slot_removed(slot);
		}
	}
	up_read(&ccid_filter_rwsem);
}

/**
 * ccid_slot_get() - take a reference on a slot (and its reader)
 * @slot: the slot
 */
void ccid_slot_get(struct ccid_slot *slot)
{
	ccid_reader_get(slot->rdr);
}
EXPORT_SYMBOL_GPL(ccid_slot_get);

/**
 * ccid_slot_put() - drop a reference taken with ccid_slot_get()
 * @slot: the slot
 */
void ccid_slot_put(struct ccid_slot *slot)
{
	ccid_reader_put(slot->rdr);
}
EXPORT_SYMBOL_GPL(ccid_slot_put);

/**
 * ccid_slot_ident() - what identifies a slot and its reader
 * @slot: the slot
 * @id: filled in
 */
void ccid_slot_ident(struct ccid_slot *slot, struct ccid_slot_ident *id)
{
	struct ccid_reader *rdr = slot->rdr;

	memset(id, 0, sizeof(*id));
	id->vendor = le16_to_cpu(rdr->udev->descriptor.idVendor);
	id->product = le16_to_cpu(rdr->udev->descriptor.idProduct);
	id->reader = rdr->index;
	id->slot = slot->index;
	id->nslots = rdr->nslots;
	strscpy(id->name, dev_name(&slot->dev), sizeof(id->name));
	if (rdr->udev->serial)
		strscpy(id->serial, rdr->udev->serial, sizeof(id->serial));
	if (rdr->udev->product)
		strscpy(id->product_name, rdr->udev->product,
			sizeof(id->product_name));
}
EXPORT_SYMBOL_GPL(ccid_slot_ident);

/**
 * ccid_slot_device() - the slot's class device (/dev/ccid<R>s<S>)
 * @slot: the slot
 *
 * Return: the device, valid while a slot reference is held; the parent of
 * the filter's card device.
 */
struct device *ccid_slot_device(struct ccid_slot *slot)
{
	return &slot->dev;
}
EXPORT_SYMBOL_GPL(ccid_slot_device);

/**
 * ccid_slot_atr() - copy the active card's ATR
 * @slot: the slot
 * @atr: buffer
 * @size: its size (CCID_ATR_MAX is enough)
 *
 * Return: the ATR length, -ENOMEDIUM when no card is active, -EOVERFLOW.
 */
int ccid_slot_atr(struct ccid_slot *slot, u8 *atr, size_t size)
{
	int ret;

	mutex_lock(&slot->lock);
	if (slot->state != CCID_CARD_ACTIVE) {
		ret = -ENOMEDIUM;
	} else if (slot->atr.len > size) {
		ret = -EOVERFLOW;
	} else {
		memcpy(atr, slot->atr.raw, slot->atr.len);
		ret = slot->atr.len;
	}
	mutex_unlock(&slot->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(ccid_slot_atr);

/**
 * ccid_slot_transmit() - exchange an APDU with the card, for the filter
 * @slot: the slot
 * @cmd: command APDU
 * @cmd_len: its length
 * @rx: answer buffer
 * @rx_size: its size
 * @rx_len: set to the answer length
 *
 * Final-answer semantics (T=0 GET RESPONSE and re-issue done here); works
 * while the card is held back from node users; bounded in time.
 *
 * Return: 0 or a negative errno of the node's table.
 */
int ccid_slot_transmit(struct ccid_slot *slot, const u8 *cmd, size_t cmd_len,
		       u8 *rx, size_t rx_size, size_t *rx_len)
{
	int ret;

	mutex_lock(&slot->lock);
	if (READ_ONCE(slot->rdr->disconnected))
		ret = -ENODEV;
	else
		ret = ccid_transmit(slot, cmd, cmd_len, rx, rx_size, rx_len,
				    false);
	mutex_unlock(&slot->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(ccid_slot_transmit);

/**
 * ccid_slot_warm_reset() - warm reset of the card after discovery
 * @slot: the slot
 *
 * Return: 0 or a negative errno.
 */
int ccid_slot_warm_reset(struct ccid_slot *slot)
{
	int ret;

	mutex_lock(&slot->lock);
	if (READ_ONCE(slot->rdr->disconnected))
		ret = -ENODEV;
	else
		ret = ccid_slot_reset(slot, false);
	mutex_unlock(&slot->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(ccid_slot_warm_reset);

/**
 * ccid_slot_card_ready() - discovery is over: show the card to node users
 * @slot: the slot
 */
void ccid_slot_card_ready(struct ccid_slot *slot)
{
	mutex_lock(&slot->lock);
	if (slot->held) {
		slot->held = false;
		cancel_delayed_work(&slot->hold_work);
		slot->events++;
		wake_up_interruptible_all(&slot->wait);
	}
	mutex_unlock(&slot->lock);
}
EXPORT_SYMBOL_GPL(ccid_slot_card_ready);
