/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * scpnp: smart card Plug and Play for Linux - user-space API.
 *
 * Slot nodes (/dev/ccid<R>s<S>, driver ccid.ko) and the scfilter generic
 * netlink family (scfilter.ko). Documentation/userspace-api/scpnp.rst
 * describes the semantics; Documentation/netlink/specs/scfilter.yaml the
 * netlink family.
 */
#ifndef _UAPI_LINUX_SCPNP_H
#define _UAPI_LINUX_SCPNP_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* ---------------------------------------------------------------------- */
/* Slot nodes                                                              */
/* ---------------------------------------------------------------------- */

/* ioctl magic, free in Documentation/userspace-api/ioctl/ioctl-number.rst */
#define CCID_IOC_MAGIC		0xBA

#define CCID_ATR_MAX		33	/* ISO/IEC 7816-3 8.2.1 */
/* Largest command APDU: extended case 4 (4 + 3 + 65535 + 2) */
#define CCID_APDU_MAX_CMD	65544
/* Largest answer: 65536 data bytes plus SW1 SW2 */
#define CCID_APDU_MAX_RESP	65538
/* Largest Escape or Secure payload accepted by the node */
#define CCID_CTRL_MAX		1024

/* struct ccid_status.state */
#define CCID_STATE_ABSENT	0	/* no card (or discovery still running) */
#define CCID_STATE_PRESENT	1	/* card present, not powered */
#define CCID_STATE_ACTIVE	2	/* card powered, ATR valid */

/* Protocol masks (struct ccid_status.protocol, ccid_reader_info.protocols) */
#define CCID_PROTO_T0		(1U << 0)
#define CCID_PROTO_T1		(1U << 1)

/* struct ccid_status.flags */
#define CCID_STATUS_TXN_MINE	(1U << 0)	/* this handle holds the transaction */
#define CCID_STATUS_TXN_OTHER	(1U << 1)	/* another handle holds it */

/**
 * struct ccid_status - slot state, filled by CCID_IOC_GET_STATUS
 * @state: CCID_STATE_*
 * @protocol: active protocol (CCID_PROTO_T0 or CCID_PROTO_T1), 0 if none
 * @flags: CCID_STATUS_*
 * @atr_len: valid bytes in @atr (0 unless @state is CCID_STATE_ACTIVE)
 * @card_events: count of card events (insertion, removal, reset) on the
 *	slot since the reader appeared; reading the status acknowledges them
 *	for poll() on this handle
 * @atr: the answer to reset
 * @reserved: zero
 */
struct ccid_status {
	__u32 state;
	__u32 protocol;
	__u32 flags;
	__u32 atr_len;
	__u64 card_events;
	__u8 atr[CCID_ATR_MAX];
	__u8 reserved[7];
};

/* struct ccid_reader_info.exchange_level */
#define CCID_LEVEL_CHARACTER	0
#define CCID_LEVEL_TPDU		1
#define CCID_LEVEL_SHORT_APDU	2
#define CCID_LEVEL_EXT_APDU	3

/* struct ccid_reader_info.pin_support (bPINSupport) */
#define CCID_PIN_VERIFY		(1U << 0)
#define CCID_PIN_MODIFY		(1U << 1)

/**
 * struct ccid_reader_info - reader capabilities, filled by CCID_IOC_GET_INFO
 * @vendor: USB idVendor
 * @product: USB idProduct
 * @features: dwFeatures of the CCID class descriptor
 * @protocols: CCID_PROTO_* the reader offers
 * @max_message: effective dwMaxCCIDMessageLength (capped, see the docs)
 * @max_ifsd: dwMaxIFSD
 * @default_clock: dwDefaultClock, kHz
 * @max_clock: dwMaximumClock, kHz
 * @data_rate: dwDataRate, bps
 * @max_data_rate: dwMaxDataRate, bps
 * @lcd_layout: wLcdLayout
 * @exchange_level: CCID_LEVEL_*
 * @pin_support: CCID_PIN_* (after quirks)
 * @slot: this node's slot number
 * @nslots: slots of the reader (bMaxSlotIndex + 1)
 * @busy_slots: effective bMaxCCIDBusySlots (0 counts as 1)
 * @voltage_support: bVoltageSupport
 * @has_interrupt: the reader has an interrupt-IN endpoint
 * @reserved: zero
 */
struct ccid_reader_info {
	__u16 vendor;
	__u16 product;
	__u32 features;
	__u32 protocols;
	__u32 max_message;
	__u32 max_ifsd;
	__u32 default_clock;
	__u32 max_clock;
	__u32 data_rate;
	__u32 max_data_rate;
	__u16 lcd_layout;
	__u8 exchange_level;
	__u8 pin_support;
	__u8 slot;
	__u8 nslots;
	__u8 busy_slots;
	__u8 voltage_support;
	__u8 has_interrupt;
	__u8 reserved[15];
};

/* struct ccid_xfer.flags */
#define CCID_XFER_RAW		(1U << 0)	/* T=0: bytes as written, one TPDU */

