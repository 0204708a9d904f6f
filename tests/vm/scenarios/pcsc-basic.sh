#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# pcscd with ifd-scpnp.bundle on QEMU's reader bound to ccid.ko: the reader
# is listed under libccid's name, opensc-tool reads the ATR, pkcs11-tool
# lists the emulated card's three certificates, and pcscd's log shows that
# libccid never opened the reader. Then the reader is handed back to
# libccid at run time (Documentation/admin-guide/pcsc.rst): unbound from
# ccid.ko and re-announced, pcscd falls back to libccid under the same
# name; bound again, it returns to SCPNP.
# scpnp-devices: ccid
# Debian's kernel only: what is under test is the IFD handler with pcscd
# and OpenSC; the node operations it makes run on the debug kernel in
# pcsc-hotplug and stress-hotplug (pcscd with ifd-scpnp), ccid-basic and
# ccid-txn, and this scenario costs over two minutes there under TCG.
# scpnp-kernels: debian
# scpnp-timeout: 1200
# scpnp-results: 6

W=$SCPNP_TOP/tests/vm/tools/pcsc-wait
IFD=$SCPNP_TOP/user/ifd
LOG=$SCPNP_OUT/pcscd.log
SERIAL=SCPNP0001
NAME="Gemalto Gemplus USB SmartCard Reader 433-Swap"
ATR=3b:7a:18:00:00:73:66:74:65:20:63:64:31:34:34
P11=/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so
SCPNP_LIB=ifd-scpnp.bundle/Contents/Linux/libifd-scpnp.so
CCID_LIB=ifd-ccid.bundle/Contents/Linux/libccid.so
PCSCD=

[ -x "$W" ] || fail "$W not built (make -C tests/vm/tools)"
[ -f "$IFD/$SCPNP_LIB" ] || fail "bundle not built (make -C user/ifd)"

cleanup() {
	[ -n "$PCSCD" ] && kill "$PCSCD" 2>/dev/null && wait "$PCSCD" 2>/dev/null
	make -s -C "$IFD" uninstall >/dev/null 2>&1
}
trap cleanup EXIT

start_pcscd() {
	pcscd -f -d >> "$LOG" 2>&1 &
	PCSCD=$!
	wait_for "$W list >/dev/null 2>&1" 30 || fail "pcscd lists no reader: $(tail -5 "$LOG")"
}

install_modules
start_udevd
wait_for "[ -c /dev/ccid0s0 ]" 30 || fail "no /dev/ccid0s0 (ccid.ko not autoloaded?)"
make -s -C "$IFD" install >/dev/null || fail "make install of the bundle"
[ -f "/usr/lib/pcsc/drivers/$SCPNP_LIB" ] || fail "bundle not installed in pcscd's drivers directory"
start_pcscd

# --- the reader, through our handler --------------------------------------
readers=$(opensc-tool -l 2>&1)
log "opensc-tool -l: $readers"
reader=$($W list | grep "($SERIAL)") || fail "no reader with serial $SERIAL: $($W list)"
case $reader in
"$NAME ["*"] ($SERIAL) 00 00") ;;
*) fail "reader name '$reader' is not libccid's format" ;;
esac
echo "$readers" | grep -qF "$reader" || fail "opensc-tool -l does not list '$reader'"
grep -F "Attempting startup of $reader using" "$LOG" | grep -qF "$SCPNP_LIB" ||
	fail "pcscd did not start the reader with SCPNP"
grep -q "Error parsing .*ifd-scpnp.bundle" "$LOG" && fail "pcscd cannot parse our Info.plist"
# card events come from the handler's polling function, not pcscd's timer
grep -q "Using the reader polling thread" "$LOG" ||
	fail "pcscd does not use the handler's polling function"
grep -F "scpnp: usb:08e6/4433:libudev:" "$LOG" | grep -qF "\"${reader% 00 00}\"" ||
	fail "the handler's log does not name the reader as pcscd does"
result pcsc-list ok

