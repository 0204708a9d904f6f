// SPDX-License-Identifier: GPL-2.0
/*
 * The PIV engine of the virtual card, command by command, over a backend
 * that keeps its secrets in the blobs (the TPM backend has its own test,
 * test_vsc_tpm, on a real swtpm).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>

#include "piv.h"
#include "tlv.h"

/* backend: blob = the secret itself; keys: alg byte; ops echo reversed */
static int fake_check(void *be, const struct vsc_blob *obj,
		      const uint8_t auth[VSC_AUTH_LEN])
{
	(void)be;
	return memcmp(obj->buf, auth, VSC_AUTH_LEN) ? VSC_TPM_BADAUTH :
						      VSC_TPM_OK;
}

static int fake_change(void *be, const struct vsc_blob *puk,
		       struct vsc_blob *obj, const uint8_t old[VSC_AUTH_LEN],
		       const uint8_t new_auth[VSC_AUTH_LEN])
{
	(void)puk;
	if (old && fake_check(be, obj, old))
		return VSC_TPM_BADAUTH;
	memcpy(obj->buf, new_auth, VSC_AUTH_LEN);
	obj->len = VSC_AUTH_LEN;
	return VSC_TPM_OK;
}

static int fake_reset(void *be, const struct vsc_blob *puk,
		      struct vsc_blob *pin, const uint8_t puk_auth[VSC_AUTH_LEN],
		      const uint8_t new_pin[VSC_AUTH_LEN])
{
	if (fake_check(be, puk, puk_auth))
		return VSC_TPM_BADAUTH;
	return fake_change(be, NULL, pin, NULL, new_pin);
}

static int fake_generate(void *be, enum vsc_alg alg,
			 const struct vsc_blob *pin, struct vsc_blob *out)
{
	(void)be;
	out->buf[0] = (uint8_t)alg;
	out->buf[1] = pin != NULL;
	out->len = 2;
	return VSC_TPM_OK;
}

static int fake_public(void *be, const struct vsc_blob *key, uint8_t *out,
		       size_t size, size_t *len)
{
	(void)be;
	*len = key->buf[0] == VSC_ALG_RSA2048 ? 256 : 65;
	assert_true(*len <= size);
	memset(out, 0xA5, *len);
	out[0] = key->buf[0] == VSC_ALG_RSA2048 ? 0xC0 : 0x04;
	return VSC_TPM_OK;
}

static int fake_private(void *be, const struct vsc_blob *key,
			const struct vsc_blob *pin,
			const uint8_t pin_auth[VSC_AUTH_LEN], enum vsc_op op,
			const uint8_t *in, size_t in_len, uint8_t *out,
			size_t size, size_t *out_len)
{
	(void)op;
	if (pin && fake_check(be, pin, pin_auth))
		return VSC_TPM_BADAUTH;
	assert_int_equal(key->buf[1], pin != NULL);
	assert_true(in_len <= size);
	for (size_t i = 0; i < in_len; i++)
		out[i] = in[in_len - 1 - i];
	*out_len = in_len;
	return VSC_TPM_OK;
}

static int fake_random(void *be, uint8_t *out, size_t len)
{
	(void)be;
	for (size_t i = 0; i < len; i++)
		out[i] = (uint8_t)(0x40 + i);
	return VSC_TPM_OK;
}

static const struct piv_ops fake_ops = {
	.check_auth = fake_check, .change_auth = fake_change,
	.reset_pin = fake_reset, .generate = fake_generate,
	.public_key = fake_public, .private_op = fake_private,
	.random = fake_random,
};

static const uint8_t guid[16] = { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
				  0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D,
				  0x1E, 0x1F };

static uint8_t rsp[PIV_RSP_MAX];
static size_t rlen;

/* Send an APDU written in hex (spaces ignored); return the status word. */
static int xfer_bin(struct piv_card *c, const uint8_t *a, size_t n)
{
	rlen = piv_transmit(c, a, n, rsp, sizeof(rsp));
	assert_true(rlen >= 2);
	rlen -= 2;
	return rsp[rlen] << 8 | rsp[rlen + 1];
}

static int xfer(struct piv_card *c, const char *hex)
{
	uint8_t a[600];
	size_t n = 0;
	unsigned int b;

	while (*hex) {
		if (*hex == ' ') {
			hex++;
			continue;
		}
		assert_int_equal(sscanf(hex, "%2x", &b), 1);
		assert_true(n < sizeof(a));
		a[n++] = (uint8_t)b;
		hex += 2;
	}
	return xfer_bin(c, a, n);
}

