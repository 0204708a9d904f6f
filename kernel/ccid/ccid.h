/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ccid.ko internal definitions.
 *
 * Object model: one struct ccid_reader per bound USB interface, holding an
 * array of struct ccid_slot (one per CCID slot, one /dev/ccid<R>s<S> node
 * each). The reader is reference counted (kref); every slot device, every
 * open file and every reference taken through the filter interface holds a
 * reader reference, so the memory outlives disconnect until the last user
 * is gone (usb-skeleton.c / cdc-wdm.c model).
 *
 * Locking:
 *  - ccid_filter_rwsem (filter.c) orders before slot->lock; filter
 *    callbacks run under it (read) and never under slot->lock.
 *  - slot->lock serialises every card operation on a slot and protects the
 *    slot's card state.
 *  - rdr->io_rwsem is the I/O lock: process-context I/O holds it for read
 *    and checks rdr->disconnected; disconnect sets the flag holding it for
 *    write, so no I/O is started on a gone device.
 *  - rdr->lock (spinlock) protects the pending-command table and the
 *    bulk-IN URB state, shared with the URB completion handlers.
 *  - rdr->wq_lock (spinlock, innermost) protects rdr->dying.
 *
 * Works: every work and timer of a reader (slot events, filter holds,
 * transaction idle timers, bulk-IN recovery, polling) runs on the reader's
 * ordered workqueue rdr->wq and is armed only through ccid_queue(), which
 * refuses once the reader is dying. ccid_reader_teardown(), the one
 * teardown of probe failure and disconnect, sets dying first and then
 * cancels every work synchronously, so nothing runs or is pending once it
 * returns; release paths (close, last put) never arm anything.
 */
#ifndef CCID_H
#define CCID_H

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/semaphore.h>
#include <linux/spinlock.h>
#include <linux/usb.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/scpnp.h>

#include "atr.h"
#include "ccid_desc.h"
#include "ccid_msg.h"
#include "t1.h"
#include "ccid_filter.h"

#define CCID_MAX_READERS	256
#define CCID_MINORS		(CCID_MAX_READERS * CCID_MAX_SLOTS)

/*
 * Largest message the driver's buffers hold: a header plus an extended
 * case-4 APDU. dwMaxCCIDMessageLength is capped to this (ccid_max_message).
 */
#define CCID_MSG_CAP		(CCID_HDR_LEN + CCID_APDU_MAX_CMD)

/* Timeouts, milliseconds */
#define CCID_BULK_OUT_TIMEOUT_MS	5000	/* one bulk-OUT transfer */
#define CCID_CTRL_TIMEOUT_MS		1000	/* class requests */
#define CCID_CMD_MIN_TIMEOUT_MS		5000	/* floor for any command */
#define CCID_CMD_MAX_TIMEOUT_MS		120000	/* ceiling, time extensions included */
#define CCID_ABORT_TIMEOUT_MS		2000	/* wait for the Abort's answer */
#define CCID_POLL_INTERVAL_MS		500	/* readers without interrupt-IN */
#define CCID_EVENT_RETRY_MS		100	/* card event, slot busy: again */
#define CCID_UNPLUG_GRACE_MS		1000	/* I/O error to disconnect */
#define CCID_SLOT_BUSY_RETRIES		10	/* bError 0xE0 */
#define CCID_SLOT_BUSY_DELAY_MS		20
#define CCID_PIN_TIMEOUT_MS		60000	/* Secure: user typing */

/* Quirks (quirks.c) */
#define CCID_QUIRK_NO_PIN		BIT(0)	/* bPINSupport is false */
#define CCID_QUIRK_MSG_384		BIT(1)	/* bulk-IN holds 384 bytes */

/* Bulk-IN buffer of readers with CCID_QUIRK_MSG_384 */
#define CCID_QUIRK_MSG_384_LEN		384

enum ccid_card_state {
	CCID_CARD_ABSENT,
	CCID_CARD_INACTIVE,	/* present, not powered (or power-on failed) */
	CCID_CARD_ACTIVE,	/* powered, ATR valid */
};

struct ccid_reader;

