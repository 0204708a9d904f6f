// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka: CardID DER decoder and PnP IDs over the KUnit vectors.
 */
#include "cardid.c"
#include "pnpid.c"
#include "cardid_cases.h"
#include "pnpid_cases.h"
#include "table.h"

static void cardid_test(void **state)
{
	const struct cardid_case *c = *state;
	struct scf_cardid id;
	size_t n;

	assert_int_equal(scf_cardid_parse(c->der, c->len, &id), c->ret);
	if (c->ret) {
		assert_int_equal(id.nguids, 0);
		return;
	}
	assert_string_equal(id.vendor, c->vendor);
	assert_int_equal(id.nguids, c->nguids);
	assert_memory_equal(id.guid, c->guid, SCF_GUID_LEN);
	for (n = 0; n < c->len; n++)
		assert_int_equal(scf_cardid_parse(c->der, n, &id), -EBADMSG);
}

static void hist_test(void **state)
{
	const struct pnp_hist_case *c = *state;
	char id[64], alias[64];

	assert_int_equal(scf_pnp_id_hist(c->hist, c->len, id, c->size), c->ret);
	if (c->ret < 0)
		return;
	assert_string_equal(id, c->id);
	assert_int_equal(scf_modalias(id, alias, sizeof(alias)),
			 strlen(c->modalias));
	assert_string_equal(alias, c->modalias);
}

static void guid_test(void **state)
{
	const struct pnp_guid_case *c = *state;
	char id[64], alias[64];

	assert_int_equal(scf_pnp_id_guid(c->guid, id, c->size), c->ret);
	if (c->ret < 0)
		return;
	assert_string_equal(id, c->id);
	assert_int_equal(scf_modalias(id, alias, sizeof(alias)),
			 strlen(c->modalias));
	assert_string_equal(alias, c->modalias);
}

static void modalias_test(void **state)
{
	const struct pnp_modalias_case *c = *state;
	char alias[64];

	assert_int_equal(scf_modalias(c->id, alias, c->size), c->ret);
	if (c->ret >= 0)
		assert_string_equal(alias, c->modalias);
}

int main(void)
{
	int fails = 0;

	fails += RUN_TABLE("scf_cardid", cardid_test, cardid_cases);
	fails += RUN_TABLE("scf_pnp_hist", hist_test, pnp_hist_cases);
	fails += RUN_TABLE("scf_pnp_guid", guid_test, pnp_guid_cases);
	fails += RUN_TABLE("scf_modalias", modalias_test, pnp_modalias_cases);
	return fails ? 1 : 0;
}
