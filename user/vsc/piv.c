// SPDX-License-Identifier: GPL-2.0
/*
 * The PIV card application of the virtual card: APDU parsing, command
 * chaining, GET RESPONSE, the data objects, the PIV retry counters and
 * security status. Every private-key operation goes to the backend.
 */
#include "piv.h"
#include "tlv.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

/* ISO/IEC 7816-4 status words */
#define SW_OK			0x9000
#define SW_MORE(n)		(0x6100 | (n))
#define SW_TRIES(n)		(0x63C0 | (n))
#define SW_WRONG_LENGTH		0x6700
#define SW_SECURITY		0x6982
#define SW_BLOCKED		0x6983
#define SW_WRONG_DATA		0x6A80
#define SW_NOT_FOUND		0x6A82
#define SW_WRONG_P1P2		0x6A86
#define SW_REF_NOT_FOUND	0x6A88
#define SW_INS			0x6D00
#define SW_CLA			0x6E00
#define SW_UNKNOWN		0x6F00

#define CLA_CHAIN		0x10
#define INS_VERIFY		0x20
#define INS_CHANGE_REF		0x24
#define INS_RESET_RETRY		0x2C
#define INS_GENERATE		0x47
#define INS_GENERAL_AUTH	0x87
#define INS_SELECT		0xA4
#define INS_GET_RESPONSE	0xC0
#define INS_GET_DATA		0xCB
#define INS_PUT_DATA		0xDB

#define PIV_REF_PIN		0x80
#define PIV_REF_PUK		0x81

/* PIV data object tags, SP 800-73-4 part 1 table 3 */
#define TAG_OBJ_LIST		0x5C
#define TAG_OBJ_DATA		0x53
#define TAG_DISCOVERY		0x7E
#define TAG_CHUID		0x5FC102
#define TAG_CCC			0x5FC107
#define TAG_FINGERPRINTS	0x5FC103
#define TAG_FACE		0x5FC108
#define TAG_PRINTED		0x5FC109
#define TAG_OBJ_FIRST		0x5FC101
#define TAG_OBJ_LAST		0x5FC123
/* dynamic authentication template, SP 800-73-4 part 2 table 7 */
#define TAG_DYN_AUTH		0x7C
#define TAG_WITNESS		0x80
#define TAG_CHALLENGE		0x81
#define TAG_RESPONSE		0x82
#define TAG_EXPONENTIATION	0x85
#define TAG_CRT			0xAC
#define TAG_CRT_ALG		0x80
#define TAG_PUBKEY		0x7F49

#define PIN_PAD			0xFF
#define PIN_MIN			6

static const uint8_t piv_aid[] = {
	0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00
};
#define PIV_RID_LEN		5	/* the shortest prefix we select on */

const uint8_t piv_default_mgm[PIV_MGM_LEN] = {
	1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8
};

/* FASC-N of a non-federal issuer (agency code 9999), SP 800-73-4 3.3 */
static const uint8_t fascn_9999[25] = {
	0xD4, 0xE7, 0x39, 0xDA, 0x73, 0x9C, 0xED, 0x39, 0xCE, 0x73, 0x9D,
	0x83, 0x68, 0x58, 0x21, 0x08, 0x42, 0x10, 0x84, 0x21, 0xC8, 0x42,
	0x10, 0xC3, 0xEB
};

static const uint8_t key_refs[PIV_NKEYS] = {
	PIV_KEY_AUTH, PIV_KEY_SIGN, PIV_KEY_KMK, PIV_KEY_CARD
};

struct apdu {
	uint8_t cla, ins, p1, p2;
	const uint8_t *data;
	size_t lc, le;
};

/* ISO/IEC 7816-3 12.1: cases 1 to 4, short and extended */
static int apdu_parse(const uint8_t *a, size_t n, struct apdu *p)
{
	if (n < 4)
		return -1;
	p->cla = a[0];
	p->ins = a[1];
	p->p1 = a[2];
	p->p2 = a[3];
	p->data = NULL;
	p->lc = 0;
	p->le = 256;
	if (n == 4)
		return 0;
	if (n == 5) {
		p->le = a[4] ? a[4] : 256;
		return 0;
	}
	if (a[4]) {
		p->lc = a[4];
		p->data = a + 5;
		if (n == 5 + p->lc)
			return 0;
		if (n == 6 + p->lc) {
			p->le = a[5 + p->lc] ? a[5 + p->lc] : 256;
			return 0;
		}
		return -1;
	}
	if (n < 7)
		return -1;
	if (n == 7) {
		p->le = (size_t)(a[5] << 8 | a[6]);
		if (!p->le)
			p->le = 65536;
		return 0;
	}
	p->lc = (size_t)(a[5] << 8 | a[6]);
	p->data = a + 7;
	p->le = 65536;
	if (!p->lc)
		return -1;
	if (n == 7 + p->lc)
		return 0;
	if (n == 9 + p->lc) {
		p->le = (size_t)(a[7 + p->lc] << 8 | a[8 + p->lc]);
		if (!p->le)
			p->le = 65536;
		return 0;
	}
	return -1;
}

