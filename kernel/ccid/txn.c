// SPDX-License-Identifier: GPL-2.0
/*
 * Exclusive transactions on a slot. While one handle holds the
 * transaction, card operations of other handles wait (or fail with EBUSY
 * under O_NONBLOCK). As on Windows 8, a transaction left idle for more than
 * CCID_TXN_IDLE_MS resets the card and ends; every handle, the holder
 * included, then gets ECONNRESET once.
 */

#include "ccid.h"

static void ccid_txn_arm(struct ccid_slot *slot)
{
	slot->txn_last = jiffies;
	ccid_queue(slot->rdr, &slot->txn_work,
		   msecs_to_jiffies(CCID_TXN_IDLE_MS));
}

static void ccid_txn_clear(struct ccid_slot *slot)
{
	slot->txn_owner = NULL;
	cancel_delayed_work(&slot->txn_work);
	wake_up_interruptible_all(&slot->wait);
}

/**
 * ccid_txn_enter() - wait until no other handle holds the transaction
 * @f: the handle
 * @nonblock: fail with -EBUSY instead of waiting
 *
 * Called with the slot lock held; it is dropped while waiting and held
 * again on return, whatever the result.
 *
 * Return: 0, -EBUSY, -EINTR or -ENODEV.
 */
int ccid_txn_enter(struct ccid_file *f, bool nonblock)
{
	struct ccid_slot *slot = f->slot;
	struct ccid_reader *rdr = slot->rdr;
	int ret;

	while (slot->txn_owner && slot->txn_owner != f) {
		if (nonblock)
			return -EBUSY;
		mutex_unlock(&slot->lock);
		ret = wait_event_interruptible(slot->wait,
					       !READ_ONCE(slot->txn_owner) ||
					       READ_ONCE(rdr->disconnected));
		mutex_lock(&slot->lock);
		if (ret)
			return -EINTR;
		if (READ_ONCE(rdr->disconnected))
			return -ENODEV;
	}
	return 0;
}

/**
 * ccid_txn_leave() - an operation of @f ended: restart the idle clock
 * @f: the handle
 */
void ccid_txn_leave(struct ccid_file *f)
{
	if (f->slot->txn_owner == f)
		ccid_txn_arm(f->slot);
}

/* Slot lock held */
int ccid_txn_begin(struct ccid_file *f, bool nonblock)
{
	struct ccid_slot *slot = f->slot;
	int ret;

	ret = ccid_txn_enter(f, nonblock);
	if (ret)
		return ret;
	if (slot->state == CCID_CARD_ABSENT || slot->held)
		return -ENOMEDIUM;
	slot->txn_owner = f;
	ccid_txn_arm(slot);
	return 0;
}

/* Slot lock held */
int ccid_txn_end(struct ccid_file *f, unsigned long disposition)
{
	struct ccid_slot *slot = f->slot;
	int ret = 0;

	if (disposition != CCID_TXN_LEAVE && disposition != CCID_TXN_RESET)
		return -EINVAL;
	if (slot->txn_owner != f)
		return -EINVAL;
	if (disposition == CCID_TXN_RESET) {
		ret = ccid_slot_reset(slot, false);
		f->epoch = slot->epoch;
	}
	ccid_txn_clear(slot);
	return ret;
}

/* The handle is closing. Slot lock not held. */
void ccid_txn_release(struct ccid_file *f)
{
	struct ccid_slot *slot = f->slot;

	/*
	 * Only the owner has anything to clear, and only its own ioctls,
	 * none of which runs any more, make it the owner: a handle without
	 * the transaction need not wait for the slot, which another
	 * handle's command may hold for minutes.
	 */
	if (READ_ONCE(slot->txn_owner) != f)
		return;
	mutex_lock(&slot->lock);
	if (slot->txn_owner == f)
		ccid_txn_clear(slot);
	mutex_unlock(&slot->lock);
}

/* The card went away or was reset under everyone. Slot lock held. */
void ccid_txn_abandon(struct ccid_slot *slot)
{
	if (slot->txn_owner)
		ccid_txn_clear(slot);
}

void ccid_txn_work(struct work_struct *work)
{
	struct ccid_slot *slot = container_of(to_delayed_work(work),
					      struct ccid_slot, txn_work);
	unsigned long idle = msecs_to_jiffies(CCID_TXN_IDLE_MS);

	if (!mutex_trylock(&slot->lock)) {
		/*
		 * A command holds the slot, maybe for minutes: the
		 * transaction is not idle. Look again when it may be.
		 */
		ccid_queue(slot->rdr, &slot->txn_work,
			   msecs_to_jiffies(CCID_EVENT_RETRY_MS));
		return;
	}
	if (slot->txn_owner) {
		if (time_before(jiffies, slot->txn_last + idle)) {
			ccid_queue(slot->rdr, &slot->txn_work,
				   slot->txn_last + idle - jiffies);
		} else {
			dev_info(&slot->dev,
				 "transaction idle for more than %u ms: resetting card\n",
				 CCID_TXN_IDLE_MS);
			ccid_txn_clear(slot);
			ccid_slot_reset(slot, true);
		}
	}
	mutex_unlock(&slot->lock);
}
