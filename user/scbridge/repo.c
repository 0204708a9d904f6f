// SPDX-License-Identifier: GPL-2.0
/*
 * Signed driver repository: index parsing (jansson), Ed25519 signature
 * (libsodium), expiry and rollback checks, SHA-256 of packages.
 *
 * The index is the only signed object; it names every package by SHA-256,
 * so a package is trusted once its bytes hash to the value the verified
 * index gives. Nothing in here touches the network or the install tree.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "repo.h"
#include "sanitize.h"

#define SCB_KEY_FILE_MAX	4096
#define SCB_SIG_FILE_MAX	4096

int scb_crypto_init(void)
{
	return sodium_init() < 0 ? -EIO : 0;
}

/**
 * scb_name_valid() - is @s usable as one path component and module name
 * @s: candidate
 *
 * Letters, digits, '.', '_', '+', '-'; not empty, not starting with '.',
 * at most SCB_NAME_MAX characters. This excludes "/", "..", absolute paths
 * and anything a shell or p11-kit would read specially.
 *
 * Return: 1 if valid, 0 otherwise.
 */
int scb_name_valid(const char *s)
{
	size_t i, n;

	if (!s)
		return 0;
	n = strlen(s);
	if (!n || n > SCB_NAME_MAX || s[0] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '+' || c == '-'))
			return 0;
	}
	return 1;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		abort();
	return d;
}

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void scb_package_free(struct scb_package *pkg)
{
	free(pkg->name);
	free(pkg->version);
	free(pkg->file);
	free(pkg->description);
	free_strv(pkg->hw_ids, pkg->nhw);
	free_strv(pkg->compat_ids, pkg->ncompat);
	memset(pkg, 0, sizeof(*pkg));
}

void scb_index_free(struct scb_index *idx)
{
	size_t i;

	for (i = 0; i < idx->npkgs; i++)
		scb_package_free(&idx->pkgs[i]);
	free(idx->pkgs);
	memset(idx, 0, sizeof(*idx));
}

static int get_string(json_t *obj, const char *key, int required,
		      size_t max, char **out, char *err, size_t errlen)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v) {
		if (!required)
			return 0;
		snprintf(err, errlen, "missing field '%s'", key);
		return -EINVAL;
	}
	if (!json_is_string(v)) {
		snprintf(err, errlen, "field '%s' is not a string", key);
		return -EINVAL;
	}
	if (json_string_length(v) == 0 || json_string_length(v) > max ||
	    strlen(json_string_value(v)) != json_string_length(v)) {
		snprintf(err, errlen, "field '%s' is empty, too long or has NUL",
			 key);
		return -EINVAL;
	}
	*out = xstrdup(json_string_value(v));
	return 0;
}

static int get_int(json_t *obj, const char *key, long long min,
		   long long *out, char *err, size_t errlen)
{
	json_t *v = json_object_get(obj, key);

	if (!v) {
		snprintf(err, errlen, "missing field '%s'", key);
		return -EINVAL;
	}
	if (!json_is_integer(v)) {
		snprintf(err, errlen, "field '%s' is not an integer", key);
		return -EINVAL;
	}
	*out = json_integer_value(v);
	if (*out < min) {
		snprintf(err, errlen, "field '%s' is below %lld", key, min);
		return -EINVAL;
	}
	return 0;
}

static int get_ids(json_t *obj, const char *key, char ***out, size_t *n,
		   char *err, size_t errlen)
{
	json_t *arr = json_object_get(obj, key), *v;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!arr)
		return 0;
	if (!json_is_array(arr)) {
		snprintf(err, errlen, "field '%s' is not an array", key);
		return -EINVAL;
	}
	if (!json_array_size(arr))
		return 0;
	*out = calloc(json_array_size(arr), sizeof(char *));
	if (!*out)
		abort();
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v) || !json_string_length(v) ||
		    json_string_length(v) > SCB_ID_MAX ||
		    strlen(json_string_value(v)) != json_string_length(v)) {
			snprintf(err, errlen, "%s[%zu] is not an ID string",
				 key, i);
			return -EINVAL;
		}
		(*out)[i] = xstrdup(json_string_value(v));
		(*n)++;
	}
	return 0;
}

