// SPDX-License-Identifier: GPL-2.0
/*
 * Installation: path escapes refused, atomic versioned install, idempotent
 * re-install, upgrade, p11-kit registration, listing, removal.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "install.h"
#include "test_repo_util.h"

struct env {
	char *root;
	struct scb_config cfg;
};

static char *qemu_ids[] = { "SCFILTER\\CID_D2E980E2-8851-4F87-81D6-4F254E38001D" };

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	char p[PATH_MAX];

	e->root = tu_mkdtemp();
	scb_config_init(&e->cfg);
	tu_path(p, sizeof(p), "%s/drivers", e->root);
	free(e->cfg.install_dir);
	e->cfg.install_dir = strdup(p);
	tu_path(p, sizeof(p), "%s/modules", e->root);
	free(e->cfg.module_dir);
	e->cfg.module_dir = strdup(p);
	tu_path(p, sizeof(p), "%s/sysmods", e->root);
	free(e->cfg.system_module_dir);
	e->cfg.system_module_dir = strdup(p);
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

static void mkpkg(struct scb_package *p, const char *name,
		  const char *version, const char *file, const char *data)
{
	memset(p, 0, sizeof(*p));
	p->name = (char *)name;
	p->version = (char *)version;
	p->file = (char *)file;
	p->size = strlen(data);
	p->hw_ids = qemu_ids;
	p->nhw = 1;
	tu_sha256_hex(data, strlen(data), p->sha256_hex);
	sodium_hex2bin(p->sha256, sizeof(p->sha256), p->sha256_hex, 64, NULL,
		       NULL, NULL);
}

static void test_path_escape(void **state)
{
	static const char *const files[] = {
		"../evil.so", "/etc/evil.so", "sub/evil.so", "..", ".", "",
		".hidden.so", "evil\n.so",
	};
	static const char *const names[] = { "..", "../x", "/abs", "a/b" };
	struct env *e = *state;
	struct scb_package p;
	char path[PATH_MAX], err[512], dir[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		mkpkg(&p, "drv", "1.0", files[i], "data");
		err[0] = '\0';
		assert_int_equal(scb_install(&e->cfg, &p, "data", 4, path,
					     sizeof(path), err, sizeof(err)),
				 -EPERM);
		assert_non_null(strstr(err, "path escape"));
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		mkpkg(&p, names[i], "1.0", "ok.so", "data");
		assert_int_equal(scb_install(&e->cfg, &p, "data", 4, path,
					     sizeof(path), err, sizeof(err)),
				 -EPERM);
		mkpkg(&p, "drv", names[i], "ok.so", "data");
		assert_int_equal(scb_install(&e->cfg, &p, "data", 4, path,
					     sizeof(path), err, sizeof(err)),
				 -EPERM);
	}
	/* Nothing was created, not even the install directory */
	assert_false(tu_exists(e->cfg.install_dir));
	tu_path(dir, sizeof(dir), "%s/evil.so", e->root);
	assert_false(tu_exists(dir));
}

static void test_symlink_escape(void **state)
{
	struct env *e = *state;
	struct scb_package p;
	char path[PATH_MAX], err[512], link[PATH_MAX], outside[PATH_MAX];

	/* <install_dir>/drv planted as a symlink to a directory outside */
	tu_path(outside, sizeof(outside), "%s/outside", e->root);
	mkdir(outside, 0755);
	mkdir(e->cfg.install_dir, 0755);
	tu_path(link, sizeof(link), "%s/drv", e->cfg.install_dir);
	assert_int_equal(symlink(outside, link), 0);
	mkpkg(&p, "drv", "1.0", "m.so", "data");
	assert_true(scb_install(&e->cfg, &p, "data", 4, path, sizeof(path),
				err, sizeof(err)) < 0);
	tu_path(path, sizeof(path), "%s/1.0", outside);
	assert_false(tu_exists(path));
}

