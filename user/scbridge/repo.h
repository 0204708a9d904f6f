/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Signed driver repository: index parsing, signature and freshness checks.
 * Documentation/repository.rst describes the format.
 */
#ifndef SCBRIDGE_REPO_H
#define SCBRIDGE_REPO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <sodium.h>

#define SCB_INDEX_FILE		"index.json"
#define SCB_INDEX_SIG_FILE	"index.json.sig"
#define SCB_PACKAGES_DIR	"packages"
#define SCB_INDEX_FORMAT	1
#define SCB_SIG_ALGORITHM	"ed25519"
#define SCB_KEY_ID_BYTES	8
#define SCB_KEY_ID_HEX		(2 * SCB_KEY_ID_BYTES + 1)
#define SCB_SHA256_HEX		(2 * crypto_hash_sha256_BYTES + 1)
#define SCB_ID_MAX		128
#define SCB_NAME_MAX		64
#define SCB_DESC_MAX		256
#define SCB_VERSION_FILE	"index-version"

/**
 * struct scb_package - one index entry
 * @name: driver name (p11-kit module name), a plain name
 * @version: dotted version
 * @file: file name of the PKCS#11 module once installed
 * @description: free text, may be NULL
 * @sha256: hash of the package blob (which is the module itself)
 * @sha256_hex: the same, lower-case hex
 * @size: blob size in bytes
 * @hw_ids: hardware IDs served
 * @nhw: their number
 * @compat_ids: compatible IDs served
 * @ncompat: their number
 */
struct scb_package {
	char *name;
	char *version;
	char *file;
	char *description;
	unsigned char sha256[crypto_hash_sha256_BYTES];
	char sha256_hex[SCB_SHA256_HEX];
	long long size;
	char **hw_ids;
	size_t nhw;
	char **compat_ids;
	size_t ncompat;
};

/**
 * struct scb_index - a parsed index
 * @format: SCB_INDEX_FORMAT
 * @version: grows with every publication
 * @expires: seconds since the epoch
 * @pkgs: entries
 * @npkgs: their number
 */
struct scb_index {
	long long format;
	long long version;
	long long expires;
	struct scb_package *pkgs;
	size_t npkgs;
};

/**
 * struct scb_key - a pinned public key
 * @pk: Ed25519 public key
 * @id: first SCB_KEY_ID_BYTES of SHA-256(pk), hex
 */
struct scb_key {
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	char id[SCB_KEY_ID_HEX];
};

int scb_crypto_init(void);

int scb_index_parse(const char *buf, size_t len, struct scb_index *idx,
		    char *err, size_t errlen);
void scb_index_free(struct scb_index *idx);
int scb_package_from_json(const void *obj, struct scb_package *pkg,
			  char *err, size_t errlen);
void scb_package_free(struct scb_package *pkg);
void scb_package_print_ids(FILE *f, const struct scb_package *pkg);
char *scb_package_to_json(const struct scb_package *pkg);

void scb_key_id(const unsigned char *pk, char id[SCB_KEY_ID_HEX]);
int scb_key_parse_public(const char *text, struct scb_key *key);
int scb_keys_load(const char *dir, struct scb_key **keys, size_t *nkeys,
		  char *err, size_t errlen);
int scb_index_verify(const void *data, size_t len, const char *sig,
		     size_t siglen, const struct scb_key *keys, size_t nkeys,
		     char *err, size_t errlen);
int scb_index_check_fresh(const struct scb_index *idx, time_t now,
			  long long highest, char *err, size_t errlen);
int scb_sha256_check(const void *data, size_t len,
		     const struct scb_package *pkg, char *err, size_t errlen);

long long scb_state_version(const char *state_dir);
int scb_state_set_version(const char *state_dir, long long version);

int scb_name_valid(const char *s);

#endif /* SCBRIDGE_REPO_H */
