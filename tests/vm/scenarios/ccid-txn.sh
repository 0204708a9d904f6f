#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Exclusive transactions and the Windows 8 rule: a transaction idle for more
# than 5 s resets the card (IccPowerOff then IccPowerOn in the reader's
# capture; QEMU's card keeps its state across power cycles, so the capture
# is the proof) and ends; the holder and every other handle get ECONNRESET
# once, then work again. Others wait for the transaction, or get EBUSY with
# O_NONBLOCK.
# scpnp-devices: ccid
# scpnp-kernels: debian debug
# scpnp-timeout: 300
# scpnp-results: 3

T=$SCPNP_TOP/tests/vm/tools/ccidtest
node=/dev/ccid0s0
sel="00 A4 04 00 07 A0 00 00 01 16 DB 00 00"

# insmod, not modprobe: depmod over the whole module tree is slow here
insmod "$SCPNP_MODDIR/ccid.ko" || fail "insmod ccid.ko"
wait_for "[ -c $node ] && $T $node status | grep -q state=2" 60 || fail "no active card on $node"

pcap_mark
# A holds the transaction and goes idle; B and C were opened before.
$T $node begin "apdu:$sel" sleep:12 "apdu:$sel" "apdu:$sel" status > "$SCPNP_OUT/A" &
a=$!
sleep 1
$T $node begin-nb nonblock "apdu:$sel" > "$SCPNP_OUT/C-nb"
$T $node sleep:13 "apdu:$sel" "apdu:$sel" > "$SCPNP_OUT/B" &
b=$!
wait $a $b
for h in A B C-nb; do log "$h: $(tr '\n' '|' < "$SCPNP_OUT/$h")"; done

grep -q '^begin-nb: EBUSY' "$SCPNP_OUT/C-nb" || fail "O_NONBLOCK begin while held elsewhere did not give EBUSY"
grep -q "^apdu:$sel: EBUSY" "$SCPNP_OUT/C-nb" || fail "O_NONBLOCK APDU while held elsewhere did not give EBUSY"
result ccid-txn-exclusive ok

mapfile -t A < "$SCPNP_OUT/A"
[ "${A[0]}" = "begin: ok" ] || fail "holder: ${A[0]}"
case ${A[1]} in *" 90 00") ;; *) fail "holder's first APDU: ${A[1]}" ;; esac
[ "${A[3]}" = "apdu:$sel: ECONNRESET" ] || fail "holder after the idle reset: ${A[3]}"
case ${A[4]} in *" 90 00") ;; *) fail "holder's APDU after ECONNRESET: ${A[4]}" ;; esac
case ${A[5]} in *"flags=0 "*) ;; *) fail "transaction still held after the idle reset: ${A[5]}" ;; esac
mapfile -t B < "$SCPNP_OUT/B"
[ "${B[1]}" = "apdu:$sel: ECONNRESET" ] || fail "other handle after the reset: ${B[1]}"
case ${B[2]} in *" 90 00") ;; *) fail "other handle's APDU after ECONNRESET: ${B[2]}" ;; esac
result ccid-txn-econnreset ok

dmesg | grep -q 'transaction idle for more than 5000 ms: resetting card' ||
	fail "no idle-reset message in the kernel log"
msgs=$(pcap_decode | awk '$1 == "OUT" {print $2}' | tr '\n' ' ')
log "reader saw: $msgs"
case $msgs in
*"IccPowerOff IccPowerOn"*) ;;
*) fail "no IccPowerOff/IccPowerOn pair in the capture: $msgs" ;;
esac
result ccid-txn-idle-reset ok

# A transaction ended by its holder lets the others in at once.
$T $node begin sleep:2 end > "$SCPNP_OUT/D" &
sleep 1
out=$(card_apdu $T $node "apdu:$sel")
wait
case $out in *" 90 00") ;; *) fail "APDU after the holder ended its transaction: $out" ;; esac
grep -q '^end: ok' "$SCPNP_OUT/D" || fail "end: $(cat "$SCPNP_OUT/D")"
ok
