/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * CCID message framing test vectors shared by KUnit and cmocka.
 */
#ifndef SCPNP_TEST_CCID_MSG_CASES_H
#define SCPNP_TEST_CCID_MSG_CASES_H

#include "ccid_msg.h"

struct reply_case {
	const char *name;
	u8 buf[24];
	size_t len;
	int ret;
	u8 type;
	u32 length;
	u8 slot, seq, status, error, param;
	int err;		/* ccid_reply_errno() */
};

static const struct reply_case reply_cases[] = {
	{ "datablock_9000", { 0x80, 2, 0, 0, 0, 0, 7, 0, 0, 0, 0x90, 0x00 },
	  12, 0, 0x80, 2, 0, 7, 0, 0, 0, 0 },
	{ "slot_status_absent", { 0x81, 0, 0, 0, 0, 1, 3, 0x02, 0, 0 }, 10, 0,
	  0x81, 0, 1, 3, 0x02, 0, 0, 0 },
	{ "time_extension", { 0x80, 0, 0, 0, 0, 0, 9, 0x80, 5, 0 }, 10, 0,
	  0x80, 0, 0, 9, 0x80, 5, 0, 0 },
	{ "parameters_t1", { 0x82, 7, 0, 0, 0, 0, 1, 0, 0, 1,
			     0x11, 0x10, 0, 0x45, 0, 0xfe, 0 }, 17, 0,
	  0x82, 7, 0, 1, 0, 0, 1, 0 },
	{ "escape", { 0x83, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0x42 }, 11, 0,
	  0x83, 1, 0, 1, 0, 0, 0, 0 },
	{ "rate_clock", { 0x84, 8, 0, 0, 0, 0, 1, 0, 0, 0,
			  0xa0, 0x0f, 0, 0, 0x80, 0x25, 0, 0 }, 18, 0,
	  0x84, 8, 0, 1, 0, 0, 0, 0 },
	{ "padding_ignored", { 0x80, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0x90, 0, 0, 0 },
	  14, 0, 0x80, 2, 0, 1, 0, 0, 0, 0 },
	{ "mute", { 0x80, 0, 0, 0, 0, 0, 1, 0x41, 0xfe, 0 }, 10, 0,
	  0x80, 0, 0, 1, 0x41, 0xfe, 0, -ETIMEDOUT },
	{ "mute_after_removal", { 0x80, 0, 0, 0, 0, 0, 1, 0x42, 0xfe, 0 }, 10,
	  0, 0x80, 0, 0, 1, 0x42, 0xfe, 0, -ENOMEDIUM },
	{ "parity", { 0x80, 0, 0, 0, 0, 0, 1, 0x40, 0xfd, 0 }, 10, 0,
	  0x80, 0, 0, 1, 0x40, 0xfd, 0, -EIO },
	{ "overrun", { 0x80, 0, 0, 0, 0, 0, 1, 0x40, 0xfc, 0 }, 10, 0,
	  0x80, 0, 0, 1, 0x40, 0xfc, 0, -EIO },
	{ "hw_error", { 0x80, 0, 0, 0, 0, 0, 1, 0x40, 0xfb, 0 }, 10, 0,
	  0x80, 0, 0, 1, 0x40, 0xfb, 0, -EIO },
	{ "proto_not_supported", { 0x81, 0, 0, 0, 0, 0, 1, 0x40, 0xf6, 0 }, 10,
	  0, 0x81, 0, 0, 1, 0x40, 0xf6, 0, -EPROTONOSUPPORT },
	{ "deactivated_proto", { 0x81, 0, 0, 0, 0, 0, 1, 0x40, 0xf3, 0 }, 10,
	  0, 0x81, 0, 0, 1, 0x40, 0xf3, 0, -EPROTONOSUPPORT },
	{ "slot_busy", { 0x81, 0, 0, 0, 0, 0, 1, 0x40, 0xe0, 0 }, 10, 0,
	  0x81, 0, 0, 1, 0x40, 0xe0, 0, -EBUSY },
	{ "aborted", { 0x80, 0, 0, 0, 0, 0, 1, 0x40, 0xff, 0 }, 10, 0,
	  0x80, 0, 0, 1, 0x40, 0xff, 0, -EINTR },
	{ "cmd_not_supported", { 0x81, 0, 0, 0, 0, 0, 1, 0x40, 0x00, 0 }, 10,
	  0, 0x81, 0, 0, 1, 0x40, 0x00, 0, -EOPNOTSUPP },
	{ "bad_field_index", { 0x81, 0, 0, 0, 0, 0, 1, 0x40, 0x05, 0 }, 10, 0,
	  0x81, 0, 0, 1, 0x40, 0x05, 0, -EINVAL },
	{ "bad_atr_tck", { 0x80, 0, 0, 0, 0, 0, 1, 0x40, 0xf7, 0 }, 10, 0,
	  0x80, 0, 0, 1, 0x40, 0xf7, 0, -EIO },
	{ "status_rfu", { 0x80, 0, 0, 0, 0, 0, 1, 0xc0, 0, 0 }, 10, 0,
	  0x80, 0, 0, 1, 0xc0, 0, 0, -EPROTO },
	/* malformed */
	{ "empty", { 0 }, 0, -EPROTO },
	{ "short_9", { 0x80, 0, 0, 0, 0, 0, 1, 0, 0 }, 9, -EPROTO },
	{ "lying_dwlength_1", { 0x80, 3, 0, 0, 0, 0, 1, 0, 0, 0, 0x90, 0 },
	  12, -EPROTO },
	{ "lying_dwlength_huge", { 0x80, 0xff, 0xff, 0xff, 0xff, 0, 1, 0, 0, 0,
				   0x90, 0 }, 12, -EPROTO },
	{ "lying_dwlength_64k", { 0x80, 0, 0, 1, 0, 0, 1, 0, 0, 0 }, 10,
	  -EPROTO },
	{ "pc_to_rdr_type", { 0x6f, 0, 0, 0, 0, 0, 1, 0, 0, 0 }, 10, -EPROTO },
	{ "notify_type_on_bulk", { 0x50, 0, 0, 0, 0, 0, 1, 0, 0, 0 }, 10,
	  -EPROTO },
	{ "type_85", { 0x85, 0, 0, 0, 0, 0, 1, 0, 0, 0 }, 10, -EPROTO },
};

