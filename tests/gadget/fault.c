// SPDX-License-Identifier: GPL-2.0
/*
 * ccid-gadget: a hostile reader. Faults armed on the control FIFO change
 * the reader's answers to the host's XfrBlock commands, or send what no
 * command asked for; faults in the scenario file change the descriptors.
 * What the host must make of each is in Documentation/testing.rst.
 *
 * Control FIFO, "fault S KIND [ARG] [COUNT]" (S: the slot; COUNT: how
 * many replies, default 1):
 *
 *   seq         the reply carries bSeq + 1
 *   slot        the reply names another slot (one that exists, or not)
 *   short       the reply is cut to 7 bytes, short of the header
 *   long        64 bytes follow the dwLength bytes in the same transfer
 *   huge        a reply longer than dwMaxCCIDMessageLength, the size of
 *               the host's bulk-IN buffer
 *   dwlength    dwLength claims 100 bytes more than the transfer holds
 *   wtx [SEC]   time extensions every 500 ms for SEC (300), then the
 *               answer; the host sending the slot anything (its Abort)
 *               ends them without an answer
 *   stall       halt bulk-IN instead of answering (the host may clear it)
 *   wedge [MS]  halt bulk-IN so that the host cannot clear it, for MS
 *               (3000), instead of answering
 *   silence     no answer at all
 *   mute        no answer to anything on the slot, Abort included, for
 *               COUNT (1000000) replies or until "fault clear"
 *   type        the reply is a SlotStatus, not a DataBlock
 *   delay [MS]  the answer after MS (3000): the host's bulk-IN reads are
 *               NAKed meanwhile
 *   error [E]   a failed reply with bError E (0xFB, hardware error)
 *   quit        unplug when the next XfrBlock arrives, so it never ends
 *   hwerror [C] now: RDR_to_PC_HardwareError for slot S (any number),
 *               bHardwareErrorCode C (1), on interrupt-IN
 *   int HEX     now: HEX, verbatim, on interrupt-IN (S is ignored)
 *   storm [N] [MS]  now: N (200) card-presence toggles of slot S, each
 *               with a NotifySlotChange, MS (2) apart; the card ends inserted
 *   clear       disarm the slot's fault ("fault clear": every slot's)
 *
 * Scenario keys:
 *
 *   fault_desc_len N        the class descriptor is cut (or zero-padded)
 *                           to N bytes, bLength N
 *   fault_int_type bulk|out the interrupt endpoint is described as bulk,
 *                           or as interrupt-OUT
 *   fault_drop_ep ADDR      the endpoint ADDR is left out of the
 *                           interface (0x81, 0x02 or 0x85)
 *
 * Every fault logs a line starting with "fault:" when it fires.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include <linux/usb/ch9.h>
#include <linux/usb/raw_gadget.h>

#include "fault.h"

#define FAULT_SHORT_LEN		7	/* bytes of a cut reply */
#define FAULT_LONG_EXTRA	64	/* bytes beyond dwLength */
#define FAULT_HUGE_EXTRA	512	/* bytes beyond the host's buffer */
#define FAULT_DWLENGTH_LIE	100	/* bytes dwLength claims in excess */
#define FAULT_WTX_PERIOD_MS	500
#define FAULT_WTX_SECONDS	300
#define FAULT_WTX_MULT		1	/* bError of a time extension */
#define FAULT_DELAY_MS		3000
#define FAULT_STORM_TOGGLES	200
#define FAULT_STORM_GAP_MS	2
#define FAULT_INT_RETRIES	200	/* interrupt-IN busy: 10 ms apart */
#define FAULT_INT_RETRY_MS	10
#define FAULT_FILL		0xA5
#define HW_ERROR_LEN		4	/* bMessageType bSlot bSeq bCode */
#define FAULT_MUTE_REPLIES	1000000
#define FAULT_INT_MAX		64	/* bytes of an "int" message */

enum fault_kind {
	F_NONE, F_SEQ, F_SLOT, F_SHORT, F_LONG, F_HUGE, F_DWLENGTH, F_WTX,
	F_STALL, F_WEDGE, F_SILENCE, F_MUTE, F_TYPE, F_DELAY, F_ERROR, F_QUIT,
};

