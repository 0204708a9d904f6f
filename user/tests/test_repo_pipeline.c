// SPDX-License-Identifier: GPL-2.0
/*
 * The whole pipeline against a repository built by "scbridge repo build"
 * and served through file:// (libcurl): install, idempotence, upgrade,
 * mirror fallback, cache, and every refusal (tampered package, bad
 * signature, unpinned key, expired index, rollback, path escape,
 * unreachable repository) installing nothing; auto_install = false
 * fetching nothing; PIV and null-driver fallbacks.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "config.h"
#include "daemon_log.h"
#include "fetch.h"
#include "install.h"
#include "install_pipeline.h"
#include "repo_build.h"
#include "test_repo_util.h"

#define QEMU_ID	"SCFILTER\\CID_D2E980E2-8851-4F87-81D6-4F254E38001D"
#define PIV_ID	"SCFILTER\\CID_2777BE07-6993-4513-BD80-C184FCB0AB2D"
#define MODULE_V1 "\x7f" "ELF scpnp test module v1"
#define MODULE_V2 "\x7f" "ELF scpnp test module v2"

struct env {
	char *root;
	char out[PATH_MAX];
	char key[PATH_MAX];
	struct scb_config cfg;
};

static void set(char **dst, const char *v)
{
	free(*dst);
	*dst = strdup(v);
}

/* A source tree with one package of @version holding @module */
static void make_src(struct env *e, const char *src, const char *version,
		     const char *module)
{
	char p[PATH_MAX], d[1024];

	mkdir(src, 0755);
	tu_path(p, sizeof(p), "%s/mod.so", src);
	tu_write_str(p, module);
	tu_path(p, sizeof(p), "%s/scpnp-test.json", src);
	snprintf(d, sizeof(d),
		 "{\"name\": \"scpnp-test\", \"version\": \"%s\","
		 " \"module\": \"mod.so\", \"file\": \"scpnp-test-pkcs11.so\","
		 " \"description\": \"scpnp test minidriver\","
		 " \"hardware_ids\": [\"%s\"]}", version,
		 "SCFILTER\\\\CID_d2e980e2-8851-4f87-81d6-4f254e38001d");
	tu_write_str(p, d);
	(void)e;
}

static void build(struct env *e, const char *out, const char *version,
		  const char *module, long long iv, long long days)
{
	char src[PATH_MAX];

	tu_path(src, sizeof(src), "%s/src-%s", e->root, version);
	make_src(e, src, version, module);
	assert_int_equal(scb_repo_build(src, out, e->key, iv, days), 0);
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	char p[PATH_MAX];

	e->root = tu_mkdtemp();
	scb_config_init(&e->cfg);
	tu_path(p, sizeof(p), "%s/keys", e->root);
	mkdir(p, 0755);
	set(&e->cfg.key_dir, p);
	tu_path(p, sizeof(p), "%s/keys/repo", e->root);
	assert_int_equal(scb_repo_keygen(p), 0);
	tu_path(e->key, sizeof(e->key), "%s/keys/repo.key", e->root);
	tu_path(p, sizeof(p), "%s/drivers", e->root);
	set(&e->cfg.install_dir, p);
	tu_path(p, sizeof(p), "%s/modules", e->root);
	set(&e->cfg.module_dir, p);
	tu_path(p, sizeof(p), "%s/cache/packages", e->root);
	set(&e->cfg.cache_dir, p);
	tu_path(p, sizeof(p), "%s/state", e->root);
	set(&e->cfg.state_dir, p);
	tu_path(p, sizeof(p), "%s/sysmods", e->root);
	set(&e->cfg.system_module_dir, p);
	e->cfg.retries = 1;
	e->cfg.retry_delay_ms = 1;
	tu_path(e->out, sizeof(e->out), "%s/out", e->root);
	tu_path(p, sizeof(p), "file://%s", e->out);
	e->cfg.mirrors[0] = strdup(p);
	e->cfg.nmirrors = 1;
	build(e, e->out, "1.0", MODULE_V1, 10, 30);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	tu_rm_rf(e->root);
	free(e->root);
	scb_config_free(&e->cfg);
	free(e);
	return 0;
}

static const struct scb_card_ids qemu_card = { QEMU_ID, NULL, 0 };

