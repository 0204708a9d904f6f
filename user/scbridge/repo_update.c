// SPDX-License-Identifier: GPL-2.0
/*
 * Index and package retrieval with verification.
 *
 * The index is taken from the first mirror whose copy verifies: pinned
 * signature, known format, not expired, version not below the highest seen
 * (rollback). Each refusal is logged with the mirror and the reason, and
 * the next mirror is tried, so one stale or compromised mirror does not
 * stop a client. Only then is the new version recorded.
 *
 * Packages are fetched by SHA-256 from the mirror that served the index
 * first, then from the others, and are kept in the cache under their hash;
 * a cached copy is used only after it hashes right again.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "daemon_log.h"
#include "install.h"
#include "repo_update.h"

#define SCB_SIG_MAX		4096

/**
 * scb_verify_index_bytes() - verify and parse a fetched index
 * @cfg: configuration (key_dir, state_dir)
 * @index: index.json bytes
 * @sig: index.json.sig bytes
 * @idx: result
 * @err: message buffer
 * @errlen: its size
 *
 * Return: 0 or the negative error of the failed check.
 */
int scb_verify_index_bytes(const struct scb_config *cfg,
			   const struct scb_buf *index,
			   const struct scb_buf *sig, struct scb_index *idx,
			   char *err, size_t errlen)
{
	struct scb_key *keys;
	size_t nkeys;
	int ret;

	ret = scb_keys_load(cfg->key_dir, &keys, &nkeys, err, errlen);
	if (ret)
		return ret;
	ret = scb_index_verify(index->data, index->len, sig->data, sig->len,
			       keys, nkeys, err, errlen);
	free(keys);
	if (ret)
		return ret;
	ret = scb_index_parse(index->data, index->len, idx, err, errlen);
	if (ret)
		return ret;
	ret = scb_index_check_fresh(idx, time(NULL),
				    scb_state_version(cfg->state_dir),
				    err, errlen);
	if (ret)
		scb_index_free(idx);
	return ret;
}

/**
 * scb_repo_index() - a verified index from the first mirror that has one
 * @cfg: configuration
 * @idx: result, free with scb_index_free()
 * @mirror: receives the index of the mirror used
 * @err: message buffer (the last mirror's reason)
 * @errlen: its size
 *
 * Return: 0, -ENOENT (no mirror configured) or the last failure.
 */
int scb_repo_index(const struct scb_config *cfg, struct scb_index *idx,
		   size_t *mirror, char *err, size_t errlen)
{
	int ret = -ENOENT;
	size_t i;

	snprintf(err, errlen, "no mirror configured");
	for (i = 0; i < cfg->nmirrors; i++) {
		struct scb_buf index, sig;
		char why[512];

		ret = scb_fetch_mirror_file(cfg, cfg->mirrors[i],
					    SCB_INDEX_FILE, cfg->max_index_size,
					    SCB_INDEX_FILE, &index, why,
					    sizeof(why));
		if (ret) {
			snprintf(err, errlen, "mirror %s unreachable: %s",
				 cfg->mirrors[i], why);
			scb_warn("%s", err);
			continue;
		}
		ret = scb_fetch_mirror_file(cfg, cfg->mirrors[i],
					    SCB_INDEX_SIG_FILE, SCB_SIG_MAX,
					    SCB_INDEX_SIG_FILE, &sig, why,
					    sizeof(why));
		if (ret) {
			snprintf(err, errlen,
				 "mirror %s: refused index: no signature: %s",
				 cfg->mirrors[i], why);
			scb_warn("%s", err);
			scb_buf_free(&index);
			continue;
		}
		ret = scb_verify_index_bytes(cfg, &index, &sig, idx, why,
					     sizeof(why));
		scb_buf_free(&index);
		scb_buf_free(&sig);
		if (ret) {
			snprintf(err, errlen, "mirror %s: refused index: %s",
				 cfg->mirrors[i], why);
			scb_warn("%s", err);
			continue;
		}
		if (scb_state_set_version(cfg->state_dir, idx->version))
			scb_warn("cannot record index version %lld in %s: %s",
				 idx->version, cfg->state_dir, strerror(errno));
		*mirror = i;
		scb_dbg("index version %lld from %s: %zu packages",
			idx->version, cfg->mirrors[i], idx->npkgs);
		return 0;
	}
	return ret;
}

