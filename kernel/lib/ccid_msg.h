/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * CCID bulk and interrupt message framing (CCID 1.1 sections 6.1-6.3).
 */
#ifndef SCPNP_LIB_CCID_MSG_H
#define SCPNP_LIB_CCID_MSG_H

#include "env.h"

#define CCID_HDR_LEN		10

/* PC_to_RDR */
#define PC_TO_RDR_SET_PARAMETERS	0x61
#define PC_TO_RDR_ICC_POWER_ON		0x62
#define PC_TO_RDR_ICC_POWER_OFF		0x63
#define PC_TO_RDR_GET_SLOT_STATUS	0x65
#define PC_TO_RDR_SECURE		0x69
#define PC_TO_RDR_T0_APDU		0x6A
#define PC_TO_RDR_ESCAPE		0x6B
#define PC_TO_RDR_GET_PARAMETERS	0x6C
#define PC_TO_RDR_RESET_PARAMETERS	0x6D
#define PC_TO_RDR_ICC_CLOCK		0x6E
#define PC_TO_RDR_XFR_BLOCK		0x6F
#define PC_TO_RDR_MECHANICAL		0x71
#define PC_TO_RDR_ABORT			0x72
#define PC_TO_RDR_SET_RATE_CLOCK	0x73

/* RDR_to_PC */
#define RDR_TO_PC_DATA_BLOCK		0x80
#define RDR_TO_PC_SLOT_STATUS		0x81
#define RDR_TO_PC_PARAMETERS		0x82
#define RDR_TO_PC_ESCAPE		0x83
#define RDR_TO_PC_RATE_CLOCK		0x84

/* Interrupt-IN */
#define RDR_TO_PC_NOTIFY_SLOT_CHANGE	0x50
#define RDR_TO_PC_HARDWARE_ERROR	0x51

/* Class-specific requests (bRequest) */
#define CCID_REQ_ABORT			0x01
#define CCID_REQ_GET_CLOCK_FREQUENCIES	0x02
#define CCID_REQ_GET_DATA_RATES		0x03

/* IccPowerOn bPowerSelect */
#define CCID_POWER_AUTO		0x00
#define CCID_POWER_5V		0x01
#define CCID_POWER_3V		0x02
#define CCID_POWER_1_8V		0x03

/* bStatus */
#define CCID_ICC_STATUS_MASK	0x03
#define CCID_ICC_ACTIVE		0x00
#define CCID_ICC_INACTIVE	0x01
#define CCID_ICC_ABSENT		0x02
#define CCID_CMD_STATUS_MASK	0xC0
#define CCID_CMD_OK		0x00
#define CCID_CMD_FAILED		0x40
#define CCID_CMD_TIME_EXT	0x80

/* bError (when CCID_CMD_FAILED) */
#define CCID_ERR_ABORTED		0xFF
#define CCID_ERR_ICC_MUTE		0xFE
#define CCID_ERR_XFR_PARITY		0xFD
#define CCID_ERR_XFR_OVERRUN		0xFC
#define CCID_ERR_HW_ERROR		0xFB
#define CCID_ERR_BAD_ATR_TS		0xF8
#define CCID_ERR_BAD_ATR_TCK		0xF7
#define CCID_ERR_PROTO_NOT_SUPPORTED	0xF6
#define CCID_ERR_CLASS_NOT_SUPPORTED	0xF5
#define CCID_ERR_PROCEDURE_CONFLICT	0xF4
#define CCID_ERR_DEACTIVATED_PROTO	0xF3
#define CCID_ERR_BUSY_AUTO_SEQ		0xF2
#define CCID_ERR_PIN_TIMEOUT		0xF0
#define CCID_ERR_PIN_CANCELLED		0xEF
#define CCID_ERR_SLOT_BUSY		0xE0
#define CCID_ERR_CMD_NOT_SUPPORTED	0x00

