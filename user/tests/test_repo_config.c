// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration parsing.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "test_repo_util.h"

static void test_defaults(void **state)
{
	struct scb_config cfg;

	(void)state;
	scb_config_init(&cfg);
	assert_int_equal(cfg.nmirrors, 0);
	assert_string_equal(cfg.key_dir, "/etc/scpnp/keys");
	assert_string_equal(cfg.install_dir, "/var/lib/scpnp/drivers");
	assert_string_equal(cfg.module_dir, "/etc/pkcs11/modules");
	assert_string_equal(cfg.system_module, "opensc-pkcs11");
	assert_true(cfg.auto_install);
	assert_true(cfg.max_index_size > 0);
	scb_config_free(&cfg);
}

static void test_parse(void **state)
{
	static const char text[] =
		"# scbridge configuration\n"
		"\n"
		"mirror = http://127.0.0.1:8080/repo\n"
		"  mirror=https://mirror.example.org/scpnp  \n"
		"mirror = file:///srv/scpnp\n"
		"key_dir = /tmp/keys\n"
		"install_dir = /tmp/root/drivers\n"
		"cache_dir = /tmp/root/cache\n"
		"auto_install = false\n"
		"retries = 0\n"
		"retry_delay_ms = 10\n"
		"gids_compat_id = SCFILTER\\CID_1234\n"
		"idle_exit = 5\r\n";
	struct scb_config cfg;
	char err[256] = "";

	(void)state;
	scb_config_init(&cfg);
	assert_int_equal(scb_config_parse(&cfg, text, "t", err, sizeof(err)), 0);
	assert_int_equal(cfg.nmirrors, 3);
	assert_string_equal(cfg.mirrors[0], "http://127.0.0.1:8080/repo");
	assert_string_equal(cfg.mirrors[1], "https://mirror.example.org/scpnp");
	assert_string_equal(cfg.mirrors[2], "file:///srv/scpnp");
	assert_string_equal(cfg.key_dir, "/tmp/keys");
	assert_string_equal(cfg.install_dir, "/tmp/root/drivers");
	assert_string_equal(cfg.cache_dir, "/tmp/root/cache");
	assert_false(cfg.auto_install);
	assert_int_equal(cfg.retries, 0);
	assert_int_equal(cfg.retry_delay_ms, 10);
	assert_string_equal(cfg.gids_compat_id, "SCFILTER\\CID_1234");
	assert_int_equal(cfg.idle_exit, 5);
	scb_config_free(&cfg);
}

static void test_bool_forms(void **state)
{
	static const char *const on[] = { "true", "yes", "1", "on", "TRUE" };
	static const char *const off[] = { "false", "no", "0", "off", "False" };
	struct scb_config cfg;
	char text[64], err[256];
	size_t i;

	(void)state;
	for (i = 0; i < 5; i++) {
		scb_config_init(&cfg);
		cfg.auto_install = false;
		snprintf(text, sizeof(text), "auto_install = %s\n", on[i]);
		assert_int_equal(scb_config_parse(&cfg, text, "t", err,
						  sizeof(err)), 0);
		assert_true(cfg.auto_install);
		snprintf(text, sizeof(text), "auto_install = %s\n", off[i]);
		assert_int_equal(scb_config_parse(&cfg, text, "t", err,
						  sizeof(err)), 0);
		assert_false(cfg.auto_install);
		scb_config_free(&cfg);
	}
}

/* @text is refused with a message that contains @want */
static void expect_error(const char *text, const char *want)
{
	struct scb_config cfg;
	char err[256] = "";

	scb_config_init(&cfg);
	assert_int_equal(scb_config_parse(&cfg, text, "f.conf", err,
					  sizeof(err)), -EINVAL);
	if (!strstr(err, want))
		fail_msg("'%s': got '%s', want '%s'", text, err, want);
	scb_config_free(&cfg);
}

