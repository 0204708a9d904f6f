/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the repository unit tests: temporary trees, files,
 * keys and signed indexes made with the same libraries the code uses.
 */
#ifndef TEST_REPO_UTIL_H
#define TEST_REPO_UTIL_H

#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "repo.h"

static inline void tu_path(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(buf, size, fmt, ap) >= (int)size)
		abort();
	va_end(ap);
}

static inline char *tu_mkdtemp(void)
{
	char *d = strdup("/tmp/scpnp-test-XXXXXX");

	if (!d || !mkdtemp(d))
		abort();
	return d;
}

static inline int tu_rm_one(const char *p, const struct stat *st, int f,
			    struct FTW *w)
{
	(void)st;
	(void)w;
	return f == FTW_DP ? rmdir(p) : unlink(p);
}

static inline void tu_rm_rf(const char *dir)
{
	nftw(dir, tu_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static inline void tu_mkdir_p(const char *path)
{
	char tmp[PATH_MAX], *p;

	tu_path(tmp, sizeof(tmp), "%s", path);
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(tmp, 0755);
		*p = '/';
	}
	mkdir(tmp, 0755);
}

static inline void tu_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f))
		abort();
}

static inline void tu_write_str(const char *path, const char *s)
{
	tu_write(path, s, strlen(s));
}

static inline int tu_exists(const char *path)
{
	struct stat st;

	return !lstat(path, &st);
}

/* A key pair and its public key file in @keydir (as <name>.pub) */
struct tu_key {
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	char id[SCB_KEY_ID_HEX];
};

static inline void tu_keygen(struct tu_key *k, const char *keydir,
			     const char *name)
{
	char b64[sodium_base64_ENCODED_LEN(crypto_sign_PUBLICKEYBYTES,
					   sodium_base64_VARIANT_ORIGINAL)];
	char path[PATH_MAX], text[256];

	crypto_sign_keypair(k->pk, k->sk);
	scb_key_id(k->pk, k->id);
	if (!keydir)
		return;
	sodium_bin2base64(b64, sizeof(b64), k->pk, sizeof(k->pk),
			  sodium_base64_VARIANT_ORIGINAL);
	tu_path(path, sizeof(path), "%s/%s.pub", keydir, name);
	snprintf(text, sizeof(text), "# test key\n%s\n", b64);
	tu_write_str(path, text);
}

/* The signature file text for @data under @k (malloc'ed) */
static inline char *tu_sign(const struct tu_key *k, const void *data,
			    size_t len)
{
	unsigned char sig[crypto_sign_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES,
					   sodium_base64_VARIANT_ORIGINAL)];
	char *out;

	crypto_sign_detached(sig, NULL, data, len, k->sk);
	sodium_bin2base64(b64, sizeof(b64), sig, sizeof(sig),
			  sodium_base64_VARIANT_ORIGINAL);
	if (asprintf(&out,
		     "{\"algorithm\": \"ed25519\", \"key_id\": \"%s\", \"signature\": \"%s\"}",
		     k->id, b64) < 0)
		abort();
	return out;
}

static inline void tu_sha256_hex(const void *data, size_t len,
				 char hex[SCB_SHA256_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(hex, SCB_SHA256_HEX, h, sizeof(h));
}

#endif /* TEST_REPO_UTIL_H */