int piv_pad_auth(const char *s, uint8_t out[VSC_AUTH_LEN])
{
	size_t n = strlen(s);

	if (n < PIN_MIN || n > VSC_AUTH_LEN)
		return -1;
	memset(out, PIN_PAD, VSC_AUTH_LEN);
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		out[i] = (uint8_t)s[i];
	}
	return 0;
}

/* A new PIN or PUK: 6 to 8 digits, then FF padding. */
static int auth_valid(const uint8_t *a)
{
	size_t n = 0;

	while (n < VSC_AUTH_LEN && a[n] >= '0' && a[n] <= '9')
		n++;
	if (n < PIN_MIN)
		return 0;
	for (size_t i = n; i < VSC_AUTH_LEN; i++)
		if (a[i] != PIN_PAD)
			return 0;
	return 1;
}

static int key_index(uint8_t ref)
{
	for (int i = 0; i < PIV_NKEYS; i++)
		if (key_refs[i] == ref)
			return i;
	return -1;
}

static struct piv_object *obj_find(struct piv_card *c, uint32_t tag)
{
	for (int i = 0; i < PIV_NOBJ; i++)
		if (c->obj[i].tag == tag)
			return &c->obj[i];
	return NULL;
}

static int obj_set(struct piv_card *c, uint32_t tag, const uint8_t *data,
		   size_t len)
{
	struct piv_object *o = obj_find(c, tag);
	uint8_t *copy;

	if (len > PIV_OBJ_MAX)
		return -1;
	if (!o)
		o = obj_find(c, 0);
	if (!o)
		return -1;
	copy = malloc(len ? len : 1);
	if (!copy)
		return -1;
	memcpy(copy, data, len);
	free(o->data);
	o->tag = tag;
	o->data = copy;
	o->len = len;
	c->dirty = 1;
	return 0;
}

/* Start the pending response with len bytes of data. */
static uint8_t *rsp_begin(struct piv_card *c)
{
	c->rsp_len = 0;
	c->rsp_off = 0;
	return c->rsp;
}

static int put(struct piv_card *c, uint32_t tag, const uint8_t *val,
	       size_t len)
{
	long n = tlv_put(c->rsp + c->rsp_len, PIV_RSP_MAX - 2 - c->rsp_len,
			 tag, val, len);

	if (n < 0)
		return -1;
	c->rsp_len += (size_t)n;
	return 0;
}

static int put_header(struct piv_card *c, uint32_t tag, size_t len)
{
	long n = tlv_put_header(c->rsp + c->rsp_len,
				PIV_RSP_MAX - 2 - c->rsp_len, tag, len);

	if (n < 0)
		return -1;
	c->rsp_len += (size_t)n;
	return 0;
}

static int do_select(struct piv_card *c, const struct apdu *a)
{
	static const uint8_t algs[] = { PIV_ALG_RSA2048, PIV_ALG_P256 };
	static const char label[] = "scpnp virtual PIV";
	size_t alg_len = sizeof(algs) * 3 + 3;
	size_t inner;

	if (a->p1 != 0x04 || (a->p2 & ~0x0C) != 0)
		return SW_WRONG_P1P2;
	if (a->lc < PIV_RID_LEN || a->lc > sizeof(piv_aid) ||
	    memcmp(a->data, piv_aid, a->lc))
		return SW_NOT_FOUND;
	/* application property template, SP 800-73-4 part 2 table 3 */
	inner = 2 + 6 + 2 + 2 + PIV_RID_LEN + 2 + sizeof(label) - 1 + 2 +
		alg_len;
	rsp_begin(c);
	if (put_header(c, 0x61, inner) ||
	    put(c, 0x4F, piv_aid + PIV_RID_LEN, 6) ||
	    put_header(c, 0x79, 2 + PIV_RID_LEN) ||
	    put(c, 0x4F, piv_aid, PIV_RID_LEN) ||
	    put(c, 0x50, (const uint8_t *)label, sizeof(label) - 1) ||
	    put_header(c, TAG_CRT, alg_len))
		return SW_UNKNOWN;
	for (size_t i = 0; i < sizeof(algs); i++)
		if (put(c, 0x80, &algs[i], 1))
			return SW_UNKNOWN;
	if (put(c, 0x06, (const uint8_t[]){ 0 }, 1))
		return SW_UNKNOWN;
	return SW_OK;
}