/**
 * struct ccid_cmd - one command in flight
 * @slot: bSlot
 * @seq: bSeq
 * @rx: reply buffer (header and data)
 * @rx_size: its size
 * @rx_len: bytes of the reply
 * @status: 0 or -errno once @done
 * @done: the reply (or an error) arrived
 * @time_ext: time-extension replies seen
 * @time_ext_mult: bError of the last one
 */
struct ccid_cmd {
	u8 slot;
	u8 seq;
	u8 *rx;
	size_t rx_size;
	size_t rx_len;
	int status;
	bool done;
	unsigned int time_ext;
	u8 time_ext_mult;
};

/**
 * struct ccid_slot - one slot: its node, its card
 */
struct ccid_slot {
	struct ccid_reader *rdr;
	unsigned int index;
	struct device dev;
	struct cdev cdev;

	struct mutex lock;		/* card operations and state */
	enum ccid_card_state state;
	bool held;		/* filter discovery running: hidden from nodes */
	bool pm_held;		/* a powered card holds an autopm reference */
	struct atr atr;
	u8 protocol;		/* ATR_T0 or ATR_T1 while active */
	struct ccid_t1 t1;
	unsigned int timeout_ms;	/* per command, from the waiting times */
	u64 epoch;		/* bumped by every reset, insertion, removal */
	u64 events;		/* card events visible to node users */
	u8 *reply;		/* CCID_HDR_LEN + max message, under @lock */

	/* transactions (txn.c) */
	struct ccid_file *txn_owner;
	unsigned long txn_last;
	struct delayed_work txn_work;

	wait_queue_head_t wait;		/* poll(), transaction waiters */
	struct delayed_work event_work;	/* card insertion/removal */
	struct delayed_work hold_work;	/* bound on filter discovery */
	unsigned long flags;
#define CCID_SLOT_CHANGED	0	/* NotifySlotChange said "changed" */
#define CCID_SLOT_LOST_POWER	1	/* reset-resume, hardware error */

	/*
	 * Filter state: written under ccid_filter_rwsem (read side is
	 * enough together with the slot lock), read under either.
	 * filter_card: card_inserted was owed (ccid_filter_claim()).
	 */
	bool filter_added;
	bool filter_card;
};

/**
 * struct ccid_reader - one bound CCID interface
 */
struct ccid_reader {
	struct kref kref;
	struct list_head node;		/* ccid_readers */
	struct usb_device *udev;
	struct usb_interface *intf;
	struct ccid_desc desc;
	u32 quirks;
	unsigned int index;
	unsigned int nslots;
	unsigned int busy_slots;
	u32 max_message;		/* effective, whole message */
	u8 pin_support;			/* after quirks */

	unsigned int bulk_in_pipe;
	unsigned int bulk_out_pipe;
	struct usb_endpoint_descriptor *int_ep;

	struct rw_semaphore io_rwsem;
	bool disconnected;

	struct workqueue_struct *wq;	/* ordered: this reader's works */
	spinlock_t wq_lock;		/* @dying */
	bool dying;			/* nothing is queued any more */
	/* what probe did, undone by ccid_reader_teardown() */
	unsigned int nodes_init;	/* slot devices initialised */
	unsigned int nodes_added;	/* slot nodes added */
	bool listed;			/* on ccid_readers */
	bool has_index;			/* rdr->index allocated */

	struct usb_anchor anchor;
	spinlock_t lock;		/* pending[], bulk-IN state */
	u8 seq;
	struct ccid_cmd *pending[CCID_MAX_SLOTS];
	unsigned int npending;
	bool in_busy;
	unsigned int in_errors;		/* consecutive bulk-IN errors */
	bool suspended;
	struct urb *in_urb;
	u8 *in_buf;
	struct urb *int_urb;
	u8 *int_buf;
	unsigned int int_len;
	wait_queue_head_t cmd_wait;
	struct delayed_work recover_work;	/* bulk-IN errors */

	struct semaphore busy;		/* bMaxCCIDBusySlots */
	struct delayed_work poll_work;	/* no interrupt endpoint */
	bool pm_pinned;			/* autosuspend disabled */

	struct ccid_slot slots[];
};

/**
 * struct ccid_file - one open slot node
 */
struct ccid_file {
	struct ccid_slot *slot;
	u64 epoch;
	u64 events_seen;
};

