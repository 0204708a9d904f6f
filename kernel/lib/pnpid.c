// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Windows-form smart card PnP IDs and the modalias derived from them.
 */

#include "pnpid.h"
#include "atr.h"
#include "cardid.h"

#define PNP_PREFIX_LEN		(sizeof(SCF_PNP_PREFIX) - 1)
#define MODALIAS_PREFIX_LEN	(sizeof(SCF_MODALIAS_PREFIX) - 1)

static const char hex_lower[] = "0123456789abcdef";
static const char hex_upper[] = "0123456789ABCDEF";

/*
 * Registry form of a GUID: Data1 (4 bytes), Data2, Data3 (2 bytes each)
 * little-endian, then Data4 as stored. Each entry is the byte index to
 * print; PNP_GUID_DASH places a dash.
 */
#define PNP_GUID_DASH		0xFF
static const u8 guid_order[] = {
	3, 2, 1, 0, PNP_GUID_DASH, 5, 4, PNP_GUID_DASH, 7, 6, PNP_GUID_DASH,
	8, 9, PNP_GUID_DASH, 10, 11, 12, 13, 14, 15,
};

int scf_pnp_id_hist(const u8 *hist, size_t len, char *out, size_t size)
{
	size_t i, n;

	if (!len || len > ATR_MAX_HIST)
		return -EINVAL;
	n = PNP_PREFIX_LEN + 2 * len;
	if (size <= n)
		return -EOVERFLOW;
	memcpy(out, SCF_PNP_PREFIX, PNP_PREFIX_LEN);
	for (i = 0; i < len; i++) {
		out[PNP_PREFIX_LEN + 2 * i] = hex_lower[hist[i] >> 4];
		out[PNP_PREFIX_LEN + 2 * i + 1] = hex_lower[hist[i] & 0x0F];
	}
	out[n] = '\0';
	return (int)n;
}

int scf_pnp_id_guid(const u8 *guid, char *out, size_t size)
{
	size_t i, n = PNP_PREFIX_LEN;

	/* 32 hex digits and 4 dashes */
	if (size <= PNP_PREFIX_LEN + 2 * SCF_GUID_LEN + 4)
		return -EOVERFLOW;
	memcpy(out, SCF_PNP_PREFIX, PNP_PREFIX_LEN);
	for (i = 0; i < ARRAY_SIZE(guid_order); i++) {
		u8 b;

		if (guid_order[i] == PNP_GUID_DASH) {
			out[n++] = '-';
			continue;
		}
		b = guid[guid_order[i]];
		out[n++] = hex_upper[b >> 4];
		out[n++] = hex_upper[b & 0x0F];
	}
	out[n] = '\0';
	return (int)n;
}

static bool pnp_is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

int scf_modalias(const char *pnp_id, char *out, size_t size)
{
	const char *p;
	size_t n;

	if (strncmp(pnp_id, SCF_PNP_PREFIX, PNP_PREFIX_LEN))
		return -EINVAL;
	p = pnp_id + PNP_PREFIX_LEN;
	if (!*p)
		return -EINVAL;
	if (size <= MODALIAS_PREFIX_LEN)
		return -EOVERFLOW;
	memcpy(out, SCF_MODALIAS_PREFIX, MODALIAS_PREFIX_LEN);
	n = MODALIAS_PREFIX_LEN;
	for (; *p; p++) {
		char c = *p;

		if (c == '-')
			continue;
		if (!pnp_is_hex(c))
			return -EINVAL;
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (n + 1 >= size)
			return -EOVERFLOW;
		out[n++] = c;
	}
	out[n] = '\0';
	return (int)n;
}
