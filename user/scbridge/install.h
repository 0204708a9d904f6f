/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Installing PKCS#11 modules into versioned directories and registering
 * them with p11-kit.
 */
#ifndef SCBRIDGE_INSTALL_H
#define SCBRIDGE_INSTALL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "match.h"
#include "repo.h"

#define SCB_META_FILE		"package.json"
#define SCB_MODULE_SUFFIX	".module"
/* scbridge's name space among p11-kit module files, and its marker field */
#define SCB_MODULE_PREFIX	"scpnp-"
#define SCB_MODULE_MARKER	"x-scpnp-package"

/**
 * struct scb_installed - one installed driver
 * @pkg: its index entry as recorded at installation
 * @path: absolute path of the module
 * @registered: the p11-kit module file points at @path, and both can be
 *	read by every user (mode 0644)
 */
struct scb_installed {
	struct scb_package pkg;
	char path[PATH_MAX];
	bool registered;
};

int scb_install_paths(const struct scb_config *cfg,
		      const struct scb_package *pkg, char *dir, size_t dirlen,
		      char *file, size_t filelen, char *err, size_t errlen);
int scb_install(const struct scb_config *cfg, const struct scb_package *pkg,
		const void *data, size_t len, char *path, size_t pathlen,
		char *err, size_t errlen);
int scb_register(const struct scb_config *cfg, const struct scb_package *pkg,
		 const char *path, char *err, size_t errlen);
int scb_remove(const struct scb_config *cfg, const char *name,
	       char *err, size_t errlen);
int scb_installed_list(const struct scb_config *cfg,
		       struct scb_installed **list, size_t *n);
void scb_installed_free(struct scb_installed *list, size_t n);
int scb_installed_match(const struct scb_config *cfg,
			const struct scb_card_ids *ids,
			struct scb_installed *out);
int scb_system_module(const struct scb_config *cfg, char *path,
		      size_t pathlen);
int scb_mkdir_p(const char *path);
int scb_module_file(const struct scb_config *cfg, const char *name,
		    char *file, size_t filelen);
int scb_module_file_target(const char *file, char *path, size_t pathlen);

#endif /* SCBRIDGE_INSTALL_H */
