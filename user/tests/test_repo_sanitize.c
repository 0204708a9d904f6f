// SPDX-License-Identifier: GPL-2.0
/*
 * scb_safe(): strings from the network, a card or a USB device reach no
 * terminal or log line with a control character in them (issue 16,
 * "terminal and log injection").
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "daemon_log.h"
#include "install.h"
#include "sanitize.h"
#include "test_repo_util.h"

/* A forged log line: clear the screen, then claim an installation */
#define EVIL	"ed25519\x1b[2J\r\nscbridge: info: installed evil 6.6"

static void assert_clean(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			fail_msg("byte 0x%02x in output", (unsigned char)*s);
}

static void test_safe(void **state)
{
	char buf[64], small[16];

	(void)state;
	assert_string_equal(scb_safe("SCFILTER\\CID_51ff0800", buf,
				     sizeof(buf)), "SCFILTER\\CID_51ff0800");
	assert_string_equal(scb_safe("a\x1b[31mb\n\x7f", buf, sizeof(buf)),
			    "a\\x1b[31mb\\x0a\\x7f");
	assert_string_equal(scb_safe("caf\xc3\xa9", buf, sizeof(buf)),
			    "caf\\xc3\\xa9");
	assert_string_equal(scb_safe(NULL, buf, sizeof(buf)), "");
	/* Idempotent: what is printed once prints the same again */
	scb_safe("x\x1b", small, sizeof(small));
	assert_string_equal(scb_safe(small, buf, sizeof(buf)), small);
	/* Truncated with a mark, never past the buffer */
	assert_string_equal(scb_safe("0123456789abcdefghij", small,
				     sizeof(small)), "0123456789ab...");
	assert_string_equal(scb_safe("\x01\x02\x03\x04", small,
				     sizeof(small)), "\\x01\\x02\\x03...");
	assert_string_equal(SCB_SAFE("\t"), "\\x09");
}

static char *sig_with(const char *alg, const char *kid)
{
	char *s;

	if (asprintf(&s, "{\"algorithm\": \"%s\", \"key_id\": \"%s\", "
		     "\"signature\": \"%s\"}", alg, kid,
		     "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==") < 0)
		abort();
	return s;
}

/* algorithm and key_id come from the unsigned envelope */
static void test_envelope_strings(void **state)
{
	static const char idx[] = "{}";
	struct tu_key k;
	char err[512], *sig;

	(void)state;
	tu_keygen(&k, NULL, NULL);
	sig = sig_with("\\u001b[2J\\r\\ninstalled evil 6.6", k.id);
	err[0] = '\0';
	assert_int_not_equal(scb_index_verify(idx, 2, sig, strlen(sig), NULL,
					      0, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "unsupported signature algorithm"));
	assert_clean(err);
	free(sig);

	sig = sig_with("ed25519", "\\u001b]0;owned\\u0007\\ninstalled evil 6.6");
	assert_int_not_equal(scb_index_verify(idx, 2, sig, strlen(sig), NULL,
					      0, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "not pinned"));
	assert_clean(err);
	free(sig);
}

/* A package name from a signed index, refused as a path escape */
static void test_signed_strings(void **state)
{
	struct scb_package pkg = {
		.name = "evil\x1b[2J\ninstalled evil 6.6",
		.version = "1.0", .file = "x.so",
	};
	struct scb_config cfg;
	char dir[PATH_MAX], file[PATH_MAX], err[512] = "";

	(void)state;
	scb_config_init(&cfg);
	assert_int_equal(scb_install_paths(&cfg, &pkg, dir, sizeof(dir), file,
					   sizeof(file), err, sizeof(err)),
			 -EPERM);
	assert_non_null(strstr(err, "path escape"));
	assert_clean(err);
	scb_config_free(&cfg);
}

/* Every log line is one line without escapes, whatever its arguments */
static void test_log_line(void **state)
{
	char path[] = "/tmp/scpnp-log-XXXXXX", buf[1024];
	int fd = mkstemp(path), saved = dup(2);
	ssize_t n;

	(void)state;
	assert_true(fd >= 0 && saved >= 0);
	dup2(fd, 2);
	scb_err("mirror: refused index: %s", EVIL);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	close(fd);
	unlink(path);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_int_equal(buf[n - 1], '\n');
	buf[n - 1] = '\0';
	assert_clean(buf);
	assert_non_null(strstr(buf, "\\x1b[2J\\x0d\\x0ascbridge: info"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safe),
		cmocka_unit_test(test_envelope_strings),
		cmocka_unit_test(test_signed_strings),
		cmocka_unit_test(test_log_line),
	};

	return cmocka_run_group_tests_name("repo_sanitize", tests, NULL, NULL);
}
