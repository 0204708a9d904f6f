// SPDX-License-Identifier: GPL-2.0
/*
 * Reader lifetime: probe, disconnect and the reference count that keeps a
 * reader's memory alive until its last user is gone.
 */

#include <linux/idr.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "ccid.h"

/* Bound readers, for the filter's replay; protected by the mutex */
DEFINE_MUTEX(ccid_readers_mutex);
LIST_HEAD(ccid_readers);
static DEFINE_IDA(ccid_reader_ida);

static void ccid_reader_release(struct kref *kref)
{
	struct ccid_reader *rdr = container_of(kref, struct ccid_reader, kref);
	unsigned int i;

	for (i = 0; i < rdr->nslots; i++)
		kvfree(rdr->slots[i].reply);
	ccid_transport_free(rdr);
	usb_put_intf(rdr->intf);
	usb_put_dev(rdr->udev);
	kfree(rdr);
}

void ccid_reader_get(struct ccid_reader *rdr)
{
	kref_get(&rdr->kref);
}

void ccid_reader_put(struct ccid_reader *rdr)
{
	kref_put(&rdr->kref, ccid_reader_release);
}

static void ccid_slot_dev_release(struct device *dev)
{
	struct ccid_slot *slot = container_of(dev, struct ccid_slot, dev);

	ccid_reader_put(slot->rdr);
}

/* The class descriptor sits on the interface, or on an endpoint (quirk). */
static const u8 *ccid_find_class_desc(struct usb_host_interface *alt,
				      size_t *len)
{
	const u8 *raw;
	unsigned int i;

	raw = ccid_desc_find(alt->extra, alt->extralen, len);
	if (raw)
		return raw;
	for (i = 0; i < alt->desc.bNumEndpoints; i++) {
		raw = ccid_desc_find(alt->endpoint[i].extra,
				     alt->endpoint[i].extralen, len);
		if (raw)
			return raw;
	}
	return NULL;
}

static const char *ccid_level_name(enum ccid_level level)
{
	switch (level) {
	case CCID_DESC_LEVEL_TPDU:
		return "TPDU";
	case CCID_DESC_LEVEL_SHORT_APDU:
		return "short APDU";
	case CCID_DESC_LEVEL_EXT_APDU:
		return "extended APDU";
	default:
		return "character";
	}
}

static int ccid_parse_interface(struct usb_interface *intf,
				struct ccid_desc *desc,
				struct usb_endpoint_descriptor **in,
				struct usb_endpoint_descriptor **out,
				struct usb_endpoint_descriptor **irq)
{
	struct usb_host_interface *alt = intf->cur_altsetting;
	const char *reason;
	const u8 *raw;
	size_t len;
	int ret;

	if (ccid_desc_check_intf(alt->desc.bInterfaceClass,
				 alt->desc.bInterfaceProtocol, &reason)) {
		dev_err(&intf->dev, "unsupported interface: %s\n", reason);
		return -ENODEV;
	}

	raw = ccid_find_class_desc(alt, &len);
	if (!raw) {
		dev_err(&intf->dev, "no CCID class descriptor\n");
		return -ENODEV;
	}
	ret = ccid_desc_parse(raw, len, desc);
	if (ret) {
		dev_err(&intf->dev,
			"malformed CCID class descriptor (bLength %zu)\n", len);
		return -ENODEV;
	}
	ret = ccid_desc_check(desc, &reason);
	if (ret) {
		dev_err(&intf->dev, "unsupported CCID reader: %s\n", reason);
		return -ENODEV;
	}

	ret = usb_find_common_endpoints(alt, in, out, NULL, NULL);
	if (ret) {
		dev_err(&intf->dev, "no bulk-IN/bulk-OUT endpoint pair\n");
		return -ENODEV;
	}
	if (usb_find_int_in_endpoint(alt, irq))
		*irq = NULL;
	return 0;
}

/**
 * ccid_queue() - arm one of the reader's works
 * @rdr: the reader
 * @dwork: a work of @rdr or of one of its slots
 * @delay: jiffies; a pending work is re-armed with it
 *
 * The only way a work or timer of a reader is armed: once the reader is
 * dying (ccid_reader_teardown()) nothing is queued, so the teardown's
 * synchronous cancels are final. Any context.
 *
 * Return: true when queued, false when the reader is dying.
 */
bool ccid_queue(struct ccid_reader *rdr, struct delayed_work *dwork,
		unsigned long delay)
{
	unsigned long flags;
	bool queued = false;

	spin_lock_irqsave(&rdr->wq_lock, flags);
	if (!rdr->dying) {
		mod_delayed_work(rdr->wq, dwork, delay);
		queued = true;
	}
	spin_unlock_irqrestore(&rdr->wq_lock, flags);
	return queued;
}