/**
 * struct ccid_xfer - one APDU exchange (CCID_IOC_TRANSMIT)
 * @tx: user pointer to the command APDU
 * @rx: user pointer to the answer buffer
 * @tx_len: command length, 4 .. CCID_APDU_MAX_CMD
 * @rx_len: in: size of @rx; out: length of the answer
 * @flags: CCID_XFER_*
 * @reserved: zero
 *
 * Without CCID_XFER_RAW the answer is the final one: for T=0 the driver
 * maps the APDU's case onto TPDUs, issues GET RESPONSE after 61xx and
 * re-issues the command after 6Cxx. With it, for T=0 at TPDU level the
 * command goes to the card unchanged as one TPDU (no case mapping: a case-4
 * command keeps its Le) and the card's answer is returned as it gave it,
 * which is what libccid does. Other protocols and levels ignore the flag.
 */
struct ccid_xfer {
	__u64 tx;
	__u64 rx;
	__u32 tx_len;
	__u32 rx_len;
	__u32 flags;
	__u32 reserved;
};

/**
 * struct ccid_ctrl - Secure (PIN pad) or Escape exchange
 * @tx: user pointer to the payload: for CCID_IOC_SECURE, bPINOperation
 *	followed by the PIN verification or modification data structure of
 *	CCID 6.1.11; for CCID_IOC_ESCAPE, the vendor command
 * @rx: user pointer to the answer buffer
 * @tx_len: payload length, 1 .. CCID_CTRL_MAX
 * @rx_len: in: size of @rx; out: length of the answer
 * @reserved: zero
 */
struct ccid_ctrl {
	__u64 tx;
	__u64 rx;
	__u32 tx_len;
	__u32 rx_len;
	__u32 reserved[2];
};

/* CCID_IOC_RESET argument */
#define CCID_RESET_COLD		0
#define CCID_RESET_WARM		1

/* CCID_IOC_TXN_END argument: what happens to the card */
#define CCID_TXN_LEAVE		0
#define CCID_TXN_RESET		1

#define CCID_IOC_GET_STATUS	_IOR(CCID_IOC_MAGIC, 0x00, struct ccid_status)
#define CCID_IOC_GET_INFO	_IOR(CCID_IOC_MAGIC, 0x01, struct ccid_reader_info)
#define CCID_IOC_TRANSMIT	_IOWR(CCID_IOC_MAGIC, 0x02, struct ccid_xfer)
#define CCID_IOC_RESET		_IO(CCID_IOC_MAGIC, 0x03)
#define CCID_IOC_POWER_OFF	_IO(CCID_IOC_MAGIC, 0x04)
#define CCID_IOC_TXN_BEGIN	_IO(CCID_IOC_MAGIC, 0x05)
#define CCID_IOC_TXN_END	_IO(CCID_IOC_MAGIC, 0x06)
/* argument: pointer to __u32 CCID_PROTO_* mask in, chosen protocol out */
#define CCID_IOC_SET_PROTOCOL	_IOWR(CCID_IOC_MAGIC, 0x07, __u32)
#define CCID_IOC_SECURE		_IOWR(CCID_IOC_MAGIC, 0x08, struct ccid_ctrl)
#define CCID_IOC_ESCAPE		_IOWR(CCID_IOC_MAGIC, 0x09, struct ccid_ctrl)

/* Idle time after which a held transaction resets the card (Windows 8 rule) */
#define CCID_TXN_IDLE_MS	5000

/* ---------------------------------------------------------------------- */
/* scfilter generic netlink family (scfilter.ko)                           */
/* Documentation/netlink/specs/scfilter.yaml is the reference.             */
/* ---------------------------------------------------------------------- */

#define SCF_GENL_NAME		"scfilter"
#define SCF_GENL_VERSION	1
#define SCF_GENL_MCGRP_MONITOR	"monitor"

/* String limits, terminating NUL included */
#define SCF_MINIDRIVER_NAME_MAX		64
#define SCF_MINIDRIVER_VERSION_MAX	32

/**
 * enum scf_card_state - SCF_A_CARD_STATE, sysfs "state"
 * @SCF_CARD_STATE_DISCOVERING: discovery APDUs are being exchanged
 * @SCF_CARD_STATE_READY: discovery found a device ID
 * @SCF_CARD_STATE_UNKNOWN: discovery failed (mute card, errors, no ID)
 * @SCF_CARD_STATE_PNP_DISABLED: discovery is off (scfilter.pnp=0): ATR only
 */
enum scf_card_state {
	SCF_CARD_STATE_DISCOVERING,
	SCF_CARD_STATE_READY,
	SCF_CARD_STATE_UNKNOWN,
	SCF_CARD_STATE_PNP_DISABLED,
};

/**
 * enum scf_id_source - SCF_A_CARD_SOURCE: the discovery step that named
 *	the card
 * @SCF_SOURCE_NONE: no step did
 * @SCF_SOURCE_CARDID: GET DATA 7F68 after SELECT of the PnP AID
 * @SCF_SOURCE_EF_ATR: EF.ATR (2F01) under the MF
 * @SCF_SOURCE_PIV: the PIV application answered SELECT
 * @SCF_SOURCE_GIDS: the GIDS application answered SELECT
 * @SCF_SOURCE_HIST: the historical bytes of the ATR
 */
