/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * CCID class descriptor (CCID 1.1 section 5.1): constants, parser and
 * validation, shared by ccid.ko, scbridge, KUnit and the fuzzers.
 */
#ifndef SCPNP_LIB_CCID_DESC_H
#define SCPNP_LIB_CCID_DESC_H

#include "env.h"

#define CCID_DESC_TYPE		0x21	/* bDescriptorType */
#define CCID_DESC_LEN		54	/* bLength */

#define CCID_CLASS		0x0B	/* bInterfaceClass */
#define CCID_VENDOR_CLASS	0xFF
#define CCID_PROTOCOL_BULK	0x00	/* bInterfaceProtocol: CCID bulk */
#define CCID_PROTOCOL_ICCD_A	0x01	/* USB-ICC version A */
#define CCID_PROTOCOL_ICCD_B	0x02	/* USB-ICC version B */

/* dwProtocols */
#define CCID_DESC_PROTO_T0	BIT(0)
#define CCID_DESC_PROTO_T1	BIT(1)

/* bVoltageSupport */
#define CCID_VOLTAGE_5V		BIT(0)
#define CCID_VOLTAGE_3V		BIT(1)
#define CCID_VOLTAGE_1_8V	BIT(2)

/* dwFeatures */
#define CCID_FEAT_AUTO_PARAM_ATR	0x00000002
#define CCID_FEAT_AUTO_ACTIVATION	0x00000004
#define CCID_FEAT_AUTO_VOLTAGE		0x00000008
#define CCID_FEAT_AUTO_CLOCK		0x00000010
#define CCID_FEAT_AUTO_BAUD		0x00000020
#define CCID_FEAT_AUTO_PARAM_NEG	0x00000040
#define CCID_FEAT_AUTO_PPS		0x00000080
#define CCID_FEAT_CLOCK_STOP		0x00000100
#define CCID_FEAT_NAD			0x00000200
#define CCID_FEAT_AUTO_IFSD		0x00000400
#define CCID_FEAT_LEVEL_MASK		0x00070000
#define CCID_FEAT_LEVEL_CHAR		0x00000000
#define CCID_FEAT_LEVEL_TPDU		0x00010000
#define CCID_FEAT_LEVEL_SHORT_APDU	0x00020000
#define CCID_FEAT_LEVEL_EXT_APDU	0x00040000
#define CCID_FEAT_USB_WAKEUP		0x00100000

/* bPINSupport */
#define CCID_PIN_SUPPORT_VERIFY	0x01
#define CCID_PIN_SUPPORT_MODIFY	0x02

/* Exchange levels, as in the UAPI (CCID_LEVEL_*) */
enum ccid_level {
	CCID_DESC_LEVEL_CHARACTER,
	CCID_DESC_LEVEL_TPDU,
	CCID_DESC_LEVEL_SHORT_APDU,
	CCID_DESC_LEVEL_EXT_APDU,
	CCID_DESC_LEVEL_INVALID,	/* more than one level bit set */
};

/**
 * struct ccid_desc - decoded CCID class descriptor (CCID 1.1 Table 5.1-1)
 * @bcd_ccid: bcdCCID, the specification release (BCD)
 * @max_slot_index: bMaxSlotIndex, slots - 1
 * @voltage_support: bVoltageSupport, CCID_VOLTAGE_* bits
 * @protocols: dwProtocols, CCID_DESC_PROTO_* bits
 * @default_clock: dwDefaultClock, kHz
 * @max_clock: dwMaximumClock, kHz
 * @num_clocks: bNumClockSupported
 * @data_rate: dwDataRate, bps
 * @max_data_rate: dwMaxDataRate, bps
 * @num_data_rates: bNumDataRatesSupported
 * @max_ifsd: dwMaxIFSD, largest T=1 IFSD the reader accepts
 * @synch_protocols: dwSynchProtocols
 * @mechanical: dwMechanical
 * @features: dwFeatures, CCID_FEAT_* bits and the exchange level
 * @max_message: dwMaxCCIDMessageLength, bytes (as declared)
 * @class_get_response: bClassGetResponse
 * @class_envelope: bClassEnvelope
 * @lcd_layout: wLcdLayout
 * @pin_support: bPINSupport, CCID_PIN_SUPPORT_* bits
 * @max_busy_slots: bMaxCCIDBusySlots (as declared, may be 0)
 */
