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

static int ccid_add_slot_node(struct ccid_slot *slot)
{
	struct ccid_reader *rdr = slot->rdr;
	int ret;

	device_initialize(&slot->dev);
	slot->dev.class = ccid_class;
	slot->dev.parent = &rdr->intf->dev;
	slot->dev.devt = MKDEV(MAJOR(ccid_devt),
			       rdr->index * CCID_MAX_SLOTS + slot->index);
	slot->dev.release = ccid_slot_dev_release;
	ccid_reader_get(rdr);	/* dropped by ccid_slot_dev_release() */
	ret = dev_set_name(&slot->dev, "ccid%us%u", rdr->index, slot->index);
	if (ret)
		goto err_put_device;

	cdev_init(&slot->cdev, &ccid_fops);
	slot->cdev.owner = THIS_MODULE;
	ret = cdev_device_add(&slot->cdev, &slot->dev);
	if (ret)
		goto err_put_device;
	return 0;

err_put_device:
	put_device(&slot->dev);
	return ret;
}

int ccid_probe(struct usb_interface *intf, const struct usb_device_id *id)
{
	struct usb_endpoint_descriptor *in, *out, *irq;
	struct ccid_reader *rdr;
	struct ccid_desc desc;
	unsigned int i, nslots, added = 0;
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
	init_waitqueue_head(&rdr->cmd_wait);
	sema_init(&rdr->busy, rdr->busy_slots);
	INIT_DELAYED_WORK(&rdr->poll_work, ccid_poll_work);
	for (i = 0; i < nslots; i++)
		ccid_slot_init(&rdr->slots[i], rdr, i);

	ret = ccid_transport_init(rdr);
	if (ret)
		goto err_put_reader;
	for (i = 0; i < nslots; i++) {
		rdr->slots[i].reply = kvmalloc(rdr->max_message, GFP_KERNEL);
		if (!rdr->slots[i].reply) {
			ret = -ENOMEM;
			goto err_put_reader;
		}
	}

	ret = ida_alloc_max(&ccid_reader_ida, CCID_MAX_READERS - 1, GFP_KERNEL);
	if (ret < 0)
		goto err_put_reader;
	rdr->index = ret;

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

	ret = ccid_notify_start(rdr);
	if (ret)
		goto err_unpin_pm;

	for (added = 0; added < nslots; added++) {
		ret = ccid_add_slot_node(&rdr->slots[added]);
		if (ret)
			goto err_del_nodes;
	}

	mutex_lock(&ccid_readers_mutex);
	list_add_tail(&rdr->node, &ccid_readers);
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

err_del_nodes:
	while (added--) {
		cdev_device_del(&rdr->slots[added].cdev, &rdr->slots[added].dev);
		put_device(&rdr->slots[added].dev);
	}
	down_write(&rdr->io_rwsem);
	rdr->disconnected = true;
	up_write(&rdr->io_rwsem);
	ccid_notify_stop(rdr);
err_unpin_pm:
	if (rdr->pm_pinned)
		usb_autopm_put_interface_no_suspend(intf);
	usb_set_intfdata(intf, NULL);
	ida_free(&ccid_reader_ida, rdr->index);
err_put_reader:
	ccid_reader_put(rdr);
	return ret;
}

void ccid_disconnect(struct usb_interface *intf)
{
	struct ccid_reader *rdr = usb_get_intfdata(intf);
	unsigned int i;

	/* No new I/O from here on; I/O in flight fails with -ENODEV. */
	down_write(&rdr->io_rwsem);
	rdr->disconnected = true;
	up_write(&rdr->io_rwsem);

	mutex_lock(&ccid_readers_mutex);
	list_del_init(&rdr->node);
	mutex_unlock(&ccid_readers_mutex);

	ccid_notify_stop(rdr);
	usb_poison_anchored_urbs(&rdr->anchor);
	cancel_delayed_work_sync(&rdr->recover_work);
	ccid_fail_pending(rdr, -ENODEV);

	for (i = 0; i < rdr->nslots; i++) {
		struct ccid_slot *slot = &rdr->slots[i];

		wake_up_all(&slot->wait);
		cancel_delayed_work_sync(&slot->event_work);
		cancel_delayed_work_sync(&slot->hold_work);
		cancel_delayed_work_sync(&slot->txn_work);
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
		cdev_device_del(&slot->cdev, &slot->dev);
	}
	if (rdr->pm_pinned)
		usb_autopm_put_interface_no_suspend(intf);

	usb_set_intfdata(intf, NULL);
	ida_free(&ccid_reader_ida, rdr->index);
	dev_info(&intf->dev, "ccid%u: disconnected\n", rdr->index);

	for (i = 0; i < rdr->nslots; i++)
		put_device(&rdr->slots[i].dev);
	ccid_reader_put(rdr);
}
