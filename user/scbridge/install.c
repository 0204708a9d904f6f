// SPDX-License-Identifier: GPL-2.0
/*
 * Installing and registering drivers.
 *
 * A package lands in <install_dir>/<name>/<version>/<file> next to
 * package.json (its index entry). It is written to a fresh temporary
 * directory beside the target and renamed into place, so a reader sees
 * either the old version or the complete new one; a re-installation of the
 * same bytes is a no-op. Registration is a p11-kit module file
 * <module_dir>/<name>.module, also written through a rename.
 *
 * Names come from a signed index, yet every path component is checked
 * (scb_name_valid()) and the final path is resolved and must lie under the
 * install directory: a signed index is not a licence to write elsewhere.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "daemon_log.h"
#include "install.h"
#include "sanitize.h"

#define SCB_DIR_MODE		0755
#define SCB_FILE_MODE		0644
#define SCB_META_MAX		(64 * 1024)
#define SCB_MODFILE_MAX		4096
#define SCB_NFTW_FDS		16

/* snprintf for paths: truncation is an error, not a silent cut */
static __attribute__((format(printf, 3, 4)))
int pathf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/**
 * scb_mkdir_p() - create a directory and its missing parents (0755)
 * @path: the directory
 *
 * Return: 0 or -errno.
 */
int scb_mkdir_p(const char *path)
{
	char tmp[PATH_MAX];
	char *p;

	if (pathf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, SCB_DIR_MODE) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(tmp, SCB_DIR_MODE) && errno != EEXIST)
		return -errno;
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path);
	return unlink(path);
}

static int rm_rf(const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISDIR(st.st_mode))
		return unlink(path) ? -errno : 0;
	return nftw(path, rm_one, SCB_NFTW_FDS, FTW_DEPTH | FTW_PHYS) ?
		-errno : 0;
}

static int write_file(int dirfd, const char *name, const void *data,
		      size_t len)
{
	const char *p = data;
	int fd, ret = 0;

	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, SCB_FILE_MODE);
	if (fd < 0)
		return -errno;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		p += n;
		len -= n;
	}
	if (!ret && fsync(fd))
		ret = -errno;
	close(fd);
	return ret;
}

static char *read_all(const char *path, size_t max, size_t *lenp)
{
	char *buf;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return NULL;
	buf = malloc(max + 1);
	if (!buf)
		abort();
	n = read(fd, buf, max + 1);
	close(fd);
	if (n < 0 || (size_t)n > max) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (lenp)
		*lenp = n;
	return buf;
}

/* Is @path (resolved) inside @dir (resolved)? */
static int path_inside(const char *path, const char *dir)
{
	char rp[PATH_MAX], rd[PATH_MAX];
	size_t n;

	if (!realpath(path, rp) || !realpath(dir, rd))
		return 0;
	n = strlen(rd);
	return !strncmp(rp, rd, n) && rp[n] == '/';
}

/**
 * scb_install_paths() - where a package goes
 * @cfg: configuration (install_dir)
 * @pkg: package
 * @dir: <install_dir>/<name>/<version>
 * @dirlen: its size
 * @file: <dir>/<file>
 * @filelen: its size
 * @err: message buffer
 * @errlen: its size
 *
 * Return: 0, or -EPERM when a name, version or file name would leave its
 * directory (absolute, "..", "/", hidden, odd characters).
 */
int scb_install_paths(const struct scb_config *cfg,
		      const struct scb_package *pkg, char *dir, size_t dirlen,
		      char *file, size_t filelen, char *err, size_t errlen)
{
	static const char *const what[] = { "name", "version", "file name" };
	const char *v[] = { pkg->name, pkg->version, pkg->file };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (!scb_name_valid(v[i])) {
			snprintf(err, errlen,
				 "package %s: path escape: %s '%s' is not a plain name",
				 SCB_SAFE(pkg->name), what[i], SCB_SAFE(v[i]));
			return -EPERM;
		}
	}
	if (snprintf(dir, dirlen, "%s/%s/%s", cfg->install_dir, pkg->name,
		     pkg->version) >= (int)dirlen ||
	    snprintf(file, filelen, "%s/%s", dir, pkg->file) >= (int)filelen) {
		snprintf(err, errlen, "package %s: path too long",
			 SCB_SAFE(pkg->name));
		return -ENAMETOOLONG;
	}
	return 0;
}

static int same_hash(const char *path, const struct scb_package *pkg)
{
	char err[256];
	size_t len;
	char *data;
	int ret;

	data = read_all(path, pkg->size, &len);
	if (!data)
		return 0;
	ret = !scb_sha256_check(data, len, pkg, err, sizeof(err));
	free(data);
	return ret;
}

