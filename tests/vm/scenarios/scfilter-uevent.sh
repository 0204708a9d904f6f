#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scfilter.ko on QEMU's reader and emulated card: discovery names the card by
# its CardID; insertion gives an "add" uevent on bus smartcard (seen by
# udevadm monitor) with the Windows device ID, the ATR and the modalias, and
# a card-insert notification (seen by scbridge monitor --json); removal gives
# both remove events; sysfs and scbridge list --json agree; the card reaches
# node users after discovery; bind-driver shows in sysfs and as driver-bound;
# an unprivileged user gets EPERM from bind-driver and set-policy, in plain
# words; a reader unplug takes the card and the reader away.
# scpnp-devices: ccid
# scpnp-kernels: debian debug
# scpnp-timeout: 900
# scpnp-results: 7

SCB=$SCPNP_TOP/user/scbridge/scbridge
T=$SCPNP_TOP/tests/vm/tools/ccidtest
[ -x "$SCB" ] || fail "$SCB not built (make -C user)"
[ -x "$T" ] || fail "$T not built (make -C tests/vm/tools)"

ID='SCFILTER\CID_D2E980E2-8851-4F87-81D6-4F254E38001D'
ATR=3b7a18000073667465206364313434
ALIAS=smartcard:cidd2e980e288514f8781d64f254e38001d
card=/sys/bus/smartcard/devices/card0s0
U=$SCPNP_OUT/udev.log
M=$SCPNP_OUT/monitor.json

install_modules
# No udevd: udevadm monitor reads the kernel's uevents itself, and the
# scenario does not depend on how fast udevd settles on a slow guest.
modprobe ccid || fail "modprobe ccid"
# udevadm ignores requests in a chroot unless told otherwise (lib.sh does
# the same for udevd).
export SYSTEMD_IGNORE_CHROOT=1
wait_for "[ -c /dev/ccid0s0 ]" 120 || fail "no /dev/ccid0s0"
wait_for "$T /dev/ccid0s0 status | grep -q state=2" 120 || fail "card not active"

udevadm monitor --property --subsystem-match=smartcard > "$U" 2>&1 &
upid=$!
modprobe scfilter || fail "modprobe scfilter"
wait_for "[ -d /sys/module/scfilter ]" 120 || fail "scfilter.ko not loaded"
"$SCB" monitor --json > "$M" 2> "$SCPNP_OUT/monitor.err" &
mpid=$!
# Both listeners subscribed before anything happens.
wait_for "grep -q '\"event\":\"start\"' $M" 120 ||
	fail "scbridge monitor did not start: $(cat "$SCPNP_OUT/monitor.err")"
wait_for "grep -q 'KERNEL - the kernel uevent' $U" 120 || fail "udevadm monitor did not start"

# Kernel events in udevadm's output (blocks starting KERNEL[) that contain
# every pattern given.
udev_count() {
	PATS="$*" awk -v RS= '
		BEGIN { n = split(ENVIRON["PATS"], p, " ") }
		/^KERNEL\[/ {
			for (i = 1; i <= n; i++) if (index($0, p[i]) == 0) next
			c++
		}
		END { print c + 0 }' "$U"
}

# The card present at load time was named by the replay of ccid.ko.
wait_for "[ \"\$(cat $card/state 2>/dev/null)\" = ready ]" 120 ||
	fail "card0s0 not ready after load: state $(cat $card/state 2>/dev/null)"
[ "$(<$card/pnp_id)" = "$ID" ] || fail "pnp_id is $(<$card/pnp_id)"
[ "$(<$card/atr)" = "$ATR" ] || fail "atr is $(<$card/atr)"
[ "$(<$card/compatible_ids)" = "" ] || fail "compatible_ids: $(<$card/compatible_ids)"
[ "$(<$card/minidriver)" = "" ] || fail "minidriver: $(<$card/minidriver)"
[ "$(<$card/modalias)" = "$ALIAS" ] || fail "modalias: $(<$card/modalias)"
case $(readlink -f $card) in
*/ccid0s0/card0s0) ;;
*) fail "card0s0 is not a child of the slot device: $(readlink -f $card)" ;;
esac
result scfilter-sysfs ok

