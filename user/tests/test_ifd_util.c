// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the IFD handler's pure helpers: pcscd device names, errno
 * to IFD code mapping, reader names.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ifd_util.h"

static void test_libudev_name(void **state)
{
	const char *name = "usb:08e6/4433:libudev:0:/dev/bus/usb/001/002";
	struct ifd_devname dn;

	(void)state;
	assert_int_equal(ifd_parse_device_name(name, &dn), 0);
	assert_int_equal(dn.kind, IFD_DEV_LIBUDEV);
	assert_int_equal(dn.vendor, 0x08e6);
	assert_int_equal(dn.product, 0x4433);
	assert_int_equal(dn.iface, 0);
	assert_int_equal(dn.bus, 1);
	assert_int_equal(dn.addr, 2);

	/* upper-case hex, multi-digit interface, large numbers */
	name = "usb:08E6/3478:libudev:12:/dev/bus/usb/010/127";
	assert_int_equal(ifd_parse_device_name(name, &dn), 0);
	assert_int_equal(dn.product, 0x3478);
	assert_int_equal(dn.iface, 12);
	assert_int_equal(dn.bus, 10);
	assert_int_equal(dn.addr, 127);
}

static void test_libusb_name(void **state)
{
	const char *name = "usb:072f/90cc:libusb-1.0:7:99:1";
	struct ifd_devname dn;

	(void)state;
	assert_int_equal(ifd_parse_device_name(name, &dn), 0);
	assert_int_equal(dn.kind, IFD_DEV_LIBUSB);
	assert_int_equal(dn.vendor, 0x072f);
	assert_int_equal(dn.product, 0x90cc);
	assert_int_equal(dn.bus, 7);
	assert_int_equal(dn.addr, 99);
	assert_int_equal(dn.iface, 1);
}

static void test_node_name(void **state)
{
	struct ifd_devname dn;
	unsigned int r, s;

	(void)state;
	assert_int_equal(ifd_parse_device_name("/dev/ccid3s1", &dn), 0);
	assert_int_equal(dn.kind, IFD_DEV_NODE);
	assert_string_equal(dn.node, "ccid3s1");

	assert_int_equal(ifd_parse_node_name("ccid12s255", &r, &s), 0);
	assert_int_equal(r, 12);
	assert_int_equal(s, 255);
	assert_int_equal(ifd_parse_node_name("ccid1s256", &r, &s), -EINVAL);
	assert_int_equal(ifd_parse_node_name("ccid1", &r, &s), -EINVAL);
	assert_int_equal(ifd_parse_node_name("ccids0", &r, &s), -EINVAL);
	assert_int_equal(ifd_parse_node_name("ccid1s0x", &r, &s), -EINVAL);
	assert_int_equal(ifd_parse_node_name("tty0", &r, &s), -EINVAL);
}

static void test_bad_names(void **state)
{
	static const char *const bad[] = {
		"",
		"usb:",
		"usb:08e6/4433",
		"usb:08e6/4433:",
		"usb:08e6:4433:libudev:0:/dev/bus/usb/001/002",
		"usb:108e6/4433:libudev:0:/dev/bus/usb/001/002",
		"usb:08g6/4433:libudev:0:/dev/bus/usb/001/002",
		"usb:08e6/4433:libudev:0:/dev/bus/usb/001",
		"usb:08e6/4433:libudev:0:/dev/bus/usb/001/002/3",
		"usb:08e6/4433:libudev:x:/dev/bus/usb/001/002",
		"usb:08e6/4433:libudev:0:/tmp/001/002",
		"usb:08e6/4433:libusb-1.0:7:99",
		"usb:08e6/4433:libusb-1.0:7:99:1:2",
		"usb:08e6/4433:hal:/org/freedesktop/Hal/devices/x",
		"/dev/ttyUSB0",
		"/dev/ccid0s0/x",
	};
	struct ifd_devname dn;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("%s\n", bad[i]);
		assert_int_equal(ifd_parse_device_name(bad[i], &dn), -EINVAL);
	}
	assert_int_equal(ifd_parse_device_name(NULL, &dn), -EINVAL);
}

