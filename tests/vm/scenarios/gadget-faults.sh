#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A hostile reader (tests/gadget/fault.c): replies with a wrong bSeq or
# bSlot, cut short, of the wrong type, longer than dwLength or than the
# host's buffer, with a dwLength that lies, no reply (silence, or mute to
# the Abort too), a bulk-IN stall the host can clear and one it cannot,
# answers held back behind NAKs, bError 0xFB, HardwareError and garbage on
# interrupt-IN, a storm of slot changes, time extensions, and an unplug
# while a command is pending. Each fault ends in the errno of
# Documentation/userspace-api/ccid.rst's table within a bounded time, and the next APDU on the
# slot works (or, for the unplug, the nodes go away). The VM runner fails
# the scenario on any kernel report or leak.
#
# A ten-slot reader: the faults that concern one slot run at once, one
# per slot; those that touch the whole bulk-IN pipe run one by one.
# Slot 9 meanwhile answers after 15 s of time extensions, with a card
# event and a second user waiting for it. The long form (SCPNP_SWEEP=all,
# from tests/stress) extends without end instead, up to the driver's
# ceiling (CCID_CMD_MAX_TIMEOUT_MS, 120 s), with a 60 s hung-task
# detector, and repeats the faults SCPNP_STRESS_FAULT_ROUNDS (10) times.
# scpnp-devices: none
# scpnp-kernels: debug
# scpnp-timeout: 420
# scpnp-results: 20
. "$SCPNP_TOP/tests/gadget/lib.sh"
gadget_need
install_modules
modprobe ccid || fail "modprobe ccid"
T=$CCIDTEST
SEL=00A40400023F0000		# SELECT MF, case 4: "6f 03 84 01 01 90 00"
WTX_SLOT=9
ROUNDS=1 WTX_SECONDS=15 WTX_EXPECT=ok
if [ "${SCPNP_SWEEP:-}" = all ]; then
	ROUNDS=${SCPNP_STRESS_FAULT_ROUNDS:-10}
	WTX_SECONDS=300 WTX_EXPECT=ETIMEDOUT
fi
FAILED=$SCPNP_OUT/fault-failures
: > "$FAILED"

gadget_start faults <<'CONF' || fail "gadget did not start"
idVendor 0x08e6
idProduct 0x3440
bMaxSlotIndex 9
bMaxCCIDBusySlots 10
dwProtocols 0x00000001
dwFeatures 0x000100BA
dwMaxCCIDMessageLength 271
CONF
glog=$(gadget_log faults)
declare -a node
for s in {0..9}; do
	node[s]=$(gadget_wait_node faults $s) || fail "no node for slot $s"
done
for s in {0..9}; do
	gadget_active "${node[s]}" || fail "slot $s not active: $($T "${node[s]}" status)"
done

bad() {
	log "FAIL $1: $2"
	result "gadget-fault-$1" FAIL "$2"
	echo "$1" >> "$FAILED"
}

# apdu_ok SLOT: a normal APDU works.
apdu_ok() {
	local out
	out=$(timeout 60 $T "${node[$1]}" "apdu:$SEL")
	echo "$out" | grep -q ": ok 6f 03 84 01 01 90 00$" && return 0
	log "normal APDU on slot $1: $out"
	return 1
}

# fault_arm SLOT "FAULT ARGS": arm FAULT on SLOT.
fault_arm() {
	gadget_ctl faults fault $1 "$2"
	wait_for "grep -q 'fault: slot $1: ${2%% *} armed' '$glog'" 10
}

