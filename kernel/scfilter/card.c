// SPDX-License-Identifier: GPL-2.0
/*
 * Bus "smartcard" and its card devices: card<R>s<S>, a child of the slot
 * device of ccid.ko, with the IDs found by discovery in sysfs and in the
 * uevent (SCF_* variables and MODALIAS=smartcard:cid<token>).
 *
 * A card device is registered with its uevents suppressed while discovery
 * runs (sysfs then shows state "discovering"); the "add" uevent goes out
 * once the IDs are known, so udev rules and module autoloading see them.
 */

#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "scfilter.h"

static const char * const scf_state_names[] = {
	[SCF_CARD_STATE_DISCOVERING] = "discovering",
	[SCF_CARD_STATE_READY] = "ready",
	[SCF_CARD_STATE_UNKNOWN] = "unknown",
	[SCF_CARD_STATE_PNP_DISABLED] = "pnp-disabled",
};

/**
 * scf_card_state_name() - text of a card state (sysfs, uevent)
 * @state: enum scf_card_state
 *
 * Return: the name, "unknown" for an out-of-range value.
 */
const char *scf_card_state_name(u32 state)
{
	if (state >= ARRAY_SIZE(scf_state_names))
		return scf_state_names[SCF_CARD_STATE_UNKNOWN];
	return scf_state_names[state];
}

static void scf_hex(const u8 *buf, size_t len, char *out)
{
	bin2hex(out, buf, len);
	out[2 * len] = '\0';
}

static ssize_t atr_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	struct scf_card *card = to_scf_card(dev);
	char hex[2 * ATR_MAX_LEN + 1];

	/* The ATR never changes after creation */
	scf_hex(card->atr, card->atr_len, hex);
	return sysfs_emit(buf, "%s\n", hex);
}
static DEVICE_ATTR_RO(atr);

/* Show one string field of a card; @field points into @card */
static ssize_t scf_card_emit(struct scf_card *card, const char *field,
			     char *buf)
{
	ssize_t n;

	mutex_lock(&card->lock);
	n = sysfs_emit(buf, "%s\n", field);
	mutex_unlock(&card->lock);
	return n;
}

static ssize_t pnp_id_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct scf_card *card = to_scf_card(dev);

	return scf_card_emit(card, card->pnp_id, buf);
}
static DEVICE_ATTR_RO(pnp_id);

static ssize_t compatible_ids_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	struct scf_card *card = to_scf_card(dev);

	return scf_card_emit(card, card->compat_ids, buf);
}
static DEVICE_ATTR_RO(compatible_ids);

static ssize_t modalias_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct scf_card *card = to_scf_card(dev);

	return scf_card_emit(card, card->modalias, buf);
}
static DEVICE_ATTR_RO(modalias);

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct scf_card *card = to_scf_card(dev);
	ssize_t n;

	mutex_lock(&card->lock);
	n = sysfs_emit(buf, "%s\n", scf_card_state_name(card->state));
	mutex_unlock(&card->lock);
	return n;
}
static DEVICE_ATTR_RO(state);

static ssize_t minidriver_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct scf_card *card = to_scf_card(dev);
	ssize_t n;

	mutex_lock(&card->lock);
	if (card->md_name[0])
		n = sysfs_emit(buf, "%s %s\n", card->md_name, card->md_version);
	else
		n = sysfs_emit(buf, "\n");
	mutex_unlock(&card->lock);
	return n;
}
static DEVICE_ATTR_RO(minidriver);

static struct attribute *scf_card_attrs[] = {
	&dev_attr_atr.attr,
	&dev_attr_pnp_id.attr,
	&dev_attr_compatible_ids.attr,
	&dev_attr_modalias.attr,
	&dev_attr_state.attr,
	&dev_attr_minidriver.attr,
	NULL,
};
ATTRIBUTE_GROUPS(scf_card);

static void scf_card_release(struct device *dev)
{
	struct scf_card *card = to_scf_card(dev);

	mutex_destroy(&card->lock);
	kfree(card);
}

static const struct device_type scf_card_type = {
	.name = "smartcard_card",
	.groups = scf_card_groups,
	.release = scf_card_release,
};