static int get_tag(const struct apdu *a, uint32_t *tag)
{
	struct tlv t;

	if (tlv_parse(a->data, a->lc, &t) < 0 || t.tag != TAG_OBJ_LIST ||
	    t.len < 1 || t.len > 3)
		return -1;
	*tag = 0;
	for (size_t i = 0; i < t.len; i++)
		*tag = *tag << 8 | t.val[i];
	return 0;
}

static int do_get_data(struct piv_card *c, const struct apdu *a)
{
	struct piv_object *o;
	uint32_t tag;

	if (a->p1 != 0x3F || a->p2 != 0xFF)
		return SW_WRONG_P1P2;
	if (get_tag(a, &tag))
		return SW_WRONG_DATA;
	o = obj_find(c, tag);
	if (!tag || !o)
		return SW_NOT_FOUND;
	if ((tag == TAG_FINGERPRINTS || tag == TAG_FACE ||
	     tag == TAG_PRINTED) && !c->pin_ok)
		return SW_SECURITY;
	memcpy(rsp_begin(c), o->data, o->len);
	c->rsp_len = o->len;
	return SW_OK;
}

static int do_put_data(struct piv_card *c, const uint8_t *d, size_t n,
		       const struct apdu *a)
{
	struct apdu sub = *a;
	struct tlv t;
	uint32_t tag;
	long used;

	if (a->p1 != 0x3F || a->p2 != 0xFF)
		return SW_WRONG_P1P2;
	if (!c->mgm_ok)
		return SW_SECURITY;
	sub.data = d;
	sub.lc = n;
	if (get_tag(&sub, &tag))
		return SW_WRONG_DATA;
	used = tlv_parse(d, n, &t);
	d += used;
	n -= (size_t)used;
	if (tag != TAG_DISCOVERY &&
	    (tag < TAG_OBJ_FIRST || tag > TAG_OBJ_LAST))
		return SW_NOT_FOUND;
	used = tlv_parse(d, n, &t);
	if (used < 0 || (size_t)used != n ||
	    t.tag != (tag == TAG_DISCOVERY ? TAG_DISCOVERY : TAG_OBJ_DATA))
		return SW_WRONG_DATA;
	if (obj_set(c, tag, d, n))
		return SW_WRONG_LENGTH;
	return SW_OK;
}

static int tries_sw(uint8_t tries)
{
	return tries ? SW_TRIES(tries > 15 ? 15 : tries) : SW_BLOCKED;
}

static void pin_clear(struct piv_card *c)
{
	c->pin_ok = 0;
	c->pin_always = 0;
	OPENSSL_cleanse(c->pin_auth, sizeof(c->pin_auth));
}

static int do_verify(struct piv_card *c, const struct apdu *a)
{
	int rc;

	if (a->p2 != PIV_REF_PIN)
		return SW_REF_NOT_FOUND;
	if (a->p1 == 0xFF && !a->lc) {
		pin_clear(c);
		return SW_OK;
	}
	if (a->p1 != 0x00)
		return SW_WRONG_P1P2;
	if (!a->lc)
		return c->pin_ok ? SW_OK : tries_sw(c->pin_tries);
	if (a->lc != VSC_AUTH_LEN)
		return SW_WRONG_DATA;
	if (!c->pin_tries)
		return SW_BLOCKED;
	pin_clear(c);
	rc = c->ops->check_auth(c->be, &c->pin, a->data);
	if (rc == VSC_TPM_BADAUTH) {
		c->pin_tries--;
		c->dirty = 1;
		return tries_sw(c->pin_tries);
	}
	if (rc != VSC_TPM_OK)
		return SW_UNKNOWN;
	if (c->pin_tries != c->pin_max)
		c->dirty = 1;
	c->pin_tries = c->pin_max;
	c->pin_ok = 1;
	c->pin_always = 1;
	memcpy(c->pin_auth, a->data, VSC_AUTH_LEN);
	return SW_OK;
}

