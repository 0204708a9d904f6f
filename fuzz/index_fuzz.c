// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the repository index parser and the signature
 * envelope parser of scbridge (user/scbridge/repo.c): both read bytes a
 * network peer chooses before anything else has been checked.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "repo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct scb_key key;	/* all-zero key: verification fails */
	struct scb_index idx;
	char err[512];
	size_t i;

	if (!key.id[0]) {
		if (scb_crypto_init())
			abort();
		scb_key_id(key.pk, key.id);
	}
	if (!scb_index_parse((const char *)data, size, &idx, err,
			     sizeof(err))) {
		for (i = 0; i < idx.npkgs; i++) {
			char *s = scb_package_to_json(&idx.pkgs[i]);

			scb_name_valid(idx.pkgs[i].file);
			free(s);
		}
		scb_index_free(&idx);
	}
	if (!scb_index_verify("index", 5, (const char *)data, size, &key, 1,
			      err, sizeof(err)))
		abort();	/* nothing verifies under an all-zero key */
	return 0;
}
