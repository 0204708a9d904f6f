// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer: CCID class descriptor lookup in an interface's extra
 * descriptors, decoding and validation (kernel/lib/ccid_desc.c), as the
 * driver's probe runs them on what a device presents.
 */
#include <stdlib.h>

#include "ccid_desc.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const u8 *buf, size_t len)
{
	const char *reason = NULL;
	struct ccid_desc d;
	unsigned int busy;

	if (ccid_desc_parse(buf, len, &d))
		return;
	(void)ccid_desc_level(&d);
	if (ccid_desc_check(&d, &reason) && !reason)
		abort();	/* a refusal always says why */
	busy = ccid_desc_busy_slots(&d);
	if (busy < 1 || busy > (unsigned int)d.max_slot_index + 1)
		abort();
	if (ccid_desc_max_message(&d, 4096) > 4096)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *reason = NULL;
	const u8 *found;
	size_t len = 0;

	found = ccid_desc_find(data, size, &len);
	if (found) {
		if (found < data || found + len > data + size)
			abort();
		check(found, len);
	}
	check(data, size);
	if (size >= 2)
		(void)ccid_desc_check_intf(data[0], data[1], &reason);
	return 0;
}
