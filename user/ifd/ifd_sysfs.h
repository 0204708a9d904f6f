/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scpnp pcscd IFD handler: from a pcscd device name to ccid.ko slot nodes.
 */
#ifndef SCPNP_IFD_SYSFS_H
#define SCPNP_IFD_SYSFS_H

#include <limits.h>
#include <stdint.h>

#include "ifd_util.h"

/* The usb_driver name of ccid.ko (Documentation/userspace-api/ccid.rst) */
#define IFD_CCID_DRIVER		"ccid"
/* CCID bMaxSlotIndex is a byte */
#define IFD_SLOTS_MAX		256
#define IFD_STRING_MAX		128

/**
 * struct ifd_slot_node - one slot node of a reader
 * @slot: slot number S of ccid<R>s<S>
 * @node: base name under /dev
 * @major: device number (sysfs "dev")
 * @minor: device number (sysfs "dev")
 */
struct ifd_slot_node {
	unsigned int slot;
	char node[IFD_NODE_NAME_MAX];
	unsigned int major;
	unsigned int minor;
};

/**
 * struct ifd_usb_reader - what sysfs says about a reader's USB interface
 * @iface_path: canonical sysfs path of the interface
 * @bus: busnum of the USB device
 * @addr: devnum of the USB device
 * @iface: bInterfaceNumber
 * @vendor: idVendor
 * @product: idProduct
 * @bcd_device: bcdDevice
 * @serial: serial string ("" if none)
 * @interface: interface string ("" if none)
 * @manufacturer: manufacturer string ("" if none)
 * @has_serial: the device has a serial attribute
 * @has_interface: the interface has an interface attribute
 * @nslots: valid entries of @slots, sorted by slot number
 * @slots: the slot nodes under the interface
 */
struct ifd_usb_reader {
	char iface_path[PATH_MAX];
	unsigned int bus;
	unsigned int addr;
	unsigned int iface;
	uint16_t vendor;
	uint16_t product;
	uint16_t bcd_device;
	char serial[IFD_STRING_MAX];
	char interface[IFD_STRING_MAX];
	char manufacturer[IFD_STRING_MAX];
	int has_serial;
	int has_interface;
	unsigned int nslots;
	struct ifd_slot_node slots[IFD_SLOTS_MAX];
};

int ifd_sysfs_lookup(const char *sysroot, const struct ifd_devname *dn,
		     struct ifd_usb_reader *r);

#endif /* SCPNP_IFD_SYSFS_H */
