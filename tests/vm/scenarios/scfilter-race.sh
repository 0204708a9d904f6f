#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Lifetime of card devices under load: sysfs readers and netlink dumps
# (scbridge list) run in a loop while the card is removed and inserted,
# the reader is unplugged and replugged, and scfilter.ko is unloaded and
# reloaded with a card present. The runner fails the scenario on any
# KASAN, lockdep, kmemleak or other kernel report in its log slice.
# scpnp-devices: ccid
# scpnp-kernels: debian debug
# scpnp-timeout: 900
# scpnp-results: 3

SCB=$SCPNP_TOP/user/scbridge/scbridge
[ -x "$SCB" ] || fail "$SCB not built (make -C user)"
card=/sys/bus/smartcard/devices/card0s0

install_modules
modprobe ccid || fail "modprobe ccid"
wait_for "[ -c /dev/ccid0s0 ]" 120 || fail "no /dev/ccid0s0"
modprobe scfilter || fail "modprobe scfilter"
wait_for "[ \"\$(cat $card/state 2>/dev/null)\" = ready ]" 120 || fail "card not ready"

# Readers: sysfs attributes (bash builtins, so as fast as they go) and
# netlink dumps.
stop=$SCPNP_OUT/stop
rm -f "$stop"
sysfs_reader() {
	local n=0 f
	until [ -e "$stop" ]; do
		for f in /sys/bus/smartcard/devices/*/{atr,pnp_id,state,compatible_ids,minidriver,modalias}; do
			: "$(<"$f")"
		done 2>/dev/null
		n=$((n + 1))
	done
	echo "sysfs $n" > "$SCPNP_OUT/reads.sysfs"
}
netlink_reader() {
	local n=0
	until [ -e "$stop" ]; do
		"$SCB" list --json >/dev/null 2>&1
		n=$((n + 1))
	done
	echo "netlink $n" > "$SCPNP_OUT/reads.netlink"
}
sysfs_reader &
netlink_reader &

for i in 1 2 3; do
	qmp card-remove >/dev/null || fail "card-remove $i"
	wait_for "[ ! -e $card ]" 120 || fail "card0s0 not gone ($i)"
	qmp card-insert >/dev/null || fail "card-insert $i"
	wait_for "[ \"\$(cat $card/state 2>/dev/null)\" = ready ]" 120 || fail "card not ready ($i)"
done
result scfilter-race-card ok

# Unload with a card present, reload: the card is named again. A netlink
# dump in progress holds a reference on the module (genetlink pins the
# family's module for the dump's life), so with dumps running in a loop an
# unload may find it busy for a moment: try again, bounded.
wait_for "modprobe -r scfilter 2>/dev/null" 30 || fail "modprobe -r scfilter: $(modprobe -r scfilter 2>&1)"
[ -e $card ] && fail "card0s0 outlived scfilter.ko"
modprobe scfilter || fail "modprobe scfilter again"
wait_for "[ \"\$(cat $card/state 2>/dev/null)\" = ready ]" 120 || fail "card not named after reload"
result scfilter-race-reload ok

# Unplug with dumps running.
qmp reader-unplug >/dev/null || fail "reader-unplug"
wait_for "[ ! -e $card ]" 120 || fail "card0s0 survived the reader"
qmp reader-plug >/dev/null || fail "reader-plug"
wait_for "[ \"\$(cat /sys/bus/smartcard/devices/card*/state 2>/dev/null)\" = ready ]" 120 ||
	fail "no card on the new reader"
result scfilter-race-unplug ok

touch "$stop"
wait
log "reads: $(cat "$SCPNP_OUT"/reads.* | tr '\n' ' ')"
modprobe -r scfilter || fail "final unload"
ok