static const struct {
	const char *name;
	enum fault_kind kind;
	unsigned int def;	/* ARG's default; 0: ARG is COUNT */
} kinds[] = {
	{ "seq", F_SEQ, 0 },
	{ "slot", F_SLOT, 0 },
	{ "short", F_SHORT, 0 },
	{ "long", F_LONG, 0 },
	{ "huge", F_HUGE, 0 },
	{ "dwlength", F_DWLENGTH, 0 },
	{ "wtx", F_WTX, FAULT_WTX_SECONDS },
	{ "stall", F_STALL, 0 },
	{ "wedge", F_WEDGE, FAULT_DELAY_MS },
	{ "silence", F_SILENCE, 0 },
	{ "mute", F_MUTE, 0 },
	{ "type", F_TYPE, 0 },
	{ "delay", F_DELAY, FAULT_DELAY_MS },
	{ "error", F_ERROR, CCID_ERR_HW_ERROR },
	{ "quit", F_QUIT, 0 },
};

struct slot_fault {
	enum fault_kind kind;
	unsigned int arg;
	unsigned int count;
	u8 last_cmd;		/* the last message the host sent the slot */
	unsigned int gen;	/* messages the host sent the slot */
};

static pthread_mutex_t fault_lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot_fault faults[G_MAX_SLOTS];
static __thread bool sending;	/* fault_reply() sends: not a reply */

static struct {
	unsigned int desc_len;		/* 0: as built */
	const char *int_type;		/* NULL: interrupt-IN */
	int drop_ep;			/* -1: none */
} desc_fault = { .drop_ep = -1 };

static const char *kind_name(enum fault_kind k)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (kinds[i].kind == k)
			return kinds[i].name;
	return "none";
}

static void send_raw(struct gadget *g, const u8 *msg, size_t len)
{
	sending = true;
	g_send(g, msg, len);
	sending = false;
}

static int ep_halt(struct gadget *g, unsigned long req)
{
	int ret;

	pthread_mutex_lock(&g->in_lock);
	ret = ioctl(g->fd, req, g->ep_in);
	pthread_mutex_unlock(&g->in_lock);
	if (ret < 0)
		g_log("fault: bulk-IN halt ioctl: %s", strerror(errno));
	return ret;
}

/* Interrupt-IN, while int_thread may be writing too: retry when busy. */
static int int_write(struct gadget *g, const u8 *msg, size_t len)
{
	struct usb_raw_ep_io *io = malloc(sizeof(*io) + len);
	unsigned int tries;
	int ret = -1;

	if (!io)
		return -1;
	io->ep = (u16)g->ep_int;
	io->flags = 0;
	io->length = (u32)len;
	memcpy(io->data, msg, len);
	for (tries = 0; tries < FAULT_INT_RETRIES; tries++) {
		ret = ioctl(g->fd, USB_RAW_IOCTL_EP_WRITE, io);
		if (ret >= 0 || errno != EBUSY)
			break;
		g_msleep(FAULT_INT_RETRY_MS);
	}
	free(io);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* Endless time extension                                                   */

struct wtx {
	struct gadget *g;
	u8 hdr[CCID_HDR_LEN];
	unsigned int seconds;
	unsigned int gen;
	size_t len;
	u8 reply[];		/* the answer, when the host waited it out */
};

static unsigned int slot_gen(unsigned int slot)
{
	unsigned int gen;

	pthread_mutex_lock(&fault_lock);
	gen = faults[slot].gen;
	pthread_mutex_unlock(&fault_lock);
	return gen;
}

static void *wtx_thread(void *arg)
{
	struct wtx *w = arg;
	unsigned int slot = w->hdr[5], sent = 0;
	unsigned long elapsed = 0;

	while (elapsed < w->seconds * 1000UL && slot_gen(slot) == w->gen) {
		send_raw(w->g, w->hdr, sizeof(w->hdr));
		sent++;
		g_msleep(FAULT_WTX_PERIOD_MS);
		elapsed += FAULT_WTX_PERIOD_MS;
	}
	if (slot_gen(slot) == w->gen) {
		g_log("fault: wtx: slot %u: %u time extension(s), answering",
		      slot, sent);
		send_raw(w->g, w->reply, w->len);
	} else {
		g_log("fault: wtx: slot %u: %u time extension(s), the host moved on",
		      slot, sent);
	}
	free(w);
	return NULL;
}

static void wtx_start(struct gadget *g, const u8 *msg, size_t len,
		      unsigned int seconds)
{
	struct wtx *w = calloc(1, sizeof(*w) + len);
	pthread_attr_t attr;
	pthread_t t;

	if (!w)
		return;
	w->g = g;
	w->seconds = seconds;
	w->gen = slot_gen(msg[5]);
	w->len = len;
	memcpy(w->reply, msg, len);
	w->hdr[0] = RDR_TO_PC_DATA_BLOCK;
	w->hdr[5] = msg[5];
	w->hdr[6] = msg[6];
	w->hdr[7] = CCID_CMD_TIME_EXT | (msg[7] & CCID_ICC_STATUS_MASK);
	w->hdr[8] = FAULT_WTX_MULT;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, wtx_thread, w)) {
		g_log("fault: wtx thread: %s", strerror(errno));
		free(w);
	}
	pthread_attr_destroy(&attr);
}