static int do_change_ref(struct piv_card *c, const struct apdu *a)
{
	int puk = a->p2 == PIV_REF_PUK;
	uint8_t *tries = puk ? &c->puk_tries : &c->pin_tries;
	uint8_t max = puk ? c->puk_max : c->pin_max;
	const uint8_t *old = a->data, *new_auth = a->data + VSC_AUTH_LEN;
	int rc;

	if (a->p1 != 0x00)
		return SW_WRONG_P1P2;
	if (a->p2 != PIV_REF_PIN && !puk)
		return SW_REF_NOT_FOUND;
	if (a->lc != 2 * VSC_AUTH_LEN || !auth_valid(new_auth))
		return SW_WRONG_DATA;
	if (!*tries)
		return SW_BLOCKED;
	if (puk)
		rc = c->ops->change_auth(c->be, NULL, &c->puk, old, new_auth);
	else
		rc = c->ops->change_auth(c->be, &c->puk, &c->pin, old,
					 new_auth);
	c->dirty = 1;
	if (rc == VSC_TPM_BADAUTH) {
		(*tries)--;
		if (!puk)
			pin_clear(c);
		return tries_sw(*tries);
	}
	if (rc != VSC_TPM_OK)
		return SW_UNKNOWN;
	*tries = max;
	if (!puk) {
		c->pin_ok = 1;
		memcpy(c->pin_auth, new_auth, VSC_AUTH_LEN);
	}
	return SW_OK;
}

static int do_reset_retry(struct piv_card *c, const struct apdu *a)
{
	int rc;

	if (a->p1 != 0x00 || a->p2 != PIV_REF_PIN)
		return SW_WRONG_P1P2;
	if (a->lc != 2 * VSC_AUTH_LEN ||
	    !auth_valid(a->data + VSC_AUTH_LEN))
		return SW_WRONG_DATA;
	if (!c->puk_tries)
		return SW_BLOCKED;
	pin_clear(c);
	rc = c->ops->reset_pin(c->be, &c->puk, &c->pin, a->data,
			       a->data + VSC_AUTH_LEN);
	c->dirty = 1;
	if (rc == VSC_TPM_BADAUTH) {
		c->puk_tries--;
		return tries_sw(c->puk_tries);
	}
	if (rc != VSC_TPM_OK)
		return SW_UNKNOWN;
	c->puk_tries = c->puk_max;
	c->pin_tries = c->pin_max;
	return SW_OK;
}

static int put_public(struct piv_card *c, int k)
{
	uint8_t pub[300];
	size_t len;

	if (c->ops->public_key(c->be, &c->key[k], pub, sizeof(pub), &len))
		return SW_UNKNOWN;
	rsp_begin(c);
	if (c->key_alg[k] == PIV_ALG_RSA2048) {
		static const uint8_t e[] = { 0x01, 0x00, 0x01 };

		if (put_header(c, TAG_PUBKEY, tlv_header_size(0x81, len) +
			       len + 2 + sizeof(e)) ||
		    put(c, 0x81, pub, len) || put(c, 0x82, e, sizeof(e)))
			return SW_UNKNOWN;
	} else if (put_header(c, TAG_PUBKEY, 2 + len) ||
		   put(c, 0x86, pub, len)) {
		return SW_UNKNOWN;
	}
	return SW_OK;
}

static int do_generate(struct piv_card *c, const struct apdu *a)
{
	int k = key_index(a->p2);
	struct tlv crt, alg;
	enum vsc_alg va;

	if (a->p1 != 0x00 || k < 0)
		return SW_WRONG_P1P2;
	if (!c->mgm_ok)
		return SW_SECURITY;
	if (tlv_parse(a->data, a->lc, &crt) < 0 || crt.tag != TAG_CRT ||
	    tlv_find(crt.val, crt.len, TAG_CRT_ALG, &alg) || alg.len != 1)
		return SW_WRONG_DATA;
	if (alg.val[0] == PIV_ALG_RSA2048)
		va = VSC_ALG_RSA2048;
	else if (alg.val[0] == PIV_ALG_P256)
		va = VSC_ALG_P256;
	else
		return SW_WRONG_DATA;
	if (c->ops->generate(c->be, va,
			     a->p2 == PIV_KEY_CARD ? NULL : &c->pin,
			     &c->key[k]))
		return SW_UNKNOWN;
	c->key_alg[k] = alg.val[0];
	c->dirty = 1;
	return put_public(c, k);
}

