// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the IFD handler's PC/SC part 10 conversions.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ifd_part10.h"

/* PIN_VERIFY_STRUCTURE for VERIFY PIN 1 (00 20 00 01 08 + 8 pad bytes) */
static const uint8_t verify_in[] = {
	0x1e,			/* bTimerOut */
	0x0f,			/* bTimerOut2 (dropped) */
	0x82,			/* bmFormatString */
	0x08,			/* bmPINBlockString */
	0x00,			/* bmPINLengthFormat */
	0x08, 0x04,		/* wPINMaxExtraDigit: 4..8 */
	0x02,			/* bEntryValidationCondition */
	0x01,			/* bNumberMessage */
	0x09, 0x04,		/* wLangId */
	0x00,			/* bMsgIndex */
	0x00, 0x00, 0x00,	/* bTeoPrologue */
	0x0d, 0x00, 0x00, 0x00,	/* ulDataLength (dropped) */
	0x00, 0x20, 0x00, 0x01, 0x08,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

static const uint8_t verify_out[] = {
	0x00,			/* bPINOperation: verify */
	0x1e, 0x82, 0x08, 0x00, 0x08, 0x04, 0x02, 0x01, 0x09, 0x04, 0x00,
	0x00, 0x00, 0x00,
	0x00, 0x20, 0x00, 0x01, 0x08,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

static void test_verify(void **state)
{
	uint8_t in[sizeof(verify_in)], out[64];
	size_t len;

	(void)state;
	assert_int_equal(ifd_pin_verify_to_ccid(verify_in, sizeof(verify_in),
						out, sizeof(out), &len), 0);
	assert_int_equal(len, sizeof(verify_out));
	assert_memory_equal(out, verify_out, len);

	/* invalid validation conditions are corrected to "key pressed" */
	memcpy(in, verify_in, sizeof(in));
	in[7] = 0x00;
	assert_int_equal(ifd_pin_verify_to_ccid(in, sizeof(in), out,
						sizeof(out), &len), 0);
	assert_int_equal(out[7], IFD_VALIDATION_KEY);
	in[7] = 0x08;
	assert_int_equal(ifd_pin_verify_to_ccid(in, sizeof(in), out,
						sizeof(out), &len), 0);
	assert_int_equal(out[7], IFD_VALIDATION_KEY);
	in[7] = 0x05;
	assert_int_equal(ifd_pin_verify_to_ccid(in, sizeof(in), out,
						sizeof(out), &len), 0);
	assert_int_equal(out[7], 0x05);
}

static void test_verify_bad(void **state)
{
	uint8_t in[sizeof(verify_in)], out[64];
	size_t len;

	(void)state;
	memcpy(in, verify_in, sizeof(in));
	/* ulDataLength disagrees with the length */
	in[15] = 0x0c;
	assert_int_equal(ifd_pin_verify_to_ccid(in, sizeof(in), out,
						sizeof(out), &len), -EINVAL);
	/* shorter than a header with a 4-byte APDU */
	memcpy(in, verify_in, sizeof(in));
	in[15] = 3;
	assert_int_equal(ifd_pin_verify_to_ccid(in, 22, out, sizeof(out),
						&len), -EINVAL);
	/* the smallest one is fine */
	in[15] = 4;
	assert_int_equal(ifd_pin_verify_to_ccid(in, 23, out, sizeof(out),
						&len), 0);
	assert_int_equal(len, 23 - 4);
	/* output too small */
	assert_int_equal(ifd_pin_verify_to_ccid(verify_in, sizeof(verify_in),
						out, sizeof(verify_out) - 1,
						&len), -EOVERFLOW);
}

/* PIN_MODIFY_STRUCTURE for CHANGE REFERENCE DATA, 16 bytes of PIN data */
static uint8_t modify_in[] = {
	0x1e,			/* bTimerOut */
	0x0f,			/* bTimerOut2 (dropped) */
	0x82, 0x08, 0x00,	/* formats */
	0x00,			/* bInsertionOffsetOld */
	0x08,			/* bInsertionOffsetNew */
	0x08, 0x04,		/* wPINMaxExtraDigit */
	0x03,			/* bConfirmPIN */
	0x02,			/* bEntryValidationCondition */
	0x03,			/* bNumberMessage (patched by the tests) */
	0x09, 0x04,		/* wLangId */
	0x00, 0x01, 0x02,	/* bMsgIndex1..3 */
	0x00, 0x00, 0x00,	/* bTeoPrologue */
	0x15, 0x00, 0x00, 0x00,	/* ulDataLength (dropped) */
	0x00, 0x24, 0x00, 0x01, 0x10,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

/* modify_in converted, with bMsgIndex2/3 at 15/16 of the output */
static void check_modify(uint8_t messages, int has2, int has3)
{
	uint8_t in[sizeof(modify_in)], out[64];
	size_t len, i, n = 0;

	memcpy(in, modify_in, sizeof(in));
	in[11] = messages;
	assert_int_equal(ifd_pin_modify_to_ccid(in, sizeof(in), out,
						sizeof(out), &len), 0);
	assert_int_equal(out[n++], 0x01);	/* bPINOperation: modify */
	assert_int_equal(out[n++], 0x1e);
	for (i = 2; i <= 14; i++)		/* bmFormatString..bMsgIndex1 */
		assert_int_equal(out[n++], in[i]);
	if (has2)
		assert_int_equal(out[n++], 0x01);
	if (has3)
		assert_int_equal(out[n++], 0x02);
	for (i = 17; i <= 19; i++)		/* bTeoPrologue */
		assert_int_equal(out[n++], 0x00);
	assert_int_equal(len - n, sizeof(modify_in) - IFD_PIN_MODIFY_HDR);
	assert_memory_equal(out + n, in + IFD_PIN_MODIFY_HDR, len - n);
}

static void test_modify(void **state)
{
	(void)state;
	check_modify(0, 0, 0);
	check_modify(1, 1, 0);
	check_modify(2, 1, 0);
	check_modify(3, 1, 1);
	check_modify(0xff, 1, 1);	/* reader's default message */
}

static void test_modify_bad(void **state)
{
	uint8_t in[sizeof(modify_in)], out[64];
	size_t len;

	(void)state;
	memcpy(in, modify_in, sizeof(in));
	in[11] = 4;
	assert_int_equal(ifd_pin_modify_to_ccid(in, sizeof(in), out,
						sizeof(out), &len), -EINVAL);
	memcpy(in, modify_in, sizeof(in));
	in[20] = 0x16;
	assert_int_equal(ifd_pin_modify_to_ccid(in, sizeof(in), out,
						sizeof(out), &len), -EINVAL);
	assert_int_equal(ifd_pin_modify_to_ccid(in, 27, out, sizeof(out),
						&len), -EINVAL);
	assert_int_equal(ifd_pin_modify_to_ccid(modify_in, sizeof(modify_in),
						out, 10, &len), -EOVERFLOW);
}

static const struct ccid_reader_info pinpad = {
	.vendor = 0x08e6, .product = 0x3478,
	.exchange_level = CCID_LEVEL_TPDU,
	.lcd_layout = 0x0210,
	.pin_support = CCID_PIN_VERIFY | CCID_PIN_MODIFY,
};

static const struct ccid_reader_info plain = {
	.vendor = 0x08e6, .product = 0x4433,
	.exchange_level = CCID_LEVEL_SHORT_APDU,
};

static void test_features(void **state)
{
	static const uint8_t want[] = {
		FEATURE_VERIFY_PIN_DIRECT, 4, 0x42, 0x33, 0x00, 0x06,
		FEATURE_MODIFY_PIN_DIRECT, 4, 0x42, 0x33, 0x00, 0x07,
		FEATURE_IFD_PIN_PROPERTIES, 4, 0x42, 0x33, 0x00, 0x0a,
		FEATURE_GET_TLV_PROPERTIES, 4, 0x42, 0x33, 0x00, 0x12,
	};
	struct ccid_reader_info verify_only = pinpad;
	uint8_t out[64];
	size_t len;

	(void)state;
	assert_int_equal(ifd_feature_list(&pinpad, out, sizeof(out), &len), 0);
	assert_int_equal(len, sizeof(want));
	assert_memory_equal(out, want, len);

	assert_int_equal(ifd_feature_list(&plain, out, sizeof(out), &len), 0);
	assert_int_equal(len, 6);
	assert_memory_equal(out, want + 18, 6);

	verify_only.pin_support = CCID_PIN_VERIFY;
	assert_int_equal(ifd_feature_list(&verify_only, out, sizeof(out),
					  &len), 0);
	assert_int_equal(len, 18);
	assert_memory_equal(out, want, 6);
	assert_memory_equal(out + 6, want + 12, 12);

	assert_int_equal(ifd_feature_list(&pinpad, out, sizeof(want) - 1,
					  &len), -EOVERFLOW);
	assert_int_equal(len, 0);
}

static void test_pin_properties(void **state)
{
	static const uint8_t want[] = { 0x10, 0x02, 0x07, 0x00 };
	uint8_t out[8];
	size_t len;

	(void)state;
	assert_int_equal(ifd_pin_properties(&pinpad, out, sizeof(out), &len), 0);
	assert_int_equal(len, sizeof(want));
	assert_memory_equal(out, want, len);
	assert_int_equal(ifd_pin_properties(&pinpad, out, 3, &len), -EOVERFLOW);
	assert_int_equal(ifd_pin_properties(&plain, out, sizeof(out), &len),
			 -EOPNOTSUPP);
}

static void test_tlv_properties(void **state)
{
	static const uint8_t want_pinpad[] = {
		PCSCv2_PART10_PROPERTY_wLcdLayout, 2, 0x10, 0x02,
		PCSCv2_PART10_PROPERTY_wLcdMaxCharacters, 2, 0x10, 0x00,
		PCSCv2_PART10_PROPERTY_wLcdMaxLines, 2, 0x02, 0x00,
		PCSCv2_PART10_PROPERTY_bTimeOut2, 1, 0x00,
		PCSCv2_PART10_PROPERTY_bEntryValidationCondition, 1, 0x07,
		PCSCv2_PART10_PROPERTY_bPPDUSupport, 1, 0x00,
		PCSCv2_PART10_PROPERTY_wIdVendor, 2, 0xe6, 0x08,
		PCSCv2_PART10_PROPERTY_wIdProduct, 2, 0x78, 0x34,
		PCSCv2_PART10_PROPERTY_dwMaxAPDUDataSize, 4, 0x00, 0x00, 0x01, 0x00,
	};
	static const uint8_t want_plain[] = {
		PCSCv2_PART10_PROPERTY_wLcdLayout, 2, 0x00, 0x00,
		PCSCv2_PART10_PROPERTY_bTimeOut2, 1, 0x00,
		PCSCv2_PART10_PROPERTY_bPPDUSupport, 1, 0x00,
		PCSCv2_PART10_PROPERTY_wIdVendor, 2, 0xe6, 0x08,
		PCSCv2_PART10_PROPERTY_wIdProduct, 2, 0x33, 0x44,
		PCSCv2_PART10_PROPERTY_dwMaxAPDUDataSize, 4, 0x00, 0x00, 0x00, 0x00,
	};
	uint8_t out[128];
	size_t len, i;

	(void)state;
	assert_int_equal(ifd_tlv_properties(&pinpad, out, sizeof(out), &len), 0);
	assert_int_equal(len, sizeof(want_pinpad));
	assert_memory_equal(out, want_pinpad, len);

	assert_int_equal(ifd_tlv_properties(&plain, out, sizeof(out), &len), 0);
	assert_int_equal(len, sizeof(want_plain));
	assert_memory_equal(out, want_plain, len);

	/* every shorter buffer is refused, never a partial list */
	for (i = 0; i < sizeof(want_pinpad); i++) {
		assert_int_equal(ifd_tlv_properties(&pinpad, out, i, &len),
				 -EOVERFLOW);
		assert_int_equal(len, 0);
	}
}

static void test_codes(void **state)
{
	(void)state;
	/* the values libccid uses, which some applications hard-code */
	assert_int_equal(IFD_IOCTL_VERIFY_PIN_DIRECT, 0x42330006);
	assert_int_equal(IFD_IOCTL_MODIFY_PIN_DIRECT, 0x42330007);
	assert_int_equal(IFD_IOCTL_GET_TLV_PROPERTIES, 0x42330012);
	assert_int_equal(IFD_IOCTL_VENDOR_IFD_EXCHANGE, 0x42000001);
	assert_int_equal(CM_IOCTL_GET_FEATURE_REQUEST, 0x42000d48);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verify),
		cmocka_unit_test(test_verify_bad),
		cmocka_unit_test(test_modify),
		cmocka_unit_test(test_modify_bad),
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_pin_properties),
		cmocka_unit_test(test_tlv_properties),
		cmocka_unit_test(test_codes),
	};

	return cmocka_run_group_tests_name("ifd_part10", tests, NULL, NULL);
}
