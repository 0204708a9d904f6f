/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual card's PIV application (NIST SP 800-73-4, the part OpenSC's
 * PIV driver uses): an APDU engine over a key backend. The engine keeps the
 * data objects, the PIV retry counters and the security status; the
 * backend (tpm.c: the TPM) holds the PIN, the PUK and the private keys and
 * does every private-key operation. Documentation/admin-guide/vsc.rst.
 */
#ifndef SCPNP_VSC_PIV_H
#define SCPNP_VSC_PIV_H

#include <stddef.h>
#include <stdint.h>

#define VSC_AUTH_LEN	8	/* PIV PIN and PUK: 8 bytes, FF-padded */
#define VSC_BLOB_MAX	4096	/* a backend's wrapped object, opaque here */

/* Return values of the backend's auth-checking calls */
#define VSC_TPM_OK	0
#define VSC_TPM_BADAUTH	1	/* wrong PIN or PUK */
#define VSC_TPM_ERR	(-1)	/* anything else, a TPM lockout included */

enum vsc_alg { VSC_ALG_RSA2048, VSC_ALG_P256 };
/*
 * The private-key operations: RSA raw (m^d mod n, the caller pads), ECDSA
 * over a digest (DER signature), ECDH (in: 04||X||Y, out: X).
 */
enum vsc_op { VSC_OP_RSA_RAW, VSC_OP_ECDSA, VSC_OP_ECDH };

struct vsc_blob {
	uint8_t buf[VSC_BLOB_MAX];
	size_t len;
};

/* The backend. Every call returns VSC_TPM_OK, VSC_TPM_BADAUTH or _ERR. */
struct piv_ops {
	int (*check_auth)(void *be, const struct vsc_blob *obj,
			  const uint8_t auth[VSC_AUTH_LEN]);
	/*
	 * PIN (puk given) or PUK (puk NULL): old NULL creates the object,
	 * else its auth changes from old to new_auth.
	 */
	int (*change_auth)(void *be, const struct vsc_blob *puk,
			   struct vsc_blob *obj,
			   const uint8_t old[VSC_AUTH_LEN],
			   const uint8_t new_auth[VSC_AUTH_LEN]);
	int (*reset_pin)(void *be, const struct vsc_blob *puk,
			 struct vsc_blob *pin,
			 const uint8_t puk_auth[VSC_AUTH_LEN],
			 const uint8_t new_pin[VSC_AUTH_LEN]);
	/* pin == NULL: a key used without the PIN (9E) */
	int (*generate)(void *be, enum vsc_alg alg, const struct vsc_blob *pin,
			struct vsc_blob *out);
	/* RSA modulus (256 bytes) or EC point 04||X||Y (65 bytes) */
	int (*public_key)(void *be, const struct vsc_blob *key, uint8_t *out,
			  size_t size, size_t *len);
	int (*private_op)(void *be, const struct vsc_blob *key,
			  const struct vsc_blob *pin,
			  const uint8_t pin_auth[VSC_AUTH_LEN], enum vsc_op op,
			  const uint8_t *in, size_t in_len, uint8_t *out,
			  size_t size, size_t *out_len);
	int (*random)(void *be, uint8_t *out, size_t len);
};

/* PIV key references, SP 800-73-4 part 1 table 4 */
#define PIV_KEY_AUTH	0x9A
#define PIV_KEY_MGMT	0x9B	/* card management (admin) key */
#define PIV_KEY_SIGN	0x9C
#define PIV_KEY_KMK	0x9D
#define PIV_KEY_CARD	0x9E
#define PIV_NKEYS	4	/* 9A 9C 9D 9E */
/* algorithm identifiers, SP 800-78-4 table 6-2 */
#define PIV_ALG_3DES	0x03
#define PIV_ALG_RSA2048	0x07
#define PIV_ALG_P256	0x11

#define PIV_OBJ_MAX	8192	/* largest data object the card stores */
#define PIV_NOBJ	24
#define PIV_MGM_LEN	24	/* 3-key 3DES */
#define PIV_APDU_MAX	(4 + 3 + 65535 + 3)
#define PIV_RSP_MAX	(65536 + 2)

struct piv_object {
	uint32_t tag;		/* 0: free */
	size_t len;
	uint8_t *data;		/* the whole object TLV (53 ... or 7E ...) */
};

struct piv_card {
	const struct piv_ops *ops;
	void *be;
	/* persistent */
	struct vsc_blob pin, puk;
	uint8_t pin_tries, pin_max, puk_tries, puk_max;
	uint8_t key_alg[PIV_NKEYS];	/* 0: no key */
	struct vsc_blob key[PIV_NKEYS];
	uint8_t mgm[PIV_MGM_LEN];
	struct piv_object obj[PIV_NOBJ];
	int dirty;		/* persistent state changed: save it */
	/* security status (volatile) */
	int pin_ok, pin_always, mgm_ok, challenge_set;
	uint8_t pin_auth[VSC_AUTH_LEN];
	uint8_t challenge[8];
	/* command chaining and pending response */
	uint8_t chain_ins;
	uint8_t *chain;
	size_t chain_len;
	uint8_t *rsp;
	size_t rsp_len, rsp_off;
};

/*
 * Create a card: PIN and PUK objects in the backend, CHUID (with guid),
 * CCC and discovery objects, the default management key. 0 or -1.
 */
int piv_card_create(struct piv_card *c, const struct piv_ops *ops, void *be,
		    const char *pin, const char *puk, const uint8_t guid[16],
		    uint8_t tries);
void piv_card_free(struct piv_card *c);
/* Drop the security status and pending state (card reset, power off). */
void piv_card_reset(struct piv_card *c);

/* One command APDU in, one response APDU (data + SW1 SW2) out. */
size_t piv_transmit(struct piv_card *c, const uint8_t *apdu, size_t len,
		    uint8_t *rsp, size_t size);

/* The persistent state as bytes (malloc'd) and back. 0 or -1. */
int piv_save(const struct piv_card *c, uint8_t **out, size_t *len);
int piv_load(struct piv_card *c, const struct piv_ops *ops, void *be,
	     const uint8_t *buf, size_t len);

/* Pad a PIN or PUK string to the PIV format; -1 if not 6-8 digits. */
int piv_pad_auth(const char *s, uint8_t out[VSC_AUTH_LEN]);

/* The default 9B key of SP 800-73-4 test cards: 01..08 three times */
extern const uint8_t piv_default_mgm[PIV_MGM_LEN];

#endif
