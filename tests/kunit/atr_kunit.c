// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit: ISO/IEC 7816-3 ATR parser (kernel/lib/atr.c).
 */

#include <kunit/test.h>
#include <linux/module.h>

#include "../../kernel/lib/atr.c"
#include "atr_cases.h"

static void atr_case_desc(const struct atr_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(atr_parse, atr_cases, atr_case_desc);

static void atr_parse_test(struct kunit *test)
{
	const struct atr_case *c = test->param_value;
	struct atr atr;
	int ret;

	ret = ccid_atr_parse(c->atr, c->len, &atr);
	KUNIT_ASSERT_EQ(test, ret, c->ret);
	if (ret) {
		/* A failed parse leaves nothing behind. */
		KUNIT_EXPECT_EQ(test, atr.len, 0);
		KUNIT_EXPECT_EQ(test, atr.hist_len, 0);
		return;
	}
	KUNIT_EXPECT_EQ(test, atr.errors, c->errors);
	KUNIT_EXPECT_EQ(test, atr.warnings, c->warnings);
	KUNIT_EXPECT_EQ(test, atr.protocols, c->protocols);
	KUNIT_EXPECT_EQ(test, atr.hist_len, c->hist_len);
	KUNIT_EXPECT_EQ(test, atr.tck_present, c->tck_present);
	KUNIT_EXPECT_EQ(test, atr.tck_valid, c->tck_valid);
	KUNIT_EXPECT_EQ(test, atr.len, c->atr_len);
	KUNIT_EXPECT_EQ(test, memcmp(atr.raw, c->atr, atr.len), 0);
	KUNIT_EXPECT_EQ(test, atr.inverse, !!(c->chk & ATR_CHK_INVERSE));
	if (c->hist_len) {
		size_t end = atr.len - (atr.tck_present ? 1 : 0);

		KUNIT_EXPECT_EQ(test, memcmp(atr.hist,
					     c->atr + end - c->hist_len,
					     c->hist_len), 0);
	}
	if (c->chk & ATR_CHK_FIDI)
		KUNIT_EXPECT_EQ(test, atr.fidi, c->fidi);
	if (c->chk & ATR_CHK_T1) {
		KUNIT_EXPECT_EQ(test, atr.ifsc, c->ifsc);
		KUNIT_EXPECT_EQ(test, atr.bwi, c->bwi);
		KUNIT_EXPECT_EQ(test, atr.cwi, c->cwi);
		KUNIT_EXPECT_EQ(test, atr.t1_crc, c->t1_crc);
	}
	if (c->chk & ATR_CHK_T15) {
		KUNIT_EXPECT_EQ(test, atr.clock_stop, c->clock_stop);
		KUNIT_EXPECT_EQ(test, atr.class_ind, c->class_ind);
	}
	KUNIT_EXPECT_EQ(test, atr.specific, !!(c->chk & ATR_CHK_SPECIFIC));
	if (c->chk & ATR_CHK_SPECIFIC) {
		KUNIT_EXPECT_EQ(test, atr.specific_protocol,
				c->specific_protocol);
		KUNIT_EXPECT_EQ(test, atr.specific_changeable,
				c->specific_changeable);
		KUNIT_EXPECT_EQ(test, atr.specific_implicit,
				c->specific_implicit);
	}
	if (c->chk & ATR_CHK_NGROUPS)
		KUNIT_EXPECT_EQ(test, atr.ngroups, c->ngroups);
}

/* Every prefix of a valid ATR is refused as truncated, never read past. */
static void atr_prefix_test(struct kunit *test)
{
	const struct atr_case *c = test->param_value;
	struct atr atr;
	size_t n;

	if (c->ret || c->errors & ATR_ERR_TCK_MISSING)
		return;
	for (n = 1; n < c->atr_len - (c->tck_present ? 1 : 0); n++)
		KUNIT_EXPECT_EQ_MSG(test, ccid_atr_parse(c->atr, n, &atr),
				    -EPROTO, "prefix of %zu bytes", n);
}

KUNIT_ARRAY_PARAM(atr_fidi, atr_fidi_cases, NULL);

static void atr_fidi_test(struct kunit *test)
{
	const struct atr_fidi_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, ccid_atr_fi(c->fidi), c->fi);
	KUNIT_EXPECT_EQ(test, ccid_atr_di(c->fidi), c->di);
	KUNIT_EXPECT_EQ(test, ccid_atr_fmax_khz(c->fidi), c->fmax_khz);
}

static struct kunit_case atr_test_cases[] = {
	KUNIT_CASE_PARAM(atr_parse_test, atr_parse_gen_params),
	KUNIT_CASE_PARAM(atr_prefix_test, atr_parse_gen_params),
	KUNIT_CASE_PARAM(atr_fidi_test, atr_fidi_gen_params),
	{}
};

static struct kunit_suite atr_test_suite = {
	.name = "ccid_atr",
	.test_cases = atr_test_cases,
};

kunit_test_suite(atr_test_suite);

MODULE_DESCRIPTION("KUnit tests for the ISO 7816-3 ATR parser");
MODULE_LICENSE("Dual MIT/GPL");
