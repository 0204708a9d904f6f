// SPDX-License-Identifier: GPL-2.0
/*
 * ccid-gadget: a virtual CCID reader on raw-gadget (CONFIG_USB_RAW_GADGET)
 * and a dummy_hcd UDC, for the VM tests of ccid.ko.
 *
 *   ccid-gadget [-u UDC] [-c FIFO] [-l LOG] [-v] SCENARIO
 *
 * SCENARIO describes the reader and its cards (conf.c). The reader enumerates
 * at high speed with bulk-IN 0x81, bulk-OUT 0x02 and interrupt-IN 0x85 (the
 * fixed endpoints of dummy_udc). Lines written to FIFO change it at run time:
 *
 *   insert S|*        put a card in (NotifySlotChange on interrupt-IN)
 *   remove S|*        take it out
 *   corrupt S N       the next N T=1 blocks of the card carry a bad EDC
 *   pin S ok|cancel|timeout   what the PIN pad user does on Secure
 *   fault ...         a hostile reader: see fault.c
 *   quit              unplug: the process ends, the device disconnects
 *
 * The log (LOG, else stderr) has one line per event worth checking: the
 * reader configured, power on/off, PPS, SetParameters, T=1 S-blocks and
 * retransmissions, APDU chains, Secure, Escape, the peak number of slots
 * busy at once ("busy peak N") and any command beyond bMaxCCIDBusySlots
 * ("busy violation").
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/usb/ch9.h>
#include <linux/usb/raw_gadget.h>

#include "fault.h"
#include "gadget.h"

#define EP0_MAX			4096
#define BULK_MAXP		512	/* high speed */
#define INT_MAXP		16
#define INT_INTERVAL		8	/* 2^(8-1) microframes: 16 ms */
#define EP_BULK_IN		0x81
#define EP_BULK_OUT		0x02
#define EP_INT_IN		0x85
#define STR_MANUFACTURER	1
#define STR_PRODUCT		2
#define STR_SERIAL		3
#define LANG_EN_US		0x0409
#define USB_REQ_TYPE_MASK	(USB_TYPE_MASK | USB_RECIP_MASK)

static struct gadget gadget;
static FILE *logf;
static bool verbose;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void g_log(const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	pthread_mutex_lock(&log_lock);
	fprintf(logf, "[%ld.%03ld] ", (long)ts.tv_sec, ts.tv_nsec / 1000000);
	va_start(ap, fmt);
	vfprintf(logf, fmt, ap);
	va_end(ap);
	fputc('\n', logf);
	fflush(logf);
	pthread_mutex_unlock(&log_lock);
}

void g_msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void die(const char *what)
{
	g_log("fatal: %s: %s", what, strerror(errno));
	exit(1);
}

/* ---------------------------------------------------------------------- */
/* raw-gadget                                                               */

struct io {
	struct usb_raw_ep_io io;
	u8 data[EP0_MAX];
};

static int ep0_write(int fd, const void *data, size_t len)
{
	struct io io = { .io.length = (u32)len };

	memcpy(io.data, data, len);
	return ioctl(fd, USB_RAW_IOCTL_EP0_WRITE, &io);
}

static int ep0_ack(int fd)
{
	struct io io = { .io.length = 0 };

	return ioctl(fd, USB_RAW_IOCTL_EP0_READ, &io);
}

/* Bulk and interrupt transfers: the ioctl blocks until the host took it. */
static int ep_xfer(int fd, unsigned long req, int ep, u8 *buf, size_t len,
		   bool zlp)
{
	struct usb_raw_ep_io *io = malloc(sizeof(*io) + len);
	int ret;

	if (!io)
		return -1;
	io->ep = (u16)ep;
	io->flags = zlp ? USB_RAW_IO_FLAGS_ZERO : 0;
	io->length = (u32)len;
	if (req == USB_RAW_IOCTL_EP_WRITE)
		memcpy(io->data, buf, len);
	ret = ioctl(fd, req, io);
	if (ret > 0 && req == USB_RAW_IOCTL_EP_READ)
		memcpy(buf, io->data, (size_t)ret);
	free(io);
	return ret;
}

