// SPDX-License-Identifier: GPL-2.0
/*
 * scpnp pcscd IFD handler: device-name parsing, error mapping, reader names.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ifd_util.h"

/* Parse a decimal or hexadecimal field ending at one of @stops */
static int parse_uint(const char **p, int base, unsigned long max,
		      const char *stops, unsigned long *out)
{
	const char *s = *p;
	unsigned long v = 0;
	int digits = 0;

	for (; *s && !strchr(stops, *s); s++, digits++) {
		int d;

		if (isdigit((unsigned char)*s))
			d = *s - '0';
		else if (base == 16 && isxdigit((unsigned char)*s))
			d = tolower((unsigned char)*s) - 'a' + 10;
		else
			return -EINVAL;
		v = v * base + d;
		if (v > max)
			return -EINVAL;
	}
	if (!digits)
		return -EINVAL;
	*p = s;
	*out = v;
	return 0;
}

/**
 * ifd_parse_node_name() - split a slot node name ccid<R>s<S>
 * @name: base name, e.g. "ccid0s1"
 * @reader: out, R
 * @slot: out, S
 *
 * Return: 0, or -EINVAL when @name is not a slot node name.
 */
int ifd_parse_node_name(const char *name, unsigned int *reader,
			unsigned int *slot)
{
	unsigned long r, s;
	const char *p = name;

	if (strncmp(p, "ccid", 4))
		return -EINVAL;
	p += 4;
	if (parse_uint(&p, 10, 0xffff, "s", &r) || *p != 's')
		return -EINVAL;
	p++;
	if (parse_uint(&p, 10, 0xff, "", &s) || *p)
		return -EINVAL;
	*reader = r;
	*slot = s;
	return 0;
}

/* "/dev/bus/usb/BBB/DDD" (udev's devnode of the USB device) */
static int parse_usbfs_path(const char *p, struct ifd_devname *out)
{
	static const char prefix[] = "/dev/bus/usb/";
	unsigned long bus, addr;

	if (strncmp(p, prefix, sizeof(prefix) - 1))
		return -EINVAL;
	p += sizeof(prefix) - 1;
	if (parse_uint(&p, 10, 0xffff, "/", &bus) || *p++ != '/')
		return -EINVAL;
	if (parse_uint(&p, 10, 0xffff, "", &addr) || *p)
		return -EINVAL;
	out->bus = bus;
	out->addr = addr;
	return 0;
}

/**
 * ifd_parse_device_name() - parse the device name pcscd gives a handler
 * @name: the DeviceName argument of IFDHCreateChannelByName()
 * @out: the parsed name
 *
 * pcscd 1.9.9 built with libudev (Debian) passes
 * "usb:%04x/%04x:libudev:%d:%s" (idVendor, idProduct, bInterfaceNumber,
 * devnode of the USB device); the libusb build passes
 * "usb:%04x/%04x:libusb-1.0:%d:%d:%d" (bus, address, interface). A
 * reader.conf entry may name a slot node directly ("/dev/ccid0s0").
 *
 * Return: 0, or -EINVAL when the name has none of these forms.
 */
int ifd_parse_device_name(const char *name, struct ifd_devname *out)
{
	unsigned long vid, pid, v1, v2, v3;
	const char *p = name;

	memset(out, 0, sizeof(*out));
	if (!name)
		return -EINVAL;

	if (!strncmp(p, "/dev/", 5)) {
		unsigned int r, s;

		p += 5;
		if (strlen(p) >= sizeof(out->node) ||
		    ifd_parse_node_name(p, &r, &s))
			return -EINVAL;
		out->kind = IFD_DEV_NODE;
		strcpy(out->node, p);
		return 0;
	}

	if (strncmp(p, "usb:", 4))
		return -EINVAL;
	p += 4;
	if (parse_uint(&p, 16, 0xffff, "/", &vid) || *p++ != '/')
		return -EINVAL;
	if (parse_uint(&p, 16, 0xffff, ":", &pid) || *p++ != ':')
		return -EINVAL;
	out->vendor = vid;
	out->product = pid;

	if (!strncmp(p, "libudev:", 8)) {
		p += 8;
		if (parse_uint(&p, 10, 0xff, ":", &v1) || *p++ != ':')
			return -EINVAL;
		out->kind = IFD_DEV_LIBUDEV;
		out->iface = v1;
		return parse_usbfs_path(p, out);
	}
	if (!strncmp(p, "libusb-1.0:", 11)) {
		p += 11;
		if (parse_uint(&p, 10, 0xffff, ":", &v1) || *p++ != ':' ||
		    parse_uint(&p, 10, 0xffff, ":", &v2) || *p++ != ':' ||
		    parse_uint(&p, 10, 0xff, "", &v3) || *p)
			return -EINVAL;
		out->kind = IFD_DEV_LIBUSB;
		out->bus = v1;
		out->addr = v2;
		out->iface = v3;
		return 0;
	}
	return -EINVAL;
}

