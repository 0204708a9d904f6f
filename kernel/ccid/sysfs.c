// SPDX-License-Identifier: GPL-2.0
/*
 * Reader attributes on the USB interface (Documentation/ABI: see
 * Documentation/userspace-api/ccid.rst). Effective values: busy slots 0
 * counts as 1, the message length is capped at CCID_MSG_CAP.
 */

#include "ccid.h"

static struct ccid_reader *ccid_dev_reader(struct device *dev)
{
	return usb_get_intfdata(to_usb_interface(dev));
}

static ssize_t ccid_slots_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", ccid_dev_reader(dev)->nslots);
}
static DEVICE_ATTR_RO(ccid_slots);

static ssize_t ccid_exchange_level_show(struct device *dev,
					struct device_attribute *attr,
					char *buf)
{
	static const char * const names[] = {
		[CCID_DESC_LEVEL_CHARACTER] = "character",
		[CCID_DESC_LEVEL_TPDU] = "tpdu",
		[CCID_DESC_LEVEL_SHORT_APDU] = "short-apdu",
		[CCID_DESC_LEVEL_EXT_APDU] = "extended-apdu",
	};
	enum ccid_level level = ccid_desc_level(&ccid_dev_reader(dev)->desc);

	if (level >= ARRAY_SIZE(names))
		return -EINVAL;
	return sysfs_emit(buf, "%s\n", names[level]);
}
static DEVICE_ATTR_RO(ccid_exchange_level);

static ssize_t ccid_protocols_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	u32 p = ccid_dev_reader(dev)->desc.protocols;

	return sysfs_emit(buf, "%s%s%s\n",
			  (p & CCID_DESC_PROTO_T0) ? "t0" : "",
			  (p & CCID_DESC_PROTO_T0) && (p & CCID_DESC_PROTO_T1) ?
			  " " : "",
			  (p & CCID_DESC_PROTO_T1) ? "t1" : "");
}
static DEVICE_ATTR_RO(ccid_protocols);

static ssize_t ccid_max_message_show(struct device *dev,
				     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", ccid_dev_reader(dev)->max_message);
}
static DEVICE_ATTR_RO(ccid_max_message);

static ssize_t ccid_pin_support_show(struct device *dev,
				     struct device_attribute *attr, char *buf)
{
	u8 pin = ccid_dev_reader(dev)->pin_support;

	if (!pin)
		return sysfs_emit(buf, "none\n");
	return sysfs_emit(buf, "%s%s%s\n",
			  (pin & CCID_PIN_SUPPORT_VERIFY) ? "verify" : "",
			  pin == (CCID_PIN_SUPPORT_VERIFY |
				  CCID_PIN_SUPPORT_MODIFY) ? " " : "",
			  (pin & CCID_PIN_SUPPORT_MODIFY) ? "modify" : "");
}
static DEVICE_ATTR_RO(ccid_pin_support);

static ssize_t ccid_busy_slots_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", ccid_dev_reader(dev)->busy_slots);
}
static DEVICE_ATTR_RO(ccid_busy_slots);

static ssize_t ccid_features_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0x%08x\n", ccid_dev_reader(dev)->desc.features);
}
static DEVICE_ATTR_RO(ccid_features);

static struct attribute *ccid_reader_attrs[] = {
	&dev_attr_ccid_slots.attr,
	&dev_attr_ccid_exchange_level.attr,
	&dev_attr_ccid_protocols.attr,
	&dev_attr_ccid_max_message.attr,
	&dev_attr_ccid_pin_support.attr,
	&dev_attr_ccid_busy_slots.attr,
	&dev_attr_ccid_features.attr,
	NULL
};

static const struct attribute_group ccid_reader_group = {
	.attrs = ccid_reader_attrs,
};

const struct attribute_group *ccid_reader_groups[] = {
	&ccid_reader_group,
	NULL
};