static int setup(void **state)
{
	struct piv_card *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	assert_int_equal(piv_card_create(c, &fake_ops, NULL, "123456",
					 "12345678", guid, 3), 0);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	piv_card_free(*state);
	free(*state);
	return 0;
}

static void test_select(void **state)
{
	struct piv_card *c = *state;
	struct tlv t, in;

	assert_int_equal(xfer(c, "00A4040009A00000030800001000"), 0x9000);
	assert_true(tlv_parse(rsp, rlen, &t) == (long)rlen);
	assert_int_equal(t.tag, 0x61);
	assert_int_equal(tlv_find(t.val, t.len, 0x4F, &in), 0);
	assert_memory_equal(in.val, "\x00\x00\x10\x00\x01\x00", 6);
	assert_int_equal(tlv_find(t.val, t.len, 0xAC, &in), 0);
	assert_int_equal(xfer(c, "00A404000BA000000308000010000100"), 0x9000);
	/* GIDS, the PKCS#15 AID, a 4-byte prefix: not this application */
	assert_int_equal(xfer(c, "00A4040009A00000039742544659"), 0x6A82);
	assert_int_equal(xfer(c, "00A4040004A0000003"), 0x6A82);
	assert_int_equal(xfer(c, "00A4000C023F00"), 0x6A86);
}

static void test_get_data(void **state)
{
	struct piv_card *c = *state;
	struct tlv t, g;

	assert_int_equal(xfer(c, "00CB3FFF055C035FC10200"), 0x9000);
	assert_true(tlv_parse(rsp, rlen, &t) == (long)rlen);
	assert_int_equal(t.tag, 0x53);
	assert_int_equal(tlv_find(t.val, t.len, 0x34, &g), 0);
	assert_memory_equal(g.val, guid, 16);
	assert_int_equal(xfer(c, "00CB3FFF055C035FC10700"), 0x9000);
	assert_int_equal(rsp[0], 0x53);
	assert_int_equal(xfer(c, "00CB3FFF035C017E00"), 0x9000);
	assert_int_equal(rsp[0], 0x7E);
	/* no certificate yet; a biometric object needs the PIN */
	assert_int_equal(xfer(c, "00CB3FFF055C035FC10500"), 0x6A82);
	assert_int_equal(xfer(c, "00CB3FFF055C035FC10300"), 0x6A82);
	assert_int_equal(xfer(c, "00CB3FFF065C045FC1050500"), 0x6A80);
	assert_int_equal(xfer(c, "00CB3FFF055D035FC10500"), 0x6A80);
	assert_int_equal(xfer(c, "00CB3FFE055C035FC10500"), 0x6A86);
}

static void test_verify_counter(void **state)
{
	struct piv_card *c = *state;

	assert_int_equal(xfer(c, "0020008000"), 0x63C3);
	assert_int_equal(xfer(c, "002000800831313131313131FF"), 0x63C2);
	assert_int_equal(xfer(c, "00200080083132333435363738"), 0x63C1);
	/* the right PIN resets the counter */
	assert_int_equal(xfer(c, "0020008008313233343536FFFF"), 0x9000);
	assert_int_equal(xfer(c, "0020008000"), 0x9000);
	assert_int_equal(xfer(c, "0020FF8000"), 0x9000);
	assert_int_equal(xfer(c, "0020008000"), 0x63C3);
	for (int i = 2; i >= 0; i--)
		assert_int_equal(xfer(c, "002000800831313131313131FF"),
				 i ? 0x63C0 | i : 0x6983);
	/* blocked: the right PIN does not help any more */
	assert_int_equal(xfer(c, "0020008008313233343536FFFF"), 0x6983);
	assert_int_equal(xfer(c, "0020008000"), 0x6983);
	/* a wrong PUK counts, the right one unblocks with a new PIN */
	assert_int_equal(xfer(c, "002C008010"
			      "3131313131313131" "363534333231FFFF"), 0x63C2);
	assert_int_equal(xfer(c, "002C008010"
			      "3132333435363738" "3635343332FFFFFF"), 0x6A80);
	assert_int_equal(xfer(c, "002C008010"
			      "3132333435363738" "363534333231FFFF"), 0x9000);
	assert_int_equal(xfer(c, "0020008008313233343536FFFF"), 0x63C2);
	assert_int_equal(xfer(c, "0020008008363534333231FFFF"), 0x9000);
	/* wrong reference, wrong length */
	assert_int_equal(xfer(c, "0020008108313233343536FFFF"), 0x6A88);
	assert_int_equal(xfer(c, "0020008006313233343536"), 0x6A80);
}

