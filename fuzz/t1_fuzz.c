// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer: T=1 blocks and the T=1 engine (kernel/lib/t1.c).
 *
 * The whole input is first parsed as one block (and rebuilt: the same
 * bytes must come back). Then it drives a session against a card whose
 * answers come from the input:
 *   byte 0: bit 0 CRC, bit 1 negotiate IFSD first
 *   byte 1: IFSC, byte 2: IFSD, byte 3: command length, byte 4: answer
 *   buffer size; then, per exchange, one byte k: k & 0x80 gives k & 0x7f
 *   raw bytes as the card's answer, otherwise a well-formed block is
 *   built from a PCB byte and k bytes of INF (most answers then pass the
 *   EDC check, so the engine's logic is reached, not just its checks).
 */
#include <stdlib.h>

#include "t1.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HDR		5
#define RAW_FLAG	0x80
#define LEN_MASK	0x7f

struct card {
	const u8 *p;
	size_t left;
	bool crc;
	unsigned int calls;
	u8 sum;
};

static int card_xfer(void *ctx, const u8 *tx, size_t tx_len, u8 *rx,
		     size_t rx_size, size_t *rx_len, unsigned int wtx)
{
	struct card *c = ctx;
	size_t n;
	u8 k;
	int ret;

	if (!tx_len || tx_len > T1_BLOCK_MAX || !wtx || wtx > 255)
		abort();	/* the engine sent nonsense */
	for (n = 0; n < tx_len; n++)
		c->sum ^= tx[n];	/* every byte sent must be readable */
	if (++c->calls > 100000)
		abort();	/* no progress bound */
	if (!c->left)
		return -EIO;
	k = *c->p++;
	c->left--;
	n = k & LEN_MASK;
	if (n > c->left)
		n = c->left;
	if (k & RAW_FLAG) {
		if (n > rx_size)
			n = rx_size;
		memcpy(rx, c->p, n);
		*rx_len = n;
		c->p += n;
		c->left -= n;
		return 0;
	}
	if (!c->left)
		return -EIO;
	if (n)
		n--;
	ret = ccid_t1_block_build(rx, rx_size, 0, c->p[0], c->p + 1, n,
				  c->crc);
	c->p += n + 1;
	c->left -= n + 1;
	if (ret < 0)
		return ret;
	*rx_len = (size_t)ret;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 again[T1_BLOCK_MAX], cmd[256], rx[512];
	struct ccid_t1 t1;
	struct t1_block b;
	struct card card;
	size_t rx_len = 0, rx_size, i;
	int ret;

	for (i = 0; i < 2; i++) {
		if (ccid_t1_block_parse(data, size, i, &b))
			continue;
		ret = ccid_t1_block_build(again, sizeof(again), b.nad, b.pcb,
					  b.inf, b.len, i);
		if (ret != (int)size || memcmp(again, data, size))
			abort();
	}

	if (size < HDR)
		return 0;
	card.crc = data[0] & 1;
	card.p = data + HDR;
	card.left = size - HDR;
	card.calls = 0;
	ccid_t1_init(&t1, data[1], data[2], card.crc);
	for (i = 0; i < sizeof(cmd); i++)
		cmd[i] = (u8)i;
	rx_size = data[4] + 1U;
	if (data[0] & 2)
		(void)ccid_t1_negotiate_ifsd(&t1, card_xfer, &card);
	ret = ccid_t1_transceive(&t1, card_xfer, &card, cmd, data[3], rx,
				 rx_size, &rx_len);
	if (!ret && rx_len > rx_size)
		abort();
	if (t1.ns > 1 || t1.nr > 1 || !t1.ifsc || t1.ifsc == 0xff)
		abort();
	return 0;
}
