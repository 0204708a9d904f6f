#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scbridge's service lifecycle (issue 7), with a real udevd running the
# project's rules as "make -C udev install" puts them (on the guest's
# overlay) and no systemd as PID 1, so the fallback rule starts the daemon:
# plugging QEMU's reader starts scbridge (and loads scfilter.ko), which
# writes its boot state file; the slot node is 0660 root:scard with its
# by-id link; a card inserted afterwards gets its driver from the service
# and a user of group scard, without any privilege, uses the card and sees
# the module; with the reader present the daemon outlives its idle time; a
# second start is a no-op; a daemon killed, a card inserted meanwhile, the
# daemon started again (by udev) binds the card; unplugging the reader makes
# it exit after its (shortened) idle time.
# Debian's kernel only: what is under test is user space (udev rules, the
# daemon's lifecycle); the kernel paths it drives (plug, card events,
# netlink, binding) run on the debug kernel in ccid-*, scfilter-*,
# repo-install and stress-hotplug, and this scenario costs six minutes
# there under TCG, a third of make check's budget.
# scpnp-devices: ccid
# scpnp-kernels: debian
# scpnp-timeout: 900
# scpnp-results: 7

SCB_BUILT=$SCPNP_TOP/user/scbridge/scbridge
SCB=/usr/local/bin/scbridge
P11=$SCPNP_TOP/user/testpkcs11
CCIDTEST=$SCPNP_TOP/tests/vm/tools/ccidtest
W=/srv/$SCPNP_NAME
PIDF=/run/scpnp/scbridge.pid
SEEN=/var/lib/scpnp/reader-seen
SYSLOG=$W/syslog
IDLE=4
ID='SCFILTER\\CID_D2E980E2-8851-4F87-81D6-4F254E38001D'
BYID=/dev/smartcard/by-id/08e6-4433-SCPNP0001-slot0
card=/sys/bus/smartcard/devices/card0s0
mod=/etc/pkcs11/modules/scpnp-scpnp-test.module
SYSLOGD=

[ -x "$SCB_BUILT" ] || fail "$SCB_BUILT not built (make -C user)"
[ -f "$P11/scpnp-test-pkcs11.so" ] || fail "test module not built (make -C user/testpkcs11)"
[ -x "$CCIDTEST" ] || fail "$CCIDTEST not built (make -C tests/vm/tools)"
[ ! -d /run/systemd/system ] || fail "systemd runs here: the fallback would not act"

# daemon_pid: the running daemon's PID (from its PID file), or nothing
daemon_pid() {
	local p
	read -r p 2>/dev/null < $PIDF || return 1
	[ -n "$p" ] && kill -0 "$p" 2>/dev/null && echo "$p"
}
# stat_field PID N: field N of /proc/PID/stat after the command name
# (1 state, 2 ppid, 3 pgrp, 4 session)
stat_field() {
	local st
	read -r st < /proc/$1/stat || return 1
	set -- "$2" ${st##*) }
	shift "$1"
	echo "$1"
}
# procs_of EXE [ARG]: PIDs whose command line starts with EXE [ARG]
procs_of() {
	local d c
	for d in /proc/[0-9]*; do
		c=$( { tr '\0' ' ' < $d/cmdline; } 2>/dev/null) || continue
		case "$c" in "$*"*) echo "${d#/proc/}" ;; esac
	done
}
daemon_count() {
	procs_of $SCB daemon | grep -c .
}
bound() {	# bound "NAME VERSION"
	[ "$(cat $card/minidriver 2>/dev/null)" = "$1" ]
}
card_ready() { [ "$(cat $card/state 2>/dev/null)" = ready ]; }
cleanup() {
	local p
	p=$(daemon_pid) && kill "$p"
	[ -f $W/nginx/nginx.pid ] && kill "$(cat $W/nginx/nginx.pid)"
	udevadm control --exit 2>/dev/null
	make -s -C "$SCPNP_TOP/udev" uninstall > /dev/null 2>&1
	rm -f $SCB
	[ -n "$SYSLOGD" ] && kill $SYSLOGD 2>/dev/null
	log "syslog:"
	cat $SYSLOG 2>/dev/null
}
trap cleanup EXIT

# --- rig: a clean slate, the repository on nginx, syslog ------------------
rm -rf $W /etc/scpnp /var/lib/scpnp /var/cache/scpnp/packages $mod $PIDF
mkdir -p $W/src $W/www /etc/scpnp/keys
log "reader out: the daemon must start on the plug, not on the coldplug"
qmp reader-unplug >/dev/null || fail "reader-unplug"

