/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BER-TLV (ISO/IEC 7816-4 5.2, ISO/IEC 8825-1) as the PIV card needs it:
 * tags of one to three bytes, definite lengths of up to three length bytes.
 * Every function takes explicit lengths and never reads or writes past them.
 */
#ifndef SCPNP_VSC_TLV_H
#define SCPNP_VSC_TLV_H

#include <stddef.h>
#include <stdint.h>

#define TLV_TAG_MAX_BYTES	3
#define TLV_LEN_MAX		0xFFFFFFu	/* 83 xx xx xx */

/**
 * struct tlv - one decoded TLV
 * @tag: the tag bytes as a number (0x5C, 0x7F49, 0x5FC102)
 * @len: value length
 * @val: the value, @len bytes inside the parsed buffer
 * @constructed: bit 6 of the first tag byte
 */
struct tlv {
	uint32_t tag;
	size_t len;
	const uint8_t *val;
	int constructed;
};

/* Decode the TLV at buf; return bytes used (header + value) or -1. */
long tlv_parse(const uint8_t *buf, size_t len, struct tlv *t);
/* Find tag among the TLVs filling buf (one level); 0, -1 malformed, 1 absent. */
int tlv_find(const uint8_t *buf, size_t len, uint32_t tag, struct tlv *t);
/* Bytes a header takes for tag and len. */
size_t tlv_header_size(uint32_t tag, size_t len);
/* Write tag + length at out (size bytes); return bytes written or -1. */
long tlv_put_header(uint8_t *out, size_t size, uint32_t tag, size_t len);
/* Write a whole TLV; return bytes written or -1. */
long tlv_put(uint8_t *out, size_t size, uint32_t tag, const uint8_t *val,
	     size_t len);

#endif