static void test_install_register_idempotent(void **state)
{
	struct env *e = *state;
	struct scb_package p;
	char path[PATH_MAX], err[512], f[PATH_MAX], target[PATH_MAX];
	struct scb_installed *list;
	size_t n;

	mkpkg(&p, "scpnp-test", "1.0", "scpnp-test-pkcs11.so", "module v1");
	assert_int_equal(scb_install(&e->cfg, &p, "module v1", 9, path,
				     sizeof(path), err, sizeof(err)), 0);
	tu_path(f, sizeof(f), "%s/scpnp-test/1.0/scpnp-test-pkcs11.so",
		e->cfg.install_dir);
	assert_true(tu_exists(f));
	assert_non_null(strstr(path, "/scpnp-test/1.0/scpnp-test-pkcs11.so"));
	assert_true(path[0] == '/');
	tu_path(f, sizeof(f), "%s/scpnp-test/1.0/package.json",
		e->cfg.install_dir);
	assert_true(tu_exists(f));

	assert_int_equal(scb_register(&e->cfg, &p, path, err, sizeof(err)), 0);
	tu_path(f, sizeof(f), "%s/scpnp-scpnp-test.module", e->cfg.module_dir);
	assert_int_equal(scb_module_file_target(f, target, sizeof(target)), 0);
	assert_string_equal(target, path);

	/* Same package again: nothing to do */
	assert_int_equal(scb_install(&e->cfg, &p, "module v1", 9, path,
				     sizeof(path), err, sizeof(err)), 1);
	assert_int_equal(scb_register(&e->cfg, &p, path, err, sizeof(err)), 0);

	assert_int_equal(scb_installed_list(&e->cfg, &list, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].pkg.name, "scpnp-test");
	assert_string_equal(list[0].pkg.version, "1.0");
	assert_true(list[0].registered);
	scb_installed_free(list, n);

	/* A damaged copy of the same version is replaced */
	tu_path(f, sizeof(f), "%s/scpnp-test/1.0/scpnp-test-pkcs11.so",
		e->cfg.install_dir);
	tu_write_str(f, "module v!");
	assert_int_equal(scb_install(&e->cfg, &p, "module v1", 9, path,
				     sizeof(path), err, sizeof(err)), 0);
}

static void test_upgrade_and_remove(void **state)
{
	struct env *e = *state;
	struct scb_package p1, p2;
	char path[PATH_MAX], err[512], f[PATH_MAX], target[PATH_MAX];
	struct scb_installed inst;
	struct scb_card_ids ids = { qemu_ids[0], NULL, 0 };

	mkpkg(&p1, "drv", "1.0", "m.so", "one");
	mkpkg(&p2, "drv", "2.0", "m.so", "two");
	assert_int_equal(scb_install(&e->cfg, &p1, "one", 3, path,
				     sizeof(path), err, sizeof(err)), 0);
	assert_int_equal(scb_register(&e->cfg, &p1, path, err, sizeof(err)), 0);
	assert_int_equal(scb_install(&e->cfg, &p2, "two", 3, path,
				     sizeof(path), err, sizeof(err)), 0);
	/* Both versions exist until the new one is registered */
	tu_path(f, sizeof(f), "%s/drv/1.0", e->cfg.install_dir);
	assert_true(tu_exists(f));
	assert_int_equal(scb_register(&e->cfg, &p2, path, err, sizeof(err)), 0);
	assert_false(tu_exists(f));
	tu_path(f, sizeof(f), "%s/scpnp-drv.module", e->cfg.module_dir);
	assert_int_equal(scb_module_file_target(f, target, sizeof(target)), 0);
	assert_non_null(strstr(target, "/drv/2.0/m.so"));

	assert_int_equal(scb_installed_match(&e->cfg, &ids, &inst), 0);
	assert_string_equal(inst.pkg.version, "2.0");
	assert_true(inst.registered);
	scb_package_free(&inst.pkg);

	assert_int_equal(scb_remove(&e->cfg, "drv", err, sizeof(err)), 0);
	assert_false(tu_exists(f));
	tu_path(f, sizeof(f), "%s/drv", e->cfg.install_dir);
	assert_false(tu_exists(f));
	assert_int_equal(scb_remove(&e->cfg, "drv", err, sizeof(err)), -ENOENT);
	assert_int_equal(scb_remove(&e->cfg, "../etc", err, sizeof(err)),
			 -EINVAL);
	assert_int_equal(scb_installed_match(&e->cfg, &ids, &inst), -ENOENT);
}

