// SPDX-License-Identifier: GPL-2.0
/*
 * ccid-gadget: the scenario file. One "KEY VALUE" per line, '#' starts a
 * comment. Reader keys are the column names of readers.tsv (so a row
 * becomes a scenario file by pairing header and values), card keys start
 * with "card":
 *
 *   idVendor 0x08e6            idProduct 0x3478      product NAME
 *   bInterfaceClass 0x0B       bInterfaceSubClass 0  bInterfaceProtocol 0
 *   bNumEndpoints 3 (bulk pair + interrupt-IN) | 2 (bulk pair, polled)
 *                 | 1 (interrupt-IN only) | 0
 *   bLength 0x36  bcdCCID 1.10 (or 0x0110)  bMaxSlotIndex  bVoltageSupport
 *   dwProtocols  dwDefaultClock  dwMaximumClock  bNumClockSupported
 *   dwDataRate  dwMaxDataRate  bNumDataRatesSupported  dwMaxIFSD
 *   dwSynchProtocols  dwMechanical  dwFeatures  dwMaxCCIDMessageLength
 *   bClassGetResponse  bClassEnvelope  wLcdLayout  bPINSupport
 *   bMaxCCIDBusySlots
 *   serial TEXT   manufacturer TEXT   delay_ms N (per XfrBlock)
 *   name TEXT (ignored)
 *   fault_* KEYS: hostile descriptors, see fault.c
 *
 *   card S|* atr HEX        the ATR, verbatim
 *   card S|* atr+tck HEX    the ATR, TCK computed and appended
 *   card S|* absent         no card in the slot at start
 *   card S|* pin DIGITS     the card's PIN (default 1234)
 *
 * Numbers are C literals (0x.. hex, else decimal). Empty values keep the
 * default: a one-slot TPDU reader, T=0 and T=1, 271-byte messages, with an
 * interrupt endpoint, holding a T=0 card.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fault.h"
#include "gadget.h"

/* Byte offsets of the class descriptor (CCID 1.1, table 5.1-1) */
static const struct {
	const char *name;
	unsigned int off, size;
} fields[] = {
	{ "bLength", 0, 1 },
	{ "bcdCCID", 2, 2 },
	{ "bMaxSlotIndex", 4, 1 },
	{ "bVoltageSupport", 5, 1 },
	{ "dwProtocols", 6, 4 },
	{ "dwDefaultClock", 10, 4 },
	{ "dwMaximumClock", 14, 4 },
	{ "bNumClockSupported", 18, 1 },
	{ "dwDataRate", 19, 4 },
	{ "dwMaxDataRate", 23, 4 },
	{ "bNumDataRatesSupported", 27, 1 },
	{ "dwMaxIFSD", 28, 4 },
	{ "dwSynchProtocols", 32, 4 },
	{ "dwMechanical", 36, 4 },
	{ "dwFeatures", 40, 4 },
	{ "dwMaxCCIDMessageLength", 44, 4 },
	{ "bClassGetResponse", 48, 1 },
	{ "bClassEnvelope", 49, 1 },
	{ "wLcdLayout", 50, 2 },
	{ "bPINSupport", 52, 1 },
	{ "bMaxCCIDBusySlots", 53, 1 },
};

static const u8 default_atr[] = {	/* QEMU's emulated card, T=0 */
	0x3B, 0x7A, 0x18, 0x00, 0x00, 0x73, 0x66, 0x74, 0x65, 0x20, 0x63,
	0x64, 0x31, 0x34, 0x34,
};

int unhex(const char *s, u8 *out, size_t max)
{
	size_t n = 0;
	unsigned int v;

	while (*s) {
		if (*s == ' ' || *s == ':' || *s == '\t') {
			s++;
			continue;
		}
		if (n >= max || sscanf(s, "%2x", &v) != 1)
			return -1;
		out[n++] = (u8)v;
		s += 2;
	}
	return (int)n;
}

static void put_field(u8 *d, unsigned int off, unsigned int size, u32 v)
{
	if (size == 1)
		d[off] = (u8)v;
	else if (size == 2)
		put_unaligned_le16((u16)v, d + off);
	else
		put_unaligned_le32(v, d + off);
}

/* "1.10" -> 0x0110, "10.00" -> 0x1000, "0x0110" -> 0x0110 */
static u32 bcd_version(const char *v)
{
	unsigned int major, minor;

	if (!strncasecmp(v, "0x", 2))
		return (u32)strtoul(v, NULL, 16);
	if (sscanf(v, "%u.%u", &major, &minor) == 2)
		return (major / 10) << 12 | (major % 10) << 8 |
		       (minor / 10) << 4 | (minor % 10);
	return (u32)strtoul(v, NULL, 16);
}

static void defaults(struct gadget *g)
{
	static const struct { unsigned int i; u32 v; } d[] = {
		{ 0, CCID_DESC_LEN }, { 1, 0x0110 }, { 2, 0 }, { 3, 0x07 },
		{ 4, 0x03 }, { 5, 4000 }, { 6, 4000 }, { 7, 0 },
		{ 8, 10752 }, { 9, 344100 }, { 10, 0 }, { 11, 254 },
		{ 12, 0 }, { 13, 0 }, { 14, 0x000100BA }, { 15, 271 },
		{ 16, 0 }, { 17, 0 }, { 18, 0 }, { 19, 0 }, { 20, 1 },
	};
	unsigned int i;

	g->vid = 0x08e6;
	g->pid = 0x3437;
	g->bcd_device = 0x0100;
	g->intf_class = CCID_CLASS;
	g->num_eps = 3;
	strcpy(g->manufacturer, "scpnp");
	strcpy(g->product, "ccid-gadget");
	strcpy(g->serial, "GADGET0001");
	g->desc[1] = CCID_DESC_TYPE;
	for (i = 0; i < ARRAY_SIZE(d); i++)
		put_field(g->desc, fields[d[i].i].off, fields[d[i].i].size,
			  d[i].v);
	for (i = 0; i < G_MAX_SLOTS; i++) {
		g->slots[i].present = true;
		card_set_atr(&g->slots[i], default_atr, sizeof(default_atr),
			     false);
	}
}