static int mgm_auth(struct piv_card *c, const uint8_t *d, size_t n)
{
	EVP_CIPHER_CTX *ctx;
	uint8_t want[8 + 8];
	struct tlv t;
	int len, ok;

	if (!tlv_find(d, n, TAG_CHALLENGE, &t) && !t.len) {
		/* step 1: the card's challenge */
		c->mgm_ok = 0;
		if (c->ops->random(c->be, c->challenge, sizeof(c->challenge)))
			return SW_UNKNOWN;
		c->challenge_set = 1;
		rsp_begin(c);
		if (put_header(c, TAG_DYN_AUTH, 2 + sizeof(c->challenge)) ||
		    put(c, TAG_CHALLENGE, c->challenge, sizeof(c->challenge)))
			return SW_UNKNOWN;
		return SW_OK;
	}
	if (tlv_find(d, n, TAG_RESPONSE, &t) || t.len != 8 ||
	    !c->challenge_set)
		return SW_WRONG_DATA;
	/* step 2: the challenge encrypted under the management key */
	c->challenge_set = 0;
	ctx = EVP_CIPHER_CTX_new();
	ok = ctx && EVP_EncryptInit_ex(ctx, EVP_des_ede3_ecb(), NULL, c->mgm,
				       NULL) &&
	     EVP_CIPHER_CTX_set_padding(ctx, 0) &&
	     EVP_EncryptUpdate(ctx, want, &len, c->challenge, 8) && len == 8;
	EVP_CIPHER_CTX_free(ctx);
	if (!ok)
		return SW_UNKNOWN;
	if (CRYPTO_memcmp(want, t.val, 8))
		return SW_SECURITY;
	c->mgm_ok = 1;
	return SW_OK;
}

static int do_general_auth(struct piv_card *c, const uint8_t *d, size_t n,
			   const struct apdu *a)
{
	int k = key_index(a->p2);
	uint8_t out[512];
	struct tlv dyn, in;
	enum vsc_op op;
	size_t out_len;
	int rc;

	if (tlv_parse(d, n, &dyn) < 0 || dyn.tag != TAG_DYN_AUTH)
		return SW_WRONG_DATA;
	if (a->p2 == PIV_KEY_MGMT) {
		if (a->p1 != PIV_ALG_3DES)
			return SW_WRONG_P1P2;
		return mgm_auth(c, dyn.val, dyn.len);
	}
	if (k < 0 || !c->key_alg[k])
		return SW_REF_NOT_FOUND;
	if (a->p1 != c->key_alg[k])
		return SW_WRONG_P1P2;
	if (a->p2 == PIV_KEY_SIGN ? !c->pin_always :
	    a->p2 != PIV_KEY_CARD && !c->pin_ok)
		return SW_SECURITY;
	if (!tlv_find(dyn.val, dyn.len, TAG_CHALLENGE, &in)) {
		op = c->key_alg[k] == PIV_ALG_RSA2048 ? VSC_OP_RSA_RAW :
							VSC_OP_ECDSA;
		if (op == VSC_OP_RSA_RAW && in.len != 256)
			return SW_WRONG_DATA;
		if (op == VSC_OP_ECDSA && (!in.len || in.len > 64))
			return SW_WRONG_DATA;
	} else if (!tlv_find(dyn.val, dyn.len, TAG_EXPONENTIATION, &in) &&
		   c->key_alg[k] == PIV_ALG_P256) {
		op = VSC_OP_ECDH;
		if (in.len != 65)
			return SW_WRONG_DATA;
	} else {
		return SW_WRONG_DATA;
	}
	rc = c->ops->private_op(c->be, &c->key[k],
				a->p2 == PIV_KEY_CARD ? NULL : &c->pin,
				c->pin_auth, op, in.val, in.len, out,
				sizeof(out), &out_len);
	if (a->p2 == PIV_KEY_SIGN)
		c->pin_always = 0;
	if (rc == VSC_TPM_BADAUTH) {
		pin_clear(c);
		return SW_SECURITY;
	}
	if (rc != VSC_TPM_OK)
		return SW_UNKNOWN;
	rsp_begin(c);
	if (put_header(c, TAG_DYN_AUTH, tlv_header_size(TAG_RESPONSE, out_len) +
		       out_len) ||
	    put(c, TAG_RESPONSE, out, out_len))
		return SW_UNKNOWN;
	return SW_OK;
}

static void chain_drop(struct piv_card *c)
{
	free(c->chain);
	c->chain = NULL;
	c->chain_len = 0;
	c->chain_ins = 0;
}

/* Append a chained command's data; -1 when it does not fit. */
static int chain_add(struct piv_card *c, const struct apdu *a)
{
	uint8_t *p;

	if (c->chain && c->chain_ins != a->ins)
		chain_drop(c);
	if (c->chain_len + a->lc > PIV_APDU_MAX)
		return -1;
	p = realloc(c->chain, c->chain_len + a->lc + 1);
	if (!p)
		return -1;
	if (a->lc)
		memcpy(p + c->chain_len, a->data, a->lc);
	c->chain = p;
	c->chain_len += a->lc;
	c->chain_ins = a->ins;
	return 0;
}