static int installed_count(struct env *e)
{
	struct scb_installed *list;
	size_t n;

	assert_int_equal(scb_installed_list(&e->cfg, &list, &n), 0);
	scb_installed_free(list, n);
	return (int)n;
}

/* Nothing installed, nothing registered */
static void assert_clean(struct env *e)
{
	char p[PATH_MAX];

	assert_int_equal(installed_count(e), 0);
	tu_path(p, sizeof(p), "%s/scpnp-scpnp-test.module", e->cfg.module_dir);
	assert_false(tu_exists(p));
}

static void test_install(void **state)
{
	struct env *e = *state;
	struct scb_binding b;
	char p[PATH_MAX], target[PATH_MAX];

	assert_int_equal(scb_pipeline(&e->cfg, &qemu_card, &b), 0);
	assert_int_equal(b.kind, SCB_BIND_REPO);
	assert_string_equal(b.name, "scpnp-test");
	assert_string_equal(b.version, "1.0");
	assert_non_null(strstr(b.path, "/scpnp-test/1.0/scpnp-test-pkcs11.so"));
	tu_path(p, sizeof(p), "%s/scpnp-scpnp-test.module", e->cfg.module_dir);
	assert_int_equal(scb_module_file_target(p, target, sizeof(target)), 0);
	assert_string_equal(target, b.path);
	assert_int_equal(scb_state_version(e->cfg.state_dir), 10);

	/* Idempotent */
	assert_int_equal(scb_pipeline(&e->cfg, &qemu_card, &b), 0);
	assert_int_equal(b.kind, SCB_BIND_REPO);
	assert_int_equal(installed_count(e), 1);

	/* A lost registration is repaired */
	unlink(p);
	assert_int_equal(scb_pipeline(&e->cfg, &qemu_card, &b), 0);
	assert_true(tu_exists(p));
}

static void test_upgrade(void **state)
{
	struct env *e = *state;
	struct scb_binding b;
	char p[PATH_MAX];

	assert_int_equal(scb_pipeline(&e->cfg, &qemu_card, &b), 0);
	build(e, e->out, "2.0", MODULE_V2, 11, 30);
	assert_int_equal(scb_pipeline(&e->cfg, &qemu_card, &b), 0);
	assert_int_equal(b.kind, SCB_BIND_REPO);
	assert_string_equal(b.version, "2.0");
	tu_path(p, sizeof(p), "%s/scpnp-test/1.0", e->cfg.install_dir);
	assert_false(tu_exists(p));
	assert_int_equal(installed_count(e), 1);
}

static char *package_path(struct env *e, const char *module, char *p,
			  size_t n)
{
	char hex[SCB_SHA256_HEX];

	tu_sha256_hex(module, strlen(module), hex);
	tu_path(p, n, "%s/packages/%s", e->out, hex);
	return p;
}

static void test_tampered_package(void **state)
{
	struct env *e = *state;
	struct scb_binding b;
	char p[PATH_MAX];

	/* Same size, one byte changed */
	tu_write_str(package_path(e, MODULE_V1, p, sizeof(p)),
		     "\x7f" "ELF scpnp test module v!");
	assert_true(scb_pipeline(&e->cfg, &qemu_card, &b) < 0);
	assert_int_equal(b.kind, SCB_BIND_NONE);
	/* Longer than the index says */
	tu_write_str(p, MODULE_V1 "and more");
	assert_true(scb_pipeline(&e->cfg, &qemu_card, &b) < 0);
	assert_clean(e);
}

static void edit_index(struct env *e, const char *key, json_t *value,
		       int resign)
{
	char p[PATH_MAX];
	json_t *root, *target;

	tu_path(p, sizeof(p), "%s/index.json", e->out);
	root = json_load_file(p, 0, NULL);
	assert_non_null(root);
	target = root;
	if (!strcmp(key, "file"))
		target = json_array_get(json_object_get(root, "packages"), 0);
	json_object_set_new(target, key, value);
	assert_int_equal(json_dump_file(root, p, JSON_INDENT(2)), 0);
	json_decref(root);
	if (resign)
		assert_int_equal(scb_repo_sign(e->out, e->key), 0);
}