/**
 * ccid_cancel_works() - cancel every work of the reader, synchronously
 * @rdr: the reader
 *
 * Works re-arm themselves through ccid_queue() only: callers that want
 * them to stay cancelled set rdr->dying first (the teardown does).
 */
void ccid_cancel_works(struct ccid_reader *rdr)
{
	unsigned int i;

	cancel_delayed_work_sync(&rdr->poll_work);
	cancel_delayed_work_sync(&rdr->recover_work);
	for (i = 0; i < rdr->nslots; i++) {
		struct ccid_slot *slot = &rdr->slots[i];

		cancel_delayed_work_sync(&slot->event_work);
		cancel_delayed_work_sync(&slot->hold_work);
		cancel_delayed_work_sync(&slot->txn_work);
	}
}

/* The slot's class device: named, holding a reader reference, not added */
static int ccid_init_slot_dev(struct ccid_slot *slot)
{
	struct ccid_reader *rdr = slot->rdr;

	device_initialize(&slot->dev);
	slot->dev.class = ccid_class;
	slot->dev.parent = &rdr->intf->dev;
	slot->dev.devt = MKDEV(MAJOR(ccid_devt),
			       rdr->index * CCID_MAX_SLOTS + slot->index);
	slot->dev.release = ccid_slot_dev_release;
	ccid_reader_get(rdr);	/* dropped by ccid_slot_dev_release() */
	rdr->nodes_init++;
	cdev_init(&slot->cdev, &ccid_fops);
	slot->cdev.owner = THIS_MODULE;
	return dev_set_name(&slot->dev, "ccid%us%u", rdr->index, slot->index);
}

/*
 * The one teardown, of disconnect and of a probe that failed at any step:
 * it undoes what probe did (rdr->nodes_init, nodes_added, listed,
 * has_index, pm_pinned, wq say how far it got), in this order: no new I/O,
 * no new work, URBs poisoned, commands failed, every work cancelled
 * synchronously, the filter told, nodes removed, the reader's own reference
 * dropped. Open files keep the memory until they close.
 */
static void ccid_reader_teardown(struct ccid_reader *rdr)
{
	struct usb_interface *intf = rdr->intf;
	unsigned int i;

	/* No new I/O from here on; I/O in flight fails with -ENODEV. */
	down_write(&rdr->io_rwsem);
	rdr->disconnected = true;
	up_write(&rdr->io_rwsem);
	spin_lock_irq(&rdr->wq_lock);
	rdr->dying = true;
	spin_unlock_irq(&rdr->wq_lock);

	if (rdr->listed) {
		mutex_lock(&ccid_readers_mutex);
		list_del_init(&rdr->node);
		mutex_unlock(&ccid_readers_mutex);
		rdr->listed = false;
	}

	usb_poison_anchored_urbs(&rdr->anchor);
	usb_poison_urb(rdr->int_urb);
	usb_poison_urb(rdr->in_urb);
	ccid_fail_pending(rdr, -ENODEV);
	for (i = 0; i < rdr->nslots; i++)
		wake_up_all(&rdr->slots[i].wait);
	if (rdr->wq) {
		ccid_cancel_works(rdr);
		destroy_workqueue(rdr->wq);
		rdr->wq = NULL;
	}

	ccid_filter_reader_removed(rdr);

	for (i = 0; i < rdr->nslots; i++) {
		struct ccid_slot *slot = &rdr->slots[i];

		mutex_lock(&slot->lock);
		if (slot->pm_held) {
			slot->pm_held = false;
			usb_autopm_put_interface_no_suspend(intf);
		}
		mutex_unlock(&slot->lock);
		if (i < rdr->nodes_added)
			cdev_device_del(&slot->cdev, &slot->dev);
	}
	if (rdr->pm_pinned) {
		rdr->pm_pinned = false;
		usb_autopm_put_interface_no_suspend(intf);
	}

	if (usb_get_intfdata(intf) == rdr)
		usb_set_intfdata(intf, NULL);
	if (rdr->has_index)
		ida_free(&ccid_reader_ida, rdr->index);

	for (i = 0; i < rdr->nodes_init; i++)
		put_device(&rdr->slots[i].dev);
	ccid_reader_put(rdr);
}

