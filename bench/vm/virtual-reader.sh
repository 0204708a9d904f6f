#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench on virtual readers (tests/gadget: raw-gadget on dummy_hcd, on
# Debian's kernel with raw_gadget.ko built out of tree by
# bench/build-raw-gadget). Two readers with a VID:PID that libccid and
# ifd-scpnp both list: a TPDU reader with a T=1 card (IFSC 254), moving
# 255-byte APDUs (T=1 chaining on the host side), and an extended-APDU
# reader moving 4 KiB APDUs. On each: the slot node, pcscd with ifd-scpnp,
# and pcscd with libccid (ccid.ko unbound), the mix being ECHO of SIZE bytes
# and GET DATA of SIZE bytes alternating; KiB/s counts command and answer
# bytes. Writes one JSON object per block to $SCPNP_OUT/bench.jsonl.
# Parameters (environment, else $SCPNP_TOP/build/bench/params):
#   BENCH_VN      round trips per path and reader (default 600)
#   BENCH_ROUNDS  rounds they are split in (default 10, at most 3 here)
# scpnp-devices: none
# scpnp-kernels: debian
# scpnp-timeout: 1500

if [ -z "${BENCH_VN:-}" ] && [ -f "$SCPNP_TOP/build/bench/params" ]; then
	. "$SCPNP_TOP/build/bench/params"
fi
VN=${BENCH_VN:-600}
ROUNDS=${BENCH_ROUNDS:-10}
(( ROUNDS > 3 )) && ROUNDS=3
B=$SCPNP_TOP/bench/tools
PW=$SCPNP_TOP/tests/vm/tools/pcsc-wait
IFD=$SCPNP_TOP/user/ifd
RG=$SCPNP_TOP/build/debian/raw-gadget/raw_gadget.ko
R=$SCPNP_OUT/bench.jsonl
PCSCD=
: > "$R"
emit() { echo "$1" >> "$R"; }

[ -f "$RG" ] || fail "no $RG (bench/build-raw-gadget)"
for t in bench-node bench-pcsc; do
	[ -x "$B/$t" ] || fail "$B/$t not built (make -C bench)"
done
modprobe udc_core || fail "modprobe udc_core"
[ -c /dev/raw-gadget ] || insmod "$RG" || fail "insmod raw_gadget.ko"
modprobe dummy_hcd || fail "modprobe dummy_hcd"
wait_for "[ -d /sys/class/udc/dummy_udc.0 ]" 30 || fail "no dummy_udc.0"
. "$SCPNP_TOP/tests/gadget/lib.sh"
gadget_need
install_modules
modprobe ccid || fail "modprobe ccid"
start_udevd
bye() {
	[ -n "$PCSCD" ] && kill "$PCSCD" 2>/dev/null
	make -s -C "$IFD" uninstall >/dev/null 2>&1
	gadget_cleanup
}
trap bye EXIT

start_pcscd() {	# start_pcscd SERIAL DRIVER-FILE LOG
	local serial=$1 lib=$2 other=libccid.so
	[ "$lib" = libccid.so ] && other=libifd-scpnp.so
	pcscd -f >> "$3" 2>&1 &
	PCSCD=$!
	wait_for "$PW card '$serial' present 5 >/dev/null 2>&1" 60 || fail "pcscd ($lib) sees no card in $serial"
	grep -q "/$lib\$" /proc/$PCSCD/maps || fail "pcscd did not load $lib"
	grep -q "/$other\$" /proc/$PCSCD/maps && fail "pcscd loaded $other"
}
stop_pcscd() {
	kill $PCSCD
	wait $PCSCD 2>/dev/null
	PCSCD=
}
block() {	# block READER PATH CMD...
	local reader=$1 path=$2 out
	shift 2
	out=$(BENCH_RAW=$SCPNP_OUT/lat-$reader-$path timeout -k 5 300 "$@") || fail "$reader $path: $out"
	emit "{\"kind\":\"vblock\",\"vreader\":\"$reader\",\"size\":$SIZE,\"round\":$round,${out#\{}"
}