$W card "$SERIAL" present 30 >/dev/null || fail "pcscd never saw the card"
atr=$(opensc-tool -a 2>&1)
log "opensc-tool -a: $atr"
[ "$(echo "$atr" | tail -n1)" = "$ATR" ] || fail "ATR: $atr"
result pcsc-atr ok

objs=$(pkcs11-tool --module "$P11" -O 2>&1)
echo "$objs" > "$SCPNP_OUT/pkcs11-objects"
n=$(echo "$objs" | grep -c "^Certificate Object")
log "pkcs11-tool -O: $n certificates"
[ "$n" = 3 ] || fail "pkcs11-tool -O lists $n certificates: $(echo "$objs" | head -20)"
result pcsc-pkcs11 ok

if grep -n "$CCID_LIB" "$LOG"; then
	fail "libccid was loaded although ccid.ko holds the reader"
fi
result pcsc-no-libccid ok

# PC/SC part 10: QEMU's reader has no usable PIN pad (ccid.ko's quirk), so
# the feature list holds GET_TLV_PROPERTIES only; opensc-tool shows it.
# (Secure itself is covered by the gadget scenarios.)

# --- back to libccid at run time, and back again -------------------------
intf=$(basename "$(readlink -f /sys/class/ccid/ccid0s0/device)")
case $intf in *:*) ;; *) fail "slot node's parent is not a USB interface: $intf" ;; esac
log "handing $intf to libccid"
mark=$(wc -l < "$LOG")
echo -n "$intf" > /sys/bus/usb/drivers/ccid/unbind || fail "unbind $intf"
udevadm trigger --action=remove "/sys/bus/usb/devices/$intf"
$W reader "$SERIAL" gone 90 >/dev/null || fail "pcscd kept the reader after remove"
log "unbound, pcscd dropped the reader; re-announcing it"
udevadm trigger --action=add "/sys/bus/usb/devices/$intf"
$W reader "$SERIAL" present 90 >/dev/null || fail "reader not back with libccid: $(tail -n +"$mark" "$LOG" | tail -20)"
tail -n +"$mark" "$LOG" > "$SCPNP_OUT/pcscd-fallback.log"
grep -q "interface not bound to ccid.ko" "$SCPNP_OUT/pcscd-fallback.log" ||
	fail "SCPNP did not decline the unbound interface"
grep -q "Attempting startup of .*$CCID_LIB" "$SCPNP_OUT/pcscd-fallback.log" ||
	fail "pcscd did not fall back to libccid"
[ "$($W list | grep "($SERIAL)")" = "$reader" ] || fail "libccid names it '$($W list)', SCPNP named it '$reader'"
$W card "$SERIAL" present 30 >/dev/null || fail "libccid does not see the card"
atr=$(opensc-tool -a 2>&1 | tail -n1)
[ "$atr" = "$ATR" ] || fail "ATR through libccid: $atr"
result pcsc-fallback-libccid ok

log "giving $intf back to ccid.ko"
mark=$(wc -l < "$LOG")
udevadm trigger --action=remove "/sys/bus/usb/devices/$intf"
$W reader "$SERIAL" gone 90 >/dev/null || fail "pcscd kept the libccid reader"
echo -n "$intf" > /sys/bus/usb/drivers/ccid/bind || fail "bind $intf back to ccid.ko"
log "bound"
wait_for "[ -c /dev/ccid0s0 ]" 30 || fail "no slot node after bind"
udevadm trigger --action=add "/sys/bus/usb/devices/$intf"
log "re-announced"
$W reader "$SERIAL" present 90 >/dev/null || fail "reader not back with SCPNP"
tail -n +"$mark" "$LOG" | grep -q "Attempting startup of .*$SCPNP_LIB" ||
	fail "pcscd did not take SCPNP again"
$W card "$SERIAL" present 30 >/dev/null || fail "no card after rebind"
atr=$(opensc-tool -a 2>&1 | tail -n1)
[ "$atr" = "$ATR" ] || fail "ATR after rebind: $atr"
result pcsc-rebind-scpnp ok
ok
