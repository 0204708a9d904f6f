/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ISO/IEC 7816-3 answer-to-reset parser, shared by ccid.ko, scfilter.ko,
 * scbridge and the fuzzers.
 */
#ifndef SCPNP_LIB_ATR_H
#define SCPNP_LIB_ATR_H

#include "env.h"

#define ATR_MAX_LEN		33	/* ISO/IEC 7816-3 8.2.1: TS + 32 */
#define ATR_MAX_HIST		15	/* K is 4 bits */
#define ATR_MAX_GROUPS		32	/* TD chain: at most 31 TDi in 33 bytes */

#define ATR_TS_DIRECT		0x3B
#define ATR_TS_INVERSE		0x3F

/* Interface byte presence bits, in struct atr_group.present and Y(i) nibbles */
#define ATR_TA			BIT(0)
#define ATR_TB			BIT(1)
#define ATR_TC			BIT(2)
#define ATR_TD			BIT(3)

/* Protocol numbers T in TDi */
#define ATR_T0			0
#define ATR_T1			1
#define ATR_T15			15

/* Defaults of ISO/IEC 7816-3 when the byte is absent */
#define ATR_DEFAULT_FIDI	0x11	/* Fi = 372, Di = 1 */
#define ATR_DEFAULT_N		0	/* extra guard time */
#define ATR_DEFAULT_WI		10	/* T=0 waiting integer */
#define ATR_DEFAULT_IFSC	32	/* T=1 */
#define ATR_DEFAULT_BWI		4	/* T=1 */
#define ATR_DEFAULT_CWI		13	/* T=1 */

/* struct atr.errors: ISO/IEC 7816-3 violations of a walkable ATR */
#define ATR_ERR_TCK_MISSING	BIT(0)	/* T other than 0 offered, no TCK */
#define ATR_ERR_TCK_BAD		BIT(1)	/* XOR of T0..TCK is not 0 */
#define ATR_ERR_EXTRA_BYTES	BIT(2)	/* bytes after the ATR's end */
#define ATR_ERR_T15_IN_TD1	BIT(3)	/* TD1 announces T=15 */
#define ATR_ERR_T_ORDER		BIT(4)	/* protocols not in ascending order */
#define ATR_ERR_TA2_T	BIT(5)	/* TA2 names a protocol not offered */
#define ATR_ERR_RESERVED_FIDI	BIT(6)	/* TA1 uses an RFU Fi or Di */
#define ATR_ERR_IFSC	BIT(7)	/* T=1 IFSC 0x00 or 0xFF */

/* struct atr.warnings: legal but noteworthy */
#define ATR_WARN_TCK_UNNEEDED	BIT(0)	/* TCK present though only T=0 */
#define ATR_WARN_NO_HIST	BIT(1)	/* no historical bytes */
#define ATR_WARN_TB1_DEPRECATED	BIT(2)	/* TB1/TB2 (VPP) present */

/**
 * struct atr_group - interface bytes TAi TBi TCi TDi of one group i
 * @present: ATR_TA | ATR_TB | ATR_TC | ATR_TD of the bytes present
 * @ta: TAi, valid when present
 * @tb: TBi
 * @tc: TCi
 * @td: TDi
 */
struct atr_group {
	u8 present;
	u8 ta;
	u8 tb;
	u8 tc;
	u8 td;
};

/**
 * struct atr - a parsed answer to reset
 * @raw: the bytes as parsed (up to the ATR's end, not past it)
 * @len: length of the ATR proper (TS to TCK inclusive)
 * @inverse: inverse convention (TS 0x3F)
 * @t0: the format byte T0
 * @hist: historical bytes
 * @hist_len: number of historical bytes (K)
 * @groups: interface byte groups, groups[0] is i = 1
 * @ngroups: groups present
 * @protocols: bit T set for each protocol T offered in TD bytes (T=0 when
 *	no TD1; T=15 is global, not a protocol, and is not set here)
 * @first_protocol: protocol of TD1, or 0 (the default protocol)
 * @tck_present: a TCK byte was present
 * @tck_valid: the XOR check over T0..TCK is zero
 * @fidi: TA1 or ATR_DEFAULT_FIDI
 * @n: TC1 or ATR_DEFAULT_N
 * @specific: TA2 present: the card is in specific mode
 * @specific_protocol: protocol named by TA2 (valid when @specific)
 * @specific_changeable: TA2 bit 8 clear: the card may change mode
 * @specific_implicit: TA2 bit 5 set: parameters implicit, not from TA1
 * @wi: T=0 waiting integer, TC2 or ATR_DEFAULT_WI
 * @ifsc: T=1 IFSC, first TA for T=1 at i > 2, or ATR_DEFAULT_IFSC
 * @bwi: T=1 BWI, high nibble of the first TB for T=1 at i > 2
 * @cwi: T=1 CWI, low nibble of that TB
 * @t1_crc: T=1 error detection is CRC (first TC for T=1 at i > 2, bit 1)
 * @clock_stop: TA for T=15 bits 8..7 (0 when absent)
 * @class_ind: TA for T=15 bits 6..1 (0 when absent)
 * @errors: ATR_ERR_* found
 * @warnings: ATR_WARN_* found
 */
struct atr {
	u8 raw[ATR_MAX_LEN];
	u8 len;
	bool inverse;
	u8 t0;
	u8 hist[ATR_MAX_HIST];
	u8 hist_len;
	struct atr_group groups[ATR_MAX_GROUPS];
	u8 ngroups;
	u16 protocols;
	u8 first_protocol;
	bool tck_present;
	bool tck_valid;
	u8 fidi;
	u8 n;
	bool specific;
	u8 specific_protocol;
	bool specific_changeable;
	bool specific_implicit;
	u8 wi;
	u8 ifsc;
	u8 bwi;
	u8 cwi;
	bool t1_crc;
	u8 clock_stop;
	u8 class_ind;
	u32 errors;
	u32 warnings;
};

/**
 * ccid_atr_parse() - walk and decode an answer to reset
 * @buf: the bytes received, TS first
 * @len: number of bytes in @buf
 * @atr: filled on success (and zeroed on failure)
 *
 * An ATR is walkable when TS is valid, T0 and every interface byte and
 * historical byte it announces are present. Violations of a walkable ATR
 * (checksum wrong or missing, bytes after its end, ...) are reported in
 * @atr->errors, not as a failure; the bytes after the end are not copied.
 *
 * Return: 0 when walkable; -ENODATA for an empty buffer; -EINVAL for a bad
 * TS; -EMSGSIZE when longer than ATR_MAX_LEN; -EPROTO when truncated.
 */
int ccid_atr_parse(const u8 *buf, size_t len, struct atr *atr);

/**
 * ccid_atr_fi() - clock rate conversion integer Fi of a TA1 value
 * @fidi: TA1 (or ATR_DEFAULT_FIDI)
 *
 * Return: Fi, or 0 for an RFU value.
 */
unsigned int ccid_atr_fi(u8 fidi);

/**
 * ccid_atr_di() - baud rate adjustment integer Di of a TA1 value
 * @fidi: TA1 (or ATR_DEFAULT_FIDI)
 *
 * Return: Di, or 0 for an RFU value.
 */
unsigned int ccid_atr_di(u8 fidi);

/**
 * ccid_atr_fmax_khz() - maximum clock of a TA1 value, kHz
 * @fidi: TA1 (or ATR_DEFAULT_FIDI)
 *
 * Return: f(max) in kHz, or 0 for an RFU value.
 */
unsigned int ccid_atr_fmax_khz(u8 fidi);

#endif /* SCPNP_LIB_ATR_H */