ip link set lo up
"$SCB_BUILT" repo keygen $W/repo >/dev/null || fail "repo keygen"
cp $W/repo.pub /etc/scpnp/keys/
cp "$P11/scpnp-test-pkcs11.so" $W/src/module.so
cat > $W/src/scpnp-test.json <<JSON
{"name": "scpnp-test", "version": "1.0", "module": "module.so",
 "file": "scpnp-test-pkcs11.so", "description": "scpnp test minidriver",
 "hardware_ids": ["$ID"]}
JSON
"$SCB_BUILT" repo build $W/src $W/www/repo --key $W/repo.key --version 10 \
	--expires 30 > $W/build.log || fail "repo build: $(cat $W/build.log)"
mkdir -p $W/nginx/logs
cat > $W/nginx/nginx.conf <<EOF2
user root;
pid $W/nginx/nginx.pid;
error_log $W/nginx/error.log;
events { worker_connections 64; }
http {
	access_log $W/nginx/access.log;
	server { listen 127.0.0.1:8080; root $W/www; }
}
EOF2
nginx -p $W/nginx -c $W/nginx/nginx.conf || fail "nginx did not start"
wait_for "curl -sf http://127.0.0.1:8080/repo/index.json >/dev/null" 20 ||
	fail "nginx does not serve the repository"
cat > /etc/scpnp/scbridge.conf <<EOF2
mirror = http://127.0.0.1:8080/repo
retries = 1
retry_delay_ms = 200
idle_exit = $IDLE
EOF2

# The detached daemon logs to syslog only
busybox syslogd -n -O $SYSLOG &
SYSLOGD=$!
wait_for "[ -S /dev/log ]" 10 || fail "syslogd did not start"

# --- install: what make install puts in place, on the overlay -------------
install -D -m 0755 "$SCB_BUILT" $SCB
make -s -C "$SCPNP_TOP/udev" install PREFIX=/usr/local > $W/install.log 2>&1 ||
	fail "make -C udev install: $(cat $W/install.log)"
getent group scard > /dev/null || fail "make install made no group scard"
scard=$(getent group scard | cut -d: -f3)
install_modules
# start_udevd, but resolving names as a distribution's udevd does (the
# rules give the nodes to group scard; lib.sh's udevd resolves none)
export SYSTEMD_IGNORE_CHROOT=1
mkdir -p /run/udev
/lib/systemd/systemd-udevd --daemon || fail "systemd-udevd did not start"
udevadm trigger --type=subsystems --action=add
udevadm trigger --type=devices --action=add
udevadm settle --timeout=60 || fail "udevadm settle timed out"
[ -z "$(daemon_pid)" ] || fail "a daemon runs with no reader"
[ ! -e $SEEN ] || fail "$SEEN written with no reader"

# --- plugging the reader starts the daemon (fallback RUN rule) ------------
log "plugging the reader (no card)"
qmp reader-plug card=no >/dev/null || fail "reader-plug"
wait_for "[ -c /dev/ccid0s0 ]" 60 || fail "no /dev/ccid0s0 (ccid.ko not autoloaded?)"
wait_for "daemon_pid >/dev/null" 60 || fail "no daemon after the plug: $(cat $SYSLOG)"
pid=$(daemon_pid)
# Detached: a child of init, in a session that is neither udevd's nor ours
sid=$(stat_field "$pid" 4)
udevd=$(procs_of /lib/systemd/systemd-udevd | head -n 1)
log "daemon: pid $pid ppid $(stat_field "$pid" 2) session $sid; udevd's session $(stat_field "$udevd" 4)"
[ "$(stat_field "$pid" 2)" = 1 ] || fail "the daemon is not a child of init"
[ "$sid" != "$(stat_field "$udevd" 4)" ] && [ "$sid" != "$(stat_field $$ 4)" ] ||
	fail "the daemon shares a session (not detached)"
wait_for "[ -d /sys/module/scfilter ]" 30 || fail "scfilter.ko not loaded by the rule"
wait_for "[ -f $SEEN ]" 30 || fail "no state file $SEEN"
[ "$(daemon_count)" = 1 ] || fail "$(daemon_count) daemons"
result service-start-on-plug ok

# --- node permissions and the by-id link ----------------------------------
wait_for "[ \"\$(stat -c %G /dev/ccid0s0)\" = scard ]" 30 ||
	fail "/dev/ccid0s0 not group scard: $(ls -l /dev/ccid0s0)"
perm=$(stat -c %a /dev/ccid0s0)
[ "$perm" = 660 ] || fail "/dev/ccid0s0 mode $perm, not 660"
[ "$(stat -c %U /dev/ccid0s0)" = root ] || fail "/dev/ccid0s0 owner: $(ls -l /dev/ccid0s0)"
wait_for "[ -L $BYID ]" 30 || fail "no $BYID: $(ls -lR /dev/smartcard 2>&1)"
[ "$(readlink -f $BYID)" = /dev/ccid0s0 ] || fail "$BYID -> $(readlink $BYID)"
log "$(ls -l /dev/ccid0s0) / $(ls -l $BYID)"
result service-node-perms ok

