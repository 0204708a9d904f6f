// SPDX-License-Identifier: GPL-2.0
/* BER-TLV decoding and encoding with explicit bounds. */
#include "tlv.h"

#include <string.h>

#define TLV_TAG_MORE		0x1F	/* low 5 bits: subsequent bytes follow */
#define TLV_TAG_CONT		0x80	/* subsequent byte: another follows */
#define TLV_CONSTRUCTED		0x20
#define TLV_LEN_LONG		0x80
#define TLV_LEN_MAX_BYTES	3

long tlv_parse(const uint8_t *buf, size_t len, struct tlv *t)
{
	size_t pos = 0, n, i;
	uint32_t tag;

	if (!len || buf[0] == 0x00 || buf[0] == 0xFF)
		return -1;
	tag = buf[pos++];
	t->constructed = !!(tag & TLV_CONSTRUCTED);
	if ((tag & TLV_TAG_MORE) == TLV_TAG_MORE) {
		do {
			if (pos >= len || pos >= TLV_TAG_MAX_BYTES)
				return -1;
			tag = tag << 8 | buf[pos];
		} while (buf[pos++] & TLV_TAG_CONT);
	}
	if (pos >= len)
		return -1;
	if (buf[pos] < TLV_LEN_LONG) {
		n = buf[pos++];
	} else {
		size_t nb = buf[pos++] & ~TLV_LEN_LONG;

		/* 0x80 is the indefinite form: not allowed in PIV */
		if (!nb || nb > TLV_LEN_MAX_BYTES || len - pos < nb)
			return -1;
		for (n = 0, i = 0; i < nb; i++)
			n = n << 8 | buf[pos++];
	}
	if (n > len - pos)
		return -1;
	t->tag = tag;
	t->len = n;
	t->val = buf + pos;
	return (long)(pos + n);
}

int tlv_find(const uint8_t *buf, size_t len, uint32_t tag, struct tlv *t)
{
	size_t pos = 0;

	while (pos < len) {
		long used = tlv_parse(buf + pos, len - pos, t);

		if (used < 0)
			return -1;
		if (t->tag == tag)
			return 0;
		pos += (size_t)used;
	}
	return 1;
}

static size_t tag_size(uint32_t tag)
{
	return tag > 0xFFFF ? 3 : tag > 0xFF ? 2 : 1;
}

size_t tlv_header_size(uint32_t tag, size_t len)
{
	size_t l = len < 0x80 ? 1 : len <= 0xFF ? 2 : len <= 0xFFFF ? 3 : 4;

	return tag_size(tag) + l;
}

long tlv_put_header(uint8_t *out, size_t size, uint32_t tag, size_t len)
{
	size_t ts = tag_size(tag), hs, pos = 0, i;

	if (!tag || len > TLV_LEN_MAX)
		return -1;
	hs = tlv_header_size(tag, len);
	if (hs > size)
		return -1;
	for (i = ts; i-- > 0;)
		out[pos++] = (uint8_t)(tag >> (8 * i));
	if (len < 0x80) {
		out[pos++] = (uint8_t)len;
	} else {
		size_t nb = hs - ts - 1;

		out[pos++] = (uint8_t)(TLV_LEN_LONG | nb);
		for (i = nb; i-- > 0;)
			out[pos++] = (uint8_t)(len >> (8 * i));
	}
	return (long)pos;
}

long tlv_put(uint8_t *out, size_t size, uint32_t tag, const uint8_t *val,
	     size_t len)
{
	long h = tlv_put_header(out, size, tag, len);

	if (h < 0 || len > size - (size_t)h)
		return -1;
	if (len)
		memmove(out + h, val, len);
	return h + (long)len;
}
