// SPDX-License-Identifier: GPL-2.0
/*
 * Slot nodes /dev/ccid<R>s<S>: the ioctl interface of
 * include/uapi/linux/scpnp.h and poll() for card events.
 */

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ccid.h"
#include "apdu.h"

static int ccid_open(struct inode *inode, struct file *file)
{
	struct ccid_slot *slot = container_of(inode->i_cdev, struct ccid_slot,
					      cdev);
	struct ccid_reader *rdr = slot->rdr;
	struct ccid_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	ccid_reader_get(rdr);
	f->slot = slot;

	/*
	 * Another handle's command may hold the slot lock for minutes: open
	 * never waits for it. A reset racing the open is either seen by
	 * the new handle or not, as if it came just before or after it.
	 */
	if (READ_ONCE(rdr->disconnected)) {
		ccid_reader_put(rdr);
		kfree(f);
		return -ENODEV;
	}
	f->epoch = READ_ONCE(slot->epoch);
	f->events_seen = READ_ONCE(slot->events);

	file->private_data = f;
	return nonseekable_open(inode, file);
}

static int ccid_release(struct inode *inode, struct file *file)
{
	struct ccid_file *f = file->private_data;
	struct ccid_reader *rdr = f->slot->rdr;

	ccid_txn_release(f);
	kfree(f);
	ccid_reader_put(rdr);
	return 0;
}

/*
 * Take the slot for a card operation of @f: no other handle's
 * transaction, a visible card, and a reset that @f has not heard of is
 * reported once. On success the slot lock is held.
 */
static int ccid_card_begin(struct ccid_file *f, struct file *file,
			   bool sync_epoch)
{
	struct ccid_slot *slot = f->slot;
	int ret;

	if (mutex_lock_interruptible(&slot->lock))
		return -EINTR;
	ret = READ_ONCE(slot->rdr->disconnected) ? -ENODEV :
	      ccid_txn_enter(f, file->f_flags & O_NONBLOCK);
	if (!ret && (slot->state == CCID_CARD_ABSENT || slot->held))
		ret = -ENOMEDIUM;
	if (!ret && f->epoch != slot->epoch) {
		f->epoch = slot->epoch;
		if (!sync_epoch)
			ret = -ECONNRESET;
	}
	if (ret)
		mutex_unlock(&slot->lock);
	return ret;
}

/*
 * End a card operation. A failure seen while the reader was being
 * unplugged is -ENODEV: the host controller fails the transfers of a
 * detached device before the hub driver notices the port change and
 * disconnect runs, so an I/O error gets a short grace for that to happen.
 */
static int ccid_card_end(struct ccid_file *f, int ret)
{
	struct ccid_slot *slot = f->slot;

	ccid_txn_leave(f);
	mutex_unlock(&slot->lock);
	if (ret == -EIO)
		wait_event_timeout(slot->wait, ccid_reader_gone(slot->rdr),
				   msecs_to_jiffies(CCID_UNPLUG_GRACE_MS));
	if (ret < 0 && ccid_reader_gone(slot->rdr))
		ret = -ENODEV;
	return ret;
}

static int ccid_ioc_status(struct ccid_file *f, void __user *argp)
{
	struct ccid_slot *slot = f->slot;
	struct ccid_status st = {};

	if (mutex_lock_interruptible(&slot->lock))
		return -EINTR;
	if (!slot->held) {
		switch (slot->state) {
		case CCID_CARD_ACTIVE:
			st.state = CCID_STATE_ACTIVE;
			st.protocol = slot->protocol == ATR_T1 ? CCID_PROTO_T1 :
								  CCID_PROTO_T0;
			st.atr_len = slot->atr.len;
			memcpy(st.atr, slot->atr.raw, slot->atr.len);
			break;
		case CCID_CARD_INACTIVE:
			st.state = CCID_STATE_PRESENT;
			break;
		default:
			st.state = CCID_STATE_ABSENT;
			break;
		}
	}
	if (slot->txn_owner == f)
		st.flags |= CCID_STATUS_TXN_MINE;
	else if (slot->txn_owner)
		st.flags |= CCID_STATUS_TXN_OTHER;
	st.card_events = slot->events;
	f->events_seen = slot->events;
	mutex_unlock(&slot->lock);

	return copy_to_user(argp, &st, sizeof(st)) ? -EFAULT : 0;
}

