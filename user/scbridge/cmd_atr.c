// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge atr HEX... [--json]: decode an answer to reset with the parser
 * the kernel uses (kernel/lib/atr.c). Contract
 * (Documentation/scbridge-atr.rst): exit 0 whenever the ATR can be walked,
 * listing every ISO/IEC 7816-3 violation under "errors"; exit 1 with a
 * message on stderr when it cannot (empty, bad TS, truncated, longer than
 * 33 bytes); exit 2 for a usage error (no or non-hex input).
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "atr.h"
#include "commands.h"
#include "pnpid.h"

/* Input longer than this is refused before parsing (far beyond 33 bytes) */
#define ATR_INPUT_MAX	256

struct atr_flag_text {
	u32 flag;
	const char *code;
	const char *message;
};

static const struct atr_flag_text atr_error_text[] = {
	{ ATR_ERR_TCK_MISSING, "tck-missing",
	  "TCK missing: a protocol other than T=0 is offered" },
	{ ATR_ERR_TCK_BAD, "tck-bad",
	  "TCK wrong: the XOR of T0 to TCK is not zero" },
	{ ATR_ERR_EXTRA_BYTES, "extra-bytes",
	  "bytes after the end of the ATR" },
	{ ATR_ERR_T15_IN_TD1, "t15-in-td1",
	  "TD1 announces T=15, which only global bytes may use" },
	{ ATR_ERR_T_ORDER, "protocol-order",
	  "protocols are not in ascending order" },
	{ ATR_ERR_TA2_T, "ta2-protocol",
	  "TA2 names a protocol the ATR does not offer" },
	{ ATR_ERR_RESERVED_FIDI, "ta1-reserved",
	  "TA1 uses a reserved Fi or Di value" },
	{ ATR_ERR_IFSC, "ifsc-reserved",
	  "T=1 IFSC is 0x00 or 0xFF (reserved)" },
};

static const struct atr_flag_text atr_warning_text[] = {
	{ ATR_WARN_TCK_UNNEEDED, "tck-unneeded",
	  "TCK present though only T=0 is offered" },
	{ ATR_WARN_NO_HIST, "no-historical-bytes",
	  "no historical bytes: the card cannot be named from its ATR" },
	{ ATR_WARN_TB1_DEPRECATED, "tb-deprecated",
	  "TB1 or TB2 (programming voltage) present, deprecated since ISO/IEC 7816-3:2006" },
};

static void atr_usage(FILE *f)
{
	fprintf(f, "usage: scbridge atr [--json] HEX...\n"
		   "  Decode an answer to reset given in hex (spaces and colons allowed).\n"
		   "  Exit 0 when the ATR can be walked (violations are listed),\n"
		   "  1 when it cannot, 2 on a usage error.\n");
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Collect the bytes of every argument; separators are blanks and ':'. */
static int parse_hex_args(int argc, char **argv, u8 *buf, size_t size,
			  size_t *len)
{
	int hi = -1, i;
	const char *p;

	*len = 0;
	for (i = 0; i < argc; i++) {
		for (p = argv[i]; *p; p++) {
			int v;

			if (isspace((unsigned char)*p) || *p == ':') {
				if (hi >= 0)
					return -1;	/* odd digit before a separator */
				continue;
			}
			v = hexval((unsigned char)*p);
			if (v < 0)
				return -1;
			if (hi < 0) {
				hi = v;
				continue;
			}
			if (*len >= size)
				return -2;
			buf[(*len)++] = (u8)(hi << 4 | v);
			hi = -1;
		}
		if (hi >= 0)
			return -1;
	}
	return 0;
}

static const char *atr_strerror(int ret)
{
	switch (ret) {
	case -ENODATA:
		return "empty ATR";
	case -EINVAL:
		return "bad TS: neither 3B (direct) nor 3F (inverse convention)";
	case -EMSGSIZE:
		return "longer than 33 bytes (ISO/IEC 7816-3 8.2.1)";
	case -EPROTO:
		return "truncated: T0, an interface byte or a historical byte is missing";
	default:
		return "cannot be walked";
	}
}

static void hex_string(const u8 *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 0x0F];
	}
	out[2 * n] = '\0';
}

