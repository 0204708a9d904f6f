// SPDX-License-Identifier: GPL-2.0
/*
 * scpnp pcscd IFD handler (API v3): drives ccid.ko's slot nodes.
 *
 * pcscd gives each slot a Lun: reader index in the high 16 bits (the "RR"
 * of the reader name), slot index in the low 16 (the CCID slot number, the
 * S of /dev/ccid<R>s<S>). Each open slot keeps three descriptors:
 *   fd       power, transmit (raw TPDU), control: what pcscd's clients do;
 *   poll_fd  read only by IFDHICCPresence(), so that its poll() readiness
 *            (card events not yet acknowledged by a status read) means
 *            exactly "pcscd has not seen this event";
 *   stop_fd  an eventfd that pcscd's TAG_IFD_STOP_POLLING_THREAD call uses
 *            to wake the polling function (reader going away, or a new
 *            power state to look at); the woken poll drains it.
 * A channel opens only for interfaces bound to ccid.ko; any other USB
 * interface fails with IFD_COMMUNICATION_ERROR so that pcscd retries the
 * reader with libccid (Documentation/admin-guide/pcsc.rst).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <debuglog.h>
#include <ifdhandler.h>
#include <reader.h>

#include <linux/scpnp.h>

#include "ifd_part10.h"
#include "ifd_sysfs.h"
#include "ifd_util.h"

#define IFD_EXPORT		__attribute__((visibility("default")))
#define IFD_LOG_PREFIX		"scpnp"

/* pcscd 1.9.9 PCSCLITE_MAX_READERS_CONTEXTS: readers one driver can serve */
#define IFD_MAX_READERS		16
#define IFD_SYSFS		"/sys"
#define IFD_DEVDIR		"/dev"
/* How long a channel waits for ccid.ko's probe to create the slot nodes */
#define IFD_PROBE_WAIT_MS	3000
#define IFD_PROBE_STEP_MS	50
/* SCARD_ATTR_CHANNEL_ID: 0xDDDDCCCC, DDDD = 0x0020 for USB */
#define IFD_CHANNEL_USB		0x0020
/* CCID message header, subtracted from dwMaxCCIDMessageLength */
#define IFD_CCID_HEADER		10
/* SCARD_ATTR_ICC_PRESENCE values */
#define IFD_ICC_ABSENT_VAL	0
#define IFD_ICC_PRESENT_VAL	2

#define LUN_READER(lun)		(((lun) >> 16) & 0xffff)
#define LUN_SLOT(lun)		((lun) & 0xffff)

struct ifd_slot {
	int fd;
	int poll_fd;
	int stop_fd;
	int open;
	pthread_mutex_t lock;		/* protects the fields below */
	uint64_t known_events;		/* card_events pcscd has accounted for */
	int reported_present;		/* last IFDHICCPresence() answer */
	int rearm;			/* make the next poll return at once */
	int powered;			/* we powered the card, no event since */
	uint8_t atr[CCID_ATR_MAX];
	size_t atr_len;
	struct ifd_slot_node node;
};

struct ifd_reader {
	char device[256];
	char name[MAX_READERNAME];
	struct ccid_reader_info info;
	struct ifd_usb_reader usb;
	unsigned int nslots;
	unsigned int opened;
	struct ifd_slot *slots;
};

static pthread_mutex_t readers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ifd_reader *readers[IFD_MAX_READERS];

__attribute__((format(printf, 2, 3)))
static void ifd_log(int prio, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_msg(prio, IFD_LOG_PREFIX ": %s", buf);
}

/* The reader and slot of a Lun, or NULL; the slot must be open */
static struct ifd_slot *get_slot(DWORD lun, struct ifd_reader **rp)
{
	unsigned int ri = LUN_READER(lun), si = LUN_SLOT(lun);
	struct ifd_slot *s = NULL;
	struct ifd_reader *r;

	pthread_mutex_lock(&readers_lock);
	r = ri < IFD_MAX_READERS ? readers[ri] : NULL;
	if (r && si < r->nslots && r->slots[si].open)
		s = &r->slots[si];
	pthread_mutex_unlock(&readers_lock);
	if (rp)
		*rp = r;
	if (!s)
		ifd_log(PCSC_LOG_ERROR, "no open channel for Lun 0x%lX",
			(unsigned long)lun);
	return s;
}

static RESPONSECODE node_error(const struct ifd_slot *s, const char *what,
			       int err)
{
	RESPONSECODE rc = ifd_errno_to_ifd(err);

	ifd_log(rc == IFD_ICC_NOT_PRESENT ? PCSC_LOG_DEBUG : PCSC_LOG_ERROR,
		"%s: %s: %s -> %s", s->node.node, what, strerror(err),
		ifd_rc_name(rc));
	return rc;
}

