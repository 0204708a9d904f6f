#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host integration test of the driver repository (no VM, no kernel): a
# repository made by "scbridge repo build" served by python3 -m http.server
# on 127.0.0.1, installed into a temporary root with "scbridge install".
# Checks installation, registration (p11-kit list-modules as an ordinary
# user sees the module; pkcs11-tool shows its own library description),
# idempotence, upgrade, mirror fallback, removal, and that a tampered
# package, a bad signature, an expired index, an older index, a path
# escape and an unreachable repository install nothing and say why, and
# that auto_install = false fetches nothing.
#
# usage: test_repo_http.sh SCBRIDGE TESTPKCS11_DIR
set -u

SCBRIDGE=$(realpath "$1")
P11DIR=$(realpath "$2")
QEMU_ID='SCFILTER\CID_d2e980e2-8851-4f87-81d6-4f254e38001d'
T=$(mktemp -d /tmp/scpnp-repo-http.XXXXXX)
chmod 755 "$T"
SERVER=
fails=0
n=0

cleanup() {
	[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	fails=$((fails + 1))
	echo "not ok $n - $1"
	[ -f "$T/err" ] && sed 's/^/#   /' "$T/err"
}

check() {	# check DESCRIPTION COMMAND...
	d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

serve() {	# serve DIR: (re)start the HTTP server on $PORT
	[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
	python3 -m http.server --bind 127.0.0.1 --directory "$1" "$PORT" \
		>"$T/http.log" 2>&1 &
	SERVER=$!
	i=0
	while ! curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do
		i=$((i + 1))
		[ $i -gt 100 ] && { echo "Bail out! http.server did not start"; exit 1; }
		sleep 0.1
	done
	: >"$T/http.log"
}

config() {	# config ROOT [extra lines]: a configuration for a fresh root
	root=$1
	shift
	mkdir -p "$root/home/.config/pkcs11/modules" "$root/sys"
	{
		echo "key_dir = $T/keys"
		echo "install_dir = $root/drivers"
		echo "cache_dir = $root/cache"
		echo "state_dir = $root/state"
		echo "module_dir = $root/home/.config/pkcs11/modules"
		echo "system_module_dir = $root/sysmods"
		echo "retries = 1"
		echo "retry_delay_ms = 10"
		echo "fetch_timeout = 20"
		for l in "$@"; do echo "$l"; done
	} >"$root/scbridge.conf"
}

# A source tree with the test module of version $1 (file $2)
src() {
	mkdir -p "$T/src-$1"
	cp "$P11DIR/$2" "$T/src-$1/module.so"
	cat >"$T/src-$1/scpnp-test.json" <<JSON
{
  "name": "scpnp-test",
  "version": "$1",
  "module": "module.so",
  "file": "scpnp-test-pkcs11.so",
  "description": "scpnp test minidriver",
  "hardware_ids": ["SCFILTER\\\\CID_D2E980E2-8851-4F87-81D6-4F254E38001D"]
}
JSON
}

install() {	# install ROOT: run the pipeline for the QEMU card
	"$SCBRIDGE" install --config "$1/scbridge.conf" --pnp-id "$QEMU_ID" \
		>"$T/out" 2>"$T/err"
}

nothing_installed() {
	[ -z "$(ls -A "$1/drivers" 2>/dev/null)" ] &&
		[ -z "$(ls -A "$1/home/.config/pkcs11/modules")" ]
}

# p11-kit reads a user's modules from ~/.config/pkcs11/modules, but not
# for root: list them as an ordinary user when we are root.
p11_list() {
	if [ "$(id -u)" = 0 ]; then
		chmod -R a+rX "$1"
		HOME="$1/home" setpriv --reuid=65534 --regid=65534 --clear-groups \
			p11-kit list-modules
	else
		HOME="$1/home" p11-kit list-modules
	fi
}

PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
mkdir -p "$T/keys"
"$SCBRIDGE" repo keygen "$T/keys/repo" >/dev/null || { echo "Bail out! keygen"; exit 1; }
src 1.0 scpnp-test-pkcs11.so
src 2.0 scpnp-test-pkcs11-v2.so
"$SCBRIDGE" repo build "$T/src-1.0" "$T/repo" --key "$T/keys/repo.key" \
	--version 10 --expires 30 >/dev/null || { echo "Bail out! repo build"; exit 1; }
serve "$T/repo"

# --- install, register, idempotent -------------------------------------
R=$T/r1
config "$R" "mirror = $URL"
check "install from the repository" install "$R"
check "install names the package" grep -q "^scpnp-test 1.0 repository $R/drivers/scpnp-test/1.0/scpnp-test-pkcs11.so" "$T/out"
check "module file registered" grep -q "^module: $R/drivers/scpnp-test/1.0/scpnp-test-pkcs11.so" "$R/home/.config/pkcs11/modules/scpnp-scpnp-test.module"
check "index and package were fetched over HTTP" grep -q 'GET /packages/' "$T/http.log"
p11_list "$R" >"$T/p11" 2>&1
check "p11-kit list-modules shows the module" grep -q 'library-description: scpnp test minidriver 1.0' "$T/p11"
pkcs11-tool --module "$R/drivers/scpnp-test/1.0/scpnp-test-pkcs11.so" -I >"$T/p11" 2>&1
check "pkcs11-tool -I shows the package's own description" grep -q 'Library *scpnp test minidriver 1.0' "$T/p11"
"$SCBRIDGE" drivers --config "$R/scbridge.conf" >"$T/drv"
check "drivers lists it as registered" grep -q '^scpnp-test 1.0 registered' "$T/drv"
: >"$T/http.log"
check "second install is idempotent" install "$R"
check "second install uses the cache for the package" sh -c "! grep -q 'GET /packages/' '$T/http.log'"

# --- upgrade -------------------------------------------------------------
"$SCBRIDGE" repo build "$T/src-2.0" "$T/repo" --key "$T/keys/repo.key" \
	--version 11 --expires 30 >/dev/null
check "upgrade to 2.0" install "$R"
check "upgrade installed 2.0" grep -q '^scpnp-test 2.0 repository' "$T/out"
check "old version removed" test ! -e "$R/drivers/scpnp-test/1.0"
p11_list "$R" >"$T/p11" 2>&1
check "p11-kit now loads 2.0" grep -q 'library-description: scpnp test minidriver 2.0' "$T/p11"

# --- remove --------------------------------------------------------------
check "remove" sh -c "'$SCBRIDGE' remove --config '$R/scbridge.conf' scpnp-test >/dev/null"
check "remove unregistered and uninstalled" nothing_installed "$R"
check "remove of a missing driver fails" sh -c "! '$SCBRIDGE' remove --config '$R/scbridge.conf' scpnp-test 2>/dev/null"

# --- refusals: each installs nothing and says why ---------------------------
refused() {	# refused DESCRIPTION PATTERN ROOT
	if install "$3"; then
		not_ok "$1: refused"
	elif ! grep -q "$2" "$T/err"; then
		not_ok "$1: reason logged ($2)"
	elif ! nothing_installed "$3"; then
		not_ok "$1: nothing installed"
	else
		ok "$1: refused, reason logged, nothing installed"
	fi
}

fresh() {	# fresh NAME [config lines]: a new root using the test mirror
	r=$T/$1
	shift
	config "$r" "mirror = $URL" "$@"
	echo "$r"
}

# Tampered package (same size, bytes changed)
cp -a "$T/repo" "$T/tampered"
for p in "$T/tampered/packages/"*; do
	python3 -c 'import sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[100] ^= 1; open(p, "wb").write(b)' "$p"
done
serve "$T/tampered"
refused "tampered package" "SHA-256 mismatch" "$(fresh tampered-root)"

# Index edited after signing
cp -a "$T/repo" "$T/badsig"
sed -i 's/"version": 11/"version": 99/' "$T/badsig/index.json"
serve "$T/badsig"
refused "bad signature" "bad signature" "$(fresh badsig-root)"

# Signed by a key that is not pinned
cp -a "$T/repo" "$T/otherkey"
"$SCBRIDGE" repo keygen "$T/attacker" >/dev/null
"$SCBRIDGE" repo sign "$T/otherkey" --key "$T/attacker.key"
serve "$T/otherkey"
refused "unpinned key" "not pinned" "$(fresh otherkey-root)"

# Expired index
"$SCBRIDGE" repo build "$T/src-1.0" "$T/expired" --key "$T/keys/repo.key" \
	--version 12 --expires -1 >/dev/null
serve "$T/expired"
refused "expired index" "expired" "$(fresh expired-root)"

# Older index after a newer one was seen
r=$(fresh rollback-root)
mkdir -p "$r/state"
echo 50 >"$r/state/index-version"
serve "$T/repo"
refused "older index (rollback)" "rollback" "$r"

# Path escape in a properly signed index
cp -a "$T/repo" "$T/escape"
sed -i 's|"file": "scpnp-test-pkcs11.so"|"file": "../../../../escaped.so"|' "$T/escape/index.json"
"$SCBRIDGE" repo sign "$T/escape" --key "$T/keys/repo.key"
serve "$T/escape"
refused "path escape" "path escape" "$(fresh escape-root)"
check "path escape wrote nothing outside" sh -c "! ls '$T'/*.so '$T'/escape-root/*.so 2>/dev/null | grep -q ."

# Unreachable repository
DEAD=$(free_port)
r=$T/dead-root
config "$r" "mirror = http://127.0.0.1:$DEAD/repo"
refused "unreachable repository" "unreachable" "$r"

# Mirror fallback: the dead mirror first, then the good one
serve "$T/repo"
r=$T/fallback-root
config "$r" "mirror = http://127.0.0.1:$DEAD/repo" "mirror = $URL"
check "falls back to the second mirror" install "$r"

# auto_install = false: nothing fetched
r=$(fresh off-root "auto_install = false")
: >"$T/http.log"
install "$r"
check "auto_install = false: nothing fetched" test ! -s "$T/http.log"
check "auto_install = false: nothing installed" nothing_installed "$r"

# umask 077 (root's umask on hardened systems): another user still loads it
serve "$T/repo"
r=$(fresh umask-root)
check "install under umask 077" sh -c "umask 077; '$SCBRIDGE' install --config '$r/scbridge.conf' --pnp-id '$QEMU_ID' >'$T/out' 2>'$T/err'"
"$SCBRIDGE" drivers --config "$r/scbridge.conf" >"$T/drv"
check "umask 077: drivers says registered" grep -q '^scpnp-test 2.0 registered' "$T/drv"
if [ "$(id -u)" = 0 ]; then
	HOME="$r/home" setpriv --reuid=65534 --regid=65534 --clear-groups \
		p11-kit list-modules >"$T/p11" 2>&1
	check "umask 077: an ordinary user's p11-kit list-modules shows it" grep -q 'library-description: scpnp test minidriver 2.0' "$T/p11"
else
	ok "umask 077: ordinary user's view # SKIP not root"
fi

echo "1..$n"
[ $fails -eq 0 ]
