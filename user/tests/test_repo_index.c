// SPDX-License-Identifier: GPL-2.0
/*
 * Index parsing: valid, malformed JSON, missing fields, wrong types.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "repo.h"

#define HASH "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

#define PKG(extra) \
	"{\"name\": \"acme\", \"version\": \"1.2\", \"file\": \"libacme.so\"," \
	" \"sha256\": \"" HASH "\", \"size\": 10," \
	" \"hardware_ids\": [\"SCFILTER\\\\CID_D2E980E2-8851-4F87-81D6-4F254E38001D\"]," \
	" \"compatible_ids\": [\"SCFILTER\\\\CID_2777BE07-6993-4513-BD80-C184FCB0AB2D\"]" \
	extra "}"

#define INDEX(pkgs) \
	"{\"format\": 1, \"version\": 7, \"expires\": 4000000000," \
	" \"packages\": [" pkgs "]}"

static int parse(const char *text, struct scb_index *idx, char *err)
{
	return scb_index_parse(text, strlen(text), idx, err, 256);
}

static void test_valid(void **state)
{
	struct scb_index idx;
	char err[256] = "";

	(void)state;
	assert_int_equal(parse(INDEX(PKG(", \"description\": \"ACME\"") ","
				     PKG("")), &idx, err), 0);
	assert_int_equal(idx.format, 1);
	assert_int_equal(idx.version, 7);
	assert_int_equal(idx.expires, 4000000000LL);
	assert_int_equal(idx.npkgs, 2);
	assert_string_equal(idx.pkgs[0].name, "acme");
	assert_string_equal(idx.pkgs[0].version, "1.2");
	assert_string_equal(idx.pkgs[0].file, "libacme.so");
	assert_string_equal(idx.pkgs[0].description, "ACME");
	assert_null(idx.pkgs[1].description);
	assert_string_equal(idx.pkgs[0].sha256_hex, HASH);
	assert_int_equal(idx.pkgs[0].sha256[0], 0x01);
	assert_int_equal(idx.pkgs[0].size, 10);
	assert_int_equal(idx.pkgs[0].nhw, 1);
	assert_string_equal(idx.pkgs[0].hw_ids[0],
			    "SCFILTER\\CID_D2E980E2-8851-4F87-81D6-4F254E38001D");
	assert_int_equal(idx.pkgs[0].ncompat, 1);
	scb_index_free(&idx);
}

static void test_empty_package_list(void **state)
{
	struct scb_index idx;
	char err[256];

	(void)state;
	assert_int_equal(parse(INDEX(""), &idx, err), 0);
	assert_int_equal(idx.npkgs, 0);
	scb_index_free(&idx);
}

static void test_upper_case_hash(void **state)
{
	struct scb_index idx;
	char err[256];
	const char *t = INDEX("{\"name\": \"a\", \"version\": \"1\", \"file\": \"a.so\","
			      " \"sha256\": \"0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\","
			      " \"size\": 1, \"compatible_ids\": [\"X\"]}");

	(void)state;
	assert_int_equal(parse(t, &idx, err), 0);
	assert_string_equal(idx.pkgs[0].sha256_hex, HASH);
	scb_index_free(&idx);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"{",
		"[]",
		"42",
		"{\"format\": 1, \"version\": 7, \"expires\": 4000000000, \"packages\": [}",
		/* duplicate key: the signer and the parser must agree */
		"{\"format\": 1, \"version\": 7, \"version\": 9, \"expires\": 4000000000, \"packages\": []}",
		INDEX(PKG("")) "trailing",
	};
	struct scb_index idx;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(parse(bad[i], &idx, err), -EINVAL);
		assert_non_null(strstr(err, "index"));
	}
}

static void test_missing_fields(void **state)
{
	static const char *const bad[] = {
		"{\"version\": 7, \"expires\": 4000000000, \"packages\": []}",
		"{\"format\": 1, \"expires\": 4000000000, \"packages\": []}",
		"{\"format\": 1, \"version\": 7, \"packages\": []}",
		"{\"format\": 1, \"version\": 7, \"expires\": 4000000000}",
		INDEX("{\"version\": \"1\", \"file\": \"a\", \"sha256\": \"" HASH "\", \"size\": 1, \"hardware_ids\": [\"X\"]}"),
		INDEX("{\"name\": \"a\", \"file\": \"a\", \"sha256\": \"" HASH "\", \"size\": 1, \"hardware_ids\": [\"X\"]}"),
		INDEX("{\"name\": \"a\", \"version\": \"1\", \"sha256\": \"" HASH "\", \"size\": 1, \"hardware_ids\": [\"X\"]}"),
		INDEX("{\"name\": \"a\", \"version\": \"1\", \"file\": \"a\", \"size\": 1, \"hardware_ids\": [\"X\"]}"),
		INDEX("{\"name\": \"a\", \"version\": \"1\", \"file\": \"a\", \"sha256\": \"" HASH "\", \"hardware_ids\": [\"X\"]}"),
		/* neither hardware nor compatible IDs */
		INDEX("{\"name\": \"a\", \"version\": \"1\", \"file\": \"a\", \"sha256\": \"" HASH "\", \"size\": 1}"),
	};
	struct scb_index idx;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(parse(bad[i], &idx, err), -EINVAL);
		assert_true(strstr(err, "missing") || strstr(err, "no hardware"));
	}
}

