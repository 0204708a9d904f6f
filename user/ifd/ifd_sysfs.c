// SPDX-License-Identifier: GPL-2.0
/*
 * scpnp pcscd IFD handler: find the slot nodes of a USB interface.
 *
 * pcscd names a USB reader by bus, device address and interface number;
 * ccid.ko's slot nodes (class "ccid", devices ccid<R>s<S>) hang below the
 * USB interface they serve. So: find the USB device whose busnum/devnum
 * match, its interface with that number, check the interface is bound to
 * ccid.ko (otherwise pcscd must fall back to libccid), and collect the
 * class devices whose sysfs path lies below the interface. Every path is
 * taken relative to a sysfs root so that the unit tests can build a tree.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ifd_sysfs.h"

/* @dir/@name into @out (PATH_MAX); -ENAMETOOLONG when it does not fit */
static int join(char *out, const char *dir, const char *name)
{
	int n = snprintf(out, PATH_MAX, "%s/%s", dir, name);

	return n < 0 || n >= PATH_MAX ? -ENAMETOOLONG : 0;
}

/* Read a one-line sysfs attribute into @buf, without the newline */
static int read_attr(const char *dir, const char *name, char *buf,
		     size_t size)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	if (join(path, dir, name))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int read_uint(const char *dir, const char *name, int base,
		     unsigned long *v)
{
	char buf[32], *end;
	int err = read_attr(dir, name, buf, sizeof(buf));

	if (err)
		return err;
	errno = 0;
	*v = strtoul(buf, &end, base);
	if (errno || end == buf || *end)
		return -EINVAL;
	return 0;
}

/* pcscd's libudev build passes atoi() of the hex sysfs bInterfaceNumber */
static int iface_matches(const char *dir, const struct ifd_devname *dn)
{
	char buf[16];

	if (read_attr(dir, "bInterfaceNumber", buf, sizeof(buf)))
		return 0;
	if (dn->kind == IFD_DEV_LIBUDEV)
		return (unsigned int)atoi(buf) == dn->iface;
	return strtoul(buf, NULL, 16) == dn->iface;
}

static int find_usb_device(const char *sysroot, const struct ifd_devname *dn,
			   char *dev, size_t size)
{
	char base[PATH_MAX];
	struct dirent *de;
	int err = -ENODEV;
	DIR *d;

	if (join(base, sysroot, "bus/usb/devices"))
		return -ENODEV;
	d = opendir(base);
	if (!d)
		return -ENODEV;
	while ((de = readdir(d))) {
		unsigned long bus, addr;
		char path[PATH_MAX];

		if (de->d_name[0] == '.' || strchr(de->d_name, ':'))
			continue;
		if (join(path, base, de->d_name))
			continue;
		if (read_uint(path, "busnum", 10, &bus) ||
		    read_uint(path, "devnum", 10, &addr))
			continue;
		if (bus == dn->bus && addr == dn->addr) {
			snprintf(dev, size, "%s", de->d_name);
			err = 0;
			break;
		}
	}
	closedir(d);
	return err;
}

static int find_interface(const char *sysroot, const char *dev,
			  const struct ifd_devname *dn, char *out)
{
	char base[PATH_MAX];
	size_t devlen = strlen(dev);
	struct dirent *de;
	int err = -ENODEV;
	DIR *d;

	if (join(base, sysroot, "bus/usb/devices"))
		return -ENODEV;
	d = opendir(base);
	if (!d)
		return -ENODEV;
	while ((de = readdir(d))) {
		char path[PATH_MAX];

		if (strncmp(de->d_name, dev, devlen) ||
		    de->d_name[devlen] != ':')
			continue;
		if (join(path, base, de->d_name))
			continue;
		if (iface_matches(path, dn)) {
			if (!realpath(path, out))
				break;
			err = 0;
			break;
		}
	}
	closedir(d);
	return err;
}

/* The interface directory above a class device (IFD_DEV_NODE names) */
static int interface_of_node(const char *sysroot, const char *node,
			     char *out)
{
	char base[PATH_MAX], path[PATH_MAX], real[PATH_MAX];
	char *slash;

	if (join(base, sysroot, "class/ccid") || join(path, base, node) ||
	    !realpath(path, real))
		return -ENODEV;
	while ((slash = strrchr(real, '/')) && slash != real) {
		char attr[PATH_MAX];

		*slash = '\0';
		if (join(attr, real, "bInterfaceNumber"))
			break;
		if (!access(attr, F_OK)) {
			strcpy(out, real);
			return 0;
		}
	}
	return -ENODEV;
}

