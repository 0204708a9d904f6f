/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scbridge configuration (/etc/scpnp/scbridge.conf).
 */
#ifndef SCBRIDGE_CONFIG_H
#define SCBRIDGE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define SCB_CONFIG_DEFAULT	"/etc/scpnp/scbridge.conf"
#define SCB_CONFIG_ENV		"SCBRIDGE_CONFIG"
#define SCB_MIRRORS_MAX		16

/**
 * struct scb_config - what the repository pipeline and the daemon need
 * @mirrors: repository base URLs, tried in order
 * @nmirrors: their number
 * @key_dir: pinned public keys (*.pub)
 * @install_dir: drivers go to <install_dir>/<name>/<version>/
 * @cache_dir: packages cached by SHA-256
 * @state_dir: highest index version seen (rollback protection)
 * @module_dir: p11-kit module files written here (<name>.module)
 * @system_module_dir: p11-kit module files shipped by the distribution
 * @system_module: module (file name without .module) serving PIV and GIDS
 * @gids_compat_id: compatible ID of GIDS cards (not publicly confirmed)
 * @auto_install: false: nothing is fetched or installed
 * @fetch_timeout: seconds per transfer
 * @connect_timeout: seconds to connect
 * @retries: extra attempts per mirror on a transient failure
 * @retry_delay_ms: first back-off delay, doubled per retry
 * @max_index_size: bytes
 * @max_package_size: bytes
 * @idle_exit: daemon exits this many seconds after its last request once
 *	no reader remains; 0 never
 * @sysfs_root: "/sys" (tests may point elsewhere)
 */
struct scb_config {
	char *mirrors[SCB_MIRRORS_MAX];
	size_t nmirrors;
	char *key_dir;
	char *install_dir;
	char *cache_dir;
	char *state_dir;
	char *module_dir;
	char *system_module_dir;
	char *system_module;
	char *gids_compat_id;
	bool auto_install;
	long fetch_timeout;
	long connect_timeout;
	long retries;
	long retry_delay_ms;
	long max_index_size;
	long max_package_size;
	long idle_exit;
	char *sysfs_root;
};

void scb_config_init(struct scb_config *cfg);
void scb_config_free(struct scb_config *cfg);
int scb_config_parse(struct scb_config *cfg, const char *text,
		     const char *origin, char *err, size_t errlen);
int scb_config_parse_buf(struct scb_config *cfg, const char *text,
			 size_t len, const char *origin, char *err,
			 size_t errlen);
bool scb_config_url_valid(const char *url);
int scb_config_load(struct scb_config *cfg, const char *path,
		    char *err, size_t errlen);
const char *scb_config_path(const char *override);
int scb_config_setup(struct scb_config *cfg, const char *override);

#endif /* SCBRIDGE_CONFIG_H */