/* Remove every entry of @namedir but @keep */
static void prune(const char *namedir, const char *keep)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(namedir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    (keep && !strcmp(de->d_name, keep)))
			continue;
		pathf(path, sizeof(path), "%s/%s", namedir, de->d_name);
		if (rm_rf(path))
			scb_warn("cannot remove %s: %s", path, strerror(errno));
	}
	closedir(d);
}

/**
 * scb_install() - install a verified package
 * @cfg: configuration
 * @pkg: its index entry
 * @data: its bytes, already checked against @pkg->sha256
 * @len: their length
 * @path: receives the module's absolute path
 * @pathlen: its size
 * @err: message buffer
 * @errlen: its size
 *
 * Older versions of the same driver are removed once the new one is in
 * place; registration is scb_register()'s job.
 *
 * Return: 0 installed, 1 already installed, or -errno with @err set.
 */
int scb_install(const struct scb_config *cfg, const struct scb_package *pkg,
		const void *data, size_t len, char *path, size_t pathlen,
		char *err, size_t errlen)
{
	char dir[PATH_MAX], file[PATH_MAX], namedir[PATH_MAX], tmp[PATH_MAX];
	char *meta;
	struct stat st;
	int ret, dfd;

	ret = scb_install_paths(cfg, pkg, dir, sizeof(dir), file, sizeof(file),
				err, errlen);
	if (ret)
		return ret;
	pathf(namedir, sizeof(namedir), "%s/%s", cfg->install_dir,
		 pkg->name);
	ret = scb_mkdir_p(namedir);
	if (!ret && (lstat(namedir, &st) || !S_ISDIR(st.st_mode)))
		ret = -ENOTDIR;
	if (!ret && !path_inside(namedir, cfg->install_dir))
		ret = -EPERM;
	if (ret) {
		snprintf(err, errlen, "package %s: %s: %s", pkg->name, namedir,
			 ret == -EPERM ? "path escape: leaves the install directory" :
			 strerror(-ret));
		return ret;
	}
	if (!lstat(dir, &st) && S_ISDIR(st.st_mode) && same_hash(file, pkg) &&
	    path_inside(file, cfg->install_dir)) {
		if (!realpath(file, path))
			snprintf(path, pathlen, "%s", file);
		return 1;
	}

	pathf(tmp, sizeof(tmp), "%s/.tmp-XXXXXX", namedir);
	if (!mkdtemp(tmp)) {
		ret = -errno;
		snprintf(err, errlen, "package %s: %s: %s", pkg->name, namedir,
			 strerror(errno));
		return ret;
	}
	dfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		ret = -errno;
		goto remove_tmp;
	}
	meta = scb_package_to_json(pkg);
	ret = write_file(dfd, pkg->file, data, len);
	if (!ret)
		ret = write_file(dfd, SCB_META_FILE, meta, strlen(meta));
	free(meta);
	if (!ret && (fchmod(dfd, SCB_DIR_MODE) || fsync(dfd)))
		ret = -errno;
	close(dfd);
	if (ret)
		goto remove_tmp;

	/* Swap a stale or damaged copy out atomically, or rename into place */
	if (!lstat(dir, &st)) {
		if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE)) {
			ret = -errno;
			goto remove_tmp;
		}
	} else if (rename(tmp, dir)) {
		ret = -errno;
		goto remove_tmp;
	}
	rm_rf(tmp);
	if (!path_inside(file, cfg->install_dir)) {
		snprintf(err, errlen,
			 "package %s: path escape: %s leaves the install directory",
			 pkg->name, file);
		rm_rf(dir);
		return -EPERM;
	}
	if (!realpath(file, path))
		snprintf(path, pathlen, "%s", file);
	return 0;

remove_tmp:
	snprintf(err, errlen, "package %s: cannot install into %s: %s",
		 pkg->name, dir, strerror(-ret));
	rm_rf(tmp);
	return ret;
}

/**
 * scb_module_file_target() - the "module:" path of a p11-kit module file
 * @file: module file
 * @path: receives the value
 * @pathlen: its size
 *
 * Return: 0, -ENOENT (no file) or -EINVAL (no module line).
 */