static int cache_read(const struct scb_config *cfg,
		      const struct scb_package *pkg, struct scb_buf *out)
{
	char path[PATH_MAX], err[256];
	struct stat st;
	ssize_t n;
	int fd;

	if (snprintf(path, sizeof(path), "%s/%s", cfg->cache_dir,
		     pkg->sha256_hex) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size != pkg->size) {
		close(fd);
		unlink(path);
		return -EINVAL;
	}
	out->data = malloc(pkg->size + 1);
	if (!out->data)
		abort();
	n = read(fd, out->data, pkg->size);
	close(fd);
	out->len = n < 0 ? 0 : (size_t)n;
	out->data[out->len] = '\0';
	if (n != pkg->size || scb_sha256_check(out->data, out->len, pkg, err,
					       sizeof(err))) {
		scb_warn("cache: dropping damaged %s", path);
		unlink(path);
		scb_buf_free(out);
		return -EBADMSG;
	}
	return 0;
}

static void cache_write(const struct scb_config *cfg,
			const struct scb_package *pkg,
			const struct scb_buf *b)
{
	char path[PATH_MAX], tmp[PATH_MAX + 32];
	int fd;

	if (scb_mkdir_p(cfg->cache_dir))
		return;
	if (snprintf(path, sizeof(path), "%s/%s", cfg->cache_dir,
		     pkg->sha256_hex) >= (int)sizeof(path))
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
		  0644);
	if (fd < 0)
		return;
	if (write(fd, b->data, b->len) != (ssize_t)b->len || fsync(fd) ||
	    close(fd) || rename(tmp, path)) {
		scb_dbg("cache: cannot keep %s", path);
		unlink(tmp);
	}
}

/**
 * scb_repo_package() - a package whose bytes match its index entry
 * @cfg: configuration
 * @pkg: the entry
 * @first_mirror: mirror to try first (the one the index came from)
 * @out: result
 * @err: message buffer
 * @errlen: its size
 *
 * Return: 0, -EFBIG (over max_package_size), -EBADMSG (every copy found
 * was tampered with) or the last fetch error.
 */
int scb_repo_package(const struct scb_config *cfg,
		     const struct scb_package *pkg, size_t first_mirror,
		     struct scb_buf *out, char *err, size_t errlen)
{
	char rel[sizeof(SCB_PACKAGES_DIR) + SCB_SHA256_HEX + 1];
	int ret = -ENOENT;
	size_t k;

	if (pkg->size > cfg->max_package_size) {
		snprintf(err, errlen,
			 "package %s %s: %lld bytes exceed max_package_size %ld",
			 pkg->name, pkg->version, pkg->size,
			 cfg->max_package_size);
		return -EFBIG;
	}
	if (!cache_read(cfg, pkg, out)) {
		scb_dbg("package %s %s from the cache", pkg->name,
			pkg->version);
		return 0;
	}
	snprintf(rel, sizeof(rel), "%s/%s", SCB_PACKAGES_DIR, pkg->sha256_hex);
	snprintf(err, errlen, "no mirror configured");
	for (k = 0; k < cfg->nmirrors; k++) {
		size_t i = (first_mirror + k) % cfg->nmirrors;
		char why[512];

		ret = scb_fetch_mirror_file(cfg, cfg->mirrors[i], rel,
					    pkg->size, pkg->name, out, why,
					    sizeof(why));
		if (ret) {
			snprintf(err, errlen, "mirror %s: package %s %s: %s",
				 cfg->mirrors[i], pkg->name, pkg->version, why);
			scb_warn("%s", err);
			continue;
		}
		ret = scb_sha256_check(out->data, out->len, pkg, why,
				       sizeof(why));
		if (ret) {
			snprintf(err, errlen, "mirror %s: refused %s",
				 cfg->mirrors[i], why);
			scb_warn("%s", err);
			scb_buf_free(out);
			continue;
		}
		cache_write(cfg, pkg, out);
		return 0;
	}
	return ret;
}