# bench_reader NAME SERIAL SIZE: the three paths on the running gadget NAME
bench_reader() {
	local name=$1 serial=$2 node intf per=$(( (VN + ROUNDS - 1) / ROUNDS ))
	SIZE=$3
	export BENCH_MIX=data:$SIZE
	intf=$(basename "$(gadget_intf "$name")")
	for ((round = 0; round < ROUNDS; round++)); do
		log "$name: round $((round + 1))/$ROUNDS, $per round trips of $SIZE bytes per path"
		[ -e "/sys/bus/usb/drivers/ccid/$intf" ] ||
			echo -n "$intf" > /sys/bus/usb/drivers/ccid/bind || fail "bind $intf"
		node=$(gadget_wait_node "$name" 0) || fail "no slot node on $name"
		gadget_active "$node" || fail "card not active on $name"
		block "$name" node "$B/bench-node" "$node" "$per"
		make -s -C "$IFD" install >/dev/null || fail "make install of ifd-scpnp.bundle"
		start_pcscd "$serial" libifd-scpnp.so "$SCPNP_OUT/pcscd-$name-scpnp.log"
		block "$name" pcsc-scpnp "$B/bench-pcsc" pcsc-scpnp "($serial)" "$per"
		stop_pcscd
		make -s -C "$IFD" uninstall >/dev/null 2>&1
		echo -n "$intf" > /sys/bus/usb/drivers/ccid/unbind || fail "unbind $intf"
		start_pcscd "$serial" libccid.so "$SCPNP_OUT/pcscd-$name-libccid.log"
		block "$name" pcsc-libccid "$B/bench-pcsc" pcsc-libccid "($serial)" "$per"
		stop_pcscd
	done
	unset BENCH_MIX
}

# T=1 card (TD1 T=1, TA3 IFSC 254, TB3 BWI 4 CWI 5) on a TPDU reader that
# does PPS and IFSD itself: the host runs the T=1 block protocol.
gadget_start t1 <<'CONF' || fail "T=1 gadget did not start"
idVendor 0x08e6
idProduct 0x3437
serial BENCHT1
dwProtocols 0x00000002
dwFeatures 0x000104FE
dwMaxIFSD 254
dwMaxCCIDMessageLength 271
card 0 atr+tck 3B 80 81 31 FE 45
CONF
bench_reader t1 BENCHT1 255
gadget_stop t1

# Extended APDUs on an APDU-level reader: 4 KiB each way.
gadget_start ext <<'CONF' || fail "extended-APDU gadget did not start"
idVendor 0x08e6
idProduct 0x3438
serial BENCHEXT
dwProtocols 0x00000003
dwFeatures 0x000404FE
dwMaxIFSD 254
dwMaxCCIDMessageLength 65554
card 0 atr+tck 3B 80 81 31 FE 45
CONF
bench_reader ext BENCHEXT 4096
gadget_stop ext

# --- kernel memory per slot: one-slot and four-slot readers ---------------
# The same reader with 1 and 4 slots, each slot holding a card: the
# difference of their footprints over 3 is what one more slot costs.
. "$SCPNP_TOP/bench/vm/footprint.sh"
MEM_CYCLES=${BENCH_MEM_CYCLES:-3}
slots_conf() {	# slots_conf N
	printf 'idVendor 0x08e6\nidProduct 0x3437\nserial BENCHSLOTS\nbMaxSlotIndex %d\n' $(($1 - 1))
	printf 'bMaxCCIDBusySlots %d\ndwProtocols 0x00000001\ndwFeatures 0x000104FE\n' "$1"
	printf 'dwMaxCCIDMessageLength 271\ncard * atr 3B 7A 18 00 00 73 66 74 65 20 63 64 31 34 34\n'
}
if footprint_ready; then
	declare -A fp
	for n in 1 4; do
		gadget_start slots$n <<< "$(slots_conf $n)" || fail "$n-slot gadget did not start"
		last=$(gadget_wait_node slots$n $((n - 1))) || fail "no node for slot $((n - 1)) of the $n-slot reader"
		intf=$(basename "$(gadget_intf slots$n)")
		vals=()
		for ((c = 0; c < MEM_CYCLES; c++)); do
			read -r tot own <<< "$(footprint_bind "$intf" "$last" slots$n-$c)" ||
				fail "bind cycle $c of the $n-slot reader"
			vals+=("$tot")
		done
		fp[$n]=$(footprint_median "${vals[@]}")
		emit "{\"kind\":\"slots-footprint\",\"slots\":$n,\"bytes\":${fp[$n]},\"samples\":[$(IFS=,; echo "${vals[*]}")]}"
		gadget_stop slots$n
	done
	emit "{\"kind\":\"per-slot\",\"bytes\":$(( (fp[4] - fp[1]) / 3 )),\"how\":\"(4-slot reader - 1-slot reader) / 3, median of $MEM_CYCLES binds each\"}"
fi

log "results: $(wc -l < "$R") figures in $R"
ok
