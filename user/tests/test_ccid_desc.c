// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka: CCID descriptor decoding and validation over every row of
 * readers.tsv and the malformed vectors of the KUnit suite.
 */
#include "ccid_desc.c"
#include "ccid_desc_cases.h"
#include "readers_gen.h"
#include "table.h"

#define READER_TEST_CAP	(64 * 1024)

static void reader_row_test(void **state)
{
	const struct reader_row *r = *state;
	u8 extra[9 + CCID_DESC_LEN] = { 9, 0x24, 1, 2, 3, 4, 5, 6, 7 };
	const char *reason = NULL;
	struct ccid_desc d;
	const u8 *found;
	size_t flen = 0;
	int ret;

	memcpy(extra + 9, r->desc, CCID_DESC_LEN);
	found = ccid_desc_find(extra, sizeof(extra), &flen);
	assert_ptr_equal(found, extra + 9);
	assert_int_equal(flen, CCID_DESC_LEN);
	assert_int_equal(ccid_desc_parse(found, flen, &d), 0);
	assert_int_equal(d.bcd_ccid, r->bcd);
	assert_int_equal(d.protocols, r->protocols);
	assert_int_equal(d.features, r->features);
	assert_int_equal(d.max_slot_index + 1U, r->slots);
	ret = ccid_desc_check_intf(r->intf_class, r->intf_protocol, &reason);
	if (!ret)
		ret = ccid_desc_check(&d, &reason);
	assert_int_equal(ret, r->usable ? 0 : -EOPNOTSUPP);
	if (!r->usable)
		assert_non_null(reason);
	assert_int_equal(ccid_desc_busy_slots(&d), r->busy_slots);
	assert_int_equal(ccid_desc_max_message(&d, READER_TEST_CAP),
			 r->max_message < READER_TEST_CAP ? r->max_message :
			 READER_TEST_CAP);
}

static void desc_case_test(void **state)
{
	const struct desc_case *c = *state;
	const char *reason = NULL;
	struct ccid_desc d;
	const u8 *found;
	size_t flen = 0;
	int ret;

	found = ccid_desc_find(c->buf, c->len, &flen);
	if (c->find_off < 0) {
		assert_null(found);
		ret = ccid_desc_parse(c->buf, c->len, &d);
	} else {
		assert_ptr_equal(found, c->buf + c->find_off);
		ret = ccid_desc_parse(found, c->len - c->find_off, &d);
	}
	assert_int_equal(ret, c->parse_ret);
	if (!ret)
		assert_int_equal(ccid_desc_check(&d, &reason), c->check_ret);
}

static void desc_mod_test(void **state)
{
	const struct desc_mod_case *c = *state;
	u8 buf[CCID_DESC_LEN] = { QEMU_CCID_DESC };
	const char *reason = NULL;
	struct ccid_desc d;
	unsigned int i;

	for (i = 0; i < c->width; i++)
		buf[c->off + i] = (u8)(c->value >> (8 * i));
	assert_int_equal(ccid_desc_parse(buf, sizeof(buf), &d), 0);
	assert_int_equal(ccid_desc_check(&d, &reason), c->check_ret);
	assert_int_equal(ccid_desc_busy_slots(&d), c->busy_slots);
	assert_int_equal(ccid_desc_max_message(&d, DESC_TEST_CAP),
			 c->max_message);
}

int main(void)
{
	int fails = 0;

	fails += RUN_TABLE("ccid_desc_readers", reader_row_test, reader_rows);
	fails += RUN_TABLE("ccid_desc_malformed", desc_case_test, desc_cases);
	fails += RUN_TABLE("ccid_desc_mod", desc_mod_test, desc_mod_cases);
	return fails ? 1 : 0;
}
