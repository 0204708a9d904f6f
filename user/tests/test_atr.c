// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka: the ATR parser in user space, over the KUnit vectors.
 */
#include "atr.c"
#include "atr_cases.h"
#include "table.h"

static void atr_parse_row(void **state)
{
	const struct atr_case *c = *state;
	struct atr atr;
	size_t n;

	assert_int_equal(ccid_atr_parse(c->atr, c->len, &atr), c->ret);
	if (c->ret) {
		assert_int_equal(atr.len, 0);
		return;
	}
	assert_int_equal(atr.errors, c->errors);
	assert_int_equal(atr.warnings, c->warnings);
	assert_int_equal(atr.protocols, c->protocols);
	assert_int_equal(atr.hist_len, c->hist_len);
	assert_int_equal(atr.tck_present, c->tck_present);
	assert_int_equal(atr.tck_valid, c->tck_valid);
	assert_int_equal(atr.len, c->atr_len);
	assert_memory_equal(atr.raw, c->atr, atr.len);
	assert_int_equal(atr.inverse, !!(c->chk & ATR_CHK_INVERSE));
	assert_int_equal(atr.specific, !!(c->chk & ATR_CHK_SPECIFIC));
	if (c->chk & ATR_CHK_FIDI)
		assert_int_equal(atr.fidi, c->fidi);
	if (c->chk & ATR_CHK_T1) {
		assert_int_equal(atr.ifsc, c->ifsc);
		assert_int_equal(atr.bwi, c->bwi);
		assert_int_equal(atr.cwi, c->cwi);
		assert_int_equal(atr.t1_crc, c->t1_crc);
	}
	if (c->chk & ATR_CHK_T15) {
		assert_int_equal(atr.clock_stop, c->clock_stop);
		assert_int_equal(atr.class_ind, c->class_ind);
	}
	if (c->chk & ATR_CHK_SPECIFIC) {
		assert_int_equal(atr.specific_protocol, c->specific_protocol);
		assert_int_equal(atr.specific_changeable,
				 c->specific_changeable);
		assert_int_equal(atr.specific_implicit, c->specific_implicit);
	}
	if (c->chk & ATR_CHK_NGROUPS)
		assert_int_equal(atr.ngroups, c->ngroups);
	/* every prefix short of the historical bytes' end is truncated */
	if (c->errors & ATR_ERR_TCK_MISSING)
		return;
	for (n = 1; n < c->atr_len - (c->tck_present ? 1U : 0U); n++)
		assert_int_equal(ccid_atr_parse(c->atr, n, &atr), -EPROTO);
}

static void atr_fidi_tables(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(atr_fidi_cases); i++) {
		const struct atr_fidi_case *c = &atr_fidi_cases[i];

		assert_int_equal(ccid_atr_fi(c->fidi), c->fi);
		assert_int_equal(ccid_atr_di(c->fidi), c->di);
		assert_int_equal(ccid_atr_fmax_khz(c->fidi), c->fmax_khz);
	}
}

int main(void)
{
	const struct CMUnitTest misc[] = {
		cmocka_unit_test(atr_fidi_tables),
	};
	int fails = 0;

	fails += RUN_TABLE("ccid_atr", atr_parse_row, atr_cases);
	fails += cmocka_run_group_tests_name("ccid_atr_fidi", misc, NULL,
					     NULL);
	return fails ? 1 : 0;
}
