#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Reader lifetime on the debug kernel, with virtual readers: the
# transaction's idle timer firing as its last handle closes; an unplug while
# a slow command is in flight and a transaction timer is armed, with a second
# handle that closes only after the reader is gone; then the same reader binds
# again. The runner's KASAN, kmemleak, lockdep and hung-task checks must stay
# silent: a work or timer that outlives the reader shows up there.
# scpnp-devices: none
# scpnp-kernels: debug
# scpnp-timeout: 300
# scpnp-results: 3
. "$SCPNP_TOP/tests/gadget/lib.sh"
gadget_need
install_modules
modprobe ccid || fail "modprobe ccid"

sel="00 A4 04 00 02 3F 00 00"

gadget_start life <<'CONF' || fail "gadget did not start"
dwProtocols 0x00000001
CONF
node=$(gadget_wait_node life 0) || fail "no slot node: $(cat "$(gadget_log life)")"
gadget_active "$node" || fail "card not active: $($CCIDTEST "$node" status)"

# The idle timer (5 s) fires around the close: before, at and after it.
for t in 4.9 5.0 5.1; do
	out=$($CCIDTEST "$node" begin "apdu:$sel" "sleep:$t")
	echo "$out" | grep -q '^begin: ok' || fail "begin ($t s): $out"
done
gadget_active "$node" 10 || fail "card not active after the idle resets"
result lifetime-txn-close ok
gadget_stop life

# Every XfrBlock takes 3 s: unplug in the middle of one.
gadget_start slow <<'CONF' || fail "slow gadget did not start"
dwProtocols 0x00000001
delay_ms 3000
CONF
node=$(gadget_wait_node slow 0) || fail "no slot node: $(cat "$(gadget_log slow)")"
gadget_active "$node" || fail "card not active: $($CCIDTEST "$node" status)"
$CCIDTEST "$node" begin "apdu:$sel" > "$SCPNP_OUT/life-cmd" 2>&1 &
cmd=$!
$CCIDTEST "$node" sleep:6 "apdu:$sel" > "$SCPNP_OUT/life-idle" 2>&1 &
idle=$!
sleep 1
gadget_stop slow
wait "$cmd"
wait "$idle"
log "in flight: $(tr '\n' ' ' < "$SCPNP_OUT/life-cmd")"
log "idle: $(tr '\n' ' ' < "$SCPNP_OUT/life-idle")"
grep -q '^begin: ok' "$SCPNP_OUT/life-cmd" || fail "begin: $(cat "$SCPNP_OUT/life-cmd")"
grep -q '^apdu:.*ENODEV' "$SCPNP_OUT/life-cmd" ||
	fail "in-flight APDU: $(cat "$SCPNP_OUT/life-cmd")"
grep -q "^apdu:.*ENODEV" "$SCPNP_OUT/life-idle" ||
	fail "APDU after the unplug: $(cat "$SCPNP_OUT/life-idle")"
wait_for "[ ! -e $node ]" 30 || fail "$node still there after the unplug"
result lifetime-unplug-in-command ok

gadget_start again <<'CONF' || fail "gadget did not start again"
dwProtocols 0x00000001
CONF
node=$(gadget_wait_node again 0) || fail "no slot node after the replug"
gadget_active "$node" || fail "card not active after the replug"
gadget_stop again
result lifetime-rebind ok
ok