static int dispatch(struct piv_card *c, struct apdu *a)
{
	const uint8_t *d = a->data;
	size_t n = a->lc;
	int sw;

	if (a->cla & CLA_CHAIN) {
		if (a->ins != INS_PUT_DATA && a->ins != INS_GENERAL_AUTH)
			return SW_CLA;
		if (chain_add(c, a)) {
			chain_drop(c);
			return SW_WRONG_LENGTH;
		}
		return SW_OK;
	}
	if (c->chain && c->chain_ins == a->ins) {
		if (chain_add(c, a)) {
			chain_drop(c);
			return SW_WRONG_LENGTH;
		}
		d = c->chain;
		n = c->chain_len;
	} else if (c->chain) {
		chain_drop(c);
	}
	switch (a->ins) {
	case INS_SELECT:
		sw = do_select(c, a);
		break;
	case INS_GET_DATA:
		sw = do_get_data(c, a);
		break;
	case INS_PUT_DATA:
		sw = do_put_data(c, d, n, a);
		break;
	case INS_VERIFY:
		sw = do_verify(c, a);
		break;
	case INS_CHANGE_REF:
		sw = do_change_ref(c, a);
		break;
	case INS_RESET_RETRY:
		sw = do_reset_retry(c, a);
		break;
	case INS_GENERATE:
		sw = do_generate(c, a);
		break;
	case INS_GENERAL_AUTH:
		sw = do_general_auth(c, d, n, a);
		break;
	default:
		sw = SW_INS;
	}
	chain_drop(c);
	return sw;
}

/* Hand out pending response bytes: at most le, then 61xx for the rest. */
static size_t deliver(struct piv_card *c, size_t le, uint8_t *rsp,
		      size_t size, int sw)
{
	size_t left = c->rsp_len - c->rsp_off, n = left;

	if (n > le)
		n = le;
	if (n > size - 2)
		n = size - 2;
	memcpy(rsp, c->rsp + c->rsp_off, n);
	c->rsp_off += n;
	left -= n;
	if (left)
		sw = SW_MORE(left > 0xFF ? 0 : left);
	else
		c->rsp_len = c->rsp_off = 0;
	rsp[n] = (uint8_t)(sw >> 8);
	rsp[n + 1] = (uint8_t)sw;
	return n + 2;
}

size_t piv_transmit(struct piv_card *c, const uint8_t *apdu, size_t len,
		    uint8_t *rsp, size_t size)
{
	struct apdu a;
	int sw;

	if (size < 2)
		return 0;
	if (apdu_parse(apdu, len, &a)) {
		sw = SW_WRONG_LENGTH;
		goto status;
	}
	if ((a.cla & ~CLA_CHAIN) != 0x00) {
		sw = SW_CLA;
		goto status;
	}
	if (a.ins == INS_GET_RESPONSE) {
		if (c->rsp_off >= c->rsp_len) {
			sw = SW_WRONG_P1P2;
			goto status;
		}
		return deliver(c, a.le, rsp, size, SW_OK);
	}
	c->rsp_len = c->rsp_off = 0;
	sw = dispatch(c, &a);
	if (sw == SW_OK)
		return deliver(c, a.le, rsp, size, sw);
	c->rsp_len = c->rsp_off = 0;
status:
	rsp[0] = (uint8_t)(sw >> 8);
	rsp[1] = (uint8_t)sw;
	return 2;
}

void piv_card_reset(struct piv_card *c)
{
	pin_clear(c);
	c->mgm_ok = 0;
	c->challenge_set = 0;
	chain_drop(c);
	c->rsp_len = c->rsp_off = 0;
}

static int card_init(struct piv_card *c, const struct piv_ops *ops, void *be)
{
	memset(c, 0, sizeof(*c));
	c->ops = ops;
	c->be = be;
	c->rsp = malloc(PIV_RSP_MAX);
	return c->rsp ? 0 : -1;
}

