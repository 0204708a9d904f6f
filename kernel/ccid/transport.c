// SPDX-License-Identifier: GPL-2.0
/*
 * CCID bulk transport: commands go out on bulk-OUT, replies come back on
 * one bulk-IN URB that stays submitted while any command is pending and is
 * dispatched by (bSlot, bSeq). One command per slot is in flight at a time
 * (slot->lock), at most bMaxCCIDBusySlots across the reader (rdr->busy).
 */

#include <linux/delay.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "ccid.h"

/* Byte offsets of the bulk message header (CCID 1.1 section 6.1) */
#define CCID_OFF_TYPE	0
#define CCID_OFF_SLOT	5
#define CCID_OFF_SEQ	6
#define CCID_OFF_STATUS	7
#define CCID_OFF_ERROR	8

#define CCID_IN_ERRORS_MAX	8	/* consecutive bulk-IN errors */
#define CCID_IN_RECOVER_MS	100	/* pause before looking again */

static void ccid_in_complete(struct urb *urb);
static void ccid_recover_work(struct work_struct *work);

int ccid_transport_init(struct ccid_reader *rdr)
{
	INIT_DELAYED_WORK(&rdr->recover_work, ccid_recover_work);
	rdr->in_urb = usb_alloc_urb(0, GFP_KERNEL);
	if (!rdr->in_urb)
		return -ENOMEM;
	rdr->in_buf = kmalloc(rdr->max_message, GFP_KERNEL);
	if (!rdr->in_buf)
		return -ENOMEM;
	usb_fill_bulk_urb(rdr->in_urb, rdr->udev, rdr->bulk_in_pipe,
			  rdr->in_buf, rdr->max_message, ccid_in_complete, rdr);
	return 0;
}

void ccid_transport_free(struct ccid_reader *rdr)
{
	usb_free_urb(rdr->in_urb);
	kfree(rdr->in_buf);
	usb_free_urb(rdr->int_urb);
	kfree(rdr->int_buf);
}

/* Complete every pending command with @err (disconnect, suspend, reset). */
void ccid_fail_pending(struct ccid_reader *rdr, int err)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&rdr->lock, flags);
	for (i = 0; i < rdr->nslots; i++) {
		struct ccid_cmd *cmd = rdr->pending[i];

		if (cmd && !cmd->done) {
			cmd->status = err;
			cmd->done = true;
		}
	}
	spin_unlock_irqrestore(&rdr->lock, flags);
	wake_up_all(&rdr->cmd_wait);
}

/* Submit the bulk-IN URB if a command waits for a reply. rdr->lock held. */
static void __ccid_in_kick(struct ccid_reader *rdr)
{
	int ret;

	if (rdr->in_busy || !rdr->npending || rdr->suspended)
		return;
	usb_anchor_urb(rdr->in_urb, &rdr->anchor);
	ret = usb_submit_urb(rdr->in_urb, GFP_ATOMIC);
	if (ret) {
		usb_unanchor_urb(rdr->in_urb);
		dev_dbg(&rdr->intf->dev, "bulk-IN submit: %d\n", ret);
		return;
	}
	rdr->in_busy = true;
}

void ccid_in_kick(struct ccid_reader *rdr)
{
	unsigned long flags;

	spin_lock_irqsave(&rdr->lock, flags);
	__ccid_in_kick(rdr);
	spin_unlock_irqrestore(&rdr->lock, flags);
}