int g_send(struct gadget *g, const u8 *msg, size_t len)
{
	/*
	 * The host's bulk-IN transfer is as long as its largest message: a
	 * shorter message that fills whole packets ends with a ZLP.
	 */
	bool zlp = len % BULK_MAXP == 0 && len < g->d.max_message;
	int ret;

	if (fault_reply(g, msg, len))
		return (int)len;
	if (verbose)
		g_log("slot %u: -> %02x len %zu status %02x error %02x param %02x",
		      msg[5], msg[0], len, msg[7], msg[8], msg[9]);
	pthread_mutex_lock(&g->in_lock);
	ret = ep_xfer(g->fd, USB_RAW_IOCTL_EP_WRITE, g->ep_in, (u8 *)msg, len,
		      zlp);
	pthread_mutex_unlock(&g->in_lock);
	if (ret < 0)
		g_log("bulk-IN write: %s", strerror(errno));
	return ret;
}

void g_done(struct gadget *g, struct g_slot *s)
{
	pthread_mutex_lock(&s->qlock);
	if (s->busy) {
		s->busy = false;
		pthread_mutex_lock(&g->stat_lock);
		g->inflight--;
		pthread_mutex_unlock(&g->stat_lock);
	}
	pthread_mutex_unlock(&s->qlock);
}

void g_notify(struct gadget *g)
{
	pthread_mutex_lock(&g->int_lock);
	g->int_pending = true;
	pthread_cond_signal(&g->int_cond);
	pthread_mutex_unlock(&g->int_lock);
}

/* ---------------------------------------------------------------------- */
/* Descriptors                                                              */

static size_t device_desc(const struct gadget *g, u8 *b)
{
	struct usb_device_descriptor d = {
		.bLength = USB_DT_DEVICE_SIZE,
		.bDescriptorType = USB_DT_DEVICE,
		.bcdUSB = 0x0200,
		.bMaxPacketSize0 = 64,
		.idVendor = g->vid,
		.idProduct = g->pid,
		.bcdDevice = g->bcd_device,
		.iManufacturer = STR_MANUFACTURER,
		.iProduct = STR_PRODUCT,
		.iSerialNumber = STR_SERIAL,
		.bNumConfigurations = 1,
	};

	memcpy(b, &d, sizeof(d));
	return sizeof(d);
}

static void ep_desc(struct usb_endpoint_descriptor *e, u8 addr, u8 type,
		    u16 maxp, u8 interval)
{
	memset(e, 0, sizeof(*e));
	e->bLength = USB_DT_ENDPOINT_SIZE;
	e->bDescriptorType = USB_DT_ENDPOINT;
	e->bEndpointAddress = addr;
	e->bmAttributes = type;
	e->wMaxPacketSize = maxp;
	e->bInterval = interval;
}

static struct usb_endpoint_descriptor ep_in_d, ep_out_d, ep_int_d;

static size_t config_desc(const struct gadget *g, u8 *b)
{
	struct usb_config_descriptor c = {
		.bLength = USB_DT_CONFIG_SIZE,
		.bDescriptorType = USB_DT_CONFIG,
		.bNumInterfaces = 1,
		.bConfigurationValue = 1,
		.bmAttributes = USB_CONFIG_ATT_ONE,
		.bMaxPower = 50,
	};
	struct usb_interface_descriptor i = {
		.bLength = USB_DT_INTERFACE_SIZE,
		.bDescriptorType = USB_DT_INTERFACE,
		.bNumEndpoints = (u8)g->num_eps,
		.bInterfaceClass = g->intf_class,
		.bInterfaceSubClass = g->intf_subclass,
		.bInterfaceProtocol = g->intf_protocol,
	};
	size_t n = sizeof(c);

	memcpy(b + n, &i, sizeof(i));
	n += sizeof(i);
	memcpy(b + n, g->desc, CCID_DESC_LEN);
	n += CCID_DESC_LEN;
	if (g->num_eps >= 2) {
		memcpy(b + n, &ep_in_d, USB_DT_ENDPOINT_SIZE);
		n += USB_DT_ENDPOINT_SIZE;
		memcpy(b + n, &ep_out_d, USB_DT_ENDPOINT_SIZE);
		n += USB_DT_ENDPOINT_SIZE;
	}
	if (g->has_int) {
		memcpy(b + n, &ep_int_d, USB_DT_ENDPOINT_SIZE);
		n += USB_DT_ENDPOINT_SIZE;
	}
	c.wTotalLength = (u16)n;
	memcpy(b, &c, sizeof(c));
	return fault_config_desc(g, b, n);
}

