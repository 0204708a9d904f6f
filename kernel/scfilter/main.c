// SPDX-License-Identifier: GPL-2.0
/*
 * scfilter.ko: smart card Plug and Play, the Linux counterpart of Windows'
 * scfilter.sys. Stacked on ccid.ko (kernel/include/ccid_filter.h), it names
 * every inserted card with the Windows discovery sequence and publishes it
 * as a device on bus "smartcard", in uevents and over generic netlink.
 *
 * This file holds the module parameters and the module's life cycle.
 */

#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <net/genetlink.h>

#include "scfilter.h"

/* Total time a discovery may take; ccid.ko releases the card anyway later */
#define SCF_DISCOVERY_MS_DEFAULT	8000

static bool scf_pnp = true;
module_param_named(pnp, scf_pnp, bool, 0644);
MODULE_PARM_DESC(pnp,
		 "Send discovery APDUs to inserted cards (default Y); N: cards get state pnp-disabled and the ATR only");

static unsigned int scf_discovery_budget_ms = SCF_DISCOVERY_MS_DEFAULT;
module_param_named(discovery_ms, scf_discovery_budget_ms, uint, 0644);
MODULE_PARM_DESC(discovery_ms,
		 "Time budget of one discovery, ms (default 8000, at most CCID_FILTER_HOLD_MS)");

/* Registry-form GUID of the GIDS compatible ID, upper case, "" for none */
static char scf_gids_guid[SCF_GUID_STR_LEN + 1];

/* Dashes of a registry-form GUID: 8-4-4-4-12 */
static bool scf_guid_dash_at(size_t i)
{
	return i == 8 || i == 13 || i == 18 || i == 23;
}

static int scf_gids_set(const char *val, const struct kernel_param *kp)
{
	char guid[SCF_GUID_STR_LEN + 1];
	size_t len = strcspn(val, "\n");
	size_t i;

	if (!len) {
		scf_gids_guid[0] = '\0';
		return 0;
	}
	if (len != SCF_GUID_STR_LEN)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (scf_guid_dash_at(i) ? val[i] != '-' : !isxdigit(val[i]))
			return -EINVAL;
		guid[i] = toupper(val[i]);
	}
	guid[len] = '\0';
	/* Callers hold kernel_param_lock(THIS_MODULE) */
	strscpy(scf_gids_guid, guid, sizeof(scf_gids_guid));
	return 0;
}

static int scf_gids_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%s\n", scf_gids_guid);
}

static const struct kernel_param_ops scf_gids_ops = {
	.set = scf_gids_set,
	.get = scf_gids_get,
};
module_param_cb(gids_compat_id, &scf_gids_ops, NULL, 0644);
MODULE_PARM_DESC(gids_compat_id,
		 "GUID (XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX) of the compatible ID of GIDS cards; empty (default): no GIDS step");

/**
 * scf_pnp_enabled() - whether discovery APDUs may be sent
 *
 * Return: the "pnp" switch.
 */
bool scf_pnp_enabled(void)
{
	return READ_ONCE(scf_pnp);
}

/**
 * scf_set_pnp() - set the "pnp" switch (netlink set-policy)
 * @on: send discovery APDUs to cards inserted from now on
 */
void scf_set_pnp(bool on)
{
	WRITE_ONCE(scf_pnp, on);
}

/**
 * scf_discovery_ms() - time budget of one discovery
 *
 * Return: milliseconds, at most CCID_FILTER_HOLD_MS.
 */
unsigned int scf_discovery_ms(void)
{
	return min_t(unsigned int, READ_ONCE(scf_discovery_budget_ms),
		     CCID_FILTER_HOLD_MS);
}

/**
 * scf_gids_compat_id() - the configured GIDS compatible ID
 * @buf: receives "SCFILTER\CID_<GUID>", or "" when none is configured
 * @size: its size (SCF_PNP_ID_MAX)
 */
void scf_gids_compat_id(char *buf, size_t size)
{
	kernel_param_lock(THIS_MODULE);
	if (scf_gids_guid[0])
		snprintf(buf, size, "%s%s", SCF_PNP_PREFIX, scf_gids_guid);
	else if (size)
		buf[0] = '\0';
	kernel_param_unlock(THIS_MODULE);
}

static int __init scf_init(void)
{
	int ret;

	ret = scf_bus_init();
	if (ret)
		return ret;
	ret = scf_netlink_init();
	if (ret)
		goto err_bus_exit;
	ret = scf_registry_init();
	if (ret)
		goto err_netlink_exit;
	return 0;

err_netlink_exit:
	scf_netlink_exit();
err_bus_exit:
	scf_bus_exit();
	return ret;
}

static void __exit scf_exit(void)
{
	scf_registry_exit();
	scf_netlink_exit();
	scf_bus_exit();
}

module_init(scf_init);
module_exit(scf_exit);

MODULE_DESCRIPTION("Smart card Plug and Play filter for ccid.ko");
MODULE_LICENSE("GPL");
MODULE_ALIAS_GENL_FAMILY(SCF_GENL_NAME);
