// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge configuration file: "key = value" lines, '#' comments, read
 * with libinih, then the drop-ins (<file>.d, every *.conf).
 *
 *   mirror = https://updates.example.org/scpnp     (repeat; tried in order)
 *   key_dir = /etc/scpnp/keys
 *   install_dir = /var/lib/scpnp/drivers
 *   cache_dir = /var/cache/scpnp/packages
 *   auto_install = true
 *
 * Documentation/repository.rst lists every key.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <ini.h>

#include "config.h"

#define SCB_DEF_KEY_DIR		"/etc/scpnp/keys"
#define SCB_DEF_INSTALL_DIR	"/var/lib/scpnp/drivers"
#define SCB_DEF_CACHE_DIR	"/var/cache/scpnp/packages"
#define SCB_DEF_STATE_DIR	"/var/lib/scpnp"
#define SCB_DEF_MODULE_DIR	"/etc/pkcs11/modules"
#define SCB_DEF_SYS_MODULE_DIR	"/usr/share/p11-kit/modules"
#define SCB_DEF_SYS_MODULE	"opensc-pkcs11"
/* Not publicly confirmed (the GIDS compatible ID): configuration, empty by default */
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

/* inih hands over values already trimmed; drop a "  # comment" tail */
static void strip_inline_comment(char *v)
{
	char *p, *e;

	for (p = v; *p; p++) {
		if (*p == '#' && p > v && (p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			break;
		}
	}
	e = v + strlen(v);
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
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

/**
 * scb_config_url_valid() - is @url a mirror scbridge can fetch from?
 * @url: the value of a "mirror" line
 *
 * Parsed with libcurl's URL parser: http and https with a host, or file
 * with an absolute path. Anything else would only fail at fetch time.
 *
 * Return: true if usable.
 */
bool scb_config_url_valid(const char *url)
{
	char *scheme = NULL, *host = NULL, *path = NULL;
	bool ok = false;
	CURLU *u;

	u = curl_url();
	if (!u)
		abort();
	if (curl_url_set(u, CURLUPART_URL, url, 0) ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0))
		goto out;
	if (!strcmp(scheme, "http") || !strcmp(scheme, "https"))
		ok = !curl_url_get(u, CURLUPART_HOST, &host, 0) && *host;
	else if (!strcmp(scheme, "file"))
		ok = !curl_url_get(u, CURLUPART_PATH, &path, 0) &&
			path[0] == '/';
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(path);
	curl_url_cleanup(u);
	return ok;
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

/* What went wrong on the line inih reports; the line number is added later */
struct parse_ctx {
	struct scb_config *cfg;
	char msg[384];
};

static int set_key(struct parse_ctx *ctx, const char *key, const char *val)
{
	struct scb_config *cfg = ctx->cfg;
	size_t i;

	if (!strcmp(key, "mirror")) {
		if (!scb_config_url_valid(val)) {
			snprintf(ctx->msg, sizeof(ctx->msg),
				 "mirror '%s' is not an http, https or file URL",
				 val);
			return -EINVAL;
		}
		if (cfg->nmirrors == SCB_MIRRORS_MAX) {
			snprintf(ctx->msg, sizeof(ctx->msg),
				 "more than %d mirrors", SCB_MIRRORS_MAX);
			return -E2BIG;
		}
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
		if (!strcmp(key + strlen(key) - 4, "_dir") && *val != '/') {
			snprintf(ctx->msg, sizeof(ctx->msg),
				 "%s '%s' is not an absolute path", key, val);
			return -EINVAL;
		}
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

static int cfg_handler(void *user, const char *section, const char *name,
		       const char *value)
{
	struct parse_ctx *ctx = user;
	char val[INI_MAX_LINE];
	int r;

	if (ctx->msg[0])
		return 0;
	if (*section) {
		snprintf(ctx->msg, sizeof(ctx->msg),
			 "sections ('[%s]') are not used", section);
		return 0;
	}
	snprintf(val, sizeof(val), "%s", value);
	strip_inline_comment(val);
	r = set_key(ctx, name, val);
	if (r == -ENOENT)
		snprintf(ctx->msg, sizeof(ctx->msg), "unknown key '%s'", name);
	else if (r && !ctx->msg[0])
		snprintf(ctx->msg, sizeof(ctx->msg),
			 "bad value for '%s': '%s'", name, val);
	return !r;
}

/* A line that is neither blank, a comment nor "key = value" */
static bool line_bad(const char *l, size_t n)
{
	size_t sep;

	if (!n || *l == '#' || *l == ';' || *l == '\r')
		return false;
	for (sep = 0; sep < n && l[sep] != '=' && l[sep] != ':'; sep++)
		;
	return *l == '[' || sep == n || l[sep] != '=' || !sep;
}

/*
 * Checks inih cannot make: a NUL byte (inih would stop there silently), a
 * line longer than inih's buffer (it would split it), a line starting with
 * blanks (inih would take it as the continuation of the previous value),
 * and lines that are not "key = value" (so that inih's first error is
 * always the handler's). Leading blanks are removed.
 */
static int prescan(char *text, size_t len, int *lineno, char *msg,
		   size_t msglen)
{
	size_t i, start = 0, out = 0;
	bool lead = true;

	*lineno = 1;
	for (i = 0; i <= len; i++) {
		char c = i < len ? text[i] : '\n';

		if (c == '\0') {
			snprintf(msg, msglen, "NUL byte");
			return -EINVAL;
		}
		if (lead && (c == ' ' || c == '\t'))
			continue;
		lead = false;
		if (c == '\n') {
			if (line_bad(text + start, out - start)) {
				snprintf(msg, msglen, "expected key = value");
				return -EINVAL;
			}
			if (i == len)
				break;
			(*lineno)++;
			lead = true;
			text[out++] = c;
			start = out;
			continue;
		}
		text[out++] = c;
		if (out - start >= INI_MAX_LINE - 2) {
			snprintf(msg, msglen, "line longer than %d characters",
				 INI_MAX_LINE - 2);
			return -EINVAL;
		}
	}
	text[out] = '\0';
	return 0;
}

/**
 * scb_config_parse_buf() - apply configuration bytes to @cfg
 * @cfg: initialised with scb_config_init()
 * @text: file contents (may hold a NUL byte, which is an error)
 * @len: their length
 * @origin: file name for messages
 * @err: message buffer
 * @errlen: its size
 *
 * "key = value" lines, '#' or ';' comments (also after a value, following
 * a blank), parsed with libinih; every value is checked here, mirror URLs
 * included, so that a bad one is reported with its line.
 *
 * Return: 0, or -EINVAL with a message "origin:line: reason".
 */
int scb_config_parse_buf(struct scb_config *cfg, const char *text,
			 size_t len, const char *origin, char *err,
			 size_t errlen)
{
	struct parse_ctx ctx = { .cfg = cfg };
	char *copy;
	int line;

	copy = malloc(len + 1);
	if (!copy)
		abort();
	memcpy(copy, text, len);
	if (prescan(copy, len, &line, ctx.msg, sizeof(ctx.msg))) {
		snprintf(err, errlen, "%s:%d: %s", origin, line, ctx.msg);
		free(copy);
		return -EINVAL;
	}
	line = ini_parse_string(copy, cfg_handler, &ctx);
	free(copy);
	if (!line)
		return 0;
	if (line < 0)
		abort();	/* inih could not allocate */
	snprintf(err, errlen, "%s:%d: %s", origin, line,
		 ctx.msg[0] ? ctx.msg : "expected key = value");
	return -EINVAL;
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
	return scb_config_parse_buf(cfg, text, strlen(text), origin, err,
				    errlen);
}

static int load_one(struct scb_config *cfg, const char *path, bool optional,
		    char *err, size_t errlen)
{
	char *buf;
	size_t n;
	FILE *f;
	int ret;

	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT && optional)
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
	ret = scb_config_parse_buf(cfg, buf, n, path, err, errlen);
	free(buf);
	return ret;
}

static int conf_filter(const struct dirent *de)
{
	size_t n = strlen(de->d_name);

	return de->d_name[0] != '.' && n > 5 &&
		!strcmp(de->d_name + n - 5, ".conf");
}

/**
 * scb_config_load() - read a configuration file and its drop-ins
 * @cfg: initialised with scb_config_init()
 * @path: the file; a missing file at the default path is not an error
 * @err: message buffer
 * @errlen: its size
 *
 * Then every ".conf" file of "<path>.d" in lexical order (systemd's way):
 * a package or an administrator adds a mirror without editing the file.
 *
 * Return: 0 or a negative errno with a message in @err.
 */
int scb_config_load(struct scb_config *cfg, const char *path,
		    char *err, size_t errlen)
{
	char dir[PATH_MAX], file[PATH_MAX];
	struct dirent **list;
	int ret, n, i;

	ret = load_one(cfg, path, !strcmp(path, SCB_CONFIG_DEFAULT), err,
		       errlen);
	if (ret)
		return ret;
	if (snprintf(dir, sizeof(dir), "%s.d", path) >= (int)sizeof(dir))
		return 0;
	n = scandir(dir, &list, conf_filter, alphasort);
	if (n < 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (!ret && snprintf(file, sizeof(file), "%s/%s", dir,
				     list[i]->d_name) < (int)sizeof(file))
			ret = load_one(cfg, file, false, err, errlen);
		free(list[i]);
	}
	free(list);
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
