/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ATR test vectors, shared by the KUnit suite (atr_kunit.c) and the
 * user-space cmocka tests (user/tests/test_atr.c). Real ATRs, and ATRs
 * built to hit one rule of ISO/IEC 7816-3 section 8 each; the ones that
 * cannot be walked come last.
 */
#ifndef SCPNP_TEST_ATR_CASES_H
#define SCPNP_TEST_ATR_CASES_H

#include "atr.h"

#define ATR_P_T0	(1U << ATR_T0)
#define ATR_P_T1	(1U << ATR_T1)

/* Optional checks of struct atr_case */
#define ATR_CHK_FIDI		(1U << 0)
#define ATR_CHK_T1		(1U << 1)
#define ATR_CHK_T15		(1U << 2)
#define ATR_CHK_SPECIFIC	(1U << 3)
#define ATR_CHK_NGROUPS		(1U << 4)
#define ATR_CHK_INVERSE		(1U << 5)

struct atr_case {
	const char *name;
	u8 atr[40];
	size_t len;
	int ret;
	u32 errors;
	u32 warnings;
	u16 protocols;
	u8 hist_len;
	bool tck_present;
	bool tck_valid;
	u8 atr_len;
	unsigned int chk;
	u8 fidi;
	u8 ifsc, bwi, cwi;
	bool t1_crc;
	u8 clock_stop, class_ind;
	u8 specific_protocol;
	bool specific_changeable, specific_implicit;
	u8 ngroups;
};