/* Hand a reply to the command waiting for it. rdr->lock held. */
static void ccid_dispatch(struct ccid_reader *rdr, const u8 *buf, size_t len)
{
	struct ccid_cmd *cmd;
	u8 slot, seq;

	ccid_dbg_msg(rdr, false, buf, len);
	if (len < CCID_HDR_LEN) {
		dev_warn_ratelimited(&rdr->intf->dev,
				     "dropping %zu-byte bulk-IN message\n", len);
		return;
	}
	slot = buf[CCID_OFF_SLOT];
	seq = buf[CCID_OFF_SEQ];
	cmd = slot < rdr->nslots ? rdr->pending[slot] : NULL;
	if (!cmd || cmd->done || cmd->seq != seq) {
		dev_dbg(&rdr->intf->dev,
			"dropping unexpected reply slot %u seq %u\n", slot, seq);
		return;
	}
	if ((buf[CCID_OFF_STATUS] & CCID_CMD_STATUS_MASK) == CCID_CMD_TIME_EXT) {
		cmd->time_ext++;
		cmd->time_ext_mult = buf[CCID_OFF_ERROR];
		wake_up_all(&rdr->cmd_wait);
		return;
	}
	len = min(len, cmd->rx_size);
	memcpy(cmd->rx, buf, len);
	cmd->rx_len = len;
	cmd->status = 0;
	cmd->done = true;
	wake_up_all(&rdr->cmd_wait);
}

static void ccid_in_complete(struct urb *urb)
{
	struct ccid_reader *rdr = urb->context;
	unsigned long flags;

	spin_lock_irqsave(&rdr->lock, flags);
	rdr->in_busy = false;
	switch (urb->status) {
	case 0:
		rdr->in_errors = 0;
		ccid_dispatch(rdr, rdr->in_buf, urb->actual_length);
		__ccid_in_kick(rdr);
		break;
	case -ENOENT:
	case -ECONNRESET:
	case -ESHUTDOWN:
	case -ENODEV:
		/* killed: disconnect, suspend or reset; not resubmitted */
		break;
	default:
		/*
		 * A stall, or a transfer error - also what an unplug looks
		 * like before disconnect runs. Look again from process
		 * context, a little later, instead of spinning here.
		 */
		dev_dbg(&rdr->intf->dev, "bulk-IN error %d\n", urb->status);
		ccid_queue(rdr, &rdr->recover_work,
			   msecs_to_jiffies(CCID_IN_RECOVER_MS));
		break;
	}
	spin_unlock_irqrestore(&rdr->lock, flags);
}

/* The reader is going or gone, whether or not disconnect ran yet. */
bool ccid_reader_gone(struct ccid_reader *rdr)
{
	return READ_ONCE(rdr->disconnected) ||
	       READ_ONCE(rdr->udev->state) == USB_STATE_NOTATTACHED;
}

static void ccid_recover_work(struct work_struct *work)
{
	struct ccid_reader *rdr = container_of(to_delayed_work(work),
					       struct ccid_reader,
					       recover_work);
	bool give_up;
	int ret;

	down_read(&rdr->io_rwsem);
	if (ccid_reader_gone(rdr)) {
		up_read(&rdr->io_rwsem);
		return;
	}
	ret = usb_clear_halt(rdr->udev, rdr->bulk_in_pipe);
	if (ret)
		dev_dbg(&rdr->intf->dev, "bulk-IN clear halt: %d\n", ret);
	spin_lock_irq(&rdr->lock);
	give_up = ++rdr->in_errors >= CCID_IN_ERRORS_MAX;
	if (give_up)
		rdr->in_errors = 0;
	spin_unlock_irq(&rdr->lock);
	if (give_up) {
		dev_warn(&rdr->intf->dev, "bulk-IN keeps failing: %d\n", ret);
		ccid_fail_pending(rdr, -EIO);
	}
	ccid_in_kick(rdr);
	up_read(&rdr->io_rwsem);
}

static void ccid_unregister(struct ccid_reader *rdr, struct ccid_cmd *cmd)
{
	spin_lock_irq(&rdr->lock);
	if (rdr->pending[cmd->slot] == cmd) {
		rdr->pending[cmd->slot] = NULL;
		rdr->npending--;
	}
	spin_unlock_irq(&rdr->lock);
}

static void ccid_out_complete(struct urb *urb)
{
	complete(urb->context);
}