static int ccid_ioc_info(struct ccid_file *f, void __user *argp)
{
	struct ccid_reader *rdr = f->slot->rdr;
	const struct ccid_desc *d = &rdr->desc;
	struct ccid_reader_info info = {
		.vendor = le16_to_cpu(rdr->udev->descriptor.idVendor),
		.product = le16_to_cpu(rdr->udev->descriptor.idProduct),
		.features = d->features,
		.max_message = rdr->max_message,
		.max_ifsd = d->max_ifsd,
		.default_clock = d->default_clock,
		.max_clock = d->max_clock,
		.data_rate = d->data_rate,
		.max_data_rate = d->max_data_rate,
		.lcd_layout = d->lcd_layout,
		.exchange_level = ccid_desc_level(d),
		.slot = f->slot->index,
		.nslots = rdr->nslots,
		.busy_slots = rdr->busy_slots,
		.voltage_support = d->voltage_support,
		.has_interrupt = !!rdr->int_ep,
	};

	if (d->protocols & CCID_DESC_PROTO_T0)
		info.protocols |= CCID_PROTO_T0;
	if (d->protocols & CCID_DESC_PROTO_T1)
		info.protocols |= CCID_PROTO_T1;
	if (rdr->pin_support & CCID_PIN_SUPPORT_VERIFY)
		info.pin_support |= CCID_PIN_VERIFY;
	if (rdr->pin_support & CCID_PIN_SUPPORT_MODIFY)
		info.pin_support |= CCID_PIN_MODIFY;
	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}

/*
 * A present card left unpowered (another handle's CCID_IOC_POWER_OFF, as
 * pcscd does when idle, or a failed activation) is powered again for a
 * card operation, as the smart card service does on Windows. The caller
 * saw the deactivation already (ECONNRESET); the activation it causes is
 * its own, so its epoch follows; other handles learn of it once.
 */
static int ccid_card_power_on_demand(struct ccid_file *f)
{
	struct ccid_slot *slot = f->slot;
	int ret;

	if (slot->state != CCID_CARD_INACTIVE)
		return 0;
	ret = ccid_slot_reset(slot, true);
	f->epoch = slot->epoch;
	return ret;
}

static int ccid_ioc_transmit(struct ccid_file *f, struct file *file,
			     void __user *argp)
{
	struct ccid_xfer x;
	size_t rx_size, rx_len = 0;
	u8 *tx, *rx;
	int ret;

	if (copy_from_user(&x, argp, sizeof(x)))
		return -EFAULT;
	if (x.reserved || (x.flags & ~CCID_XFER_RAW) ||
	    x.tx_len < APDU_HDR_LEN || x.tx_len > CCID_APDU_MAX_CMD ||
	    x.rx_len < APDU_SW_LEN)
		return -EINVAL;
	rx_size = min_t(size_t, x.rx_len, CCID_APDU_MAX_RESP);

	tx = vmemdup_user(u64_to_user_ptr(x.tx), x.tx_len);
	if (IS_ERR(tx))
		return PTR_ERR(tx);
	rx = kvmalloc(rx_size, GFP_KERNEL);
	if (!rx) {
		ret = -ENOMEM;
		goto out_free_tx;
	}

	ret = ccid_card_begin(f, file, false);
	if (ret)
		goto out_free_rx;
	ret = ccid_card_power_on_demand(f);
	if (!ret)
		ret = ccid_transmit(f->slot, tx, x.tx_len, rx, rx_size,
				    &rx_len, x.flags & CCID_XFER_RAW);
	ret = ccid_card_end(f, ret);
	if (ret)
		goto out_free_rx;

	x.rx_len = rx_len;
	if (copy_to_user(u64_to_user_ptr(x.rx), rx, rx_len) ||
	    copy_to_user(argp, &x, sizeof(x)))
		ret = -EFAULT;
out_free_rx:
	kvfree(rx);
out_free_tx:
	kvfree(tx);
	return ret;
}