static int scf_bus_uevent(struct device *dev, struct kobj_uevent_env *env)
{
	struct scf_card *card;
	char hex[2 * ATR_MAX_LEN + 1];
	int ret;

	if (dev->type != &scf_card_type)
		return 0;
	card = to_scf_card(dev);
	scf_hex(card->atr, card->atr_len, hex);

	ret = add_uevent_var(env, "SCF_READER=%u", card->reader);
	if (!ret)
		ret = add_uevent_var(env, "SCF_SLOT=%u", card->slot);
	if (!ret)
		ret = add_uevent_var(env, "SCF_ATR=%s", hex);
	if (ret)
		return ret;

	mutex_lock(&card->lock);
	ret = add_uevent_var(env, "SCF_STATE=%s",
			     scf_card_state_name(card->state));
	if (!ret && card->pnp_id[0])
		ret = add_uevent_var(env, "SCF_PNP_ID=%s", card->pnp_id);
	if (!ret && card->compat_ids[0])
		ret = add_uevent_var(env, "SCF_COMPAT_IDS=%s",
				     card->compat_ids);
	if (!ret && card->md_name[0])
		ret = add_uevent_var(env, "SCF_MINIDRIVER=%s %s",
				     card->md_name, card->md_version);
	if (!ret && card->modalias[0])
		ret = add_uevent_var(env, "MODALIAS=%s", card->modalias);
	mutex_unlock(&card->lock);
	return ret;
}

static struct bus_type scf_bus = {
	.name = "smartcard",
	.uevent = scf_bus_uevent,
};

/**
 * scf_card_add() - register the card device of a slot's new card
 * @slot: the slot; the card is inserted and its ATR read
 *
 * The device is registered in state "discovering" with its uevents
 * suppressed; scf_card_announce() sends the "add" uevent.
 *
 * Context: process.
 * Return: the card, or an ERR_PTR().
 */
struct scf_card *scf_card_add(struct scf_slot *slot)
{
	struct scf_card *card;
	int ret;

	card = kzalloc(sizeof(*card), GFP_KERNEL);
	if (!card)
		return ERR_PTR(-ENOMEM);
	mutex_init(&card->lock);
	card->reader = slot->ident.reader;
	card->slot = slot->ident.slot;
	card->state = SCF_CARD_STATE_DISCOVERING;
	card->source = SCF_SOURCE_NONE;
	ret = ccid_slot_atr(slot->cslot, card->atr, sizeof(card->atr));
	card->atr_len = ret > 0 ? min_t(size_t, ret, sizeof(card->atr)) : 0;

	device_initialize(&card->dev);
	card->dev.bus = &scf_bus;
	card->dev.type = &scf_card_type;
	card->dev.parent = ccid_slot_device(slot->cslot);
	dev_set_uevent_suppress(&card->dev, true);
	ret = dev_set_name(&card->dev, "card%us%u", card->reader, card->slot);
	if (ret)
		goto err_put_device;
	ret = device_add(&card->dev);
	if (ret)
		goto err_put_device;
	return card;

err_put_device:
	put_device(&card->dev);
	return ERR_PTR(ret);
}

/**
 * scf_card_set_result() - record the outcome of discovery
 * @card: the card
 * @state: its new state (enum scf_card_state)
 * @res: the IDs found, or NULL for none
 */
void scf_card_set_result(struct scf_card *card, u32 state,
			 const struct scf_disc_result *res)
{
	mutex_lock(&card->lock);
	card->state = state;
	card->pnp_id[0] = '\0';
	card->compat_ids[0] = '\0';
	card->modalias[0] = '\0';
	card->source = SCF_SOURCE_NONE;
	if (res && res->pnp_id[0]) {
		strscpy(card->pnp_id, res->pnp_id, sizeof(card->pnp_id));
		strscpy(card->compat_ids, res->compat_ids,
			sizeof(card->compat_ids));
		card->source = res->source;
		if (scf_modalias(card->pnp_id, card->modalias,
				 sizeof(card->modalias)) < 0)
			card->modalias[0] = '\0';
	}
	mutex_unlock(&card->lock);
}

/**
 * scf_card_announce() - send the card's "add" uevent
 * @card: a card registered by scf_card_add()
 *
 * Context: process; the caller holds scf_lock (it orders the uevent with
 * the netlink notification).
 */
void scf_card_announce(struct scf_card *card)
{
	lockdep_assert_held(&scf_lock);
	dev_set_uevent_suppress(&card->dev, false);
	kobject_uevent(&card->dev.kobj, KOBJ_ADD);
	card->announced = true;
}

/**
 * scf_card_del() - unregister a card device and drop the registry's
 *	reference
 * @card: the card, no longer reachable through its slot
 *
 * Sends the "remove" uevent when the "add" one went out. Waits for sysfs
 * readers to leave; the memory goes with the last reference.
 *
 * Context: process; scf_lock not held.
 */
void scf_card_del(struct scf_card *card)
{
	device_unregister(&card->dev);
}

/**
 * scf_bus_init() - register bus "smartcard"
 *
 * Return: 0 or a negative errno.
 */
int scf_bus_init(void)
{
	return bus_register(&scf_bus);
}

/**
 * scf_bus_exit() - unregister bus "smartcard"
 */
void scf_bus_exit(void)
{
	bus_unregister(&scf_bus);
}