# fault_case NAME SLOT "FAULT ARGS" EXPECT [LOG]: arm FAULT on SLOT (unless
# ARMED is set: done already), send an APDU, see EXPECT (an errno name or
# "ok", a regex) and the fault fired; then, once the gadget logged LOG (a
# regex), a normal APDU works.
fault_case() {
	local name=$1 s=$2 args=$3 expect=$4 wait=${5:-} kind=${3%% *} out
	local t0=$SECONDS fired
	fired=$(grep -c "fault: $kind: slot $s " "$glog")
	if [ -z "${ARMED:-}" ] && ! fault_arm $s "$args"; then
		bad "$name" "not armed"
		return
	fi
	out=$(timeout 150 $T "${node[s]}" "apdu:$SEL")
	log "$name (slot $s): $out ($((SECONDS - t0)) s)"
	if [ "$(grep -c "fault: $kind: slot $s " "$glog")" = "$fired" ]; then
		bad "$name" "the fault did not fire: $out"
		gadget_ctl faults fault $s clear
		return
	fi
	if ! echo "$out" | grep -Eq "^apdu:$SEL: ($expect)( |$)"; then
		bad "$name" "expected $expect, got: $out"
		return
	fi
	if [ -n "$wait" ] && ! wait_for "grep -Eq '$wait' '$glog'" 60; then
		bad "$name" "no '$wait' in the gadget's log"
		return
	fi
	[ "$kind" = mute ] && gadget_ctl faults fault $s clear
	gadget_active "${node[s]}" 30 || true
	if ! apdu_ok $s; then
		bad "$name" "slot $s did not recover"
		return
	fi
	result "gadget-fault-$name" ok "$out"
}

# A bulk-IN the host cannot clear fails every pending command: first,
# while slot 9 holds none.
fault_case wedge 0 "wedge 3000" EIO "fault: wedge: slot 0: bulk-IN cleared"

# Slot 9: time extensions, in the background, in a transaction. Whoever
# waits for the slot meanwhile (a card event, a second user, the
# transaction's idle timer) must not look hung; in the
# long form, a 60 s detector instead of the runner's 120 s makes a wait
# as long as the command's show.
hung=/proc/sys/kernel/hung_task_timeout_secs
hung_was=$(cat $hung)
[ "$WTX_EXPECT" = ok ] || echo 60 > $hung
gadget_ctl faults fault $WTX_SLOT wtx $WTX_SECONDS
wait_for "grep -q 'fault: slot $WTX_SLOT: wtx armed' '$glog'" 10 || fail "wtx not armed"
wtx_t0=$SECONDS
( $T "${node[WTX_SLOT]}" begin "apdu:$SEL" end > "$SCPNP_OUT/wtx.out" 2>&1 ) &
wtx_pid=$!
wait_for "grep -q 'fault: wtx: slot $WTX_SLOT ' '$glog'" 30 || bad wtx "the fault did not fire"
gadget_ctl faults fault $WTX_SLOT hwerror 2
( timeout 200 $T "${node[WTX_SLOT]}" status > "$SCPNP_OUT/bystander.out" 2>&1 ) &
bystander_pid=$!

