// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ISO/IEC 7816-3 answer-to-reset parser (section 8).
 *
 * The parser walks TS, T0, the interface byte groups and the historical
 * bytes strictly within the buffer it is given, decodes the parameters the
 * driver needs (Fi/Di, guard time, waiting times, T=1 parameters, specific
 * mode) and records, rather than rejects, the violations of an ATR that can
 * still be walked, so that callers can use a sloppy card and users can see
 * what is wrong with it.
 */

#include "atr.h"

#define ATR_Y_SHIFT		4	/* Y(i) is the high nibble of T0/TDi */
#define ATR_LOW_NIBBLE		0x0F
#define ATR_NGROUP_BYTES	4	/* TA TB TC TD */

/* TA2 (specific mode byte) */
#define ATR_TA2_NOT_CHANGEABLE	0x80
#define ATR_TA2_IMPLICIT	0x10

/* TC for T=1: bit 1 selects CRC */
#define ATR_T1_TC_CRC		0x01

/* TA for T=15 */
#define ATR_T15_CLOCK_SHIFT	6
#define ATR_T15_CLASS_MASK	0x3F

/* IFSC values 0x00 and 0xFF are reserved (ISO/IEC 7816-3 11.4.2) */
#define ATR_IFSC_MIN		0x01
#define ATR_IFSC_MAX		0xFE

/* ISO/IEC 7816-3 Table 7: Fi and f(max) in kHz, indexed by TA1 bits 8..5 */
static const u16 atr_fi_table[16] = {
	372, 372, 558, 744, 1116, 1488, 1860, 0,
	0, 512, 768, 1024, 1536, 2048, 0, 0,
};

static const u16 atr_fmax_table[16] = {
	4000, 5000, 6000, 8000, 12000, 16000, 20000, 0,
	0, 5000, 7500, 10000, 15000, 20000, 0, 0,
};

/* ISO/IEC 7816-3 Table 8: Di, indexed by TA1 bits 4..1 */
static const u8 atr_di_table[16] = {
	0, 1, 2, 4, 8, 16, 32, 64,
	12, 20, 0, 0, 0, 0, 0, 0,
};

unsigned int ccid_atr_fi(u8 fidi)
{
	return atr_fi_table[fidi >> ATR_Y_SHIFT];
}

unsigned int ccid_atr_di(u8 fidi)
{
	return atr_di_table[fidi & ATR_LOW_NIBBLE];
}

unsigned int ccid_atr_fmax_khz(u8 fidi)
{
	return atr_fmax_table[fidi >> ATR_Y_SHIFT];
}

/*
 * Decode the protocol-specific bytes: the bytes of group i (i > 2) belong to
 * the protocol named by TD(i-1); the first of each kind wins.
 */
static void atr_decode_specific(struct atr *atr)
{
	bool have_ifsc = false, have_bw = false, have_edc = false;
	bool have_t15 = false;
	unsigned int i;

	for (i = 2; i < atr->ngroups; i++) {
		const struct atr_group *g = &atr->groups[i];
		u8 t = atr->groups[i - 1].td & ATR_LOW_NIBBLE;

		if (t == ATR_T1) {
			if ((g->present & ATR_TA) && !have_ifsc) {
				have_ifsc = true;
				if (g->ta >= ATR_IFSC_MIN && g->ta <= ATR_IFSC_MAX)
					atr->ifsc = g->ta;
				else
					atr->errors |= ATR_ERR_IFSC;
			}
			if ((g->present & ATR_TB) && !have_bw) {
				have_bw = true;
				atr->bwi = g->tb >> ATR_Y_SHIFT;
				atr->cwi = g->tb & ATR_LOW_NIBBLE;
			}
			if ((g->present & ATR_TC) && !have_edc) {
				have_edc = true;
				atr->t1_crc = g->tc & ATR_T1_TC_CRC;
			}
		} else if (t == ATR_T15) {
			if ((g->present & ATR_TA) && !have_t15) {
				have_t15 = true;
				atr->clock_stop = g->ta >> ATR_T15_CLOCK_SHIFT;
				atr->class_ind = g->ta & ATR_T15_CLASS_MASK;
			}
		}
	}
}