static int ccid_out_errno(struct ccid_reader *rdr, int status)
{
	switch (status) {
	case 0:
		return 0;
	case -ENOENT:
	case -ECONNRESET:
	case -ESHUTDOWN:
	case -ENODEV:
		return ccid_reader_gone(rdr) ? -ENODEV : -EIO;
	case -EPIPE:
		down_read(&rdr->io_rwsem);
		if (!rdr->disconnected)
			usb_clear_halt(rdr->udev, rdr->bulk_out_pipe);
		up_read(&rdr->io_rwsem);
		return -EIO;
	default:
		return ccid_reader_gone(rdr) ? -ENODEV : -EIO;
	}
}

/*
 * Register @cmd and send @msg on an anchored URB, so that disconnect can
 * poison it instead of waiting for it. With @seq < 0 a fresh bSeq is
 * taken, otherwise @seq is reused (Abort names the command it aborts).
 */
static int ccid_send(struct ccid_reader *rdr, struct ccid_cmd *cmd, u8 *msg,
		     size_t len, int seq)
{
	DECLARE_COMPLETION_ONSTACK(sent);
	struct urb *urb;
	int ret;

	urb = usb_alloc_urb(0, GFP_KERNEL);
	if (!urb)
		return -ENOMEM;
	usb_fill_bulk_urb(urb, rdr->udev, rdr->bulk_out_pipe, msg, len,
			  ccid_out_complete, &sent);

	spin_lock_irq(&rdr->lock);
	cmd->seq = seq < 0 ? rdr->seq++ : (u8)seq;
	cmd->done = false;
	cmd->status = 0;
	cmd->rx_len = 0;
	cmd->time_ext = 0;
	cmd->time_ext_mult = 0;
	if (WARN_ON_ONCE(rdr->pending[cmd->slot])) {
		spin_unlock_irq(&rdr->lock);
		ret = -EBUSY;
		goto out_free_urb;
	}
	rdr->pending[cmd->slot] = cmd;
	rdr->npending++;
	spin_unlock_irq(&rdr->lock);

	msg[CCID_OFF_SEQ] = cmd->seq;
	ccid_dbg_msg(rdr, true, msg, len);

	down_read(&rdr->io_rwsem);
	if (rdr->disconnected) {
		ret = -ENODEV;
	} else {
		usb_anchor_urb(urb, &rdr->anchor);
		ret = usb_submit_urb(urb, GFP_KERNEL);
		if (ret)
			usb_unanchor_urb(urb);
	}
	up_read(&rdr->io_rwsem);
	if (ret) {
		ret = ccid_reader_gone(rdr) ? -ENODEV : -EIO;
		goto out_unregister;
	}

	if (!wait_for_completion_timeout(&sent, msecs_to_jiffies(CCID_BULK_OUT_TIMEOUT_MS))) {
		usb_kill_urb(urb);
		ret = ccid_reader_gone(rdr) ? -ENODEV : -EIO;
		goto out_unregister;
	}
	ret = ccid_out_errno(rdr, urb->status);
	if (!ret && urb->actual_length != len)
		ret = -EIO;
	if (ret)
		goto out_unregister;

	ccid_in_kick(rdr);
	usb_free_urb(urb);
	return 0;

out_unregister:
	ccid_unregister(rdr, cmd);
out_free_urb:
	usb_free_urb(urb);
	return ret;
}

static bool ccid_cmd_settled(struct ccid_reader *rdr, struct ccid_cmd *cmd,
			     unsigned int seen)
{
	bool ret;

	spin_lock_irq(&rdr->lock);
	ret = cmd->done || cmd->time_ext != seen;
	spin_unlock_irq(&rdr->lock);
	return ret;
}

/*
 * Abort a command that timed out or was interrupted (CCID 1.1 section
 * 5.3.1): the ABORT class request, then PC_to_RDR_Abort with the same bSlot
 * and bSeq, whose SlotStatus ends the procedure. Readers that STALL the
 * request (QEMU) still get the bulk message; a reader that never answers
 * is left to report slot-busy, which the next command retries.
 */
