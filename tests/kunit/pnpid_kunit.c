// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit: Windows-form PnP IDs and modaliases (kernel/lib/pnpid.c).
 */

#include <kunit/test.h>
#include <linux/module.h>

#include "../../kernel/lib/pnpid.c"
#include "pnpid_cases.h"

#define PNP_TEST_BUF	64

static void pnp_hist_desc(const struct pnp_hist_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(scf_pnp_hist, pnp_hist_cases, pnp_hist_desc);

static void scf_pnp_hist_test(struct kunit *test)
{
	const struct pnp_hist_case *c = test->param_value;
	char id[PNP_TEST_BUF], alias[PNP_TEST_BUF];

	KUNIT_ASSERT_EQ(test, scf_pnp_id_hist(c->hist, c->len, id, c->size),
			c->ret);
	if (c->ret < 0)
		return;
	KUNIT_EXPECT_STREQ(test, id, c->id);
	KUNIT_EXPECT_EQ(test, scf_modalias(id, alias, sizeof(alias)),
			(int)strlen(c->modalias));
	KUNIT_EXPECT_STREQ(test, alias, c->modalias);
}

static void pnp_guid_desc(const struct pnp_guid_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(scf_pnp_guid, pnp_guid_cases, pnp_guid_desc);

static void scf_pnp_guid_test(struct kunit *test)
{
	const struct pnp_guid_case *c = test->param_value;
	char id[PNP_TEST_BUF], alias[PNP_TEST_BUF];

	KUNIT_ASSERT_EQ(test, scf_pnp_id_guid(c->guid, id, c->size), c->ret);
	if (c->ret < 0)
		return;
	KUNIT_EXPECT_STREQ(test, id, c->id);
	KUNIT_EXPECT_EQ(test, scf_modalias(id, alias, sizeof(alias)),
			(int)strlen(c->modalias));
	KUNIT_EXPECT_STREQ(test, alias, c->modalias);
}

static void pnp_modalias_desc(const struct pnp_modalias_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(scf_modalias, pnp_modalias_cases, pnp_modalias_desc);

static void scf_modalias_test(struct kunit *test)
{
	const struct pnp_modalias_case *c = test->param_value;
	char alias[PNP_TEST_BUF];

	KUNIT_ASSERT_EQ(test, scf_modalias(c->id, alias, c->size), c->ret);
	if (c->ret >= 0)
		KUNIT_EXPECT_STREQ(test, alias, c->modalias);
}

static struct kunit_case scf_pnpid_test_cases[] = {
	KUNIT_CASE_PARAM(scf_pnp_hist_test, scf_pnp_hist_gen_params),
	KUNIT_CASE_PARAM(scf_pnp_guid_test, scf_pnp_guid_gen_params),
	KUNIT_CASE_PARAM(scf_modalias_test, scf_modalias_gen_params),
	{}
};

static struct kunit_suite scf_pnpid_test_suite = {
	.name = "scf_pnpid",
	.test_cases = scf_pnpid_test_cases,
};

kunit_test_suite(scf_pnpid_test_suite);

MODULE_DESCRIPTION("KUnit tests for smart card PnP IDs");
MODULE_LICENSE("Dual MIT/GPL");
