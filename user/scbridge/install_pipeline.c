// SPDX-License-Identifier: GPL-2.0
/*
 * One card through the pipeline.
 *
 * With a verified index that lists a driver for the card, that driver is
 * installed (or kept, when the same or a newer version is installed) and
 * registered. When the index is verified and lists nothing, PIV and GIDS
 * cards get the distribution's module and other cards the null driver, as
 * on Windows 8+. When no index can be trusted (refused, unreachable) or
 * auto_install is off, a driver installed earlier still serves the card;
 * otherwise nothing is decided, so that a later attempt (re-insertion,
 * daemon restart) tries again. Every refusal is logged with its reason; a
 * refusal never touches what is installed.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "daemon_log.h"
#include "fetch.h"
#include "install.h"
#include "install_pipeline.h"
#include "repo_update.h"

#include "pnpid.h"

/* Registry-form GUID: 8-4-4-4-12 hex digits */
#define SCB_GUID_LEN		36

const char *scb_bind_kind_str(enum scb_bind_kind kind)
{
	switch (kind) {
	case SCB_BIND_REPO:
		return "repository";
	case SCB_BIND_INSTALLED:
		return "installed";
	case SCB_BIND_SYSTEM:
		return "system";
	case SCB_BIND_NULL:
		return "null";
	default:
		return "none";
	}
}

static void set_binding(struct scb_binding *b, enum scb_bind_kind kind,
			const char *name, const char *version,
			const char *path)
{
	b->kind = kind;
	snprintf(b->name, sizeof(b->name), "%s", name);
	snprintf(b->version, sizeof(b->version), "%s", version);
	snprintf(b->path, sizeof(b->path), "%s", path ? path : "");
}

/*
 * The GIDS compatible ID: the configured one, else the one scfilter.ko
 * was given (module parameter gids_compat_id, a bare GUID), else none.
 */
static void gids_compat_id(const struct scb_config *cfg, char *id,
			   size_t size)
{
	char path[PATH_MAX], guid[SCB_GUID_LEN + 2] = "";
	FILE *f;

	id[0] = '\0';
	if (*cfg->gids_compat_id) {
		snprintf(id, size, "%s", cfg->gids_compat_id);
		return;
	}
	snprintf(path, sizeof(path), "%s/module/scfilter/parameters/gids_compat_id",
		 cfg->sysfs_root);
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(guid, sizeof(guid), f)) {
		guid[strcspn(guid, "\n")] = '\0';
		if (strlen(guid) == SCB_GUID_LEN)
			snprintf(id, size, "%s%s", SCF_PNP_PREFIX, guid);
	}
	fclose(f);
}

static int is_piv_or_gids(const struct scb_config *cfg,
			  const struct scb_card_ids *ids)
{
	char gids[SCB_ID_MAX + 1];
	size_t i;

	gids_compat_id(cfg, gids, sizeof(gids));
	for (i = 0; i < ids->ncompat; i++) {
		if (!strcasecmp(ids->compat[i], SCF_PIV_COMPAT_ID))
			return 1;
		if (*gids && !strcasecmp(ids->compat[i], gids))
			return 1;
	}
	return 0;
}

static int use_installed(const struct scb_config *cfg,
			 struct scb_installed *inst, enum scb_bind_kind kind,
			 struct scb_binding *b)
{
	char err[512];

	/* Repair a registration lost since (issue: no lost state) */
	if (!inst->registered &&
	    scb_register(cfg, &inst->pkg, inst->path, err, sizeof(err))) {
		scb_err("cannot register %s: %s", inst->pkg.name, err);
		return -EIO;
	}
	set_binding(b, kind, inst->pkg.name, inst->pkg.version, inst->path);
	return 0;
}

static int from_repo(const struct scb_config *cfg, const struct scb_index *idx,
		     size_t mirror, const struct scb_package *pkg,
		     struct scb_binding *b)
{
	char err[1024], path[PATH_MAX], dir[PATH_MAX];
	struct scb_buf blob;
	int ret;

