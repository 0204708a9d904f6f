// SPDX-License-Identifier: GPL-2.0
/*
 * Readers and slots as ccid.ko reports them, and what happens on card
 * insertion: a card device, discovery on scfilter's workqueue (bounded in
 * time), a warm reset when discovery selected anything, the release of the
 * card to node users, then the "add" uevent and the card-insert
 * notification.
 */

#include <linux/jiffies.h>
#include <linux/slab.h>

#include "scfilter.h"

/* Lists, slot->card and the order of notifications: see scfilter.h */
DEFINE_MUTEX(scf_lock);
LIST_HEAD(scf_readers);
LIST_HEAD(scf_slots);

static struct workqueue_struct *scf_wq;

/**
 * scf_reader_find() - a reader by index
 * @reader: R
 *
 * Context: scf_lock held.
 * Return: the reader or NULL.
 */
struct scf_reader *scf_reader_find(unsigned int reader)
{
	struct scf_reader *rdr;

	lockdep_assert_held(&scf_lock);
	list_for_each_entry(rdr, &scf_readers, node)
		if (rdr->ident.reader == reader)
			return rdr;
	return NULL;
}

/**
 * scf_slot_find() - a slot by reader index and slot number
 * @reader: R
 * @slot: S
 *
 * Context: scf_lock held.
 * Return: the slot or NULL.
 */
struct scf_slot *scf_slot_find(unsigned int reader, unsigned int slot)
{
	struct scf_slot *s;

	lockdep_assert_held(&scf_lock);
	list_for_each_entry(s, &scf_slots, node)
		if (s->ident.reader == reader && s->ident.slot == slot)
			return s;
	return NULL;
}

static struct scf_slot *scf_slot_of(struct ccid_slot *cslot)
{
	struct scf_slot *s, *found = NULL;

	mutex_lock(&scf_lock);
	list_for_each_entry(s, &scf_slots, node) {
		if (s->cslot == cslot) {
			found = s;
			break;
		}
	}
	mutex_unlock(&scf_lock);
	return found;
}

static bool scf_slot_before(const struct scf_slot *a, const struct scf_slot *b)
{
	if (a->ident.reader != b->ident.reader)
		return a->ident.reader < b->ident.reader;
	return a->ident.slot < b->ident.slot;
}

/* Keep scf_slots sorted, so that dumps can resume by key */
static void scf_slot_insert(struct scf_slot *new)
{
	struct scf_slot *s;

	list_for_each_entry(s, &scf_slots, node) {
		if (scf_slot_before(new, s)) {
			list_add_tail(&new->node, &s->node);
			return;
		}
	}
	list_add_tail(&new->node, &scf_slots);
}

static void scf_reader_insert(struct scf_reader *new)
{
	struct scf_reader *rdr;

	list_for_each_entry(rdr, &scf_readers, node) {
		if (new->ident.reader < rdr->ident.reader) {
			list_add_tail(&new->node, &rdr->node);
			return;
		}
	}
	list_add_tail(&new->node, &scf_readers);
}

/* Discovery transport: ccid.ko's slot, within the time budget */
struct scf_disc_ctx {
	struct ccid_slot *cslot;
	unsigned long deadline;
};

/*
 * A discovery command the card left unanswered gets one more try while the
 * budget lasts: the name decides which driver the card gets, and one lost
 * answer (a card or reader hiccup; QEMU's emulated card loses one now and
 * then) must not name the card differently. Discovery commands (SELECT,
 * GET DATA, READ BINARY) can be repeated without effect on the card.
 */
static int scf_disc_transmit(void *ctx, const u8 *cmd, size_t cmd_len, u8 *rx,
			     size_t rx_size, size_t *rx_len)
{
	struct scf_disc_ctx *c = ctx;
	int ret;

	ret = ccid_slot_transmit(c->cslot, cmd, cmd_len, rx, rx_size, rx_len);
	if (ret == -ETIMEDOUT && !time_after(jiffies, c->deadline))
		ret = ccid_slot_transmit(c->cslot, cmd, cmd_len, rx, rx_size,
					 rx_len);
	return ret;
}

static bool scf_disc_expired(void *ctx)
{
	struct scf_disc_ctx *c = ctx;

	return time_after(jiffies, c->deadline);
}

static const struct scf_disc_ops scf_ccid_disc_ops = {
	.transmit = scf_disc_transmit,
	.expired = scf_disc_expired,
};

static void scf_disc_work(struct work_struct *work)
{
	struct scf_slot *s = container_of(work, struct scf_slot, disc_work);
	char gids[SCF_PNP_ID_MAX];
	struct scf_disc_result *res;
	struct scf_disc_ctx ctx;
	struct scf_card *card;
	u32 state;
	int ret;

	/* Stable: card_removed() cancels this work before clearing it */
	mutex_lock(&scf_lock);
	card = s->card;
	mutex_unlock(&scf_lock);
	if (WARN_ON(!card))
		return;

	res = kzalloc(sizeof(*res), GFP_KERNEL);
	if (!scf_pnp_enabled()) {
		state = SCF_CARD_STATE_PNP_DISABLED;
	} else if (!res) {
		state = SCF_CARD_STATE_UNKNOWN;
	} else {
		ctx.cslot = s->cslot;
		ctx.deadline = jiffies + msecs_to_jiffies(scf_discovery_ms());
		scf_gids_compat_id(gids, sizeof(gids));
		ret = scf_discover(&scf_ccid_disc_ops, &ctx, card->atr,
				   card->atr_len, gids, res);
		state = ret ? SCF_CARD_STATE_UNKNOWN : SCF_CARD_STATE_READY;
		dev_dbg(&card->dev, "discovery: %d after %u APDUs, source %u\n",
			ret, res->napdus, res->source);
		if (res->selected) {
			ret = ccid_slot_warm_reset(s->cslot);
			if (ret)
				dev_warn(&card->dev,
					 "warm reset after discovery: %d\n",
					 ret);
		}
	}
	scf_card_set_result(card, state,
			    state == SCF_CARD_STATE_READY ? res : NULL);
	kfree(res);

	/* Node users first, so that whoever reacts to the uevent finds it */
	ccid_slot_card_ready(s->cslot);

	mutex_lock(&scf_lock);
	scf_card_announce(card);
	scf_notify_card(SCF_CMD_CARD_INSERT, card);
	mutex_unlock(&scf_lock);
}