# Removal: both remove events.
qmp card-remove >/dev/null || fail "card-remove"
wait_for "[ ! -e $card ]" 120 || fail "card0s0 still there after removal"
wait_for "[ \$(udev_count ACTION=remove SUBSYSTEM=smartcard card0s0 'SCF_PNP_ID=$ID' SCF_ATR=$ATR) = 1 ]" 120 ||
	fail "no remove uevent with the IDs: $(cat "$U")"
wait_for "grep -q '\"event\":\"card-remove\"' $M" 120 ||
	fail "no card-remove notification: $(cat "$M" "$SCPNP_OUT/monitor.err")"
result scfilter-remove ok

# Insertion: add uevent with ID, ATR and modalias; card-insert notification.
adds=$(udev_count ACTION=add SUBSYSTEM=smartcard card0s0)
qmp card-insert >/dev/null || fail "card-insert"
wait_for "[ \"\$(cat $card/state 2>/dev/null)\" = ready ]" 120 ||
	fail "card0s0 not ready after insertion"
wait_for "[ \$(udev_count ACTION=add SUBSYSTEM=smartcard 'SCF_PNP_ID=$ID' SCF_ATR=$ATR MODALIAS=$ALIAS SCF_READER=0 SCF_SLOT=0 SCF_STATE=ready) = $((adds + 1)) ]" 120 ||
	fail "no add uevent with the IDs: $(cat "$U")"
log "udev: $(awk -v RS= '/ACTION=add/ && /card0s0/ { print; exit }' "$U" | tr '\n' ' ')"
wait_for "[ \$(grep -c '\"event\":\"card-insert\"' $M) -ge 1 ]" 120 ||
	fail "no card-insert notification"
ev=$(grep '"event":"card-insert"' "$M" | tail -n 1)
log "monitor: $ev"
[ "$(jq -r .card.pnp_id <<<"$ev")" = "$ID" ] || fail "card-insert pnp_id: $ev"
[ "$(jq -r .card.atr <<<"$ev")" = "$ATR" ] || fail "card-insert atr: $ev"
[ "$(jq -r .card.state <<<"$ev")" = ready ] || fail "card-insert state: $ev"
result scfilter-insert ok

# Sequence numbers: consecutive, no resync.
seqs=$(jq -r 'select(.event != "start") | .seq' "$M" | tr '\n' ' ')
prev=
for s in $seqs; do
	[ -z "$prev" ] || [ "$s" = $((prev + 1)) ] || fail "sequence gap: $seqs"
	prev=$s
done
grep -q '"resync"' "$M" && fail "monitor resynchronised without a loss"

# Node users see the card once discovery is over.
wait_for "$T /dev/ccid0s0 status | grep -q state=2" 120 || fail "card hidden from the node"
out=$(card_apdu "$SCB" apdu 00 A4 04 00 07 A0 00 00 01 16 DB 00 00) || fail "scbridge apdu: $out"
log "apdu: $out"
case $out in *"90 00") ;; *) fail "SELECT through scbridge apdu: $out" ;; esac

# scbridge list --json agrees with sysfs.
L=$("$SCB" list --json) || fail "scbridge list --json failed"
echo "$L" > "$SCPNP_OUT/list.json"
jc=$(jq -c '.readers[] | select(.index == 0) | .slots[] | select(.slot == 0) | .card' <<<"$L")
[ "$(jq -r .atr <<<"$jc")" = "$(<$card/atr)" ] || fail "list atr differs from sysfs: $jc"
[ "$(jq -r .pnp_id <<<"$jc")" = "$(<$card/pnp_id)" ] || fail "list pnp_id differs: $jc"
[ "$(jq -r .state <<<"$jc")" = "$(<$card/state)" ] || fail "list state differs: $jc"
[ "$(jq -r '.compatible_ids | join(" ")' <<<"$jc")" = "$(<$card/compatible_ids)" ] ||
	fail "list compatible_ids differ: $jc"
