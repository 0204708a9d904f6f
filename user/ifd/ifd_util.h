/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scpnp pcscd IFD handler: pure helpers (no I/O), unit-tested on their own.
 */
#ifndef SCPNP_IFD_UTIL_H
#define SCPNP_IFD_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <ifdhandler.h>

/* What a pcscd device name designates */
enum ifd_dev_kind {
	IFD_DEV_LIBUDEV,	/* usb:VVVV/PPPP:libudev:IF:/dev/bus/usb/BBB/DDD */
	IFD_DEV_LIBUSB,		/* usb:VVVV/PPPP:libusb-1.0:BUS:ADDR:IF */
	IFD_DEV_NODE,		/* /dev/ccid<R>s<S> (reader.conf) */
};

#define IFD_NODE_NAME_MAX	32

/**
 * struct ifd_devname - a parsed pcscd device name
 * @kind: which form the name had
 * @vendor: USB idVendor (0 for IFD_DEV_NODE)
 * @product: USB idProduct (0 for IFD_DEV_NODE)
 * @iface: bInterfaceNumber
 * @bus: USB bus number
 * @addr: USB device address on @bus
 * @node: slot node base name (ccid<R>s<S>), IFD_DEV_NODE only
 */
struct ifd_devname {
	enum ifd_dev_kind kind;
	uint16_t vendor;
	uint16_t product;
	unsigned int iface;
	unsigned int bus;
	unsigned int addr;
	char node[IFD_NODE_NAME_MAX];
};

int ifd_parse_device_name(const char *name, struct ifd_devname *out);
int ifd_parse_node_name(const char *name, unsigned int *reader,
			unsigned int *slot);

RESPONSECODE ifd_errno_to_ifd(int err);
const char *ifd_rc_name(RESPONSECODE rc);

size_t ifd_format_reader_name(char *buf, size_t size, const char *friendly,
			      const char *iface, const char *serial);

const char *ifd_friendly_name(uint16_t vendor, uint16_t product);

#endif /* SCPNP_IFD_UTIL_H */