static void ccid_abort(struct ccid_slot *slot, struct ccid_cmd *cmd)
{
	struct ccid_reader *rdr = slot->rdr;
	unsigned long deadline;
	bool done;
	u8 *msg;
	int ret;

	dev_dbg(&slot->dev, "aborting seq %u\n", cmd->seq);
	down_read(&rdr->io_rwsem);
	if (rdr->disconnected) {
		up_read(&rdr->io_rwsem);
		return;
	}
	ret = usb_control_msg(rdr->udev, usb_sndctrlpipe(rdr->udev, 0),
			      CCID_REQ_ABORT,
			      USB_DIR_OUT | USB_TYPE_CLASS | USB_RECIP_INTERFACE,
			      (cmd->seq << 8) | slot->index,
			      rdr->intf->cur_altsetting->desc.bInterfaceNumber,
			      NULL, 0, CCID_CTRL_TIMEOUT_MS);
	up_read(&rdr->io_rwsem);
	if (ret < 0)
		dev_dbg(&slot->dev, "ABORT request: %d\n", ret);

	msg = kmalloc(CCID_HDR_LEN, GFP_KERNEL);
	if (!msg)
		return;
	ccid_msg_header(msg, PC_TO_RDR_ABORT, 0, slot->index, 0, 0, 0, 0);
	ret = ccid_send(rdr, cmd, msg, CCID_HDR_LEN, cmd->seq);
	kfree(msg);
	if (ret)
		return;

	deadline = jiffies + msecs_to_jiffies(CCID_ABORT_TIMEOUT_MS);
	while (time_before(jiffies, deadline)) {
		wait_event_timeout(rdr->cmd_wait,
				   ccid_cmd_settled(rdr, cmd, cmd->time_ext),
				   deadline - jiffies);
		spin_lock_irq(&rdr->lock);
		if (cmd->done && cmd->status == 0 && cmd->rx_len > 0 &&
		    cmd->rx[CCID_OFF_TYPE] != RDR_TO_PC_SLOT_STATUS) {
			/* the aborted command's own reply: keep waiting */
			cmd->done = false;
			cmd->rx_len = 0;
		}
		done = cmd->done;
		spin_unlock_irq(&rdr->lock);
		if (done)
			break;
	}
	ccid_unregister(rdr, cmd);
}

static int ccid_wait(struct ccid_slot *slot, struct ccid_cmd *cmd,
		     unsigned int timeout_ms)
{
	struct ccid_reader *rdr = slot->rdr;
	unsigned long limit = jiffies +
			      msecs_to_jiffies(CCID_CMD_MAX_TIMEOUT_MS);
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);
	unsigned int seen = 0, ext, mult;
	long left;
	bool done;
	int ret;

	for (;;) {
		left = time_after(deadline, jiffies) ? deadline - jiffies : 0;
		left = wait_event_interruptible_timeout(rdr->cmd_wait,
							ccid_cmd_settled(rdr, cmd, seen),
							left);
		spin_lock_irq(&rdr->lock);
		done = cmd->done;
		ret = cmd->status;
		ext = cmd->time_ext;
		mult = cmd->time_ext_mult;
		spin_unlock_irq(&rdr->lock);
		if (done)
			return ret;
		if (ext != seen) {
			/* time extension: bError multiplies the waiting time */
			seen = ext;
			deadline = jiffies + msecs_to_jiffies(timeout_ms *
							      max(mult, 1U));
			if (time_after(deadline, limit))
				deadline = limit;
			continue;
		}
		if (left < 0) {
			ret = -EINTR;
			break;
		}
		if (!time_before(jiffies, deadline)) {
			ret = -ETIMEDOUT;
			break;
		}
	}

	ccid_unregister(rdr, cmd);
	ccid_abort(slot, cmd);
	return ret;
}

