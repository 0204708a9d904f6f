#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ccid.ko on QEMU's reader: udev autoloads it, one slot node appears with the
# reader attributes of userspace-api/ccid.rst, the ATR reads through the node, a case-4
# APDU gets its full answer through GET RESPONSE (raw mode: the bytes as
# written, 61xx for the command without Le), and
# card removal and insertion wake poll().
# scpnp-devices: ccid
# scpnp-kernels: debian debug
# scpnp-timeout: 300
# scpnp-results: 6

T=$SCPNP_TOP/tests/vm/tools/ccidtest
[ -x "$T" ] || fail "$T not built (make -C tests/vm/tools)"
node=/dev/ccid0s0
select_ccc="00 A4 04 00 07 A0 00 00 01 16 DB 00 00"

install_modules
start_udevd
wait_for "[ -d /sys/module/ccid ]" 30 || fail "ccid.ko was not autoloaded by udev"
wait_for "[ -c $node ]" 30 || fail "no $node"
result ccid-autoload ok

# Reader attributes on the USB interface (QEMU: TPDU, T=0, 384-byte quirk).
intf=$(readlink -f /sys/class/ccid/ccid0s0/device)
check_attr() {
	local v
	v=$(<"$intf/$1") || fail "no attribute $1"
	[ "$v" = "$2" ] || fail "$1 is '$v', expected '$2'"
}
check_attr ccid_slots 1
check_attr ccid_exchange_level tpdu
check_attr ccid_protocols t0
check_attr ccid_max_message 384
check_attr ccid_pin_support none
check_attr ccid_busy_slots 1
check_attr ccid_features 0x000104fe
[ "$(ls /sys/class/ccid | wc -l)" = 1 ] || fail "more than one node for a one-slot reader"
mode=$(stat -c %a $node)
(( 8#$mode & 8#002 )) && fail "$node is world-writable ($mode)"
result ccid-sysfs ok

wait_for "$T $node status | grep -q 'state=2'" 30 || fail "card never became active: $($T $node status)"
atr=$($T $node atr)
[ "$atr" = "atr: ok 3b 7a 18 00 00 73 66 74 65 20 63 64 31 34 34" ] || fail "ATR: $atr"
result ccid-atr ok

out=$(card_apdu $T $node "apdu:$select_ccc")
log "final: $out"
case $out in "apdu:$select_ccc: ok "*" 90 00") ;; *) fail "case 4 SELECT: $out" ;; esac
n=$(echo "${out#*: ok }" | wc -w)
(( n > 2 )) || fail "case 4 SELECT returned no data: $out"
# Raw mode sends the bytes as written: with its Le the card answers the
# SELECT at once, as through libccid; without it (case 3) it says 61xx.
raw=$(card_apdu $T $node "raw:$select_ccc")
log "raw: $raw"
[ "${raw#*: }" = "${out#*: }" ] || fail "raw SELECT with Le differs from the driver's answer: $raw"
raw=$(card_apdu $T $node "raw:${select_ccc% 00}")
log "raw without Le: $raw"
case $raw in "raw:${select_ccc% 00}: ok 61 "??) ;; *) fail "raw SELECT without Le did not answer 61xx: $raw" ;; esac
# The raw answer announces exactly what GET RESPONSE then returned.
[ $((16#${raw##* })) = $((n - 2)) ] || fail "61xx announces $((16#${raw##* })) bytes, GET RESPONSE gave $((n - 2))"
result ccid-t0-case4 ok

# A card another handle powered off (pcscd does when idle) is powered again
# for the next APDU: that handle learns of the deactivation (ECONNRESET)
# once, then works; the handle that powered it off does not.
pcap_mark
$T $node status sleep:3 "apdu:$select_ccc" "apdu:$select_ccc" > "$SCPNP_OUT/other" &
sleep 1
out=$($T $node poweroff status)
wait
log "power off: $out / other handle: $(tr '\n' ' ' < "$SCPNP_OUT/other")"
case $out in *"poweroff: ok"*"state=1"*) ;; *) fail "power off: $out" ;; esac
mapfile -t O < "$SCPNP_OUT/other"
[ "${O[2]}" = "apdu:$select_ccc: ECONNRESET" ] || fail "other handle after power off: ${O[2]}"
case ${O[3]} in *" 90 00") ;; *) fail "APDU on the unpowered card: ${O[3]}" ;; esac
pcap_decode | grep -q IccPowerOn || fail "no IccPowerOn after the power off"
result ccid-power-on-demand ok

# Malformed requests are refused, not sent.
out=$($T $node apdu:00A4)
[ "$out" = "apdu:00A4: EINVAL" ] || fail "short APDU: $out"

# poll() wakes on removal and insertion.
$T $node status wait:30 status > "$SCPNP_OUT/poll-remove" &
sleep 1
qmp card-remove >/dev/null || fail "card-remove"
wait
log "$(cat "$SCPNP_OUT/poll-remove")"
grep -q 'wait:30: ok event' "$SCPNP_OUT/poll-remove" || fail "poll did not wake on removal"
tail -n1 "$SCPNP_OUT/poll-remove" | grep -q 'state=0' || fail "card still present after removal"
out=$($T $node "apdu:$select_ccc")
[ "$out" = "apdu:$select_ccc: ENOMEDIUM" ] || fail "APDU without a card: $out"

$T $node status wait:30 sleep:1 status > "$SCPNP_OUT/poll-insert" &
sleep 1
qmp card-insert >/dev/null || fail "card-insert"
wait
log "$(cat "$SCPNP_OUT/poll-insert")"
grep -q 'wait:30: ok event' "$SCPNP_OUT/poll-insert" || fail "poll did not wake on insertion"
wait_for "$T $node status | grep -q 'state=2'" 30 || fail "card not active after insertion"
result ccid-poll ok

# A handle opened before the new card learns of it once.
out=$(card_apdu $T $node "apdu:$select_ccc")
case $out in *" 90 00") ;; *) fail "APDU after reinsertion: $out" ;; esac
ok