int ccid_probe(struct usb_interface *intf, const struct usb_device_id *id)
{
	struct usb_endpoint_descriptor *in, *out, *irq;
	struct ccid_reader *rdr;
	struct ccid_desc desc;
	unsigned int i, nslots;
	int ret;

	ret = ccid_parse_interface(intf, &desc, &in, &out, &irq);
	if (ret)
		return ret;

	nslots = desc.max_slot_index + 1;
	rdr = kzalloc(struct_size(rdr, slots, nslots), GFP_KERNEL);
	if (!rdr)
		return -ENOMEM;

	kref_init(&rdr->kref);
	INIT_LIST_HEAD(&rdr->node);
	rdr->udev = usb_get_dev(interface_to_usbdev(intf));
	rdr->intf = usb_get_intf(intf);
	rdr->desc = desc;
	rdr->quirks = ccid_quirks(id);
	rdr->nslots = nslots;
	rdr->busy_slots = ccid_desc_busy_slots(&desc);
	rdr->max_message = ccid_desc_max_message(&desc, CCID_MSG_CAP);
	if (rdr->quirks & CCID_QUIRK_MSG_384)
		rdr->max_message = min_t(u32, rdr->max_message,
					 CCID_QUIRK_MSG_384_LEN);
	rdr->pin_support = desc.pin_support &
			   (CCID_PIN_SUPPORT_VERIFY | CCID_PIN_SUPPORT_MODIFY);
	if (rdr->quirks & CCID_QUIRK_NO_PIN)
		rdr->pin_support = 0;
	rdr->bulk_in_pipe = usb_rcvbulkpipe(rdr->udev, usb_endpoint_num(in));
	rdr->bulk_out_pipe = usb_sndbulkpipe(rdr->udev, usb_endpoint_num(out));
	rdr->int_ep = irq;
	init_rwsem(&rdr->io_rwsem);
	init_usb_anchor(&rdr->anchor);
	spin_lock_init(&rdr->lock);
	spin_lock_init(&rdr->wq_lock);
	init_waitqueue_head(&rdr->cmd_wait);
	sema_init(&rdr->busy, rdr->busy_slots);
	INIT_DELAYED_WORK(&rdr->poll_work, ccid_poll_work);
	for (i = 0; i < nslots; i++)
		ccid_slot_init(&rdr->slots[i], rdr, i);

	/* From here on every failure goes through the teardown. */
	ret = ccid_transport_init(rdr);
	if (ret)
		goto err_teardown;
	for (i = 0; i < nslots; i++) {
		rdr->slots[i].reply = kvmalloc(rdr->max_message, GFP_KERNEL);
		if (!rdr->slots[i].reply) {
			ret = -ENOMEM;
			goto err_teardown;
		}
	}

	ret = ida_alloc_max(&ccid_reader_ida, CCID_MAX_READERS - 1, GFP_KERNEL);
	if (ret < 0)
		goto err_teardown;
	rdr->index = ret;
	rdr->has_index = true;

	rdr->wq = alloc_ordered_workqueue("ccid%u", 0, rdr->index);
	if (!rdr->wq) {
		ret = -ENOMEM;
		goto err_teardown;
	}

	/* Named devices before anything can print through them */
	for (i = 0; i < nslots; i++) {
		ret = ccid_init_slot_dev(&rdr->slots[i]);
		if (ret)
			goto err_teardown;
	}

	usb_set_intfdata(intf, rdr);

	/*
	 * Autosuspend needs remote wakeup on card events; a reader that
	 * cannot signal them (no interrupt endpoint or no wakeup feature)
	 * stays resumed.
	 */
	if (irq && (desc.features & CCID_FEAT_USB_WAKEUP)) {
		intf->needs_remote_wakeup = 1;
	} else {
		usb_autopm_get_interface_no_resume(intf);
		rdr->pm_pinned = true;
	}

	for (i = 0; i < nslots; i++) {
		struct ccid_slot *slot = &rdr->slots[i];

		ret = cdev_device_add(&slot->cdev, &slot->dev);
		if (ret)
			goto err_teardown;
		rdr->nodes_added++;
	}

	ret = ccid_notify_start(rdr);
	if (ret)
		goto err_teardown;

	mutex_lock(&ccid_readers_mutex);
	list_add_tail(&rdr->node, &ccid_readers);
	rdr->listed = true;
	mutex_unlock(&ccid_readers_mutex);

	dev_info(&intf->dev,
		 "ccid%u: %04x:%04x, %u slot(s), %s level, T=%s, %s\n",
		 rdr->index, le16_to_cpu(rdr->udev->descriptor.idVendor),
		 le16_to_cpu(rdr->udev->descriptor.idProduct), nslots,
		 ccid_level_name(ccid_desc_level(&desc)),
		 (desc.protocols & CCID_DESC_PROTO_T0) ?
		 ((desc.protocols & CCID_DESC_PROTO_T1) ? "0,1" : "0") : "1",
		 irq ? "interrupt-IN" : "polled");

	ccid_filter_reader_added(rdr);
	for (i = 0; i < nslots; i++)
		ccid_slot_event(&rdr->slots[i]);
	return 0;

err_teardown:
	ccid_reader_teardown(rdr);
	return ret;
}

void ccid_disconnect(struct usb_interface *intf)
{
	struct ccid_reader *rdr = usb_get_intfdata(intf);
	unsigned int index = rdr->index;

	ccid_reader_teardown(rdr);
	dev_info(&intf->dev, "ccid%u: disconnected\n", index);
}
