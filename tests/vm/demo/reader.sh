#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo, first part: QEMU's reader as the guest sees it, and ccid.ko
# bound to it when the module is built. Prints a line per step with the time
# since the scenario started.
# scpnp-devices: ccid
# scpnp-kernels: debian debug
# scpnp-timeout: 120

t0=$(date +%s%N)
step() { printf '  [%6.1fs] %s\n' "$(( ($(date +%s%N) - t0) / 1000000 ))e-3" "$*"; }
reader=08e6:4433

step "guest up: Linux $SCPNP_KVER ($SCPNP_KERNEL kernel), host userland over 9p"
wait_for "usb_present $reader" 30 || fail "QEMU's reader ($reader) did not show up"
dev=$(usb_path $reader)
step "reader enumerated: $(lsusb -d $reader)"
lsusb -v -d $reader 2>/dev/null | grep -E 'iProduct|iSerial|bInterfaceClass|ChipCard|dwFeatures|dwProtocols|bMaxSlotIndex' | sed 's/^/              /'
if compgen -G "$SCPNP_MODDIR/ccid.ko" >/dev/null; then
	install_modules
	start_udevd
	step "udev started; waiting for ccid.ko to bind"
	wait_for 'compgen -G "/dev/ccid*" >/dev/null' 30 || fail "ccid.ko did not create a slot node"
	step "ccid.ko bound: $(ls /dev/ccid* | tr '\n' ' ')"
	for a in "$dev"/*:1.0/ccid_*; do
		[ -f "$a" ] && printf '              %-22s %s\n' "${a##*/}" "$(<"$a")"
	done
	ls -l /dev/smartcard/by-id/ 2>/dev/null | sed -n '2,$p' | sed 's/^/              /'
	echo "demo: the reader is seen and driven by ccid.ko"
else
	step "ccid.ko not built ($SCPNP_MODDIR): showing the reader only"
	echo "demo: the reader is seen (ccid.ko not built yet)"
fi
ok