static void test_change_reference(void **state)
{
	struct piv_card *c = *state;

	assert_int_equal(xfer(c, "0024008010"
			      "3131313131313131" "363534333231FFFF"), 0x63C2);
	assert_int_equal(xfer(c, "0024008010"
			      "313233343536FFFF" "3635343332FF3131"), 0x6A80);
	assert_int_equal(xfer(c, "0024008010"
			      "313233343536FFFF" "3635343332313030"), 0x9000);
	assert_int_equal(xfer(c, "0020008008313233343536FFFF"), 0x63C2);
	assert_int_equal(xfer(c, "00200080083635343332313030"), 0x9000);
	/* the PUK */
	assert_int_equal(xfer(c, "0024008110"
			      "3132333435363738" "3837363534333231"), 0x9000);
	assert_int_equal(xfer(c, "002C008010"
			      "3132333435363738" "363534333231FFFF"), 0x63C2);
	assert_int_equal(xfer(c, "0024008210"
			      "3132333435363738" "3837363534333231"), 0x6A88);
}

/* 9B: the card's challenge, answered under the management key */
static int mgm_login(struct piv_card *c, const uint8_t key[PIV_MGM_LEN])
{
	uint8_t a[5 + 12] = { 0x00, 0x87, 0x03, 0x9B, 12, 0x7C, 10, 0x82, 8 };
	EVP_CIPHER_CTX *ctx;
	struct tlv t, ch;
	int len;

	assert_int_equal(xfer(c, "008703 9B 04 7C028100 00"), 0x9000);
	assert_true(tlv_parse(rsp, rlen, &t) > 0);
	assert_int_equal(tlv_find(t.val, t.len, 0x81, &ch), 0);
	assert_int_equal(ch.len, 8);
	ctx = EVP_CIPHER_CTX_new();
	assert_true(EVP_EncryptInit_ex(ctx, EVP_des_ede3_ecb(), NULL, key,
				       NULL));
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	assert_true(EVP_EncryptUpdate(ctx, a + 9, &len, ch.val, 8));
	EVP_CIPHER_CTX_free(ctx);
	return xfer_bin(c, a, 5 + 12);
}

static void test_generate(void **state)
{
	static const uint8_t wrong[PIV_MGM_LEN] = { 1 };
	struct piv_card *c = *state;
	uint8_t all[400];
	size_t n = 0;
	struct tlv t, m;
	int sw;

	assert_int_equal(xfer(c, "0047009A05AC03800107"), 0x6982);
	assert_int_equal(mgm_login(c, wrong), 0x6982);
	assert_int_equal(xfer(c, "0047009A05AC03800107"), 0x6982);
	/* a response without a challenge first */
	assert_int_equal(xfer(c, "0087039B0C7C0A82080102030405060708"),
			 0x6A80);
	assert_int_equal(mgm_login(c, piv_default_mgm), 0x9000);
	assert_int_equal(xfer(c, "0047009A05AC03800106"), 0x6A80);
	assert_int_equal(xfer(c, "0047009B05AC03800107"), 0x6A86);
	/* RSA public key, 265 bytes: 256 now, the rest by GET RESPONSE */
	sw = xfer(c, "0047009A05AC0380010700");
	assert_int_equal(sw, 0x610E);
	memcpy(all, rsp, rlen);
	n = rlen;
	assert_int_equal(xfer(c, "00C000000E"), 0x9000);
	memcpy(all + n, rsp, rlen);
	n += rlen;
	assert_true(tlv_parse(all, n, &t) == (long)n);
	assert_int_equal(t.tag, 0x7F49);
	assert_int_equal(tlv_find(t.val, t.len, 0x81, &m), 0);
	assert_int_equal(m.len, 256);
	assert_int_equal(tlv_find(t.val, t.len, 0x82, &m), 0);
	assert_int_equal(xfer(c, "00C0000000"), 0x6A86);
	/* EC: 7F49 { 86 04||X||Y } */
	assert_int_equal(xfer(c, "0047009E05AC03800111"), 0x9000);
	assert_true(tlv_parse(rsp, rlen, &t) == (long)rlen);
	assert_int_equal(tlv_find(t.val, t.len, 0x86, &m), 0);
	assert_int_equal(m.len, 65);
	assert_int_equal(xfer(c, "0047009C05AC03800111"), 0x9000);
}

