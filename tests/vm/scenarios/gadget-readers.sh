#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Real readers' descriptors as virtual readers (tests/gadget/sweep): one
# row of ../shared/readers/readers.tsv per equivalence class (every
# exchange level, protocol mix, slot count, PIN support, busy-slot rule,
# message-length extreme, vendor class, polled reader, and the refused
# kinds: ICCD, character level, no protocol). ccid.ko binds or refuses each
# as INTERFACES.md says, the bound ones show the row's attributes after its
# rules, and a card answers a SELECT. SCPNP_SWEEP=all (make stress) does
# all 461 rows.
# scpnp-devices: none
# scpnp-kernels: debug
# scpnp-timeout: 600
# scpnp-results: 24
. "$SCPNP_TOP/tests/gadget/lib.sh"
gadget_need
install_modules
modprobe ccid || fail "modprobe ccid"

classes=(
	ACR122U				# TPDU, T=0 and T=1
	ACR122U_PICC			# short APDU, T=1 only
	ACS_APG8201_v2			# short APDU, no automatic PPS: no PPS by XfrBlock
	ACS_ACR1252IMP_Reader		# extended APDU, automatic IFSD
	ACS_ACR1281U			# extended APDU, several slots
	ACS_APG8201			# TPDU, PIN verify and modify, no automatic PPS
	AF_Care_One_AFC0		# two slots, bMaxCCIDBusySlots 0 (counts as 1)
	ANCUD_CCID_USB_Reader_RNG	# TPDU, T=0 only
	Aktiv_Rutoken_ECP		# short APDU, no interrupt endpoint
	BIFIT_ANGARA			# message length below 271
	CherryXX33			# PIN verify only
	Covadis_Auriga			# bcdCCID 10.01, several slots, 2 busy
	SpringCard_E518_6112		# bMaxCCIDBusySlots 5 for 2 slots
	Bit4id_Digital-DNA_Key_BT	# TPDU, T=1 only, no automatic PPS
	Elatec_TWN4_MULTITECH		# extended APDU in 64-byte messages
	Precise_200_MC_Upgrade		# dwMaxCCIDMessageLength beyond the cap
	jSolutions_Multi_SIM_card_reader_8	# eight slots
	CherrySmartTerminalST2XXX	# vendor class, PIN pad
	Gem_e-SealPro			# vendor class, no interrupt endpoint
	DUALi_DRAGON_BT			# vendor class, extended APDU
	MySmartPad			# vendor class, no protocol: refused
	BIFIT_iBank2key			# ICCD (USB-ICC A): refused
	GnD_StarSignCardToken350	# ICCD (USB-ICC B): refused
	Oz776_7772			# character level: refused
)
if [ "${SCPNP_SWEEP:-}" = all ]; then
	set -- all
else
	set -- "${classes[@]}"
fi
python3 "$SCPNP_TOP/tests/gadget/sweep" --results "$SCPNP_OUT/results" "$@" ||
	fail "some readers were not handled as INTERFACES.md says"
ok