/* ---------------------------------------------------------------------- */
/* Hooks                                                                    */

void fault_bulk_out(struct gadget *g, const u8 *msg, size_t len)
{
	unsigned int slot = msg[5];
	bool quit;

	if (len < CCID_HDR_LEN || slot >= G_MAX_SLOTS)
		return;
	pthread_mutex_lock(&fault_lock);
	faults[slot].last_cmd = msg[0];
	faults[slot].gen++;
	quit = faults[slot].kind == F_QUIT && msg[0] == PC_TO_RDR_XFR_BLOCK;
	pthread_mutex_unlock(&fault_lock);
	if (quit) {
		g_log("fault: quit: slot %u: XfrBlock seq %u pending, unplugging",
		      slot, msg[6]);
		exit(0);
	}
	(void)g;
}

bool fault_reply(struct gadget *g, const u8 *msg, size_t len)
{
	unsigned int slot = msg[5], arg;
	struct slot_fault *f;
	enum fault_kind kind;
	size_t n = len;
	u8 *buf;

	if (sending || len < CCID_HDR_LEN || slot >= G_MAX_SLOTS)
		return false;
	pthread_mutex_lock(&fault_lock);
	f = &faults[slot];
	kind = f->kind;
	arg = f->arg;
	if (kind == F_NONE || kind == F_QUIT ||
	    (kind != F_MUTE && (f->last_cmd != PC_TO_RDR_XFR_BLOCK ||
				msg[0] != RDR_TO_PC_DATA_BLOCK ||
				(msg[7] & CCID_CMD_STATUS_MASK) ==
				CCID_CMD_TIME_EXT))) {
		pthread_mutex_unlock(&fault_lock);
		return false;
	}
	if (!--f->count)
		f->kind = F_NONE;
	pthread_mutex_unlock(&fault_lock);

	buf = calloc(1, len + g->d.max_message + FAULT_HUGE_EXTRA);
	if (!buf)
		return false;
	memcpy(buf, msg, len);
	g_log("fault: %s: slot %u seq %u", kind_name(kind), slot, msg[6]);
	switch (kind) {
	case F_SEQ:
		buf[6]++;
		break;
	case F_SLOT:
		buf[5] = (u8)(g->nslots > 1 ? (slot + 1) % g->nslots :
				slot + 1);
		break;
	case F_SHORT:
		n = FAULT_SHORT_LEN;
		break;
	case F_LONG:
		memset(buf + len, FAULT_FILL, FAULT_LONG_EXTRA);
		n = len + FAULT_LONG_EXTRA;
		break;
	case F_HUGE:
		n = g->d.max_message + FAULT_HUGE_EXTRA;
		memset(buf + len, FAULT_FILL, n - len);
		put_unaligned_le32((u32)(n - CCID_HDR_LEN), buf + 1);
		break;
	case F_DWLENGTH:
		put_unaligned_le32((u32)(len - CCID_HDR_LEN + FAULT_DWLENGTH_LIE),
				   buf + 1);
		break;
	case F_ERROR:
		put_unaligned_le32(0, buf + 1);
		buf[7] = CCID_CMD_FAILED | (msg[7] & CCID_ICC_STATUS_MASK);
		buf[8] = (u8)arg;
		buf[9] = 0;
		n = CCID_HDR_LEN;
		break;
	case F_TYPE:
		buf[0] = RDR_TO_PC_SLOT_STATUS;
		break;
	case F_DELAY:
		g_msleep(arg);
		g_log("fault: delay: slot %u: answering after %u ms", slot,
		      arg);
		break;
	case F_WTX:
		wtx_start(g, msg, len, arg);
		n = 0;
		break;
	case F_STALL:
		ep_halt(g, USB_RAW_IOCTL_EP_SET_HALT);
		n = 0;
		break;
	case F_WEDGE:
		ep_halt(g, USB_RAW_IOCTL_EP_SET_WEDGE);
		g_msleep(arg);
		ep_halt(g, USB_RAW_IOCTL_EP_CLEAR_HALT);
		g_log("fault: wedge: slot %u: bulk-IN cleared after %u ms",
		      slot, arg);
		n = 0;
		break;
	default:
		n = 0;		/* F_SILENCE, F_MUTE */
		break;
	}
	if (n)
		send_raw(g, buf, n);
	free(buf);
	return true;
}

