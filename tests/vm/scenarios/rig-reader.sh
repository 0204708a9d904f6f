#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The rig itself: the guest sees QEMU's reader, and QMP can remove and insert
# the card and unplug and replug the reader while the guest runs.
# scpnp-devices: ccid
# scpnp-kernels: debian debug
# scpnp-expect: ok
# scpnp-timeout: 90

reader=08e6:4433

wait_for "usb_present $reader" 20 || fail "reader $reader not enumerated"
dev=$(usb_path $reader)
log "reader at $dev: $(<"$dev/manufacturer") $(<"$dev/product") serial $(<"$dev/serial")"
[ "$(<"$dev/serial")" = SCPNP0001 ] || fail "reader serial is $(<"$dev/serial"), expected SCPNP0001"
[ "$(<"$dev/bDeviceClass")" = 00 ] || true
grep -qx 0b "$dev"/*:1.0/bInterfaceClass || fail "interface class is not CCID (0x0b)"
lsusb -d $reader || fail "lsusb does not list $reader"

qmp status | grep -q 'reader=yes card=yes' || fail "host says the card is not in at the start"
qmp card-remove || fail "card-remove"
qmp status | grep -q 'card=no' || fail "card still present for the host after card-remove"
usb_present $reader || fail "reader vanished when the card was removed"
qmp card-insert || fail "card-insert"
qmp status | grep -q 'card=yes' || fail "card not present after card-insert"

qmp reader-unplug || fail "reader-unplug"
wait_for "! usb_present $reader" 20 || fail "reader still enumerated after unplug"
log "reader gone"
qmp reader-plug pcap=replug.pcap || fail "reader-plug"
wait_for "usb_present $reader" 20 || fail "reader not back after replug"
log "reader back at $(usb_path $reader)"
[ "$SCPNP_PCAP" = "$SCPNP_OUT/replug.pcap" ] || fail "SCPNP_PCAP=$SCPNP_PCAP after replug"
[ -s "$SCPNP_PCAP" ] || fail "no capture written for the new reader"
# The guest enumerated the new reader: its descriptors went over control
# transfers, which the capture holds.
python3 "$SCPNP_VM/ccid-pcap" --summary "$SCPNP_PCAP" || fail "capture unreadable"
ok
