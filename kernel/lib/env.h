/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Environment of the shared parsers: one header per side. The parsers use
 * u8/u16/u32/u64, size_t, bool, memcpy/memset and the errno names only; they
 * never allocate and always take explicit lengths.
 */
#ifndef SCPNP_LIB_ENV_H
#define SCPNP_LIB_ENV_H

#ifdef __KERNEL__
#include "env_kernel.h"
#else
#include "env_user.h"
#endif

#endif /* SCPNP_LIB_ENV_H */
