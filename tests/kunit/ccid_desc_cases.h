/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * CCID class descriptor test vectors shared by KUnit and cmocka: malformed
 * descriptors and descriptor lists. The real readers come from
 * readers.tsv through gen-readers.sh (struct reader_row).
 */
#ifndef SCPNP_TEST_CCID_DESC_CASES_H
#define SCPNP_TEST_CCID_DESC_CASES_H

#include "ccid_desc.h"

struct reader_row {
	const char *name;
	u8 intf_class;
	u8 intf_protocol;
	bool usable;
	unsigned int busy_slots;
	u32 max_message;
	u32 protocols;
	u32 features;
	unsigned int slots;
	u16 bcd;
	u8 desc[CCID_DESC_LEN];
};

/*
 * A descriptor shaped like QEMU's usb-ccid: TPDU level, T=0, dwFeatures
 * 0x000104FE, dwMaxCCIDMessageLength 65554, a PIN claim
 * (hw/usb/dev-smartcard-reader.c)
 */
#define QEMU_CCID_DESC							\
	0x36, 0x21, 0x10, 0x01, 0x00, 0x07, 0x01, 0x00, 0x00, 0x00,	\
	0xa0, 0x0f, 0x00, 0x00, 0xa0, 0x0f, 0x00, 0x00, 0x00,		\
	0x80, 0x25, 0x00, 0x00, 0x00, 0xb0, 0x04, 0x00, 0x00,		\
	0xfe, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,			\
	0x00, 0x00, 0x00, 0x00, 0xfe, 0x04, 0x01, 0x00,			\
	0x12, 0x00, 0x01, 0x00, 0xff, 0xff, 0x00, 0x00, 0x01, 0x01

/* A descriptor (list) and what ccid_desc_find()/ccid_desc_parse() say */
struct desc_case {
	const char *name;
	u8 buf[80];
	size_t len;
	int find_off;		/* offset ccid_desc_find() returns, -1: NULL */
	int parse_ret;		/* of ccid_desc_parse() at find_off (or 0) */
	int check_ret;		/* of ccid_desc_check() when parsed */
};

static const struct desc_case desc_cases[] = {
	{ "qemu", { QEMU_CCID_DESC }, 54, 0, 0, 0 },
	{ "qemu_after_endpoint", { 7, 5, 0x81, 3, 8, 0, 10, QEMU_CCID_DESC },
	  61, 7, 0, 0 },
	{ "qemu_padded", { QEMU_CCID_DESC, 0, 0 }, 56, 0, 0, 0 },
	{ "truncated_53", { QEMU_CCID_DESC }, 53, -1, -EPROTO, 0 },
	{ "truncated_header_only", { 0x36, 0x21 }, 2, -1, -EPROTO, 0 },
	{ "one_byte", { 0x36 }, 1, -1, -EPROTO, 0 },
	{ "empty", { 0 }, 0, -1, -EPROTO, 0 },
	{ "blength_53", { 0x35, 0x21, 0x10, 0x01 }, 53, 0, -EINVAL, 0 },
	{ "blength_55", { 0x37, 0x21, 0x10, 0x01 }, 55, 0, -EINVAL, 0 },
	{ "wrong_type", { 0x36, 0x24, 0x10, 0x01 }, 54, -1, -EINVAL, 0 },
	{ "zero_blength_first", { 0, 0x21, QEMU_CCID_DESC }, 56, -1, -EINVAL,
	  0 },
	{ "blength_1_first", { 1, 0x05, QEMU_CCID_DESC }, 56, -1, -EINVAL, 0 },
	{ "overlong_first", { 60, 5, QEMU_CCID_DESC }, 56, -1, -EINVAL, 0 },
	{ "overlong_ccid", { 9, 4, 0, 0, 0, 2, 0x0b, 0, 0, 0x40, 0x21 }, 11,
	  -1, -EINVAL, 0 },
};

/* Hand-made refusals and oddities on top of QEMU's descriptor */
struct desc_mod_case {
	const char *name;
	unsigned int off;	/* byte to change */
	u32 value;		/* little-endian, @width bytes */
	unsigned int width;
	int check_ret;
	unsigned int busy_slots;
	u32 max_message;	/* with a 4096-byte cap */
};

#define DESC_TEST_CAP	4096

static const struct desc_mod_case desc_mod_cases[] = {
	{ "qemu_as_is", 0, 0x36, 1, 0, 1, 4096 },
	{ "character_level", 40, 0x000004fe, 4, -EOPNOTSUPP, 1, 4096 },
	{ "two_levels", 40, 0x000304fe, 4, -EOPNOTSUPP, 1, 4096 },
	{ "level_bits_5", 40, 0x000504fe, 4, -EOPNOTSUPP, 1, 4096 },
	{ "no_t0_no_t1", 6, 0x00000000, 4, -EOPNOTSUPP, 1, 4096 },
	{ "t2_t3_only", 6, 0x0000000c, 4, -EOPNOTSUPP, 1, 4096 },
	{ "t1_only", 6, 0x00000002, 4, 0, 1, 4096 },
	{ "slot_index_15", 4, 15, 1, 0, 1, 4096 },
	{ "slot_index_16", 4, 16, 1, -EOPNOTSUPP, 1, 4096 },
	{ "slot_index_255", 4, 255, 1, -EOPNOTSUPP, 1, 4096 },
	{ "busy_0_counts_1", 53, 0, 1, 0, 1, 4096 },
	{ "busy_over_slots", 53, 9, 1, 0, 1, 4096 },
	{ "bcd_10_00", 2, 0x1000, 2, 0, 1, 4096 },
	{ "max_message_271", 44, 271, 4, 0, 1, 271 },
	{ "max_message_64", 44, 64, 4, 0, 1, 64 },
	{ "max_message_15", 44, 15, 4, 0, 1, 15 },
	{ "max_message_14", 44, 14, 4, -EOPNOTSUPP, 1, 14 },
	{ "max_message_0", 44, 0, 4, -EOPNOTSUPP, 1, 0 },
	{ "max_message_huge", 44, 0xffffffff, 4, 0, 1, 4096 },
};

#endif /* SCPNP_TEST_CCID_DESC_CASES_H */