int scb_module_file_target(const char *file, char *path, size_t pathlen)
{
	char *text, *line, *save = NULL;
	int ret = -EINVAL;

	text = read_all(file, SCB_MODFILE_MAX, NULL);
	if (!text)
		return -ENOENT;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *v;
		size_t n;

		while (*line == ' ' || *line == '\t')
			line++;
		if (strncmp(line, "module:", 7))
			continue;
		v = line + 7;
		while (*v == ' ' || *v == '\t')
			v++;
		n = strlen(v);
		while (n && (v[n - 1] == ' ' || v[n - 1] == '\r'))
			v[--n] = '\0';
		if (n && n < pathlen) {
			memcpy(path, v, n + 1);
			ret = 0;
		}
		break;
	}
	free(text);
	return ret;
}

/**
 * scb_register() - write the p11-kit module file of an installed driver
 * @cfg: configuration (module_dir)
 * @pkg: package
 * @path: absolute module path
 * @err: message buffer
 * @errlen: its size
 *
 * Return: 0 or -errno.
 */
int scb_register(const struct scb_config *cfg, const struct scb_package *pkg,
		 const char *path, char *err, size_t errlen)
{
	char file[PATH_MAX], tmp[PATH_MAX + 16], cur[PATH_MAX];
	char namedir[PATH_MAX];
	FILE *f;
	int ret;

	if (!scb_name_valid(pkg->name) || !scb_name_valid(pkg->version)) {
		snprintf(err, errlen, "package %s: invalid name for a module file",
			 SCB_SAFE(pkg->name));
		return -EPERM;
	}
	pathf(file, sizeof(file), "%s/%s%s", cfg->module_dir, pkg->name,
		 SCB_MODULE_SUFFIX);
	pathf(namedir, sizeof(namedir), "%s/%s", cfg->install_dir,
		 pkg->name);
	if (!scb_module_file_target(file, cur, sizeof(cur)) &&
	    !strcmp(cur, path))
		goto prune;
	ret = scb_mkdir_p(cfg->module_dir);
	if (ret) {
		snprintf(err, errlen, "%s: %s", cfg->module_dir, strerror(-ret));
		return ret;
	}
	pathf(tmp, sizeof(tmp), "%s.tmp.%ld", file, (long)getpid());
	f = fopen(tmp, "we");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return ret;
	}
	fprintf(f,
		"# Written by scbridge for driver package %s %s.\n"
		"# Remove with: scbridge remove %s\n"
		"module: %s\n"
		"critical: no\n",
		pkg->name, pkg->version, pkg->name, path);
	if (fflush(f) || fsync(fileno(f))) {
		ret = -errno;
		fclose(f);
		goto fail;
	}
	fclose(f);
	if (rename(tmp, file)) {
		ret = -errno;
		goto fail;
	}
prune:
	/* The new version is registered: older ones can go */
	prune(namedir, pkg->version);
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", file, strerror(-ret));
	unlink(tmp);
	return ret;
}

/**
 * scb_remove() - unregister and uninstall a driver
 * @cfg: configuration
 * @name: driver name
 * @err: message buffer
 * @errlen: its size
 *
 * The module file is removed only if it points into the install directory
 * (never a module file that scbridge did not write).
 *
 * Return: 0, -ENOENT (not installed) or -errno.
 */
int scb_remove(const struct scb_config *cfg, const char *name,
	       char *err, size_t errlen)
{
	char file[PATH_MAX], cur[PATH_MAX], namedir[PATH_MAX];
	int found = 0, ret;
	struct stat st;

	if (!scb_name_valid(name)) {
		snprintf(err, errlen, "'%s' is not a driver name",
			 SCB_SAFE(name));
		return -EINVAL;
	}
	pathf(file, sizeof(file), "%s/%s%s", cfg->module_dir, name,
		 SCB_MODULE_SUFFIX);
	pathf(namedir, sizeof(namedir), "%s/%s", cfg->install_dir, name);
	if (!scb_module_file_target(file, cur, sizeof(cur))) {
		if (!strncmp(cur, namedir, strlen(namedir)) ||
		    path_inside(cur, cfg->install_dir)) {
			if (unlink(file)) {
				ret = -errno;
				snprintf(err, errlen, "%s: %s", file,
					 strerror(errno));
				return ret;
			}
			found = 1;
		}
	}
	if (!lstat(namedir, &st)) {
		ret = rm_rf(namedir);
		if (ret) {
			snprintf(err, errlen, "%s: %s", namedir, strerror(-ret));
			return ret;
		}
		found = 1;
	}
	if (!found) {
		snprintf(err, errlen, "driver %s is not installed", name);
		return -ENOENT;
	}
	return 0;
}