static int default_objects(struct piv_card *c, const uint8_t guid[16])
{
	static const uint8_t expiry[8] = "20991231";
	uint8_t chuid[2 + 2 + 25 + 2 + 16 + 2 + 8 + 2 + 2];
	uint8_t ccc[2 + 2 + 21 + 3 + 3 + 2 + 3 + 3 + 2 * 7];
	uint8_t disc[2 + 2 + sizeof(piv_aid) + 5];
	uint8_t *p;

	/* CHUID: SP 800-73-4 part 1 table 9; FASC-N, GUID, expiry */
	p = chuid;
	*p++ = TAG_OBJ_DATA;
	*p++ = sizeof(chuid) - 2;
	p += tlv_put(p, 27, 0x30, fascn_9999, sizeof(fascn_9999));
	p += tlv_put(p, 18, 0x34, guid, 16);
	p += tlv_put(p, 10, 0x35, expiry, sizeof(expiry));
	p += tlv_put(p, 2, 0x3E, NULL, 0);
	p += tlv_put(p, 2, 0xFE, NULL, 0);
	/* CCC: table 8; card identifier = GSC-RID, manufacturer FF, guid */
	p = ccc;
	*p++ = TAG_OBJ_DATA;
	*p++ = sizeof(ccc) - 2;
	*p++ = 0xF0;
	*p++ = 21;
	memcpy(p, (const uint8_t[]){ 0xA0, 0x00, 0x00, 0x01, 0x16, 0xFF,
				     0x02 }, 7);
	memcpy(p + 7, guid, 14);
	p += 21;
	p += tlv_put(p, 3, 0xF1, (const uint8_t[]){ 0x21 }, 1);
	p += tlv_put(p, 3, 0xF2, (const uint8_t[]){ 0x21 }, 1);
	p += tlv_put(p, 2, 0xF3, NULL, 0);
	p += tlv_put(p, 3, 0xF4, (const uint8_t[]){ 0x00 }, 1);
	p += tlv_put(p, 3, 0xF5, (const uint8_t[]){ 0x10 }, 1);
	for (uint8_t t = 0xF6; t <= 0xFE; t++)
		if (t == 0xF6 || t == 0xF7 || t >= 0xFA)
			p += tlv_put(p, 2, t, NULL, 0);
	/* discovery object: table 18; PIV AID, PIN usage policy */
	p = disc;
	*p++ = TAG_DISCOVERY;
	*p++ = sizeof(disc) - 2;
	p += tlv_put(p, 13, 0x4F, piv_aid, sizeof(piv_aid));
	p += tlv_put(p, 5, 0x5F2F, (const uint8_t[]){ 0x40, 0x00 }, 2);
	if (obj_set(c, TAG_CHUID, chuid, sizeof(chuid)) ||
	    obj_set(c, TAG_CCC, ccc, sizeof(ccc)) ||
	    obj_set(c, TAG_DISCOVERY, disc, sizeof(disc)))
		return -1;
	return 0;
}

int piv_card_create(struct piv_card *c, const struct piv_ops *ops, void *be,
		    const char *pin, const char *puk, const uint8_t guid[16],
		    uint8_t tries)
{
	uint8_t p[VSC_AUTH_LEN], u[VSC_AUTH_LEN];
	int rc = -1;

	if (card_init(c, ops, be))
		return -1;
	if (piv_pad_auth(pin, p) || piv_pad_auth(puk, u) || !tries ||
	    tries > 15)
		goto out;
	if (ops->change_auth(be, NULL, &c->puk, NULL, u) ||
	    ops->change_auth(be, &c->puk, &c->pin, NULL, p))
		goto out;
	c->pin_tries = c->pin_max = tries;
	c->puk_tries = c->puk_max = tries;
	memcpy(c->mgm, piv_default_mgm, PIV_MGM_LEN);
	rc = default_objects(c, guid);
out:
	OPENSSL_cleanse(p, sizeof(p));
	OPENSSL_cleanse(u, sizeof(u));
	if (rc)
		piv_card_free(c);
	return rc;
}

void piv_card_free(struct piv_card *c)
{
	piv_card_reset(c);
	for (int i = 0; i < PIV_NOBJ; i++)
		free(c->obj[i].data);
	free(c->rsp);
	OPENSSL_cleanse(c, sizeof(*c));
}

/* The state file: TLVs; see Documentation/admin-guide/vsc.rst */
#define ST_VERSION	0x80
#define ST_COUNTERS	0x81
#define ST_PIN		0x82
#define ST_PUK		0x83
#define ST_MGM		0x84
#define ST_KEY		0x85	/* key ref, algorithm, blob */
#define ST_OBJECT	0x86	/* three tag bytes, the object */
#define ST_FORMAT	1