struct notify_case {
	const char *name;
	u8 buf[12];
	size_t len;
	unsigned int max_slots;
	int ret;
	u8 type;
	u8 nslots;
	u32 present, changed;
	u8 slot, seq, code;
};

static const struct notify_case notify_cases[] = {
	{ "one_slot_inserted", { 0x50, 0x03 }, 2, 1, 0, 0x50, 1, 1, 1 },
	{ "one_slot_removed", { 0x50, 0x02 }, 2, 1, 0, 0x50, 1, 0, 1 },
	{ "one_slot_present_unchanged", { 0x50, 0x01 }, 2, 1, 0, 0x50, 1, 1,
	  0 },
	{ "other_slots_ignored", { 0x50, 0xff }, 2, 1, 0, 0x50, 1, 1, 1 },
	{ "four_slots", { 0x50, 0x9d }, 2, 4, 0, 0x50, 4, 0x07, 0x0a },
	{ "six_slots", { 0x50, 0x00, 0x0e }, 3, 6, 0, 0x50, 6, 0x20, 0x30 },
	{ "short_for_slots", { 0x50, 0x03 }, 2, 8, 0, 0x50, 4, 1, 1 },
	{ "max_slots_over_32", { 0x50, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				 0xff, 0xff }, 10, 40, 0, 0x50, 32,
	  0xffffffff, 0xffffffff },
	{ "hardware_error", { 0x51, 0, 7, 1 }, 4, 1, 0, 0x51, 0, 0, 0, 0, 7,
	  1 },
	/* malformed */
	{ "empty", { 0 }, 0, 1, -EPROTO },
	{ "slot_change_no_bits", { 0x50 }, 1, 1, -EPROTO },
	{ "hardware_error_short", { 0x51, 0, 7 }, 3, 1, -EPROTO },
	{ "unknown_type", { 0x52, 0x03 }, 2, 1, -EPROTO },
	{ "bulk_type", { 0x80, 0x03 }, 2, 1, -EPROTO },
};

#endif /* SCPNP_TEST_CCID_MSG_CASES_H */