static void test_wrong_types(void **state)
{
	static const char *const bad[] = {
		"{\"format\": 1, \"version\": \"7\", \"expires\": 4000000000, \"packages\": []}",
		"{\"format\": 1, \"version\": 7.5, \"expires\": 4000000000, \"packages\": []}",
		"{\"format\": 1, \"version\": 0, \"expires\": 4000000000, \"packages\": []}",
		"{\"format\": 1, \"version\": -3, \"expires\": 4000000000, \"packages\": []}",
		"{\"format\": 1, \"version\": 7, \"expires\": \"tomorrow\", \"packages\": []}",
		"{\"format\": 1, \"version\": 7, \"expires\": 4000000000, \"packages\": {}}",
		INDEX("\"acme\""),
		INDEX(PKG(", \"description\": 5")),
		INDEX("{\"name\": 1, \"version\": \"1\", \"file\": \"a\", \"sha256\": \"" HASH "\", \"size\": 1, \"hardware_ids\": [\"X\"]}"),
		INDEX("{\"name\": \"a\", \"version\": 1, \"file\": \"a\", \"sha256\": \"" HASH "\", \"size\": 1, \"hardware_ids\": [\"X\"]}"),
		INDEX("{\"name\": \"a\", \"version\": \"1\", \"file\": \"a\", \"sha256\": \"" HASH "\", \"size\": \"1\", \"hardware_ids\": [\"X\"]}"),
		INDEX("{\"name\": \"a\", \"version\": \"1\", \"file\": \"a\", \"sha256\": \"" HASH "\", \"size\": 0, \"hardware_ids\": [\"X\"]}"),
		INDEX("{\"name\": \"a\", \"version\": \"1\", \"file\": \"a\", \"sha256\": \"" HASH "\", \"size\": 1, \"hardware_ids\": \"X\"}"),
		INDEX("{\"name\": \"a\", \"version\": \"1\", \"file\": \"a\", \"sha256\": \"" HASH "\", \"size\": 1, \"hardware_ids\": [1]}"),
		INDEX("{\"name\": \"a\", \"version\": \"1\", \"file\": \"a\", \"sha256\": \"" HASH "\", \"size\": 1, \"hardware_ids\": [\"\"]}"),
		INDEX("{\"name\": \"\", \"version\": \"1\", \"file\": \"a\", \"sha256\": \"" HASH "\", \"size\": 1, \"hardware_ids\": [\"X\"]}"),
		INDEX("{\"name\": \"a\\u0000b\", \"version\": \"1\", \"file\": \"a\", \"sha256\": \"" HASH "\", \"size\": 1, \"hardware_ids\": [\"X\"]}"),
		INDEX("{\"name\": \"a\", \"version\": \"1\", \"file\": \"a\", \"sha256\": \"0123\", \"size\": 1, \"hardware_ids\": [\"X\"]}"),
		INDEX("{\"name\": \"a\", \"version\": \"1\", \"file\": \"a\", \"sha256\": \"" "g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" "\", \"size\": 1, \"hardware_ids\": [\"X\"]}"),
		INDEX("{\"name\": \"a\", \"version\": \"1\", \"file\": \"a\", \"sha256\": 5, \"size\": 1, \"hardware_ids\": [\"X\"]}"),
	};
	struct scb_index idx;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(parse(bad[i], &idx, err), -EINVAL);
		assert_true(strlen(err) > 0);
	}
}

static void test_unknown_format(void **state)
{
	struct scb_index idx;
	char err[256];

	(void)state;
	assert_int_equal(parse("{\"format\": 2, \"version\": 7, \"expires\": 4000000000, \"packages\": []}",
			       &idx, err), -EPROTO);
	assert_non_null(strstr(err, "format"));
}

static void test_roundtrip(void **state)
{
	struct scb_index idx;
	struct scb_package back = { 0 };
	char err[256];
	json_t *j;
	char *s;

	(void)state;
	assert_int_equal(parse(INDEX(PKG("")), &idx, err), 0);
	s = scb_package_to_json(&idx.pkgs[0]);
	j = json_loads(s, 0, NULL);
	assert_non_null(j);
	assert_int_equal(scb_package_from_json(j, &back, err, sizeof(err)), 0);
	assert_string_equal(back.name, idx.pkgs[0].name);
	assert_string_equal(back.sha256_hex, idx.pkgs[0].sha256_hex);
	assert_int_equal(back.nhw, 1);
	assert_int_equal(back.ncompat, 1);
	json_decref(j);
	free(s);
	scb_package_free(&back);
	scb_index_free(&idx);
}

static void test_name_valid(void **state)
{
	(void)state;
	assert_true(scb_name_valid("scpnp-test"));
	assert_true(scb_name_valid("libfoo_pkcs11.so.1+b"));
	assert_false(scb_name_valid(""));
	assert_false(scb_name_valid(NULL));
	assert_false(scb_name_valid("."));
	assert_false(scb_name_valid(".."));
	assert_false(scb_name_valid(".hidden"));
	assert_false(scb_name_valid("a/b"));
	assert_false(scb_name_valid("/abs"));
	assert_false(scb_name_valid("../x"));
	assert_false(scb_name_valid("a b"));
	assert_false(scb_name_valid("a\\b"));
	assert_false(scb_name_valid("x\n"));
	assert_false(scb_name_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_empty_package_list),
		cmocka_unit_test(test_upper_case_hash),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_missing_fields),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_unknown_format),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_name_valid),
	};

	return cmocka_run_group_tests_name("repo_index", tests, NULL, NULL);
}