static size_t string_desc(const struct gadget *g, unsigned int idx, u8 *b)
{
	const char *s;
	size_t n, i;

	if (idx == 0) {
		b[0] = 4;
		b[1] = USB_DT_STRING;
		put_unaligned_le16(LANG_EN_US, b + 2);
		return 4;
	}
	s = idx == STR_MANUFACTURER ? g->manufacturer :
	    idx == STR_PRODUCT ? g->product :
	    idx == STR_SERIAL ? g->serial : NULL;
	if (!s)
		return 0;
	n = strlen(s);
	if (n > 126)
		n = 126;
	b[0] = (u8)(2 + 2 * n);
	b[1] = USB_DT_STRING;
	for (i = 0; i < n; i++) {
		b[2 + 2 * i] = (u8)s[i];
		b[3 + 2 * i] = 0;
	}
	return 2 + 2 * n;
}

/* ---------------------------------------------------------------------- */
/* Bulk-OUT: read whole messages and hand them to their slot                */

static void *slot_thread(void *arg)
{
	struct g_slot *s = arg;
	struct gadget *g = &gadget;
	size_t len;

	for (;;) {
		pthread_mutex_lock(&s->qlock);
		while (!s->inbox_ready)
			pthread_cond_wait(&s->qcond, &s->qlock);
		len = s->inbox_len;
		memcpy(s->msg, s->inbox, len);
		s->inbox_ready = false;
		pthread_mutex_unlock(&s->qlock);

		pthread_mutex_lock(&s->lock);
		card_command(g, s, s->msg, len);	/* replies: g_done() */
		pthread_mutex_unlock(&s->lock);
	}
	return NULL;
}

static void busy_reply(struct gadget *g, const u8 *msg, u8 error)
{
	u8 r[CCID_HDR_LEN] = { RDR_TO_PC_SLOT_STATUS, 0, 0, 0, 0, msg[5],
			       msg[6], CCID_CMD_FAILED, error, 0 };

	switch (msg[0]) {
	case PC_TO_RDR_ICC_POWER_ON:
	case PC_TO_RDR_XFR_BLOCK:
	case PC_TO_RDR_SECURE:
		r[0] = RDR_TO_PC_DATA_BLOCK;
		break;
	case PC_TO_RDR_GET_PARAMETERS:
	case PC_TO_RDR_SET_PARAMETERS:
	case PC_TO_RDR_RESET_PARAMETERS:
		r[0] = RDR_TO_PC_PARAMETERS;
		break;
	case PC_TO_RDR_ESCAPE:
		r[0] = RDR_TO_PC_ESCAPE;
		break;
	default:
		break;
	}
	g_send(g, r, sizeof(r));
}

static unsigned int busy_limit(const struct gadget *g)
{
	unsigned int b = g->d.max_busy_slots ? g->d.max_busy_slots : 1;

	return b > g->nslots ? g->nslots : b;
}

