#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# PIN pad and Escape on a virtual reader (tests/gadget, USB 08e6:3478 as
# Gemalto's GemPC Pinpad): Secure verify and modify through the node
# (CCID_IOC_SECURE), the user cancelling or letting the entry time out
# (64 01, 64 00), Escape for root and EPERM without CAP_SYS_ADMIN; then
# verify and modify through PC/SC part 10 (pcscd with ifd-scpnp,
# FEATURE_VERIFY_PIN_DIRECT and FEATURE_MODIFY_PIN_DIRECT).
# scpnp-devices: none
# scpnp-kernels: debug
# scpnp-timeout: 400
# scpnp-results: 5
. "$SCPNP_TOP/tests/gadget/lib.sh"
gadget_need
IFD=$SCPNP_TOP/user/ifd
PIN=$SCPNP_TOP/tests/gadget/pcsc-pin
W=$SCPNP_TOP/tests/vm/tools/pcsc-wait
PCSCD=
cleanup() {
	[ -n "$PCSCD" ] && kill "$PCSCD" 2>/dev/null && wait "$PCSCD" 2>/dev/null
	make -s -C "$IFD" uninstall >/dev/null 2>&1
	gadget_cleanup
}
trap cleanup EXIT
install_modules
modprobe ccid || fail "modprobe ccid"
T=$CCIDTEST

gadget_start pinpad <<'CONF' || fail "gadget did not start"
idVendor 0x08e6
idProduct 0x3478
product GemPC Pinpad
dwProtocols 0x00000001
bPINSupport 0x03
wLcdLayout 0x0210
card 0 pin 1234
CONF
glog=$(gadget_log pinpad)
node=$(gadget_wait_node pinpad 0) || fail "no node"
gadget_active "$node" || fail "card not active"
[ "$(<"$(gadget_intf pinpad)/ccid_pin_support")" = "verify modify" ] || fail "pin support attribute"

# PIN verification structure (CCID 6.1.11.7): ASCII, 8-byte block, then
# VERIFY with an FF-padded block for the reader to fill.
verify="00  00 82 08 00 08 04 02 01 09 04 00 00 00 00  00 20 00 01 08 FF FF FF FF FF FF FF FF"
# PIN modification structure (6.1.11.8): old PIN at 0, new at 8, three
# messages, then CHANGE REFERENCE DATA with two blocks.
modify="01  00 82 08 00 00 08 08 04 03 02 03 09 04 00 01 02 00 00 00  00 24 00 01 10 FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF"
out=$($T "$node" "secure:$verify")
log "$out"
[ "$out" = "secure: ok 90 00" ] || fail "verify: $out"
grep -q 'slot 0: Secure verify' "$glog" || fail "the reader saw no Secure verify"
result gadget-pin-verify ok

out=$($T "$node" "secure:$modify" "apdu:00 20 00 01 08 35 36 37 38 FF FF FF FF" "apdu:00 20 00 01 08 31 32 33 34 FF FF FF FF")
log "$out"
echo "$out" | head -n1 | grep -qx 'secure: ok 90 00' || fail "modify: $out"
grep -q "slot 0: PIN changed to '5678'" "$glog" || fail "the card's PIN did not change"
echo "$out" | sed -n 2p | grep -q ': ok 90 00$' || fail "new PIN refused: $out"
echo "$out" | sed -n 3p | grep -q ': ok 63 c2$' || fail "old PIN accepted: $out"
result gadget-pin-modify ok

gadget_ctl pinpad pin 0 cancel
wait_for "grep -q 'PIN pad user will cancel' '$glog'" 10
out=$($T "$node" "secure:$verify")
[ "$out" = "secure: ok 64 01" ] || fail "cancelled entry: $out"
gadget_ctl pinpad pin 0 timeout
wait_for "grep -q 'PIN pad user will timeout' '$glog'" 10
out=$($T "$node" "secure:$verify")
[ "$out" = "secure: ok 64 00" ] || fail "timed-out entry: $out"
gadget_ctl pinpad pin 0 ok
result gadget-pin-cancel-timeout ok

out=$($T "$node" "escape:01 02 03")
[ "$out" = "escape: ok 01 02 03" ] || fail "Escape as root: $out"
out=$(setpriv --bounding-set -sys_admin --inh-caps -all "$T" "$node" "escape:01 02 03" status)
log "$out"
echo "$out" | head -n1 | grep -qx 'escape:01 02 03: EPERM' || fail "Escape without CAP_SYS_ADMIN: $out"
echo "$out" | tail -n1 | grep -q '^status: ok' || fail "node unusable without CAP_SYS_ADMIN: $out"
[ "$(grep -c 'slot 0: Escape' "$glog")" = 1 ] || fail "the refused Escape reached the reader"
result gadget-escape ok

# PC/SC part 10: pcscd finds the reader through udev and ifd-scpnp.
[ -x "$PIN" ] || fail "$PIN not built (make -C tests/gadget)"
[ -x "$W" ] || fail "$W not built (make -C tests/vm/tools)"
start_udevd
make -s -C "$IFD" install >/dev/null || fail "make install of the bundle"
pcscd -f -d >> "$SCPNP_OUT/pcscd.log" 2>&1 &
PCSCD=$!
wait_for "$W list 2>/dev/null | grep -q GADGET0001" 60 || fail "pcscd lists no gadget reader: $($W list) $(tail -5 "$SCPNP_OUT/pcscd.log")"
$W card GADGET0001 present 30 >/dev/null || fail "pcscd never saw the card"
nv=$(grep -c 'slot 0: Secure verify' "$glog")
nm=$(grep -c 'slot 0: Secure modify' "$glog")
out=$("$PIN" GADGET0001 verify; "$PIN" GADGET0001 modify)
log "$out"
echo "$out" | head -n1 | grep -qx 'verify: ok 90 00' || fail "part 10 verify: $out"
echo "$out" | tail -n1 | grep -qx 'modify: ok 90 00' || fail "part 10 modify: $out"
[ "$(grep -c 'slot 0: Secure verify' "$glog")" = $((nv + 1)) ] || fail "no Secure verify at the reader"
[ "$(grep -c 'slot 0: Secure modify' "$glog")" = $((nm + 1)) ] || fail "no Secure modify at the reader"
result gadget-pin-pcsc ok
ok
