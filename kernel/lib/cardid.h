/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Microsoft CardID (GET DATA 7F68 after SELECT of the PnP AID):
 *   SEQUENCE { INTEGER version (0), IA5String vendor,
 *              SEQUENCE OF OCTET STRING (16 bytes, GUIDs) }
 * A strict DER reader, bounded by explicit lengths.
 */
#ifndef SCPNP_LIB_CARDID_H
#define SCPNP_LIB_CARDID_H

#include "env.h"

#define SCF_GUID_LEN		16
#define SCF_CARDID_VENDOR_MAX	32

/**
 * struct scf_cardid - a decoded CardID
 * @vendor: the vendor string, NUL-terminated (truncated to fit)
 * @guid: the first GUID: the card ID
 * @nguids: GUIDs in the list (at least 1)
 */
struct scf_cardid {
	char vendor[SCF_CARDID_VENDOR_MAX + 1];
	u8 guid[SCF_GUID_LEN];
	unsigned int nguids;
};

/**
 * scf_cardid_parse() - decode a CardID
 * @der: the DER bytes (the card's answer without SW1 SW2)
 * @len: their number
 * @id: filled on success
 *
 * Return: 0; -EBADMSG for malformed DER (wrong tag, bad or non-minimal
 * length, trailing bytes, version not 0, a GUID not 16 bytes, no GUID).
 */
int scf_cardid_parse(const u8 *der, size_t len, struct scf_cardid *id);

#endif /* SCPNP_LIB_CARDID_H */