static void dispatch(struct gadget *g, const u8 *msg, size_t len)
{
	struct g_slot *s;
	unsigned int n;

	if (verbose)
		g_log("slot %u: <- %02x len %zu seq %u", msg[5], msg[0], len,
		      msg[6]);
	fault_bulk_out(g, msg, len);
	if (msg[5] >= g->nslots) {
		g_log("message %02x for slot %u: no such slot", msg[0], msg[5]);
		busy_reply(g, msg, 5);	/* bSlot is the bad field */
		return;
	}
	s = &g->slots[msg[5]];
	pthread_mutex_lock(&s->qlock);
	if (s->busy || s->inbox_ready) {
		pthread_mutex_unlock(&s->qlock);
		if (msg[0] == PC_TO_RDR_ABORT) {
			u8 r[CCID_HDR_LEN] = { RDR_TO_PC_SLOT_STATUS, 0, 0, 0,
					       0, msg[5], msg[6], 0, 0, 0 };

			g_log("slot %u: Abort seq %u", msg[5], msg[6]);
			g_send(g, r, sizeof(r));
			return;
		}
		g_log("slot %u: command %02x while busy", msg[5], msg[0]);
		busy_reply(g, msg, CCID_ERR_SLOT_BUSY);
		return;
	}
	pthread_mutex_lock(&g->stat_lock);
	n = ++g->inflight;
	if (n > g->inflight_peak) {
		g->inflight_peak = n;
		g_log("busy peak %u", n);
	}
	pthread_mutex_unlock(&g->stat_lock);
	if (n > busy_limit(g)) {
		g_log("busy violation: %u slots busy, limit %u", n,
		      busy_limit(g));
		pthread_mutex_lock(&g->stat_lock);
		g->inflight--;
		pthread_mutex_unlock(&g->stat_lock);
		pthread_mutex_unlock(&s->qlock);
		busy_reply(g, msg, CCID_ERR_SLOT_BUSY);
		return;
	}
	s->busy = true;
	memcpy(s->inbox, msg, len);
	s->inbox_len = len;
	s->inbox_ready = true;
	pthread_cond_signal(&s->qcond);
	pthread_mutex_unlock(&s->qlock);
}

static void *bulk_out_thread(void *arg)
{
	struct gadget *g = arg;
	u8 *buf = malloc(G_MSG_MAX);
	size_t got, total;
	int n;

	for (;;) {
		n = ep_xfer(g->fd, USB_RAW_IOCTL_EP_READ, g->ep_out, buf,
			    BULK_MAXP, false);
		if (n < 0) {
			g_log("bulk-OUT read: %s", strerror(errno));
			return NULL;
		}
		if (n < CCID_HDR_LEN) {
			g_log("bulk-OUT: %d-byte message dropped", n);
			continue;
		}
		got = (size_t)n;
		total = CCID_HDR_LEN + get_unaligned_le32(buf + 1);
		if (total > G_MSG_MAX) {
			g_log("bulk-OUT: dwLength %zu too long", total);
			continue;
		}
		while (got < total) {
			n = ep_xfer(g->fd, USB_RAW_IOCTL_EP_READ, g->ep_out,
				    buf + got, total - got, false);
			if (n < 0) {
				g_log("bulk-OUT read: %s", strerror(errno));
				return NULL;
			}
			got += (size_t)n;
			if (!n)
				break;
		}
		if (got != total) {
			g_log("bulk-OUT: message of %zu bytes, dwLength says %zu",
			      got, total);
			continue;
		}
		dispatch(g, buf, total);
	}
}

/* ---------------------------------------------------------------------- */
/* Interrupt-IN: NotifySlotChange                                           */

static void *int_thread(void *arg)
{
	struct gadget *g = arg;
	u8 msg[1 + (2 * G_MAX_SLOTS + 7) / 8];
	size_t len = 1 + (2 * g->nslots + 7) / 8;
	unsigned int i;
	u32 changed;

	for (;;) {
		pthread_mutex_lock(&g->int_lock);
		while (!g->int_pending)
			pthread_cond_wait(&g->int_cond, &g->int_lock);
		g->int_pending = false;
		changed = g->changed_mask;
		g->changed_mask = 0;
		pthread_mutex_unlock(&g->int_lock);

		memset(msg, 0, sizeof(msg));
		msg[0] = RDR_TO_PC_NOTIFY_SLOT_CHANGE;
		for (i = 0; i < g->nslots; i++) {
			u8 bits = 0;

			pthread_mutex_lock(&g->slots[i].lock);
			if (g->slots[i].present)
				bits |= CCID_NOTIFY_PRESENT;
			pthread_mutex_unlock(&g->slots[i].lock);
			if (changed & (1U << i))
				bits |= CCID_NOTIFY_CHANGED;
			msg[1 + i / 4] |= (u8)(bits << (2 * (i % 4)));
		}
		if (ep_xfer(g->fd, USB_RAW_IOCTL_EP_WRITE, g->ep_int, msg, len,
			    false) < 0) {
			g_log("interrupt-IN write: %s", strerror(errno));
			return NULL;
		}
		g_log("NotifySlotChange sent, changed 0x%x", changed);
	}
}