struct ccid_desc {
	u16 bcd_ccid;
	u8 max_slot_index;
	u8 voltage_support;
	u32 protocols;
	u32 default_clock;
	u32 max_clock;
	u8 num_clocks;
	u32 data_rate;
	u32 max_data_rate;
	u8 num_data_rates;
	u32 max_ifsd;
	u32 synch_protocols;
	u32 mechanical;
	u32 features;
	u32 max_message;
	u8 class_get_response;
	u8 class_envelope;
	u16 lcd_layout;
	u8 pin_support;
	u8 max_busy_slots;
};

/**
 * ccid_desc_find() - find the CCID class descriptor in a descriptor list
 * @buf: concatenated descriptors (an interface's or endpoint's "extra")
 * @len: bytes in @buf
 * @out_len: set to the found descriptor's bLength
 *
 * Walks the list by bLength, never past @len; a zero or overlong bLength
 * ends the walk.
 *
 * Return: pointer to the descriptor's first byte, or NULL.
 */
const u8 *ccid_desc_find(const u8 *buf, size_t len, size_t *out_len);

/**
 * ccid_desc_parse() - decode a CCID class descriptor
 * @buf: the descriptor, bLength first
 * @len: bytes available at @buf
 * @d: filled on success
 *
 * Return: 0; -EINVAL if the type is not CCID_DESC_TYPE or bLength is not
 * CCID_DESC_LEN; -EPROTO if @len is shorter than CCID_DESC_LEN.
 */
int ccid_desc_parse(const u8 *buf, size_t len, struct ccid_desc *d);

/**
 * ccid_desc_level() - exchange level of dwFeatures
 * @d: the descriptor
 *
 * Return: the level, or CCID_DESC_LEVEL_INVALID when several are claimed.
 */
enum ccid_level ccid_desc_level(const struct ccid_desc *d);

/**
 * ccid_desc_check() - can the driver use a reader with this descriptor?
 * @d: the descriptor
 * @reason: set to a human-readable reason when the reader is refused
 *
 * Refused: character level, several exchange levels, neither T=0 nor T=1,
 * more than CCID_MAX_SLOTS slots, a message length below
 * CCID_MIN_USABLE_MESSAGE. Oddities seen in real readers are
 * accepted (bcdCCID other than 1.00/1.10, bMaxCCIDBusySlots 0, huge
 * dwMaxCCIDMessageLength).
 *
 * Return: 0 when usable, -EOPNOTSUPP when refused.
 */
int ccid_desc_check(const struct ccid_desc *d, const char **reason);

/* Largest slot count the driver serves (bMaxSlotIndex + 1) */
#define CCID_MAX_SLOTS		16

/**
 * ccid_desc_busy_slots() - effective bMaxCCIDBusySlots (0 counts as 1)
 * @d: the descriptor
 *
 * Return: at least 1, at most the slot count.
 */
unsigned int ccid_desc_busy_slots(const struct ccid_desc *d);

/**
 * ccid_desc_max_message() - effective message length
 * @d: the descriptor
 * @cap: what the driver's transfer buffers hold
 *
 * Readers declaring less than CCID_MIN_MESSAGE exist (261, 263, 270 and
 * even 64 bytes in readers.tsv) and really cannot take more: the value is
 * not raised, callers must split or refuse longer commands.
 *
 * Return: min(dwMaxCCIDMessageLength, @cap).
 */
u32 ccid_desc_max_message(const struct ccid_desc *d, u32 cap);

/* Smallest message carrying any short APDU/TPDU: header + 261 bytes */
#define CCID_MIN_MESSAGE	271
/* Smallest message the driver can use at all: header + a T=0 header */
#define CCID_MIN_USABLE_MESSAGE	15

/**
 * ccid_desc_check_intf() - is this interface a CCID one the driver serves?
 * @intf_class: bInterfaceClass (CCID_CLASS, or CCID_VENDOR_CLASS for the
 *	vendor-class readers that carry a CCID descriptor)
 * @intf_protocol: bInterfaceProtocol
 * @reason: set to a human-readable reason when the interface is refused
 *
 * Refused: other classes, ICCD tokens (protocols 1 and 2), unknown
 * protocols.
 *
 * Return: 0 when usable, -EOPNOTSUPP when refused.
 */
int ccid_desc_check_intf(u8 intf_class, u8 intf_protocol, const char **reason);

#endif /* SCPNP_LIB_CCID_DESC_H */
