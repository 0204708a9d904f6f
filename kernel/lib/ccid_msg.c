// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * CCID bulk and interrupt message framing (CCID 1.1 sections 6.1-6.3).
 */

#include "ccid_msg.h"

/* Header offsets, common to both directions */
#define CCID_OFF_TYPE		0
#define CCID_OFF_LENGTH		1
#define CCID_OFF_SLOT		5
#define CCID_OFF_SEQ		6
#define CCID_OFF_P1		7	/* replies: bStatus */
#define CCID_OFF_P2		8	/* replies: bError */
#define CCID_OFF_P3		9	/* replies: bChainParameter etc. */

/* Highest bError that is the index of a bad field in the command */
#define CCID_ERR_FIELD_INDEX_MAX	0x7F

/* Interrupt-IN */
#define CCID_NOTIFY_BITS_PER_SLOT	2
#define CCID_NOTIFY_SLOTS_PER_BYTE	4
#define CCID_NOTIFY_MAX_SLOTS		32	/* struct ccid_notify bitmaps */
#define CCID_HW_ERROR_LEN		4	/* type, bSlot, bSeq, code */

void ccid_msg_header(u8 *buf, u8 type, u32 length, u8 slot, u8 seq,
		     u8 p1, u8 p2, u8 p3)
{
	buf[CCID_OFF_TYPE] = type;
	put_unaligned_le32(length, buf + CCID_OFF_LENGTH);
	buf[CCID_OFF_SLOT] = slot;
	buf[CCID_OFF_SEQ] = seq;
	buf[CCID_OFF_P1] = p1;
	buf[CCID_OFF_P2] = p2;
	buf[CCID_OFF_P3] = p3;
}

static bool ccid_is_reply_type(u8 type)
{
	switch (type) {
	case RDR_TO_PC_DATA_BLOCK:
	case RDR_TO_PC_SLOT_STATUS:
	case RDR_TO_PC_PARAMETERS:
	case RDR_TO_PC_ESCAPE:
	case RDR_TO_PC_RATE_CLOCK:
		return true;
	default:
		return false;
	}
}

int ccid_reply_parse(const u8 *buf, size_t len, struct ccid_reply *r)
{
	memset(r, 0, sizeof(*r));
	if (len < CCID_HDR_LEN)
		return -EPROTO;
	if (!ccid_is_reply_type(buf[CCID_OFF_TYPE]))
		return -EPROTO;
	r->type = buf[CCID_OFF_TYPE];
	r->length = get_unaligned_le32(buf + CCID_OFF_LENGTH);
	/*
	 * dwLength must be covered by what arrived. Trailing bytes after
	 * abData (padding some readers add) are ignored.
	 */
	if (r->length > len - CCID_HDR_LEN)
		return -EPROTO;
	r->slot = buf[CCID_OFF_SLOT];
	r->seq = buf[CCID_OFF_SEQ];
	r->status = buf[CCID_OFF_P1];
	r->error = buf[CCID_OFF_P2];
	r->param = buf[CCID_OFF_P3];
	r->data = buf + CCID_HDR_LEN;
	return 0;
}

int ccid_reply_errno(const struct ccid_reply *r)
{
	switch (r->status & CCID_CMD_STATUS_MASK) {
	case CCID_CMD_OK:
	case CCID_CMD_TIME_EXT:
		return 0;
	case CCID_CMD_FAILED:
		break;
	default:
		return -EPROTO;
	}

	if ((r->status & CCID_ICC_STATUS_MASK) == CCID_ICC_ABSENT)
		return -ENOMEDIUM;

	switch (r->error) {
	case CCID_ERR_ICC_MUTE:
		return -ETIMEDOUT;
	case CCID_ERR_ABORTED:
		return -EINTR;
	case CCID_ERR_PROTO_NOT_SUPPORTED:
	case CCID_ERR_DEACTIVATED_PROTO:
		return -EPROTONOSUPPORT;
	case CCID_ERR_SLOT_BUSY:
	case CCID_ERR_BUSY_AUTO_SEQ:
		return -EBUSY;
	case CCID_ERR_CMD_NOT_SUPPORTED:
		return -EOPNOTSUPP;
	case CCID_ERR_XFR_PARITY:
	case CCID_ERR_XFR_OVERRUN:
	case CCID_ERR_HW_ERROR:
		return -EIO;
	default:
		if (r->error <= CCID_ERR_FIELD_INDEX_MAX)
			return -EINVAL;
		return -EIO;
	}
}

int ccid_notify_parse(const u8 *buf, size_t len, unsigned int max_slots,
		      struct ccid_notify *n)
{
	unsigned int s;

	memset(n, 0, sizeof(*n));
	if (!len)
		return -EPROTO;
	n->type = buf[0];
	switch (n->type) {
	case RDR_TO_PC_NOTIFY_SLOT_CHANGE:
		if (len < 2)
			return -EPROTO;
		if (max_slots > CCID_NOTIFY_MAX_SLOTS)
			max_slots = CCID_NOTIFY_MAX_SLOTS;
		for (s = 0; s < max_slots; s++) {
			size_t byte = 1 + s / CCID_NOTIFY_SLOTS_PER_BYTE;
			unsigned int shift = (s % CCID_NOTIFY_SLOTS_PER_BYTE) *
					     CCID_NOTIFY_BITS_PER_SLOT;
			u8 bits;

			if (byte >= len)
				break;
			bits = buf[byte] >> shift;
			if (bits & CCID_NOTIFY_PRESENT)
				n->present |= 1U << s;
			if (bits & CCID_NOTIFY_CHANGED)
				n->changed |= 1U << s;
		}
		n->nslots = (u8)s;
		return 0;
	case RDR_TO_PC_HARDWARE_ERROR:
		if (len < CCID_HW_ERROR_LEN)
			return -EPROTO;
		n->slot = buf[1];
		n->seq = buf[2];
		n->code = buf[3];
		return 0;
	default:
		return -EPROTO;
	}
}