/* ---------------------------------------------------------------------- */
/* Control FIFO                                                             */

static void card_event(struct gadget *g, unsigned int i, bool insert)
{
	struct g_slot *s = &g->slots[i];

	pthread_mutex_lock(&s->lock);
	s->present = insert;
	s->powered = false;
	pthread_mutex_unlock(&s->lock);
	g_log("slot %u: card %s", i, insert ? "inserted" : "removed");
	pthread_mutex_lock(&g->int_lock);
	g->changed_mask |= 1U << i;
	pthread_mutex_unlock(&g->int_lock);
}

static void control(struct gadget *g, char *line)
{
	char *cmd = strtok(line, " \t\n"), *a = strtok(NULL, " \t\n");
	char *b = strtok(NULL, " \t\n");
	unsigned int lo = 0, hi = g->nslots, i;

	if (!cmd)
		return;
	if (!strcmp(cmd, "fault")) {
		fault_control(g, a, b, strtok(NULL, "\n"));
		return;
	}
	if (!strcmp(cmd, "quit")) {
		g_log("quit: unplugging");
		exit(0);
	}
	if (a && strcmp(a, "*")) {
		lo = (unsigned int)strtoul(a, NULL, 0);
		hi = lo + 1;
	}
	if (!a || lo >= g->nslots) {
		g_log("control: bad line '%s'", cmd);
		return;
	}
	if (!strcmp(cmd, "insert") || !strcmp(cmd, "remove")) {
		for (i = lo; i < hi; i++)
			card_event(g, i, cmd[0] == 'i');
		if (g->has_int && g->configured)
			g_notify(g);
	} else if (!strcmp(cmd, "corrupt") && b) {
		pthread_mutex_lock(&g->slots[lo].lock);
		g->slots[lo].corrupt = (unsigned int)strtoul(b, NULL, 0);
		pthread_mutex_unlock(&g->slots[lo].lock);
		g_log("slot %u: corrupting the next %s block(s)", lo, b);
	} else if (!strcmp(cmd, "pin") && b) {
		enum pin_mode m = !strcmp(b, "cancel") ? PIN_CANCEL :
				  !strcmp(b, "timeout") ? PIN_TIMEOUT : PIN_OK;

		for (i = lo; i < hi; i++) {
			pthread_mutex_lock(&g->slots[i].lock);
			g->slots[i].pin_mode = m;
			pthread_mutex_unlock(&g->slots[i].lock);
		}
		g_log("slot %s: PIN pad user will %s", a, b);
	} else {
		g_log("control: unknown command '%s'", cmd);
	}
}

static void *fifo_thread(void *arg)
{
	struct gadget *g = arg;
	char line[256];
	FILE *f;

	/* O_RDWR: the FIFO never reports end of file between writers */
	f = fopen(g->fifo, "r+");
	if (!f) {
		g_log("fifo %s: %s", g->fifo, strerror(errno));
		return NULL;
	}
	while (fgets(line, sizeof(line), f))
		control(g, line);
	return NULL;
}

/* ---------------------------------------------------------------------- */
/* ep0                                                                      */