/**
 * ifd_errno_to_ifd() - IFD handler code for an errno from a slot node
 * @err: positive errno
 *
 * The table of Documentation/userspace-api/scpnp.rst (shared by every
 * layer): no card maps to IFD_ICC_NOT_PRESENT (pcscd reports
 * SCARD_E_NO_SMARTCARD), an unplugged reader to IFD_NO_SUCH_DEVICE
 * (SCARD_E_READER_UNAVAILABLE); everything else pcscd turns into
 * SCARD_E_NOT_TRANSACTED whatever the code.
 *
 * Return: the IFD_* code.
 */
RESPONSECODE ifd_errno_to_ifd(int err)
{
	switch (err) {
	case 0:
		return IFD_SUCCESS;
	case ENOMEDIUM:
		return IFD_ICC_NOT_PRESENT;
	case ENODEV:
		return IFD_NO_SUCH_DEVICE;
	case ETIMEDOUT:
		return IFD_RESPONSE_TIMEOUT;
	case EOVERFLOW:
		return IFD_ERROR_INSUFFICIENT_BUFFER;
	case EPROTONOSUPPORT:
		return IFD_PROTOCOL_NOT_SUPPORTED;
	default:	/* ECONNRESET, EIO, EBUSY, EINVAL, EPERM, EINTR... */
		return IFD_COMMUNICATION_ERROR;
	}
}

/**
 * ifd_rc_name() - symbolic name of an IFD handler code, for logs
 * @rc: IFD_* code
 *
 * Return: a static string.
 */
const char *ifd_rc_name(RESPONSECODE rc)
{
	switch (rc) {
	case IFD_SUCCESS:			return "IFD_SUCCESS";
	case IFD_ERROR_TAG:			return "IFD_ERROR_TAG";
	case IFD_ERROR_NOT_SUPPORTED:		return "IFD_ERROR_NOT_SUPPORTED";
	case IFD_PROTOCOL_NOT_SUPPORTED:	return "IFD_PROTOCOL_NOT_SUPPORTED";
	case IFD_ERROR_POWER_ACTION:		return "IFD_ERROR_POWER_ACTION";
	case IFD_COMMUNICATION_ERROR:		return "IFD_COMMUNICATION_ERROR";
	case IFD_RESPONSE_TIMEOUT:		return "IFD_RESPONSE_TIMEOUT";
	case IFD_NOT_SUPPORTED:			return "IFD_NOT_SUPPORTED";
	case IFD_ICC_PRESENT:			return "IFD_ICC_PRESENT";
	case IFD_ICC_NOT_PRESENT:		return "IFD_ICC_NOT_PRESENT";
	case IFD_NO_SUCH_DEVICE:		return "IFD_NO_SUCH_DEVICE";
	case IFD_ERROR_INSUFFICIENT_BUFFER:	return "IFD_ERROR_INSUFFICIENT_BUFFER";
	default:				return "IFD_?";
	}
}

static size_t append(char *buf, size_t size, size_t len, const char *s,
		     int ascii_only)
{
	for (; *s; s++, len++) {
		char c = *s;

		if (ascii_only && (unsigned char)c > 0x7f)
			c = '.';
		if (len + 1 < size)
			buf[len] = c;
	}
	if (size)
		buf[len < size ? len : size - 1] = '\0';
	return len;
}

/**
 * ifd_format_reader_name() - the reader name pcscd builds for a USB reader
 * @buf: output
 * @size: size of @buf
 * @friendly: ifdFriendlyName of the bundle entry (Info.plist)
 * @iface: the interface string (sysfs "interface"), or NULL
 * @serial: the device serial number (sysfs "serial"), or NULL
 *
 * pcscd 1.9.9 (hotplug_libudev.c) names a reader "<friendly> [<iface>]
 * (<serial>)", replacing non-ASCII bytes of the interface string by '.',
 * and leaving the serial out when the interface string already contains
 * it; readerfactory.c then appends " RR SS" (reader and slot number, hex).
 * libccid adds nothing of its own, so a handler listing libccid's friendly
 * names gets libccid's reader names. The handler uses this to name readers
 * in its log lines exactly as pcscd does.
 *
 * Return: the length of the full name (snprintf-like).
 */
size_t ifd_format_reader_name(char *buf, size_t size, const char *friendly,
			      const char *iface, const char *serial)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	len = append(buf, size, len, friendly ? friendly : "", 0);
	if (iface) {
		len = append(buf, size, len, " [", 0);
		len = append(buf, size, len, iface, 1);
		len = append(buf, size, len, "]", 0);
	}
	if (serial && (!iface || !strstr(iface, serial))) {
		len = append(buf, size, len, " (", 0);
		len = append(buf, size, len, serial, 0);
		len = append(buf, size, len, ")", 0);
	}
	return len;
}