static const struct atr_case atr_cases[] = {
	{
		.name = "qemu_cac",
		.atr = {
			0x3B, 0x7A, 0x18, 0x00, 0x00, 0x73, 0x66, 0x74,
			0x65, 0x20, 0x63, 0x64, 0x31, 0x34, 0x34,
		},
		.len = 15,
		.ret = 0,
		.errors = 0,
		.warnings = ATR_WARN_TB1_DEPRECATED,
		.protocols = ATR_P_T0,
		.hist_len = 10,
		.tck_present = false, .tck_valid = false,
		.atr_len = 15,
		.chk = ATR_CHK_FIDI | ATR_CHK_NGROUPS,
		.fidi = 0x18,
		.ngroups = 1,
	},
	{
		.name = "fact_51ff0800",
		.atr = {
			0x3B, 0x04, 0x51, 0xFF, 0x08, 0x00,
		},
		.len = 6,
		.ret = 0,
		.errors = 0,
		.warnings = 0,
		.protocols = ATR_P_T0,
		.hist_len = 4,
		.tck_present = false, .tck_valid = false,
		.atr_len = 6,
		.chk = ATR_CHK_FIDI | ATR_CHK_NGROUPS,
		.fidi = ATR_DEFAULT_FIDI,
		.ngroups = 1,
	},
	{
		.name = "yubikey4_t1",
		.atr = {
			0x3B, 0xF8, 0x13, 0x00, 0x00, 0x81, 0x31, 0xFE,
			0x15, 0x59, 0x75, 0x62, 0x69, 0x6B, 0x65, 0x79,
			0x34, 0xD4,
		},
		.len = 18,
		.ret = 0,
		.errors = 0,
		.warnings = ATR_WARN_TB1_DEPRECATED,
		.protocols = ATR_P_T1,
		.hist_len = 8,
		.tck_present = true, .tck_valid = true,
		.atr_len = 18,
		.chk = ATR_CHK_FIDI | ATR_CHK_T1 | ATR_CHK_NGROUPS,
		.fidi = 0x13,
		.ifsc = 254, .bwi = 1, .cwi = 5, .t1_crc = false,
		.ngroups = 3,
	},
	{
		.name = "yubikey5_t1",
		.atr = {
			0x3B, 0xFD, 0x13, 0x00, 0x00, 0x81, 0x31, 0xFE,
			0x15, 0x80, 0x73, 0xC0, 0x21, 0xC0, 0x57, 0x59,
			0x75, 0x62, 0x69, 0x4B, 0x65, 0x79, 0x40,
		},
		.len = 23,
		.ret = 0,
		.errors = 0,
		.warnings = ATR_WARN_TB1_DEPRECATED,
		.protocols = ATR_P_T1,
		.hist_len = 13,
		.tck_present = true, .tck_valid = true,
		.atr_len = 23,
		.chk = ATR_CHK_FIDI | ATR_CHK_T1 | ATR_CHK_NGROUPS,
		.fidi = 0x13,
		.ifsc = 254, .bwi = 1, .cwi = 5, .t1_crc = false,
		.ngroups = 3,
	},
	{
		.name = "esteid_t0_t1_t15",
		.atr = {
			0x3B, 0xDB, 0x96, 0x00, 0x80, 0xB1, 0xFE, 0x45,
			0x1F, 0x83, 0x00, 0x12, 0x23, 0x3F, 0x53, 0x65,
			0x49, 0x44, 0x0F, 0x90, 0x00, 0xF1,
		},
		.len = 22,
		.ret = 0,
		.errors = 0,
		.warnings = 0,
		.protocols = ATR_P_T0 | ATR_P_T1,
		.hist_len = 11,
		.tck_present = true, .tck_valid = true,
		.atr_len = 22,
		.chk = ATR_CHK_FIDI | ATR_CHK_T1 | ATR_CHK_T15 | ATR_CHK_NGROUPS,
		.fidi = 0x96,
		.ifsc = 254, .bwi = 4, .cwi = 5, .t1_crc = false,
		.clock_stop = 2, .class_ind = 3,
		.ngroups = 4,
	},
	{
		.name = "astrid_t0",
		.atr = {
			0x3B, 0x16, 0x96, 0x41, 0x73, 0x74, 0x72, 0x69,
			0x64,
		},
		.len = 9,
		.ret = 0,
		.errors = 0,
		.warnings = 0,
		.protocols = ATR_P_T0,
		.hist_len = 6,
		.tck_present = false, .tck_valid = false,
		.atr_len = 9,
		.chk = ATR_CHK_FIDI | ATR_CHK_NGROUPS,
		.fidi = 0x96,
		.ngroups = 1,
	},
	{
		.name = "inverse_qemu",
		.atr = {
			0x3F, 0x7A, 0x18, 0x00, 0x00, 0x73, 0x66, 0x74,
			0x65, 0x20, 0x63, 0x64, 0x31, 0x34, 0x34,
		},
		.len = 15,
		.ret = 0,
		.errors = 0,
		.warnings = ATR_WARN_TB1_DEPRECATED,
		.protocols = ATR_P_T0,
		.hist_len = 10,
		.tck_present = false, .tck_valid = false,
		.atr_len = 15,
		.chk = ATR_CHK_NGROUPS | ATR_CHK_INVERSE,
		.ngroups = 1,
	},
	{
		.name = "minimal_no_hist",
		.atr = {
			0x3B, 0x00,
		},
		.len = 2,
		.ret = 0,
		.errors = 0,
		.warnings = ATR_WARN_NO_HIST,
		.protocols = ATR_P_T0,
		.hist_len = 0,
		.tck_present = false, .tck_valid = false,
		.atr_len = 2,
		.chk = ATR_CHK_NGROUPS,
		.ngroups = 1,
	},
	{
		.name = "t1_crc_edc",
		.atr = {
			0x3B, 0x80, 0x81, 0x71, 0x20, 0x45, 0x01, 0x14,
		},
		.len = 8,
		.ret = 0,
		.errors = 0,
		.warnings = ATR_WARN_NO_HIST,
		.protocols = ATR_P_T1,
		.hist_len = 0,
		.tck_present = true, .tck_valid = true,
		.atr_len = 8,
		.chk = ATR_CHK_T1 | ATR_CHK_NGROUPS,
		.ifsc = 32, .bwi = 4, .cwi = 5, .t1_crc = true,
		.ngroups = 3,
	},
	{
		.name = "tck_bad",
		.atr = {
			0x3B, 0xF8, 0x13, 0x00, 0x00, 0x81, 0x31, 0xFE,
			0x15, 0x59, 0x75, 0x62, 0x69, 0x6B, 0x65, 0x79,
			0x34, 0xD5,
		},
		.len = 18,
		.ret = 0,
		.errors = ATR_ERR_TCK_BAD,
		.warnings = ATR_WARN_TB1_DEPRECATED,
		.protocols = ATR_P_T1,
		.hist_len = 8,
		.tck_present = true, .tck_valid = false,
		.atr_len = 18,
	},
	{
		.name = "tck_missing",
		.atr = {
			0x3B, 0xF8, 0x13, 0x00, 0x00, 0x81, 0x31, 0xFE,
			0x15, 0x59, 0x75, 0x62, 0x69, 0x6B, 0x65, 0x79,
			0x34,
		},
		.len = 17,
		.ret = 0,
		.errors = ATR_ERR_TCK_MISSING,
		.warnings = ATR_WARN_TB1_DEPRECATED,
		.protocols = ATR_P_T1,
		.hist_len = 8,
		.tck_present = false, .tck_valid = false,
		.atr_len = 17,
	},
	{
		.name = "tck_unneeded_t0",
		.atr = {
			0x3B, 0x7A, 0x18, 0x00, 0x00, 0x73, 0x66, 0x74,
			0x65, 0x20, 0x63, 0x64, 0x31, 0x34, 0x34, 0x70,
		},
		.len = 16,
		.ret = 0,
		.errors = 0,
		.warnings = ATR_WARN_TB1_DEPRECATED | ATR_WARN_TCK_UNNEEDED,
		.protocols = ATR_P_T0,
		.hist_len = 10,
		.tck_present = true, .tck_valid = true,
		.atr_len = 16,
	},
	{
		.name = "extra_byte_t0",
		.atr = {
			0x3B, 0x7A, 0x18, 0x00, 0x00, 0x73, 0x66, 0x74,
			0x65, 0x20, 0x63, 0x64, 0x31, 0x34, 0x34, 0x00,
		},
		.len = 16,
		.ret = 0,
		.errors = ATR_ERR_EXTRA_BYTES,
		.warnings = ATR_WARN_TB1_DEPRECATED,
		.protocols = ATR_P_T0,
		.hist_len = 10,
		.tck_present = false, .tck_valid = false,
		.atr_len = 15,
	},
	{
		.name = "extra_after_tck",
		.atr = {
			0x3B, 0xF8, 0x13, 0x00, 0x00, 0x81, 0x31, 0xFE,
			0x15, 0x59, 0x75, 0x62, 0x69, 0x6B, 0x65, 0x79,
			0x34, 0xD4, 0x90, 0x00,
		},
		.len = 20,
		.ret = 0,
		.errors = ATR_ERR_EXTRA_BYTES,
		.warnings = ATR_WARN_TB1_DEPRECATED,
		.protocols = ATR_P_T1,
		.hist_len = 8,
		.tck_present = true, .tck_valid = true,
		.atr_len = 18,
	},
	{
		.name = "t15_in_td1",
		.atr = {
			0x3B, 0x80, 0x0F, 0x8F,
		},
		.len = 4,
		.ret = 0,
		.errors = ATR_ERR_T15_IN_TD1,
		.warnings = ATR_WARN_NO_HIST,
		.protocols = ATR_P_T0,
		.hist_len = 0,
		.tck_present = true, .tck_valid = true,
		.atr_len = 4,
	},
	{
		.name = "t15_global_bytes",
		.atr = {
			0x3B, 0x80, 0x81, 0x1F, 0xC3, 0xDD,
		},
		.len = 6,
		.ret = 0,
		.errors = 0,
		.warnings = ATR_WARN_NO_HIST,
		.protocols = ATR_P_T1,
		.hist_len = 0,
		.tck_present = true, .tck_valid = true,
		.atr_len = 6,
		.chk = ATR_CHK_T15 | ATR_CHK_NGROUPS,
		.clock_stop = 3, .class_ind = 3,
		.ngroups = 3,
	},
	{
		.name = "t15_only_td2_no_tck",
		.atr = {
			0x3B, 0x80, 0x80, 0x1F, 0xC3,
		},
		.len = 5,
		.ret = 0,
		.errors = ATR_ERR_TCK_MISSING,
		.warnings = ATR_WARN_NO_HIST,
		.protocols = ATR_P_T0,
		.hist_len = 0,
		.tck_present = false, .tck_valid = false,
		.atr_len = 5,
	},
	{
		.name = "t_order",
		.atr = {
			0x3B, 0x80, 0x81, 0x00, 0x01,
		},
		.len = 5,
		.ret = 0,
		.errors = ATR_ERR_T_ORDER,
		.warnings = ATR_WARN_NO_HIST,
		.protocols = ATR_P_T0 | ATR_P_T1,
		.hist_len = 0,
		.tck_present = true, .tck_valid = true,
		.atr_len = 5,
	},
	{
		.name = "ta2_specific_t0",
		.atr = {
			0x3B, 0x90, 0x11, 0x10, 0x80,
		},
		.len = 5,
		.ret = 0,
		.errors = 0,
		.warnings = ATR_WARN_NO_HIST,
		.protocols = ATR_P_T0,
		.hist_len = 0,
		.tck_present = false, .tck_valid = false,
		.atr_len = 5,
		.chk = ATR_CHK_SPECIFIC,
		.specific_protocol = 0, .specific_changeable = false, .specific_implicit = false,
	},
	{
		.name = "ta2_specific_implicit",
		.atr = {
			0x3B, 0x90, 0x11, 0x10, 0x10,
		},
		.len = 5,
		.ret = 0,
		.errors = 0,
		.warnings = ATR_WARN_NO_HIST,
		.protocols = ATR_P_T0,
		.hist_len = 0,
		.tck_present = false, .tck_valid = false,
		.atr_len = 5,
		.chk = ATR_CHK_SPECIFIC,
		.specific_protocol = 0, .specific_changeable = true, .specific_implicit = true,
	},
	{
		.name = "ta2_names_absent_t1",
		.atr = {
			0x3B, 0x90, 0x11, 0x10, 0x81,
		},
		.len = 5,
		.ret = 0,
		.errors = ATR_ERR_TA2_T,
		.warnings = ATR_WARN_NO_HIST,
		.protocols = ATR_P_T0,
		.hist_len = 0,
		.tck_present = false, .tck_valid = false,
		.atr_len = 5,
		.chk = ATR_CHK_SPECIFIC,
		.specific_protocol = 1, .specific_changeable = false, .specific_implicit = false,
	},
	{
		.name = "ta1_rfu_fi",
		.atr = {
			0x3B, 0x10, 0x71,
		},
		.len = 3,
		.ret = 0,
		.errors = ATR_ERR_RESERVED_FIDI,
		.warnings = ATR_WARN_NO_HIST,
		.protocols = ATR_P_T0,
		.hist_len = 0,
		.tck_present = false, .tck_valid = false,
		.atr_len = 3,
		.chk = ATR_CHK_FIDI,
		.fidi = 0x71,
	},
	{
		.name = "ta1_rfu_di",
		.atr = {
			0x3B, 0x10, 0x1A,
		},
		.len = 3,
		.ret = 0,
		.errors = ATR_ERR_RESERVED_FIDI,
		.warnings = ATR_WARN_NO_HIST,
		.protocols = ATR_P_T0,
		.hist_len = 0,
		.tck_present = false, .tck_valid = false,
		.atr_len = 3,
		.chk = ATR_CHK_FIDI,
		.fidi = 0x1A,
	},
	{
		.name = "ifsc_ff",
		.atr = {
			0x3B, 0x80, 0x81, 0x11, 0xFF, 0xEF,
		},
		.len = 6,
		.ret = 0,
		.errors = ATR_ERR_IFSC,
		.warnings = ATR_WARN_NO_HIST,
		.protocols = ATR_P_T1,
		.hist_len = 0,
		.tck_present = true, .tck_valid = true,
		.atr_len = 6,
		.chk = ATR_CHK_T1,
		.ifsc = 32, .bwi = 4, .cwi = 13, .t1_crc = false,
	},
	{
		.name = "td_chain_30",
		.atr = {
			0x3B, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
			0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
			0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
			0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01,
			0x01,
		},
		.len = 33,
		.ret = 0,
		.errors = 0,
		.warnings = ATR_WARN_NO_HIST,
		.protocols = ATR_P_T0 | ATR_P_T1,
		.hist_len = 0,
		.tck_present = true, .tck_valid = true,
		.atr_len = 33,
		.chk = ATR_CHK_NGROUPS,
		.ngroups = 30,
	},
	{
		.name = "td_chain_t15_hist",
		.atr = {
			0x3B, 0x8F, 0x80, 0x80, 0x80, 0x1F, 0x03, 0x41,
			0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41,
			0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x52,
		},
		.len = 23,
		.ret = 0,
		.errors = 0,
		.warnings = 0,
		.protocols = ATR_P_T0,
		.hist_len = 15,
		.tck_present = true, .tck_valid = true,
		.atr_len = 23,
		.chk = ATR_CHK_T15,
		.clock_stop = 0, .class_ind = 3,
	},
	{
		.name = "empty",
		.len = 0,
		.ret = -ENODATA,
	},
	{
		.name = "bad_ts_3c",
		.atr = {
			0x3C, 0x00,
		},
		.len = 2,
		.ret = -EINVAL,
	},
	{
		.name = "bad_ts_raw_inverse_03",
		.atr = {
			0x03, 0x00,
		},
		.len = 2,
		.ret = -EINVAL,
	},
	{
		.name = "bad_ts_00",
		.atr = {
			0x00,
		},
		.len = 1,
		.ret = -EINVAL,
	},
	{
		.name = "ts_only",
		.atr = {
			0x3B,
		},
		.len = 1,
		.ret = -EPROTO,
	},
	{
		.name = "truncated_interface",
		.atr = {
			0x3B, 0x7A, 0x18, 0x00,
		},
		.len = 4,
		.ret = -EPROTO,
	},
	{
		.name = "truncated_hist",
		.atr = {
			0x3B, 0x7A, 0x18, 0x00, 0x00, 0x73, 0x66, 0x74,
			0x65, 0x20, 0x63, 0x64, 0x31, 0x34,
		},
		.len = 14,
		.ret = -EPROTO,
	},
	{
		.name = "truncated_td_chain",
		.atr = {
			0x3B, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
			0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
			0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
			0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
			0x80,
		},
		.len = 33,
		.ret = -EPROTO,
	},
	{
		.name = "td_announces_missing_group",
		.atr = {
			0x3B, 0x80, 0xF1,
		},
		.len = 3,
		.ret = -EPROTO,
	},
	{
		.name = "too_long_34",
		.atr = {
			0x3B, 0x7A, 0x18, 0x00, 0x00, 0x73, 0x66, 0x74,
			0x65, 0x20, 0x63, 0x64, 0x31, 0x34, 0x34, 0x00,
			0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
			0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
			0x00, 0x00,
		},
		.len = 34,
		.ret = -EMSGSIZE,
	},
	{
		.name = "hist_beyond_33",
		.atr = {
			0x3B, 0x8F, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
			0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
			0x80, 0x80, 0x80, 0x01, 0x41, 0x41, 0x41, 0x41,
			0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41,
			0x41,
		},
		.len = 33,
		.ret = -EPROTO,
	},

};

