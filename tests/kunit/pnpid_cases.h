/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * PnP ID and modalias test vectors (kernel/lib/pnpid.c), shared by KUnit
 * and cmocka. Expected strings from Documentation/userspace-api/scfilter.rst
 * (modalias and PnP ID rules).
 */
#ifndef SCPNP_TEST_PNPID_CASES_H
#define SCPNP_TEST_PNPID_CASES_H

#include "pnpid.h"

struct pnp_hist_case {
	const char *name;
	u8 hist[16];
	size_t len;
	size_t size;		/* output buffer size */
	int ret;		/* length, or negative errno */
	const char *id;
	const char *modalias;
};

static const struct pnp_hist_case pnp_hist_cases[] = {
	{ "qemu_cac", { 0x73, 0x66, 0x74, 0x65, 0x20, 0x63, 0x64, 0x31, 0x34,
			0x34 }, 10, SCF_PNP_ID_MAX, 33,
	  "SCFILTER\\CID_73667465206364313434",
	  "smartcard:cid73667465206364313434" },
	{ "fact_51ff0800", { 0x51, 0xff, 0x08, 0x00 }, 4, SCF_PNP_ID_MAX, 21,
	  "SCFILTER\\CID_51ff0800", "smartcard:cid51ff0800" },
	{ "one_byte", { 0xab }, 1, SCF_PNP_ID_MAX, 15, "SCFILTER\\CID_ab",
	  "smartcard:cidab" },
	{ "fifteen_bytes", { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
			     0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee }, 15,
	  SCF_PNP_ID_MAX, 43, "SCFILTER\\CID_00112233445566778899aabbccddee",
	  "smartcard:cid00112233445566778899aabbccddee" },
	{ "exact_fit", { 0x51, 0xff }, 2, 18, 17, "SCFILTER\\CID_51ff",
	  "smartcard:cid51ff" },
	/* refused */
	{ "no_bytes", { 0 }, 0, SCF_PNP_ID_MAX, -EINVAL },
	{ "sixteen_bytes", { 0 }, 16, SCF_PNP_ID_MAX, -EINVAL },
	{ "buffer_one_short", { 0x51, 0xff }, 2, 17, -EOVERFLOW },
};

struct pnp_guid_case {
	const char *name;
	u8 guid[16];
	size_t size;
	int ret;
	const char *id;
	const char *modalias;
};

static const struct pnp_guid_case pnp_guid_cases[] = {
	{ "qemu_cardid", { 0xe2, 0x80, 0xe9, 0xd2, 0x51, 0x88, 0x87, 0x4f,
			   0x81, 0xd6, 0x4f, 0x25, 0x4e, 0x38, 0x00, 0x1d },
	  SCF_PNP_ID_MAX, 49,
	  "SCFILTER\\CID_D2E980E2-8851-4F87-81D6-4F254E38001D",
	  "smartcard:cidd2e980e288514f8781d64f254e38001d" },
	{ "piv_compat_guid", { 0x07, 0xbe, 0x77, 0x27, 0x93, 0x69, 0x13, 0x45,
			       0xbd, 0x80, 0xc1, 0x84, 0xfc, 0xb0, 0xab, 0x2d },
	  SCF_PNP_ID_MAX, 49, SCF_PIV_COMPAT_ID,
	  "smartcard:cid2777be0769934513bd80c184fcb0ab2d" },
	{ "buffer_49", { 0 }, 49, -EOVERFLOW },
};

struct pnp_modalias_case {
	const char *name;
	const char *id;
	size_t size;
	int ret;
	const char *modalias;
};

static const struct pnp_modalias_case pnp_modalias_cases[] = {
	{ "upper_case_hist", "SCFILTER\\CID_51FF0800", SCF_MODALIAS_MAX, 21,
	  "smartcard:cid51ff0800" },
	{ "no_prefix", "CID_51ff0800", SCF_MODALIAS_MAX, -EINVAL },
	{ "lower_case_prefix", "scfilter\\cid_51ff0800", SCF_MODALIAS_MAX,
	  -EINVAL },
	{ "empty_token", "SCFILTER\\CID_", SCF_MODALIAS_MAX, -EINVAL },
	{ "non_hex", "SCFILTER\\CID_51ff08zz", SCF_MODALIAS_MAX, -EINVAL },
	{ "space", "SCFILTER\\CID_51 ff", SCF_MODALIAS_MAX, -EINVAL },
	{ "buffer_short", "SCFILTER\\CID_51ff0800", 21, -EOVERFLOW },
	{ "buffer_exact", "SCFILTER\\CID_51ff0800", 22, 21,
	  "smartcard:cid51ff0800" },
};

#endif /* SCPNP_TEST_PNPID_CASES_H */
