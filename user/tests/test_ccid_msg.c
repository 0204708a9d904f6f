// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka: CCID message framing over the KUnit vectors.
 */
#include "ccid_msg.c"
#include "ccid_msg_cases.h"
#include "table.h"

static void reply_test(void **state)
{
	const struct reply_case *c = *state;
	struct ccid_reply r;

	assert_int_equal(ccid_reply_parse(c->buf, c->len, &r), c->ret);
	if (c->ret)
		return;
	assert_int_equal(r.type, c->type);
	assert_int_equal(r.length, c->length);
	assert_int_equal(r.slot, c->slot);
	assert_int_equal(r.seq, c->seq);
	assert_int_equal(r.status, c->status);
	assert_int_equal(r.error, c->error);
	assert_int_equal(r.param, c->param);
	assert_ptr_equal(r.data, c->buf + CCID_HDR_LEN);
	assert_int_equal(ccid_reply_errno(&r), c->err);
}

static void notify_test(void **state)
{
	const struct notify_case *c = *state;
	struct ccid_notify n;

	assert_int_equal(ccid_notify_parse(c->buf, c->len, c->max_slots, &n),
			 c->ret);
	if (c->ret)
		return;
	assert_int_equal(n.type, c->type);
	assert_int_equal(n.nslots, c->nslots);
	assert_int_equal(n.present, c->present);
	assert_int_equal(n.changed, c->changed);
	assert_int_equal(n.slot, c->slot);
	assert_int_equal(n.seq, c->seq);
	assert_int_equal(n.code, c->code);
}

static void header_test(void **state)
{
	static const u8 expect[CCID_HDR_LEN] = {
		0x6f, 0x05, 0x01, 0x00, 0x00, 0x02, 0x7f, 0x04, 0x00, 0x01,
	};
	u8 buf[CCID_HDR_LEN + 1];

	(void)state;
	memset(buf, 0xaa, sizeof(buf));
	ccid_msg_header(buf, PC_TO_RDR_XFR_BLOCK, 0x105, 2, 0x7f, 4, 0, 1);
	assert_memory_equal(buf, expect, CCID_HDR_LEN);
	assert_int_equal(buf[CCID_HDR_LEN], 0xaa);
}

int main(void)
{
	const struct CMUnitTest misc[] = {
		cmocka_unit_test(header_test),
	};
	int fails = 0;

	fails += cmocka_run_group_tests_name("ccid_msg_header", misc, NULL,
					     NULL);
	fails += RUN_TABLE("ccid_reply", reply_test, reply_cases);
	fails += RUN_TABLE("ccid_notify", notify_test, notify_cases);
	return fails ? 1 : 0;
}
