#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: the whole story on QEMU's reader and emulated card, in readable
# steps with their times. Module autoload by udev, the card inserted (QMP),
# its uevent with the Windows PnP ID, scbridge fetching the minidriver from a
# local repository (nginx on 127.0.0.1) and registering it in p11-kit,
# pkcs11-tool listing the card's certificates through that minidriver,
# pcscd and ifd-scpnp, the card removed, the reader unplugged. Details go
# to $SCPNP_OUT/details.log (tests/demo copies it to build/demo/).
# Not part of make check: tests/vm/run finds it only by its path.
# scpnp-devices: ccid
# scpnp-kernels: debian debug
# scpnp-timeout: 600

SCB=$SCPNP_TOP/user/scbridge/scbridge
P11=$SCPNP_TOP/user/testpkcs11
IFD=$SCPNP_TOP/user/ifd
PW=$SCPNP_TOP/tests/vm/tools/pcsc-wait
D=$SCPNP_OUT/details.log
W=/srv/demo
SERIAL=SCPNP0001
ID='SCFILTER\CID_D2E980E2-8851-4F87-81D6-4F254E38001D'
card=/sys/bus/smartcard/devices/card0s0
reader=08e6:4433
PCSCD="" DPID="" UPID=""

for f in "$SCB" "$P11/scpnp-test-pkcs11.so" "$IFD/ifd-scpnp.bundle/Contents/Linux/libifd-scpnp.so" "$PW"; do
	[ -e "$f" ] || fail "$f not built"
done
: > "$D"

t_start=$(date +%s%N)
t_prev=$t_start
# step TEXT: one line with the time since the start and the step's own time
step() {
	local now
	now=$(date +%s%N)
	printf 'demo: [%5.1fs] %-26s %6.2fs  %s\n' \
		"$(( (now - t_start) / 1000000 ))e-3" "$1" "$(( (now - t_prev) / 1000000 ))e-3" "$2"
	printf '\n==== %s: %s\n' "$1" "$2" >> "$D"
	t_prev=$now
}
# more TEXT: an indented line under the step
more() {
	printf 'demo:                                           %s\n' "$*"
}
# detail CMD...: run a command, its output to the details log
detail() {
	echo "\$ $*" >> "$D"
	"$@" >> "$D" 2>&1
}
# begin: the next step's time starts now (what came before was set-up)
begin() {
	t_prev=$(date +%s%N)
}
bye() {
	[ -n "$PCSCD" ] && kill "$PCSCD" 2>/dev/null
	[ -n "$DPID" ] && kill "$DPID" 2>/dev/null
	[ -n "$UPID" ] && kill "$UPID" 2>/dev/null
	local_repo_stop $W
	{
		echo "==== pcscd log (last 200 lines)"
		tail -n 200 $W/pcscd.log 2>/dev/null
		echo "==== scbridge daemon log"
		cat $W/daemon.log 2>/dev/null
		echo "==== nginx access log"
		cat $W/nginx/access.log 2>/dev/null
		echo "==== kernel log (scpnp lines)"
		dmesg | grep -E 'ccid|scfilter|usb 1-' | tail -n 80
	} >> "$D"
	make -s -C "$IFD" uninstall >/dev/null 2>&1
}
trap bye EXIT
export SYSTEMD_IGNORE_CHROOT=1

step "guest up" "Linux $SCPNP_KVER ($SCPNP_KERNEL kernel) under QEMU, reader $reader with an empty slot"
qmp card-remove >/dev/null || fail "could not take the card out before the start"
wait_for "usb_present $reader" 30 || fail "QEMU's reader ($reader) did not show up"
detail lsusb -v -d $reader

# --- 1. module autoload ----------------------------------------------------
install_modules
begin
start_udevd
wait_for "[ -d /sys/module/ccid ]" 60 || fail "udev did not load ccid.ko for $reader"
wait_for "[ -c /dev/ccid0s0 ]" 60 || fail "ccid.ko bound but made no /dev/ccid0s0"
intf=$(readlink -f /sys/class/ccid/ccid0s0/device)
step "module autoload" "udev loaded ccid.ko for $(cat "$intf/modalias" 2>/dev/null), slot node /dev/ccid0s0"
more "reader: $(cat "$intf/../product" 2>/dev/null), $(<"$intf/ccid_exchange_level") level, protocols $(<"$intf/ccid_protocols"), $(<"$intf/ccid_slots") slot"
# the by-id link exists once the project's udev rules are installed
compgen -G "/dev/smartcard/by-id/*" >/dev/null && more "udev link: $(ls /dev/smartcard/by-id/)"
detail grep -H . "$intf"/ccid_*
modprobe scfilter || fail "modprobe scfilter"
step "scfilter.ko loaded" "card naming stacked on ccid.ko (pnp=$(</sys/module/scfilter/parameters/pnp))"

# --- set-up: repository, daemon, pcscd (not part of the story's timing) ---
. "$SCPNP_TOP/tests/vm/demo/local-repo.sh"
err=$(local_repo_start $W) || fail "$err"
detail cat $W/build.log
step "local repository" "scbridge repo build: 1 signed package (scpnp-test 1.0) at http://127.0.0.1:8080/repo (nginx)"
"$SCB" daemon >> $W/daemon.log 2>&1 &
DPID=$!
wait_for "grep -q 'started' $W/daemon.log" 30 || fail "scbridge daemon did not start: $(cat $W/daemon.log)"
step "scbridge daemon" "$(sed -n 's/^scbridge: info: //p' $W/daemon.log | head -n 1)"
make -s -C "$IFD" install >/dev/null || fail "make install of ifd-scpnp.bundle"
pcscd -f -d > $W/pcscd.log 2>&1 &
PCSCD=$!
wait_for "$PW list 2>/dev/null | grep -q '($SERIAL)'" 30 || fail "pcscd lists no reader: $(tail -n 5 $W/pcscd.log)"
grep -q "Attempting startup of .*($SERIAL).*libifd-scpnp.so" $W/pcscd.log ||
	fail "pcscd did not start the reader with ifd-scpnp"