static void configure(struct gadget *g)
{
	unsigned int i;
	pthread_t t;

	if (g->configured)
		return;
	if (g->num_eps >= 2) {
		g->ep_in = ioctl(g->fd, USB_RAW_IOCTL_EP_ENABLE, &ep_in_d);
		g->ep_out = ioctl(g->fd, USB_RAW_IOCTL_EP_ENABLE, &ep_out_d);
		if (g->ep_in < 0 || g->ep_out < 0)
			die("enable bulk endpoints");
	}
	if (g->has_int) {
		g->ep_int = ioctl(g->fd, USB_RAW_IOCTL_EP_ENABLE, &ep_int_d);
		if (g->ep_int < 0)
			die("enable interrupt endpoint");
	}
	if (ioctl(g->fd, USB_RAW_IOCTL_VBUS_DRAW, 100) < 0)
		die("vbus draw");
	if (ioctl(g->fd, USB_RAW_IOCTL_CONFIGURE, 0) < 0)
		die("configure");
	g->configured = true;
	if (g->num_eps >= 2) {
		for (i = 0; i < g->nslots; i++)
			if (pthread_create(&g->slots[i].thread, NULL,
					   slot_thread, &g->slots[i]))
				die("slot thread");
		if (pthread_create(&t, NULL, bulk_out_thread, g))
			die("bulk-OUT thread");
	}
	if (g->has_int) {
		if (pthread_create(&t, NULL, int_thread, g))
			die("interrupt thread");
		/* Tell the host which slots hold a card. */
		pthread_mutex_lock(&g->int_lock);
		for (i = 0; i < g->nslots; i++)
			if (g->slots[i].present)
				g->changed_mask |= 1U << i;
		pthread_mutex_unlock(&g->int_lock);
		g_notify(g);
	}
	g_log("configured: %04x:%04x class %02x, %u slot(s), %s",
	      g->vid, g->pid, g->intf_class, g->nslots,
	      g->has_int ? "interrupt-IN" : "no interrupt endpoint");
}