[ "$(jq -r .modalias <<<"$jc")" = "$(<$card/modalias)" ] || fail "list modalias differs: $jc"
[ "$(jq -r .minidriver <<<"$jc")" = null ] || fail "list minidriver: $jc"
[ "$(jq -r .pnp <<<"$L")" = true ] || fail "list pnp: $L"
[ "$(jq -r '.readers[0].vendor + ":" + .readers[0].product' <<<"$L")" = 08e6:4433 ] ||
	fail "list reader: $L"
[ "$(jq -r '.readers[0].serial' <<<"$L")" = SCPNP0001 ] || fail "list serial: $L"
"$SCB" list > "$SCPNP_OUT/list.txt" || fail "scbridge list"
grep -qF "$ID" "$SCPNP_OUT/list.txt" || fail "text list lacks the ID"
result scfilter-list ok

# Unprivileged: EPERM in plain words, and nothing changes.
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
nobody "$SCB" list --json > /dev/null || fail "unprivileged list failed"
if nobody "$SCB" bind msdrv 1.0 2> "$SCPNP_OUT/bind.err"; then
	fail "unprivileged bind-driver succeeded"
fi
grep -q 'permission denied: bind-driver needs CAP_NET_ADMIN' "$SCPNP_OUT/bind.err" ||
	fail "bind-driver error: $(cat "$SCPNP_OUT/bind.err")"
if nobody "$SCB" policy --pnp off 2> "$SCPNP_OUT/policy.err"; then
	fail "unprivileged set-policy succeeded"
fi
grep -q 'permission denied: set-policy needs CAP_NET_ADMIN' "$SCPNP_OUT/policy.err" ||
	fail "set-policy error: $(cat "$SCPNP_OUT/policy.err")"
[ "$(</sys/module/scfilter/parameters/pnp)" = Y ] || fail "pnp changed by an unprivileged user"
[ "$(<$card/minidriver)" = "" ] || fail "minidriver set by an unprivileged user"
result scfilter-eperm ok

# Root binds a minidriver: sysfs, list and a driver-bound notification.
"$SCB" bind msdrv 1.0 || fail "bind-driver as root"
[ "$(<$card/minidriver)" = "msdrv 1.0" ] || fail "minidriver after bind: $(<$card/minidriver)"
wait_for "grep -q '\"event\":\"driver-bound\"' $M" 120 || fail "no driver-bound notification"
[ "$("$SCB" list --json | jq -r '.readers[0].slots[0].card.minidriver.name')" = msdrv ] ||
	fail "list does not show the binding"
if "$SCB" bind 'bad name' 2> "$SCPNP_OUT/bind-bad.err"; then
	fail "bind with a space in the name succeeded"
fi
log "bad name: $(cat "$SCPNP_OUT/bind-bad.err")"
grep -q 'without spaces' "$SCPNP_OUT/bind-bad.err" || fail "no extack message for a bad name"
if "$SCB" bind --slot 7 msdrv 2> "$SCPNP_OUT/bind-noslot.err"; then
	fail "bind to a missing slot succeeded"
fi
grep -q 'no such slot' "$SCPNP_OUT/bind-noslot.err" || fail "no extack message for a missing slot"
result scfilter-bind ok

# Reader unplug: the card goes (remove uevent, card-remove), then the reader.
qmp reader-unplug >/dev/null || fail "reader-unplug"
wait_for "[ ! -e $card ]" 120 || fail "card0s0 survived the reader"
wait_for "grep -q '\"event\":\"reader-del\"' $M" 120 || fail "no reader-del"
[ "$(grep -c '"event":"card-remove"' "$M")" -ge 2 ] || fail "no card-remove on unplug"
"$SCB" list --json | jq -e '.readers == []' > /dev/null || fail "reader still listed"
qmp reader-plug >/dev/null || fail "reader-plug"
wait_for "grep -q '\"event\":\"reader-add\"' $M" 120 || fail "no reader-add after replug"
wait_for "[ \"\$(cat /sys/bus/smartcard/devices/card*/state 2>/dev/null)\" = ready ]" 120 ||
	fail "no card device on the new reader"
result scfilter-unplug ok

kill $mpid $upid 2>/dev/null
wait
ok
