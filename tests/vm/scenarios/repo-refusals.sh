#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Driver repository refusals (issue 6): with "scbridge daemon" running and
# nginx on 127.0.0.1 serving, in turn, a tampered package, an index edited
# after signing, an index signed by a key that is not pinned, an expired
# index, an older index than one seen before, a signed index whose file name
# escapes the install directory, and no repository at all (nginx stopped),
# inserting QEMU's card installs nothing, registers nothing, binds nothing,
# logs the reason, and leaves the card usable. With auto_install = false
# nothing is even fetched.
# scpnp-devices: ccid
# scpnp-kernels: debian
# scpnp-timeout: 800
# scpnp-results: 11

SCB=$SCPNP_TOP/user/scbridge/scbridge
P11=$SCPNP_TOP/user/testpkcs11
CCIDTEST=$SCPNP_TOP/tests/vm/tools/ccidtest
W=/srv/$SCPNP_NAME
card=/sys/bus/smartcard/devices/card0s0
drivers=/var/lib/scpnp/drivers
DPID=

[ -x "$SCB" ] || fail "$SCB not built (make -C user)"
[ -f "$P11/scpnp-test-pkcs11.so" ] || fail "test module not built (make -C user/testpkcs11)"

# No udevd needed here (devtmpfs makes the node): load the modules directly,
# which is much faster than a coldplug under TCG.
install_modules
modprobe ccid || fail "cannot load ccid.ko"
modprobe scfilter || fail "cannot load scfilter.ko"
wait_for "[ -c /dev/ccid0s0 ]" 60 || fail "no /dev/ccid0s0"
card_ready() { [ "$(cat $card/state 2>/dev/null)" = ready ]; }
card_settled() { [ -e $card ] && [ "$(cat $card/state 2>/dev/null)" != discovering ]; }
# insert_card: QEMU's card in, named by scfilter. Discovery under TCG on a
# loaded host can run out of its time budget and end "unknown": that is
# scfilter's business, not the repository's, so re-insert (at most twice),
# saying so, rather than fail here.
insert_card() {
	local try
	for try in 1 2 3; do
		qmp card-insert >/dev/null || fail "card-insert"
		wait_for card_settled 60 || fail "card0s0 did not appear after insertion"
		card_ready && return 0
		log "discovery ended '$(cat $card/state)' (try $try): re-inserting"
		qmp card-remove >/dev/null || fail "card-remove"
		wait_for "[ ! -e $card ]" 30 || fail "card0s0 still there after removal"
	done
	fail "card0s0 not ready after insertion"
}
remove_card() {
	qmp card-remove >/dev/null || fail "card-remove"
	wait_for "[ ! -e $card ]" 30 || fail "card0s0 still there after removal"
}
if ! wait_for card_settled 60 || ! card_ready; then
	remove_card
	insert_card
fi

# --- repositories: one good, and one per attack --------------------------
# A clean slate: scenarios may share a boot
rm -rf $W /etc/scpnp /var/lib/scpnp /var/cache/scpnp/packages /etc/pkcs11/modules/scpnp-scpnp-test.module
mkdir -p $W/src $W/www /etc/scpnp/keys
ip link set lo up
"$SCB" repo keygen $W/repo >/dev/null || fail "repo keygen"
"$SCB" repo keygen $W/attacker >/dev/null || fail "repo keygen"
cp $W/repo.pub /etc/scpnp/keys/
cp "$P11/scpnp-test-pkcs11.so" $W/src/module.so
cat > $W/src/scpnp-test.json <<'JSON'
{"name": "scpnp-test", "version": "1.0", "module": "module.so",
 "file": "scpnp-test-pkcs11.so",
 "hardware_ids": ["SCFILTER\\CID_D2E980E2-8851-4F87-81D6-4F254E38001D"]}
JSON
build() {	# build DIR VERSION DAYS
	"$SCB" repo build $W/src $W/$1 --key $W/repo.key --version $2 \
		--expires $3 > $W/build.log || fail "repo build $1: $(cat $W/build.log)"
}
build good 10 30

