// SPDX-License-Identifier: GPL-2.0
/*
 * scpnp pcscd IFD handler: PC/SC part 10 features.
 *
 * FEATURE_VERIFY_PIN_DIRECT / FEATURE_MODIFY_PIN_DIRECT carry a
 * PIN_VERIFY_STRUCTURE / PIN_MODIFY_STRUCTURE; the slot node's
 * CCID_IOC_SECURE takes bPINOperation followed by the CCID 6.1.11 PIN
 * verification / modification data structure. The CCID structures are the
 * PC/SC ones without bTimerOut2 and ulDataLength, and (modification) with
 * bMsgIndex2 / bMsgIndex3 only when bNumberMessage asks for them: the
 * layout libccid sends, which the readers in the field were tested with.
 */
#include <errno.h>
#include <string.h>

#include "ifd_part10.h"

/* Offsets in PIN_VERIFY_STRUCTURE */
#define PV_TIMEOUT2		1
#define PV_VALIDATION		7
#define PV_DATA_LENGTH		15

/* Offsets in PIN_MODIFY_STRUCTURE */
#define PM_TIMEOUT2		1
#define PM_VALIDATION		10
#define PM_NUMBER_MESSAGE	11
#define PM_MSG_INDEX2		15
#define PM_MSG_INDEX3		16
#define PM_DATA_LENGTH		20

/* bNumberMessage: 0..3 messages, or the reader's default message */
#define PM_MESSAGES_MAX		3
#define PM_MESSAGE_DEFAULT	0xff

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le16(uint8_t *p, unsigned int v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, v & 0xffff);
	put_le16(p + 2, v >> 16);
}

/* A validation condition outside 1..7 crashes some readers (libccid) */
static uint8_t fix_validation(uint8_t v)
{
	return (v == 0 || v > IFD_VALIDATION_ALL) ? IFD_VALIDATION_KEY : v;
}

/**
 * ifd_pin_verify_to_ccid() - PIN_VERIFY_STRUCTURE to a CCID Secure payload
 * @in: the PC/SC part 10 structure (SCardControl input)
 * @in_len: its length
 * @out: output buffer: bPINOperation + PIN verification data structure
 * @out_size: size of @out
 * @out_len: out, length written
 *
 * Return: 0; -EINVAL when @in is shorter than a structure with a 4-byte
 * APDU or its ulDataLength disagrees with @in_len; -EOVERFLOW when @out is
 * too small.
 */
int ifd_pin_verify_to_ccid(const uint8_t *in, size_t in_len,
			   uint8_t *out, size_t out_size, size_t *out_len)
{
	size_t i, n = 0;

	if (in_len < IFD_PIN_VERIFY_HDR + IFD_APDU_HDR ||
	    get_le32(in + PV_DATA_LENGTH) != in_len - IFD_PIN_VERIFY_HDR)
		return -EINVAL;
	/* drops bTimerOut2 and ulDataLength, adds bPINOperation */
	if (out_size < in_len - 4)
		return -EOVERFLOW;

	out[n++] = IFD_CCID_PIN_VERIFY;
	for (i = 0; i < in_len; i++) {
		if (i == PV_TIMEOUT2 ||
		    (i >= PV_DATA_LENGTH && i < IFD_PIN_VERIFY_HDR))
			continue;
		out[n++] = i == PV_VALIDATION ? fix_validation(in[i]) : in[i];
	}
	*out_len = n;
	return 0;
}

/**
 * ifd_pin_modify_to_ccid() - PIN_MODIFY_STRUCTURE to a CCID Secure payload
 * @in: the PC/SC part 10 structure (SCardControl input)
 * @in_len: its length
 * @out: output buffer: bPINOperation + PIN modification data structure
 * @out_size: size of @out
 * @out_len: out, length written
 *
 * Return: 0; -EINVAL for a short or inconsistent structure or a
 * bNumberMessage other than 0..3 or 0xFF; -EOVERFLOW when @out is too
 * small.
 */