static void test_general_authenticate(void **state)
{
	struct piv_card *c = *state;
	uint8_t a[5 + 6 + 256 + 1] = { 0x10, 0x87, 0x07, 0x9A };
	struct tlv t, r;

	assert_int_equal(mgm_login(c, piv_default_mgm), 0x9000);
	assert_int_equal(xfer(c, "0087079A067C0482008100"), 0x6A88);
	assert_int_equal(xfer(c, "0047009A05AC03800107"), 0x610E);
	assert_int_equal(xfer(c, "0047009E05AC03800111"), 0x9000);
	assert_int_equal(xfer(c, "0047009C05AC03800111"), 0x9000);
	/* 9A: PIN first; RSA input of 256 bytes in two chained commands */
	a[4] = 200;
	memcpy(a + 5, "\x7C\x82\x01\x06\x82\x00\x81\x82\x01\x00", 10);
	for (int i = 0; i < 190; i++)
		a[15 + i] = (uint8_t)i;
	assert_int_equal(xfer_bin(c, a, 5 + 200), 0x9000);
	a[0] = 0x00;
	a[4] = 66;
	for (int i = 0; i < 66; i++)
		a[5 + i] = (uint8_t)(190 + i);
	assert_int_equal(xfer_bin(c, a, 5 + 66 + 1), 0x6982);
	assert_int_equal(xfer(c, "0020008008313233343536FFFF"), 0x9000);
	a[0] = 0x10;
	a[4] = 200;
	memcpy(a + 5, "\x7C\x82\x01\x06\x82\x00\x81\x82\x01\x00", 10);
	for (int i = 0; i < 190; i++)
		a[15 + i] = (uint8_t)i;
	assert_int_equal(xfer_bin(c, a, 5 + 200), 0x9000);
	a[0] = 0x00;
	a[4] = 66;
	for (int i = 0; i < 66; i++)
		a[5 + i] = (uint8_t)(190 + i);
	a[5 + 66] = 0x00;
	assert_int_equal(xfer_bin(c, a, 5 + 66 + 1), 0x6108);
	assert_int_equal(xfer(c, "00C0000008"), 0x9000);
	/* wrong algorithm for the key, no input */
	assert_int_equal(xfer(c, "0087119A067C0482008100"), 0x6A86);
	assert_int_equal(xfer(c, "0087079A047C028200"), 0x6A80);
	/* 9E: no PIN; ECDSA over a digest; ECDH with a point */
	assert_int_equal(xfer(c, "0020FF8000"), 0x9000);
	assert_int_equal(xfer(c, "0087119E087C06820081020102"), 0x9000);
	assert_true(tlv_parse(rsp, rlen, &t) == (long)rlen);
	assert_int_equal(tlv_find(t.val, t.len, 0x82, &r), 0);
	assert_memory_equal(r.val, "\x02\x01", 2);
	assert_int_equal(xfer(c, "0087119E097C0782008503010203"), 0x6A80);
	assert_int_equal(xfer(c, "0087079E067C0482008100"), 0x6A86);
	/* 9C: the PIN right before every use */
	assert_int_equal(xfer(c, "0087119C087C06820081020102"), 0x6982);
	assert_int_equal(xfer(c, "0020008008313233343536FFFF"), 0x9000);
	assert_int_equal(xfer(c, "0087119C087C06820081020102"), 0x9000);
	assert_int_equal(xfer(c, "0087119C087C06820081020102"), 0x6982);
}

