// SPDX-License-Identifier: GPL-2.0
/*
 * Device table and reader quirks.
 *
 * Every interface of class 0x0B binds (ICCD tokens and unusable
 * descriptors are then refused in probe with a message). Vendor-class
 * readers that carry a CCID class descriptor are listed by VID:PID
 * (from the descriptor dumps published with libccid).
 */

#include <linux/module.h>

#include "ccid.h"

#define CCID_VENDOR_READER(vid, pid)					\
	{ USB_DEVICE_INTERFACE_CLASS(vid, pid, CCID_VENDOR_CLASS) }

/* QEMU's usb-ccid: VID:PID of Gemalto (hw/usb/dev-smartcard-reader.c) */
#define QEMU_CCID_VID		0x08e6
#define QEMU_CCID_PID		0x4433

const struct usb_device_id ccid_ids[] = {
	/* QEMU's emulated reader: false PIN-pad claim, 384-byte bulk-IN */
	{ USB_DEVICE_AND_INTERFACE_INFO(QEMU_CCID_VID, QEMU_CCID_PID,
					USB_CLASS_CSCID, 0, 0),
	  .driver_info = CCID_QUIRK_NO_PIN | CCID_QUIRK_MSG_384 },
	/* Every class interface; probe refuses ICCD with a message */
	{ .match_flags = USB_DEVICE_ID_MATCH_INT_CLASS,
	  .bInterfaceClass = USB_CLASS_CSCID },
	/* Vendor-class readers with a CCID class descriptor */
	CCID_VENDOR_READER(0x046A, 0x003E),	/* Cherry SmartTerminal ST-2xxx */
	CCID_VENDOR_READER(0x04E6, 0x511A),	/* SCR3310 NTTCom */
	CCID_VENDOR_READER(0x04E6, 0x5120),	/* SCR331-DI NTTCom */
	CCID_VENDOR_READER(0x04E6, 0x5121),	/* SDI010 */
	CCID_VENDOR_READER(0x04E6, 0x512C),	/* SCM SDI011 */
	CCID_VENDOR_READER(0x04E6, 0x5291),	/* SCL010 */
	CCID_VENDOR_READER(0x04E6, 0xE003),	/* SPR532 */
	CCID_VENDOR_READER(0x076B, 0x532A),	/* OMNIKEY 5321 CL */
	CCID_VENDOR_READER(0x076B, 0x5340),	/* HID 5021 CL */
	CCID_VENDOR_READER(0x08E6, 0x1359),	/* Verisign secure storage token */
	CCID_VENDOR_READER(0x08E6, 0x2202),	/* Gemalto e-Seal Pro */
	CCID_VENDOR_READER(0x08E6, 0xACE0),	/* Verisign secure token */
	CCID_VENDOR_READER(0x09BE, 0x0002),	/* MySmartPad */
	CCID_VENDOR_READER(0x0C4B, 0x0300),	/* Reiner SCT */
	CCID_VENDOR_READER(0x1A74, 0x6354),	/* Oberthur CosmoCard */
	CCID_VENDOR_READER(0x1DB2, 0x0604),	/* DUALi DRAGON */
	{ }
};
MODULE_DEVICE_TABLE(usb, ccid_ids);

u32 ccid_quirks(const struct usb_device_id *id)
{
	return id ? (u32)id->driver_info : 0;
}