int ifd_pin_modify_to_ccid(const uint8_t *in, size_t in_len,
			   uint8_t *out, size_t out_size, size_t *out_len)
{
	size_t i, n = 0;
	uint8_t messages;

	if (in_len < IFD_PIN_MODIFY_HDR + IFD_APDU_HDR ||
	    get_le32(in + PM_DATA_LENGTH) != in_len - IFD_PIN_MODIFY_HDR)
		return -EINVAL;
	messages = in[PM_NUMBER_MESSAGE];
	if (messages > PM_MESSAGES_MAX && messages != PM_MESSAGE_DEFAULT)
		return -EINVAL;
	if (out_size < in_len - 4)
		return -EOVERFLOW;

	out[n++] = IFD_CCID_PIN_MODIFY;
	for (i = 0; i < in_len; i++) {
		if (i == PM_TIMEOUT2 ||
		    (i >= PM_DATA_LENGTH && i < IFD_PIN_MODIFY_HDR))
			continue;
		/* bMsgIndex2 only with a message, bMsgIndex3 with three */
		if (i == PM_MSG_INDEX2 && messages == 0)
			continue;
		if (i == PM_MSG_INDEX3 && messages < PM_MESSAGES_MAX)
			continue;
		out[n++] = i == PM_VALIDATION ? fix_validation(in[i]) : in[i];
	}
	*out_len = n;
	return 0;
}

/* Output buffer filled field by field; the first overflow sticks */
struct tlv_buf {
	uint8_t *out;
	size_t size;
	size_t len;
	int err;
};

static uint8_t *tlv_reserve(struct tlv_buf *b, size_t n)
{
	uint8_t *p;

	if (b->err || b->len + n > b->size) {
		b->err = -EOVERFLOW;
		return NULL;
	}
	p = b->out + b->len;
	b->len += n;
	return p;
}

static int tlv_done(struct tlv_buf *b, size_t *len)
{
	*len = b->err ? 0 : b->len;
	return b->err;
}

/* One PCSC_TLV_STRUCTURE: tag, length 4, control code big-endian */
#define FEATURE_TLV_SIZE	6

static void add_feature(struct tlv_buf *b, uint8_t feature, uint32_t code)
{
	uint8_t *p = tlv_reserve(b, FEATURE_TLV_SIZE);

	if (!p)
		return;
	p[0] = feature;
	p[1] = sizeof(code);
	p[2] = code >> 24;
	p[3] = (code >> 16) & 0xff;
	p[4] = (code >> 8) & 0xff;
	p[5] = code & 0xff;
}

/**
 * ifd_feature_list() - answer to CM_IOCTL_GET_FEATURE_REQUEST
 * @info: the reader (pin_support)
 * @out: output buffer
 * @size: size of @out
 * @len: out, length written
 *
 * The PIN features only for a reader with a PIN pad; GET_TLV_PROPERTIES
 * always. Escape (FEATURE_CCID_ESC_COMMAND) is not announced: the kernel
 * decides per reader whether it is allowed, and libccid does not announce
 * it by default either.
 *
 * Return: 0, or -EOVERFLOW when @out is too small.
 */
int ifd_feature_list(const struct ccid_reader_info *info,
		     uint8_t *out, size_t size, size_t *len)
{
	struct tlv_buf b = { .out = out, .size = size };

	if (info->pin_support & CCID_PIN_VERIFY)
		add_feature(&b, FEATURE_VERIFY_PIN_DIRECT,
			    IFD_IOCTL_VERIFY_PIN_DIRECT);
	if (info->pin_support & CCID_PIN_MODIFY)
		add_feature(&b, FEATURE_MODIFY_PIN_DIRECT,
			    IFD_IOCTL_MODIFY_PIN_DIRECT);
	if (info->pin_support)
		add_feature(&b, FEATURE_IFD_PIN_PROPERTIES,
			    IFD_IOCTL_IFD_PIN_PROPERTIES);
	add_feature(&b, FEATURE_GET_TLV_PROPERTIES,
		    IFD_IOCTL_GET_TLV_PROPERTIES);
	return tlv_done(&b, len);
}

