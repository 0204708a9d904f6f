#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A virtual reader (tests/gadget, raw-gadget on dummy_hcd): ccid.ko binds
# it, its slot node appears, the reader attributes are the descriptor's, a
# T=0 card answers a case-4 APDU through GET RESPONSE, and the reader's
# unplug removes the node.
# scpnp-devices: none
# scpnp-kernels: debug
# scpnp-timeout: 300
# scpnp-results: 3
. "$SCPNP_TOP/tests/gadget/lib.sh"
gadget_need
install_modules
modprobe ccid || fail "modprobe ccid"

gadget_start basic <<'CONF' || fail "gadget did not start"
idVendor 0x08e6
idProduct 0x3437
bcdCCID 1.10
dwProtocols 0x00000001
dwFeatures 0x000100BA
dwMaxCCIDMessageLength 271
card 0 atr 3B 7A 18 00 00 73 66 74 65 20 63 64 31 34 34
CONF
node=$(gadget_wait_node basic 0) || fail "no slot node: $(cat "$(gadget_log basic)")"
intf=$(gadget_intf basic)
[ "$(<"$intf/ccid_exchange_level")" = tpdu ] || fail "level $(<"$intf/ccid_exchange_level")"
[ "$(<"$intf/ccid_protocols")" = t0 ] || fail "protocols $(<"$intf/ccid_protocols")"
[ "$(<"$intf/ccid_max_message")" = 271 ] || fail "max message $(<"$intf/ccid_max_message")"
result gadget-bind ok

gadget_active "$node" || fail "card not active: $($CCIDTEST "$node" status)"
out=$($CCIDTEST "$node" "apdu:00 A4 04 00 02 3F 00 00" getdata:200)
log "$out"
echo "$out" | grep -q '^apdu:.*: ok 6f 03 84 01 01 90 00$' || fail "case 4: $out"
echo "$out" | grep -q '^getdata:200: ok 200$' || fail "case 2: $out"
result gadget-t0-apdu ok

gadget_stop basic
wait_for "[ ! -e $node ]" 30 || fail "$node still there after the unplug"
result gadget-unplug ok
ok
