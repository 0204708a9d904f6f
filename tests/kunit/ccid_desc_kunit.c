// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit: CCID class descriptor lookup, decoding and validation
 * (kernel/lib/ccid_desc.c), over every reader of readers.tsv and over
 * malformed descriptors.
 */

#include <kunit/test.h>
#include <linux/module.h>

#include "../../kernel/lib/ccid_desc.c"
#include "ccid_desc_cases.h"
#include "readers_gen.h"

/* Cap used for the effective message length checks */
#define READER_TEST_CAP		(64 * 1024)

static void reader_desc(const struct reader_row *r, char *desc)
{
	strscpy(desc, r->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ccid_readers, reader_rows, reader_desc);

/* Each real descriptor decodes to its row and gets the expected verdict. */
static void ccid_reader_test(struct kunit *test)
{
	const struct reader_row *r = test->param_value;
	/* An interface "extra" list: a foreign descriptor, then the CCID one */
	u8 extra[9 + CCID_DESC_LEN] = { 9, 0x24, 1, 2, 3, 4, 5, 6, 7 };
	const char *reason = NULL;
	struct ccid_desc d;
	const u8 *found;
	size_t flen = 0;
	u32 expect_msg;
	int ret;

	memcpy(extra + 9, r->desc, CCID_DESC_LEN);
	found = ccid_desc_find(extra, sizeof(extra), &flen);
	KUNIT_ASSERT_PTR_EQ(test, found, (const u8 *)extra + 9);
	KUNIT_EXPECT_EQ(test, flen, (size_t)CCID_DESC_LEN);

	KUNIT_ASSERT_EQ(test, ccid_desc_parse(found, flen, &d), 0);
	KUNIT_EXPECT_EQ(test, d.bcd_ccid, r->bcd);
	KUNIT_EXPECT_EQ(test, d.protocols, r->protocols);
	KUNIT_EXPECT_EQ(test, d.features, r->features);
	KUNIT_EXPECT_EQ(test, d.max_message, r->max_message);
	KUNIT_EXPECT_EQ(test, d.max_slot_index + 1U, r->slots);

	ret = ccid_desc_check_intf(r->intf_class, r->intf_protocol, &reason);
	if (!ret)
		ret = ccid_desc_check(&d, &reason);
	if (r->usable) {
		KUNIT_EXPECT_EQ_MSG(test, ret, 0, "refused: %s", reason);
	} else {
		KUNIT_EXPECT_EQ(test, ret, -EOPNOTSUPP);
		KUNIT_EXPECT_NOT_ERR_OR_NULL(test, reason);
	}

	KUNIT_EXPECT_EQ(test, ccid_desc_busy_slots(&d), r->busy_slots);
	expect_msg = r->max_message < READER_TEST_CAP ? r->max_message :
							 READER_TEST_CAP;
	KUNIT_EXPECT_EQ(test, ccid_desc_max_message(&d, READER_TEST_CAP),
			expect_msg);
	KUNIT_EXPECT_EQ(test, ccid_desc_max_message(&d, 0xffffffff),
			r->max_message);
}

static struct kunit_case ccid_desc_readers_cases[] = {
	KUNIT_CASE_PARAM(ccid_reader_test, ccid_readers_gen_params),
	{}
};

static struct kunit_suite ccid_desc_readers_suite = {
	.name = "ccid_desc_readers",
	.test_cases = ccid_desc_readers_cases,
};

static void desc_case_desc(const struct desc_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ccid_desc_malformed, desc_cases, desc_case_desc);

static void ccid_desc_malformed_test(struct kunit *test)
{
	const struct desc_case *c = test->param_value;
	const char *reason = NULL;
	struct ccid_desc d;
	const u8 *found;
	size_t flen = 0;
	int ret;

	found = ccid_desc_find(c->buf, c->len, &flen);
	if (c->find_off < 0) {
		KUNIT_EXPECT_PTR_EQ(test, found, NULL);
		ret = ccid_desc_parse(c->buf, c->len, &d);
	} else {
		KUNIT_ASSERT_PTR_EQ(test, found, (const u8 *)c->buf +
				    c->find_off);
		KUNIT_EXPECT_LE(test, flen, c->len - c->find_off);
		ret = ccid_desc_parse(found, c->len - c->find_off, &d);
	}
	KUNIT_EXPECT_EQ(test, ret, c->parse_ret);
	if (!ret)
		KUNIT_EXPECT_EQ(test, ccid_desc_check(&d, &reason),
				c->check_ret);
}

static void desc_mod_desc(const struct desc_mod_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ccid_desc_mod, desc_mod_cases, desc_mod_desc);

static void ccid_desc_mod_test(struct kunit *test)
{
	const struct desc_mod_case *c = test->param_value;
	u8 buf[CCID_DESC_LEN] = { QEMU_CCID_DESC };
	const char *reason = NULL;
	struct ccid_desc d;
	unsigned int i;

	for (i = 0; i < c->width; i++)
		buf[c->off + i] = (u8)(c->value >> (8 * i));
	KUNIT_ASSERT_EQ(test, ccid_desc_parse(buf, sizeof(buf), &d), 0);
	KUNIT_EXPECT_EQ(test, ccid_desc_check(&d, &reason), c->check_ret);
	if (c->check_ret)
		KUNIT_EXPECT_NOT_ERR_OR_NULL(test, reason);
	KUNIT_EXPECT_EQ(test, ccid_desc_busy_slots(&d), c->busy_slots);
	KUNIT_EXPECT_EQ(test, ccid_desc_max_message(&d, DESC_TEST_CAP),
			c->max_message);
}

static void ccid_desc_level_test(struct kunit *test)
{
	static const struct {
		u32 features;
		enum ccid_level level;
	} t[] = {
		{ 0x000004fe, CCID_DESC_LEVEL_CHARACTER },
		{ 0x000104fe, CCID_DESC_LEVEL_TPDU },
		{ 0x000204fe, CCID_DESC_LEVEL_SHORT_APDU },
		{ 0x000404fe, CCID_DESC_LEVEL_EXT_APDU },
		{ 0x000304fe, CCID_DESC_LEVEL_INVALID },
		{ 0x000704fe, CCID_DESC_LEVEL_INVALID },
		{ 0xfff8ffff, CCID_DESC_LEVEL_CHARACTER },
	};
	struct ccid_desc d = {};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		d.features = t[i].features;
		KUNIT_EXPECT_EQ(test, ccid_desc_level(&d), t[i].level);
	}
}

