// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit: APDU case parsing and the T=0 case mapping (kernel/lib/apdu.c)
 * against a fake slot with a scripted card: 61xx chains, 6Cxx re-issue,
 * case 4 as case 3 plus GET RESPONSE, raw mode, failures.
 */

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "../../kernel/lib/apdu.c"
#include "apdu_cases.h"

#define T0_TEST_RX	1024

static void apdu_case_desc(const struct apdu_test *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ccid_apdu, apdu_cases, apdu_case_desc);

static void ccid_apdu_parse_test(struct kunit *test)
{
	const struct apdu_test *c = test->param_value;
	struct apdu a;

	KUNIT_ASSERT_EQ(test, ccid_apdu_parse(c->buf, c->len, &a), c->ret);
	if (c->ret)
		return;
	KUNIT_EXPECT_EQ(test, a.cla, c->buf[0]);
	KUNIT_EXPECT_EQ(test, a.ins, c->buf[1]);
	KUNIT_EXPECT_EQ(test, a.p1, c->buf[2]);
	KUNIT_EXPECT_EQ(test, a.p2, c->buf[3]);
	KUNIT_EXPECT_EQ(test, a.kind, c->kind);
	KUNIT_EXPECT_EQ(test, a.lc, c->lc);
	KUNIT_EXPECT_EQ(test, a.le, c->le);
	if (c->data_off < 0)
		KUNIT_EXPECT_PTR_EQ(test, a.data, NULL);
	else
		KUNIT_EXPECT_PTR_EQ(test, a.data,
				    (const u8 *)c->buf + c->data_off);
}

static void t0_case_desc(const struct t0_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ccid_t0, t0_cases, t0_case_desc);

static void ccid_t0_test(struct kunit *test)
{
	const struct t0_case *c = test->param_value;
	struct t0_script s = { .c = c, .mismatch = -1 };
	size_t rx_len = 0, exp_len;
	u8 *rx, *exp;
	int ret;

	rx = kunit_kzalloc(test, T0_TEST_RX, GFP_KERNEL);
	exp = kunit_kzalloc(test, T0_TEST_RX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, rx);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, exp);

	ret = ccid_t0_transceive(t0_script_xfer, &s, c->cmd, c->cmd_len, rx,
				 c->rx_size ? c->rx_size : T0_TEST_RX, &rx_len,
				 c->raw);
	KUNIT_EXPECT_EQ(test, ret, c->ret);
	KUNIT_EXPECT_EQ_MSG(test, s.mismatch, -1,
			    "TPDU %d differs from the script", s.mismatch);
	KUNIT_EXPECT_EQ(test, s.idx, c->nsteps);
	if (ret)
		return;
	exp_len = t0_expected(c, exp, T0_TEST_RX);
	KUNIT_ASSERT_EQ(test, rx_len, exp_len);
	KUNIT_EXPECT_EQ(test, memcmp(rx, exp, exp_len), 0);
}

/* Nc up to 255 goes as one TPDU; 256 would need ENVELOPE: refused. */
static void ccid_t0_long_test(struct kunit *test)
{
	struct t0_step step = { .tx_len = 0 };
	struct t0_case c = { .name = "long", .nsteps = 1 };
	struct t0_script s = { .c = &c, .mismatch = -1 };
	u8 cmd[4 + 3 + 256], rx[8];
	size_t rx_len;

	memset(cmd, 0x55, sizeof(cmd));
	cmd[0] = 0x00;
	cmd[1] = 0xd6;
	cmd[2] = 0x00;
	cmd[3] = 0x00;
	cmd[4] = 0x00;		/* extended Lc 0x0100 */
	cmd[5] = 0x01;
	cmd[6] = 0x00;
	c.steps[0] = step;
	KUNIT_EXPECT_EQ(test, ccid_t0_transceive(t0_script_xfer, &s, cmd,
						 sizeof(cmd), rx, sizeof(rx),
						 &rx_len, false), -EINVAL);
	KUNIT_EXPECT_EQ(test, s.calls, 0U);
}

static struct kunit_case ccid_apdu_test_cases[] = {
	KUNIT_CASE_PARAM(ccid_apdu_parse_test, ccid_apdu_gen_params),
	{}
};

static struct kunit_suite ccid_apdu_test_suite = {
	.name = "ccid_apdu",
	.test_cases = ccid_apdu_test_cases,
};

static struct kunit_case ccid_t0_test_cases[] = {
	KUNIT_CASE_PARAM(ccid_t0_test, ccid_t0_gen_params),
	KUNIT_CASE(ccid_t0_long_test),
	{}
};

static struct kunit_suite ccid_t0_test_suite = {
	.name = "ccid_t0",
	.test_cases = ccid_t0_test_cases,
};

kunit_test_suites(&ccid_apdu_test_suite, &ccid_t0_test_suite);

MODULE_DESCRIPTION("KUnit tests for APDU cases and the T=0 mapping");
MODULE_LICENSE("Dual MIT/GPL");
