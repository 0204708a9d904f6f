// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer: APDU case parsing and the T=0 mapping (kernel/lib/apdu.c)
 * against a card whose answers come from the input:
 *   byte 0: bit 0 raw mode; byte 1: command length n; n command bytes;
 *   then, per TPDU, one length byte and that many answer bytes.
 * The whole input is also parsed as an APDU.
 */
#include <stdlib.h>

#include "apdu.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct card {
	const u8 *p;
	size_t left;
	unsigned int calls;
	u8 sum;
};

static int card_xfer(void *ctx, const u8 *tx, size_t tx_len, u8 *rx,
		     size_t rx_size, size_t *rx_len, unsigned int wtx)
{
	struct card *c = ctx;
	size_t n;

	if (tx_len < APDU_HDR_LEN || tx_len > T0_TPDU_MAX + 1 || wtx != 1)
		abort();
	for (n = 0; n < tx_len; n++)
		c->sum ^= tx[n];	/* every byte sent must be readable */
	if (++c->calls > 10000)
		abort();
	if (!c->left)
		return -EIO;
	n = *c->p++;
	c->left--;
	if (n > c->left)
		n = c->left;
	if (n > rx_size)
		return -EOVERFLOW;
	memcpy(rx, c->p, n);
	*rx_len = n;
	c->p += n;
	c->left -= n;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct card card = { 0 };
	u8 rx[1024];
	struct apdu a;
	size_t n, rx_len = 0;
	int ret;

	if (!ccid_apdu_parse(data, size, &a)) {
		if (a.lc > size || (a.data && a.data + a.lc > data + size))
			abort();
	}
	if (size < 2)
		return 0;
	n = data[1];
	if (n > size - 2)
		n = size - 2;
	card.p = data + 2 + n;
	card.left = size - 2 - n;
	ret = ccid_t0_transceive(card_xfer, &card, data + 2, n, rx,
				 sizeof(rx), &rx_len, data[0] & 1);
	if (!ret && (rx_len < APDU_SW_LEN || rx_len > sizeof(rx)))
		abort();
	return 0;
}