/* reader.c */
int ccid_probe(struct usb_interface *intf, const struct usb_device_id *id);
void ccid_disconnect(struct usb_interface *intf);
bool ccid_queue(struct ccid_reader *rdr, struct delayed_work *dwork,
		unsigned long delay);
void ccid_cancel_works(struct ccid_reader *rdr);

/* main.c */
extern struct class *ccid_class;
extern dev_t ccid_devt;
extern struct mutex ccid_readers_mutex;
extern struct list_head ccid_readers;
void ccid_reader_get(struct ccid_reader *rdr);
void ccid_reader_put(struct ccid_reader *rdr);

/* quirks.c */
extern const struct usb_device_id ccid_ids[];
u32 ccid_quirks(const struct usb_device_id *id);

/* transport.c */
int ccid_transport_init(struct ccid_reader *rdr);
void ccid_transport_free(struct ccid_reader *rdr);
int ccid_exec(struct ccid_slot *slot, u8 *msg, size_t len,
	      struct ccid_reply *r, unsigned int timeout_ms);
void ccid_fail_pending(struct ccid_reader *rdr, int err);
void ccid_in_kick(struct ccid_reader *rdr);
bool ccid_reader_gone(struct ccid_reader *rdr);

/* notify.c */
int ccid_notify_start(struct ccid_reader *rdr);
void ccid_notify_stop(struct ccid_reader *rdr);
void ccid_poll_work(struct work_struct *work);

/* slot.c */
void ccid_slot_init(struct ccid_slot *slot, struct ccid_reader *rdr,
		    unsigned int index);
void ccid_slot_event_work(struct work_struct *work);
void ccid_slot_hold_work(struct work_struct *work);
int ccid_slot_reset(struct ccid_slot *slot, bool cold);
int ccid_slot_power_off(struct ccid_slot *slot);
int ccid_slot_set_protocol(struct ccid_slot *slot, u32 mask);
int ccid_slot_get_status(struct ccid_slot *slot, u8 *icc);
void ccid_slot_changed(struct ccid_slot *slot, bool lost_power);
int ccid_slot_reply_errno(struct ccid_slot *slot, const struct ccid_reply *r);
void ccid_slot_event(struct ccid_slot *slot);

/* exchange.c */
int ccid_t1_start(struct ccid_slot *slot);
int ccid_transmit(struct ccid_slot *slot, const u8 *cmd, size_t cmd_len,
		  u8 *rx, size_t rx_size, size_t *rx_len, bool raw);
int ccid_secure(struct ccid_slot *slot, const u8 *data, size_t len,
		u8 *rx, size_t rx_size, size_t *rx_len);
int ccid_escape(struct ccid_slot *slot, const u8 *data, size_t len,
		u8 *rx, size_t rx_size, size_t *rx_len);

/* txn.c */
int ccid_txn_begin(struct ccid_file *f, bool nonblock);
int ccid_txn_end(struct ccid_file *f, unsigned long disposition);
void ccid_txn_release(struct ccid_file *f);
int ccid_txn_enter(struct ccid_file *f, bool nonblock);
void ccid_txn_leave(struct ccid_file *f);
void ccid_txn_work(struct work_struct *work);
void ccid_txn_abandon(struct ccid_slot *slot);

/* node.c */
extern const struct file_operations ccid_fops;

/* filter.c */
bool ccid_filter_claim(struct ccid_slot *slot);
void ccid_filter_reader_added(struct ccid_reader *rdr);
void ccid_filter_reader_removed(struct ccid_reader *rdr);
extern struct rw_semaphore ccid_filter_rwsem;
extern const struct ccid_filter_ops *ccid_filter;

/* sysfs.c */
extern const struct attribute_group *ccid_reader_groups[];

/* pm.c */
int ccid_suspend(struct usb_interface *intf, pm_message_t message);
int ccid_resume(struct usb_interface *intf);
int ccid_reset_resume(struct usb_interface *intf);
int ccid_pre_reset(struct usb_interface *intf);
int ccid_post_reset(struct usb_interface *intf);

/* debug.c */
void ccid_dbg_msg(struct ccid_reader *rdr, bool out, const u8 *buf,
		  size_t len);
const char *ccid_msg_name(u8 type);

#endif /* CCID_H */