static void scf_slot_added(struct ccid_slot *cslot)
{
	struct scf_reader *rdr;
	struct scf_slot *s;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return;
	ccid_slot_get(cslot);
	s->cslot = cslot;
	ccid_slot_ident(cslot, &s->ident);
	INIT_WORK(&s->disc_work, scf_disc_work);

	mutex_lock(&scf_lock);
	rdr = scf_reader_find(s->ident.reader);
	if (!rdr) {
		rdr = kzalloc(sizeof(*rdr), GFP_KERNEL);
		if (!rdr) {
			mutex_unlock(&scf_lock);
			ccid_slot_put(cslot);
			kfree(s);
			return;
		}
		rdr->ident = s->ident;
		scf_reader_insert(rdr);
		scf_notify_reader(SCF_CMD_READER_ADD, rdr);
	}
	rdr->nslots++;
	scf_slot_insert(s);
	mutex_unlock(&scf_lock);
}

static void scf_slot_card_gone(struct scf_slot *s)
{
	struct scf_card *card;

	/* Discovery ends quickly: the card is gone, its APDUs fail */
	cancel_work_sync(&s->disc_work);

	mutex_lock(&scf_lock);
	card = s->card;
	s->card = NULL;
	if (card && card->announced)
		scf_notify_card(SCF_CMD_CARD_REMOVE, card);
	mutex_unlock(&scf_lock);
	if (card)
		scf_card_del(card);
}

static void scf_card_inserted(struct ccid_slot *cslot)
{
	struct scf_slot *s = scf_slot_of(cslot);
	struct scf_card *card;

	if (!s) {
		ccid_slot_card_ready(cslot);
		return;
	}
	/* Never two cards in a slot, whatever the order of events */
	if (WARN_ON_ONCE(s->card))
		scf_slot_card_gone(s);
	card = scf_card_add(s);
	if (IS_ERR(card)) {
		dev_warn(ccid_slot_device(cslot), "no card device: %ld\n",
			 PTR_ERR(card));
		ccid_slot_card_ready(cslot);
		return;
	}
	mutex_lock(&scf_lock);
	s->card = card;
	mutex_unlock(&scf_lock);
	queue_work(scf_wq, &s->disc_work);
}

static void scf_card_removed(struct ccid_slot *cslot)
{
	struct scf_slot *s = scf_slot_of(cslot);

	if (s)
		scf_slot_card_gone(s);
}

static void scf_slot_forget(struct scf_slot *s)
{
	struct scf_reader *rdr;

	scf_slot_card_gone(s);

	mutex_lock(&scf_lock);
	list_del(&s->node);
	rdr = scf_reader_find(s->ident.reader);
	if (rdr && !--rdr->nslots) {
		scf_notify_reader(SCF_CMD_READER_DEL, rdr);
		list_del(&rdr->node);
		kfree(rdr);
	}
	mutex_unlock(&scf_lock);

	ccid_slot_put(s->cslot);
	kfree(s);
}

static void scf_slot_removed(struct ccid_slot *cslot)
{
	struct scf_slot *s = scf_slot_of(cslot);

	if (s)
		scf_slot_forget(s);
}

static const struct ccid_filter_ops scf_filter_ops = {
	.slot_added = scf_slot_added,
	.slot_removed = scf_slot_removed,
	.card_inserted = scf_card_inserted,
	.card_removed = scf_card_removed,
};

/**
 * scf_registry_init() - start following ccid.ko's slots
 *
 * Context: process; the bus and the netlink family are registered.
 * Return: 0 or a negative errno.
 */
int scf_registry_init(void)
{
	int ret;

	scf_wq = alloc_workqueue("scfilter", WQ_UNBOUND, 0);
	if (!scf_wq)
		return -ENOMEM;
	ret = ccid_filter_register(&scf_filter_ops);
	if (ret)
		goto err_destroy_wq;
	return 0;

err_destroy_wq:
	destroy_workqueue(scf_wq);
	return ret;
}

/**
 * scf_registry_exit() - stop following ccid.ko, drop every card and slot
 */
void scf_registry_exit(void)
{
	struct scf_slot *s;

	ccid_filter_unregister(&scf_filter_ops);

	/* Whatever ccid.ko did not take back; no callback runs any more */
	for (;;) {
		mutex_lock(&scf_lock);
		s = list_first_entry_or_null(&scf_slots, struct scf_slot, node);
		mutex_unlock(&scf_lock);
		if (!s)
			break;
		/* A discovery cut short must still release the card */
		if (cancel_work_sync(&s->disc_work))
			ccid_slot_card_ready(s->cslot);
		scf_slot_forget(s);
	}
	destroy_workqueue(scf_wq);
}