static int ccid_ioc_ctrl(struct ccid_file *f, struct file *file,
			 unsigned int cmd, void __user *argp)
{
	struct ccid_slot *slot = f->slot;
	size_t rx_size, rx_len = 0;
	struct ccid_ctrl c;
	u8 *tx, *rx;
	int ret;

	if (cmd == CCID_IOC_ESCAPE && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&c, argp, sizeof(c)))
		return -EFAULT;
	if (c.reserved[0] || c.reserved[1] || !c.tx_len ||
	    c.tx_len > CCID_CTRL_MAX)
		return -EINVAL;
	rx_size = min_t(size_t, c.rx_len, CCID_APDU_MAX_RESP);

	tx = memdup_user(u64_to_user_ptr(c.tx), c.tx_len);
	if (IS_ERR(tx))
		return PTR_ERR(tx);
	rx = kvmalloc(max_t(size_t, rx_size, 1), GFP_KERNEL);
	if (!rx) {
		ret = -ENOMEM;
		goto out_free_tx;
	}

	if (cmd == CCID_IOC_SECURE) {
		ret = ccid_card_begin(f, file, false);
		if (ret)
			goto out_free_rx;
		ret = ccid_card_power_on_demand(f);
		if (!ret)
			ret = ccid_secure(slot, tx, c.tx_len, rx, rx_size,
					  &rx_len);
		ret = ccid_card_end(f, ret);
	} else {
		if (mutex_lock_interruptible(&slot->lock)) {
			ret = -EINTR;
			goto out_free_rx;
		}
		ret = READ_ONCE(slot->rdr->disconnected) ? -ENODEV :
		      ccid_txn_enter(f, file->f_flags & O_NONBLOCK);
		if (!ret)
			ret = ccid_escape(slot, tx, c.tx_len, rx, rx_size,
					  &rx_len);
		mutex_unlock(&slot->lock);
	}
	if (ret)
		goto out_free_rx;

	c.rx_len = rx_len;
	if (copy_to_user(u64_to_user_ptr(c.rx), rx, rx_len) ||
	    copy_to_user(argp, &c, sizeof(c)))
		ret = -EFAULT;
out_free_rx:
	kvfree(rx);
out_free_tx:
	kfree(tx);
	return ret;
}

static long ccid_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ccid_file *f = file->private_data;
	struct ccid_slot *slot = f->slot;
	void __user *argp = (void __user *)arg;
	u32 mask;
	int ret;

	switch (cmd) {
	case CCID_IOC_GET_STATUS:
		return ccid_ioc_status(f, argp);
	case CCID_IOC_GET_INFO:
		return ccid_ioc_info(f, argp);
	case CCID_IOC_TRANSMIT:
		return ccid_ioc_transmit(f, file, argp);
	case CCID_IOC_SECURE:
	case CCID_IOC_ESCAPE:
		return ccid_ioc_ctrl(f, file, cmd, argp);
	case CCID_IOC_RESET:
		if (arg != CCID_RESET_COLD && arg != CCID_RESET_WARM)
			return -EINVAL;
		ret = ccid_card_begin(f, file, true);
		if (ret)
			return ret;
		ret = ccid_slot_reset(slot, arg == CCID_RESET_COLD);
		f->epoch = slot->epoch;
		return ccid_card_end(f, ret);
	case CCID_IOC_POWER_OFF:
		ret = ccid_card_begin(f, file, true);
		if (ret)
			return ret;
		ret = ccid_slot_power_off(slot);
		slot->epoch++;
		f->epoch = slot->epoch;
		return ccid_card_end(f, ret);
	case CCID_IOC_SET_PROTOCOL:
		if (get_user(mask, (u32 __user *)argp))
			return -EFAULT;
		if (!mask || (mask & ~(CCID_PROTO_T0 | CCID_PROTO_T1)))
			return -EINVAL;
		ret = ccid_card_begin(f, file, false);
		if (ret)
			return ret;
		ret = ccid_slot_set_protocol(slot, mask);
		f->epoch = slot->epoch;
		ret = ccid_card_end(f, ret);
		if (ret < 0)
			return ret;
		return put_user((u32)ret, (u32 __user *)argp);
	case CCID_IOC_TXN_BEGIN:
		if (mutex_lock_interruptible(&slot->lock))
			return -EINTR;
		ret = READ_ONCE(slot->rdr->disconnected) ? -ENODEV :
		      ccid_txn_begin(f, file->f_flags & O_NONBLOCK);
		mutex_unlock(&slot->lock);
		return ret;
	case CCID_IOC_TXN_END:
		if (mutex_lock_interruptible(&slot->lock))
			return -EINTR;
		if (slot->txn_owner != f && f->epoch != slot->epoch) {
			/* the transaction ended under us (idle reset) */
			f->epoch = slot->epoch;
			ret = -ECONNRESET;
		} else {
			ret = ccid_txn_end(f, arg);
		}
		mutex_unlock(&slot->lock);
		return ret;
	default:
		return -ENOTTY;
	}
}

static __poll_t ccid_poll(struct file *file, poll_table *wait)
{
	struct ccid_file *f = file->private_data;
	struct ccid_slot *slot = f->slot;
	__poll_t mask = 0;

	poll_wait(file, &slot->wait, wait);
	if (READ_ONCE(slot->rdr->disconnected))
		return EPOLLHUP | EPOLLERR;
	if (READ_ONCE(slot->events) != READ_ONCE(f->events_seen))
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLPRI;
	return mask;
}

const struct file_operations ccid_fops = {
	.owner = THIS_MODULE,
	.open = ccid_open,
	.release = ccid_release,
	.unlocked_ioctl = ccid_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.poll = ccid_poll,
	.llseek = no_llseek,
};