enum scf_id_source {
	SCF_SOURCE_NONE,
	SCF_SOURCE_CARDID,
	SCF_SOURCE_EF_ATR,
	SCF_SOURCE_PIV,
	SCF_SOURCE_GIDS,
	SCF_SOURCE_HIST,
};

/*
 * Commands. *_GET answer a request (do: one object; dump: all of them);
 * BIND_DRIVER and SET_POLICY need CAP_NET_ADMIN. The *_ADD, *_DEL,
 * CARD_INSERT, CARD_REMOVE and DRIVER_BOUND commands are notifications of
 * the "monitor" group, each carrying SCF_A_SEQ.
 */
enum scf_cmd {
	SCF_CMD_UNSPEC,
	SCF_CMD_READER_GET,
	SCF_CMD_SLOT_GET,
	SCF_CMD_CARD_GET,
	SCF_CMD_BIND_DRIVER,
	SCF_CMD_SET_POLICY,
	SCF_CMD_GET_POLICY,
	SCF_CMD_READER_ADD,
	SCF_CMD_READER_DEL,
	SCF_CMD_CARD_INSERT,
	SCF_CMD_CARD_REMOVE,
	SCF_CMD_DRIVER_BOUND,

	__SCF_CMD_MAX,
	SCF_CMD_MAX = __SCF_CMD_MAX - 1
};

/* Top-level attributes */
enum scf_attr {
	SCF_A_UNSPEC,
	SCF_A_PAD,
	SCF_A_SEQ,		/* u64: event sequence number (notifications) */
	SCF_A_READER,		/* nest: SCF_A_READER_* */
	SCF_A_SLOT,		/* nest: SCF_A_SLOT_* */
	SCF_A_CARD,		/* nest: SCF_A_CARD_* */
	SCF_A_POLICY,		/* nest: SCF_A_POLICY_* */

	__SCF_A_MAX,
	SCF_A_MAX = __SCF_A_MAX - 1
};

/* Nested in SCF_A_READER */
enum scf_reader_attr {
	SCF_A_READER_UNSPEC,
	SCF_A_READER_INDEX,	/* u32: R of /dev/ccid<R>s<S> */
	SCF_A_READER_VENDOR,	/* u16: USB idVendor */
	SCF_A_READER_PRODUCT,	/* u16: USB idProduct */
	SCF_A_READER_SLOTS,	/* u32: slots of the reader */
	SCF_A_READER_SERIAL,	/* string: USB serial ("" when none) */
	SCF_A_READER_NAME,	/* string: USB product string */

	__SCF_A_READER_MAX,
	SCF_A_READER_MAX = __SCF_A_READER_MAX - 1
};

/* Nested in SCF_A_SLOT */
enum scf_slot_attr {
	SCF_A_SLOT_UNSPEC,
	SCF_A_SLOT_READER,	/* u32: R */
	SCF_A_SLOT_INDEX,	/* u32: S */
	SCF_A_SLOT_NODE,	/* string: "ccid<R>s<S>" */
	SCF_A_SLOT_CARD_PRESENT,	/* u8: 1 when a card device exists */

	__SCF_A_SLOT_MAX,
	SCF_A_SLOT_MAX = __SCF_A_SLOT_MAX - 1
};

/* Nested in SCF_A_CARD */
enum scf_card_attr {
	SCF_A_CARD_UNSPEC,
	SCF_A_CARD_READER,	/* u32: R */
	SCF_A_CARD_SLOT,	/* u32: S */
	SCF_A_CARD_NAME,	/* string: "card<R>s<S>" */
	SCF_A_CARD_STATE,	/* u32: enum scf_card_state */
	SCF_A_CARD_SOURCE,	/* u32: enum scf_id_source */
	SCF_A_CARD_ATR,		/* binary: the answer to reset */
	SCF_A_CARD_PNP_ID,	/* string: "SCFILTER\CID_..." (absent: none) */
	SCF_A_CARD_COMPAT_IDS,	/* string: space-separated (absent: none) */
	SCF_A_CARD_MODALIAS,	/* string: "smartcard:cid..." (absent: none) */
	SCF_A_CARD_MINIDRIVER_NAME,	/* string, no white space */
	SCF_A_CARD_MINIDRIVER_VERSION,	/* string, no white space */

	__SCF_A_CARD_MAX,
	SCF_A_CARD_MAX = __SCF_A_CARD_MAX - 1
};

/* Nested in SCF_A_POLICY */
enum scf_policy_attr {
	SCF_A_POLICY_UNSPEC,
	SCF_A_POLICY_PNP,	/* u8: 0 no discovery APDUs, 1 discovery on */

	__SCF_A_POLICY_MAX,
	SCF_A_POLICY_MAX = __SCF_A_POLICY_MAX - 1
};

#endif /* _UAPI_LINUX_SCPNP_H */