static void test_bad_signature(void **state)
{
	struct env *e = *state;
	struct scb_binding b;

	/* Edited after signing */
	edit_index(e, "expires", json_integer(4000000000LL), 0);
	assert_true(scb_pipeline(&e->cfg, &qemu_card, &b) < 0);
	assert_int_equal(b.kind, SCB_BIND_NONE);
	assert_clean(e);
	assert_int_equal(scb_state_version(e->cfg.state_dir), 0);
}

static void test_unpinned_key(void **state)
{
	struct env *e = *state;
	struct scb_binding b;
	char p[PATH_MAX];

	/* Re-signed with a key of the attacker's own */
	tu_path(p, sizeof(p), "%s/attacker", e->root);
	assert_int_equal(scb_repo_keygen(p), 0);
	tu_path(p, sizeof(p), "%s/attacker.key", e->root);
	assert_int_equal(scb_repo_sign(e->out, p), 0);
	assert_true(scb_pipeline(&e->cfg, &qemu_card, &b) < 0);
	assert_clean(e);
}

static void test_expired(void **state)
{
	struct env *e = *state;
	struct scb_binding b;

	build(e, e->out, "1.0", MODULE_V1, 12, -1);
	assert_true(scb_pipeline(&e->cfg, &qemu_card, &b) < 0);
	assert_int_equal(b.kind, SCB_BIND_NONE);
	assert_clean(e);
}

static void test_rollback(void **state)
{
	struct env *e = *state;
	struct scb_binding b;

	/* Version 10 is served, but 20 was seen before */
	assert_int_equal(scb_state_set_version(e->cfg.state_dir, 20), 0);
	assert_true(scb_pipeline(&e->cfg, &qemu_card, &b) < 0);
	assert_int_equal(b.kind, SCB_BIND_NONE);
	assert_clean(e);
	assert_int_equal(scb_state_version(e->cfg.state_dir), 20);
}

static void test_rollback_keeps_installed(void **state)
{
	struct env *e = *state;
	struct scb_binding b;

	assert_int_equal(scb_pipeline(&e->cfg, &qemu_card, &b), 0);
	assert_int_equal(scb_state_set_version(e->cfg.state_dir, 20), 0);
	/* Refused index, yet the card keeps the driver it had */
	assert_int_equal(scb_pipeline(&e->cfg, &qemu_card, &b), 0);
	assert_int_equal(b.kind, SCB_BIND_INSTALLED);
	assert_string_equal(b.version, "1.0");
}

static void test_path_escape(void **state)
{
	struct env *e = *state;
	struct scb_binding b;
	char p[PATH_MAX];

	edit_index(e, "file", json_string("../../../escaped.so"), 1);
	assert_true(scb_pipeline(&e->cfg, &qemu_card, &b) < 0);
	assert_int_equal(b.kind, SCB_BIND_NONE);
	assert_clean(e);
	tu_path(p, sizeof(p), "%s/escaped.so", e->root);
	assert_false(tu_exists(p));
}

static void test_unreachable_and_fallback(void **state)
{
	struct env *e = *state;
	struct scb_binding b;
	char *good = e->cfg.mirrors[0];

	/* Nothing listens on port 1 */
	e->cfg.mirrors[0] = strdup("http://127.0.0.1:1/repo");
	assert_true(scb_pipeline(&e->cfg, &qemu_card, &b) < 0);
	assert_int_equal(b.kind, SCB_BIND_NONE);
	assert_clean(e);
	/* A second mirror that works */
	e->cfg.mirrors[1] = good;
	e->cfg.nmirrors = 2;
	assert_int_equal(scb_pipeline(&e->cfg, &qemu_card, &b), 0);
	assert_int_equal(b.kind, SCB_BIND_REPO);
}

static void test_cache(void **state)
{
	struct env *e = *state;
	struct scb_binding b;
	char p[PATH_MAX], err[256];

	assert_int_equal(scb_pipeline(&e->cfg, &qemu_card, &b), 0);
	assert_int_equal(scb_remove(&e->cfg, "scpnp-test", err, sizeof(err)), 0);
	unlink(package_path(e, MODULE_V1, p, sizeof(p)));
	/* The package is gone from the mirror; the cache has it */
	assert_int_equal(scb_pipeline(&e->cfg, &qemu_card, &b), 0);
	assert_int_equal(b.kind, SCB_BIND_REPO);
}

