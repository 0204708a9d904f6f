/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Windows-form smart card PnP IDs (SCFILTER\CID_...) and their modalias.
 */
#ifndef SCPNP_LIB_PNPID_H
#define SCPNP_LIB_PNPID_H

#include "env.h"

#define SCF_PNP_PREFIX		"SCFILTER\\CID_"
#define SCF_MODALIAS_PREFIX	"smartcard:cid"
/* "SCFILTER\CID_" + 36-character GUID, or + 30 hex digits, + NUL */
#define SCF_PNP_ID_MAX		(13 + 36 + 1)
#define SCF_MODALIAS_MAX	(13 + 32 + 1)
/* Compatible ID of PIV cards (Microsoft's smart card minidriver specification) */
#define SCF_PIV_COMPAT_ID	"SCFILTER\\CID_2777BE07-6993-4513-BD80-C184FCB0AB2D"

/**
 * scf_pnp_id_hist() - device ID from historical bytes
 * @hist: historical bytes
 * @len: their number, 1..15
 * @out: output buffer
 * @size: its size (SCF_PNP_ID_MAX is enough)
 *
 * Return: the string length, or -EINVAL (no bytes, too many) / -EOVERFLOW.
 */
int scf_pnp_id_hist(const u8 *hist, size_t len, char *out, size_t size);

/**
 * scf_pnp_id_guid() - device ID from a CardID GUID, registry form
 * @guid: 16 bytes as the card sent them
 * @out: output buffer
 * @size: its size
 *
 * The first three groups are read little-endian (as an in-memory GUID),
 * upper case with dashes.
 *
 * Return: the string length, or -EOVERFLOW.
 */
int scf_pnp_id_guid(const u8 *guid, char *out, size_t size);

/**
 * scf_modalias() - modalias of a device ID
 * @pnp_id: "SCFILTER\CID_..."
 * @out: output buffer
 * @size: its size (SCF_MODALIAS_MAX is enough)
 *
 * "smartcard:cid" + the token after CID_, lower case, dashes removed.
 *
 * Return: the string length, or -EINVAL (no CID_ prefix, bad character) /
 * -EOVERFLOW.
 */
int scf_modalias(const char *pnp_id, char *out, size_t size);

#endif /* SCPNP_LIB_PNPID_H */