static int bound_to_ccid(const char *iface)
{
	char link[PATH_MAX], target[PATH_MAX];
	const char *name;
	ssize_t n;

	if (join(link, iface, "driver"))
		return 0;
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return 0;
	target[n] = '\0';
	name = strrchr(target, '/');
	name = name ? name + 1 : target;
	return !strcmp(name, IFD_CCID_DRIVER);
}

static int cmp_slot(const void *a, const void *b)
{
	const struct ifd_slot_node *x = a, *y = b;

	return (x->slot > y->slot) - (x->slot < y->slot);
}

static int collect_slots(const char *sysroot, struct ifd_usb_reader *r)
{
	size_t plen = strlen(r->iface_path);
	char base[PATH_MAX];
	struct dirent *de;
	DIR *d;

	r->nslots = 0;
	if (join(base, sysroot, "class/ccid"))
		return 0;
	d = opendir(base);
	if (!d)
		return 0;
	while ((de = readdir(d)) && r->nslots < IFD_SLOTS_MAX) {
		struct ifd_slot_node *s = &r->slots[r->nslots];
		char path[PATH_MAX], real[PATH_MAX], dev[32];
		unsigned int rd, sl;

		if (ifd_parse_node_name(de->d_name, &rd, &sl) ||
		    strlen(de->d_name) >= sizeof(s->node))
			continue;
		if (join(path, base, de->d_name))
			continue;
		if (!realpath(path, real) || strncmp(real, r->iface_path, plen) ||
		    real[plen] != '/')
			continue;
		if (read_attr(path, "dev", dev, sizeof(dev)) ||
		    sscanf(dev, "%u:%u", &s->major, &s->minor) != 2)
			continue;
		s->slot = sl;
		strcpy(s->node, de->d_name);
		r->nslots++;
	}
	closedir(d);
	qsort(r->slots, r->nslots, sizeof(r->slots[0]), cmp_slot);
	return 0;
}

/**
 * ifd_sysfs_lookup() - the slot nodes serving a pcscd device name
 * @sysroot: sysfs mount point ("/sys")
 * @dn: the parsed device name
 * @r: out, the reader's USB identity and slot nodes
 *
 * Return: 0 with at least one slot node; -ENODEV when no such USB device
 * or interface exists; -ENXIO when the interface is not bound to ccid.ko
 * (another driver, or none: libccid's case); -EAGAIN when ccid.ko holds
 * the interface but has not created the slot nodes yet (probe running).
 */
int ifd_sysfs_lookup(const char *sysroot, const struct ifd_devname *dn,
		     struct ifd_usb_reader *r)
{
	char dev[NAME_MAX + 1], devpath[PATH_MAX];
	unsigned long v;
	int err;

	memset(r, 0, sizeof(*r));
	if (dn->kind == IFD_DEV_NODE) {
		err = interface_of_node(sysroot, dn->node, r->iface_path);
	} else {
		err = find_usb_device(sysroot, dn, dev, sizeof(dev));
		if (!err)
			err = find_interface(sysroot, dev, dn, r->iface_path);
	}
	if (err)
		return err;

	/* the USB device is the interface's parent directory */
	snprintf(devpath, sizeof(devpath), "%s", r->iface_path);
	*strrchr(devpath, '/') = '\0';
	if (!read_uint(devpath, "busnum", 10, &v))
		r->bus = v;
	if (!read_uint(devpath, "devnum", 10, &v))
		r->addr = v;
	if (!read_uint(devpath, "idVendor", 16, &v))
		r->vendor = v;
	if (!read_uint(devpath, "idProduct", 16, &v))
		r->product = v;
	if (!read_uint(devpath, "bcdDevice", 16, &v))
		r->bcd_device = v;
	if (!read_uint(r->iface_path, "bInterfaceNumber", 16, &v))
		r->iface = v;
	r->has_serial = !read_attr(devpath, "serial", r->serial,
				   sizeof(r->serial));
	r->has_interface = !read_attr(r->iface_path, "interface", r->interface,
				      sizeof(r->interface));
	read_attr(devpath, "manufacturer", r->manufacturer,
		  sizeof(r->manufacturer));

	if (!bound_to_ccid(r->iface_path))
		return -ENXIO;
	collect_slots(sysroot, r);
	return r->nslots ? 0 : -EAGAIN;
}