static void test_errors(void **state)
{
	static const char *const bad[] = {
		"no equals sign\n",
		"colour = blue\n",
		"auto_install = maybe\n",
		"retries = many\n",
		"retries = -1\n",
		"retries = 99\n",
		"fetch_timeout = 0\n",
		"mirror =\n",
		"install_dir =\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_error(bad[i], "f.conf:1: ");
}

static void test_too_many_mirrors(void **state)
{
	struct scb_config cfg;
	char text[4096] = "", err[256];
	int i;

	(void)state;
	for (i = 0; i <= SCB_MIRRORS_MAX; i++)
		strcat(text, "mirror = http://127.0.0.1/\n");
	scb_config_init(&cfg);
	assert_int_equal(scb_config_parse(&cfg, text, "t", err, sizeof(err)),
			 -EINVAL);
	scb_config_free(&cfg);
}

static void test_load_and_path(void **state)
{
	char *dir = tu_mkdtemp(), path[PATH_MAX], err[256];
	struct scb_config cfg;

	(void)state;
	tu_path(path, sizeof(path), "%s/scbridge.conf", dir);
	tu_write_str(path, "mirror = file:///x\nauto_install = no\n");
	scb_config_init(&cfg);
	assert_int_equal(scb_config_load(&cfg, path, err, sizeof(err)), 0);
	assert_int_equal(cfg.nmirrors, 1);
	assert_false(cfg.auto_install);
	scb_config_free(&cfg);

	/* A named file that is missing is an error */
	scb_config_init(&cfg);
	tu_path(path, sizeof(path), "%s/missing.conf", dir);
	assert_int_equal(scb_config_load(&cfg, path, err, sizeof(err)),
			 -ENOENT);
	scb_config_free(&cfg);

	assert_string_equal(scb_config_path("/x.conf"), "/x.conf");
	setenv(SCB_CONFIG_ENV, "/env.conf", 1);
	assert_string_equal(scb_config_path(NULL), "/env.conf");
	unsetenv(SCB_CONFIG_ENV);
	assert_string_equal(scb_config_path(NULL), SCB_CONFIG_DEFAULT);
	tu_rm_rf(dir);
	free(dir);
}

/* Issue 22: blank and comment lines count; the error names the real line */
static void test_line_numbers(void **state)
{
	static const char text[] =
		"# comment\n"
		"\n"
		"mirror = http://127.0.0.1/repo\n"
		"\n"
		"\n"
		"   \n"
		"colour = blue\n";
	(void)state;
	expect_error(text, "f.conf:7: unknown key 'colour'");
}

/* An inline "# comment" is not part of the value */
static void test_inline_comment(void **state)
{
	struct scb_config cfg;
	char err[256] = "";

	(void)state;
	scb_config_init(&cfg);
	assert_int_equal(scb_config_parse(&cfg,
		"mirror = http://127.0.0.1/repo   # the local one\n"
		"retries = 1 ; one retry\n", "t", err, sizeof(err)), 0);
	assert_int_equal(cfg.nmirrors, 1);
	assert_string_equal(cfg.mirrors[0], "http://127.0.0.1/repo");
	assert_int_equal(cfg.retries, 1);
	scb_config_free(&cfg);
}

/* A NUL byte is an error on its line, not a silent end of the file */
static void test_nul_byte(void **state)
{
	static const char text[] = "retries = 1\nretries = 2\0\ncolour = x\n";
	struct scb_config cfg;
	char err[256] = "";

	(void)state;
	scb_config_init(&cfg);
	assert_int_equal(scb_config_parse_buf(&cfg, text, sizeof(text) - 1,
					      "t", err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "t:2: NUL byte");
	scb_config_free(&cfg);
}

/* URLs and paths are checked when read, with the line */
static void test_values_checked(void **state)
{
	static const struct {
		const char *text, *err;
	} bad[] = {
		{ "\nmirror = ftp://127.0.0.1/repo\n",
		  "f.conf:2: mirror 'ftp://127.0.0.1/repo' is not an http, https or file URL" },
		{ "mirror = 127.0.0.1/repo\n",
		  "f.conf:1: mirror '127.0.0.1/repo' is not an http, https or file URL" },
		{ "mirror = http://\n",
		  "f.conf:1: mirror 'http://' is not an http, https or file URL" },
		{ "\n\ninstall_dir = relative/dir\n",
		  "f.conf:3: install_dir 'relative/dir' is not an absolute path" },
		{ "[main]\nretries = 1\n", "f.conf:1: expected key = value" },
		{ "retries: 1\n", "f.conf:1: expected key = value" },
		{ "  \n  retries = 1\n  colour = x\n", "f.conf:3: unknown key 'colour'" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_error(bad[i].text, bad[i].err);
	assert_true(scb_config_url_valid("https://mirror.example.org/scpnp"));
	assert_true(scb_config_url_valid("file:///srv/scpnp"));
	assert_false(scb_config_url_valid("gopher://x/"));
	assert_false(scb_config_url_valid(""));
}

/* Drop-ins: the .conf files of <file>.d in lexical order, after it */
static void test_drop_ins(void **state)
{
	char *dir = tu_mkdtemp(), path[PATH_MAX], d[PATH_MAX], f[PATH_MAX];
	char err[256] = "";
	struct scb_config cfg;

	(void)state;
	tu_path(path, sizeof(path), "%s/scbridge.conf", dir);
	tu_path(d, sizeof(d), "%s/scbridge.conf.d", dir);
	tu_write_str(path, "mirror = http://127.0.0.1/a\nretries = 1\n");
	tu_mkdir_p(d);
	tu_path(f, sizeof(f), "%s/20-b.conf", d);
	tu_write_str(f, "mirror = http://127.0.0.1/c\n");
	tu_path(f, sizeof(f), "%s/10-a.conf", d);
	tu_write_str(f, "mirror = http://127.0.0.1/b\nretries = 3\n");
	tu_path(f, sizeof(f), "%s/30-ignored.conf.dpkg-old", d);
	tu_write_str(f, "colour = blue\n");
	scb_config_init(&cfg);
	assert_int_equal(scb_config_load(&cfg, path, err, sizeof(err)), 0);
	assert_int_equal(cfg.nmirrors, 3);
	assert_string_equal(cfg.mirrors[1], "http://127.0.0.1/b");
	assert_string_equal(cfg.mirrors[2], "http://127.0.0.1/c");
	assert_int_equal(cfg.retries, 3);
	scb_config_free(&cfg);

	/* A bad drop-in is named with its line */
	tu_path(f, sizeof(f), "%s/40-bad.conf", d);
	tu_write_str(f, "\n\nretries = lots\n");
	scb_config_init(&cfg);
	assert_int_equal(scb_config_load(&cfg, path, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "40-bad.conf:3: bad value for 'retries'"));
	scb_config_free(&cfg);
	tu_rm_rf(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_bool_forms),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_too_many_mirrors),
		cmocka_unit_test(test_load_and_path),
		cmocka_unit_test(test_line_numbers),
		cmocka_unit_test(test_inline_comment),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_values_checked),
		cmocka_unit_test(test_drop_ins),
	};

	return cmocka_run_group_tests_name("repo_config", tests, NULL, NULL);
}
