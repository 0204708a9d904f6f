// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka: T=1 blocks and engine against the scripted card, over the KUnit
 * vectors.
 */
#include "t1.c"
#include "t1_cases.h"
#include "table.h"

#define T1_TEST_RX	1024

static void block_test(void **state)
{
	const struct t1_block_case *c = *state;
	u8 again[T1_BLOCK_MAX];
	struct t1_block b;

	assert_int_equal(ccid_t1_block_parse(c->buf, c->len, c->crc, &b),
			 c->ret);
	if (c->ret)
		return;
	assert_int_equal(b.kind, c->kind);
	assert_int_equal(b.pcb, c->pcb);
	assert_int_equal(b.len, c->inf_len);
	assert_int_equal(ccid_t1_block_build(again, sizeof(again), b.nad, b.pcb,
					     b.inf, b.len, c->crc),
			 (int)c->len);
	assert_memory_equal(again, c->buf, c->len);
}

static void crc_test(void **state)
{
	(void)state;
	/* CRC-16/MCRF4XX check value */
	assert_int_equal(t1_crc((const u8 *)"123456789", 9), 0x6f91);
}

static void engine_test(void **state)
{
	const struct t1_case *c = *state;
	struct t1_script s = { .c = c, .mismatch = -1 };
	u8 cmd[T1_TEST_RX], rx[T1_TEST_RX];
	struct ccid_t1 t1;
	size_t rx_len = 0, i;
	int ret;

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
					 c->rx_size ? c->rx_size : sizeof(rx),
					 &rx_len);
	assert_int_equal(ret, c->ret);
	assert_int_equal(s.mismatch, -1);
	assert_int_equal(s.idx, c->nsteps);
	assert_int_equal(t1.ifsc, c->ifsc_after ? c->ifsc_after : c->ifsc);
	assert_int_equal(t1.ifsd, c->ifsd_after ? c->ifsd_after : c->ifsd);
	assert_int_equal(t1.retransmits, c->retransmits);
	assert_int_equal(t1.resynchs, c->resynchs);
	assert_int_equal(t1.wtx_count, c->wtx_count);
	if (c->negotiate)
		return;
	assert_int_equal(t1.ns, c->ns);
	assert_int_equal(t1.nr, c->nr);
	if (ret)
		return;
	assert_int_equal(rx_len, c->answer_len);
	for (i = 0; i < rx_len; i++)
		assert_int_equal(rx[i], script_byte(T1_ANS_SEED, i));
}

int main(void)
{
	const struct CMUnitTest misc[] = {
		cmocka_unit_test(crc_test),
	};
	int fails = 0;

	fails += RUN_TABLE("ccid_t1_block", block_test, t1_block_cases);
	fails += cmocka_run_group_tests_name("ccid_t1_crc", misc, NULL, NULL);
	fails += RUN_TABLE("ccid_t1", engine_test, t1_cases);
	return fails ? 1 : 0;
}
