// SPDX-License-Identifier: GPL-2.0
/*
 * Building a repository: "scbridge repo keygen|build|sign".
 *
 * Source directory: one descriptor per package, SRC/<anything>.json:
 *
 *   { "name": "acme-token", "version": "1.2",
 *     "module": "build/libacme-pkcs11.so",       (relative to SRC)
 *     "file": "libacme-pkcs11.so",               (optional, installed name)
 *     "description": "ACME token minidriver",
 *     "hardware_ids": ["SCFILTER\\CID_..."],
 *     "compatible_ids": [] }
 *
 * Output: OUT/index.json, OUT/index.json.sig, OUT/packages/<sha256>. The
 * output is plain files for any HTTP server or mirror.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "repo.h"
#include "repo_build.h"

#define SCB_SECONDS_PER_DAY	86400LL
#define SCB_KEYFILE_MAX		4096
#define SCB_MODULE_MAX		(256L << 20)
#define SCB_OUT_MODE		0755

static int write_atomic(const char *path, const void *data, size_t len,
			mode_t mode, int excl)
{
	char tmp[PATH_MAX + 32];
	int fd;

	if (excl && !access(path, F_OK)) {
		fprintf(stderr, "scbridge: %s exists, not overwriting\n", path);
		return -EEXIST;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		goto fail;
	if (write(fd, data, len) != (ssize_t)len || fsync(fd)) {
		close(fd);
		goto fail;
	}
	if (close(fd) || rename(tmp, path))
		goto fail;
	return 0;
fail:
	fprintf(stderr, "scbridge: %s: %s\n", path, strerror(errno));
	unlink(tmp);
	return -EIO;
}

static unsigned char *read_file(const char *path, size_t max, size_t *len)
{
	unsigned char *buf;
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size > max) {
		fprintf(stderr, "scbridge: %s: %s\n", path,
			fd < 0 ? strerror(errno) : "not a regular file of sane size");
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	buf = malloc(st.st_size + 1);
	if (!buf)
		abort();
	n = read(fd, buf, st.st_size);
	close(fd);
	if (n != st.st_size) {
		fprintf(stderr, "scbridge: %s: short read\n", path);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/**
 * scb_repo_keygen() - make a signing key pair
 * @prefix: writes <prefix>.key (secret, 0600) and <prefix>.pub
 *
 * Return: 0 or -errno.
 */
int scb_repo_keygen(const char *prefix)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_sign_SECRETKEYBYTES,
					   sodium_base64_VARIANT_ORIGINAL)];
	char path[PATH_MAX], text[SCB_KEYFILE_MAX], id[SCB_KEY_ID_HEX];
	int ret;

	crypto_sign_keypair(pk, sk);
	scb_key_id(pk, id);
	sodium_bin2base64(b64, sizeof(b64), sk, sizeof(sk),
			  sodium_base64_VARIANT_ORIGINAL);
	snprintf(text, sizeof(text),
		 "# scpnp repository signing key %s (secret: keep offline)\n%s\n",
		 id, b64);
	sodium_memzero(sk, sizeof(sk));
	snprintf(path, sizeof(path), "%s.key", prefix);
	ret = write_atomic(path, text, strlen(text), 0600, 1);
	sodium_memzero(text, sizeof(text));
	sodium_memzero(b64, sizeof(b64));
	if (ret)
		return ret;
	sodium_bin2base64(b64, sizeof(b64), pk, sizeof(pk),
			  sodium_base64_VARIANT_ORIGINAL);
	snprintf(text, sizeof(text),
		 "# scpnp repository public key %s\n%s\n", id, b64);
	snprintf(path, sizeof(path), "%s.pub", prefix);
	ret = write_atomic(path, text, strlen(text), 0644, 1);
	if (!ret)
		printf("key %s: %s.key (secret), %s.pub (install in the key directory)\n",
		       id, prefix, prefix);
	return ret;
}