/* Global bytes of groups 1 and 2, protocol list and ordering. */
static void atr_decode_global(struct atr *atr)
{
	const struct atr_group *g1 = &atr->groups[0];
	const struct atr_group *g2 = &atr->groups[1];
	unsigned int i;
	u8 prev_t = 0;

	if (g1->present & ATR_TA)
		atr->fidi = g1->ta;
	if (!ccid_atr_fi(atr->fidi) || !ccid_atr_di(atr->fidi))
		atr->errors |= ATR_ERR_RESERVED_FIDI;
	if (g1->present & ATR_TC)
		atr->n = g1->tc;
	if ((g1->present & ATR_TB) ||
	    (atr->ngroups > 1 && (g2->present & ATR_TB)))
		atr->warnings |= ATR_WARN_TB1_DEPRECATED;

	for (i = 0; i < atr->ngroups; i++) {
		u8 t;

		if (!(atr->groups[i].present & ATR_TD))
			break;
		t = atr->groups[i].td & ATR_LOW_NIBBLE;
		if (i == 0) {
			if (t == ATR_T15)
				atr->errors |= ATR_ERR_T15_IN_TD1;
			else
				atr->first_protocol = t;
		} else if (t < prev_t) {
			atr->errors |= ATR_ERR_T_ORDER;
		}
		prev_t = t;
		if (t != ATR_T15)
			atr->protocols |= 1U << t;
	}
	if (!atr->protocols)
		atr->protocols = 1U << ATR_T0;

	if (atr->ngroups > 1) {
		if (g2->present & ATR_TA) {
			atr->specific = true;
			atr->specific_protocol = g2->ta & ATR_LOW_NIBBLE;
			atr->specific_changeable =
				!(g2->ta & ATR_TA2_NOT_CHANGEABLE);
			atr->specific_implicit = g2->ta & ATR_TA2_IMPLICIT;
			if (!(atr->protocols & (1U << atr->specific_protocol)))
				atr->errors |= ATR_ERR_TA2_T;
		}
		if (g2->present & ATR_TC)
			atr->wi = g2->tc;
	}
}

static int atr_walk(const u8 *buf, size_t len, struct atr *atr)
{
	bool need_tck = false;
	size_t pos, hist_end;
	u8 y, xor;
	size_t i;

	if (!len)
		return -ENODATA;
	if (buf[0] != ATR_TS_DIRECT && buf[0] != ATR_TS_INVERSE)
		return -EINVAL;
	if (len > ATR_MAX_LEN)
		return -EMSGSIZE;
	if (len < 2)
		return -EPROTO;

	atr->inverse = buf[0] == ATR_TS_INVERSE;
	atr->t0 = buf[1];
	atr->hist_len = atr->t0 & ATR_LOW_NIBBLE;
	y = atr->t0 >> ATR_Y_SHIFT;
	pos = 2;

	/* Interface bytes: group i announced by Y(i) of T0 or TD(i-1). */
	for (;;) {
		struct atr_group *g;
		unsigned int b;

		if (atr->ngroups >= ATR_MAX_GROUPS)
			return -EPROTO;	/* unreachable within 33 bytes */
		g = &atr->groups[atr->ngroups++];
		for (b = 0; b < ATR_NGROUP_BYTES; b++) {
			u8 bit = (u8)(1U << b);

			if (!(y & bit))
				continue;
			if (pos >= len)
				return -EPROTO;
			g->present |= bit;
			switch (bit) {
			case ATR_TA:
				g->ta = buf[pos];
				break;
			case ATR_TB:
				g->tb = buf[pos];
				break;
			case ATR_TC:
				g->tc = buf[pos];
				break;
			default:
				g->td = buf[pos];
				break;
			}
			pos++;
		}
		if (!(g->present & ATR_TD))
			break;
		if ((g->td & ATR_LOW_NIBBLE) != ATR_T0)
			need_tck = true;
		y = g->td >> ATR_Y_SHIFT;
	}
	/* A last TD with Y = 0 announces no group. */
	if (atr->ngroups > 1 && !atr->groups[atr->ngroups - 1].present)
		atr->ngroups--;

	hist_end = pos + atr->hist_len;
	if (hist_end > len)
		return -EPROTO;
	memcpy(atr->hist, buf + pos, atr->hist_len);
	pos = hist_end;

	/* Defaults, then the decoded values. */
	atr->fidi = ATR_DEFAULT_FIDI;
	atr->n = ATR_DEFAULT_N;
	atr->wi = ATR_DEFAULT_WI;
	atr->ifsc = ATR_DEFAULT_IFSC;
	atr->bwi = ATR_DEFAULT_BWI;
	atr->cwi = ATR_DEFAULT_CWI;
	atr_decode_global(atr);
	atr_decode_specific(atr);
	if (!atr->hist_len)
		atr->warnings |= ATR_WARN_NO_HIST;

	/* TCK: XOR of T0 to TCK inclusive is zero. */
	if (pos < len) {
		xor = 0;
		for (i = 1; i <= pos; i++)
			xor ^= buf[i];
		if (need_tck || !xor) {
			atr->tck_present = true;
			atr->tck_valid = !xor;
			if (!need_tck)
				atr->warnings |= ATR_WARN_TCK_UNNEEDED;
			else if (xor)
				atr->errors |= ATR_ERR_TCK_BAD;
			pos++;
		}
	} else if (need_tck) {
		atr->errors |= ATR_ERR_TCK_MISSING;
	}
	if (pos < len)
		atr->errors |= ATR_ERR_EXTRA_BYTES;

	atr->len = (u8)pos;
	memcpy(atr->raw, buf, pos);
	return 0;
}

int ccid_atr_parse(const u8 *buf, size_t len, struct atr *atr)
{
	int ret;

	memset(atr, 0, sizeof(*atr));
	ret = atr_walk(buf, len, atr);
	if (ret)
		memset(atr, 0, sizeof(*atr));
	return ret;
}
