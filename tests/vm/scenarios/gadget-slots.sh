#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Multi-slot and polled readers (tests/gadget). An 8-slot reader with
# bMaxCCIDBusySlots 3: one node per slot, APDU loops on all eight at once
# never make the reader see more than 3 busy slots, a card removed and
# inserted in one slot is an event for that slot's node only, and a
# dual-protocol card switches from T=0 to T=1 (one PPS, SetParameters,
# a fresh T=1 session). A reader without an interrupt endpoint reports
# removal and insertion by polling.
# scpnp-devices: none
# scpnp-kernels: debug
# scpnp-timeout: 400
# scpnp-results: 5
. "$SCPNP_TOP/tests/gadget/lib.sh"
gadget_need
install_modules
modprobe ccid || fail "modprobe ccid"
T=$CCIDTEST

gadget_start eight <<'CONF' || fail "gadget did not start"
idVendor 0x08e6
idProduct 0x343b
bMaxSlotIndex 7
bMaxCCIDBusySlots 3
dwProtocols 0x00000003
dwFeatures 0x0001003A
delay_ms 10
card 7 atr+tck 3B 80 80 01
CONF
glog=$(gadget_log eight)
log "reader configured"
declare -a node
for s in 0 1 2 3 4 5 6 7; do
	node[s]=$(gadget_wait_node eight $s) || fail "no node for slot $s"
	[ "${node[s]}" = "/dev/ccid0s$s" ] || fail "slot $s is ${node[s]}"
done
[ "$(ls -d /sys/class/ccid/ccid0s* | wc -l)" = 8 ] || fail "not 8 nodes"
intf=$(gadget_intf eight)
[ "$(<"$intf/ccid_slots")" = 8 ] || fail "ccid_slots $(<"$intf/ccid_slots")"
[ "$(<"$intf/ccid_busy_slots")" = 3 ] || fail "ccid_busy_slots $(<"$intf/ccid_busy_slots")"
for s in 0 1 2 3 4 5 6 7; do
	gadget_active "${node[s]}" 90 || fail "slot $s card not active: $($T "${node[s]}" status)"
done
result gadget-slots-nodes ok
log "eight cards active"

pids=()
for s in 0 1 2 3 4 5 6 7; do
	$T "${node[s]}" "loop:00 A4 04 0C 02 3F 00:10" > "$SCPNP_OUT/loop$s" &
	pids+=($!)
done
wait "${pids[@]}"	# not the gadgets
for s in 0 1 2 3 4 5 6 7; do
	grep -q '^loop: ok 10$' "$SCPNP_OUT/loop$s" || fail "slot $s loop: $(cat "$SCPNP_OUT/loop$s")"
done
grep -q 'busy violation' "$glog" && fail "more than 3 slots busy at once: $(grep 'busy violation' "$glog" | head -n1)"
peak=$(grep 'busy peak' "$glog" | tail -n1)
result gadget-slots-concurrent ok "${peak:-busy peak ?}"

# Per-slot events: slot 5 loses and regains its card; slot 4 sees nothing.
ev4=$($T "${node[4]}" status | sed 's/.*events=\([0-9]*\).*/\1/')
$T "${node[5]}" status wait:30 status > "$SCPNP_OUT/ev5" &
pid=$!
sleep 1
gadget_ctl eight remove 5
wait $pid
log "$(cat "$SCPNP_OUT/ev5")"
grep -q 'wait:30: ok event' "$SCPNP_OUT/ev5" || fail "no event on slot 5"
tail -n1 "$SCPNP_OUT/ev5" | grep -q 'state=0' || fail "slot 5 card still there"
out=$($T "${node[5]}" "apdu:00 A4 04 0C 02 3F 00")
[ "$out" = "apdu:00 A4 04 0C 02 3F 00: ENOMEDIUM" ] || fail "APDU on the empty slot: $out"
gadget_ctl eight insert 5
gadget_active "${node[5]}" || fail "slot 5 card not active again"
[ "$($T "${node[4]}" status | sed 's/.*events=\([0-9]*\).*/\1/')" = "$ev4" ] || fail "slot 4 saw slot 5's events"
$T "${node[4]}" "apdu:00 A4 04 0C 02 3F 00" | grep -q ': ok 90 00$' || fail "slot 4 after slot 5's events"
result gadget-slots-events ok

# Dual-protocol card (T=0 first, T=1 offered): switch to T=1.
$T "${node[7]}" status | grep -q 'protocol=1' || fail "slot 7 did not start with T=0"
mark=$(wc -l < "$glog")
out=$($T "${node[7]}" proto:2 status getdata:300)
log "$out"
echo "$out" | grep -q '^proto:2: ok 2$' || fail "switch to T=1: $out"
echo "$out" | grep -q 'protocol=2' || fail "not T=1 after the switch: $out"
echo "$out" | grep -q '^getdata:300: ok 300$' || fail "T=1 APDU after the switch: $out"
tail -n +"$mark" "$glog" | grep -c 'slot 7: PPS' | grep -qx 1 || fail "not one PPS: $(tail -n +"$mark" "$glog" | grep 'slot 7')"
tail -n +"$mark" "$glog" | grep -q 'slot 7: SetParameters T=1' || fail "no SetParameters T=1"
result gadget-slots-protocol-switch ok
gadget_stop eight

# Polling: no interrupt endpoint.
gadget_start polled <<'CONF' || fail "gadget did not start"
idVendor 0x08e6
idProduct 0x343c
bNumEndpoints 2
dwProtocols 0x00000001
CONF
node=$(gadget_wait_node polled 0) || fail "no node"
gadget_active "$node" || fail "card not active"
$T "$node" info | grep -q 'int=0' || fail "reader claims an interrupt endpoint: $($T "$node" info)"
$T "$node" status wait:30 status > "$SCPNP_OUT/poll" &
pid=$!
sleep 1
gadget_ctl polled remove 0
wait $pid
grep -q 'wait:30: ok event' "$SCPNP_OUT/poll" || fail "removal not noticed: $(cat "$SCPNP_OUT/poll")"
tail -n1 "$SCPNP_OUT/poll" | grep -q 'state=0' || fail "card still there: $(cat "$SCPNP_OUT/poll")"
gadget_ctl polled insert 0
gadget_active "$node" 30 || fail "insertion not noticed"
result gadget-poll ok
ok