/* ---------------------------------------------------------------------- */
/* Unasked: HardwareError and a slot-change storm                           */

static void hw_error(struct gadget *g, unsigned int slot, unsigned int code)
{
	u8 msg[HW_ERROR_LEN] = { RDR_TO_PC_HARDWARE_ERROR, (u8)slot, 0,
				 (u8)code };

	if (!g->has_int || !g->configured) {
		g_log("fault: hwerror: no interrupt endpoint");
		return;
	}
	if (int_write(g, msg, sizeof(msg)) < 0)
		g_log("fault: hwerror: interrupt-IN write: %s",
		      strerror(errno));
	else
		g_log("fault: hwerror: slot %u code 0x%02x sent", slot, code);
}

static void int_raw(struct gadget *g, const char *hex)
{
	u8 msg[FAULT_INT_MAX];
	int n = unhex(hex, msg, sizeof(msg));

	if (n <= 0 || !g->has_int || !g->configured) {
		g_log("fault: int: bad message or no interrupt endpoint");
		return;
	}
	if (int_write(g, msg, (size_t)n) < 0)
		g_log("fault: int: interrupt-IN write: %s", strerror(errno));
	else
		g_log("fault: int: %s sent", hex);
}

static void set_present(struct gadget *g, unsigned int slot, bool present)
{
	struct g_slot *s = &g->slots[slot];

	pthread_mutex_lock(&s->lock);
	s->present = present;
	s->powered = false;
	pthread_mutex_unlock(&s->lock);
	pthread_mutex_lock(&g->int_lock);
	g->changed_mask |= 1U << slot;
	pthread_mutex_unlock(&g->int_lock);
	if (g->has_int && g->configured)
		g_notify(g);
}

static void storm(struct gadget *g, unsigned int slot, unsigned int toggles,
		  unsigned int gap_ms)
{
	unsigned int i;

	g_log("fault: storm: slot %u: %u toggles, %u ms apart", slot,
	      toggles, gap_ms);
	for (i = 0; i < toggles; i++) {
		set_present(g, slot, i % 2);
		g_msleep(gap_ms);
	}
	set_present(g, slot, true);
	g_log("fault: storm: slot %u: done, card in", slot);
}

/* ---------------------------------------------------------------------- */
/* Control FIFO and scenario file                                           */