static void test_put_data(void **state)
{
	struct piv_card *c = *state;
	uint8_t a[5 + 300] = { 0x00, 0xDB, 0x3F, 0xFF };
	uint8_t all[600];
	size_t n;

	/* 5C 03 5FC105, 53 82 01 14 { 70 82 01 10 <272 bytes> ... } */
	assert_int_equal(xfer(c, "00DB3FFF085C035FC105530170"), 0x6982);
	assert_int_equal(mgm_login(c, piv_default_mgm), 0x9000);
	a[0] = 0x10;
	a[4] = 255;
	memcpy(a + 5, "\x5C\x03\x5F\xC1\x05\x53\x82\x01\x14", 9);
	for (int i = 9; i < 255; i++)
		a[5 + i] = (uint8_t)i;
	assert_int_equal(xfer_bin(c, a, 5 + 255), 0x9000);
	a[0] = 0x00;
	a[4] = 30;
	for (int i = 0; i < 30; i++)
		a[5 + i] = (uint8_t)(255 + i);
	assert_int_equal(xfer_bin(c, a, 5 + 30), 0x9000);
	/* read back: 280 bytes, two answers */
	assert_int_equal(xfer(c, "00CB3FFF055C035FC10500"), 0x6118);
	memcpy(all, rsp, rlen);
	n = rlen;
	assert_int_equal(xfer(c, "00C0000018"), 0x9000);
	memcpy(all + n, rsp, rlen);
	n += rlen;
	assert_int_equal(n, 280);
	assert_int_equal(all[0], 0x53);
	assert_int_equal(all[279], (uint8_t)284);
	/* extended Le: all at once */
	assert_int_equal(xfer(c, "00CB3FFF00 0005 5C035FC105 0000"), 0x9000);
	assert_int_equal(rlen, 280);
	/* a length that does not match, an unknown tag, the BIT, no 53 */
	assert_int_equal(xfer(c, "00DB3FFF095C035FC10553030000"), 0x6A80);
	assert_int_equal(xfer(c, "00DB3FFF075C035FC2055300"), 0x6A82);
	assert_int_equal(xfer(c, "00DB3FFF065C027F615300"), 0x6A82);
	assert_int_equal(xfer(c, "00DB3FFF075C035FC1057000"), 0x6A80);
	assert_int_equal(xfer(c, "00DB3FFF075C017E53020000"), 0x6A80);
}

static void test_malformed(void **state)
{
	struct piv_card *c = *state;

	assert_int_equal(xfer(c, "00A404"), 0x6700);
	assert_int_equal(xfer(c, "00A4040005A000"), 0x6700);
	assert_int_equal(xfer(c, "00A4040000"), 0x6A82);
	assert_int_equal(xfer(c, "00A404000000"), 0x6700);
	assert_int_equal(xfer(c, "80A4040005A000000308"), 0x6E00);
	assert_int_equal(xfer(c, "10A4040005A000000308"), 0x6E00);
	assert_int_equal(xfer(c, "00B0000000"), 0x6D00);
	assert_int_equal(xfer(c, "00870700027C02"), 0x6A80);
	assert_int_equal(xfer(c, "0047009A03AC0180"), 0x6982);
}

static void test_save_load(void **state)
{
	struct piv_card *c = *state, d;
	uint8_t *buf;
	size_t len;

	assert_int_equal(mgm_login(c, piv_default_mgm), 0x9000);
	assert_int_equal(xfer(c, "0047009E05AC03800111"), 0x9000);
	assert_int_equal(xfer(c, "002000800831313131313131FF"), 0x63C2);
	assert_int_equal(xfer(c, "00DB3FFF085C035FC101530170"), 0x9000);
	assert_int_equal(c->dirty, 1);
	assert_int_equal(piv_save(c, &buf, &len), 0);
	assert_int_equal(piv_load(&d, &fake_ops, NULL, buf, len), 0);
	/* counters, keys, objects kept; security status not */
	assert_int_equal(xfer(&d, "0020008000"), 0x63C2);
	assert_int_equal(xfer(&d, "0047009A05AC03800111"), 0x6982);
	assert_int_equal(xfer(&d, "0087119E087C06820081020102"), 0x9000);
	assert_int_equal(xfer(&d, "00CB3FFF055C035FC10100"), 0x9000);
	assert_int_equal(rlen, 3);
	piv_card_free(&d);
	/* every truncation and a flipped version byte are refused */
	for (size_t n = 0; n < len; n++) {
		int rc = piv_load(&d, &fake_ops, NULL, buf, n);

		if (!rc)
			piv_card_free(&d);
		/* a cut between two whole TLVs past the mandatory ones
		 * (55 bytes here) may load
		 */
		if (n < 55)
			assert_int_equal(rc, -1);
	}
	buf[2] = 2;
	assert_int_equal(piv_load(&d, &fake_ops, NULL, buf, len), -1);
	free(buf);
}

static void test_pad(void **state)
{
	uint8_t p[VSC_AUTH_LEN];

	(void)state;
	assert_int_equal(piv_pad_auth("123456", p), 0);
	assert_memory_equal(p, "123456\xFF\xFF", 8);
	assert_int_equal(piv_pad_auth("12345", p), -1);
	assert_int_equal(piv_pad_auth("123456789", p), -1);
	assert_int_equal(piv_pad_auth("12345a", p), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_select, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_counter, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_change_reference, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_generate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_general_authenticate,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_load, setup, teardown),
		cmocka_unit_test(test_pad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
