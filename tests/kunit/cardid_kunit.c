// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit: Microsoft CardID strict DER decoder (kernel/lib/cardid.c).
 */

#include <kunit/test.h>
#include <linux/module.h>

#include "../../kernel/lib/cardid.c"
#include "cardid_cases.h"

static void cardid_case_desc(const struct cardid_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(scf_cardid, cardid_cases, cardid_case_desc);

static void scf_cardid_test(struct kunit *test)
{
	const struct cardid_case *c = test->param_value;
	struct scf_cardid id;

	KUNIT_ASSERT_EQ(test, scf_cardid_parse(c->der, c->len, &id), c->ret);
	if (c->ret) {
		KUNIT_EXPECT_EQ(test, id.nguids, 0U);
		return;
	}
	KUNIT_EXPECT_STREQ(test, id.vendor, c->vendor);
	KUNIT_EXPECT_EQ(test, id.nguids, c->nguids);
	KUNIT_EXPECT_EQ(test, memcmp(id.guid, c->guid, SCF_GUID_LEN), 0);
}

/* Every prefix of a valid CardID is refused. */
static void scf_cardid_prefix_test(struct kunit *test)
{
	const struct cardid_case *c = test->param_value;
	struct scf_cardid id;
	size_t n;

	if (c->ret)
		return;
	for (n = 0; n < c->len; n++)
		KUNIT_EXPECT_EQ_MSG(test, scf_cardid_parse(c->der, n, &id),
				    -EBADMSG, "prefix of %zu bytes", n);
}

static struct kunit_case scf_cardid_test_cases[] = {
	KUNIT_CASE_PARAM(scf_cardid_test, scf_cardid_gen_params),
	KUNIT_CASE_PARAM(scf_cardid_prefix_test, scf_cardid_gen_params),
	{}
};

static struct kunit_suite scf_cardid_test_suite = {
	.name = "scf_cardid",
	.test_cases = scf_cardid_test_cases,
};

kunit_test_suite(scf_cardid_test_suite);

MODULE_DESCRIPTION("KUnit tests for the CardID DER decoder");
MODULE_LICENSE("Dual MIT/GPL");
