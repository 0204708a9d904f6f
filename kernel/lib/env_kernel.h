/* SPDX-License-Identifier: GPL-2.0 OR MIT */
#ifndef SCPNP_LIB_ENV_KERNEL_H
#define SCPNP_LIB_ENV_KERNEL_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <asm/unaligned.h>

#endif /* SCPNP_LIB_ENV_KERNEL_H */