static void control_request(struct gadget *g, const struct usb_ctrlrequest *c)
{
	u8 buf[EP0_MAX];
	size_t n = 0;
	bool in = c->bRequestType & USB_DIR_IN;

	if (verbose)
		g_log("ep0: type %02x req %02x value %04x index %04x len %u",
		      c->bRequestType, c->bRequest, c->wValue, c->wIndex,
		      c->wLength);
	if ((c->bRequestType & USB_TYPE_MASK) == USB_TYPE_STANDARD) {
		switch (c->bRequest) {
		case USB_REQ_GET_DESCRIPTOR:
			switch (c->wValue >> 8) {
			case USB_DT_DEVICE:
				n = device_desc(g, buf);
				break;
			case USB_DT_CONFIG:
				n = config_desc(g, buf);
				break;
			case USB_DT_STRING:
				n = string_desc(g, c->wValue & 0xff, buf);
				if (!n)
					goto stall;
				break;
			case USB_DT_DEVICE_QUALIFIER: {
				struct usb_qualifier_descriptor q = {
					.bLength = sizeof(q),
					.bDescriptorType =
						USB_DT_DEVICE_QUALIFIER,
					.bcdUSB = 0x0200,
					.bMaxPacketSize0 = 64,
					.bNumConfigurations = 1,
				};

				memcpy(buf, &q, sizeof(q));
				n = sizeof(q);
				break;
			}
			default:
				goto stall;
			}
			break;
		case USB_REQ_SET_CONFIGURATION:
			if (c->wValue == 1)
				configure(g);
			ep0_ack(g->fd);
			return;
		case USB_REQ_SET_INTERFACE:
		case USB_REQ_CLEAR_FEATURE:
		case USB_REQ_SET_FEATURE:
			ep0_ack(g->fd);
			return;
		case USB_REQ_GET_CONFIGURATION:
			buf[0] = g->configured;
			n = 1;
			break;
		case USB_REQ_GET_INTERFACE:
			buf[0] = 0;
			n = 1;
			break;
		case USB_REQ_GET_STATUS:
			buf[0] = 0;
			buf[1] = 0;
			n = 2;
			break;
		default:
			goto stall;
		}
	} else if ((c->bRequestType & USB_TYPE_MASK) == USB_TYPE_CLASS &&
		   c->bRequest == CCID_REQ_ABORT && !in) {
		g_log("ABORT request slot %u seq %u", c->wValue & 0xff,
		      c->wValue >> 8);
		ep0_ack(g->fd);
		return;
	} else {
		goto stall;
	}
	if (!in)
		goto stall;
	if (n > c->wLength)
		n = c->wLength;
	if (ep0_write(g->fd, buf, n) < 0)
		g_log("ep0 write: %s", strerror(errno));
	return;
stall:
	if (verbose)
		g_log("ep0: stall");
	ioctl(g->fd, USB_RAW_IOCTL_EP0_STALL, 0);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: ccid-gadget [-u UDC] [-c FIFO] [-l LOG] [-v] SCENARIO\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct gadget *g = &gadget;
	struct usb_raw_init init = { .speed = USB_SPEED_HIGH };
	struct {
		struct usb_raw_event e;
		u8 data[sizeof(struct usb_ctrlrequest)];
	} ev;
	const char *udc = "dummy_udc.0";
	unsigned int i;
	pthread_t t;
	int opt;

	logf = stderr;
	while ((opt = getopt(argc, argv, "u:c:l:v")) != -1) {
		switch (opt) {
		case 'u':
			udc = optarg;
			break;
		case 'c':
			g->fifo = optarg;
			break;
		case 'l':
			logf = fopen(optarg, "a");
			if (!logf) {
				perror(optarg);
				return 1;
			}
			break;
		case 'v':
			verbose = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1)
		usage();
	signal(SIGPIPE, SIG_IGN);

	pthread_mutex_init(&g->in_lock, NULL);
	pthread_mutex_init(&g->stat_lock, NULL);
	pthread_mutex_init(&g->int_lock, NULL);
	pthread_cond_init(&g->int_cond, NULL);
	for (i = 0; i < G_MAX_SLOTS; i++) {
		struct g_slot *s = &g->slots[i];

		s->index = i;
		pthread_mutex_init(&s->lock, NULL);
		pthread_mutex_init(&s->qlock, NULL);
		pthread_cond_init(&s->qcond, NULL);
		card_init(g, s);
	}
	if (conf_load(g, argv[optind]))
		return 2;

	ep_desc(&ep_in_d, EP_BULK_IN, USB_ENDPOINT_XFER_BULK, BULK_MAXP, 0);
	ep_desc(&ep_out_d, EP_BULK_OUT, USB_ENDPOINT_XFER_BULK, BULK_MAXP, 0);
	ep_desc(&ep_int_d, EP_INT_IN, USB_ENDPOINT_XFER_INT, INT_MAXP,
		INT_INTERVAL);

	if (g->fifo) {
		if (mkfifo(g->fifo, 0600) && errno != EEXIST)
			die("mkfifo");
		if (pthread_create(&t, NULL, fifo_thread, g))
			die("fifo thread");
	}

	g->fd = open("/dev/raw-gadget", O_RDWR);
	if (g->fd < 0)
		die("/dev/raw-gadget");
	snprintf((char *)init.driver_name, sizeof(init.driver_name), "%.*s",
		 (int)strcspn(udc, "."), udc);
	snprintf((char *)init.device_name, sizeof(init.device_name), "%s",
		 udc);
	if (ioctl(g->fd, USB_RAW_IOCTL_INIT, &init) < 0)
		die("raw-gadget init");
	if (ioctl(g->fd, USB_RAW_IOCTL_RUN, 0) < 0)
		die("raw-gadget run");
	g_log("running on %s", udc);

	for (;;) {
		ev.e.type = 0;
		ev.e.length = sizeof(ev.data);
		if (ioctl(g->fd, USB_RAW_IOCTL_EVENT_FETCH, &ev) < 0) {
			if (errno == EINTR)
				continue;
			die("event fetch");
		}
		switch (ev.e.type) {
		case USB_RAW_EVENT_CONNECT:
			g_log("connected");
			break;
		case USB_RAW_EVENT_CONTROL:
			control_request(g, (struct usb_ctrlrequest *)ev.e.data);
			break;
		default:
			break;
		}
	}
}
