// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer: the strict CardID DER decoder (kernel/lib/cardid.c) and the
 * device ID and modalias made from the GUID it returns.
 */
#include <stdlib.h>

#include "cardid.c"
#include "pnpid.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char id[SCF_PNP_ID_MAX], alias[SCF_MODALIAS_MAX];
	struct scf_cardid cid;

	if (scf_cardid_parse(data, size, &cid)) {
		if (cid.nguids || cid.vendor[0])
			abort();
		return 0;
	}
	if (!cid.nguids || memchr(cid.vendor, '\0', sizeof(cid.vendor)) == NULL)
		abort();
	if (scf_pnp_id_guid(cid.guid, id, sizeof(id)) != 49)
		abort();
	if (scf_modalias(id, alias, sizeof(alias)) != 45)
		abort();
	return 0;
}
