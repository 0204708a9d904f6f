// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit: T=1 blocks and engine (kernel/lib/t1.c) against a scripted card:
 * chaining both ways, retransmission, WTX, IFS, resynchronisation.
 */

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "../../kernel/lib/t1.c"
#include "t1_cases.h"

#define T1_TEST_RX	1024

static void t1_block_case_desc(const struct t1_block_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ccid_t1_block, t1_block_cases, t1_block_case_desc);

static void ccid_t1_block_test(struct kunit *test)
{
	const struct t1_block_case *c = test->param_value;
	u8 again[T1_BLOCK_MAX];
	struct t1_block b;
	int n;

	KUNIT_ASSERT_EQ(test, ccid_t1_block_parse(c->buf, c->len, c->crc, &b),
			c->ret);
	if (c->ret)
		return;
	KUNIT_EXPECT_EQ(test, b.kind, c->kind);
	KUNIT_EXPECT_EQ(test, b.pcb, c->pcb);
	KUNIT_EXPECT_EQ(test, b.len, c->inf_len);
	/* Building the decoded block gives the same bytes back. */
	n = ccid_t1_block_build(again, sizeof(again), b.nad, b.pcb, b.inf,
				b.len, c->crc);
	KUNIT_ASSERT_EQ(test, n, (int)c->len);
	KUNIT_EXPECT_EQ(test, memcmp(again, c->buf, c->len), 0);
}

static void ccid_t1_build_limits_test(struct kunit *test)
{
	u8 buf[T1_BLOCK_MAX], inf[T1_MAX_INF + 1] = {};

	KUNIT_EXPECT_EQ(test, ccid_t1_block_build(buf, sizeof(buf), 0, 0, inf,
						  T1_MAX_INF, true),
			T1_BLOCK_MAX);
	KUNIT_EXPECT_EQ(test, ccid_t1_block_build(buf, sizeof(buf), 0, 0, inf,
						  T1_MAX_INF + 1, false),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ccid_t1_block_build(buf, 5, 0, 0, inf, 2, false),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, ccid_t1_block_build(buf, sizeof(buf), 0, 0, NULL,
						  1, false), -EINVAL);
	/* CRC-16/MCRF4XX check value: the CRC of T=1 */
	KUNIT_EXPECT_EQ(test, t1_crc((const u8 *)"123456789", 9), 0x6f91);
}

static void t1_case_desc(const struct t1_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ccid_t1, t1_cases, t1_case_desc);

static void ccid_t1_test(struct kunit *test)
{
	const struct t1_case *c = test->param_value;
	struct t1_script s = { .c = c, .mismatch = -1 };
	struct ccid_t1 t1;
	size_t rx_len = 0, i;
	u8 *cmd, *rx;
	int ret;

	cmd = kunit_kzalloc(test, (size_t)c->cmd_len + 1, GFP_KERNEL);
	rx = kunit_kzalloc(test, T1_TEST_RX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, cmd);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, rx);
	for (i = 0; i < c->cmd_len; i++)
		cmd[i] = script_byte(T1_CMD_SEED, i);

	ccid_t1_init(&t1, c->ifsc, c->ifsd, c->crc);
	t1.ns = c->ns0;
	t1.nr = c->nr0;
	if (c->negotiate)
		ret = ccid_t1_negotiate_ifsd(&t1, t1_script_xfer, &s);
	else
		ret = ccid_t1_transceive(&t1, t1_script_xfer, &s, cmd,
					 c->cmd_len, rx,
					 c->rx_size ? c->rx_size : T1_TEST_RX,
					 &rx_len);
	KUNIT_EXPECT_EQ(test, ret, c->ret);
	KUNIT_EXPECT_EQ_MSG(test, s.mismatch, -1,
			    "block %d differs from the script", s.mismatch);
	KUNIT_EXPECT_EQ(test, s.idx, c->nsteps);
	KUNIT_EXPECT_EQ(test, t1.ifsc, c->ifsc_after ? c->ifsc_after : c->ifsc);
	KUNIT_EXPECT_EQ(test, t1.ifsd, c->ifsd_after ? c->ifsd_after : c->ifsd);
	KUNIT_EXPECT_EQ(test, t1.retransmits, c->retransmits);
	KUNIT_EXPECT_EQ(test, t1.resynchs, c->resynchs);
	KUNIT_EXPECT_EQ(test, t1.wtx_count, c->wtx_count);
	if (c->negotiate)
		return;
	KUNIT_EXPECT_EQ(test, t1.ns, c->ns);
	KUNIT_EXPECT_EQ(test, t1.nr, c->nr);
	if (ret)
		return;
	KUNIT_ASSERT_EQ(test, rx_len, (size_t)c->answer_len);
	for (i = 0; i < rx_len; i++)
		KUNIT_EXPECT_EQ(test, rx[i], script_byte(T1_ANS_SEED, i));
}

static struct kunit_case ccid_t1_block_test_cases[] = {
	KUNIT_CASE_PARAM(ccid_t1_block_test, ccid_t1_block_gen_params),
	KUNIT_CASE(ccid_t1_build_limits_test),
	{}
};

static struct kunit_suite ccid_t1_block_test_suite = {
	.name = "ccid_t1_block",
	.test_cases = ccid_t1_block_test_cases,
};

static struct kunit_case ccid_t1_test_cases[] = {
	KUNIT_CASE_PARAM(ccid_t1_test, ccid_t1_gen_params),
	{}
};

static struct kunit_suite ccid_t1_test_suite = {
	.name = "ccid_t1",
	.test_cases = ccid_t1_test_cases,
};

kunit_test_suites(&ccid_t1_block_test_suite, &ccid_t1_test_suite);

MODULE_DESCRIPTION("KUnit tests for the T=1 block protocol");
MODULE_LICENSE("Dual MIT/GPL");