static int get_status(int fd, struct ccid_status *st)
{
	memset(st, 0, sizeof(*st));
	return ioctl(fd, CCID_IOC_GET_STATUS, st) ? errno : 0;
}

/*
 * Open one slot node and check it is the device sysfs described (a node
 * renamed or recreated in between would be another slot).
 */
static int open_node(const struct ifd_slot_node *n)
{
	char path[sizeof(IFD_DEVDIR) + IFD_NODE_NAME_MAX];
	struct stat st;
	int fd, err;

	snprintf(path, sizeof(path), IFD_DEVDIR "/%s", n->node);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		err = -errno;
		goto err_close;
	}
	if (!S_ISCHR(st.st_mode) || major(st.st_rdev) != n->major ||
	    minor(st.st_rdev) != n->minor) {
		err = -ENODEV;
		goto err_close;
	}
	return fd;

err_close:
	close(fd);
	return err;
}

static void close_slot(struct ifd_slot *s)
{
	if (!s->open)
		return;
	close(s->stop_fd);
	close(s->poll_fd);
	close(s->fd);
	pthread_mutex_destroy(&s->lock);
	s->open = 0;
}

static int open_slot(struct ifd_slot *s)
{
	struct ccid_status st;
	int err;

	s->fd = open_node(&s->node);
	if (s->fd < 0)
		return s->fd;
	s->poll_fd = open_node(&s->node);
	if (s->poll_fd < 0) {
		err = s->poll_fd;
		goto err_fd;
	}
	s->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (s->stop_fd < 0) {
		err = -errno;
		goto err_poll_fd;
	}
	pthread_mutex_init(&s->lock, NULL);
	s->known_events = get_status(s->fd, &st) ? 0 : st.card_events;
	s->reported_present = 0;
	s->rearm = 0;
	s->powered = 0;
	s->atr_len = 0;
	s->open = 1;
	return 0;

err_poll_fd:
	close(s->poll_fd);
err_fd:
	close(s->fd);
	return err;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/*
 * Map the device name to the slot nodes, waiting a little while ccid.ko is
 * still probing the interface (pcscd may see the udev event first).
 */
static int lookup_reader(const struct ifd_devname *dn, struct ifd_usb_reader *u)
{
	unsigned int waited = 0;
	int err;

	for (;;) {
		err = ifd_sysfs_lookup(IFD_SYSFS, dn, u);
		if (err != -EAGAIN || waited >= IFD_PROBE_WAIT_MS)
			return err;
		sleep_ms(IFD_PROBE_STEP_MS);
		waited += IFD_PROBE_STEP_MS;
	}
}

static void free_reader(struct ifd_reader *r)
{
	free(r->slots);
	free(r);
}

static RESPONSECODE create_reader(unsigned int ri, const char *device,
				  struct ifd_reader **rp)
{
	struct ifd_reader *r;
	struct ifd_devname dn;
	unsigned int i;
	int fd, err;

	if (ifd_parse_device_name(device, &dn)) {
		ifd_log(PCSC_LOG_ERROR, "%s: device name not understood",
			device);
		return IFD_COMMUNICATION_ERROR;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return IFD_COMMUNICATION_ERROR;
	snprintf(r->device, sizeof(r->device), "%s", device);

	err = lookup_reader(&dn, &r->usb);
	if (err == -ENXIO) {
		/* Not ours: pcscd now tries libccid (CCIDCLASSDRIVER) */
		ifd_log(PCSC_LOG_INFO,
			"%s: interface not bound to ccid.ko, leaving it to another driver",
			device);
		goto err_free;
	}
	if (err == -EAGAIN) {
		ifd_log(PCSC_LOG_ERROR,
			"%s: ccid.ko holds the interface but created no slot node",
			device);
		goto err_free;
	}
	if (err) {
		ifd_log(PCSC_LOG_ERROR, "%s: no such USB interface", device);
		free_reader(r);
		return IFD_NO_SUCH_DEVICE;
	}
	if (dn.kind != IFD_DEV_NODE &&
	    (dn.vendor != r->usb.vendor || dn.product != r->usb.product)) {
		ifd_log(PCSC_LOG_ERROR, "%s: device is %04x:%04x", device,
			r->usb.vendor, r->usb.product);
		goto err_free;
	}

	fd = open_node(&r->usb.slots[0]);
	if (fd < 0) {
		ifd_log(PCSC_LOG_ERROR, "%s: open: %s", r->usb.slots[0].node,
			strerror(-fd));
		goto err_free;
	}
	err = ioctl(fd, CCID_IOC_GET_INFO, &r->info) ? errno : 0;
	close(fd);
	if (err) {
		ifd_log(PCSC_LOG_ERROR, "%s: CCID_IOC_GET_INFO: %s",
			r->usb.slots[0].node, strerror(err));
		goto err_free;
	}

	r->nslots = r->info.nslots ? r->info.nslots : 1;
	r->slots = calloc(r->nslots, sizeof(*r->slots));
	if (!r->slots)
		goto err_free;
	for (i = 0; i < r->usb.nslots; i++)
		if (r->usb.slots[i].slot < r->nslots)
			r->slots[r->usb.slots[i].slot].node = r->usb.slots[i];

	ifd_format_reader_name(r->name, sizeof(r->name),
			       ifd_friendly_name(r->usb.vendor, r->usb.product),
			       r->usb.has_interface ? r->usb.interface : NULL,
			       r->usb.has_serial ? r->usb.serial : NULL);
	ifd_log(PCSC_LOG_INFO,
		"%s: reader %u \"%s\" (%04x:%04x, %u slot(s), %s) on ccid.ko",
		device, ri, r->name, r->usb.vendor, r->usb.product, r->nslots,
		r->usb.slots[0].node);
	*rp = r;
	return IFD_SUCCESS;

err_free:
	free_reader(r);
	return IFD_COMMUNICATION_ERROR;
}

/**
 * IFDHCreateChannelByName() - open one slot of a reader
 * @Lun: reader index << 16 | slot
 * @DeviceName: pcscd's device name (see ifd_parse_device_name())
 *
 * pcscd calls this for every slot of the reader, with the same name.
 *
 * Return: IFD_SUCCESS; IFD_COMMUNICATION_ERROR when the interface is not
 * bound to ccid.ko (pcscd then falls back to libccid) or cannot be used;
 * IFD_NO_SUCH_DEVICE when the device has gone.
 */
IFD_EXPORT RESPONSECODE IFDHCreateChannelByName(DWORD Lun, LPSTR DeviceName)
{
	unsigned int ri = LUN_READER(Lun), si = LUN_SLOT(Lun);
	RESPONSECODE rc = IFD_SUCCESS;
	struct ifd_reader *r;
	struct ifd_slot *s;
	int err;

	ifd_log(PCSC_LOG_DEBUG, "Lun 0x%lX, device %s", (unsigned long)Lun,
		DeviceName ? DeviceName : "(null)");
	if (ri >= IFD_MAX_READERS || !DeviceName)
		return IFD_COMMUNICATION_ERROR;

	pthread_mutex_lock(&readers_lock);
	r = readers[ri];
	if (r && strcmp(r->device, DeviceName)) {
		ifd_log(PCSC_LOG_ERROR, "reader %u is already %s", ri,
			r->device);
		rc = IFD_COMMUNICATION_ERROR;
		goto out;
	}
	if (!r) {
		rc = create_reader(ri, DeviceName, &r);
		if (rc != IFD_SUCCESS)
			goto out;
		readers[ri] = r;
	}

	if (si >= r->nslots || !r->slots[si].node.node[0]) {
		ifd_log(PCSC_LOG_ERROR, "%s: no node for slot %u", r->name, si);
		rc = IFD_COMMUNICATION_ERROR;
		goto out_unused;
	}
	s = &r->slots[si];
	if (s->open)
		goto out;
	err = open_slot(s);
	if (err) {
		ifd_log(PCSC_LOG_ERROR, "%s: open: %s", s->node.node,
			strerror(-err));
		rc = ifd_errno_to_ifd(-err) == IFD_NO_SUCH_DEVICE ?
			IFD_NO_SUCH_DEVICE : IFD_COMMUNICATION_ERROR;
		goto out_unused;
	}
	r->opened++;
	ifd_log(PCSC_LOG_INFO, "%s: slot %u -> /dev/%s", r->name, si,
		s->node.node);
	goto out;

out_unused:
	if (!r->opened) {
		readers[ri] = NULL;
		free_reader(r);
	}
out:
	pthread_mutex_unlock(&readers_lock);
	return rc;
}

/**
 * IFDHCreateChannel() - IFD handler v2 entry: open reader @Channel
 * @Lun: reader index << 16 | slot
 * @Channel: reader number R of /dev/ccid<R>s<S>
 *
 * Return: as IFDHCreateChannelByName().
 */
IFD_EXPORT RESPONSECODE IFDHCreateChannel(DWORD Lun, DWORD Channel)
{
	char name[IFD_NODE_NAME_MAX + 8];

	snprintf(name, sizeof(name), IFD_DEVDIR "/ccid%lus%lu",
		 (unsigned long)Channel, (unsigned long)LUN_SLOT(Lun));
	return IFDHCreateChannelByName(Lun, name);
}

/**
 * IFDHCloseChannel() - close one slot; the reader goes with its last slot
 * @Lun: reader index << 16 | slot
 *
 * The card is left as it is: ccid.ko decides what happens to it when its
 * last user goes.
 *
 * Return: IFD_SUCCESS.
 */
IFD_EXPORT RESPONSECODE IFDHCloseChannel(DWORD Lun)
{
	unsigned int ri = LUN_READER(Lun), si = LUN_SLOT(Lun);
	struct ifd_reader *r;

	pthread_mutex_lock(&readers_lock);
	r = ri < IFD_MAX_READERS ? readers[ri] : NULL;
	if (r && si < r->nslots && r->slots[si].open) {
		close_slot(&r->slots[si]);
		ifd_log(PCSC_LOG_INFO, "%s: slot %u closed", r->name, si);
		if (!--r->opened) {
			readers[ri] = NULL;
			free_reader(r);
		}
	}
	pthread_mutex_unlock(&readers_lock);
	return IFD_SUCCESS;
}

/*
 * Polling function (TAG_IFD_POLLING_THREAD_WITH_TIMEOUT): pcscd's event
 * thread calls it between two IFDHICCPresence() calls. It returns when the
 * slot has a card event presence has not read yet, when the reader goes
 * away, when stop_polling() is called, or after @timeout ms.
 */
static RESPONSECODE poll_card_event(DWORD Lun, int timeout)
{
	struct ifd_slot *s = get_slot(Lun, NULL);
	struct pollfd pfd[2];
	int n, rearm;

	if (!s)
		return IFD_NO_SUCH_DEVICE;
	pthread_mutex_lock(&s->lock);
	rearm = s->rearm;
	s->rearm = 0;
	pthread_mutex_unlock(&s->lock);
	if (rearm)
		return IFD_SUCCESS;

	pfd[0].fd = s->poll_fd;
	pfd[0].events = POLLIN | POLLPRI;
	pfd[1].fd = s->stop_fd;
	pfd[1].events = POLLIN;
	n = poll(pfd, 2, timeout);
	if (n < 0)
		return errno == EINTR ? IFD_SUCCESS : IFD_COMMUNICATION_ERROR;
	if (pfd[1].revents) {
		uint64_t count;

		/*
		 * One wake per stop request: pcscd also stops the thread to
		 * have it look at a new power state (SCardDisconnect), then
		 * polls again; left readable, the eventfd would make every
		 * later poll return at once and the thread spin.
		 */
		if (read(s->stop_fd, &count, sizeof(count)) < 0 &&
		    errno != EAGAIN)
			return IFD_COMMUNICATION_ERROR;
		return IFD_SUCCESS;
	}
	if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
		return IFD_NO_SUCH_DEVICE;
	return IFD_SUCCESS;
}

/* TAG_IFD_STOP_POLLING_THREAD: wake poll_card_event() once */
static RESPONSECODE stop_polling(DWORD Lun)
{
	struct ifd_slot *s = get_slot(Lun, NULL);
	uint64_t one = 1;

	if (!s)
		return IFD_COMMUNICATION_ERROR;
	if (write(s->stop_fd, &one, sizeof(one)) != sizeof(one))
		return IFD_COMMUNICATION_ERROR;
	return IFD_SUCCESS;
}

static RESPONSECODE put_value(PDWORD Length, PUCHAR Value, const void *data,
			      size_t len)
{
	if (*Length < len)
		return IFD_ERROR_INSUFFICIENT_BUFFER;
	memcpy(Value, data, len);
	*Length = len;
	return IFD_SUCCESS;
}

static RESPONSECODE put_byte(PDWORD Length, PUCHAR Value, uint8_t v)
{
	return put_value(Length, Value, &v, 1);
}

static RESPONSECODE put_dword(PDWORD Length, PUCHAR Value, uint32_t v)
{
	return put_value(Length, Value, &v, sizeof(v));
}

static RESPONSECODE put_string(PDWORD Length, PUCHAR Value, const char *str)
{
	return put_value(Length, Value, str, strlen(str) + 1);
}

/**
 * IFDHGetCapabilities() - reader, slot and card attributes
 * @Lun: reader index << 16 | slot
 * @Tag: TAG_IFD_* or SCARD_ATTR_*
 * @Length: in, size of @Value; out, length of the value
 * @Value: the value
 *
 * Return: IFD_SUCCESS, IFD_ERROR_TAG for an unknown tag,
 * IFD_ERROR_INSUFFICIENT_BUFFER when @Value is too small.
 */
IFD_EXPORT RESPONSECODE IFDHGetCapabilities(DWORD Lun, DWORD Tag,
					    PDWORD Length, PUCHAR Value)
{
	RESPONSECODE (*poll_fn)(DWORD, int) = poll_card_event;
	RESPONSECODE (*stop_fn)(DWORD) = stop_polling;
	struct ccid_status st;
	struct ifd_reader *r;
	struct ifd_slot *s;
	RESPONSECODE rc;
	uint8_t atr[CCID_ATR_MAX];
	size_t atr_len;
	int err;

	s = get_slot(Lun, &r);
	if (!s || !Length || !Value)
		return IFD_COMMUNICATION_ERROR;

	switch (Tag) {
	case TAG_IFD_ATR:
	case SCARD_ATTR_ATR_STRING:
		pthread_mutex_lock(&s->lock);
		atr_len = s->atr_len;
		memcpy(atr, s->atr, atr_len);
		pthread_mutex_unlock(&s->lock);
		return put_value(Length, Value, atr, atr_len);
	case SCARD_ATTR_ICC_INTERFACE_STATUS:
		return put_byte(Length, Value, s->powered);
	case SCARD_ATTR_ICC_PRESENCE:
		err = get_status(s->fd, &st);
		if (err)
			return node_error(s, "status", err);
		return put_byte(Length, Value, st.state == CCID_STATE_ABSENT ?
				IFD_ICC_ABSENT_VAL : IFD_ICC_PRESENT_VAL);
	case TAG_IFD_SIMULTANEOUS_ACCESS:
		return put_byte(Length, Value, IFD_MAX_READERS);
	case TAG_IFD_THREAD_SAFE:
		return put_byte(Length, Value, 1);
	case TAG_IFD_SLOTS_NUMBER:
		return put_byte(Length, Value, r->nslots);
	case TAG_IFD_SLOT_THREAD_SAFE:
		/* the kernel serialises slots beyond bMaxCCIDBusySlots */
		return put_byte(Length, Value, r->info.busy_slots > 1);
	case TAG_IFD_POLLING_THREAD_WITH_TIMEOUT:
		return put_value(Length, Value, &poll_fn, sizeof(poll_fn));
	case TAG_IFD_POLLING_THREAD_KILLABLE:
		/* not cancelled: stopped through TAG_IFD_STOP_POLLING_THREAD */
		return put_byte(Length, Value, 0);
	case TAG_IFD_STOP_POLLING_THREAD:
		return put_value(Length, Value, &stop_fn, sizeof(stop_fn));
	case SCARD_ATTR_VENDOR_NAME:
		if (!r->usb.manufacturer[0])
			return IFD_ERROR_TAG;
		return put_string(Length, Value, r->usb.manufacturer);
	case SCARD_ATTR_VENDOR_IFD_SERIAL_NO:
		if (!r->usb.has_serial)
			return IFD_ERROR_TAG;
		return put_string(Length, Value, r->usb.serial);
	case SCARD_ATTR_VENDOR_IFD_VERSION:
		/* 0xMMmmbbbb from bcdDevice 0xMMmm */
		return put_dword(Length, Value, (uint32_t)r->usb.bcd_device << 16);
	case SCARD_ATTR_MAXINPUT:
		return put_dword(Length, Value, r->info.max_message > IFD_CCID_HEADER ?
				 r->info.max_message - IFD_CCID_HEADER : 0);
	case SCARD_ATTR_CHANNEL_ID:
		return put_dword(Length, Value, IFD_CHANNEL_USB << 16 |
				 (r->usb.bus & 0xff) << 8 | (r->usb.addr & 0xff));
	default:
		rc = IFD_ERROR_TAG;
		break;
	}
	return rc;
}

/**
 * IFDHSetCapabilities() - nothing is settable
 * @Lun: reader index << 16 | slot
 * @Tag: attribute
 * @Length: length of @Value
 * @Value: new value
 *
 * Return: IFD_ERROR_TAG.
 */
IFD_EXPORT RESPONSECODE IFDHSetCapabilities(DWORD Lun, DWORD Tag,
					    DWORD Length, PUCHAR Value)
{
	(void)Lun;
	(void)Length;
	(void)Value;
	ifd_log(PCSC_LOG_DEBUG, "set capability 0x%lX not supported",
		(unsigned long)Tag);
	return IFD_ERROR_TAG;
}

/* After an operation of ours: its card events are not news for pcscd */
static void own_events(struct ifd_slot *s, const struct ccid_status *st)
{
	s->known_events = st->card_events;
}

/**
 * IFDHSetProtocolParameters() - select T=0 or T=1 (CCID_IOC_SET_PROTOCOL)
 * @Lun: reader index << 16 | slot
 * @Protocol: SCARD_PROTOCOL_T0 or SCARD_PROTOCOL_T1
 * @Flags: IFD_NEGOTIATE_PTS*; PPS is negotiated by ccid.ko
 * @PTS1: ignored
 * @PTS2: ignored
 * @PTS3: ignored
 *
 * Return: IFD_SUCCESS, IFD_PROTOCOL_NOT_SUPPORTED, or a mapped error.
 */
IFD_EXPORT RESPONSECODE IFDHSetProtocolParameters(DWORD Lun, DWORD Protocol,
						  UCHAR Flags, UCHAR PTS1,
						  UCHAR PTS2, UCHAR PTS3)
{
	struct ifd_slot *s = get_slot(Lun, NULL);
	struct ccid_status st;
	__u32 mask = 0;
	int err;

	(void)Flags;
	(void)PTS1;
	(void)PTS2;
	(void)PTS3;
	if (!s)
		return IFD_COMMUNICATION_ERROR;
	if (Protocol & SCARD_PROTOCOL_T0)
		mask |= CCID_PROTO_T0;
	if (Protocol & SCARD_PROTOCOL_T1)
		mask |= CCID_PROTO_T1;
	if (!mask)
		return IFD_PROTOCOL_NOT_SUPPORTED;

	pthread_mutex_lock(&s->lock);
	err = ioctl(s->fd, CCID_IOC_SET_PROTOCOL, &mask) ? errno : 0;
	if (!err && !get_status(s->fd, &st))
		own_events(s, &st);
	pthread_mutex_unlock(&s->lock);
	if (err)
		return node_error(s, "set protocol", err);
	ifd_log(PCSC_LOG_DEBUG, "%s: protocol T=%d", s->node.node,
		mask == CCID_PROTO_T1 ? 1 : 0);
	return IFD_SUCCESS;
}

/**
 * IFDHPowerICC() - power up (cold reset), warm reset or power down
 * @Lun: reader index << 16 | slot
 * @Action: IFD_POWER_UP, IFD_RESET or IFD_POWER_DOWN
 * @Atr: out, the ATR (power up and reset)
 * @AtrLength: in, size of @Atr; out, ATR length
 *
 * Return: IFD_SUCCESS, IFD_NOT_SUPPORTED for another action, or a mapped
 * error (IFD_ICC_NOT_PRESENT without a card).
 */
IFD_EXPORT RESPONSECODE IFDHPowerICC(DWORD Lun, DWORD Action, PUCHAR Atr,
				     PDWORD AtrLength)
{
	struct ifd_slot *s = get_slot(Lun, NULL);
	struct ccid_status st;
	const char *what;
	int err;

	if (AtrLength && Action != IFD_POWER_DOWN)
		*AtrLength = 0;
	if (!s)
		return IFD_COMMUNICATION_ERROR;

	pthread_mutex_lock(&s->lock);
	switch (Action) {
	case IFD_POWER_DOWN:
		what = "power off";
		err = ioctl(s->fd, CCID_IOC_POWER_OFF) ? errno : 0;
		break;
	case IFD_POWER_UP:
		what = "power up";
		err = ioctl(s->fd, CCID_IOC_RESET, CCID_RESET_COLD) ? errno : 0;
		break;
	case IFD_RESET:
		what = "warm reset";
		err = ioctl(s->fd, CCID_IOC_RESET, CCID_RESET_WARM) ? errno : 0;
		break;
	default:
		pthread_mutex_unlock(&s->lock);
		return IFD_NOT_SUPPORTED;
	}
	s->powered = 0;
	s->atr_len = 0;
	if (!err)
		err = get_status(s->fd, &st);
	if (err) {
		pthread_mutex_unlock(&s->lock);
		return node_error(s, what, err);
	}
	own_events(s, &st);
	if (Action == IFD_POWER_DOWN) {
		pthread_mutex_unlock(&s->lock);
		ifd_log(PCSC_LOG_DEBUG, "%s: powered off", s->node.node);
		return IFD_SUCCESS;
	}
	if (st.state != CCID_STATE_ACTIVE || !st.atr_len ||
	    st.atr_len > sizeof(s->atr)) {
		pthread_mutex_unlock(&s->lock);
		ifd_log(PCSC_LOG_ERROR, "%s: %s: card not active", s->node.node,
			what);
		return st.state == CCID_STATE_ABSENT ? IFD_ICC_NOT_PRESENT :
			IFD_ERROR_POWER_ACTION;
	}
	s->powered = 1;
	s->atr_len = st.atr_len;
	memcpy(s->atr, st.atr, st.atr_len);
	pthread_mutex_unlock(&s->lock);

	if (Atr && AtrLength) {
		if (st.atr_len > MAX_ATR_SIZE)
			return IFD_ERROR_INSUFFICIENT_BUFFER;
		memcpy(Atr, st.atr, st.atr_len);
		*AtrLength = st.atr_len;
	}
	ifd_log(PCSC_LOG_DEBUG, "%s: %s, ATR of %u bytes", s->node.node, what,
		st.atr_len);
	return IFD_SUCCESS;
}

/**
 * IFDHTransmitToICC() - one exchange with the card, raw TPDU semantics
 * @Lun: reader index << 16 | slot
 * @SendPci: protocol of the exchange
 * @TxBuffer: command
 * @TxLength: its length
 * @RxBuffer: answer
 * @RxLength: in, size of @RxBuffer; out, answer length (0 on error)
 * @RecvPci: out, protocol (may be NULL)
 *
 * CCID_XFER_RAW: for T=0 the application's bytes go to the card as one
 * TPDU, unchanged (a case-4 command keeps its Le), and the answer is what
 * the card said (61xx, 6Cxx included), as with libccid, so that the
 * applications keep their own GET RESPONSE handling and see the answers
 * and exchange counts they see through libccid.
 *
 * Return: IFD_SUCCESS or the mapped error of the node.
 */
IFD_EXPORT RESPONSECODE IFDHTransmitToICC(DWORD Lun, SCARD_IO_HEADER SendPci,
					  PUCHAR TxBuffer, DWORD TxLength,
					  PUCHAR RxBuffer, PDWORD RxLength,
					  PSCARD_IO_HEADER RecvPci)
{
	struct ifd_slot *s = get_slot(Lun, NULL);
	struct ccid_xfer x = { 0 };

	if (!RxLength)
		return IFD_COMMUNICATION_ERROR;
	if (!s || !TxBuffer || !RxBuffer || TxLength > CCID_APDU_MAX_CMD) {
		*RxLength = 0;
		return IFD_COMMUNICATION_ERROR;
	}
	x.tx = (uintptr_t)TxBuffer;
	x.tx_len = TxLength;
	x.rx = (uintptr_t)RxBuffer;
	x.rx_len = *RxLength > UINT32_MAX ? UINT32_MAX : *RxLength;
	x.flags = CCID_XFER_RAW;
	if (ioctl(s->fd, CCID_IOC_TRANSMIT, &x)) {
		*RxLength = 0;
		return node_error(s, "transmit", errno);
	}
	*RxLength = x.rx_len;
	if (RecvPci) {
		RecvPci->Protocol = SendPci.Protocol;
		RecvPci->Length = sizeof(*RecvPci);
	}
	return IFD_SUCCESS;
}

/* Secure or Escape through the node */
static RESPONSECODE ctrl(struct ifd_slot *s, unsigned long cmd,
			 const char *what, const uint8_t *tx, size_t tx_len,
			 PUCHAR rx, DWORD rx_size, LPDWORD returned)
{
	struct ccid_ctrl c = { 0 };

	if (!tx_len || tx_len > CCID_CTRL_MAX || (!rx && rx_size))
		return IFD_COMMUNICATION_ERROR;
	c.tx = (uintptr_t)tx;
	c.tx_len = tx_len;
	c.rx = (uintptr_t)rx;
	c.rx_len = rx_size > UINT32_MAX ? UINT32_MAX : rx_size;
	if (ioctl(s->fd, cmd, &c))
		return node_error(s, what, errno);
	*returned = c.rx_len;
	return IFD_SUCCESS;
}

static RESPONSECODE part10_result(int err, size_t len, LPDWORD returned)
{
	if (err == -EOVERFLOW)
		return IFD_ERROR_INSUFFICIENT_BUFFER;
	if (err)
		return IFD_ERROR_NOT_SUPPORTED;
	*returned = len;
	return IFD_SUCCESS;
}

/**
 * IFDHControl() - SCardControl(): PC/SC part 10 features and Escape
 * @Lun: reader index << 16 | slot
 * @dwControlCode: CM_IOCTL_GET_FEATURE_REQUEST, a feature's code from it,
 *	or IOCTL_SMARTCARD_VENDOR_IFD_EXCHANGE (SCARD_CTL_CODE(1))
 * @TxBuffer: input
 * @TxLength: its length
 * @RxBuffer: output
 * @RxLength: size of @RxBuffer
 * @pdwBytesReturned: out, bytes written (0 on error)
 *
 * Return: IFD_SUCCESS; IFD_ERROR_NOT_SUPPORTED for an unknown code, a PIN
 * feature the reader lacks or a malformed PIN structure;
 * IFD_ERROR_INSUFFICIENT_BUFFER; or the mapped error of the node (Escape
 * refused by ccid.ko's policy: IFD_COMMUNICATION_ERROR).
 */
IFD_EXPORT RESPONSECODE IFDHControl(DWORD Lun, DWORD dwControlCode,
				    PUCHAR TxBuffer, DWORD TxLength,
				    PUCHAR RxBuffer, DWORD RxLength,
				    LPDWORD pdwBytesReturned)
{
	uint8_t payload[CCID_CTRL_MAX];
	struct ifd_reader *r;
	struct ifd_slot *s;
	size_t len = 0;
	int err;

	if (!pdwBytesReturned)
		return IFD_COMMUNICATION_ERROR;
	*pdwBytesReturned = 0;
	s = get_slot(Lun, &r);
	if (!s)
		return IFD_COMMUNICATION_ERROR;
	if (!RxBuffer)
		RxLength = 0;
	if (!TxBuffer)
		TxLength = 0;

	switch (dwControlCode) {
	case CM_IOCTL_GET_FEATURE_REQUEST:
	case IFD_IOCTL_GET_FEATURE_WINDOWS:
		err = ifd_feature_list(&r->info, RxBuffer, RxLength, &len);
		return part10_result(err, len, pdwBytesReturned);
	case IFD_IOCTL_GET_TLV_PROPERTIES:
		err = ifd_tlv_properties(&r->info, RxBuffer, RxLength, &len);
		return part10_result(err, len, pdwBytesReturned);
	case IFD_IOCTL_IFD_PIN_PROPERTIES:
		err = ifd_pin_properties(&r->info, RxBuffer, RxLength, &len);
		return part10_result(err, len, pdwBytesReturned);
	case IFD_IOCTL_VERIFY_PIN_DIRECT:
		if (!(r->info.pin_support & CCID_PIN_VERIFY))
			return IFD_ERROR_NOT_SUPPORTED;
		err = ifd_pin_verify_to_ccid(TxBuffer, TxLength, payload,
					     sizeof(payload), &len);
		if (err) {
			ifd_log(PCSC_LOG_ERROR, "%s: bad PIN_VERIFY_STRUCTURE",
				s->node.node);
			return IFD_ERROR_NOT_SUPPORTED;
		}
		return ctrl(s, CCID_IOC_SECURE, "verify PIN", payload, len,
			    RxBuffer, RxLength, pdwBytesReturned);
	case IFD_IOCTL_MODIFY_PIN_DIRECT:
		if (!(r->info.pin_support & CCID_PIN_MODIFY))
			return IFD_ERROR_NOT_SUPPORTED;
		err = ifd_pin_modify_to_ccid(TxBuffer, TxLength, payload,
					     sizeof(payload), &len);
		if (err) {
			ifd_log(PCSC_LOG_ERROR, "%s: bad PIN_MODIFY_STRUCTURE",
				s->node.node);
			return IFD_ERROR_NOT_SUPPORTED;
		}
		return ctrl(s, CCID_IOC_SECURE, "modify PIN", payload, len,
			    RxBuffer, RxLength, pdwBytesReturned);
	case IFD_IOCTL_VENDOR_IFD_EXCHANGE:
		return ctrl(s, CCID_IOC_ESCAPE, "escape", TxBuffer, TxLength,
			    RxBuffer, RxLength, pdwBytesReturned);
	default:
		ifd_log(PCSC_LOG_DEBUG, "%s: control code 0x%lX not supported",
			s->node.node, (unsigned long)dwControlCode);
		return IFD_ERROR_NOT_SUPPORTED;
	}
}

/**
 * IFDHICCPresence() - is a card in the slot
 * @Lun: reader index << 16 | slot
 *
 * The status is read on poll_fd, which acknowledges the card events for
 * the polling function. A card that pcscd saw present and that went
 * through events not caused by us (pulled and put back, or reset by
 * another user of the node) is reported absent once, so that pcscd drops
 * its handles and powers the card up again; the polling function then
 * returns at once so that pcscd sees it present again without waiting.
 *
 * Return: IFD_ICC_PRESENT, IFD_ICC_NOT_PRESENT, or a mapped error.
 */
IFD_EXPORT RESPONSECODE IFDHICCPresence(DWORD Lun)
{
	struct ifd_slot *s = get_slot(Lun, NULL);
	struct ccid_status st;
	RESPONSECODE rc;
	int err;

	if (!s)
		return IFD_COMMUNICATION_ERROR;
	pthread_mutex_lock(&s->lock);
	err = get_status(s->poll_fd, &st);
	if (err) {
		pthread_mutex_unlock(&s->lock);
		return node_error(s, "status", err);
	}
	if (st.state == CCID_STATE_ABSENT) {
		s->reported_present = 0;
		s->powered = 0;
		s->atr_len = 0;
		rc = IFD_ICC_NOT_PRESENT;
	} else if (s->reported_present && st.card_events != s->known_events) {
		s->reported_present = 0;
		s->powered = 0;
		s->atr_len = 0;
		s->rearm = 1;
		rc = IFD_ICC_NOT_PRESENT;
		ifd_log(PCSC_LOG_INFO, "%s: card changed under pcscd",
			s->node.node);
	} else {
		s->reported_present = 1;
		rc = IFD_ICC_PRESENT;
	}
	s->known_events = st.card_events;
	pthread_mutex_unlock(&s->lock);
	return rc;
}
