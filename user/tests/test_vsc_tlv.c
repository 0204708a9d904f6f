// SPDX-License-Identifier: GPL-2.0
/* The virtual card's BER-TLV module: well-formed and malformed input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tlv.h"

struct parse_case {
	const char *name;
	uint8_t in[16];
	size_t len;
	long used;		/* -1: refused */
	uint32_t tag;
	size_t vlen;
};

static const struct parse_case parse_cases[] = {
	{ "short", { 0x53, 0x01, 0xAA }, 3, 3, 0x53, 1 },
	{ "empty value", { 0x5C, 0x00 }, 2, 2, 0x5C, 0 },
	{ "two-byte tag", { 0x7F, 0x49, 0x00 }, 3, 3, 0x7F49, 0 },
	{ "three-byte tag", { 0x5F, 0xC1, 0x02, 0x01, 0x00 }, 5, 5,
	  0x5FC102, 1 },
	{ "81 length", { 0x53, 0x81, 0x01, 0x00 }, 4, 4, 0x53, 1 },
	{ "82 length", { 0x53, 0x82, 0x00, 0x01, 0x00 }, 5, 5, 0x53, 1 },
	{ "trailing bytes ignored", { 0x80, 0x00, 0x99 }, 3, 2, 0x80, 0 },
	{ "empty buffer", { 0 }, 0, -1, 0, 0 },
	{ "tag only", { 0x53 }, 1, -1, 0, 0 },
	{ "zero tag", { 0x00, 0x00 }, 2, -1, 0, 0 },
	{ "FF tag", { 0xFF, 0x00 }, 2, -1, 0, 0 },
	{ "tag cut short", { 0x5F, 0xC1 }, 2, -1, 0, 0 },
	{ "four-byte tag", { 0x5F, 0xC1, 0x82, 0x01, 0x00 }, 5, -1, 0, 0 },
	{ "indefinite length", { 0x53, 0x80, 0x00, 0x00 }, 4, -1, 0, 0 },
	{ "five length bytes", { 0x53, 0x85, 0, 0, 0, 0, 1, 0 }, 8, -1, 0, 0 },
	{ "length bytes cut", { 0x53, 0x82, 0x01 }, 3, -1, 0, 0 },
	{ "value past end", { 0x53, 0x03, 0x01, 0x02 }, 4, -1, 0, 0 },
	{ "long length past end", { 0x53, 0x83, 0xFF, 0xFF, 0xFF }, 5, -1,
	  0, 0 },
};

static void test_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(*parse_cases); i++) {
		const struct parse_case *c = &parse_cases[i];
		struct tlv t;
		long used = tlv_parse(c->in, c->len, &t);

		print_message("%s\n", c->name);
		assert_int_equal(used, c->used);
		if (used < 0)
			continue;
		assert_int_equal(t.tag, c->tag);
		assert_int_equal(t.len, c->vlen);
		assert_ptr_equal(t.val, c->in + used - c->vlen);
	}
}

static void test_find(void **state)
{
	static const uint8_t buf[] = { 0x5C, 0x01, 0x7E, 0x53, 0x02, 0x01,
				       0x02 };
	static const uint8_t bad[] = { 0x5C, 0x01, 0x7E, 0x53, 0x05, 0x01 };
	struct tlv t;

	(void)state;
	assert_int_equal(tlv_find(buf, sizeof(buf), 0x53, &t), 0);
	assert_int_equal(t.len, 2);
	assert_int_equal(t.val[1], 0x02);
	assert_int_equal(tlv_find(buf, sizeof(buf), 0x99, &t), 1);
	assert_int_equal(tlv_find(bad, sizeof(bad), 0x53, &t), -1);
}

static void test_put_roundtrip(void **state)
{
	static const size_t lens[] = { 0, 1, 0x7F, 0x80, 0xFF, 0x100, 3000 };
	static const uint32_t tags[] = { 0x53, 0x7F49, 0x5FC105 };
	static uint8_t val[3000], out[3100];

	(void)state;
	for (size_t i = 0; i < sizeof(val); i++)
		val[i] = (uint8_t)i;
	for (size_t ti = 0; ti < 3; ti++) {
		for (size_t li = 0; li < sizeof(lens) / sizeof(*lens); li++) {
			struct tlv t;
			long n = tlv_put(out, sizeof(out), tags[ti], val,
					 lens[li]);

			assert_true(n > 0);
			assert_int_equal((size_t)n,
					 tlv_header_size(tags[ti], lens[li]) +
					 lens[li]);
			assert_int_equal(tlv_parse(out, (size_t)n, &t), n);
			assert_int_equal(t.tag, tags[ti]);
			assert_int_equal(t.len, lens[li]);
			assert_memory_equal(t.val, val, lens[li]);
			/* one byte short: refused, nothing past the end */
			assert_int_equal(tlv_put(out, (size_t)n - 1, tags[ti],
						 val, lens[li]), -1);
		}
	}
	assert_int_equal(tlv_put_header(out, sizeof(out), 0, 1), -1);
	assert_int_equal(tlv_put_header(out, sizeof(out), 0x53, 0x1000000),
			 -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_put_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