static int load_meta(const char *path, struct scb_package *pkg)
{
	json_t *root;
	char err[256];
	char *text;
	int ret;

	text = read_all(path, SCB_META_MAX, NULL);
	if (!text)
		return -ENOENT;
	root = json_loads(text, 0, NULL);
	free(text);
	if (!root)
		return -EINVAL;
	ret = scb_package_from_json(root, pkg, err, sizeof(err));
	json_decref(root);
	if (ret)
		scb_package_free(pkg);
	return ret;
}

/**
 * scb_installed_list() - every installed driver version
 * @cfg: configuration
 * @list: result, free with scb_installed_free()
 * @n: its length
 *
 * Return: 0 (an absent install directory is an empty list) or -errno.
 */
int scb_installed_list(const struct scb_config *cfg,
		       struct scb_installed **list, size_t *n)
{
	struct dirent *de, *ve;
	DIR *d, *vd;

	*list = NULL;
	*n = 0;
	d = opendir(cfg->install_dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		char namedir[PATH_MAX];

		if (!scb_name_valid(de->d_name))
			continue;
		pathf(namedir, sizeof(namedir), "%s/%s", cfg->install_dir,
			 de->d_name);
		vd = opendir(namedir);
		if (!vd)
			continue;
		while ((ve = readdir(vd))) {
			char meta[PATH_MAX], mod[PATH_MAX], cur[PATH_MAX];
			struct scb_installed it;

			if (!scb_name_valid(ve->d_name))
				continue;
			memset(&it, 0, sizeof(it));
			pathf(meta, sizeof(meta), "%s/%s/%s", namedir,
				 ve->d_name, SCB_META_FILE);
			if (load_meta(meta, &it.pkg))
				continue;
			if (strcmp(it.pkg.name, de->d_name) ||
			    strcmp(it.pkg.version, ve->d_name) ||
			    !scb_name_valid(it.pkg.file)) {
				scb_package_free(&it.pkg);
				continue;
			}
			pathf(it.path, sizeof(it.path), "%s/%s/%s", namedir,
				 ve->d_name, it.pkg.file);
			pathf(mod, sizeof(mod), "%s/%s%s", cfg->module_dir,
				 it.pkg.name, SCB_MODULE_SUFFIX);
			it.registered = !scb_module_file_target(mod, cur,
							       sizeof(cur)) &&
				(!strcmp(cur, it.path) ||
				 (realpath(it.path, meta) && !strcmp(cur, meta)));
			*list = realloc(*list, (*n + 1) * sizeof(**list));
			if (!*list)
				abort();
			(*list)[(*n)++] = it;
		}
		closedir(vd);
	}
	closedir(d);
	return 0;
}

void scb_installed_free(struct scb_installed *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		scb_package_free(&list[i].pkg);
	free(list);
}

/**
 * scb_installed_match() - best installed driver for a card
 * @cfg: configuration
 * @ids: the card's IDs
 * @out: receives a copy (free out->pkg with scb_package_free())
 *
 * Used when no fresh index can be had (repository unreachable or refused,
 * auto_install off): a driver installed earlier still serves the card.
 *
 * Return: 0 or -ENOENT.
 */
int scb_installed_match(const struct scb_config *cfg,
			const struct scb_card_ids *ids,
			struct scb_installed *out)
{
	struct scb_installed *list;
	struct scb_package *pkgs;
	const struct scb_package *best;
	size_t n, i;

	if (scb_installed_list(cfg, &list, &n) || !n)
		return -ENOENT;
	pkgs = calloc(n, sizeof(*pkgs));
	if (!pkgs)
		abort();
	for (i = 0; i < n; i++)
		pkgs[i] = list[i].pkg;
	best = scb_match(pkgs, n, ids, NULL);
	if (best) {
		i = best - pkgs;
		*out = list[i];
		memset(&list[i].pkg, 0, sizeof(list[i].pkg));
	}
	free(pkgs);
	scb_installed_free(list, n);
	return best ? 0 : -ENOENT;
}

/**
 * scb_system_module() - the distribution's module for PIV and GIDS cards
 * @cfg: configuration (system_module_dir, system_module)
 * @path: receives the module path as the module file gives it
 * @pathlen: its size
 *
 * Return: 0, or -ENOENT when the distribution registers no such module.
 */
int scb_system_module(const struct scb_config *cfg, char *path,
		      size_t pathlen)
{
	char file[PATH_MAX];

	if (!scb_name_valid(cfg->system_module))
		return -ENOENT;
	pathf(file, sizeof(file), "%s/%s%s", cfg->system_module_dir,
		 cfg->system_module, SCB_MODULE_SUFFIX);
	return scb_module_file_target(file, path, pathlen) ? -ENOENT : 0;
}