/**
 * scb_package_from_json() - fill @pkg from one index entry
 * @obj: the entry (json_t *)
 * @pkg: zeroed package; scb_package_free() it even on failure
 * @err: message buffer
 * @errlen: its size
 *
 * Checks types and presence only; whether name, version and file are safe
 * path components is checked again where paths are made (install.c).
 *
 * Return: 0 or -EINVAL.
 */
int scb_package_from_json(const void *obj, struct scb_package *pkg,
			  char *err, size_t errlen)
{
	json_t *o = (json_t *)obj;
	char *hex = NULL;
	int ret;

	if (!json_is_object(o)) {
		snprintf(err, errlen, "entry is not an object");
		return -EINVAL;
	}
	ret = get_string(o, "name", 1, SCB_NAME_MAX, &pkg->name, err, errlen);
	if (!ret)
		ret = get_string(o, "version", 1, SCB_NAME_MAX, &pkg->version,
				 err, errlen);
	if (!ret)
		ret = get_string(o, "file", 1, SCB_NAME_MAX * 4, &pkg->file,
				 err, errlen);
	if (!ret)
		ret = get_string(o, "description", 0, SCB_DESC_MAX,
				 &pkg->description, err, errlen);
	if (!ret)
		ret = get_int(o, "size", 1, &pkg->size, err, errlen);
	if (!ret)
		ret = get_ids(o, "hardware_ids", &pkg->hw_ids, &pkg->nhw,
			      err, errlen);
	if (!ret)
		ret = get_ids(o, "compatible_ids", &pkg->compat_ids,
			      &pkg->ncompat, err, errlen);
	if (!ret)
		ret = get_string(o, "sha256", 1, SCB_SHA256_HEX - 1, &hex,
				 err, errlen);
	if (ret)
		goto out;
	if (strlen(hex) != SCB_SHA256_HEX - 1 ||
	    sodium_hex2bin(pkg->sha256, sizeof(pkg->sha256), hex, strlen(hex),
			   NULL, NULL, NULL)) {
		snprintf(err, errlen, "field 'sha256' is not 64 hex digits");
		ret = -EINVAL;
		goto out;
	}
	sodium_bin2hex(pkg->sha256_hex, sizeof(pkg->sha256_hex), pkg->sha256,
		       sizeof(pkg->sha256));
	if (!pkg->nhw && !pkg->ncompat) {
		snprintf(err, errlen, "no hardware_ids nor compatible_ids");
		ret = -EINVAL;
	}
out:
	free(hex);
	return ret;
}

/**
 * scb_package_print_ids() - "  hardware ID" and "  compatible ID" lines
 * @f: output
 * @pkg: the package
 */
void scb_package_print_ids(FILE *f, const struct scb_package *pkg)
{
	size_t j;

	for (j = 0; j < pkg->nhw; j++)
		fprintf(f, "  hardware %s\n", SCB_SAFE(pkg->hw_ids[j]));
	for (j = 0; j < pkg->ncompat; j++)
		fprintf(f, "  compatible %s\n", SCB_SAFE(pkg->compat_ids[j]));
}

static json_t *ids_json(char **ids, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_string(ids[i]));
	return arr;
}

/**
 * scb_package_to_json() - serialise an entry (the installed metadata)
 * @pkg: the package
 *
 * Return: a malloc'ed JSON text.
 */