step "pcscd" "reader \"$($PW list | grep "($SERIAL)")\" driven by ifd-scpnp"

# --- 2. card insertion and its uevent --------------------------------------
udevadm monitor --kernel --property --subsystem-match=smartcard > $W/uevents 2>&1 &
UPID=$!
wait_for "grep -q 'KERNEL - the kernel uevent' $W/uevents" 30 || fail "udevadm monitor did not start"
card_settled() { [ -e $card ] && [ "$(cat $card/state 2>/dev/null)" != discovering ]; }
begin
qmp card-insert >/dev/null || fail "card-insert"
step "card insertion" "QMP device_add ccid-card-emulated (CAC with a Microsoft CardID applet)"
for try in 1 2; do
	wait_for card_settled 60 || fail "no card device after insertion"
	[ "$(<$card/state)" = ready ] && break
	# discovery has a time budget; on a starved TCG guest it can run out
	more "discovery ended '$(<$card/state)' (slow guest): re-inserting"
	{ qmp card-remove >/dev/null && wait_for "[ ! -e $card ]" 30 && qmp card-insert >/dev/null; } ||
		fail "re-insertion"
done
[ "$(<$card/state)" = ready ] || fail "card0s0 is '$(<$card/state)', not ready"
wait_for "grep -q '^SCF_PNP_ID=' $W/uevents" 30 || fail "no uevent with SCF_PNP_ID: $(cat $W/uevents)"
pnp=$(sed -n 's/^SCF_PNP_ID=//p' $W/uevents | head -n 1)
[ "$pnp" = "$ID" ] || fail "the uevent names the card '$pnp', expected '$ID'"
step "uevent" "add card0s0: SCF_PNP_ID=$pnp"
more "$(grep -E '^(SCF_ATR|MODALIAS)=' $W/uevents | head -n 2 | paste -sd ' ')"
detail cat $W/uevents

# --- 3. the minidriver, from the repository --------------------------------
wait_for '[ "$(cat $card/minidriver 2>/dev/null)" = "scpnp-test 1.0" ]' 90 ||
	fail "no minidriver bound: $(tail -n 5 $W/daemon.log)"
get=$(grep -c 'GET /repo/packages/' $W/nginx/access.log)
[ "$get" -ge 1 ] || fail "the package was not fetched over HTTP"
mod=/etc/pkcs11/modules/scpnp-scpnp-test.module
so=$(sed -n 's/^module: //p' $mod 2>/dev/null)
[ -f "$so" ] || fail "p11-kit module file $mod names no installed module"
p11-kit list-modules > $W/p11.txt 2>&1
grep -q 'library-description: scpnp test minidriver 1.0' $W/p11.txt ||
	fail "p11-kit does not load the minidriver: $(cat $W/p11.txt)"
step "minidriver installed" "scbridge fetched scpnp-test 1.0 from 127.0.0.1, verified, registered in p11-kit"
more "$(grep -o 'GET /repo/packages/[^ ]*' $W/nginx/access.log | head -n 1) -> $so"
more "sysfs card0s0/minidriver: $(<$card/minidriver)"
detail cat $W/daemon.log $mod

# --- 4. certificates through pcscd and ifd-scpnp ---------------------------
begin
$PW card "$SERIAL" present 30 >/dev/null || fail "pcscd never saw the card"
pkcs11-tool --module "$so" -O > $W/objects 2>&1
cp $W/objects "$SCPNP_OUT/pkcs11-objects"
ncert=$(grep -c '^Certificate Object' $W/objects)
[ "$ncert" = 3 ] || fail "pkcs11-tool -O lists $ncert certificates: $(head -n 20 $W/objects)"
step "pkcs11-tool -O" "$ncert certificates through the minidriver, pcscd and ifd-scpnp"
awk '/^Certificate Object/ { c = 1 } c && /label:/ { sub(/^ *label: */, ""); print; c = 0 }' $W/objects |
while read -r l; do more "certificate \"$l\""; done
grep -q 'ifd-ccid.bundle/Contents/Linux/libccid.so' $W/pcscd.log &&
	fail "pcscd loaded libccid although ccid.ko holds the reader"
detail cat $W/objects

# --- 5. card removal --------------------------------------------------------
begin
qmp card-remove >/dev/null || fail "card-remove"
wait_for "[ ! -e $card ]" 30 || fail "card0s0 still there after removal"
wait_for "grep -q '^ACTION=remove' $W/uevents" 30 || fail "no remove uevent"
$PW card "$SERIAL" absent 30 >/dev/null || fail "pcscd did not see the removal"
step "card removal" "remove uevent for card0s0; pcscd reports the slot empty"

# --- 6. reader unplug -------------------------------------------------------
begin
qmp reader-unplug >/dev/null || fail "reader-unplug"
wait_for "[ ! -e /dev/ccid0s0 ]" 30 || fail "/dev/ccid0s0 still there after the unplug"
$PW reader "$SERIAL" gone 30 >/dev/null || fail "pcscd kept the reader"
step "reader unplug" "/dev/ccid0s0 gone, pcscd dropped the reader"

total=$(( ($(date +%s%N) - t_start) / 1000000 ))
echo "demo: PASS — card named $pnp, driver scpnp-test 1.0 installed, $ncert certificates listed, in $((total / 1000)).$(( total % 1000 / 100 )) s"
ok
