// SPDX-License-Identifier: GPL-2.0
/*
 * Power management: system and runtime suspend, resume, reset-resume,
 * and USB device reset (pre_reset/post_reset).
 *
 * A powered card holds an autopm reference (slot.c), so autosuspend only
 * happens with no card powered; the interrupt URB is killed on suspend and
 * card events while suspended arrive by remote wakeup.
 */

#include "ccid.h"

static void ccid_stop_io(struct ccid_reader *rdr)
{
	spin_lock_irq(&rdr->lock);
	rdr->suspended = true;
	spin_unlock_irq(&rdr->lock);
	ccid_notify_stop(rdr);
	usb_kill_anchored_urbs(&rdr->anchor);
}

static int ccid_start_io(struct ccid_reader *rdr, bool lost_power)
{
	unsigned int i;
	int ret;

	spin_lock_irq(&rdr->lock);
	rdr->suspended = false;
	spin_unlock_irq(&rdr->lock);
	ret = ccid_notify_start(rdr);
	ccid_in_kick(rdr);
	/* Events may have been missed: look at every slot again. */
	for (i = 0; i < rdr->nslots; i++)
		ccid_slot_changed(&rdr->slots[i], lost_power);
	return ret;
}

int ccid_suspend(struct usb_interface *intf, pm_message_t message)
{
	struct ccid_reader *rdr = usb_get_intfdata(intf);
	unsigned long flags;
	bool busy;

	if (PMSG_IS_AUTO(message)) {
		spin_lock_irqsave(&rdr->lock, flags);
		busy = rdr->npending;
		spin_unlock_irqrestore(&rdr->lock, flags);
		if (busy)
			return -EBUSY;
	}
	ccid_stop_io(rdr);
	/* A command caught by a system suspend fails; its caller retries. */
	ccid_fail_pending(rdr, -EIO);
	return 0;
}

int ccid_resume(struct usb_interface *intf)
{
	return ccid_start_io(usb_get_intfdata(intf), false);
}

int ccid_reset_resume(struct usb_interface *intf)
{
	/* The reader lost its state: every card was deactivated. */
	return ccid_start_io(usb_get_intfdata(intf), true);
}

int ccid_pre_reset(struct usb_interface *intf)
{
	struct ccid_reader *rdr = usb_get_intfdata(intf);

	/* Held until post_reset: no I/O is started during the reset. */
	down_write(&rdr->io_rwsem);
	ccid_stop_io(rdr);
	ccid_fail_pending(rdr, -EIO);
	return 0;
}

int ccid_post_reset(struct usb_interface *intf)
{
	struct ccid_reader *rdr = usb_get_intfdata(intf);
	int ret;

	ret = ccid_start_io(rdr, true);
	up_write(&rdr->io_rwsem);
	return ret;
}
