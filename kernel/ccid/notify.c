// SPDX-License-Identifier: GPL-2.0
/*
 * Card events: NotifySlotChange and HardwareError on the interrupt-IN
 * endpoint, or GetSlotStatus polling for readers without one.
 */

#include <linux/slab.h>

#include "ccid.h"

/* NotifySlotChange: header byte + 2 bits per slot */
#define CCID_NOTIFY_MIN_LEN	2

static void ccid_int_complete(struct urb *urb)
{
	struct ccid_reader *rdr = urb->context;
	struct ccid_notify n;
	unsigned int i;
	int ret;

	switch (urb->status) {
	case 0:
		break;
	case -ENOENT:
	case -ECONNRESET:
	case -ESHUTDOWN:
	case -ENODEV:
		return;		/* killed: disconnect, suspend or reset */
	default:
		dev_dbg(&rdr->intf->dev, "interrupt-IN error %d\n",
			urb->status);
		goto resubmit;
	}

	ccid_dbg_msg(rdr, false, rdr->int_buf, urb->actual_length);
	ret = ccid_notify_parse(rdr->int_buf, urb->actual_length, rdr->nslots,
				&n);
	if (ret) {
		dev_warn_ratelimited(&rdr->intf->dev,
				     "malformed interrupt message (%u bytes)\n",
				     urb->actual_length);
		goto resubmit;
	}

	if (n.type == RDR_TO_PC_HARDWARE_ERROR) {
		dev_warn_ratelimited(&rdr->intf->dev,
				     "hardware error on slot %u, code %#x\n",
				     n.slot, n.code);
		if (n.slot < rdr->nslots)
			ccid_slot_changed(&rdr->slots[n.slot], true);
		goto resubmit;
	}

	for (i = 0; i < rdr->nslots && i < n.nslots; i++) {
		struct ccid_slot *slot = &rdr->slots[i];
		bool present = n.present & BIT(i);
		bool known = READ_ONCE(slot->state) != CCID_CARD_ABSENT;

		if (n.changed & BIT(i)) {
			set_bit(CCID_SLOT_CHANGED, &slot->flags);
			ccid_slot_event(slot);
		} else if (present != known) {
			ccid_slot_event(slot);
		}
	}

resubmit:
	usb_anchor_urb(urb, &rdr->anchor);
	ret = usb_submit_urb(urb, GFP_ATOMIC);
	if (ret) {
		usb_unanchor_urb(urb);
		dev_dbg(&rdr->intf->dev, "interrupt-IN resubmit: %d\n", ret);
	}
}

void ccid_poll_work(struct work_struct *work)
{
	struct ccid_reader *rdr = container_of(to_delayed_work(work),
					       struct ccid_reader, poll_work);
	unsigned int i;

	for (i = 0; i < rdr->nslots; i++)
		ccid_slot_event(&rdr->slots[i]);
	ccid_queue(rdr, &rdr->poll_work,
		   msecs_to_jiffies(CCID_POLL_INTERVAL_MS));
}

/**
 * ccid_notify_start() - start watching for card events
 * @rdr: the reader
 *
 * Return: 0 or a negative errno.
 */
int ccid_notify_start(struct ccid_reader *rdr)
{
	int ret;

	if (!rdr->int_ep) {
		ccid_queue(rdr, &rdr->poll_work,
			   msecs_to_jiffies(CCID_POLL_INTERVAL_MS));
		return 0;
	}

	if (!rdr->int_urb) {
		rdr->int_len = max_t(unsigned int, CCID_NOTIFY_MIN_LEN,
				     usb_endpoint_maxp(rdr->int_ep));
		rdr->int_buf = kmalloc(rdr->int_len, GFP_KERNEL);
		if (!rdr->int_buf)
			return -ENOMEM;
		rdr->int_urb = usb_alloc_urb(0, GFP_KERNEL);
		if (!rdr->int_urb)
			return -ENOMEM;
		usb_fill_int_urb(rdr->int_urb, rdr->udev,
				 usb_rcvintpipe(rdr->udev,
						usb_endpoint_num(rdr->int_ep)),
				 rdr->int_buf, rdr->int_len, ccid_int_complete,
				 rdr, rdr->int_ep->bInterval);
	}

	usb_anchor_urb(rdr->int_urb, &rdr->anchor);
	ret = usb_submit_urb(rdr->int_urb, GFP_KERNEL);
	if (ret) {
		usb_unanchor_urb(rdr->int_urb);
		dev_err(&rdr->intf->dev, "interrupt-IN submit: %d\n", ret);
	}
	return ret;
}

/**
 * ccid_notify_stop() - stop watching for card events
 * @rdr: the reader
 */
void ccid_notify_stop(struct ccid_reader *rdr)
{
	cancel_delayed_work_sync(&rdr->poll_work);
	usb_kill_urb(rdr->int_urb);
}