/* ISO/IEC 7816-3 Tables 7 and 8, by TA1 value */
struct atr_fidi_case {
	u8 fidi;
	unsigned int fi, di, fmax_khz;
};

static const struct atr_fidi_case atr_fidi_cases[] = {
	{ 0x11, 372, 1, 5000 },		/* default */
	{ 0x01, 372, 1, 4000 },
	{ 0x18, 372, 12, 5000 },	/* QEMU's card */
	{ 0x13, 372, 4, 5000 },
	{ 0x96, 512, 32, 5000 },
	{ 0x25, 558, 16, 6000 },
	{ 0x34, 744, 8, 8000 },
	{ 0x47, 1116, 64, 12000 },
	{ 0x59, 1488, 20, 16000 },
	{ 0x62, 1860, 2, 20000 },
	{ 0xA3, 768, 4, 7500 },
	{ 0xB3, 1024, 4, 10000 },
	{ 0xC3, 1536, 4, 15000 },
	{ 0xD3, 2048, 4, 20000 },
	{ 0x71, 0, 1, 0 },		/* RFU Fi */
	{ 0x81, 0, 1, 0 },
	{ 0xE1, 0, 1, 0 },
	{ 0xF1, 0, 1, 0 },
	{ 0x10, 372, 0, 5000 },		/* RFU Di */
	{ 0x1A, 372, 0, 5000 },
	{ 0x1F, 372, 0, 5000 },
};

#endif /* SCPNP_TEST_ATR_CASES_H */
