// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer: CCID bulk replies and interrupt messages
 * (kernel/lib/ccid_msg.c). The first byte chooses the reader's slot count
 * for the interrupt message; the rest is the message.
 */
#include <stdlib.h>

#include "ccid_msg.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ccid_notify n;
	struct ccid_reply r;
	unsigned int slots;

	if (!ccid_reply_parse(data, size, &r)) {
		if (r.data + r.length > data + size)
			abort();	/* dwLength must be covered */
		(void)ccid_reply_errno(&r);
	}
	if (!size)
		return 0;
	slots = data[0];
	if (!ccid_notify_parse(data + 1, size - 1, slots, &n)) {
		if (n.nslots > 32 || n.nslots > slots)
			abort();
		if (n.nslots < 32 && ((n.present | n.changed) >> n.nslots))
			abort();	/* no bit beyond the slots described */
	}
	return 0;
}
