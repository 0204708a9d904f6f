// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit: CCID message framing (kernel/lib/ccid_msg.c): request headers,
 * bulk replies (including ones whose dwLength lies) and interrupt
 * messages.
 */

#include <kunit/test.h>
#include <linux/module.h>

#include "../../kernel/lib/ccid_msg.c"
#include "ccid_msg_cases.h"

static void ccid_msg_header_test(struct kunit *test)
{
	static const u8 expect[CCID_HDR_LEN] = {
		0x6f, 0x05, 0x01, 0x00, 0x00, 0x02, 0x7f, 0x04, 0x00, 0x01,
	};
	u8 buf[CCID_HDR_LEN + 1];

	memset(buf, 0xaa, sizeof(buf));
	ccid_msg_header(buf, PC_TO_RDR_XFR_BLOCK, 0x105, 2, 0x7f, 4, 0, 1);
	KUNIT_EXPECT_EQ(test, memcmp(buf, expect, CCID_HDR_LEN), 0);
	KUNIT_EXPECT_EQ(test, buf[CCID_HDR_LEN], 0xaa);	/* no overrun */
}

static void reply_case_desc(const struct reply_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ccid_reply, reply_cases, reply_case_desc);

static void ccid_reply_test(struct kunit *test)
{
	const struct reply_case *c = test->param_value;
	struct ccid_reply r;

	KUNIT_ASSERT_EQ(test, ccid_reply_parse(c->buf, c->len, &r), c->ret);
	if (c->ret)
		return;
	KUNIT_EXPECT_EQ(test, r.type, c->type);
	KUNIT_EXPECT_EQ(test, r.length, c->length);
	KUNIT_EXPECT_EQ(test, r.slot, c->slot);
	KUNIT_EXPECT_EQ(test, r.seq, c->seq);
	KUNIT_EXPECT_EQ(test, r.status, c->status);
	KUNIT_EXPECT_EQ(test, r.error, c->error);
	KUNIT_EXPECT_EQ(test, r.param, c->param);
	KUNIT_EXPECT_PTR_EQ(test, r.data, (const u8 *)c->buf + CCID_HDR_LEN);
	KUNIT_EXPECT_EQ(test, ccid_reply_errno(&r), c->err);
}

static void notify_case_desc(const struct notify_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ccid_notify, notify_cases, notify_case_desc);

static void ccid_notify_test(struct kunit *test)
{
	const struct notify_case *c = test->param_value;
	struct ccid_notify n;

	KUNIT_ASSERT_EQ(test, ccid_notify_parse(c->buf, c->len, c->max_slots,
						&n), c->ret);
	if (c->ret)
		return;
	KUNIT_EXPECT_EQ(test, n.type, c->type);
	KUNIT_EXPECT_EQ(test, n.nslots, c->nslots);
	KUNIT_EXPECT_EQ(test, n.present, c->present);
	KUNIT_EXPECT_EQ(test, n.changed, c->changed);
	KUNIT_EXPECT_EQ(test, n.slot, c->slot);
	KUNIT_EXPECT_EQ(test, n.seq, c->seq);
	KUNIT_EXPECT_EQ(test, n.code, c->code);
}

static struct kunit_case ccid_msg_test_cases[] = {
	KUNIT_CASE(ccid_msg_header_test),
	KUNIT_CASE_PARAM(ccid_reply_test, ccid_reply_gen_params),
	KUNIT_CASE_PARAM(ccid_notify_test, ccid_notify_gen_params),
	{}
};

static struct kunit_suite ccid_msg_test_suite = {
	.name = "ccid_msg",
	.test_cases = ccid_msg_test_cases,
};

kunit_test_suite(ccid_msg_test_suite);

MODULE_DESCRIPTION("KUnit tests for CCID message framing");
MODULE_LICENSE("Dual MIT/GPL");