/* PIN_PROPERTIES_STRUCTURE: wLcdLayout, bEntryValidationCondition, bTimeOut2 */
#define PIN_PROPERTIES_SIZE	4

/**
 * ifd_pin_properties() - answer to FEATURE_IFD_PIN_PROPERTIES
 * @info: the reader
 * @out: output buffer (PIN_PROPERTIES_STRUCTURE, little-endian)
 * @size: size of @out
 * @len: out, length written
 *
 * Return: 0; -EOPNOTSUPP for a reader without PIN pad; -EOVERFLOW.
 */
int ifd_pin_properties(const struct ccid_reader_info *info,
		       uint8_t *out, size_t size, size_t *len)
{
	*len = 0;
	if (!info->pin_support)
		return -EOPNOTSUPP;
	if (size < PIN_PROPERTIES_SIZE)
		return -EOVERFLOW;
	put_le16(out, info->lcd_layout);
	out[2] = IFD_VALIDATION_ALL;
	out[3] = 0;	/* bTimeOut2 is not distinguished from bTimeOut */
	*len = PIN_PROPERTIES_SIZE;
	return 0;
}

/* One property: tag, length, little-endian value of 1, 2 or 4 bytes */
static void add_prop(struct tlv_buf *b, uint8_t tag, uint8_t vlen,
		     uint32_t value)
{
	uint8_t *p = tlv_reserve(b, 2 + vlen);

	if (!p)
		return;
	p[0] = tag;
	p[1] = vlen;
	if (vlen == 1)
		p[2] = value;
	else if (vlen == 2)
		put_le16(p + 2, value);
	else
		put_le32(p + 2, value);
}

/* Largest APDU data field at TPDU and extended APDU level */
#define IFD_MAX_APDU_DATA_EXTENDED	0x10000

/**
 * ifd_tlv_properties() - answer to FEATURE_GET_TLV_PROPERTIES
 * @info: the reader
 * @out: output buffer (tag, length, little-endian value)*
 * @size: size of @out
 * @len: out, length written
 *
 * wLcdLayout (and the LCD size when there is a display), bTimeOut2,
 * bEntryValidationCondition for a PIN pad, bPPDUSupport (none), wIdVendor,
 * wIdProduct and dwMaxAPDUDataSize (64 KiB at TPDU and extended APDU level,
 * 0 meaning short APDUs only).
 *
 * Return: 0, or -EOVERFLOW.
 */
int ifd_tlv_properties(const struct ccid_reader_info *info,
		       uint8_t *out, size_t size, size_t *len)
{
	struct tlv_buf b = { .out = out, .size = size };
	uint32_t max_apdu = 0;

	add_prop(&b, PCSCv2_PART10_PROPERTY_wLcdLayout, 2, info->lcd_layout);
	if (info->lcd_layout) {
		add_prop(&b, PCSCv2_PART10_PROPERTY_wLcdMaxCharacters, 2,
			 info->lcd_layout & 0xff);
		add_prop(&b, PCSCv2_PART10_PROPERTY_wLcdMaxLines, 2,
			 info->lcd_layout >> 8);
	}
	add_prop(&b, PCSCv2_PART10_PROPERTY_bTimeOut2, 1, 0);
	if (info->pin_support)
		add_prop(&b, PCSCv2_PART10_PROPERTY_bEntryValidationCondition,
			 1, IFD_VALIDATION_ALL);
	add_prop(&b, PCSCv2_PART10_PROPERTY_bPPDUSupport, 1, 0);
	add_prop(&b, PCSCv2_PART10_PROPERTY_wIdVendor, 2, info->vendor);
	add_prop(&b, PCSCv2_PART10_PROPERTY_wIdProduct, 2, info->product);
	if (info->exchange_level == CCID_LEVEL_TPDU ||
	    info->exchange_level == CCID_LEVEL_EXT_APDU)
		max_apdu = IFD_MAX_APDU_DATA_EXTENDED;
	add_prop(&b, PCSCv2_PART10_PROPERTY_dwMaxAPDUDataSize, 4, max_apdu);
	return tlv_done(&b, len);
}
