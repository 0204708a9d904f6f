/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scpnp pcscd IFD handler: PC/SC part 10 (SCardControl) structures.
 */
#ifndef SCPNP_IFD_PART10_H
#define SCPNP_IFD_PART10_H

#include <stddef.h>
#include <stdint.h>

#include <ifdhandler.h>
#include <reader.h>

#include <linux/scpnp.h>

/*
 * Control codes of the features, as libccid numbers them (PC/SC part 10
 * leaves the choice to the driver, applications read them from
 * CM_IOCTL_GET_FEATURE_REQUEST; some hard-code libccid's values).
 */
#define IFD_PART10_IOCTL_BASE		0x330000
#define IFD_IOCTL_FEATURE(f)		SCARD_CTL_CODE(IFD_PART10_IOCTL_BASE + (f))
#define IFD_IOCTL_VERIFY_PIN_DIRECT	IFD_IOCTL_FEATURE(FEATURE_VERIFY_PIN_DIRECT)
#define IFD_IOCTL_MODIFY_PIN_DIRECT	IFD_IOCTL_FEATURE(FEATURE_MODIFY_PIN_DIRECT)
#define IFD_IOCTL_IFD_PIN_PROPERTIES	IFD_IOCTL_FEATURE(FEATURE_IFD_PIN_PROPERTIES)
#define IFD_IOCTL_GET_TLV_PROPERTIES	IFD_IOCTL_FEATURE(FEATURE_GET_TLV_PROPERTIES)
/* Escape to the reader (IOCTL_SMARTCARD_VENDOR_IFD_EXCHANGE) */
#define IFD_IOCTL_VENDOR_IFD_EXCHANGE	SCARD_CTL_CODE(1)
/* Windows' value of SCARD_CTL_CODE(3400), sent by RDP redirection */
#define IFD_IOCTL_GET_FEATURE_WINDOWS	0x313520

/* CCID 6.1.11 bPINOperation */
#define IFD_CCID_PIN_VERIFY		0x00
#define IFD_CCID_PIN_MODIFY		0x01

/* Sizes of the PC/SC part 10 structures before abData */
#define IFD_PIN_VERIFY_HDR		19
#define IFD_PIN_MODIFY_HDR		24
/* Smallest APDU a PIN structure may carry (CLA INS P1 P2) */
#define IFD_APDU_HDR			4

/* bEntryValidationCondition: 1 max size, 2 key pressed, 4 timeout */
#define IFD_VALIDATION_KEY		0x02
#define IFD_VALIDATION_ALL		0x07

int ifd_pin_verify_to_ccid(const uint8_t *in, size_t in_len,
			   uint8_t *out, size_t out_size, size_t *out_len);
int ifd_pin_modify_to_ccid(const uint8_t *in, size_t in_len,
			   uint8_t *out, size_t out_size, size_t *out_len);
int ifd_feature_list(const struct ccid_reader_info *info,
		     uint8_t *out, size_t size, size_t *len);
int ifd_pin_properties(const struct ccid_reader_info *info,
		       uint8_t *out, size_t size, size_t *len);
int ifd_tlv_properties(const struct ccid_reader_info *info,
		       uint8_t *out, size_t size, size_t *len);

#endif /* SCPNP_IFD_PART10_H */
