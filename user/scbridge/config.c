// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge configuration file: "key = value" lines, '#' comments.
 *
 *   mirror = https://updates.example.org/scpnp     (repeat; tried in order)
 *   key_dir = /etc/scpnp/keys
 *   install_dir = /var/lib/scpnp/drivers
 *   cache_dir = /var/cache/scpnp/packages
 *   auto_install = true
 *
 * Documentation/repository.rst lists every key.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"

#define SCB_DEF_KEY_DIR		"/etc/scpnp/keys"
#define SCB_DEF_INSTALL_DIR	"/var/lib/scpnp/drivers"
#define SCB_DEF_CACHE_DIR	"/var/cache/scpnp/packages"
#define SCB_DEF_STATE_DIR	"/var/lib/scpnp"
#define SCB_DEF_MODULE_DIR	"/etc/pkcs11/modules"
#define SCB_DEF_SYS_MODULE_DIR	"/usr/share/p11-kit/modules"
#define SCB_DEF_SYS_MODULE	"opensc-pkcs11"
/* Not publicly confirmed (FACTS.md 1.5): configuration, empty by default */
#define SCB_DEF_GIDS_COMPAT	""
#define SCB_DEF_FETCH_TIMEOUT	60
#define SCB_DEF_CONNECT_TIMEOUT	10
#define SCB_DEF_RETRIES		2
#define SCB_DEF_RETRY_DELAY_MS	500
#define SCB_DEF_MAX_INDEX	(1L << 20)
#define SCB_DEF_MAX_PACKAGE	(64L << 20)
#define SCB_DEF_IDLE_EXIT	60
#define SCB_CONFIG_MAX		(64 * 1024)

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = strdup(v);
	if (!*dst)
		abort();
}

void scb_config_init(struct scb_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	set_str(&cfg->key_dir, SCB_DEF_KEY_DIR);
	set_str(&cfg->install_dir, SCB_DEF_INSTALL_DIR);
	set_str(&cfg->cache_dir, SCB_DEF_CACHE_DIR);
	set_str(&cfg->state_dir, SCB_DEF_STATE_DIR);
	set_str(&cfg->module_dir, SCB_DEF_MODULE_DIR);
	set_str(&cfg->system_module_dir, SCB_DEF_SYS_MODULE_DIR);
	set_str(&cfg->system_module, SCB_DEF_SYS_MODULE);
	set_str(&cfg->gids_compat_id, SCB_DEF_GIDS_COMPAT);
	set_str(&cfg->sysfs_root, "/sys");
	cfg->auto_install = true;
	cfg->fetch_timeout = SCB_DEF_FETCH_TIMEOUT;
	cfg->connect_timeout = SCB_DEF_CONNECT_TIMEOUT;
	cfg->retries = SCB_DEF_RETRIES;
	cfg->retry_delay_ms = SCB_DEF_RETRY_DELAY_MS;
	cfg->max_index_size = SCB_DEF_MAX_INDEX;
	cfg->max_package_size = SCB_DEF_MAX_PACKAGE;
	cfg->idle_exit = SCB_DEF_IDLE_EXIT;
}

void scb_config_free(struct scb_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nmirrors; i++)
		free(cfg->mirrors[i]);
	free(cfg->key_dir);
	free(cfg->install_dir);
	free(cfg->cache_dir);
	free(cfg->state_dir);
	free(cfg->module_dir);
	free(cfg->system_module_dir);
	free(cfg->system_module);
	free(cfg->gids_compat_id);
	free(cfg->sysfs_root);
	memset(cfg, 0, sizeof(*cfg));
}

const char *scb_config_path(const char *override)
{
	const char *env;

	if (override)
		return override;
	env = getenv(SCB_CONFIG_ENV);
	if (env && *env)
		return env;
	return SCB_CONFIG_DEFAULT;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
	    !strcmp(v, "1") || !strcasecmp(v, "on")) {
		*out = true;
		return 0;
	}
	if (!strcasecmp(v, "false") || !strcasecmp(v, "no") ||
	    !strcmp(v, "0") || !strcasecmp(v, "off")) {
		*out = false;
		return 0;
	}
	return -EINVAL;
}

static int parse_long(const char *v, long min, long max, long *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < min || n > max)
		return -EINVAL;
	*out = n;
	return 0;
}

static const struct {
	const char *key;
	size_t off;
} str_keys[] = {
	{ "key_dir", offsetof(struct scb_config, key_dir) },
	{ "install_dir", offsetof(struct scb_config, install_dir) },
	{ "cache_dir", offsetof(struct scb_config, cache_dir) },
	{ "state_dir", offsetof(struct scb_config, state_dir) },
	{ "module_dir", offsetof(struct scb_config, module_dir) },
	{ "system_module_dir", offsetof(struct scb_config, system_module_dir) },
	{ "system_module", offsetof(struct scb_config, system_module) },
	{ "gids_compat_id", offsetof(struct scb_config, gids_compat_id) },
	{ "sysfs_root", offsetof(struct scb_config, sysfs_root) },
};

