#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench on QEMU's reader (run by bench/run through tests/vm/run, and by
# the bench-smoke scenario with few round trips). Writes one JSON object
# per figure to $SCPNP_OUT/bench.jsonl:
#   footprint  kernel memory held for one reader (ftrace of the slab
#              allocations live after a bind, median of cycles)
#   modules    loaded sizes from /proc/modules
#   pnp        card insertion to uevent, netlink event, minidriver bound
#   block      APDUs/s, p50 and p99 of one block of round trips on one
#              path: the slot node, pcscd + ifd-scpnp, pcscd + libccid
#              (ccid.ko unbound), bare usbfs; every latency in lat-PATH
# Parameters (environment, else $SCPNP_TOP/build/bench/params):
#   BENCH_N           round trips per path (default 3000)
#   BENCH_PNP_CYCLES  insertions timed (default 5; the first is cold)
#   BENCH_MEM_CYCLES  bind cycles for the footprint (default 3)
#   BENCH_ROUNDS      rounds the round trips of each path are split in (10)
# scpnp-devices: ccid
# scpnp-kernels: debian
# scpnp-timeout: 1500

if [ -z "${BENCH_N:-}" ] && [ -f "$SCPNP_TOP/build/bench/params" ]; then
	. "$SCPNP_TOP/build/bench/params"
fi
N=${BENCH_N:-3000}
PNP_CYCLES=${BENCH_PNP_CYCLES:-5}
MEM_CYCLES=${BENCH_MEM_CYCLES:-3}
ROUNDS=${BENCH_ROUNDS:-10}
B=$SCPNP_TOP/bench/tools
PW=$SCPNP_TOP/tests/vm/tools/pcsc-wait
IFD=$SCPNP_TOP/user/ifd
SCB=$SCPNP_TOP/user/scbridge/scbridge
R=$SCPNP_OUT/bench.jsonl
W=/srv/bench
SERIAL=SCPNP0001
READER=08e6:4433
node=/dev/ccid0s0
card=/sys/bus/smartcard/devices/card0s0
PCSCD="" DPID=""

for t in bench-node bench-pcsc bench-usbfs bench-pnp; do
	[ -x "$B/$t" ] || fail "$B/$t not built (make -C bench tools)"
done
[ -x "$PW" ] || fail "$PW not built (make -C tests/vm/tools)"
: > "$R"
rm -f "$SCPNP_OUT"/lat-*
emit() { echo "$1" >> "$R"; }
now_ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }

bye() {
	[ -n "$PCSCD" ] && kill "$PCSCD" 2>/dev/null
	[ -n "$DPID" ] && kill "$DPID" 2>/dev/null
	local_repo_stop $W
	make -s -C "$IFD" uninstall >/dev/null 2>&1
}
trap bye EXIT
. "$SCPNP_TOP/tests/vm/demo/local-repo.sh"

install_modules
start_udevd
wait_for "[ -c $node ]" 60 || fail "no $node (ccid.ko not autoloaded?)"
intf=$(basename "$(readlink -f /sys/class/ccid/ccid0s0/device)")
card_active() { timeout 10 "$SCPNP_TOP/tests/vm/tools/ccidtest" $node status 2>/dev/null | grep -q state=2; }
wait_for card_active 60 || fail "card not active"

# --- footprint: slab memory live after binding the reader ------------------
log "footprint: $MEM_CYCLES bind(s) of the reader, traced"
. "$SCPNP_TOP/bench/vm/footprint.sh"
mem_total=() mem_ccid=()
if footprint_ready; then
	for ((c = 0; c < MEM_CYCLES; c++)); do
		read -r tot own <<< "$(footprint_bind "$intf" $node qemu-$c)" ||
			fail "bind cycle $c of $intf"
		mem_total+=("$tot") mem_ccid+=("$own")
		wait_for card_active 30 || fail "card not active after bind"
	done
	emit "{\"kind\":\"footprint\",\"per_reader_bytes\":$(footprint_median "${mem_total[@]}"),\"per_reader_ccid_call_sites_bytes\":$(footprint_median "${mem_ccid[@]}"),\"cycles\":$MEM_CYCLES,\"samples\":[$(IFS=,; echo "${mem_total[*]}")],\"slots\":1}"
