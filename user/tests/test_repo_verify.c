// SPDX-License-Identifier: GPL-2.0
/*
 * Verification: signature (good, bad, wrong key, malformed), expiry,
 * rollback, SHA-256 of packages, pinned keys, and a repository built by
 * "scbridge repo build" verified by the client code.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "config.h"
#include "fetch.h"
#include "repo.h"
#include "repo_build.h"
#include "repo_update.h"
#include "test_repo_util.h"

static const char index_text[] =
	"{\"format\": 1, \"version\": 5, \"expires\": 4000000000, \"packages\": []}";

static void test_signature_good(void **state)
{
	struct tu_key k;
	struct scb_key pinned;
	char err[256];
	char *sig;

	(void)state;
	tu_keygen(&k, NULL, NULL);
	memcpy(pinned.pk, k.pk, sizeof(k.pk));
	scb_key_id(k.pk, pinned.id);
	sig = tu_sign(&k, index_text, strlen(index_text));
	assert_int_equal(scb_index_verify(index_text, strlen(index_text), sig,
					  strlen(sig), &pinned, 1, err,
					  sizeof(err)), 0);
	free(sig);
}

static void test_signature_bad(void **state)
{
	struct tu_key k;
	struct scb_key pinned;
	char err[256], *sig, *tampered;

	(void)state;
	tu_keygen(&k, NULL, NULL);
	memcpy(pinned.pk, k.pk, sizeof(k.pk));
	scb_key_id(k.pk, pinned.id);
	sig = tu_sign(&k, index_text, strlen(index_text));
	/* One byte of the index changed after signing */
	tampered = strdup(index_text);
	tampered[strlen(tampered) - 20] = '9';
	assert_int_equal(scb_index_verify(tampered, strlen(tampered), sig,
					  strlen(sig), &pinned, 1, err,
					  sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, "bad signature"));
	free(tampered);
	free(sig);
}

static void test_signature_wrong_key(void **state)
{
	struct tu_key signer, other;
	struct scb_key pinned;
	char err[256], *sig;

	(void)state;
	tu_keygen(&signer, NULL, NULL);
	tu_keygen(&other, NULL, NULL);
	memcpy(pinned.pk, other.pk, sizeof(other.pk));
	scb_key_id(other.pk, pinned.id);
	sig = tu_sign(&signer, index_text, strlen(index_text));
	/* Signed by a key that is not pinned */
	assert_int_equal(scb_index_verify(index_text, strlen(index_text), sig,
					  strlen(sig), &pinned, 1, err,
					  sizeof(err)), -ENOKEY);
	assert_non_null(strstr(err, "not pinned"));
	/* A pinned key that claims the signer's ID but is another key */
	memcpy(pinned.id, signer.id, sizeof(pinned.id));
	assert_int_equal(scb_index_verify(index_text, strlen(index_text), sig,
					  strlen(sig), &pinned, 1, err,
					  sizeof(err)), -EBADMSG);
	free(sig);
}

static void test_signature_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"not json",
		"[]",
		"{\"algorithm\": \"ed25519\", \"key_id\": \"00\"}",
		"{\"algorithm\": \"rsa\", \"key_id\": \"00\", \"signature\": \"AAAA\"}",
		"{\"algorithm\": \"ed25519\", \"key_id\": \"00\", \"signature\": \"AAAA\"}",
		"{\"algorithm\": \"ed25519\", \"key_id\": \"00\", \"signature\": \"!!!\"}",
		"{\"algorithm\": \"ed25519\", \"key_id\": 5, \"signature\": \"AAAA\"}",
	};
	struct tu_key k;
	struct scb_key pinned;
	char err[256];
	size_t i;

	(void)state;
	tu_keygen(&k, NULL, NULL);
	memcpy(pinned.pk, k.pk, sizeof(k.pk));
	scb_key_id(k.pk, pinned.id);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(scb_index_verify(index_text,
						  strlen(index_text), bad[i],
						  strlen(bad[i]), &pinned, 1,
						  err, sizeof(err)), -EINVAL);
}

