// SPDX-License-Identifier: GPL-2.0
/*
 * bench-usbfs: the floor. The APDU mix as bare CCID exchanges on usbfs
 * (USBDEVFS_BULK), with no driver logic: IccPowerOn once, then per round
 * trip one XfrBlock, and a second one carrying GET RESPONSE after 61xx.
 *
 *   bench-usbfs VID:PID N
 *
 * The interface is taken from whatever driver holds it
 * (USBDEVFS_DISCONNECT_CLAIM) and handed back to the kernel at the end.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/usb/ch9.h>
#include <linux/usbdevice_fs.h>

#include "bench.h"

/* CCID 6.1 / 6.2 */
#define CCID_HDR		10
#define PC_TO_RDR_ICC_POWER_ON	0x62
#define PC_TO_RDR_XFR_BLOCK	0x6F
#define PC_TO_RDR_ABORT		0x72
#define RDR_TO_PC_SLOT_STATUS	0x81
#define CCID_REQ_ABORT		0x01	/* class request, CCID 5.3.1 */
#define ABORT_TIMEOUT_MS	2000
#define DRAIN_TIMEOUT_MS	100
#define RDR_TO_PC_DATA_BLOCK	0x80
#define CCID_OFF_TYPE		0
#define CCID_OFF_LEN		1
#define CCID_OFF_SLOT		5
#define CCID_OFF_SEQ		6
#define CCID_OFF_STATUS		7
#define CCID_OFF_ERROR		8
#define CCID_CMD_STATUS_MASK	0xC0
#define CCID_CMD_FAILED		0x40
#define CCID_CMD_TIME_EXT	0x80
#define BULK_TIMEOUT_MS		5000
#define MSG_MAX			(CCID_HDR + BENCH_RESP_MAX + 16)
#define SYSFS_USB		"/sys/bus/usb/devices"

static int fd = -1;
static unsigned int ep_in, ep_out, ifno;
static uint8_t seq;

