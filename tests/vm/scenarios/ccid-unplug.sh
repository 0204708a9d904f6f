#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Surprise unplug under load, on the debug kernel: 4 processes loop on APDUs
# while the reader is unplugged through QMP, 20 times in one boot. Every
# pending call must end with ENODEV, the node must go away and come back,
# and the runner's KASAN/lockdep/kmemleak checks must stay silent. (QEMU
# takes the card out of the reader just before the reader itself, so a call
# may first see ENOMEDIUM; the loop goes on until the reader is gone.)
# scpnp-devices: ccid
# scpnp-kernels: debug
# scpnp-timeout: 900

T=$SCPNP_TOP/tests/vm/tools/ccidtest
node=/dev/ccid0s0
sel="00 A4 04 00 07 A0 00 00 01 16 DB 00 00"
cycles=${SCPNP_UNPLUG_CYCLES:-20}

# insmod, not modprobe: depmod over the whole module tree is slow here
insmod "$SCPNP_MODDIR/ccid.ko" || fail "insmod ccid.ko"

for c in $(seq 1 "$cycles"); do
	wait_for "[ -c $node ] && $T $node status | grep -q state=2" 60 ||
		fail "cycle $c: no active card"
	pids=()
	for i in 1 2 3 4; do
		$T $node "unplug-loop:$sel:1000000" > "$SCPNP_OUT/loop.$i" 2>&1 &
		pids+=($!)
	done
	sleep 1
	qmp reader-unplug >/dev/null || fail "cycle $c: reader-unplug"
	for p in "${pids[@]}"; do
		wait_for "! kill -0 $p 2>/dev/null" 30 || fail "cycle $c: a looping process hangs after unplug"
	done
	for i in 1 2 3 4; do
		out=$(cat "$SCPNP_OUT/loop.$i")
		case $out in
		"loop: ENODEV after "*) ;;
		*) fail "cycle $c, process $i: $out" ;;
		esac
	done
	wait_for "[ ! -e $node ]" 30 || fail "cycle $c: $node still there after unplug"
	qmp reader-plug >/dev/null || fail "cycle $c: reader-plug"
	log "cycle $c: $(cat "$SCPNP_OUT"/loop.* | tr '\n' ' ')"
done
wait_for "[ -c $node ] && $T $node status | grep -q state=2" 60 || fail "no active card at the end"
rmmod ccid || fail "rmmod ccid"
ok
