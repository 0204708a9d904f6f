#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Error paths by fault injection, on the debug kernel (KASAN, lockdep,
# kmemleak): tests/vm/tools/failnth makes the k-th allocation of one call
# fail (failslab and fail_page_alloc, GFP_KERNEL included, no stack traces),
# for every k until the call meets no fault: ccid.ko's probe (a sysfs bind),
# open() of the slot node, CCID_IOC_TRANSMIT, and scfilter's registration
# replay inside finit_module() (where its slots and cards are made). Each
# must fail with an error or work; then the reader is unplugged and plugged
# and must bind again, and the runner's fault and leak checks stay silent.
#
# Each sweep prints how many injection points it covered and fails below
# the floor beside it, so a change that stops the injection from reaching
# the driver cannot pass. make check samples every 3rd point of the probe
# (SCPNP_SWEEP=all, make stress: every point).
#
# scfilter's own bus_register() comes first in its init: a failure inside
# it leaks the bus name in 6.1's core (kset_register does not free it), so
# the load sweep covers only the points of the replay: those of a load with
# the reader bound minus those of a load with no reader, counted first.
# scpnp-devices: ccid
# scpnp-kernels: debug
# scpnp-timeout: 600
# scpnp-results: 5

F=$SCPNP_TOP/tests/vm/tools/failnth
T=$SCPNP_TOP/tests/vm/tools/ccidtest
node=/dev/ccid0s0
drv=/sys/bus/usb/drivers/ccid
sel="00 A4 04 00 07 A0 00 00 01 16 DB 00 00"
step=3
[ "${SCPNP_SWEEP:-}" = all ] && step=1
# floors: the points each sweep reached when it was written, less a margin
probe_floor=$((60 / step))
open_floor=2
transmit_floor=8
replay_floor=4

d=/sys/kernel/debug
for a in failslab fail_page_alloc; do
	echo N > $d/$a/ignore-gfp-wait || fail "$a/ignore-gfp-wait"
	echo 0 > $d/$a/verbose || fail "$a/verbose"
done

insmod "$SCPNP_MODDIR/ccid.ko" || fail "insmod ccid.ko"
wait_for "[ -c $node ]" 30 || fail "no $node"
dev=$(usb_path 08e6:4433) || fail "no reader"
intf=${dev##*/}:1.0
[ -e "$drv/$intf" ] || fail "ccid did not bind $intf"

# check NAME FLOOR OUTPUT: one sub-result
check() {
	local name=$1 floor=$2 out=$3 n
	n=$(sed -n 's/^points \([0-9]*\) .*/\1/p' <<< "$out")
	log "$name: $out"
	if [ -z "$n" ]; then
		result "$name" FAIL "$out"
	elif [ "$n" -lt "$floor" ]; then
		result "$name" FAIL "$n injection points, floor $floor"
	else
		result "$name" ok "$out"
	fi
}

echo "$intf" > $drv/unbind || fail "unbind"
check fault-inject-probe $probe_floor "$($F bind $drv "$intf" $step 2>&1)"
wait_for "[ -c $node ] && $T $node status | grep -q state=2" 30 ||
	fail "no active card after the probe sweep"
check fault-inject-open $open_floor "$($F open $node 2>&1)"
check fault-inject-transmit $transmit_floor "$($F transmit $node "$sel" 2>&1)"

ko=$SCPNP_MODDIR/scfilter.ko
with=$($F count-load "$ko" scfilter) || fail "count-load: $with"
echo "$intf" > $drv/unbind || fail "unbind"
without=$($F count-load "$ko" scfilter) || fail "count-load: $without"
echo "$intf" > $drv/bind || fail "bind"
wait_for "[ -c $node ] && $T $node status | grep -q state=2" 30 ||
	fail "no active card before the replay sweep"
# the replay's points sit just before init returns; the few after it
# (the module's uevent) are covered by the margin
check fault-inject-replay $replay_floor \
	"$($F load "$ko" scfilter $((without - 8)) $((with + 1)) 2>&1) (load $with, no reader $without)"

qmp reader-unplug >/dev/null || fail "reader-unplug"
wait_for "[ ! -e $node ]" 30 || fail "$node still there after unplug"
qmp reader-plug >/dev/null || fail "reader-plug"
if wait_for "[ -c $node ] && $T $node status | grep -q state=2" 60 &&
	out=$($T $node "apdu:$sel" 2>&1); then
	result fault-inject-rebind ok "$out"
else
	result fault-inject-rebind FAIL "no working card after replug: $out"
fi
rmmod ccid || fail "rmmod ccid"
ok
