// SPDX-License-Identifier: GPL-2.0
/*
 * Matching order: hardware ID before compatible IDs, earlier compatible
 * IDs first, case-insensitive, newest version among equals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "match.h"

#define QEMU_ID	"SCFILTER\\CID_D2E980E2-8851-4F87-81D6-4F254E38001D"
#define PIV_ID	"SCFILTER\\CID_2777BE07-6993-4513-BD80-C184FCB0AB2D"
#define HIST_ID	"SCFILTER\\CID_51ff0800"
#define OTHER	"SCFILTER\\CID_0011"

static char *qemu_ids[] = { QEMU_ID };
static char *qemu_lower[] = { "scfilter\\cid_d2e980e2-8851-4f87-81d6-4f254e38001d" };
static char *piv_ids[] = { PIV_ID };
static char *hist_upper[] = { "SCFILTER\\CID_51FF0800" };
static char *other_ids[] = { OTHER };

/* A package serving one hardware ID, or one compatible ID */
#define HW(n, v, id) { \
	.name = (n), .version = (v), .file = "x.so", .hw_ids = (id), .nhw = 1 }
#define CO(n, v, id) { \
	.name = (n), .version = (v), .file = "x.so", \
	.compat_ids = (id), .ncompat = 1 }

static void test_hardware_before_compatible(void **state)
{
	/* The compatible-ID package comes first in the index */
	struct scb_package pkgs[] = {
		CO("generic-piv", "9.0", piv_ids),
		HW("vendor", "1.0", qemu_ids),
	};
	const char *compat[] = { PIV_ID };
	struct scb_card_ids ids = { QEMU_ID, compat, 1 };
	const struct scb_package *m;
	int rank;

	(void)state;
	m = scb_match(pkgs, 2, &ids, &rank);
	assert_non_null(m);
	assert_string_equal(m->name, "vendor");
	assert_int_equal(rank, SCB_RANK_HW_HW);

	/* Without the hardware match, the compatible one serves */
	ids.pnp_id = HIST_ID;
	m = scb_match(pkgs, 2, &ids, &rank);
	assert_non_null(m);
	assert_string_equal(m->name, "generic-piv");
	assert_int_equal(rank, SCB_RANK_COMPAT);
}

static void test_package_compat_list_ranks_below_hw(void **state)
{
	/* Card hardware ID listed as a package's compatible ID */
	struct scb_package pkgs[] = {
		CO("loose", "5", qemu_ids),
		HW("exact", "1", qemu_ids),
	};
	struct scb_card_ids ids = { QEMU_ID, NULL, 0 };
	int rank;

	(void)state;
	assert_string_equal(scb_match(pkgs, 2, &ids, &rank)->name, "exact");
	assert_int_equal(rank, SCB_RANK_HW_HW);
	assert_int_equal(scb_match_rank(&pkgs[0], &ids), SCB_RANK_HW_COMPAT);
}

static void test_case_insensitive(void **state)
{
	struct scb_package pkgs[] = {
		HW("lower", "1", qemu_lower),
		HW("upper", "1", hist_upper),
	};
	struct scb_card_ids ids = { QEMU_ID, NULL, 0 };

	(void)state;
	assert_string_equal(scb_match(pkgs, 2, &ids, NULL)->name, "lower");
	/* The kernel emits lower-case hex; an index may write upper case */
	ids.pnp_id = "SCFILTER\\CID_51ff0800";
	assert_string_equal(scb_match(pkgs, 2, &ids, NULL)->name, "upper");
	ids.pnp_id = "scfilter\\cid_51ff0800";
	assert_string_equal(scb_match(pkgs, 2, &ids, NULL)->name, "upper");
}

static void test_compatible_order(void **state)
{
	struct scb_package pkgs[] = {
		HW("second", "1", other_ids),
		CO("first", "1", piv_ids),
	};
	const char *compat[] = { PIV_ID, OTHER };
	struct scb_card_ids ids = { HIST_ID, compat, 2 };
	int rank;

	(void)state;
	assert_string_equal(scb_match(pkgs, 2, &ids, &rank)->name, "first");
	assert_int_equal(rank, SCB_RANK_COMPAT);
	compat[0] = OTHER;
	compat[1] = PIV_ID;
	assert_string_equal(scb_match(pkgs, 2, &ids, &rank)->name, "second");
}

static void test_newest_among_equals(void **state)
{
	struct scb_package pkgs[] = {
		HW("drv", "1.9", qemu_ids),
		HW("drv", "1.10", qemu_ids),
		HW("drv", "1.2", qemu_ids),
	};
	struct scb_card_ids ids = { QEMU_ID, NULL, 0 };

	(void)state;
	assert_string_equal(scb_match(pkgs, 3, &ids, NULL)->version, "1.10");
}

static void test_no_match(void **state)
{
	struct scb_package pkgs[] = { HW("drv", "1", qemu_ids) };
	struct scb_card_ids ids = { OTHER, NULL, 0 };
	struct scb_card_ids none = { NULL, NULL, 0 };
	int rank = 5;

	(void)state;
	assert_null(scb_match(pkgs, 1, &ids, &rank));
	assert_int_equal(rank, SCB_RANK_NONE);
	assert_null(scb_match(pkgs, 1, &none, NULL));
	assert_null(scb_match(NULL, 0, &ids, NULL));
}

static void test_version_cmp(void **state)
{
	(void)state;
	assert_int_equal(scb_version_cmp("1.0", "1.0"), 0);
	assert_true(scb_version_cmp("1.10", "1.9") > 0);
	assert_true(scb_version_cmp("2", "10") < 0);
	assert_true(scb_version_cmp("1.0.1", "1.0") > 0);
	assert_true(scb_version_cmp("1.0", "1.0.1") < 0);
	assert_int_equal(scb_version_cmp("01.2", "1.02"), 0);
	assert_true(scb_version_cmp("1.0b", "1.0a") > 0);
	assert_true(scb_version_cmp("2.0", "1.99") > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hardware_before_compatible),
		cmocka_unit_test(test_package_compat_list_ranks_below_hw),
		cmocka_unit_test(test_case_insensitive),
		cmocka_unit_test(test_compatible_order),
		cmocka_unit_test(test_newest_among_equals),
		cmocka_unit_test(test_no_match),
		cmocka_unit_test(test_version_cmp),
	};

	return cmocka_run_group_tests_name("repo_match", tests, NULL, NULL);
}
