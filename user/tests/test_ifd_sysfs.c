// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the IFD handler's device lookup: a sysfs tree is built in
 * a temporary directory, shaped like the kernel's (devices/ hierarchy,
 * bus/usb/devices and class/ccid symlinks, driver links).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ifd_sysfs.h"

#define HUB "devices/pci0000:00/0000:00:05.0/usb1"

static char root[PATH_MAX];

/* snprintf into a PATH_MAX buffer; a path that does not fit fails the test */
__attribute__((format(printf, 2, 3)))
static void pathf(char *out, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, PATH_MAX, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && n < PATH_MAX);
}

static void mkdirs(const char *rel)
{
	char path[PATH_MAX], *p;

	pathf(path, "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	mkdir(path, 0755);
}

static void put(const char *dir, const char *name, const char *value)
{
	char path[PATH_MAX];
	FILE *f;

	mkdirs(dir);
	pathf(path, "%s/%s/%s", root, dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", value);
	fclose(f);
}

/* symlink root/@link -> root/@target (absolute, enough for realpath) */
static void link_to(const char *link, const char *target)
{
	char l[PATH_MAX], t[PATH_MAX], dir[PATH_MAX];

	pathf(dir, "%s", link);
	*strrchr(dir, '/') = '\0';
	mkdirs(dir);
	pathf(l, "%s/%s", root, link);
	pathf(t, "%s/%s", root, target);
	assert_int_equal(symlink(t, l), 0);
}

static void usb_device(const char *name, const char *busnum,
		       const char *devnum, const char *vid, const char *pid,
		       const char *serial)
{
	char dir[PATH_MAX], link[PATH_MAX];

	pathf(dir, HUB "/%s", name);
	put(dir, "busnum", busnum);
	put(dir, "devnum", devnum);
	put(dir, "idVendor", vid);
	put(dir, "idProduct", pid);
	put(dir, "bcdDevice", "0100");
	put(dir, "manufacturer", "QEMU");
	if (serial)
		put(dir, "serial", serial);
	pathf(link, "bus/usb/devices/%s", name);
	link_to(link, dir);
}

static void usb_interface(const char *dev, const char *cfg_if,
			  const char *number, const char *driver)
{
	char dir[PATH_MAX], link[PATH_MAX], drv[PATH_MAX];

	pathf(dir, HUB "/%s/%s:%s", dev, dev, cfg_if);
	put(dir, "bInterfaceNumber", number);
	put(dir, "interface", "CCID Interface");
	pathf(link, "bus/usb/devices/%s:%s", dev, cfg_if);
	link_to(link, dir);
	if (driver) {
		pathf(drv, "bus/usb/drivers/%s", driver);
		mkdirs(drv);
		pathf(link, "%s/driver", dir);
		link_to(link, drv);
	}
}

static void slot_node(const char *dev, const char *cfg_if, const char *node,
		      const char *devnum)
{
	char dir[PATH_MAX], link[PATH_MAX];

	pathf(dir, HUB "/%s/%s:%s/ccid/%s", dev, dev, cfg_if, node);
	put(dir, "dev", devnum);
	pathf(link, "class/ccid/%s", node);
	link_to(link, dir);
}

static int setup(void **state)
{
	(void)state;
	strcpy(root, "/tmp/test_ifd_sysfs.XXXXXX");
	if (!mkdtemp(root))
		return -1;

	/* 1-1: QEMU's reader on ccid.ko, one slot */
	usb_device("1-1", "1", "2", "08e6", "4433", "scpnp-1");
	usb_interface("1-1", "1.0", "00", "ccid");
	slot_node("1-1", "1.0", "ccid0s0", "240:0");

	/* 1-2: no driver (ccid.ko not loaded, or refused it) */
	usb_device("1-2", "1", "3", "08e6", "4433", NULL);
	usb_interface("1-2", "1.0", "00", NULL);

	/* 1-3: another driver holds it */
	usb_device("1-3", "1", "4", "08e6", "3478", "x");
	usb_interface("1-3", "1.0", "00", "usbfs");

	/* 1-4: ccid.ko probing, no node yet */
	usb_device("1-4", "1", "5", "08e6", "3478", "y");
	usb_interface("1-4", "1.0", "00", "ccid");

	/* 1-5: two slots, CCID on interface 16 (sysfs "10"), nodes unsorted */
	usb_device("1-5", "1", "6", "072f", "90cc", "z");
	usb_interface("1-5", "1.0", "00", "usbhid");
	usb_interface("1-5", "1.16", "10", "ccid");
	slot_node("1-5", "1.16", "ccid1s1", "240:3");
	slot_node("1-5", "1.16", "ccid1s0", "240:2");

	/* a slot node of another reader must not leak into 1-5's list */
	usb_device("2-1", "2", "2", "08e6", "4433", "w");
	usb_interface("2-1", "1.0", "00", "ccid");
	slot_node("2-1", "1.0", "ccid2s0", "240:4");
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) ? -1 : 0;
}

static int lookup(const char *name, struct ifd_usb_reader *r)
{
	struct ifd_devname dn;

	assert_int_equal(ifd_parse_device_name(name, &dn), 0);
	return ifd_sysfs_lookup(root, &dn, r);
}

static struct ifd_usb_reader r;

static void test_bound_reader(void **state)
{
	(void)state;
	assert_int_equal(lookup("usb:08e6/4433:libudev:0:/dev/bus/usb/001/002",
				&r), 0);
	assert_int_equal(r.nslots, 1);
	assert_string_equal(r.slots[0].node, "ccid0s0");
	assert_int_equal(r.slots[0].slot, 0);
	assert_int_equal(r.slots[0].major, 240);
	assert_int_equal(r.slots[0].minor, 0);
	assert_int_equal(r.vendor, 0x08e6);
	assert_int_equal(r.product, 0x4433);
	assert_int_equal(r.bcd_device, 0x0100);
	assert_int_equal(r.bus, 1);
	assert_int_equal(r.addr, 2);
	assert_true(r.has_serial);
	assert_string_equal(r.serial, "scpnp-1");
	assert_true(r.has_interface);
	assert_string_equal(r.interface, "CCID Interface");
	assert_string_equal(r.manufacturer, "QEMU");
	assert_non_null(strstr(r.iface_path, "/1-1/1-1:1.0"));
}

static void test_not_ours(void **state)
{
	(void)state;
	/* unbound and foreign interfaces: pcscd must fall back to libccid */
	assert_int_equal(lookup("usb:08e6/4433:libudev:0:/dev/bus/usb/001/003",
				&r), -ENXIO);
	assert_false(r.has_serial);
	assert_int_equal(lookup("usb:08e6/3478:libudev:0:/dev/bus/usb/001/004",
				&r), -ENXIO);
	/* the USB interface that is not CCID on a composite device */
	assert_int_equal(lookup("usb:072f/90cc:libudev:0:/dev/bus/usb/001/006",
				&r), -ENXIO);
}

static void test_probing(void **state)
{
	(void)state;
	assert_int_equal(lookup("usb:08e6/3478:libudev:0:/dev/bus/usb/001/005",
				&r), -EAGAIN);
}

static void test_gone(void **state)
{
	(void)state;
	assert_int_equal(lookup("usb:08e6/4433:libudev:0:/dev/bus/usb/001/099",
				&r), -ENODEV);
	assert_int_equal(lookup("usb:08e6/4433:libudev:1:/dev/bus/usb/001/002",
				&r), -ENODEV);
	assert_int_equal(lookup("/dev/ccid9s0", &r), -ENODEV);
}

static void test_two_slots(void **state)
{
	(void)state;
	/* pcscd's libudev build passes atoi() of the hex "10" */
	assert_int_equal(lookup("usb:072f/90cc:libudev:10:/dev/bus/usb/001/006",
				&r), 0);
	assert_int_equal(r.iface, 16);
	assert_int_equal(r.nslots, 2);
	assert_string_equal(r.slots[0].node, "ccid1s0");
	assert_int_equal(r.slots[0].minor, 2);
	assert_string_equal(r.slots[1].node, "ccid1s1");
	assert_int_equal(r.slots[1].slot, 1);
	assert_int_equal(r.slots[1].minor, 3);

	/* the libusb build passes the real number */
	assert_int_equal(lookup("usb:072f/90cc:libusb-1.0:1:6:16", &r), 0);
	assert_int_equal(r.nslots, 2);
}

static void test_by_node(void **state)
{
	(void)state;
	assert_int_equal(lookup("/dev/ccid1s1", &r), 0);
	assert_int_equal(r.vendor, 0x072f);
	assert_int_equal(r.nslots, 2);
	assert_int_equal(lookup("/dev/ccid2s0", &r), 0);
	assert_int_equal(r.bus, 2);
	assert_int_equal(r.nslots, 1);
	assert_string_equal(r.slots[0].node, "ccid2s0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bound_reader),
		cmocka_unit_test(test_not_ours),
		cmocka_unit_test(test_probing),
		cmocka_unit_test(test_gone),
		cmocka_unit_test(test_two_slots),
		cmocka_unit_test(test_by_node),
	};

	return cmocka_run_group_tests_name("ifd_sysfs", tests, setup, teardown);
}
