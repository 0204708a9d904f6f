#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# T=1 at TPDU level on a virtual two-slot reader without automatic PPS,
# parameter negotiation or IFSD (tests/gadget): ccid.ko sends PPS for the
# card's TA1 then SetParameters, negotiates IFSD with S(IFS request),
# chains a 4 KiB command in IFSC-sized (32) blocks and a 4 KiB answer,
# recovers corrupted blocks (LRC and CRC cards) by R-block
# retransmission, resynchronises after too many errors, and honours the
# card's S(WTX request) (the answer comes later than the plain timeout).
# scpnp-devices: none
# scpnp-kernels: debug
# scpnp-timeout: 400
# scpnp-results: 6
. "$SCPNP_TOP/tests/gadget/lib.sh"
gadget_need
install_modules
modprobe ccid || fail "modprobe ccid"
T=$CCIDTEST

# TA1 0x13 (Fi 372, Di 4), T=1 only, IFSC 32, BWI 4; slot 1 with CRC (TC3).
gadget_start t1 <<'CONF' || fail "gadget did not start"
idVendor 0x08e6
idProduct 0x3438
bMaxSlotIndex 1
bMaxCCIDBusySlots 2
dwProtocols 0x00000002
dwFeatures 0x0001003A
dwMaxIFSD 254
dwMaxCCIDMessageLength 271
card 0 atr+tck 3B 90 13 81 31 20 45
card 1 atr+tck 3B 90 13 81 71 20 45 01
CONF
glog=$(gadget_log t1)
n0=$(gadget_wait_node t1 0) || fail "no node for slot 0"
n1=$(gadget_wait_node t1 1) || fail "no node for slot 1"
gadget_active "$n0" || fail "slot 0 card not active: $($T "$n0" status) $(cat "$glog")"
gadget_active "$n1" || fail "slot 1 card not active: $($T "$n1" status)"
$T "$n0" status | grep -q 'protocol=2' || fail "slot 0 not T=1: $($T "$n0" status)"

# PPS (FF 11 13 FD) then SetParameters T=1 with Fi/Di 13, for each slot.
for s in 0 1; do
	pps=$(grep -n "slot $s: PPS ff 11 13$" "$glog" | head -n1 | cut -d: -f1)
	sp=$(grep -n "slot $s: SetParameters T=1 13 " "$glog" | head -n1 | cut -d: -f1)
	[ -n "$pps" ] && [ -n "$sp" ] && [ "$pps" -lt "$sp" ] ||
		fail "slot $s: no PPS then SetParameters in the gadget log"
done
result gadget-t1-pps ok

# IFSD: the host offered dwMaxIFSD (254) before its first I-block.
for s in 0 1; do
	ifs=$(grep -n "slot $s: T=1 S(IFS request 254)" "$glog" | head -n1 | cut -d: -f1)
	first=$(grep -n "slot $s: T=1 APDU" "$glog" | head -n1 | cut -d: -f1)
	[ -n "$ifs" ] || fail "slot $s: no S(IFS request 254)"
	[ -z "$first" ] || [ "$ifs" -lt "$first" ] || fail "slot $s: IFS after the first APDU"
done
result gadget-t1-ifsd ok

# 4 KiB both ways: the command in 32-byte blocks (IFSC), the answer in
# 254-byte blocks (IFSD).
out=$($T "$n0" echo:4096 getdata:4096)
log "$out"
echo "$out" | grep -q '^echo:4096: ok 4096$' || fail "4 KiB echo: $out"
echo "$out" | grep -q '^getdata:4096: ok 4096$' || fail "4 KiB answer: $out"
grep -q 'exceeds IFSC' "$glog" && fail "the host sent blocks larger than IFSC"
grep -q 'slot 0: T=1 APDU ins ee, 4105 bytes in, 4098 out' "$glog" || fail "the card did not see the 4 KiB command"
result gadget-t1-chaining ok

# A corrupted block is retransmitted on the host's R-block (LRC, CRC).
for s in 0 1; do
	node=$n0
	[ $s = 1 ] && node=$n1
	before=$(grep -c "slot $s: T=1 retransmit" "$glog")
	gadget_ctl t1 corrupt $s 2
	out=$($T "$node" getdata:1000)
	[ "$out" = "getdata:1000: ok 1000" ] || fail "slot $s with corrupted blocks: $out"
	after=$(grep -c "slot $s: T=1 retransmit" "$glog")
	(( after >= before + 2 )) || fail "slot $s: $((after - before)) retransmissions for 2 corrupted blocks"
done
result gadget-t1-retransmit ok

# Four bad blocks in a row: the host resynchronises (the exchange is lost,
# EIO), and the next APDU works.
gadget_ctl t1 corrupt 0 4
out=$($T "$n0" "apdu:00 A4 04 0C 02 3F 00" "apdu:00 A4 04 0C 02 3F 00")
log "$out"
grep -q 'slot 0: T=1 S(RESYNCH request)' "$glog" || fail "no S(RESYNCH request)"
[ "$(echo "$out" | tail -n1)" = "apdu:00 A4 04 0C 02 3F 00: ok 90 00" ] || fail "after resynch: $out"
result gadget-t1-resynch ok

# WTX: the card asks for 3 x BWT and answers after 6 s, beyond the 5 s
# the host waits for a block otherwise.
out=$($T "$n1" "apdu:00 E1 01 03")
log "$out"
[ "$out" = "apdu:00 E1 01 03: ok 90 00" ] || fail "WTX: $out"
grep -q 'slot 1: T=1 S(WTX response 3) bBWI 3' "$glog" || fail "no S(WTX response) with bBWI 3"
result gadget-t1-wtx ok
ok