/* XfrBlock / DataBlock bChainParameter (wLevelParameter at APDU level) */
#define CCID_CHAIN_BEGIN_END	0x00	/* one message */
#define CCID_CHAIN_BEGIN	0x01	/* first of several */
#define CCID_CHAIN_END		0x02	/* last */
#define CCID_CHAIN_MIDDLE	0x03
#define CCID_CHAIN_CONTINUE	0x10	/* empty abData: send the next part */

/* NotifySlotChange: 2 bits per slot */
#define CCID_NOTIFY_PRESENT	0x01
#define CCID_NOTIFY_CHANGED	0x02

/**
 * struct ccid_reply - a decoded RDR_to_PC bulk message
 * @type: bMessageType
 * @length: dwLength (validated against the bytes received)
 * @slot: bSlot
 * @seq: bSeq
 * @status: bStatus
 * @error: bError
 * @param: bChainParameter / bClockStatus / bProtocolNum
 * @data: abData (points into the buffer given to ccid_reply_parse())
 */
struct ccid_reply {
	u8 type;
	u32 length;
	u8 slot;
	u8 seq;
	u8 status;
	u8 error;
	u8 param;
	const u8 *data;
};

/**
 * ccid_msg_header() - write a PC_to_RDR header
 * @buf: at least CCID_HDR_LEN bytes
 * @type: bMessageType
 * @length: dwLength (bytes of abData that follow)
 * @slot: bSlot
 * @seq: bSeq
 * @p1: first message-specific byte (offset 7)
 * @p2: second (offset 8)
 * @p3: third (offset 9)
 */
void ccid_msg_header(u8 *buf, u8 type, u32 length, u8 slot, u8 seq,
		     u8 p1, u8 p2, u8 p3);

/**
 * ccid_reply_parse() - decode and validate a RDR_to_PC message
 * @buf: bytes received
 * @len: number of bytes received
 * @r: filled on success
 *
 * Bytes after abData (padding some readers add) are ignored; @r->data
 * then has @r->length bytes.
 *
 * Return: 0; -EPROTO when shorter than a header, when dwLength exceeds the
 * bytes received after the header, or when the type is not a RDR_to_PC
 * bulk message.
 */
int ccid_reply_parse(const u8 *buf, size_t len, struct ccid_reply *r);

/**
 * ccid_reply_errno() - map a failed reply to an errno (userspace-api/ccid.rst)
 * @r: a reply whose command status is CCID_CMD_FAILED
 *
 * Return: negative errno: -ENOMEDIUM, -ETIMEDOUT, -EIO, -EPROTONOSUPPORT,
 * -EBUSY, -EINTR (aborted), -EOPNOTSUPP (command not supported), -EINVAL
 * (bad field index), or 0 when the command did not fail.
 */
int ccid_reply_errno(const struct ccid_reply *r);

/**
 * struct ccid_notify - a decoded interrupt-IN message
 * @type: RDR_TO_PC_NOTIFY_SLOT_CHANGE or RDR_TO_PC_HARDWARE_ERROR
 * @nslots: for slot change: slots described in the message
 * @present: for slot change: bit s set when slot s has a card
 * @changed: for slot change: bit s set when slot s changed
 * @slot: for hardware error: bSlot
 * @seq: for hardware error: bSeq
 * @code: for hardware error: bHardwareErrorCode
 */
struct ccid_notify {
	u8 type;
	u8 nslots;
	u32 present;
	u32 changed;
	u8 slot;
	u8 seq;
	u8 code;
};

/**
 * ccid_notify_parse() - decode an interrupt-IN message
 * @buf: bytes received
 * @len: number of bytes
 * @max_slots: slots of the reader; bits for other slots are ignored
 * @n: filled on success
 *
 * Return: 0; -EPROTO for an unknown type or a truncated message.
 */
int ccid_notify_parse(const u8 *buf, size_t len, unsigned int max_slots,
		      struct ccid_notify *n);

#endif /* SCPNP_LIB_CCID_MSG_H */