static u8 ccid_reply_type(u8 cmd_type)
{
	switch (cmd_type) {
	case PC_TO_RDR_ICC_POWER_ON:
	case PC_TO_RDR_XFR_BLOCK:
	case PC_TO_RDR_SECURE:
		return RDR_TO_PC_DATA_BLOCK;
	case PC_TO_RDR_GET_PARAMETERS:
	case PC_TO_RDR_SET_PARAMETERS:
	case PC_TO_RDR_RESET_PARAMETERS:
		return RDR_TO_PC_PARAMETERS;
	case PC_TO_RDR_ESCAPE:
		return RDR_TO_PC_ESCAPE;
	case PC_TO_RDR_SET_RATE_CLOCK:
		return RDR_TO_PC_RATE_CLOCK;
	default:
		return RDR_TO_PC_SLOT_STATUS;
	}
}

static int ccid_pm_get(struct ccid_reader *rdr)
{
	int ret;

	down_read(&rdr->io_rwsem);
	ret = rdr->disconnected ? -ENODEV : usb_autopm_get_interface(rdr->intf);
	up_read(&rdr->io_rwsem);
	return ret;
}

static void ccid_pm_put(struct ccid_reader *rdr)
{
	down_read(&rdr->io_rwsem);
	if (!rdr->disconnected)
		usb_autopm_put_interface(rdr->intf);
	up_read(&rdr->io_rwsem);
}

static int ccid_exec_once(struct ccid_slot *slot, struct ccid_cmd *cmd,
			  u8 *msg, size_t len, unsigned int timeout_ms)
{
	struct ccid_reader *rdr = slot->rdr;
	int ret;

	if (down_interruptible(&rdr->busy))
		return -EINTR;
	ret = ccid_pm_get(rdr);
	if (ret)
		goto out_up_busy;

	ret = ccid_send(rdr, cmd, msg, len, -1);
	if (!ret)
		ret = ccid_wait(slot, cmd, timeout_ms);
	ccid_unregister(rdr, cmd);

	ccid_pm_put(rdr);
out_up_busy:
	up(&rdr->busy);
	return ret;
}

/**
 * ccid_exec() - send one command to a slot and wait for its reply
 * @slot: the slot; its lock is held
 * @msg: the message, header filled (bSeq is set here); DMA-able
 * @len: its length
 * @r: the decoded reply, pointing into slot->reply
 * @timeout_ms: waiting time; time extensions prolong it, bounded by
 *	CCID_CMD_MAX_TIMEOUT_MS
 *
 * A timeout or a signal aborts the command. Slot-busy answers are retried.
 * The card state in the reply's bStatus is for the caller to act on.
 *
 * Return: 0 when a well-formed reply of the right type arrived (the
 * command may still have failed: see r->status); -ENODEV, -ETIMEDOUT,
 * -EINTR, -EIO or -EPROTO otherwise.
 */
int ccid_exec(struct ccid_slot *slot, u8 *msg, size_t len,
	      struct ccid_reply *r, unsigned int timeout_ms)
{
	struct ccid_reader *rdr = slot->rdr;
	struct ccid_cmd cmd = {
		.slot = slot->index,
		.rx = slot->reply,
		.rx_size = rdr->max_message,
	};
	unsigned int tries;
	int ret;

	lockdep_assert_held(&slot->lock);
	if (len > rdr->max_message)
		return -EINVAL;

	for (tries = 0;; tries++) {
		ret = ccid_exec_once(slot, &cmd, msg, len, timeout_ms);
		if (ret)
			return ret;
		ret = ccid_reply_parse(cmd.rx, cmd.rx_len, r);
		if (ret || r->type != ccid_reply_type(msg[CCID_OFF_TYPE])) {
			dev_warn_ratelimited(&slot->dev,
					     "malformed reply to %s (%zu bytes)\n",
					     ccid_msg_name(msg[CCID_OFF_TYPE]),
					     cmd.rx_len);
			return -EPROTO;
		}
		if ((r->status & CCID_CMD_STATUS_MASK) == CCID_CMD_FAILED &&
		    r->error == CCID_ERR_SLOT_BUSY &&
		    tries < CCID_SLOT_BUSY_RETRIES) {
			msleep(CCID_SLOT_BUSY_DELAY_MS);
			continue;
		}
		return 0;
	}
}