static const struct {
	const char *key;
	size_t off;
	long min, max;
} long_keys[] = {
	{ "fetch_timeout", offsetof(struct scb_config, fetch_timeout), 1, 3600 },
	{ "connect_timeout", offsetof(struct scb_config, connect_timeout), 1, 600 },
	{ "retries", offsetof(struct scb_config, retries), 0, 10 },
	{ "retry_delay_ms", offsetof(struct scb_config, retry_delay_ms), 0, 60000 },
	{ "max_index_size", offsetof(struct scb_config, max_index_size), 1024, 64L << 20 },
	{ "max_package_size", offsetof(struct scb_config, max_package_size), 1024, 1L << 30 },
	{ "idle_exit", offsetof(struct scb_config, idle_exit), 0, 86400 },
};

static int set_key(struct scb_config *cfg, const char *key, const char *val)
{
	size_t i;

	if (!strcmp(key, "mirror")) {
		if (!*val)
			return -EINVAL;
		if (cfg->nmirrors == SCB_MIRRORS_MAX)
			return -E2BIG;
		cfg->mirrors[cfg->nmirrors] = strdup(val);
		if (!cfg->mirrors[cfg->nmirrors])
			abort();
		cfg->nmirrors++;
		return 0;
	}
	if (!strcmp(key, "auto_install"))
		return parse_bool(val, &cfg->auto_install);
	for (i = 0; i < sizeof(str_keys) / sizeof(str_keys[0]); i++) {
		if (strcmp(key, str_keys[i].key))
			continue;
		if (!*val && strcmp(key, "gids_compat_id"))
			return -EINVAL;
		set_str((char **)((char *)cfg + str_keys[i].off), val);
		return 0;
	}
	for (i = 0; i < sizeof(long_keys) / sizeof(long_keys[0]); i++) {
		if (strcmp(key, long_keys[i].key))
			continue;
		return parse_long(val, long_keys[i].min, long_keys[i].max,
				  (long *)((char *)cfg + long_keys[i].off));
	}
	return -ENOENT;
}

/**
 * scb_config_parse() - apply configuration text to @cfg
 * @cfg: initialised with scb_config_init()
 * @text: NUL-terminated file contents
 * @origin: file name for messages
 * @err: message buffer
 * @errlen: its size
 *
 * Return: 0, or -EINVAL with a message naming the line.
 */
int scb_config_parse(struct scb_config *cfg, const char *text,
		     const char *origin, char *err, size_t errlen)
{
	char *copy, *line, *save = NULL;
	int lineno = 0, ret = 0;

	copy = strdup(text);
	if (!copy)
		abort();
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *eq, *key, *val;
		int r;

		lineno++;
		line = trim(line);
		if (!*line || *line == '#')
			continue;
		eq = strchr(line, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%d: expected key = value",
				 origin, lineno);
			ret = -EINVAL;
			break;
		}
		*eq = '\0';
		key = trim(line);
		val = trim(eq + 1);
		r = set_key(cfg, key, val);
		if (r == -ENOENT) {
			snprintf(err, errlen, "%s:%d: unknown key '%s'",
				 origin, lineno, key);
			ret = -EINVAL;
			break;
		}
		if (r) {
			snprintf(err, errlen, "%s:%d: bad value for '%s': '%s'",
				 origin, lineno, key, val);
			ret = -EINVAL;
			break;
		}
	}
	free(copy);
	return ret;
}

/**
 * scb_config_load() - read a configuration file
 * @cfg: initialised with scb_config_init()
 * @path: the file; a missing file at the default path is not an error
 * @err: message buffer
 * @errlen: its size
 *
 * Return: 0 or a negative errno with a message in @err.
 */
int scb_config_load(struct scb_config *cfg, const char *path,
		    char *err, size_t errlen)
{
	char *buf;
	size_t n;
	FILE *f;
	int ret;

	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT && !strcmp(path, SCB_CONFIG_DEFAULT))
			return 0;
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return ret;
	}
	buf = malloc(SCB_CONFIG_MAX + 1);
	if (!buf)
		abort();
	n = fread(buf, 1, SCB_CONFIG_MAX + 1, f);
	fclose(f);
	if (n > SCB_CONFIG_MAX) {
		snprintf(err, errlen, "%s: larger than %d bytes", path,
			 SCB_CONFIG_MAX);
		free(buf);
		return -EFBIG;
	}
	buf[n] = '\0';
	ret = scb_config_parse(cfg, buf, path, err, errlen);
	free(buf);
	return ret;
}

/**
 * scb_config_setup() - defaults, then the configuration file
 * @cfg: result
 * @override: --config value, or NULL for $SCBRIDGE_CONFIG or the default
 *
 * Return: 0, or -errno after printing the reason.
 */
int scb_config_setup(struct scb_config *cfg, const char *override)
{
	char err[512];
	int ret;

	scb_config_init(cfg);
	ret = scb_config_load(cfg, scb_config_path(override), err, sizeof(err));
	if (ret) {
		fprintf(stderr, "scbridge: %s\n", err);
		scb_config_free(cfg);
	}
	return ret;
}