static void test_auto_install_off(void **state)
{
	struct env *e = *state;
	struct scb_binding b;
	long before = scb_fetch_count();

	e->cfg.auto_install = false;
	assert_true(scb_pipeline(&e->cfg, &qemu_card, &b) < 0);
	assert_int_equal(b.kind, SCB_BIND_NONE);
	assert_int_equal(scb_fetch_count(), before);
	assert_clean(e);
}

static void test_piv_and_null(void **state)
{
	struct env *e = *state;
	const char *compat[] = { PIV_ID };
	struct scb_card_ids piv = { "SCFILTER\\CID_0102", compat, 1 };
	struct scb_card_ids plain = { "SCFILTER\\CID_0102", NULL, 0 };
	struct scb_binding b;
	char p[PATH_MAX];

	/* Not in the repository, no system module: null driver */
	assert_int_equal(scb_pipeline(&e->cfg, &piv, &b), 0);
	assert_int_equal(b.kind, SCB_BIND_NULL);
	assert_string_equal(b.name, SCB_NULL_DRIVER);
	mkdir(e->cfg.system_module_dir, 0755);
	tu_path(p, sizeof(p), "%s/opensc-pkcs11.module",
		e->cfg.system_module_dir);
	tu_write_str(p, "module: opensc-pkcs11.so\n");
	assert_int_equal(scb_pipeline(&e->cfg, &piv, &b), 0);
	assert_int_equal(b.kind, SCB_BIND_SYSTEM);
	assert_string_equal(b.name, "opensc-pkcs11");
	/* Only PIV (and GIDS) cards get the system module */
	assert_int_equal(scb_pipeline(&e->cfg, &plain, &b), 0);
	assert_int_equal(b.kind, SCB_BIND_NULL);
	assert_clean(e);
}

static void test_gids(void **state)
{
	struct env *e = *state;
	const char *compat[] = { "SCFILTER\\CID_0A1B2C3D-0000-1111-2222-333344445555" };
	struct scb_card_ids gids = { "SCFILTER\\CID_0102", compat, 1 };
	struct scb_binding b;
	char p[PATH_MAX];

	mkdir(e->cfg.system_module_dir, 0755);
	tu_path(p, sizeof(p), "%s/opensc-pkcs11.module",
		e->cfg.system_module_dir);
	tu_write_str(p, "module: opensc-pkcs11.so\n");
	/* No GIDS ID known: the null driver */
	tu_path(p, sizeof(p), "%s/sys", e->root);
	set(&e->cfg.sysfs_root, p);
	assert_int_equal(scb_pipeline(&e->cfg, &gids, &b), 0);
	assert_int_equal(b.kind, SCB_BIND_NULL);
	/* The GUID scfilter.ko was given */
	tu_path(p, sizeof(p), "%s/sys/module/scfilter/parameters", e->root);
	tu_mkdir_p(p);
	tu_path(p, sizeof(p), "%s/sys/module/scfilter/parameters/gids_compat_id",
		e->root);
	tu_write_str(p, "0A1B2C3D-0000-1111-2222-333344445555\n");
	assert_int_equal(scb_pipeline(&e->cfg, &gids, &b), 0);
	assert_int_equal(b.kind, SCB_BIND_SYSTEM);
	/* Or the configured one */
	unlink(p);
	set(&e->cfg.gids_compat_id, compat[0]);
	assert_int_equal(scb_pipeline(&e->cfg, &gids, &b), 0);
	assert_int_equal(b.kind, SCB_BIND_SYSTEM);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_install),
		T(test_upgrade),
		T(test_tampered_package),
		T(test_bad_signature),
		T(test_unpinned_key),
		T(test_expired),
		T(test_rollback),
		T(test_rollback_keeps_installed),
		T(test_path_escape),
		T(test_unreachable_and_fallback),
		T(test_cache),
		T(test_auto_install_off),
		T(test_piv_and_null),
		T(test_gids),
	};

	if (scb_crypto_init() || scb_fetch_init())
		return 1;
	scb_log_set_quiet(1);
	return cmocka_run_group_tests_name("repo_pipeline", tests, NULL, NULL);
}
