#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel PnP switch: with scfilter.pnp=0 no discovery APDU reaches the
# card (checked in the reader's USB capture: none of the discovery SELECTs'
# bytes appear), the card device still appears, in state pnp-disabled with
# the ATR only; switching discovery back on over netlink (set-policy) names
# the next card again, and its APDUs do show in the capture.
# scpnp-devices: ccid
# scpnp-kernels: debian debug
# scpnp-timeout: 900
# scpnp-results: 2

SCB=$SCPNP_TOP/user/scbridge/scbridge
[ -x "$SCB" ] || fail "$SCB not built (make -C user)"
ATR=3b7a18000073667465206364313434
card=/sys/bus/smartcard/devices/card0s0

# Byte strings of the discovery commands: the PnP AID, the PIV AID and the
# SELECT of the MF.
PNP_AID=a000000397434944
PIV_AID=a000000308000010
SEL_MF=00a4000c023f00

# captured HEX: the capture holds HEX since the scenario's mark.
captured() {
	python3 - "$SCPNP_PCAP" "$SCPNP_PCAP_START" "$1" <<'PY'
import sys
path, start, needle = sys.argv[1], int(sys.argv[2]), bytes.fromhex(sys.argv[3])
with open(path, "rb") as f:
    f.seek(start)
    sys.exit(0 if needle in f.read() else 1)
PY
}

install_modules
# No udevd: udevadm monitor reads the kernel's uevents itself, and the
# scenario does not depend on how fast udevd settles on a slow guest.
modprobe ccid || fail "modprobe ccid"
wait_for "[ -c /dev/ccid0s0 ]" 120 || fail "no /dev/ccid0s0"
modprobe -r scfilter 2>/dev/null
modprobe scfilter pnp=0 || fail "modprobe scfilter pnp=0"
[ "$(</sys/module/scfilter/parameters/pnp)" = N ] || fail "pnp parameter not N"
[ "$("$SCB" policy)" = "pnp off" ] || fail "policy: $("$SCB" policy)"

# A fresh insertion, captured from here.
qmp card-remove >/dev/null || fail "card-remove"
wait_for "[ ! -e $card ]" 120 || fail "card0s0 still there after removal"
[ -n "${SCPNP_PCAP:-}" ] && [ -f "$SCPNP_PCAP" ] || fail "no reader capture"
pcap_mark
qmp card-insert >/dev/null || fail "card-insert"
wait_for "[ -e $card ] && [ \"\$(<$card/state)\" = pnp-disabled ]" 120 ||
	fail "no card0s0 in state pnp-disabled: $(cat $card/state 2>/dev/null)"
[ "$(<$card/atr)" = "$ATR" ] || fail "atr: $(<$card/atr)"
[ -z "$(<$card/pnp_id)" ] || fail "pnp_id with pnp=0: $(<$card/pnp_id)"
[ -z "$(<$card/modalias)" ] || fail "modalias with pnp=0: $(<$card/modalias)"
"$SCB" list --json | jq -e '.pnp == false and .readers[0].slots[0].card.state == "pnp-disabled" and .readers[0].slots[0].card.pnp_id == null' >/dev/null ||
	fail "list: $("$SCB" list --json)"
# The card is usable at once, and the capture holds its traffic from here on.
out=$("$SCB" apdu 00 A4 04 00 07 A0 00 00 01 16 DB 00 00) || fail "apdu with pnp=0: $out"
sleep 1
captured a0000001 || fail "the capture does not show this scenario's own APDU"
for b in $PNP_AID $PIV_AID $SEL_MF; do
	captured $b && fail "discovery bytes $b sent with pnp=0"
done
result scfilter-pnp-disabled ok

# Discovery back on, over netlink: the next card is named again.
"$SCB" policy --pnp on || fail "set-policy on"
[ "$(</sys/module/scfilter/parameters/pnp)" = Y ] || fail "pnp parameter not Y after set-policy"
qmp card-remove >/dev/null || fail "card-remove"
wait_for "[ ! -e $card ]" 120 || fail "card0s0 still there"
pcap_mark
qmp card-insert >/dev/null || fail "card-insert"
wait_for "[ -e $card ] && [ \"\$(<$card/state)\" = ready ]" 120 ||
	fail "card not ready with pnp on: $(cat $card/state 2>/dev/null)"
[ "$(<$card/pnp_id)" = 'SCFILTER\CID_D2E980E2-8851-4F87-81D6-4F254E38001D' ] ||
	fail "pnp_id: $(<$card/pnp_id)"
sleep 1
captured $PNP_AID || fail "the PnP SELECT is not in the capture with pnp on"
result scfilter-pnp-on ok
ok