else
	emit '{"kind":"footprint","error":"no kmem trace events"}'
fi

modprobe scfilter || fail "modprobe scfilter"
wait_for "[ \"\$(cat $card/state 2>/dev/null)\" = ready ]" 120 || log "card0s0 not ready after loading scfilter"
emit "{\"kind\":\"modules\",$(awk '$1 == "ccid" || $1 == "scfilter" { printf "%s\"%s_loaded_bytes\":%s", s, $1, $2; s = "," }' /proc/modules)}"

# --- PnP latency: insertion to uevent, netlink, minidriver ------------------
log "PnP: local repository, scbridge daemon, $PNP_CYCLES insertion(s)"
err=$(local_repo_start $W) || fail "$err"
"$SCB" daemon >> $W/daemon.log 2>&1 &
DPID=$!
wait_for "grep -q 'started' $W/daemon.log" 30 || fail "scbridge daemon did not start: $(cat $W/daemon.log)"
for ((c = 0; c < PNP_CYCLES; c++)); do
	qmp card-remove >/dev/null || fail "card-remove"
	wait_for "[ ! -e $card ]" 30 || fail "card0s0 still there after removal"
	sleep 1
	out=$("$B/bench-pnp" 90) || fail "bench-pnp: $out"
	emit "{\"kind\":\"pnp\",\"cycle\":$c,\"cold\":$([ $c = 0 ] && echo true || echo false),${out#\{}"
	log "pnp $c: $out"
	wait_for "[ \"\$(cat $card/minidriver 2>/dev/null)\" = 'scpnp-test 1.0' ]" 30 ||
		fail "minidriver not bound after insertion $c"
	# discovery under TCG may run out of its budget: that insertion is lost
	# for the figures (bench-pnp then failed above), not silently counted
done
kill $DPID
wait $DPID 2>/dev/null
DPID=
local_repo_stop $W
cp $W/daemon.log "$SCPNP_OUT/daemon.log"