int piv_save(const struct piv_card *c, uint8_t **out, size_t *len)
{
	size_t size = 64 + 2 * (8 + VSC_BLOB_MAX) + PIV_MGM_LEN;
	uint8_t counters[4] = { c->pin_tries, c->pin_max, c->puk_tries,
				c->puk_max };
	uint8_t *buf, *tmp;
	size_t pos = 0;
	long n;

	size += PIV_NKEYS * (8 + 2 + VSC_BLOB_MAX);
	for (int i = 0; i < PIV_NOBJ; i++)
		size += 8 + 3 + c->obj[i].len;
	buf = malloc(size);
	tmp = malloc(3 + (PIV_OBJ_MAX > VSC_BLOB_MAX ? PIV_OBJ_MAX :
			  VSC_BLOB_MAX));
	if (!buf || !tmp)
		goto fail;
#define ST_PUT(tag, v, l) do { \
		n = tlv_put(buf + pos, size - pos, (tag), (v), (l)); \
		if (n < 0) \
			goto fail; \
		pos += (size_t)n; \
	} while (0)
	ST_PUT(ST_VERSION, (const uint8_t[]){ ST_FORMAT }, 1);
	ST_PUT(ST_COUNTERS, counters, sizeof(counters));
	ST_PUT(ST_PIN, c->pin.buf, c->pin.len);
	ST_PUT(ST_PUK, c->puk.buf, c->puk.len);
	ST_PUT(ST_MGM, c->mgm, PIV_MGM_LEN);
	for (int i = 0; i < PIV_NKEYS; i++) {
		if (!c->key_alg[i])
			continue;
		tmp[0] = key_refs[i];
		tmp[1] = c->key_alg[i];
		memcpy(tmp + 2, c->key[i].buf, c->key[i].len);
		ST_PUT(ST_KEY, tmp, 2 + c->key[i].len);
	}
	for (int i = 0; i < PIV_NOBJ; i++) {
		const struct piv_object *o = &c->obj[i];

		if (!o->tag)
			continue;
		tmp[0] = (uint8_t)(o->tag >> 16);
		tmp[1] = (uint8_t)(o->tag >> 8);
		tmp[2] = (uint8_t)o->tag;
		memcpy(tmp + 3, o->data, o->len);
		ST_PUT(ST_OBJECT, tmp, 3 + o->len);
	}
#undef ST_PUT
	free(tmp);
	*out = buf;
	*len = pos;
	return 0;
fail:
	free(tmp);
	free(buf);
	return -1;
}

static int blob_set(struct vsc_blob *b, const struct tlv *t, size_t skip)
{
	if (t->len < skip || t->len - skip > VSC_BLOB_MAX)
		return -1;
	memcpy(b->buf, t->val + skip, t->len - skip);
	b->len = t->len - skip;
	return 0;
}

int piv_load(struct piv_card *c, const struct piv_ops *ops, void *be,
	     const uint8_t *buf, size_t len)
{
	int seen_version = 0, seen_counters = 0, seen_mgm = 0;
	size_t pos = 0;

	if (card_init(c, ops, be))
		return -1;
	while (pos < len) {
		struct tlv t;
		long n = tlv_parse(buf + pos, len - pos, &t);
		int k;

		if (n < 0)
			goto fail;
		pos += (size_t)n;
		switch (t.tag) {
		case ST_VERSION:
			if (t.len != 1 || t.val[0] != ST_FORMAT)
				goto fail;
			seen_version = 1;
			break;
		case ST_COUNTERS:
			if (t.len != 4 || !t.val[1] || !t.val[3] ||
			    t.val[0] > t.val[1] || t.val[2] > t.val[3])
				goto fail;
			c->pin_tries = t.val[0];
			c->pin_max = t.val[1];
			c->puk_tries = t.val[2];
			c->puk_max = t.val[3];
			seen_counters = 1;
			break;
		case ST_PIN:
			if (blob_set(&c->pin, &t, 0))
				goto fail;
			break;
		case ST_PUK:
			if (blob_set(&c->puk, &t, 0))
				goto fail;
			break;
		case ST_MGM:
			if (t.len != PIV_MGM_LEN)
				goto fail;
			memcpy(c->mgm, t.val, PIV_MGM_LEN);
			seen_mgm = 1;
			break;
		case ST_KEY:
			if (t.len < 2)
				goto fail;
			k = key_index(t.val[0]);
			if (k < 0 || (t.val[1] != PIV_ALG_RSA2048 &&
				      t.val[1] != PIV_ALG_P256) ||
			    blob_set(&c->key[k], &t, 2))
				goto fail;
			c->key_alg[k] = t.val[1];
			break;
		case ST_OBJECT:
			if (t.len < 3 ||
			    obj_set(c, (uint32_t)(t.val[0] << 16 |
						  t.val[1] << 8 | t.val[2]),
				    t.val + 3, t.len - 3))
				goto fail;
			break;
		default:
			goto fail;
		}
	}
	if (!seen_version || !seen_counters || !seen_mgm || !c->pin.len || !c->puk.len)
		goto fail;
	c->dirty = 0;
	return 0;
fail:
	piv_card_free(c);
	return -1;
}