static int read_hex(const char *dir, const char *file, unsigned int *v)
{
	char p[512];
	FILE *f;
	int ok;

	snprintf(p, sizeof(p), "%s/%s", dir, file);
	f = fopen(p, "r");
	if (!f)
		return -1;
	ok = fscanf(f, "%x", v) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

static int read_str(const char *dir, const char *file, char *buf, size_t size)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, file);
	f = fopen(p, "r");
	if (!f)
		return -1;
	if (!fgets(buf, (int)size, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/* The CCID interface of VID:PID: usbfs path, interface number, endpoints */
static int find_reader(unsigned int vid, unsigned int pid, char *devpath, size_t size)
{
	char dev[300], intf[320], ep[600], type[32];
	unsigned int v, p, bus, num, cls, addr;
	struct dirent *d, *e;
	DIR *top, *sub;
	int found = -1;

	top = opendir(SYSFS_USB);
	if (!top)
		return -1;
	while (found && (d = readdir(top))) {
		if (d->d_name[0] == '.' || strchr(d->d_name, ':'))
			continue;
		snprintf(dev, sizeof(dev), SYSFS_USB "/%s", d->d_name);
		if (read_hex(dev, "idVendor", &v) || read_hex(dev, "idProduct", &p) ||
		    v != vid || p != pid)
			continue;
		if (read_str(dev, "busnum", type, sizeof(type)) || sscanf(type, "%u", &bus) != 1 ||
		    read_str(dev, "devnum", type, sizeof(type)) || sscanf(type, "%u", &num) != 1)
			continue;
		snprintf(devpath, size, "/dev/bus/usb/%03u/%03u", bus, num);
		snprintf(intf, sizeof(intf), SYSFS_USB "/%s:1.0", d->d_name);
		if (read_hex(intf, "bInterfaceClass", &cls) || cls != USB_CLASS_CSCID ||
		    read_hex(intf, "bInterfaceNumber", &ifno))
			continue;
		sub = opendir(intf);
		if (!sub)
			continue;
		while ((e = readdir(sub))) {
			if (strncmp(e->d_name, "ep_", 3))
				continue;
			snprintf(ep, sizeof(ep), "%s/%s", intf, e->d_name);
			if (read_hex(ep, "bEndpointAddress", &addr) ||
			    read_str(ep, "type", type, sizeof(type)) || strcmp(type, "Bulk"))
				continue;
			if (addr & USB_DIR_IN)
				ep_in = addr;
			else
				ep_out = addr;
		}
		closedir(sub);
		if (ep_in && ep_out)
			found = 0;
	}
	closedir(top);
	return found;
}

static int bulk(unsigned int ep, uint8_t *buf, unsigned int len)
{
	struct usbdevfs_bulktransfer t = {
		.ep = ep, .len = len, .timeout = BULK_TIMEOUT_MS, .data = buf,
	};

	return ioctl(fd, USBDEVFS_BULK, &t);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * After an answer that never came: the CCID abort sequence (class request
 * ABORT, which QEMU's reader stalls, then PC_to_RDR_Abort with the same
 * bSeq), reading until the SlotStatus that ends it. The next command then
 * finds the slot free.
 */
static void recover(void)
{
	struct usbdevfs_ctrltransfer ctrl = {
		.bRequestType = USB_DIR_OUT | USB_TYPE_CLASS | USB_RECIP_INTERFACE,
		.bRequest = CCID_REQ_ABORT,
		.wValue = (uint16_t)(seq << 8),
		.wIndex = (uint16_t)ifno,
		.timeout = ABORT_TIMEOUT_MS,
	};
	struct usbdevfs_bulktransfer t;
	uint8_t msg[MSG_MAX];

	ioctl(fd, USBDEVFS_CONTROL, &ctrl);
	memset(msg, 0, CCID_HDR);
	msg[CCID_OFF_TYPE] = PC_TO_RDR_ABORT;
	msg[CCID_OFF_SEQ] = seq;
	if (bulk(ep_out, msg, CCID_HDR) < 0)
		return;
	for (;;) {
		t = (struct usbdevfs_bulktransfer){
			.ep = ep_in, .len = sizeof(msg), .timeout = ABORT_TIMEOUT_MS, .data = msg,
		};
		if (ioctl(fd, USBDEVFS_BULK, &t) < CCID_HDR ||
		    msg[CCID_OFF_TYPE] == RDR_TO_PC_SLOT_STATUS)
			return;
	}
}

/* Answers a previous owner of the interface left unread */
static void drain(void)
{
	struct usbdevfs_bulktransfer t;
	uint8_t msg[MSG_MAX];

	do {
		t = (struct usbdevfs_bulktransfer){
			.ep = ep_in, .len = sizeof(msg), .timeout = DRAIN_TIMEOUT_MS, .data = msg,
		};
	} while (ioctl(fd, USBDEVFS_BULK, &t) >= 0);
}

/* One CCID command and its DataBlock; the payload goes to rx */
static int exchange(uint8_t type, const uint8_t *data, size_t len,
		    uint8_t *rx, size_t *rx_len, char *err, size_t errsz)
{
	uint8_t msg[MSG_MAX];
	uint32_t dlen;
	int n;

	memset(msg, 0, CCID_HDR);
	msg[CCID_OFF_TYPE] = type;
	put_le32(msg + CCID_OFF_LEN, (uint32_t)len);
	msg[CCID_OFF_SEQ] = ++seq;
	memcpy(msg + CCID_HDR, data, len);
	if (bulk(ep_out, msg, CCID_HDR + len) < 0) {
		snprintf(err, errsz, "bulk-OUT: %s", strerror(errno));
		return -1;
	}
	for (;;) {
		n = bulk(ep_in, msg, sizeof(msg));
		if (n < 0) {
			snprintf(err, errsz, "bulk-IN: %s", strerror(errno));
			if (errno == ETIMEDOUT)
				recover();
			return -1;
		}
		if (n < CCID_HDR) {
			snprintf(err, errsz, "short reply (%d bytes)", n);
			return -1;
		}
		/* a late answer to an earlier, timed-out command: skip it */
		if (msg[CCID_OFF_SEQ] != seq)
			continue;
		if ((msg[CCID_OFF_STATUS] & CCID_CMD_STATUS_MASK) != CCID_CMD_TIME_EXT)
			break;
	}
	if (msg[CCID_OFF_TYPE] != RDR_TO_PC_DATA_BLOCK ||
	    (msg[CCID_OFF_STATUS] & CCID_CMD_STATUS_MASK) == CCID_CMD_FAILED) {
		snprintf(err, errsz, "reply %02x status %02x error %02x",
			 msg[CCID_OFF_TYPE], msg[CCID_OFF_STATUS], msg[CCID_OFF_ERROR]);
		return -1;
	}
	dlen = get_le32(msg + CCID_OFF_LEN);
	if (dlen > (uint32_t)n - CCID_HDR || dlen > BENCH_RESP_MAX) {
		snprintf(err, errsz, "bad dwLength %u", dlen);
		return -1;
	}
	memcpy(rx, msg + CCID_HDR, dlen);
	*rx_len = dlen;
	return 0;
}

static int round_trip(const uint8_t *cmd, size_t len, uint8_t *rx,
		      size_t *rx_len, char *err, size_t errsz)
{
	uint8_t get[] = { 0x00, BENCH_INS_GET_RESPONSE, 0x00, 0x00, 0x00 };

	if (exchange(PC_TO_RDR_XFR_BLOCK, cmd, len, rx, rx_len, err, errsz))
		return -1;
	if (*rx_len != BENCH_SW_BYTES || rx[0] != BENCH_SW1_MORE)
		return 0;
	get[4] = rx[1];
	return exchange(PC_TO_RDR_XFR_BLOCK, get, sizeof(get), rx, rx_len, err, errsz);
}

int main(int argc, char **argv)
{
	struct usbdevfs_disconnect_claim dc = { 0 };
	struct usbdevfs_ioctl conn = { 0 };
	uint8_t rx[MSG_MAX];
	char devpath[64], err[128];
	unsigned int vid, pid;
	struct bench_run b;
	unsigned long n, i;
	size_t rx_len = 0;
	int ret;

	if (argc != 3 || sscanf(argv[1], "%x:%x", &vid, &pid) != 2 ||
	    !(n = bench_parse_count(argv[2]))) {
		fprintf(stderr, "usage: bench-usbfs VID:PID N\n");
		return 2;
	}
	if (find_reader(vid, pid, devpath, sizeof(devpath))) {
		fprintf(stderr, "no CCID interface on %04x:%04x\n", vid, pid);
		return 1;
	}
	fd = open(devpath, O_RDWR);
	if (fd < 0) {
		perror(devpath);
		return 1;
	}
	dc.interface = ifno;
	if (ioctl(fd, USBDEVFS_DISCONNECT_CLAIM, &dc) < 0) {
		perror("USBDEVFS_DISCONNECT_CLAIM");
		return 1;
	}
	drain();
	if (exchange(PC_TO_RDR_ICC_POWER_ON, NULL, 0, rx, &rx_len, err, sizeof(err))) {
		fprintf(stderr, "IccPowerOn: %s\n", err);
		return 1;
	}
	if (bench_init(&b, "usbfs", n))
		return 1;
	for (i = 0; i < n && b.errors < BENCH_MAX_ERRORS; i++) {
		const uint8_t *cmd;
		size_t len = bench_cmd(i, &cmd);
		uint64_t t0 = bench_now_ns();

		if (round_trip(cmd, len, rx, &rx_len, err, sizeof(err))) {
			bench_error(&b, "round trip %lu: %s", i, err);
			continue;
		}
		if (!bench_sw_ok(rx, rx_len)) {
			bench_error(&b, "round trip %lu: SW %02x%02x", i,
				    rx_len > 1 ? rx[rx_len - 2] : 0,
				    rx_len > 1 ? rx[rx_len - 1] : 0);
			continue;
		}
		bench_record(&b, t0, bench_now_ns(), len + rx_len);
	}
	b.t_end = bench_now_ns();
	ret = bench_report(&b, json_pack("{s:s}", "device", devpath));
	ioctl(fd, USBDEVFS_RELEASEINTERFACE, &ifno);
	/* let the kernel's drivers have the interface again */
	conn.ifno = (int)ifno;
	conn.ioctl_code = USBDEVFS_CONNECT;
	ioctl(fd, USBDEVFS_IOCTL, &conn);
	close(fd);
	return ret;
}