char *scb_package_to_json(const struct scb_package *pkg)
{
	json_t *o = json_object();
	char *s;

	json_object_set_new(o, "name", json_string(pkg->name));
	json_object_set_new(o, "version", json_string(pkg->version));
	json_object_set_new(o, "file", json_string(pkg->file));
	if (pkg->description)
		json_object_set_new(o, "description",
				    json_string(pkg->description));
	json_object_set_new(o, "sha256", json_string(pkg->sha256_hex));
	json_object_set_new(o, "size", json_integer(pkg->size));
	json_object_set_new(o, "hardware_ids", ids_json(pkg->hw_ids, pkg->nhw));
	json_object_set_new(o, "compatible_ids",
			    ids_json(pkg->compat_ids, pkg->ncompat));
	s = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(o);
	if (!s)
		abort();
	return s;
}

/**
 * scb_index_parse() - parse an index (after its signature was checked)
 * @buf: JSON text
 * @len: its length
 * @idx: result; free with scb_index_free()
 * @err: message buffer
 * @errlen: its size
 *
 * Return: 0, -EINVAL (malformed, missing field, wrong type) or -EPROTO
 * (unknown format).
 */
int scb_index_parse(const char *buf, size_t len, struct scb_index *idx,
		    char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *root, *pkgs, *p;
	char sub[160];
	size_t i;
	int ret;

	memset(idx, 0, sizeof(*idx));
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		snprintf(err, errlen, "index: malformed JSON at line %d: %s",
			 jerr.line, jerr.text);
		return -EINVAL;
	}
	if (!json_is_object(root)) {
		snprintf(err, errlen, "index: not a JSON object");
		ret = -EINVAL;
		goto out;
	}
	ret = get_int(root, "format", 1, &idx->format, sub, sizeof(sub));
	if (!ret && idx->format != SCB_INDEX_FORMAT) {
		snprintf(sub, sizeof(sub), "unsupported format %lld",
			 idx->format);
		ret = -EPROTO;
	}
	if (!ret)
		ret = get_int(root, "version", 1, &idx->version, sub,
			      sizeof(sub));
	if (!ret)
		ret = get_int(root, "expires", 0, &idx->expires, sub,
			      sizeof(sub));
	if (ret) {
		snprintf(err, errlen, "index: %s", sub);
		goto out;
	}
	pkgs = json_object_get(root, "packages");
	if (!json_is_array(pkgs)) {
		snprintf(err, errlen, "index: %s", pkgs ?
			 "field 'packages' is not an array" :
			 "missing field 'packages'");
		ret = -EINVAL;
		goto out;
	}
	idx->pkgs = calloc(json_array_size(pkgs) + 1, sizeof(*idx->pkgs));
	if (!idx->pkgs)
		abort();
	json_array_foreach(pkgs, i, p) {
		idx->npkgs++;
		ret = scb_package_from_json(p, &idx->pkgs[i], sub, sizeof(sub));
		if (ret) {
			snprintf(err, errlen, "index: package %zu: %s", i, sub);
			goto out;
		}
	}
out:
	json_decref(root);
	if (ret)
		scb_index_free(idx);
	return ret;
}

void scb_key_id(const unsigned char *pk, char id[SCB_KEY_ID_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, pk, crypto_sign_PUBLICKEYBYTES);
	sodium_bin2hex(id, SCB_KEY_ID_HEX, h, SCB_KEY_ID_BYTES);
}

/**
 * scb_key_parse_public() - parse a public key file's text
 * @text: "#" comment lines and one base64 line of the 32-byte key
 * @key: result
 *
 * Return: 0 or -EINVAL.
 */
int scb_key_parse_public(const char *text, struct scb_key *key)
{
	const char *line = text;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		size_t bin_len;

		while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
			n--;
		if (n && line[0] != '#') {
			if (sodium_base642bin(key->pk, sizeof(key->pk), line, n,
					      NULL, &bin_len, NULL,
					      sodium_base64_VARIANT_ORIGINAL) ||
			    bin_len != sizeof(key->pk))
				return -EINVAL;
			scb_key_id(key->pk, key->id);
			return 0;
		}
		line = end ? end + 1 : NULL;
	}
	return -EINVAL;
}

