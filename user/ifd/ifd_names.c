// SPDX-License-Identifier: GPL-2.0
/*
 * scpnp pcscd IFD handler: friendly names of the readers of Info.plist.
 */
#include <stddef.h>

#include "ifd_util.h"

static const struct {
	uint16_t vendor;
	uint16_t product;
	const char *name;
} ifd_readers[] = {
#include "ifd_readers.h"	/* generated from readers.list */
};

/**
 * ifd_friendly_name() - the Info.plist ifdFriendlyName of a VID:PID
 * @vendor: idVendor
 * @product: idProduct
 *
 * Return: the name pcscd starts the reader name with, or a generic name
 * for a device the bundle does not list (reader.conf use).
 */
const char *ifd_friendly_name(uint16_t vendor, uint16_t product)
{
	size_t i;

	for (i = 0; i < sizeof(ifd_readers) / sizeof(ifd_readers[0]); i++)
		if (ifd_readers[i].vendor == vendor &&
		    ifd_readers[i].product == product)
			return ifd_readers[i].name;
	return "CCID reader";
}