# --- throughput: the four paths, interleaved --------------------------------
# The host is shared and the guest runs under TCG: a block of round trips
# can run ten times slower than the next one for reasons outside the guest.
# So each path runs in ROUNDS short blocks, one block of every path per
# round in an order that rotates, so that such spells hit all paths alike;
# the host computes each path's figures from the latencies of all its
# blocks (lat-PATH).
per=$(( (N + ROUNDS - 1) / ROUNDS ))
bound() { [ -e "/sys/bus/usb/drivers/ccid/$intf" ]; }
ensure_bound() {
	bound || echo -n "$intf" > /sys/bus/usb/drivers/ccid/bind 2>/dev/null
	wait_for "[ -c $node ]" 30 || fail "no $node after binding $intf"
	wait_for card_active 30 || fail "card not active on $node"
}
ensure_unbound() {
	if bound; then
		echo -n "$intf" > /sys/bus/usb/drivers/ccid/unbind || fail "unbind $intf"
	fi
	wait_for "[ ! -e $node ]" 30 || fail "$node still there after unbind"
}
# start_pcscd DRIVER-FILE LOG: pcscd (without -d, which logs every APDU)
# on the reader, and proof from its memory map that the IFD handler it
# loaded is DRIVER-FILE and no other
# Returns 1 (WHY set) when pcscd does not show the card in time.
start_pcscd() {
	local lib=$1 log=$2 other=libccid.so
	[ "$lib" = libccid.so ] && other=libifd-scpnp.so
	pcscd -f >> "$log" 2>&1 &
	PCSCD=$!
	if ! wait_for "timeout -k 2 10 $PW card '$SERIAL' present 5 >/dev/null 2>&1" 30; then
		WHY="pcscd ($lib) showed no card within 30 s"
		return 1
	fi
	grep -q "/$lib\$" /proc/$PCSCD/maps || fail "pcscd did not load $lib"
	grep -q "/$other\$" /proc/$PCSCD/maps && fail "pcscd loaded $other"
	return 0
}
stop_pcscd() {
	[ -n "$PCSCD" ] || return 0
	kill $PCSCD 2>/dev/null
	wait_for "[ ! -d /proc/$PCSCD ]" 10 || kill -9 $PCSCD 2>/dev/null
	wait $PCSCD 2>/dev/null
	PCSCD=
}
# block PATH CMD...: one block of a path, its JSON line kept. A block that
# does not end in BLOCK_TIMEOUT s, or ends in failure, is recorded as
# failed (and ends the run when BENCH_STRICT=1, as in the smoke run): the
# emulated card sometimes stops answering, and a peer may then hang.
BLOCK_TIMEOUT=$(( 60 + per / 10 ))
block() {
	local path=$1 out rc
	shift
	out=$(BENCH_RAW=$SCPNP_OUT/lat-$path timeout -k 5 $BLOCK_TIMEOUT "$@")
	rc=$?
	if [ $rc = 0 ]; then
		emit "{\"kind\":\"block\",\"round\":$round,${out#\{}"
		return 0
	fi
	if [ $rc = 124 ] || [ $rc = 137 ]; then
		out="no end after $BLOCK_TIMEOUT s"
		# where pcscd's threads wait (a peer stuck on the reader)
		[ -n "$PCSCD" ] && out+="; pcscd threads in: $(cat /proc/$PCSCD/task/*/wchan 2>/dev/null |
			tr '\0' '\n' | sort | uniq -c | awk '{ printf "%s%s x%s", s, $2, $1; s = ", " }')"
	fi
	block_failed "$path" "$out"
}
# block_failed PATH WHY: record it (fatal when BENCH_STRICT=1)
block_failed() {
	[ "${BENCH_STRICT:-0}" = 1 ] && fail "$1: $2"
	log "round $((round + 1)): $1 block failed: $2"
	emit "$(jq -cn --arg p "$1" --arg w "$2" --argjson r $round '{kind: "block-failed", round: $r, path: $p, why: $w}')"
}
# 1. the slot node (cooked mode: the driver sends GET RESPONSE)
run_node() {
	ensure_bound
	block node "$B/bench-node" $node "$per"
}
# 2. pcscd with ifd-scpnp (and libccid's bundle, which cannot claim it)
run_pcsc_scpnp() {
	ensure_bound
	make -s -C "$IFD" install >/dev/null || fail "make install of ifd-scpnp.bundle"
	if start_pcscd libifd-scpnp.so "$SCPNP_OUT/pcscd-scpnp.log"; then
		block pcsc-scpnp "$B/bench-pcsc" pcsc-scpnp "($SERIAL)" "$per"
	else
		block_failed pcsc-scpnp "$WHY"
	fi
	stop_pcscd
	make -s -C "$IFD" uninstall >/dev/null 2>&1
}
# 3. pcscd with libccid's bundle only, ccid.ko unbound
run_pcsc_libccid() {
	ensure_unbound
	if start_pcscd libccid.so "$SCPNP_OUT/pcscd-libccid.log"; then
		block pcsc-libccid "$B/bench-pcsc" pcsc-libccid "($SERIAL)" "$per"
	else
		block_failed pcsc-libccid "$WHY"
	fi
	stop_pcscd
}
# 4. the floor: bare CCID exchanges on usbfs; it takes the interface from
# whichever driver holds it and hands it back to the kernel at its end
run_usbfs() {
	block usbfs "$B/bench-usbfs" $READER "$per"
}
order=(run_node run_pcsc_scpnp run_pcsc_libccid run_usbfs)
for ((round = 0; round < ROUNDS; round++)); do
	log "round $((round + 1))/$ROUNDS: $per round trips per path"
	for ((k = 0; k < ${#order[@]}; k++)); do
		${order[(round + k) % ${#order[@]}]}
	done
done
ensure_bound

log "results: $(wc -l < "$R") figures in $R"
ok