static int read_small(int dirfd, const char *name, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

/**
 * scb_keys_load() - load the pinned keys (*.pub) of a directory
 * @dir: directory
 * @keys: result array, free() it
 * @nkeys: its length
 * @err: message buffer
 * @errlen: its size
 *
 * Malformed key files are skipped; no usable key at all is an error.
 *
 * Return: 0, or -ENOKEY / -errno.
 */
int scb_keys_load(const char *dir, struct scb_key **keys, size_t *nkeys,
		  char *err, size_t errlen)
{
	char buf[SCB_KEY_FILE_MAX];
	struct dirent *de;
	DIR *d;

	*keys = NULL;
	*nkeys = 0;
	d = opendir(dir);
	if (!d) {
		int ret = -errno;

		snprintf(err, errlen, "key directory %s: %s", dir,
			 strerror(errno));
		return ret;
	}
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		struct scb_key k;

		if (n < 5 || strcmp(de->d_name + n - 4, ".pub") ||
		    de->d_name[0] == '.')
			continue;
		if (read_small(dirfd(d), de->d_name, buf, sizeof(buf)) ||
		    scb_key_parse_public(buf, &k))
			continue;
		*keys = realloc(*keys, (*nkeys + 1) * sizeof(**keys));
		if (!*keys)
			abort();
		(*keys)[(*nkeys)++] = k;
	}
	closedir(d);
	if (!*nkeys) {
		snprintf(err, errlen, "no usable public key (*.pub) in %s",
			 dir);
		return -ENOKEY;
	}
	return 0;
}

/**
 * scb_index_verify() - check the detached signature of an index
 * @data: the index bytes exactly as fetched
 * @len: their length
 * @sig: the signature file: {"algorithm": "ed25519", "key_id": "<hex>",
 *	"signature": "<base64>"}
 * @siglen: its length
 * @keys: pinned keys
 * @nkeys: their number
 * @err: message buffer
 * @errlen: its size
 *
 * Return: 0, -EINVAL (malformed signature file), -ENOKEY (signed by a key
 * that is not pinned) or -EBADMSG (signature does not verify).
 */
int scb_index_verify(const void *data, size_t len, const char *sig,
		     size_t siglen, const struct scb_key *keys, size_t nkeys,
		     char *err, size_t errlen)
{
	unsigned char s[crypto_sign_BYTES];
	const char *alg, *kid, *b64;
	json_error_t jerr;
	size_t bin_len, i;
	json_t *root;
	int ret = -ENOKEY;

	root = json_loadb(sig, siglen, 0, &jerr);
	if (!root || !json_is_object(root)) {
		snprintf(err, errlen, "signature file is not a JSON object");
		json_decref(root);
		return -EINVAL;
	}
	alg = json_string_value(json_object_get(root, "algorithm"));
	kid = json_string_value(json_object_get(root, "key_id"));
	b64 = json_string_value(json_object_get(root, "signature"));
	if (!alg || !kid || !b64) {
		snprintf(err, errlen,
			 "signature file lacks algorithm, key_id or signature");
		ret = -EINVAL;
		goto out;
	}
	if (strcmp(alg, SCB_SIG_ALGORITHM)) {
		snprintf(err, errlen, "unsupported signature algorithm '%s'",
			 SCB_SAFE(alg));
		ret = -EINVAL;
		goto out;
	}
	if (sodium_base642bin(s, sizeof(s), b64, strlen(b64), NULL, &bin_len,
			      NULL, sodium_base64_VARIANT_ORIGINAL) ||
	    bin_len != sizeof(s)) {
		snprintf(err, errlen, "signature is not 64 bytes of base64");
		ret = -EINVAL;
		goto out;
	}
	for (i = 0; i < nkeys; i++) {
		if (strcasecmp(keys[i].id, kid))
			continue;
		if (!crypto_sign_verify_detached(s, data, len, keys[i].pk)) {
			ret = 0;
			goto out;
		}
		ret = -EBADMSG;
	}
	if (ret == -EBADMSG)
		snprintf(err, errlen,
			 "bad signature: index does not verify with key %s",
			 SCB_SAFE(kid));
	else
		snprintf(err, errlen,
			 "index signed by key %.32s, which is not pinned",
			 SCB_SAFE(kid));
out:
	json_decref(root);
	return ret;
}