# --- a card inserted: the service installs and binds its driver ------------
user() {	# user GROUPS CMD...: run as nobody with these supplementary groups
	local g=$1
	shift
	setpriv --reuid=65534 --regid=65534 --groups="$g" "$@"
}
log "inserting the card"
qmp card-insert >/dev/null || fail "card-insert"
wait_for 'bound "scpnp-test 1.0"' 120 ||
	fail "not bound: state '$(cat $card/state 2>/dev/null)' minidriver '$(cat $card/minidriver 2>/dev/null)'; $(cat $SYSLOG)"
grep -q 'GET /repo/packages/' $W/nginx/access.log || fail "package not fetched over HTTP"
# An unprivileged member of scard uses the card and gets the module
user "$scard" "$CCIDTEST" /dev/ccid0s0 atr > $W/user-atr.txt 2>&1 ||
	fail "scard member cannot use the node: $(cat $W/user-atr.txt)"
grep -q '^atr: ok 3b 7a' $W/user-atr.txt || fail "card not usable: $(cat $W/user-atr.txt)"
user "$scard" p11-kit list-modules > $W/user-p11.txt 2>&1
grep -q 'library-description: scpnp test minidriver 1.0' $W/user-p11.txt ||
	fail "p11-kit, as the user: $(cat $W/user-p11.txt)"
# ... and one outside scard cannot open the node at all
if user 65534 "$CCIDTEST" /dev/ccid0s0 atr > $W/other.txt 2>&1; then
	fail "a user outside scard opened the node: $(cat $W/other.txt)"
fi
log "outside scard: $(head -n 1 $W/other.txt)"
result service-user-card ok

# --- with the reader present it stays -------------------------------------
sleep $((IDLE * 3))
[ "$(daemon_pid)" = "$pid" ] || fail "daemon gone with the reader present: $(cat $SYSLOG)"
result service-stays-with-reader ok

# --- another start while it runs is a no-op --------------------------------
udevadm trigger --action=add --subsystem-match=ccid
udevadm settle --timeout=60 || fail "udevadm settle timed out"
[ "$(daemon_pid)" = "$pid" ] || fail "daemon replaced by a second start"
[ "$(daemon_count)" = 1 ] || fail "$(daemon_count) daemons after a second start"
result service-single-instance ok

# --- killed; a card inserted meanwhile; started again by udev --------------
log "killing the daemon"
kill -KILL "$pid"
wait_for "! kill -0 $pid 2>/dev/null" 30 || fail "daemon survived SIGKILL"
qmp card-remove >/dev/null || fail "card-remove"
wait_for "[ ! -e $card ]" 60 || fail "card0s0 still there after removal"
qmp card-insert >/dev/null || fail "card-insert"
wait_for "[ -e $card ] && [ \"\$(cat $card/state)\" != discovering ]" 60 ||
	fail "card0s0 did not come back"
card_ready || fail "card0s0 state '$(cat $card/state)' after re-insertion"
bound "" || fail "the new card device came with a binding: $(cat $card/minidriver)"
log "starting the daemon again through udev"
udevadm trigger --action=add /sys/class/ccid/ccid0s0
wait_for "daemon_pid >/dev/null" 60 || fail "no daemon after the trigger"
[ "$(daemon_pid)" != "$pid" ] || fail "same PID as the killed daemon"
pid=$(daemon_pid)
wait_for 'bound "scpnp-test 1.0"' 60 || fail "not bound after the restart: $(cat $SYSLOG)"
"$SCB" list --json > $W/list.json || fail "scbridge list --json"
[ "$(jq -r '.readers[0].slots[0].card.minidriver.name' $W/list.json)" = scpnp-test ] ||
	fail "list does not show the binding: $(cat $W/list.json)"
result service-restart-repair ok

# --- the reader unplugged: the daemon leaves after its idle time ----------
log "unplugging the reader"
qmp reader-unplug >/dev/null || fail "reader-unplug"
wait_for "[ ! -e /sys/class/ccid/ccid0s0 ]" 60 || fail "slot still there after the unplug"
wait_for "! kill -0 $pid 2>/dev/null" $((IDLE + 60)) ||
	fail "daemon still running without a reader: $(cat $SYSLOG)"
grep -q "no reader for $IDLE s: exiting" $SYSLOG || fail "no idle-exit message: $(cat $SYSLOG)"
[ ! -s $PIDF ] || fail "PID file not cleared: $(cat $PIDF)"
[ -f $SEEN ] || fail "state file gone"
result service-idle-exit ok

ok