static void test_remove_keeps_foreign_module_file(void **state)
{
	struct env *e = *state;
	char f[PATH_MAX], err[512];

	/* A module file scbridge did not write (points elsewhere) */
	mkdir(e->cfg.module_dir, 0755);
	tu_path(f, sizeof(f), "%s/opensc.module", e->cfg.module_dir);
	tu_write_str(f, "module: opensc-pkcs11.so\n");
	assert_int_equal(scb_remove(&e->cfg, "opensc", err, sizeof(err)),
			 -ENOENT);
	assert_true(tu_exists(f));
}

static void test_system_module(void **state)
{
	struct env *e = *state;
	char f[PATH_MAX], path[PATH_MAX];

	assert_int_equal(scb_system_module(&e->cfg, path, sizeof(path)),
			 -ENOENT);
	mkdir(e->cfg.system_module_dir, 0755);
	tu_path(f, sizeof(f), "%s/opensc-pkcs11.module",
		e->cfg.system_module_dir);
	tu_write_str(f, "# comment\nmodule: opensc-pkcs11.so\n");
	assert_int_equal(scb_system_module(&e->cfg, path, sizeof(path)), 0);
	assert_string_equal(path, "opensc-pkcs11.so");
}

/* Issue 16, module takeover: a name held by someone else's module file */
static void test_takeover_refused(void **state)
{
	static const char foreign[] =
		"module: /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so\n";
	struct env *e = *state;
	struct scb_package p;
	char path[PATH_MAX], err[512] = "", f[PATH_MAX], ours[PATH_MAX];
	char buf[256];
	FILE *fp;

	tu_mkdir_p(e->cfg.module_dir);
	tu_mkdir_p(e->cfg.system_module_dir);
	tu_path(f, sizeof(f), "%s/opensc-pkcs11.module", e->cfg.module_dir);
	tu_write_str(f, foreign);
	mkpkg(&p, "opensc-pkcs11", "9.9", "evil.so", "evil");
	assert_int_equal(scb_install(&e->cfg, &p, "evil", 4, path,
				     sizeof(path), err, sizeof(err)), 0);
	assert_int_equal(scb_register(&e->cfg, &p, path, err, sizeof(err)),
			 -EEXIST);
	assert_non_null(strstr(err, "module name taken"));
	fp = fopen(f, "r");
	assert_non_null(fp);
	buf[fread(buf, 1, sizeof(buf) - 1, fp)] = '\0';
	fclose(fp);
	assert_string_equal(buf, foreign);
	assert_int_equal(scb_module_file(&e->cfg, p.name, ours, sizeof(ours)),
			 0);
	assert_false(tu_exists(ours));

	/* The distribution's module directory counts as well */
	tu_path(f, sizeof(f), "%s/p11-kit-trust.module",
		e->cfg.system_module_dir);
	tu_write_str(f, "module: p11-kit-trust.so\n");
	mkpkg(&p, "p11-kit-trust", "1.0", "t.so", "trust");
	assert_int_equal(scb_install(&e->cfg, &p, "trust", 5, path,
				     sizeof(path), err, sizeof(err)), 0);
	assert_int_equal(scb_register(&e->cfg, &p, path, err, sizeof(err)),
			 -EEXIST);

	/* A file in scbridge's name space that lacks the marker */
	mkpkg(&p, "drv", "1.0", "m.so", "one");
	assert_int_equal(scb_module_file(&e->cfg, "drv", ours, sizeof(ours)),
			 0);
	tu_write_str(ours, "module: /opt/other.so\n");
	assert_int_equal(scb_install(&e->cfg, &p, "one", 3, path,
				     sizeof(path), err, sizeof(err)), 0);
	assert_int_equal(scb_register(&e->cfg, &p, path, err, sizeof(err)),
			 -EEXIST);
	assert_non_null(strstr(err, SCB_MODULE_MARKER));
	assert_int_equal(scb_module_file_target(ours, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/opt/other.so");
	/* ... and scb_remove leaves it alone */
	scb_remove(&e->cfg, "drv", err, sizeof(err));
	assert_true(tu_exists(ours));
}

/* scbridge's file: prefix, marker; a file of an earlier scbridge replaced */
static void test_marker_and_legacy(void **state)
{
	struct env *e = *state;
	struct scb_package p;
	char path[PATH_MAX], err[512], f[PATH_MAX], legacy[PATH_MAX];
	char text[PATH_MAX + 128], buf[1024];
	FILE *fp;

	mkpkg(&p, "drv", "1.0", "m.so", "one");
	assert_int_equal(scb_install(&e->cfg, &p, "one", 3, path,
				     sizeof(path), err, sizeof(err)), 0);
	tu_mkdir_p(e->cfg.module_dir);
	tu_path(legacy, sizeof(legacy), "%s/drv.module", e->cfg.module_dir);
	snprintf(text, sizeof(text),
		 "# Written by scbridge for driver package drv 1.0.\n"
		 "# Remove with: scbridge remove drv\n"
		 "module: %s\ncritical: no\n", path);
	tu_write_str(legacy, text);
	assert_int_equal(scb_register(&e->cfg, &p, path, err, sizeof(err)), 0);
	assert_false(tu_exists(legacy));
	tu_path(f, sizeof(f), "%s/scpnp-drv.module", e->cfg.module_dir);
	fp = fopen(f, "r");
	assert_non_null(fp);
	buf[fread(buf, 1, sizeof(buf) - 1, fp)] = '\0';
	fclose(fp);
	assert_non_null(strstr(buf, "\nx-scpnp-package: drv 1.0\n"));
}

static void assert_mode(const char *path, mode_t mode)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	if ((st.st_mode & 0777) != mode)
		fail_msg("%s: mode %03o, want %03o", path,
			 (unsigned int)(st.st_mode & 0777), (unsigned int)mode);
}

/* Issue 16, umask: root's umask 077 must not hide a driver from users */
static void test_umask_077(void **state)
{
	struct env *e = *state;
	struct scb_package p;
	char path[PATH_MAX], err[512], f[PATH_MAX];
	struct scb_installed *list;
	mode_t old = umask(077);
	size_t n;

	mkpkg(&p, "drv", "1.0", "m.so", "one");
	assert_int_equal(scb_install(&e->cfg, &p, "one", 3, path,
				     sizeof(path), err, sizeof(err)), 0);
	assert_int_equal(scb_register(&e->cfg, &p, path, err, sizeof(err)), 0);
	umask(old);
	assert_mode(path, 0644);
	assert_mode(e->cfg.install_dir, 0755);
	tu_path(f, sizeof(f), "%s/drv", e->cfg.install_dir);
	assert_mode(f, 0755);
	tu_path(f, sizeof(f), "%s/drv/1.0", e->cfg.install_dir);
	assert_mode(f, 0755);
	tu_path(f, sizeof(f), "%s/drv/1.0/package.json", e->cfg.install_dir);
	assert_mode(f, 0644);
	assert_mode(e->cfg.module_dir, 0755);
	scb_module_file(&e->cfg, "drv", f, sizeof(f));
	assert_mode(f, 0644);

	/* A copy left unreadable is not "registered", and is repaired */
	chmod(path, 0600);
	assert_int_equal(scb_installed_list(&e->cfg, &list, &n), 0);
	assert_int_equal(n, 1);
	assert_false(list[0].registered);
	scb_installed_free(list, n);
	assert_int_equal(scb_install(&e->cfg, &p, "one", 3, path,
				     sizeof(path), err, sizeof(err)), 0);
	assert_mode(path, 0644);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_path_escape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_escape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_install_register_idempotent,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_upgrade_and_remove, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_remove_keeps_foreign_module_file,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_takeover_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_marker_and_legacy, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_umask_077, setup, teardown),
		cmocka_unit_test_setup_teardown(test_system_module, setup, teardown),
	};

	if (scb_crypto_init())
		return 1;
	return cmocka_run_group_tests_name("repo_install", tests, NULL, NULL);
}