static int load_secret(const char *keyfile, unsigned char *sk)
{
	size_t len, bin_len;
	char *text, *line;
	int ret = -EINVAL;

	text = (char *)read_file(keyfile, SCB_KEYFILE_MAX, &len);
	if (!text)
		return -ENOENT;
	for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#' || !line[0])
			continue;
		if (!sodium_base642bin(sk, crypto_sign_SECRETKEYBYTES, line,
				       strlen(line), " \r", &bin_len, NULL,
				       sodium_base64_VARIANT_ORIGINAL) &&
		    bin_len == crypto_sign_SECRETKEYBYTES)
			ret = 0;
		break;
	}
	sodium_memzero(text, len);
	free(text);
	if (ret)
		fprintf(stderr, "scbridge: %s: not a secret key file\n",
			keyfile);
	return ret;
}

/**
 * scb_repo_sign() - (re)sign OUT/index.json as it stands
 * @out: repository directory
 * @keyfile: secret key file
 *
 * Return: 0 or -errno.
 */
int scb_repo_sign(const char *out, const char *keyfile)
{
	unsigned char sk[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES,
					   sodium_base64_VARIANT_ORIGINAL)];
	char path[PATH_MAX], id[SCB_KEY_ID_HEX];
	unsigned char *index;
	json_t *env;
	char *text;
	size_t len;
	int ret;

	ret = load_secret(keyfile, sk);
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/%s", out, SCB_INDEX_FILE);
	index = read_file(path, 64L << 20, &len);
	if (!index) {
		sodium_memzero(sk, sizeof(sk));
		return -ENOENT;
	}
	crypto_sign_detached(sig, NULL, index, len, sk);
	/* The public key is the second half of libsodium's secret key */
	scb_key_id(sk + crypto_sign_SEEDBYTES, id);
	sodium_memzero(sk, sizeof(sk));
	free(index);
	sodium_bin2base64(b64, sizeof(b64), sig, sizeof(sig),
			  sodium_base64_VARIANT_ORIGINAL);
	env = json_pack("{s:s, s:s, s:s}", "algorithm", SCB_SIG_ALGORITHM,
			"key_id", id, "signature", b64);
	text = json_dumps(env, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(env);
	if (!text)
		abort();
	snprintf(path, sizeof(path), "%s/%s", out, SCB_INDEX_SIG_FILE);
	ret = write_atomic(path, text, strlen(text), 0644, 0);
	free(text);
	return ret;
}

static int add_package(const char *src, const char *descname,
		       const char *pkgdir, json_t *list)
{
	char path[PATH_MAX], err[256], blob[PATH_MAX + SCB_SHA256_HEX];
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[SCB_SHA256_HEX];
	const char *module, *file;
	json_error_t jerr;
	json_t *d, *entry;
	unsigned char *data;
	size_t len;
	struct scb_package pkg = { 0 };
	int ret = -EINVAL;

	snprintf(path, sizeof(path), "%s/%s", src, descname);
	d = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!d || !json_is_object(d)) {
		fprintf(stderr, "scbridge: %s:%d: %s\n", path, jerr.line,
			d ? "not an object" : jerr.text);
		json_decref(d);
		return -EINVAL;
	}
	module = json_string_value(json_object_get(d, "module"));
	if (!module || module[0] == '/') {
		fprintf(stderr, "scbridge: %s: 'module' must name a file relative to %s\n",
			path, src);
		goto out;
	}
	snprintf(path, sizeof(path), "%s/%s", src, module);
	data = read_file(path, SCB_MODULE_MAX, &len);
	if (!data)
		goto out;
	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));

	entry = json_deep_copy(d);
	json_object_del(entry, "module");
	file = json_string_value(json_object_get(d, "file"));
	if (!file) {
		snprintf(path, sizeof(path), "%s", module);
		json_object_set_new(entry, "file", json_string(basename(path)));
	}
	json_object_set_new(entry, "sha256", json_string(hex));
	json_object_set_new(entry, "size", json_integer(len));

	/* Publish only what a client would accept */
	ret = scb_package_from_json(entry, &pkg, err, sizeof(err));
	if (!ret && (!scb_name_valid(pkg.name) ||
		     !scb_name_valid(pkg.version) ||
		     !scb_name_valid(pkg.file))) {
		snprintf(err, sizeof(err),
			 "name, version and file must be plain names");
		ret = -EINVAL;
	}
	scb_package_free(&pkg);
	if (ret) {
		fprintf(stderr, "scbridge: %s/%s: %s\n", src, descname, err);
		json_decref(entry);
		free(data);
		goto out;
	}
	snprintf(blob, sizeof(blob), "%s/%s", pkgdir, hex);
	ret = write_atomic(blob, data, len, 0644, 0);
	free(data);
	if (ret) {
		json_decref(entry);
		goto out;
	}
	json_array_append_new(list, entry);
	printf("  %s %s  %s\n",
	       json_string_value(json_object_get(entry, "name")),
	       json_string_value(json_object_get(entry, "version")), hex);