for ((round = 0; round < ROUNDS; round++)); do
	# One slot each, at once: armed one by one, fired together.
	pids=()
	for a in "0 seq" "1 slot" "2 short" "3 silence" "4 mute" \
		 "5 delay 9000" "6 dwlength" "7 type" "8 error 0xFB"; do
		fault_arm ${a%% *} "${a#* }" || bad "${a#* }" "not armed"
	done
	export ARMED=1
	fault_case seq 0 "seq" ETIMEDOUT & pids+=($!)
	fault_case slot 1 "slot" ETIMEDOUT & pids+=($!)
	fault_case short 2 "short" "ETIMEDOUT|EPROTO" & pids+=($!)
	fault_case silence 3 "silence" ETIMEDOUT & pids+=($!)
	fault_case mute 4 "mute" "ETIMEDOUT|EBUSY" & pids+=($!)
	fault_case nak-storm-long 5 "delay 9000" ETIMEDOUT \
		"fault: delay: slot 5: answering after 9000 ms" & pids+=($!)
	fault_case dwlength 6 "dwlength" EPROTO & pids+=($!)
	fault_case type 7 "type" EPROTO & pids+=($!)
	fault_case hw-error-reply 8 "error 0xFB" EIO & pids+=($!)
	wait "${pids[@]}"
	unset ARMED

	# The whole pipe, one by one.
	fault_case huge 0 "huge" "ETIMEDOUT|EIO|EPROTO|EOVERFLOW"
	fault_case stall 0 "stall" "ETIMEDOUT|EIO"
	fault_case long 0 "long" ok
	fault_case nak-storm 0 "delay 3000" ok

	# HardwareError on interrupt-IN, for slot 0 and for a slot that
	# does not exist: a warning, the card is powered anew.
	warned=$(dmesg | grep -c 'hardware error on slot 0')
	for s in 0 200; do
		gadget_ctl faults fault $s hwerror 1
		wait_for "grep -q 'fault: hwerror: slot $s code' '$glog'" 10 ||
			bad hw-error-notify "not sent for slot $s"
	done
	if wait_for "[ \$(dmesg | grep -c 'hardware error on slot 0') -gt $warned ]" 10 &&
	   gadget_active "${node[0]}" 30 && apdu_ok 0; then
		result gadget-fault-hw-error-notify ok
	else
		bad hw-error-notify "no warning or no recovery"
	fi

	# Garbage on interrupt-IN: too short, a HardwareError cut short, an
	# unknown type, more slots than the reader has.
	g=0
	for m in 50 5100 99000000 50FFFFFFFFFFFF; do
		gadget_ctl faults fault 0 int $m
		wait_for "grep -q 'fault: int: $m sent' '$glog'" 10 || g=$m
	done
	if [ "$g" != 0 ]; then
		bad int-garbage "$g not sent"
	elif gadget_active "${node[0]}" 30 && apdu_ok 0; then
		result gadget-fault-int-garbage ok
	else
		bad int-garbage "no recovery"
	fi

	# A storm of slot changes, with APDUs on the slot meanwhile.
	n=$(grep -c "fault: storm: slot 0: done" "$glog")
	gadget_ctl faults fault 0 storm 300 2
	for i in 1 2 3 4 5; do
		timeout 60 $T "${node[0]}" "apdu:$SEL" | sed 's/^/storm: /'
	done
	if wait_for "[ \$(grep -c 'fault: storm: slot 0: done' '$glog') -gt $n ]" 60 &&
	   gadget_active "${node[0]}" 30 && apdu_ok 0; then
		result gadget-fault-slot-storm ok
	else
		bad slot-storm "no recovery: $($T "${node[0]}" status)"
	fi
done

# Slot 9: the answer after the extensions, or ETIMEDOUT at the ceiling.
if ! wait_for "! kill -0 $wtx_pid 2>/dev/null" 200; then
	bad wtx "still waiting after $((SECONDS - wtx_t0)) s"
	kill "$wtx_pid"
else
	out=$(cat "$SCPNP_OUT/wtx.out")
	log "wtx: $(tr '\n' ' ' <<< "$out")after $((SECONDS - wtx_t0)) s"
	if ! echo "$out" | grep -Eq "^apdu:$SEL: $WTX_EXPECT( |$)"; then
		bad wtx "expected $WTX_EXPECT, got: $out"
	elif ! wait_for "grep -q 'fault: wtx: slot $WTX_SLOT: .*time extension' '$glog'" 10 ||
	     ! gadget_active "${node[WTX_SLOT]}" 30 || ! apdu_ok $WTX_SLOT; then
		bad wtx "slot $WTX_SLOT did not recover"
	else
		result gadget-fault-wtx ok "$(grep '^apdu:' <<< "$out")"
	fi
fi
echo "$hung_was" > $hung
# The second user got its turn.
if wait_for "! kill -0 $bystander_pid 2>/dev/null" 30 &&
   grep -q '^status: ok' "$SCPNP_OUT/bystander.out"; then
	result gadget-fault-wtx-bystander ok
else
	bad wtx-bystander "$(cat "$SCPNP_OUT/bystander.out")"
fi

# Unplug while an XfrBlock is pending: ENODEV, and the nodes go.
gadget_ctl faults fault 0 quit
wait_for "grep -q 'fault: slot 0: quit armed' '$glog'" 10
out=$(timeout 60 $T "${node[0]}" "apdu:$SEL")
log "quit: $out"
wait "${GADGET_PID[faults]}" 2>/dev/null
unset "GADGET_PID[faults]"
if ! echo "$out" | grep -Eq ": ENODEV$"; then
	bad quit "expected ENODEV, got: $out"
elif ! wait_for "[ ! -e ${node[0]} ] && [ ! -e ${node[9]} ]" 30; then
	bad quit "nodes still there"
else
	result gadget-fault-quit ok
fi

[ -s "$FAILED" ] && fail "faults that did not end well: $(sort -u "$FAILED" | tr '\n' ' ')"
ok