static int card_key(struct gadget *g, char *rest, const char *path, int line)
{
	char *slot = strtok(rest, " \t"), *key = strtok(NULL, " \t");
	char *val = strtok(NULL, "");
	unsigned int i, lo = 0, hi = G_MAX_SLOTS;
	u8 atr[ATR_MAX_LEN];
	int n;

	if (!slot || !key)
		goto bad;
	if (strcmp(slot, "*")) {
		lo = (unsigned int)strtoul(slot, NULL, 0);
		if (lo >= G_MAX_SLOTS)
			goto bad;
		hi = lo + 1;
	}
	for (i = lo; i < hi; i++) {
		struct g_slot *s = &g->slots[i];

		if (!strcmp(key, "absent")) {
			s->present = false;
		} else if (!strcmp(key, "atr") || !strcmp(key, "atr+tck")) {
			n = val ? unhex(val, atr, sizeof(atr)) : -1;
			if (n < 0 || card_set_atr(s, atr, (size_t)n,
						  key[3] == '+'))
				goto bad;
		} else if (!strcmp(key, "pin") && val &&
			   strlen(val) <= G_PIN_MAX) {
			strcpy(s->pin, val);
		} else {
			goto bad;
		}
	}
	return 0;
bad:
	fprintf(stderr, "%s:%d: bad card line\n", path, line);
	return -1;
}

int conf_load(struct gadget *g, const char *path)
{
	char buf[1024];
	int line = 0;
	FILE *f;

	defaults(g);
	f = fopen(path, "r");
	if (!f) {
		perror(path);
		return -1;
	}
	while (fgets(buf, sizeof(buf), f)) {
		char *key, *val, *p;
		unsigned int i;
		u32 v;

		line++;
		p = strchr(buf, '#');
		if (p)
			*p = 0;
		buf[strcspn(buf, "\r\n")] = 0;
		key = strtok(buf, " \t");
		if (!key)
			continue;
		val = strtok(NULL, "");
		while (val && (*val == ' ' || *val == '\t'))
			val++;
		if (!strcmp(key, "card")) {
			if (!val || card_key(g, val, path, line))
				goto err;
			continue;
		}
		if (!val || !*val)
			continue;	/* empty cell: keep the default */
		v = (u32)strtoul(val, NULL, 0);
		if (!strcmp(key, "name")) {
			continue;
		} else if (!strcmp(key, "idVendor")) {
			g->vid = (u16)v;
		} else if (!strcmp(key, "idProduct")) {
			g->pid = (u16)v;
		} else if (!strcmp(key, "product")) {
			snprintf(g->product, sizeof(g->product), "%s", val);
		} else if (!strcmp(key, "manufacturer")) {
			snprintf(g->manufacturer, sizeof(g->manufacturer), "%s",
				 val);
		} else if (!strcmp(key, "serial")) {
			snprintf(g->serial, sizeof(g->serial), "%s", val);
		} else if (!strcmp(key, "bInterfaceClass")) {
			g->intf_class = (u8)v;
		} else if (!strcmp(key, "bInterfaceSubClass")) {
			g->intf_subclass = (u8)v;
		} else if (!strcmp(key, "bInterfaceProtocol")) {
			g->intf_protocol = (u8)v;
		} else if (!strcmp(key, "bNumEndpoints")) {
			g->num_eps = (int)v;
		} else if (!strcmp(key, "delay_ms")) {
			g->delay_ms = v;
		} else if (!strncmp(key, "fault_", 6)) {
			if (fault_conf(g, key, val)) {
				fprintf(stderr, "%s:%d: bad fault %s\n", path,
					line, key);
				goto err;
			}
		} else {
			for (i = 0; i < ARRAY_SIZE(fields); i++)
				if (!strcmp(key, fields[i].name))
					break;
			if (i == ARRAY_SIZE(fields)) {
				fprintf(stderr, "%s:%d: unknown key %s\n", path,
					line, key);
				goto err;
			}
			if (!strcmp(key, "bcdCCID"))
				v = bcd_version(val);
			put_field(g->desc, fields[i].off, fields[i].size, v);
		}
	}
	fclose(f);

	/* What the reader side needs of its own descriptor */
	{
		u8 tmp[CCID_DESC_LEN];

		memcpy(tmp, g->desc, sizeof(tmp));
		tmp[0] = CCID_DESC_LEN;
		ccid_desc_parse(tmp, sizeof(tmp), &g->d);
	}
	g->nslots = (unsigned int)g->d.max_slot_index + 1;
	if (g->nslots > G_MAX_SLOTS)
		g->nslots = G_MAX_SLOTS;
	if (!g->d.max_message || g->d.max_message > G_MSG_MAX)
		g->d.max_message = G_MSG_MAX;
	if (g->d.max_message < CCID_HDR_LEN + 1)
		g->d.max_message = CCID_HDR_LEN + 1;
	g->has_int = g->num_eps == 3 || g->num_eps == 1;
	return 0;
err:
	fclose(f);
	return -1;
}