static void test_keys_load(void **state)
{
	struct scb_key *keys;
	struct tu_key a, b;
	char *dir = tu_mkdtemp(), path[PATH_MAX], err[256];
	size_t n;

	(void)state;
	assert_int_equal(scb_keys_load(dir, &keys, &n, err, sizeof(err)),
			 -ENOKEY);
	tu_keygen(&a, dir, "a");
	tu_keygen(&b, dir, "b");
	tu_path(path, sizeof(path), "%s/junk.pub", dir);
	tu_write_str(path, "not base64 at all\n");
	tu_path(path, sizeof(path), "%s/ignored.txt", dir);
	tu_write_str(path, "whatever\n");
	assert_int_equal(scb_keys_load(dir, &keys, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 2);
	assert_true(!strcmp(keys[0].id, a.id) || !strcmp(keys[1].id, a.id));
	assert_true(!strcmp(keys[0].id, b.id) || !strcmp(keys[1].id, b.id));
	free(keys);
	tu_rm_rf(dir);
	free(dir);
	assert_true(scb_keys_load("/nonexistent-scpnp", &keys, &n, err,
				  sizeof(err)) < 0);
}

static void test_expiry(void **state)
{
	struct scb_index idx = { .format = 1, .version = 3 };
	char err[256];

	(void)state;
	idx.expires = 1000;
	assert_int_equal(scb_index_check_fresh(&idx, 999, 0, err, sizeof(err)),
			 0);
	assert_int_equal(scb_index_check_fresh(&idx, 1000, 0, err,
					       sizeof(err)), -EKEYEXPIRED);
	assert_non_null(strstr(err, "expired"));
	assert_int_equal(scb_index_check_fresh(&idx, 5000, 0, err,
					       sizeof(err)), -EKEYEXPIRED);
}

static void test_rollback(void **state)
{
	struct scb_index idx = { .format = 1, .version = 3, .expires = 5000 };
	char err[256], *dir = tu_mkdtemp();

	(void)state;
	assert_int_equal(scb_index_check_fresh(&idx, 1, 2, err, sizeof(err)), 0);
	assert_int_equal(scb_index_check_fresh(&idx, 1, 3, err, sizeof(err)), 0);
	assert_int_equal(scb_index_check_fresh(&idx, 1, 4, err, sizeof(err)),
			 -ESTALE);
	assert_non_null(strstr(err, "rollback"));

	/* The recorded version only grows */
	assert_int_equal(scb_state_version(dir), 0);
	assert_int_equal(scb_state_set_version(dir, 4), 0);
	assert_int_equal(scb_state_version(dir), 4);
	assert_int_equal(scb_state_set_version(dir, 2), 0);
	assert_int_equal(scb_state_version(dir), 4);
	assert_int_equal(scb_state_set_version(dir, 9), 0);
	assert_int_equal(scb_state_version(dir), 9);
	tu_rm_rf(dir);
	free(dir);
}

static void test_sha256(void **state)
{
	static const char blob[] = "a PKCS#11 module, allegedly";
	struct scb_package pkg = { .name = "p", .version = "1" };
	char err[256], tampered[sizeof(blob)];

	(void)state;
	tu_sha256_hex(blob, strlen(blob), pkg.sha256_hex);
	sodium_hex2bin(pkg.sha256, sizeof(pkg.sha256), pkg.sha256_hex, 64,
		       NULL, NULL, NULL);
	pkg.size = strlen(blob);
	assert_int_equal(scb_sha256_check(blob, strlen(blob), &pkg, err,
					  sizeof(err)), 0);
	memcpy(tampered, blob, sizeof(blob));
	tampered[3] ^= 1;
	assert_int_equal(scb_sha256_check(tampered, strlen(blob), &pkg, err,
					  sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, "SHA-256 mismatch"));
	assert_int_equal(scb_sha256_check(blob, strlen(blob) - 1, &pkg, err,
					  sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, "size"));
}

/* repo build -> the client's verification, from files on disk */
static void test_build_and_verify(void **state)
{
	char *root = tu_mkdtemp(), src[PATH_MAX], out[PATH_MAX], path[PATH_MAX];
	char keys[PATH_MAX], prefix[PATH_MAX], err[512], hex[SCB_SHA256_HEX];
	struct scb_buf index = { 0 }, sig = { 0 };
	struct scb_config cfg;
	struct scb_index idx;
	static const char module[] = "\x7f" "ELF pretend module";

	(void)state;
	tu_path(src, sizeof(src), "%s/src", root);
	tu_path(out, sizeof(out), "%s/out", root);
	tu_path(keys, sizeof(keys), "%s/keys", root);
	mkdir(src, 0755);
	mkdir(keys, 0755);
	tu_path(prefix, sizeof(prefix), "%s/keys/test", root);
	assert_int_equal(scb_repo_keygen(prefix), 0);
	/* keygen never overwrites */
	assert_int_equal(scb_repo_keygen(prefix), -EEXIST);
	tu_path(path, sizeof(path), "%s/mod.so", src);
	tu_write(path, module, sizeof(module) - 1);
	tu_path(path, sizeof(path), "%s/test.json", src);
	tu_write_str(path,
		     "{\"name\": \"scpnp-test\", \"version\": \"1.0\", \"module\": \"mod.so\","
		     " \"hardware_ids\": [\"SCFILTER\\\\CID_D2E980E2-8851-4F87-81D6-4F254E38001D\"]}");
	tu_path(path, sizeof(path), "%s/keys/test.key", root);
	assert_int_equal(scb_repo_build(src, out, path, 3, 30), 0);
	/* An older version into the same directory is refused */
	assert_int_not_equal(scb_repo_build(src, out, path, 2, 30), 0);

	tu_sha256_hex(module, sizeof(module) - 1, hex);
	tu_path(path, sizeof(path), "%s/packages/%s", out, hex);
	assert_true(tu_exists(path));

	scb_config_init(&cfg);
	free(cfg.key_dir);
	cfg.key_dir = strdup(keys);
	free(cfg.state_dir);
	cfg.state_dir = strdup(root);
	tu_path(path, sizeof(path), "file://%s/%s", out, SCB_INDEX_FILE);
	assert_int_equal(scb_fetch_url(&cfg, path, 1 << 20, "i", &index, err,
				       sizeof(err)), 0);
	tu_path(path, sizeof(path), "file://%s/%s", out, SCB_INDEX_SIG_FILE);
	assert_int_equal(scb_fetch_url(&cfg, path, 4096, "s", &sig, err,
				       sizeof(err)), 0);
	assert_int_equal(scb_verify_index_bytes(&cfg, &index, &sig, &idx, err,
						sizeof(err)), 0);
	assert_int_equal(idx.version, 3);
	assert_int_equal(idx.npkgs, 1);
	assert_string_equal(idx.pkgs[0].file, "mod.so");
	assert_string_equal(idx.pkgs[0].sha256_hex, hex);
	assert_true(idx.expires > time(NULL) + 29 * 86400);
	scb_index_free(&idx);

	/* A higher version was seen: the same index is now a rollback */
	scb_state_set_version(root, 4);
	assert_int_equal(scb_verify_index_bytes(&cfg, &index, &sig, &idx, err,
						sizeof(err)), -ESTALE);
	/* Tampered after signing */
	index.data[index.len / 2] ^= 1;
	assert_int_equal(scb_verify_index_bytes(&cfg, &index, &sig, &idx, err,
						sizeof(err)), -EBADMSG);
	scb_buf_free(&index);
	scb_buf_free(&sig);
	scb_config_free(&cfg);
	tu_rm_rf(root);
	free(root);
}

static void test_fetch_bounds(void **state)
{
	char *dir = tu_mkdtemp(), path[PATH_MAX], url[PATH_MAX], err[512];
	static char blob[5000];
	struct scb_config cfg;
	struct scb_buf b;
	long attempts;

	(void)state;
	scb_config_init(&cfg);
	cfg.retries = 0;
	tu_path(path, sizeof(path), "%s/blob", dir);
	tu_write(path, blob, sizeof(blob));
	tu_path(url, sizeof(url), "file://%s", path);
	assert_int_equal(scb_fetch_url(&cfg, url, sizeof(blob) - 1, "b", &b,
				       err, sizeof(err)), -EFBIG);
	assert_null(b.data);
	assert_non_null(strstr(err, "bound"));
	assert_int_equal(scb_fetch_url(&cfg, url, sizeof(blob), "b", &b, err,
				       sizeof(err)), 0);
	assert_int_equal(b.len, sizeof(blob));
	scb_buf_free(&b);
	/* Missing file, and protocols other than http, https and file */
	tu_path(url, sizeof(url), "file://%s/missing", dir);
	assert_true(scb_fetch_url(&cfg, url, 100, "b", &b, err,
				  sizeof(err)) < 0);
	assert_true(scb_fetch_url(&cfg, "ftp://127.0.0.1/x", 100, "b", &b,
				  err, sizeof(err)) < 0);
	assert_true(scb_fetch_url(&cfg, "gopher://127.0.0.1/x", 100, "b", &b,
				  err, sizeof(err)) < 0);
	/* A refused connection is retried, then reported */
	cfg.retries = 2;
	cfg.retry_delay_ms = 1;
	attempts = scb_fetch_count();
	assert_int_equal(scb_fetch_url(&cfg, "http://127.0.0.1:1/x", 100, "b",
				       &b, err, sizeof(err)), -EAGAIN);
	assert_int_equal(scb_fetch_count() - attempts, 3);
	scb_config_free(&cfg);
	tu_rm_rf(dir);
	free(dir);
}

static int setup(void **state)
{
	(void)state;
	return scb_crypto_init() || scb_fetch_init();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signature_good),
		cmocka_unit_test(test_signature_bad),
		cmocka_unit_test(test_signature_wrong_key),
		cmocka_unit_test(test_signature_malformed),
		cmocka_unit_test(test_keys_load),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_rollback),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_build_and_verify),
		cmocka_unit_test(test_fetch_bounds),
	};

	return cmocka_run_group_tests_name("repo_verify", tests, setup, NULL);
}
