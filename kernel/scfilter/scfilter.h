/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scfilter.ko internal definitions.
 *
 * Object model: one struct scf_slot per ccid.ko slot (from slot_added to
 * slot_removed), grouped into struct scf_reader by reader index. A slot
 * holding a card has a struct scf_card, whose embedded struct device
 * (bus "smartcard", child of the slot device) gives its lifetime.
 *
 * Locking:
 *  - scf_lock (slot.c) protects the reader and slot lists, slot->card
 *    and the order of notifications (sequence numbers are taken and the
 *    message is sent under it). It is never held across APDUs, and never
 *    across device_del() of a card (sysfs readers hold no scf_lock, but
 *    uevent callbacks may run during device_del()).
 *  - card->lock protects the fields of a card that change after creation
 *    (state, IDs, minidriver). It nests inside scf_lock.
 *  - A struct scf_card stays allocated while it is reachable through
 *    slot->card (the registry's device reference) or while someone holds a
 *    get_device() reference.
 */
#ifndef SCFILTER_H
#define SCFILTER_H

#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/scpnp.h>

#include "ccid_filter.h"
#include "atr.h"
#include "pnpid.h"
#include "discovery.h"

struct sk_buff;

/* "card" + reader + "s" + slot */
#define SCF_CARD_NAME_MAX	24
/* Registry-form GUID: 8-4-4-4-12 */
#define SCF_GUID_STR_LEN	36

/* slot.c ----------------------------------------------------------- */

/**
 * struct scf_reader - a reader with at least one slot known to scfilter
 * @node: in scf_readers, under scf_lock
 * @ident: reader fields of the first slot's identity
 * @nslots: slots currently registered
 */
struct scf_reader {
	struct list_head node;
	struct ccid_slot_ident ident;
	unsigned int nslots;
};

/**
 * struct scf_slot - a ccid.ko slot seen by scfilter
 * @node: in scf_slots, sorted by (reader, slot), under scf_lock
 * @cslot: the ccid.ko slot (a reference is held)
 * @ident: its identity
 * @card: the card device, or NULL (under scf_lock)
 * @disc_work: discovery of @card
 */
struct scf_slot {
	struct list_head node;
	struct ccid_slot *cslot;
	struct ccid_slot_ident ident;
	struct scf_card *card;
	struct work_struct disc_work;
};

extern struct mutex scf_lock;
extern struct list_head scf_readers;
extern struct list_head scf_slots;

int scf_registry_init(void);
void scf_registry_exit(void);
struct scf_slot *scf_slot_find(unsigned int reader, unsigned int slot);
struct scf_reader *scf_reader_find(unsigned int reader);

/* card.c ----------------------------------------------------------------- */

/**
 * struct scf_card - a card in a slot, device "card<R>s<S>" on bus smartcard
 * @dev: the device; its release frees the card
 * @lock: protects the fields below @atr
 * @reader: R
 * @slot: S
 * @atr: the answer to reset
 * @atr_len: its length
 * @announced: the add uevent and the card-insert notification went out
 * @state: enum scf_card_state
 * @source: enum scf_id_source
 * @pnp_id: device ID, "" when none
 * @compat_ids: compatible IDs, space-separated
 * @modalias: "smartcard:cid..." or ""
 * @md_name: minidriver bound by scbridge, "" when none
 * @md_version: its version
 */
struct scf_card {
	struct device dev;
	struct mutex lock;	/* the fields below @atr */
	unsigned int reader;
	unsigned int slot;
	u8 atr[ATR_MAX_LEN];
	size_t atr_len;
	bool announced;
	u32 state;
	u32 source;
	char pnp_id[SCF_PNP_ID_MAX];
	char compat_ids[SCF_COMPAT_IDS_MAX];
	char modalias[SCF_MODALIAS_MAX];
	char md_name[SCF_MINIDRIVER_NAME_MAX];
	char md_version[SCF_MINIDRIVER_VERSION_MAX];
};

static inline struct scf_card *to_scf_card(struct device *dev)
{
	return container_of(dev, struct scf_card, dev);
}

int scf_bus_init(void);
void scf_bus_exit(void);
struct scf_card *scf_card_add(struct scf_slot *slot);
void scf_card_set_result(struct scf_card *card, u32 state,
			 const struct scf_disc_result *res);
void scf_card_announce(struct scf_card *card);
void scf_card_del(struct scf_card *card);
const char *scf_card_state_name(u32 state);

/* netlink.c ------------------------------------------------------------ */

int scf_netlink_init(void);
void scf_netlink_exit(void);
void scf_notify_reader(u8 cmd, const struct scf_reader *rdr);
void scf_notify_card(u8 cmd, struct scf_card *card);

/* main.c ----------------------------------------------------------------- */

bool scf_pnp_enabled(void);
void scf_set_pnp(bool on);
unsigned int scf_discovery_ms(void);
void scf_gids_compat_id(char *buf, size_t size);

#endif /* SCFILTER_H */