void fault_control(struct gadget *g, char *s, char *k, char *rest)
{
	char *a = rest ? strtok(rest, " \t\n") : NULL;
	char *c = a ? strtok(NULL, " \t\n") : NULL;
	unsigned int slot, arg, count = 1;
	size_t i;

	if (s && !strcmp(s, "clear")) {
		pthread_mutex_lock(&fault_lock);
		for (i = 0; i < G_MAX_SLOTS; i++)
			faults[i].kind = F_NONE;
		pthread_mutex_unlock(&fault_lock);
		g_log("fault: cleared");
		return;
	}
	if (!s || !k)
		goto bad;
	slot = (unsigned int)strtoul(s, NULL, 0);
	if (!strcmp(k, "int") && a) {
		int_raw(g, a);
		return;
	}
	if (!strcmp(k, "hwerror")) {
		hw_error(g, slot, a ? (unsigned int)strtoul(a, NULL, 0) : 1);
		return;
	}
	if (slot >= g->nslots)
		goto bad;
	if (!strcmp(k, "clear")) {
		pthread_mutex_lock(&fault_lock);
		faults[slot].kind = F_NONE;
		pthread_mutex_unlock(&fault_lock);
		g_log("fault: slot %u: cleared", slot);
		return;
	}
	if (!strcmp(k, "storm")) {
		storm(g, slot,
		      a ? (unsigned int)strtoul(a, NULL, 0) : FAULT_STORM_TOGGLES,
		      c ? (unsigned int)strtoul(c, NULL, 0) : FAULT_STORM_GAP_MS);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(k, kinds[i].name))
			break;
	if (i == ARRAY_SIZE(kinds))
		goto bad;
	arg = kinds[i].def;
	if (kinds[i].def) {
		if (a)
			arg = (unsigned int)strtoul(a, NULL, 0);
		if (c)
			count = (unsigned int)strtoul(c, NULL, 0);
	} else if (a) {
		count = (unsigned int)strtoul(a, NULL, 0);
	}
	if (kinds[i].kind == F_MUTE && !a)
		count = FAULT_MUTE_REPLIES;
	if (!count)
		count = 1;
	pthread_mutex_lock(&fault_lock);
	faults[slot].kind = kinds[i].kind;
	faults[slot].arg = arg;
	faults[slot].count = count;
	pthread_mutex_unlock(&fault_lock);
	g_log("fault: slot %u: %s armed (arg %u, %u repl%s)", slot, k, arg,
	      count, count == 1 ? "y" : "ies");
	return;
bad:
	g_log("fault: bad line (slot %s, kind %s)", s ? s : "-", k ? k : "-");
}

int fault_conf(struct gadget *g, const char *key, const char *val)
{
	(void)g;
	if (!strcmp(key, "fault_desc_len")) {
		desc_fault.desc_len = (unsigned int)strtoul(val, NULL, 0);
		if (desc_fault.desc_len < 2 || desc_fault.desc_len > 255)
			return -1;
	} else if (!strcmp(key, "fault_int_type")) {
		if (strcmp(val, "bulk") && strcmp(val, "out"))
			return -1;
		desc_fault.int_type = strdup(val);
	} else if (!strcmp(key, "fault_drop_ep")) {
		desc_fault.drop_ep = (int)strtoul(val, NULL, 0);
	} else {
		return -1;
	}
	return 0;
}

size_t fault_config_desc(const struct gadget *g, u8 *b, size_t n)
{
	u8 *out = calloc(1, n + 256);
	size_t pos = 0, o = 0, intf = 0;
	unsigned int dlen;

	(void)g;
	if (!out || (!desc_fault.desc_len && !desc_fault.int_type &&
		     desc_fault.drop_ep < 0)) {
		free(out);
		return n;
	}
	while (pos + 2 <= n && b[pos] >= 2 && pos + b[pos] <= n) {
		u8 *d = b + pos;

		dlen = d[0];
		if (d[1] == USB_DT_INTERFACE) {
			intf = o;
		} else if (d[1] == CCID_DESC_TYPE && desc_fault.desc_len) {
			memcpy(out + o, d, dlen < desc_fault.desc_len ? dlen :
			       desc_fault.desc_len);
			out[o] = (u8)desc_fault.desc_len;
			o += desc_fault.desc_len;
			pos += dlen;
			continue;
		} else if (d[1] == USB_DT_ENDPOINT) {
			if (d[2] == desc_fault.drop_ep) {
				out[intf + 4]--;	/* bNumEndpoints */
				pos += dlen;
				continue;
			}
			if ((d[3] & USB_ENDPOINT_XFERTYPE_MASK) ==
			    USB_ENDPOINT_XFER_INT && desc_fault.int_type) {
				memcpy(out + o, d, dlen);
				if (!strcmp(desc_fault.int_type, "bulk"))
					out[o + 3] = USB_ENDPOINT_XFER_BULK;
				else
					out[o + 2] &= (u8)~USB_DIR_IN;
				o += dlen;
				pos += dlen;
				continue;
			}
		}
		memcpy(out + o, d, dlen);
		o += dlen;
		pos += dlen;
	}
	put_unaligned_le16((u16)o, out + 2);	/* wTotalLength */
	memcpy(b, out, o);
	free(out);
	return o;
}