static void ccid_desc_intf_test(struct kunit *test)
{
	const char *reason = NULL;

	KUNIT_EXPECT_EQ(test, ccid_desc_check_intf(CCID_CLASS, 0, &reason), 0);
	KUNIT_EXPECT_EQ(test, ccid_desc_check_intf(CCID_VENDOR_CLASS, 0,
						   &reason), 0);
	KUNIT_EXPECT_EQ(test, ccid_desc_check_intf(CCID_CLASS, 1, &reason),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, ccid_desc_check_intf(CCID_CLASS, 2, &reason),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, ccid_desc_check_intf(CCID_CLASS, 3, &reason),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, ccid_desc_check_intf(0x08, 0, &reason),
			-EOPNOTSUPP);
}

static struct kunit_case ccid_desc_cases[] = {
	KUNIT_CASE_PARAM(ccid_desc_malformed_test,
			 ccid_desc_malformed_gen_params),
	KUNIT_CASE_PARAM(ccid_desc_mod_test, ccid_desc_mod_gen_params),
	KUNIT_CASE(ccid_desc_level_test),
	KUNIT_CASE(ccid_desc_intf_test),
	{}
};

static struct kunit_suite ccid_desc_suite = {
	.name = "ccid_desc",
	.test_cases = ccid_desc_cases,
};

kunit_test_suites(&ccid_desc_readers_suite, &ccid_desc_suite);

MODULE_DESCRIPTION("KUnit tests for the CCID class descriptor parser");
MODULE_LICENSE("Dual MIT/GPL");