static json_t *flags_json(u32 flags, const struct atr_flag_text *t, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		if (flags & t[i].flag)
			json_array_append_new(arr, json_pack("{s:s, s:s}",
							     "code", t[i].code,
							     "message",
							     t[i].message));
	}
	return arr;
}

static const char ta_names[4][3] = { "TA", "TB", "TC", "TD" };

static json_t *groups_json(const struct atr *atr)
{
	json_t *arr = json_array();
	unsigned int i, b;

	for (i = 0; i < atr->ngroups; i++) {
		const struct atr_group *g = &atr->groups[i];
		const u8 vals[4] = { g->ta, g->tb, g->tc, g->td };
		json_t *o = json_pack("{s:i}", "i", (int)i + 1);

		for (b = 0; b < 4; b++) {
			if (g->present & (1U << b))
				json_object_set_new(o, ta_names[b],
						    json_integer(vals[b]));
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *atr_json(const struct atr *atr, size_t input_len,
			const char *pnp_id)
{
	char hex[2 * ATR_MAX_LEN + 1], hist[2 * ATR_MAX_HIST + 1];
	json_t *o, *protos = json_array(), *t1 = json_null();
	unsigned int t;

	hex_string(atr->raw, atr->len, hex);
	hex_string(atr->hist, atr->hist_len, hist);
	for (t = 0; t < 15; t++) {
		if (atr->protocols & (1U << t))
			json_array_append_new(protos, json_integer(t));
	}
	if (atr->protocols & (1U << ATR_T1))
		t1 = json_pack("{s:i, s:i, s:i, s:s}", "ifsc", atr->ifsc,
			       "bwi", atr->bwi, "cwi", atr->cwi, "edc",
			       atr->t1_crc ? "crc" : "lrc");

	o = json_pack("{s:s, s:i, s:i, s:s, s:i, s:o, s:s, s:i, s:o, s:i}",
		      "atr", hex, "length", atr->len,
		      "input_length", (int)input_len,
		      "convention", atr->inverse ? "inverse" : "direct",
		      "t0", atr->t0, "interface_bytes", groups_json(atr),
		      "historical_bytes", hist,
		      "historical_length", atr->hist_len,
		      "protocols", protos,
		      "first_protocol", atr->first_protocol);
	json_object_set_new(o, "tck", json_pack("{s:b, s:b}",
						"present", atr->tck_present,
						"valid", atr->tck_valid));
	json_object_set_new(o, "pnp_id",
			    pnp_id ? json_string(pnp_id) : json_null());
	json_object_set_new(o, "fi", json_integer(ccid_atr_fi(atr->fidi)));
	json_object_set_new(o, "di", json_integer(ccid_atr_di(atr->fidi)));
	json_object_set_new(o, "fmax_khz",
			    json_integer(ccid_atr_fmax_khz(atr->fidi)));
	json_object_set_new(o, "extra_guard_time", json_integer(atr->n));
	json_object_set_new(o, "specific_mode", atr->specific ?
			    json_pack("{s:i, s:b, s:b}",
				      "protocol", atr->specific_protocol,
				      "changeable", atr->specific_changeable,
				      "implicit", atr->specific_implicit) :
			    json_null());
	json_object_set_new(o, "t0_wi", json_integer(atr->wi));
	json_object_set_new(o, "t1", t1);
	json_object_set_new(o, "clock_stop", json_integer(atr->clock_stop));
	json_object_set_new(o, "class_indicator",
			    json_integer(atr->class_ind));
	json_object_set_new(o, "errors",
			    flags_json(atr->errors, atr_error_text,
				       sizeof(atr_error_text) /
				       sizeof(atr_error_text[0])));
	json_object_set_new(o, "warnings",
			    flags_json(atr->warnings, atr_warning_text,
				       sizeof(atr_warning_text) /
				       sizeof(atr_warning_text[0])));
	return o;
}

static void print_flags(const char *title, u32 flags,
			const struct atr_flag_text *t, size_t n)
{
	size_t i;

	printf("%s:%s\n", title, flags ? "" : " none");
	for (i = 0; i < n; i++) {
		if (flags & t[i].flag)
			printf("  %s: %s\n", t[i].code, t[i].message);
	}
}

static void atr_text(const struct atr *atr, const char *pnp_id)
{
	unsigned int i, b, t;

	printf("ATR:");
	for (i = 0; i < atr->len; i++)
		printf(" %02x", atr->raw[i]);
	printf("\nConvention: %s\n", atr->inverse ? "inverse" : "direct");
	printf("T0 = 0x%02x: %u historical bytes\n", atr->t0, atr->hist_len);
	for (i = 0; i < atr->ngroups; i++) {
		const struct atr_group *g = &atr->groups[i];
		const u8 vals[4] = { g->ta, g->tb, g->tc, g->td };

		for (b = 0; b < 4; b++) {
			if (g->present & (1U << b))
				printf("%s%u = 0x%02x\n", ta_names[b], i + 1,
				       vals[b]);
		}
	}
	printf("Fi = %u, Di = %u, f(max) = %u kHz, extra guard time %u\n",
	       ccid_atr_fi(atr->fidi), ccid_atr_di(atr->fidi),
	       ccid_atr_fmax_khz(atr->fidi), atr->n);
	printf("Protocols:");
	for (t = 0; t < 15; t++) {
		if (atr->protocols & (1U << t))
			printf(" T=%u", t);
	}
	printf("\n");
	if (atr->specific)
		printf("Specific mode: T=%u%s%s\n", atr->specific_protocol,
		       atr->specific_changeable ? ", changeable" : "",
		       atr->specific_implicit ? ", implicit parameters" : "");
	if (atr->protocols & (1U << ATR_T0))
		printf("T=0: WI %u\n", atr->wi);
	if (atr->protocols & (1U << ATR_T1))
		printf("T=1: IFSC %u, BWI %u, CWI %u, %s\n", atr->ifsc,
		       atr->bwi, atr->cwi, atr->t1_crc ? "CRC" : "LRC");
	printf("Historical bytes:");
	for (i = 0; i < atr->hist_len; i++)
		printf(" %02x", atr->hist[i]);
	if (atr->hist_len) {
		printf(" (\"");
		for (i = 0; i < atr->hist_len; i++)
			putchar(isprint(atr->hist[i]) ? atr->hist[i] : '.');
		printf("\")");
	}
	printf("\nTCK: %s\n", !atr->tck_present ? "absent" :
	       atr->tck_valid ? "present, valid" : "present, WRONG");
	printf("PnP ID: %s\n", pnp_id ? pnp_id : "(none: no historical bytes)");
	print_flags("Errors", atr->errors, atr_error_text,
		    sizeof(atr_error_text) / sizeof(atr_error_text[0]));
	print_flags("Warnings", atr->warnings, atr_warning_text,
		    sizeof(atr_warning_text) / sizeof(atr_warning_text[0]));
}

int cmd_atr(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	char pnp_id[SCF_PNP_ID_MAX];
	u8 buf[ATR_INPUT_MAX];
	bool json = false;
	struct atr atr;
	size_t len;
	int c, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			atr_usage(stdout);
			return 0;
		default:
			atr_usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		atr_usage(stderr);
		return 2;
	}
	ret = parse_hex_args(argc - optind, argv + optind, buf, sizeof(buf),
			     &len);
	if (ret == -2) {
		fprintf(stderr, "scbridge: atr: %s\n", atr_strerror(-EMSGSIZE));
		return 1;
	}
	if (ret) {
		fprintf(stderr, "scbridge: atr: not a hex byte string\n");
		return 2;
	}

	ret = ccid_atr_parse(buf, len, &atr);
	if (ret) {
		fprintf(stderr, "scbridge: atr: %s\n", atr_strerror(ret));
		return 1;
	}
	if (!atr.hist_len ||
	    scf_pnp_id_hist(atr.hist, atr.hist_len, pnp_id, sizeof(pnp_id)) < 0)
		pnp_id[0] = '\0';

	if (json) {
		json_t *o = atr_json(&atr, len, pnp_id[0] ? pnp_id : NULL);

		if (!o || json_dumpf(o, stdout, JSON_INDENT(2)) < 0) {
			json_decref(o);
			fprintf(stderr, "scbridge: atr: out of memory\n");
			return 1;
		}
		putchar('\n');
		json_decref(o);
	} else {
		atr_text(&atr, pnp_id[0] ? pnp_id : NULL);
	}
	return 0;
}
