// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka: APDU cases and the T=0 mapping against the scripted card, over
 * the KUnit vectors.
 */
#include "apdu.c"
#include "apdu_cases.h"
#include "table.h"

#define T0_TEST_RX	1024

static void apdu_test(void **state)
{
	const struct apdu_test *c = *state;
	struct apdu a;

	assert_int_equal(ccid_apdu_parse(c->buf, c->len, &a), c->ret);
	if (c->ret)
		return;
	assert_int_equal(a.kind, c->kind);
	assert_int_equal(a.lc, c->lc);
	assert_int_equal(a.le, c->le);
	if (c->data_off < 0)
		assert_null(a.data);
	else
		assert_ptr_equal(a.data, c->buf + c->data_off);
}

static void t0_test(void **state)
{
	const struct t0_case *c = *state;
	struct t0_script s = { .c = c, .mismatch = -1 };
	u8 rx[T0_TEST_RX], exp[T0_TEST_RX];
	size_t rx_len = 0, exp_len;

	assert_int_equal(ccid_t0_transceive(t0_script_xfer, &s, c->cmd,
					    c->cmd_len, rx,
					    c->rx_size ? c->rx_size : sizeof(rx),
					    &rx_len, c->raw), c->ret);
	assert_int_equal(s.mismatch, -1);
	assert_int_equal(s.idx, c->nsteps);
	if (c->ret)
		return;
	exp_len = t0_expected(c, exp, sizeof(exp));
	assert_int_equal(rx_len, exp_len);
	assert_memory_equal(rx, exp, exp_len);
}

int main(void)
{
	int fails = 0;

	fails += RUN_TABLE("ccid_apdu", apdu_test, apdu_cases);
	fails += RUN_TABLE("ccid_t0", t0_test, t0_cases);
	return fails ? 1 : 0;
}