static void test_errno_map(void **state)
{
	(void)state;
	/* the errno table of Documentation/userspace-api/ccid.rst, mapped to IFD codes, row by row */
	assert_int_equal(ifd_errno_to_ifd(0), IFD_SUCCESS);
	assert_int_equal(ifd_errno_to_ifd(ENOMEDIUM), IFD_ICC_NOT_PRESENT);
	assert_int_equal(ifd_errno_to_ifd(ECONNRESET), IFD_COMMUNICATION_ERROR);
	assert_int_equal(ifd_errno_to_ifd(ETIMEDOUT), IFD_RESPONSE_TIMEOUT);
	assert_int_equal(ifd_errno_to_ifd(EIO), IFD_COMMUNICATION_ERROR);
	assert_int_equal(ifd_errno_to_ifd(EPROTONOSUPPORT),
			 IFD_PROTOCOL_NOT_SUPPORTED);
	assert_int_equal(ifd_errno_to_ifd(EBUSY), IFD_COMMUNICATION_ERROR);
	assert_int_equal(ifd_errno_to_ifd(ENODEV), IFD_NO_SUCH_DEVICE);
	assert_int_equal(ifd_errno_to_ifd(EINVAL), IFD_COMMUNICATION_ERROR);
	assert_int_equal(ifd_errno_to_ifd(EOVERFLOW),
			 IFD_ERROR_INSUFFICIENT_BUFFER);
	assert_int_equal(ifd_errno_to_ifd(EPERM), IFD_COMMUNICATION_ERROR);
	assert_int_equal(ifd_errno_to_ifd(EINTR), IFD_COMMUNICATION_ERROR);
	assert_int_equal(ifd_errno_to_ifd(ENOTTY), IFD_COMMUNICATION_ERROR);
	assert_string_equal(ifd_rc_name(IFD_ICC_NOT_PRESENT),
			    "IFD_ICC_NOT_PRESENT");
}

static void test_reader_name(void **state)
{
	static const char qemu[] = "Gemalto Gemplus USB SmartCard Reader 433-Swap";
	char buf[128];
	size_t n;

	(void)state;
	/* QEMU usb-ccid with serial=, as pcscd 1.9.9 names it */
	n = ifd_format_reader_name(buf, sizeof(buf), qemu, "CCID Interface",
				   "scpnp-1");
	assert_string_equal(buf,
		"Gemalto Gemplus USB SmartCard Reader 433-Swap [CCID Interface] (scpnp-1)");
	assert_int_equal(n, strlen(buf));

	/* no interface string, no serial */
	ifd_format_reader_name(buf, sizeof(buf), "Reader", NULL, NULL);
	assert_string_equal(buf, "Reader");
	ifd_format_reader_name(buf, sizeof(buf), "Reader", NULL, "42");
	assert_string_equal(buf, "Reader (42)");
	ifd_format_reader_name(buf, sizeof(buf), "Reader", "", NULL);
	assert_string_equal(buf, "Reader []");

	/* serial already in the interface string: left out */
	ifd_format_reader_name(buf, sizeof(buf), "Token", "OpenPGP 0815",
			       "0815");
	assert_string_equal(buf, "Token [OpenPGP 0815]");

	/* non-ASCII bytes of the interface string become dots */
	ifd_format_reader_name(buf, sizeof(buf), "R", "Lecteur \xc3\xa9", NULL);
	assert_string_equal(buf, "R [Lecteur ..]");

	/* truncation keeps the terminator and reports the full length */
	n = ifd_format_reader_name(buf, 8, "Reader", "If", "S");
	assert_string_equal(buf, "Reader ");
	assert_int_equal(n, strlen("Reader [If] (S)"));
}

static void test_friendly_names(void **state)
{
	(void)state;
	assert_string_equal(ifd_friendly_name(0x08e6, 0x4433),
			    "Gemalto Gemplus USB SmartCard Reader 433-Swap");
	assert_string_equal(ifd_friendly_name(0x08e6, 0x3478),
			    "Gemalto USB GemPCPinpad SmartCard Reader");
	assert_string_equal(ifd_friendly_name(0xffff, 0xffff), "CCID reader");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libudev_name),
		cmocka_unit_test(test_libusb_name),
		cmocka_unit_test(test_node_name),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_errno_map),
		cmocka_unit_test(test_reader_name),
		cmocka_unit_test(test_friendly_names),
	};

	return cmocka_run_group_tests_name("ifd_util", tests, NULL, NULL);
}
