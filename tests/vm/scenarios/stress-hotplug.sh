#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Hotplug stress on QEMU's reader, on the debug kernel: cards inserted and
# removed, then the reader unplugged and plugged again, while every
# interface is in use at once: an APDU loop on the slot node, an APDU loop
# through pcscd and our IFD handler, and `scbridge monitor --json` on the
# netlink multicast group. Each card must be named again by scfilter; the
# users see only the documented outcomes (no card, reset, reader gone), and
# never hang; the monitor sees every event in sequence, or says where it
# lost some and resynchronised by a dump (counted, allowed). The runner
# checks the kernel log (KASAN, lockdep, hung tasks) and kmemleak.
#
# make check runs the short form; make stress (tests/stress) the long one:
#   SCPNP_STRESS_CARDS   card remove/insert cycles    (default 5)
#   SCPNP_STRESS_READERS reader unplug/plug cycles    (default 1)
# scpnp-devices: ccid
# scpnp-kernels: debug
# scpnp-timeout: 900
# scpnp-results: 4

T=$SCPNP_TOP/tests/vm/tools
SCB=$SCPNP_TOP/user/scbridge/scbridge
IFD=$SCPNP_TOP/user/ifd
SERIAL=SCPNP0001
NODE=/dev/ccid0s0
CARD=/sys/bus/smartcard/devices/card0s0
SELECT="00 A4 04 00 07 A0 00 00 01 16 DB 00 00"
STOP=$SCPNP_OUT/stop
M=$SCPNP_OUT/monitor.jsonl
cards=${SCPNP_STRESS_CARDS:-5}
readers=${SCPNP_STRESS_READERS:-1}
PIDS=()

[ -x "$T/hammer" ] || fail "$T/hammer not built (make -C tests/vm/tools)"
cleanup() {
	touch "$STOP"
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	make -s -C "$IFD" uninstall >/dev/null 2>&1
}
trap cleanup EXIT

card_ready() {
	[ "$(cat $CARD/state 2>/dev/null)" = ready ]
}

# ok_count MODE: APDUs that succeeded so far for that user (hammer's counts)
ok_count() {
	sed -n 's/.* ok=\([0-9]*\) .*/\1/p' "$STOP.$1" 2>/dev/null || echo 0
}

install_modules
start_udevd
wait_for "[ -c $NODE ]" 60 || fail "no $NODE (ccid.ko not autoloaded?)"
# Card events and transfer errors in the kernel log, to match the users'
# outcomes against (not the per-message trace of debug.c).
for f in slot.c transport.c notify.c; do
	echo "module ccid file $f +p" > /sys/kernel/debug/dynamic_debug/control 2>/dev/null
done
modprobe scfilter || fail "modprobe scfilter"
wait_for card_ready 60 || fail "card0s0 not ready at the start"

"$SCB" monitor --json > "$M" 2> "$SCPNP_OUT/monitor.err" &
PIDS+=($!)
make -s -C "$IFD" install >/dev/null || fail "make install of the bundle"
pcscd -f -d > "$SCPNP_OUT/pcscd.log" 2>&1 &
PIDS+=($!)
wait_for "$T/pcsc-wait list 2>/dev/null | grep -q '($SERIAL)'" 60 || fail "pcscd lists no reader"
"$T/hammer" node "$NODE" "$SELECT" "$STOP" > "$SCPNP_OUT/hammer.node" 2>&1 &
HNODE=$!
"$T/hammer" pcsc "($SERIAL)" "$SELECT" "$STOP" > "$SCPNP_OUT/hammer.pcsc" 2>&1 &
HPCSC=$!
# Both users get going before the hardware starts to change.
sleep 2

inserts=0
for c in $(seq 1 "$cards"); do
	log "card cycle $c"
	qmp card-remove >/dev/null || fail "card cycle $c: card-remove"
	wait_for "[ ! -e $CARD ]" 60 || fail "card cycle $c: card0s0 still there"
	qmp card-insert >/dev/null || fail "card cycle $c: card-insert"
	wait_for card_ready 60 || fail "card cycle $c: card0s0 not named again"
	inserts=$((inserts + 1))
	kill -0 "$HNODE" 2>/dev/null || fail "card cycle $c: node user died: $(cat "$SCPNP_OUT/hammer.node")"
	kill -0 "$HPCSC" 2>/dev/null || fail "card cycle $c: pcsc user died: $(cat "$SCPNP_OUT/hammer.pcsc")"
done
log "$cards card cycles done"
result stress-card-cycles ok

for c in $(seq 1 "$readers"); do
	log "reader cycle $c"
	qmp reader-unplug >/dev/null || fail "reader cycle $c: reader-unplug"
	wait_for "[ ! -e $NODE ]" 60 || fail "reader cycle $c: $NODE still there"
	qmp reader-plug >/dev/null || fail "reader cycle $c: reader-plug"
	wait_for "[ -c $NODE ]" 60 || fail "reader cycle $c: no $NODE after replug"
	wait_for card_ready 60 || fail "reader cycle $c: card not named on the new reader"
	inserts=$((inserts + 1))
done
log "$readers reader cycles done"
result stress-reader-cycles ok

# Both users get APDUs through again after the last change, then stop.
for u in node pcsc; do
	n=$(ok_count $u)
	wait_for "[ \$(ok_count $u) -gt ${n:-0} ]" 60 ||
		fail "the $u user never got an APDU through after the last change"
done
touch "$STOP"
for p in $HNODE $HPCSC; do
	wait_for "! kill -0 $p 2>/dev/null" 60 || fail "a user hangs: $(cat "$SCPNP_OUT"/hammer.*)"
done
wait $HNODE
st_node=$?
wait $HPCSC
st_pcsc=$?
log "$(tail -n 1 "$SCPNP_OUT/hammer.node")"
log "$(tail -n 1 "$SCPNP_OUT/hammer.pcsc")"
[ $st_node = 0 ] || fail "node user: $(cat "$SCPNP_OUT/hammer.node")"
[ $st_pcsc = 0 ] || fail "pcsc user: $(cat "$SCPNP_OUT/hammer.pcsc")"
result stress-users ok

# The monitor: sequence numbers without holes, except where it said it
# resynchronised; every naming of a card seen (or covered by a resync).
sleep 1
python3 - "$M" "$inserts" <<'EOF' || fail "monitor: $(tail -n 5 "$M")"
import json, sys
path, inserts = sys.argv[1], int(sys.argv[2])
last = None
gaps = resyncs = card_inserts = 0
for line in open(path):
    ev = json.loads(line)
    if ev.get("event") == "resync":
        resyncs += 1
        last = None
        continue
    seq = ev["seq"]
    if last is not None and seq != last + 1:
        gaps += 1
        print(f"hole before seq {seq} (after {last}) without a resync")
    last = seq
    if ev.get("event") == "card-insert":
        card_inserts += 1
print(f"monitor: {card_inserts} card-insert for {inserts} namings, "
      f"{resyncs} resync(s), {gaps} unexplained hole(s)")
if gaps or (card_inserts < inserts and not resyncs):
    sys.exit(1)
EOF
result stress-monitor ok
ok