out:
	json_decref(d);
	return ret;
}

static int is_desc(const struct dirent *de)
{
	size_t n = strlen(de->d_name);

	return de->d_name[0] != '.' && n > 5 &&
	       !strcmp(de->d_name + n - 5, ".json");
}

static long long existing_version(const char *out)
{
	char path[PATH_MAX];
	json_t *root;
	long long v = 0;

	snprintf(path, sizeof(path), "%s/%s", out, SCB_INDEX_FILE);
	root = json_load_file(path, 0, NULL);
	if (root)
		v = json_integer_value(json_object_get(root, "version"));
	json_decref(root);
	return v;
}

/**
 * scb_repo_build() - build and sign a repository
 * @src: descriptor directory
 * @out: output directory (created)
 * @keyfile: secret key
 * @version: index version, must not be below what @out holds
 * @expires_days: validity from now, in days (0 or less: already expired,
 *	for tests of the client)
 *
 * Return: 0 or -errno.
 */
int scb_repo_build(const char *src, const char *out, const char *keyfile,
		   long long version, long long expires_days)
{
	char pkgdir[PATH_MAX], path[PATH_MAX];
	struct dirent **names;
	json_t *root, *list;
	long long old;
	int i, n, ret = 0;
	char *text;

	if (version < 1) {
		fprintf(stderr, "scbridge: --version must be 1 or more\n");
		return -EINVAL;
	}
	old = existing_version(out);
	if (old > version) {
		fprintf(stderr,
			"scbridge: %s holds index version %lld; clients would refuse %lld as a rollback\n",
			out, old, version);
		return -EINVAL;
	}
	snprintf(pkgdir, sizeof(pkgdir), "%s/%s", out, SCB_PACKAGES_DIR);
	if ((mkdir(out, SCB_OUT_MODE) && errno != EEXIST) ||
	    (mkdir(pkgdir, SCB_OUT_MODE) && errno != EEXIST)) {
		fprintf(stderr, "scbridge: %s: %s\n", pkgdir, strerror(errno));
		return -errno;
	}
	n = scandir(src, &names, is_desc, alphasort);
	if (n < 0) {
		fprintf(stderr, "scbridge: %s: %s\n", src, strerror(errno));
		return -errno;
	}
	list = json_array();
	printf("index version %lld, %d package(s):\n", version, n);
	for (i = 0; i < n; i++) {
		if (!ret)
			ret = add_package(src, names[i]->d_name, pkgdir, list);
		free(names[i]);
	}
	free(names);
	if (ret) {
		json_decref(list);
		return ret;
	}
	root = json_pack("{s:i, s:I, s:I, s:I, s:o}", "format", SCB_INDEX_FORMAT,
			 "version", (json_int_t)version,
			 "generated", (json_int_t)time(NULL),
			 "expires", (json_int_t)(time(NULL) +
					expires_days * SCB_SECONDS_PER_DAY),
			 "packages", list);
	text = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(root);
	if (!text)
		abort();
	snprintf(path, sizeof(path), "%s/%s", out, SCB_INDEX_FILE);
	ret = write_atomic(path, text, strlen(text), 0644, 0);
	free(text);
	if (!ret)
		ret = scb_repo_sign(out, keyfile);
	if (!ret)
		printf("signed %s/%s\n", out, SCB_INDEX_SIG_FILE);
	return ret;
}
