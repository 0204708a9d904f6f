// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * CCID class descriptor (CCID 1.1 section 5.1): lookup, decoding and the
 * decision whether the driver can serve the reader.
 */

#include "ccid_desc.h"

/* Byte offsets in the class descriptor (CCID 1.1 Table 5.1-1) */
#define CCID_OFF_LENGTH		0
#define CCID_OFF_TYPE		1
#define CCID_OFF_BCD		2
#define CCID_OFF_MAX_SLOT	4
#define CCID_OFF_VOLTAGE	5
#define CCID_OFF_PROTOCOLS	6
#define CCID_OFF_DEF_CLOCK	10
#define CCID_OFF_MAX_CLOCK	14
#define CCID_OFF_NUM_CLOCKS	18
#define CCID_OFF_DATA_RATE	19
#define CCID_OFF_MAX_RATE	23
#define CCID_OFF_NUM_RATES	27
#define CCID_OFF_MAX_IFSD	28
#define CCID_OFF_SYNCH		32
#define CCID_OFF_MECHANICAL	36
#define CCID_OFF_FEATURES	40
#define CCID_OFF_MAX_MSG	44
#define CCID_OFF_GET_RESPONSE	48
#define CCID_OFF_ENVELOPE	49
#define CCID_OFF_LCD_LAYOUT	50
#define CCID_OFF_PIN_SUPPORT	52
#define CCID_OFF_BUSY_SLOTS	53

#define USB_DESC_HDR_LEN	2	/* bLength bDescriptorType */

const u8 *ccid_desc_find(const u8 *buf, size_t len, size_t *out_len)
{
	size_t pos = 0;

	while (len - pos >= USB_DESC_HDR_LEN) {
		size_t blen = buf[pos + CCID_OFF_LENGTH];

		if (blen < USB_DESC_HDR_LEN || blen > len - pos)
			break;
		if (buf[pos + CCID_OFF_TYPE] == CCID_DESC_TYPE) {
			*out_len = blen;
			return buf + pos;
		}
		pos += blen;
	}
	return NULL;
}

int ccid_desc_parse(const u8 *buf, size_t len, struct ccid_desc *d)
{
	memset(d, 0, sizeof(*d));
	if (len < USB_DESC_HDR_LEN)
		return -EPROTO;
	if (buf[CCID_OFF_TYPE] != CCID_DESC_TYPE ||
	    buf[CCID_OFF_LENGTH] != CCID_DESC_LEN)
		return -EINVAL;
	if (len < CCID_DESC_LEN)
		return -EPROTO;

	d->bcd_ccid = get_unaligned_le16(buf + CCID_OFF_BCD);
	d->max_slot_index = buf[CCID_OFF_MAX_SLOT];
	d->voltage_support = buf[CCID_OFF_VOLTAGE];
	d->protocols = get_unaligned_le32(buf + CCID_OFF_PROTOCOLS);
	d->default_clock = get_unaligned_le32(buf + CCID_OFF_DEF_CLOCK);
	d->max_clock = get_unaligned_le32(buf + CCID_OFF_MAX_CLOCK);
	d->num_clocks = buf[CCID_OFF_NUM_CLOCKS];
	d->data_rate = get_unaligned_le32(buf + CCID_OFF_DATA_RATE);
	d->max_data_rate = get_unaligned_le32(buf + CCID_OFF_MAX_RATE);
	d->num_data_rates = buf[CCID_OFF_NUM_RATES];
	d->max_ifsd = get_unaligned_le32(buf + CCID_OFF_MAX_IFSD);
	d->synch_protocols = get_unaligned_le32(buf + CCID_OFF_SYNCH);
	d->mechanical = get_unaligned_le32(buf + CCID_OFF_MECHANICAL);
	d->features = get_unaligned_le32(buf + CCID_OFF_FEATURES);
	d->max_message = get_unaligned_le32(buf + CCID_OFF_MAX_MSG);
	d->class_get_response = buf[CCID_OFF_GET_RESPONSE];
	d->class_envelope = buf[CCID_OFF_ENVELOPE];
	d->lcd_layout = get_unaligned_le16(buf + CCID_OFF_LCD_LAYOUT);
	d->pin_support = buf[CCID_OFF_PIN_SUPPORT];
	d->max_busy_slots = buf[CCID_OFF_BUSY_SLOTS];
	return 0;
}

enum ccid_level ccid_desc_level(const struct ccid_desc *d)
{
	switch (d->features & CCID_FEAT_LEVEL_MASK) {
	case CCID_FEAT_LEVEL_CHAR:
		return CCID_DESC_LEVEL_CHARACTER;
	case CCID_FEAT_LEVEL_TPDU:
		return CCID_DESC_LEVEL_TPDU;
	case CCID_FEAT_LEVEL_SHORT_APDU:
		return CCID_DESC_LEVEL_SHORT_APDU;
	case CCID_FEAT_LEVEL_EXT_APDU:
		return CCID_DESC_LEVEL_EXT_APDU;
	default:
		return CCID_DESC_LEVEL_INVALID;
	}
}

int ccid_desc_check_intf(u8 intf_class, u8 intf_protocol, const char **reason)
{
	if (intf_class != CCID_CLASS && intf_class != CCID_VENDOR_CLASS) {
		*reason = "not a smart card interface";
		return -EOPNOTSUPP;
	}
	if (intf_protocol == CCID_PROTOCOL_ICCD_A ||
	    intf_protocol == CCID_PROTOCOL_ICCD_B) {
		*reason = "ICCD (USB-ICC) token, not supported";
		return -EOPNOTSUPP;
	}
	if (intf_protocol != CCID_PROTOCOL_BULK) {
		*reason = "unknown bInterfaceProtocol";
		return -EOPNOTSUPP;
	}
	return 0;
}

int ccid_desc_check(const struct ccid_desc *d, const char **reason)
{
	switch (ccid_desc_level(d)) {
	case CCID_DESC_LEVEL_CHARACTER:
		*reason = "character-level reader, not supported";
		return -EOPNOTSUPP;
	case CCID_DESC_LEVEL_INVALID:
		*reason = "several exchange levels claimed in dwFeatures";
		return -EOPNOTSUPP;
	default:
		break;
	}
	if (!(d->protocols & (CCID_DESC_PROTO_T0 | CCID_DESC_PROTO_T1))) {
		*reason = "reader offers neither T=0 nor T=1";
		return -EOPNOTSUPP;
	}
	if (d->max_slot_index >= CCID_MAX_SLOTS) {
		*reason = "too many slots";
		return -EOPNOTSUPP;
	}
	if (d->max_message < CCID_MIN_USABLE_MESSAGE) {
		*reason = "dwMaxCCIDMessageLength too small for any command";
		return -EOPNOTSUPP;
	}
	return 0;
}

unsigned int ccid_desc_busy_slots(const struct ccid_desc *d)
{
	unsigned int slots = (unsigned int)d->max_slot_index + 1;

	if (!d->max_busy_slots)
		return 1;
	if (d->max_busy_slots > slots)
		return slots;
	return d->max_busy_slots;
}

u32 ccid_desc_max_message(const struct ccid_desc *d, u32 cap)
{
	return d->max_message < cap ? d->max_message : cap;
}
