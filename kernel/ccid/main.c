// SPDX-License-Identifier: GPL-2.0
/*
 * ccid.ko: USB CCID (class 0x0B) smart card reader driver - module glue.
 */

#include <linux/fs.h>
#include <linux/module.h>

#include "ccid.h"

struct class *ccid_class;
dev_t ccid_devt;

static char *ccid_devnode(struct device *dev, umode_t *mode)
{
	/* Never world-accessible; udev grants seat users and group scard. */
	if (mode)
		*mode = 0600;
	return NULL;
}

static struct usb_driver ccid_driver = {
	.name = "ccid",
	.probe = ccid_probe,
	.disconnect = ccid_disconnect,
	.suspend = ccid_suspend,
	.resume = ccid_resume,
	.reset_resume = ccid_reset_resume,
	.pre_reset = ccid_pre_reset,
	.post_reset = ccid_post_reset,
	.id_table = ccid_ids,
	.dev_groups = ccid_reader_groups,
	.supports_autosuspend = 1,
	.disable_hub_initiated_lpm = 1,
};

static int __init ccid_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&ccid_devt, 0, CCID_MINORS, "ccid");
	if (ret)
		return ret;

	ccid_class = class_create(THIS_MODULE, "ccid");
	if (IS_ERR(ccid_class)) {
		ret = PTR_ERR(ccid_class);
		goto err_unregister_chrdev;
	}
	ccid_class->devnode = ccid_devnode;

	ret = usb_register(&ccid_driver);
	if (ret)
		goto err_destroy_class;
	return 0;

err_destroy_class:
	class_destroy(ccid_class);
err_unregister_chrdev:
	unregister_chrdev_region(ccid_devt, CCID_MINORS);
	return ret;
}

static void __exit ccid_exit(void)
{
	usb_deregister(&ccid_driver);
	class_destroy(ccid_class);
	unregister_chrdev_region(ccid_devt, CCID_MINORS);
}

module_init(ccid_init);
module_exit(ccid_exit);

MODULE_DESCRIPTION("USB CCID smart card reader driver");
MODULE_AUTHOR("scpnp developers");
MODULE_LICENSE("GPL");