/**
 * scb_index_check_fresh() - refuse expired and rolled-back indexes
 * @idx: verified, parsed index
 * @now: current time
 * @highest: highest version accepted before (0 if none)
 * @err: message buffer
 * @errlen: its size
 *
 * The same version as before is accepted (a mirror serving the current
 * index); a lower one is a rollback.
 *
 * Return: 0, -EKEYEXPIRED or -ESTALE.
 */
int scb_index_check_fresh(const struct scb_index *idx, time_t now,
			  long long highest, char *err, size_t errlen)
{
	if (idx->expires <= (long long)now) {
		snprintf(err, errlen,
			 "index version %lld expired %lld seconds ago",
			 idx->version, (long long)now - idx->expires);
		return -EKEYEXPIRED;
	}
	if (idx->version < highest) {
		snprintf(err, errlen,
			 "rollback: index version %lld is older than version %lld seen before",
			 idx->version, highest);
		return -ESTALE;
	}
	return 0;
}

/**
 * scb_sha256_check() - does a package blob match its index entry
 * @data: blob
 * @len: its length
 * @pkg: entry
 * @err: message buffer
 * @errlen: its size
 *
 * Return: 0 or -EBADMSG.
 */
int scb_sha256_check(const void *data, size_t len,
		     const struct scb_package *pkg, char *err, size_t errlen)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[SCB_SHA256_HEX];

	if ((long long)len != pkg->size) {
		snprintf(err, errlen,
			 "package %s %s: size %zu, index says %lld",
			 pkg->name, pkg->version, len, pkg->size);
		return -EBADMSG;
	}
	crypto_hash_sha256(h, data, len);
	if (sodium_memcmp(h, pkg->sha256, sizeof(h))) {
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		snprintf(err, errlen,
			 "package %s %s: SHA-256 mismatch (got %s, index says %s)",
			 pkg->name, pkg->version, hex, pkg->sha256_hex);
		return -EBADMSG;
	}
	return 0;
}

/**
 * scb_state_version() - highest index version accepted so far
 * @state_dir: directory of SCB_VERSION_FILE
 *
 * Return: the version, 0 if none was recorded.
 */
long long scb_state_version(const char *state_dir)
{
	char path[4096], buf[32];
	long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", state_dir, SCB_VERSION_FILE);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (fgets(buf, sizeof(buf), f))
		v = strtoll(buf, NULL, 10);
	fclose(f);
	return v < 0 ? 0 : v;
}

/**
 * scb_state_set_version() - record a newly accepted index version
 * @state_dir: directory (created if missing)
 * @version: the version; never lowers the recorded one
 *
 * Return: 0 or -errno.
 */
int scb_state_set_version(const char *state_dir, long long version)
{
	char path[4096], tmp[4200];
	FILE *f;

	if (version <= scb_state_version(state_dir))
		return 0;
	if (mkdir(state_dir, 0755) && errno != EEXIST)
		return -errno;
	snprintf(path, sizeof(path), "%s/%s", state_dir, SCB_VERSION_FILE);
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fprintf(f, "%lld\n", version);
	if (fflush(f) || fsync(fileno(f))) {
		int ret = -errno;

		fclose(f);
		unlink(tmp);
		return ret;
	}
	fclose(f);
	if (rename(tmp, path)) {
		int ret = -errno;

		unlink(tmp);
		return ret;
	}
	return 0;
}