	/* Refuse an escaping entry before downloading anything */
	ret = scb_install_paths(cfg, pkg, dir, sizeof(dir), path, sizeof(path),
				err, sizeof(err));
	if (!ret)
		ret = scb_repo_package(cfg, pkg, mirror, &blob, err,
				       sizeof(err));
	if (ret) {
		scb_err("%s; nothing installed", err);
		return ret;
	}
	ret = scb_install(cfg, pkg, blob.data, blob.len, path, sizeof(path),
			  err, sizeof(err));
	scb_buf_free(&blob);
	if (ret < 0) {
		scb_err("refused package %s %s: %s; nothing installed",
			pkg->name, pkg->version, err);
		return ret;
	}
	if (scb_register(cfg, pkg, path, err, sizeof(err))) {
		scb_err("package %s %s installed but not registered: %s",
			pkg->name, pkg->version, err);
		return -EIO;
	}
	scb_info("%s %s %s (index version %lld), module %s",
		 ret ? "kept" : "installed", pkg->name, pkg->version,
		 idx->version, path);
	set_binding(b, SCB_BIND_REPO, pkg->name, pkg->version, path);
	return 0;
}

/**
 * scb_pipeline() - find, install and register the driver of one card
 * @cfg: configuration
 * @ids: the card's IDs
 * @b: the outcome
 *
 * Return: 0 with @b->kind not SCB_BIND_NONE, or a negative error (the
 * reason is logged) with @b->kind SCB_BIND_NONE.
 */
int scb_pipeline(const struct scb_config *cfg, const struct scb_card_ids *ids,
		 struct scb_binding *b)
{
	struct scb_installed inst = { 0 };
	const struct scb_package *pkg;
	const char *card = ids->pnp_id && *ids->pnp_id ? ids->pnp_id :
			   "card without hardware ID";
	int definitive = 0, have_inst, ret;
	struct scb_index idx;
	char err[1024], sys[PATH_MAX];
	size_t mirror = 0;

	memset(b, 0, sizeof(*b));
	have_inst = !scb_installed_match(cfg, ids, &inst);

	if (!cfg->auto_install) {
		scb_info("%s: auto_install is off: repository not consulted",
			 card);
		ret = -EPERM;
		goto fallback;
	}
	if (!cfg->nmirrors) {
		scb_info("%s: no mirror configured", card);
		definitive = 1;
		ret = -ENOENT;
		goto fallback;
	}
	ret = scb_repo_index(cfg, &idx, &mirror, err, sizeof(err));
	if (ret) {
		scb_err("%s: no trusted index (%s); nothing installed", card,
			err);
		goto fallback;
	}
	pkg = scb_match(idx.pkgs, idx.npkgs, ids, NULL);
	if (!pkg) {
		scb_info("%s: the repository has no driver for it", card);
		scb_index_free(&idx);
		definitive = 1;
		ret = -ENOENT;
		goto fallback;
	}
	if (have_inst && !strcmp(inst.pkg.name, pkg->name) &&
	    scb_version_cmp(inst.pkg.version, pkg->version) > 0) {
		scb_info("%s: keeping %s %s, newer than the repository's %s",
			 card, inst.pkg.name, inst.pkg.version, pkg->version);
		scb_index_free(&idx);
		ret = use_installed(cfg, &inst, SCB_BIND_INSTALLED, b);
		goto out;
	}
	ret = from_repo(cfg, &idx, mirror, pkg, b);
	scb_index_free(&idx);
	if (!ret)
		goto out;

fallback:
	if (have_inst) {
		scb_info("%s: using %s %s installed earlier", card,
			 inst.pkg.name, inst.pkg.version);
		ret = use_installed(cfg, &inst, SCB_BIND_INSTALLED, b);
	} else if (is_piv_or_gids(cfg, ids) &&
		   !scb_system_module(cfg, sys, sizeof(sys))) {
		scb_info("%s: PIV/GIDS card: system module %s (%s)", card,
			 cfg->system_module, sys);
		set_binding(b, SCB_BIND_SYSTEM, cfg->system_module,
			    SCB_SYSTEM_VERSION, sys);
		ret = 0;
	} else if (definitive) {
		scb_info("%s: no driver: null driver", card);
		set_binding(b, SCB_BIND_NULL, SCB_NULL_DRIVER,
			    SCB_NULL_VERSION, NULL);
		ret = 0;
	}
out:
	if (have_inst)
		scb_package_free(&inst.pkg);
	return ret;
}
