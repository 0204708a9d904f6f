/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stacked-filter interface of ccid.ko: slot and card events out, APDU
 * exchange in. scfilter.ko is its user, as Windows' scfilter stacks on the
 * smart card class driver.
 *
 * Lifetime: a struct ccid_slot is reference counted. Every callback is made
 * from process context, without ccid.ko locks held, on the reader's ordered
 * workqueue, so the callbacks of one slot never run concurrently and come in
 * order: slot_added, then any number of (card_inserted, card_removed), then
 * slot_removed. The filter takes a reference (ccid_slot_get()) for every
 * pointer it keeps past a callback.
 */
#ifndef SCPNP_CCID_FILTER_H
#define SCPNP_CCID_FILTER_H

#include <linux/types.h>

struct ccid_slot;
struct device;

/**
 * struct ccid_slot_ident - what identifies a slot and its reader
 * @vendor: USB idVendor
 * @product: USB idProduct
 * @reader: reader index R of /dev/ccid<R>s<S>
 * @slot: slot number S
 * @nslots: slots of the reader
 * @name: the slot node's name, "ccid<R>s<S>"
 * @serial: USB serial string ("" when none)
 * @product_name: USB product string ("" when none)
 */
struct ccid_slot_ident {
	u16 vendor;
	u16 product;
	unsigned int reader;
	unsigned int slot;
	unsigned int nslots;
	char name[16];
	char serial[64];
	char product_name[64];
};

/**
 * struct ccid_filter_ops - callbacks of the stacked filter
 * @slot_added: a slot appeared (reader probed)
 * @slot_removed: the reader is gone; exchanges now fail with -ENODEV
 * @card_inserted: a card was inserted and powered and its ATR read. The
 *	card stays hidden from node users until the filter calls
 *	ccid_slot_card_ready(); ccid.ko releases it by itself after
 *	CCID_FILTER_HOLD_MS.
 * @card_removed: the card was removed (also called before @slot_removed
 *	for a card still present at disconnect)
 */
struct ccid_filter_ops {
	void (*slot_added)(struct ccid_slot *slot);
	void (*slot_removed)(struct ccid_slot *slot);
	void (*card_inserted)(struct ccid_slot *slot);
	void (*card_removed)(struct ccid_slot *slot);
};

/* Upper bound of a discovery: after it the card is released anyway */
#define CCID_FILTER_HOLD_MS	10000

int ccid_filter_register(const struct ccid_filter_ops *ops);
void ccid_filter_unregister(const struct ccid_filter_ops *ops);

void ccid_slot_get(struct ccid_slot *slot);
void ccid_slot_put(struct ccid_slot *slot);
void ccid_slot_ident(struct ccid_slot *slot, struct ccid_slot_ident *id);
struct device *ccid_slot_device(struct ccid_slot *slot);
int ccid_slot_atr(struct ccid_slot *slot, u8 *atr, size_t size);
int ccid_slot_transmit(struct ccid_slot *slot, const u8 *cmd, size_t cmd_len,
		       u8 *rx, size_t rx_size, size_t *rx_len);
int ccid_slot_warm_reset(struct ccid_slot *slot);
void ccid_slot_card_ready(struct ccid_slot *slot);

#endif /* SCPNP_CCID_FILTER_H */
