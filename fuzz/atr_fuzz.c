// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer: the ATR parser (kernel/lib/atr.c), then the PnP ID and the
 * modalias made from what it returns, as scfilter does with a card's ATR.
 */
#include <stdlib.h>

#include "atr.c"
#include "pnpid.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char id[SCF_PNP_ID_MAX], alias[SCF_MODALIAS_MAX];
	struct atr atr;
	int ret;

	ret = ccid_atr_parse(data, size, &atr);
	if (ret) {
		if (atr.len || atr.hist_len || atr.ngroups)
			abort();	/* a failed parse leaves nothing */
		return 0;
	}
	if (atr.len > size || atr.len > ATR_MAX_LEN ||
	    atr.hist_len > ATR_MAX_HIST || atr.ngroups > ATR_MAX_GROUPS ||
	    memcmp(atr.raw, data, atr.len))
		abort();
	if (atr.tck_valid && !atr.tck_present)
		abort();
	(void)ccid_atr_fi(atr.fidi);
	(void)ccid_atr_di(atr.fidi);
	(void)ccid_atr_fmax_khz(atr.fidi);
	if (atr.hist_len) {
		if (scf_pnp_id_hist(atr.hist, atr.hist_len, id, sizeof(id)) < 0)
			abort();	/* SCF_PNP_ID_MAX must be enough */
		if (scf_modalias(id, alias, sizeof(alias)) < 0)
			abort();	/* and SCF_MODALIAS_MAX too */
	}
	return 0;
}