cp -a $W/good $W/tampered
for p in $W/tampered/packages/*; do
	python3 -c 'import sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[200] ^= 0x20; open(p, "wb").write(b)' "$p"
done
cp -a $W/good $W/badsig
sed -i 's/"version": 10/"version": 99/' $W/badsig/index.json
cp -a $W/good $W/unpinned
"$SCB" repo sign $W/unpinned --key $W/attacker.key || fail "sign"
build expired 11 -1
cp -a $W/good $W/escape
sed -i 's|"file": "scpnp-test-pkcs11.so"|"file": "../../../../../../etc/evil.so"|' $W/escape/index.json
"$SCB" repo sign $W/escape --key $W/repo.key || fail "sign"

serve() { ln -sfn $W/$1 $W/www/repo; }
serve tampered

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
nginx_start() {
	nginx -p $W/nginx -c $W/nginx/nginx.conf || fail "nginx did not start"
	wait_for "curl -s -o /dev/null http://127.0.0.1:8080/" 20 || fail "nginx not answering"
}
nginx_stop() {
	kill "$(cat $W/nginx/nginx.pid)"
	wait_for "! curl -s -o /dev/null http://127.0.0.1:8080/" 20 || fail "nginx still answering"
}
nginx_start

config() {	# config [extra lines]
	{
		echo "mirror = http://127.0.0.1:8080/repo"
		echo "retries = 1"
		echo "retry_delay_ms = 200"
		echo "idle_exit = 0"
		for l in "$@"; do echo "$l"; done
	} > /etc/scpnp/scbridge.conf
}
start_daemon() {
	: > $W/daemon.log
	"$SCB" daemon >> $W/daemon.log 2>&1 &
	DPID=$!
	wait_for "grep -q 'started' $W/daemon.log" 30 || fail "daemon did not start: $(cat $W/daemon.log)"
}
stop_daemon() {
	[ -n "$DPID" ] && kill $DPID && wait $DPID
	DPID=
}
cleanup() {
	stop_daemon
	[ -f $W/nginx/nginx.pid ] && kill "$(cat $W/nginx/nginx.pid)" 2>/dev/null
	log "daemon log:"
	cat $W/daemon.log
}
trap cleanup EXIT

# refused NAME PATTERN: reinsert the card; the daemon must log PATTERN and
# install, register and bind nothing; the card stays usable.
refused() {
	local name=$1 pattern=$2 st=ok why=
	: > $W/daemon.log
	remove_card
	insert_card
	if ! wait_for "grep -q '$pattern' $W/daemon.log" 60; then
		st=FAIL why="no '$pattern' in the log"
	elif [ -n "$(ls -A $drivers 2>/dev/null)" ]; then
		st=FAIL why="installed: $(ls -R $drivers)"
	elif [ -e /etc/pkcs11/modules/scpnp-scpnp-test.module ]; then
		st=FAIL why="registered"
	elif [ -n "$(cat $card/minidriver)" ]; then
		st=FAIL why="bound: $(cat $card/minidriver)"
	elif ! "$CCIDTEST" /dev/ccid0s0 atr | grep -q '^atr: ok 3b 7a'; then
		st=FAIL why="card not usable"
	fi
	log "$name: $st $why; $(grep -m1 "$pattern" $W/daemon.log)"
	result "repo-refuse-$name" $st "$why"
	[ $st = ok ] || failed=1
}
failed=0

config
start_daemon
refused tampered-package "SHA-256 mismatch"
serve badsig
refused bad-signature "bad signature"
serve unpinned
refused unpinned-key "not pinned"
serve expired
refused expired-index "expired"
# The good index (10) after a newer one was seen: a rollback
echo 50 > /var/lib/scpnp/index-version
serve good
refused older-index "rollback"
rm -f /var/lib/scpnp/index-version
serve escape
refused path-escape "path escape"
if [ -e /etc/evil.so ]; then
	result repo-refuse-path-escape-outside FAIL "/etc/evil.so written"
	failed=1
else
	result repo-refuse-path-escape-outside ok
fi
nginx_stop
refused unreachable "unreachable"
nginx_start

# auto_install = false: the good repository is served, nothing is fetched
stop_daemon
config "auto_install = false"
serve good
start_daemon
: > $W/nginx/access.log
refused auto-install-off "auto_install is off"
if [ -s $W/nginx/access.log ]; then
	result repo-auto-install-off-no-fetch FAIL "fetched: $(cat $W/nginx/access.log)"
	failed=1
else
	result repo-auto-install-off-no-fetch ok
fi

# And the same daemon setup with auto_install on installs (the rig works)
stop_daemon
config
start_daemon
: > $W/daemon.log
remove_card
insert_card
wait_for '[ "$(cat $card/minidriver 2>/dev/null)" = "scpnp-test 1.0" ]' 90 ||
	fail "good repository did not install: $(cat $W/daemon.log)"
result repo-control-install ok

[ $failed = 0 ] || fail "some refusals failed"
ok
