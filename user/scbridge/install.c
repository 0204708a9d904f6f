// SPDX-License-Identifier: GPL-2.0
/*
 * Installing and registering drivers.
 *
 * A package lands in <install_dir>/<name>/<version>/<file> next to
 * package.json (its index entry). It is written to a fresh temporary
 * directory beside the target and renamed into place, so a reader sees
 * either the old version or the complete new one; a re-installation of the
 * same bytes is a no-op. Registration is a p11-kit module file
 * <module_dir>/scpnp-<name>.module, also written through a rename, marked
 * with an "x-scpnp-package" field (p11-kit ignores fields it does not
 * know): scbridge rewrites or removes only module files that carry it, and
 * refuses a package named like a module it did not write. Modes are set
 * explicitly, so that a root umask of 077 cannot hide a driver from users.
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

/* mkdir 0755 whatever the umask; an existing directory is left as it is */
static int mkdir_mode(const char *dir)
{
	if (mkdir(dir, SCB_DIR_MODE))
		return errno == EEXIST ? 0 : -errno;
	return chmod(dir, SCB_DIR_MODE) ? -errno : 0;
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
	int ret;

	if (pathf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		ret = mkdir_mode(tmp);
		if (ret)
			return ret;
		*p = '/';
	}
	return mkdir_mode(tmp);
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
	if (fchmod(fd, SCB_FILE_MODE))
		ret = -errno;
	while (!ret && len) {
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

static bool lexists(const char *path)
{
	struct stat st;

	return !lstat(path, &st);
}

/* A file other users' p11-kit cannot read (umask 077 at some point) */
static bool file_mode_wrong(const char *path)
{
	struct stat st;

	return stat(path, &st) || (st.st_mode & 0777) != SCB_FILE_MODE;
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
	    !file_mode_wrong(file) && path_inside(file, cfg->install_dir)) {
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
 * scb_module_file() - the p11-kit module file scbridge writes for a driver
 * @cfg: configuration (module_dir)
 * @name: driver name (already a plain name)
 * @file: receives <module_dir>/scpnp-<name>.module
 * @filelen: its size
 *
 * Return: 0 or -ENAMETOOLONG.
 */
int scb_module_file(const struct scb_config *cfg, const char *name,
		    char *file, size_t filelen)
{
	return pathf(file, filelen, "%s/%s%s%s", cfg->module_dir,
		     SCB_MODULE_PREFIX, name, SCB_MODULE_SUFFIX);
}

/* Does @file carry scbridge's marker field? */
static bool module_file_ours(const char *file)
{
	char *text = read_all(file, SCB_MODFILE_MAX, NULL);
	bool ours;

	if (!text)
		return false;
	ours = !strncmp(text, SCB_MODULE_MARKER ":", strlen(SCB_MODULE_MARKER) + 1) ||
		strstr(text, "\n" SCB_MODULE_MARKER ":");
	free(text);
	return ours;
}

/*
 * A module file written by scbridge before the name space and the marker
 * existed: "<name>.module" whose first line is scbridge's header and whose
 * module lies in <install_dir>/<name>/. It is replaced by the prefixed one.
 */
static bool legacy_ours(const struct scb_config *cfg, const char *name,
			const char *file)
{
	static const char head[] = "# Written by scbridge for driver package ";
	char cur[PATH_MAX], namedir[PATH_MAX];
	char *text = read_all(file, SCB_MODFILE_MAX, NULL);
	bool ours;

	if (!text)
		return false;
	ours = !strncmp(text, head, strlen(head));
	free(text);
	if (!ours || scb_module_file_target(file, cur, sizeof(cur)) ||
	    pathf(namedir, sizeof(namedir), "%s/%s/", cfg->install_dir, name))
		return false;
	return !strncmp(cur, namedir, strlen(namedir));
}

/*
 * A package may not take the name of a module someone else registered:
 * p11-kit module names are global, and a package named "opensc-pkcs11"
 * would pass for the distribution's module in every listing.
 */
static int module_name_taken(const struct scb_config *cfg,
			     const struct scb_package *pkg, char *err,
			     size_t errlen)
{
	const char *dirs[] = { cfg->module_dir, cfg->system_module_dir };
	char file[PATH_MAX];
	size_t i;

	for (i = 0; i < 2; i++) {
		if (pathf(file, sizeof(file), "%s/%s%s", dirs[i], pkg->name,
			  SCB_MODULE_SUFFIX) || !lexists(file))
			continue;
		if (!i && legacy_ours(cfg, pkg->name, file)) {
			unlink(file);
			continue;
		}
		snprintf(err, errlen,
			 "package %s: module name taken: %s was not written by scbridge; nothing registered",
			 pkg->name, file);
		return -EEXIST;
	}
	if (scb_module_file(cfg, pkg->name, file, sizeof(file)))
		return -ENAMETOOLONG;
	if (lexists(file) && !module_file_ours(file)) {
		snprintf(err, errlen,
			 "package %s: module name taken: %s has no %s field, so scbridge did not write it; nothing registered",
			 pkg->name, file, SCB_MODULE_MARKER);
		return -EEXIST;
	}
	return 0;
}

/**
 * scb_register() - write the p11-kit module file of an installed driver
 * @cfg: configuration (module_dir)
 * @pkg: package
 * @path: absolute module path
 * @err: message buffer
 * @errlen: its size
 *
 * Return: 0, -EEXIST when the name belongs to a module file scbridge did
 * not write (nothing is written then), or -errno.
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
	ret = module_name_taken(cfg, pkg, err, errlen);
	if (ret)
		return ret;
	scb_module_file(cfg, pkg->name, file, sizeof(file));
	pathf(namedir, sizeof(namedir), "%s/%s", cfg->install_dir,
		 pkg->name);
	if (!scb_module_file_target(file, cur, sizeof(cur)) &&
	    !strcmp(cur, path) && !file_mode_wrong(file))
		goto prune;
	ret = scb_mkdir_p(cfg->module_dir);
	if (ret) {
		snprintf(err, errlen, "%s: %s", cfg->module_dir, strerror(-ret));
		return ret;
	}
	pathf(tmp, sizeof(tmp), "%s.tmp.%ld", file, (long)getpid());
	f = fopen(tmp, "wxe");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return ret;
	}
	fprintf(f,
		"# Written by scbridge for driver package %s %s.\n"
		"# Remove with: scbridge remove %s\n"
		"module: %s\n"
		"critical: no\n"
		"%s: %s %s\n",
		pkg->name, pkg->version, pkg->name, path, SCB_MODULE_MARKER,
		pkg->name, pkg->version);
	if (fchmod(fileno(f), SCB_FILE_MODE) || fflush(f) ||
	    fsync(fileno(f))) {
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
 * The module file is removed only if it carries scbridge's marker and
 * points into the install directory (never a module file that scbridge
 * did not write).
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
	scb_module_file(cfg, name, file, sizeof(file));
	pathf(namedir, sizeof(namedir), "%s/%s", cfg->install_dir, name);
	if (!scb_module_file_target(file, cur, sizeof(cur)) &&
	    module_file_ours(file)) {
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
			scb_module_file(cfg, it.pkg.name, mod, sizeof(mod));
			it.registered = !scb_module_file_target(mod, cur,
							       sizeof(cur)) &&
				!file_mode_wrong(mod) &&
				!file_mode_wrong(it.path) &&
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
