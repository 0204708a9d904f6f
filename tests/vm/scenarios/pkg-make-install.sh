#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make install and make uninstall on Debian's kernel (issue 18), as a user
# runs them in a checkout. Debian's headers say 6.1.192 in
# include/config/kernel.release while the kernel is 6.1.0-NN-amd64: the
# modules must go to, and depmod must index, /lib/modules/$(uname -r).
#   pkg-install-destdir  DESTDIR staging (KDIR= given, PREFIX=/usr): exactly
#                        the files Documentation/admin-guide/packaging.rst
#                        lists, no module index, nothing outside DESTDIR
#   pkg-install-live     for the running kernel (no KDIR): every file in
#                        place with its mode, the group, scbridge --version
#   pkg-install-index    depmod ran for the running kernel: modprobe finds
#                        both modules, scfilter depends on ccid
#   pkg-uninstall-clean  make uninstall leaves only what packaging.rst lists
# The guest writes to its overlay only. The modules are those of
# tests/vm/build-modules debian (build/debian/src, built with W=1 from the
# same sources), so "make install W=1" there finds them up to date: a
# compile under TCG costs minutes, and pkg-deb compiles them (DKMS).
# scpnp-devices: none
# scpnp-kernels: debian
# scpnp-timeout: 900
# scpnp-results: 4

SRC=$SCPNP_TOP/build/debian/src
KVER=$(uname -r)
VERSION=$(cat "$SCPNP_TOP/VERSION")
STAGE=/tmp/pkg-stage
MODS=/lib/modules/$KVER
# Where make install writes (PREFIX=/usr/local): what the snapshots cover
DIRS=("$MODS" /lib/modules /usr/local /usr/lib/pcsc/drivers /lib/udev/rules.d
	/lib/systemd/system /usr/lib/sysusers.d /etc)
W=$SCPNP_OUT

[ -f "$SRC/kernel/ccid/ccid.ko" ] || fail "no $SRC/kernel/ccid/ccid.ko (tests/vm/build-modules debian)"
[ -x "$SCPNP_TOP/user/scbridge/scbridge" ] || fail "user space not built (make -C user)"
[ "$SCPNP_KVER" = "$KVER" ] || fail "runner says $SCPNP_KVER, uname -r $KVER"

# The files of make install, relative to DESTDIR; @KVER@, @PREFIX@
expected() {
	sed -e "s|@KVER@|$KVER|" -e "s|@PREFIX@|$1|" <<-'EOF' | sort
	lib/modules/@KVER@/updates/scpnp/kernel/ccid/ccid.ko
	lib/modules/@KVER@/updates/scpnp/kernel/scfilter/scfilter.ko
	lib/udev/rules.d/70-scpnp.rules
	lib/udev/rules.d/90-scbridge-nosystemd.rules
	lib/systemd/system/scbridge.service
	usr/lib/sysusers.d/scpnp.conf
	usr/lib/pcsc/drivers/ifd-scpnp.bundle/Contents/Info.plist
	usr/lib/pcsc/drivers/ifd-scpnp.bundle/Contents/Linux/libifd-scpnp.so
	@PREFIX@/bin/scbridge
	@PREFIX@/share/man/man1/scbridge.1
	etc/scpnp/scbridge.conf
	EOF
}

# snapshot FILE: every entry under DIRS (not Debian's own 4000 modules)
# with its type and mode, and for all but directories the size and
# modification time, so that a file changed in place shows too.
snapshot() {
	find -H "${DIRS[@]}" -xdev -path "$MODS/kernel" -prune -o \
		-printf '%y %m %p %s %T@\n' 2>/dev/null | sort -u -k3,3 |
		awk '$1 == "d" {print $1, $2, $3; next} {print}' > "$1"
}

installed=
mounted=
cleanup() {
	[ -n "$installed" ] && make -s -C "$SRC" uninstall > /dev/null 2>&1
	[ -n "$mounted" ] && umount "$SRC"
	rm -rf $STAGE /tmp/pkg-src-upper /tmp/pkg-src-work
}
trap cleanup EXIT

# The runner puts the original module index back after the scenario
# (guest-run), as after install_modules.
mkdir -p /run/scpnp/modindex-orig
cp -a "$MODS"/modules.* /run/scpnp/modindex-orig/

# The checkout is read-only in the guest: an overlay makes $SRC writable
# at its own path (kbuild's command lines name it).
mkdir -p /tmp/pkg-src-upper /tmp/pkg-src-work
mount -t overlay overlay -o "lowerdir=$SRC,upperdir=/tmp/pkg-src-upper,workdir=/tmp/pkg-src-work" "$SRC" ||
	fail "cannot mount an overlay on $SRC"
mounted=1
# Assemble the checkout around the prebuilt modules: everything but the
# module sources (there already) and the build tree
rsync -a --exclude=/build --exclude=/.git --exclude=/kernel --exclude=/include \
	--exclude=/tests --exclude=/Kbuild "$SCPNP_TOP/" "$SRC/" ||
	fail "rsync of the checkout"

# --- DESTDIR staging ------------------------------------------------------
log "make install DESTDIR=$STAGE KDIR=$SCPNP_KDIR PREFIX=/usr"
snapshot "$W/before-stage"
log "snapshot: $(wc -l < "$W/before-stage") entries"
make -C "$SRC" install W=1 DESTDIR=$STAGE KDIR="$SCPNP_KDIR" PREFIX=/usr > "$W/install-stage.log" 2>&1 ||
	fail "make install DESTDIR: $(tail -n 20 "$W/install-stage.log")"
log "make install DESTDIR: done"
grep -E '^\s+CC ' "$W/install-stage.log" && fail "kbuild compiled again: the modules were not up to date"
(cd $STAGE && find . ! -type d | sed 's|^\./||' | sort) > "$W/stage-files"
expected usr > "$W/expected-stage"
diff -u "$W/expected-stage" "$W/stage-files" || fail "DESTDIR files differ from the expected list"
[ -e "$STAGE/lib/modules/6.1.192" ] && fail "modules staged under the headers' kernel.release"
snapshot "$W/before"
diff "$W/before-stage" "$W/before" > "$W/stage-outside.diff" &&
	[ -z "$(getent group scard)" ] ||
	fail "DESTDIR install changed the system: $(head -n 20 "$W/stage-outside.diff") $(getent group scard)"
result pkg-install-destdir ok
rm -rf $STAGE

# --- live install for the running kernel ---------------------------------
log "make install (running kernel $KVER, KDIR by default)"
t0=$SECONDS
installed=1
make -C "$SRC" install W=1 > "$W/install.log" 2>&1 || fail "make install: $(tail -n 20 "$W/install.log")"
log "make install: $((SECONDS - t0)) s (depmod included)"
grep -E '^\s+CC ' "$W/install.log" && fail "kbuild compiled again: the modules were not up to date"
snapshot "$W/after"
# New files, relative to /
# (no process substitution: the guest has no /dev/fd)
awk '$1 != "d" {print $3}' "$W/before" > "$W/before.files"
awk '$1 != "d" {print $3}' "$W/after" > "$W/after.files"
comm -13 "$W/before.files" "$W/after.files" | sed 's|^/||' > "$W/new-files"
expected usr/local > "$W/expected-live"
# /lib is /usr/lib on Debian 12: compare real paths
realp() { while read -r f; do realpath -m "/$f"; done | sort; }
realp < "$W/expected-live" > "$W/expected-live.real"
realp < "$W/new-files" > "$W/new-files.real"
diff -u "$W/expected-live.real" "$W/new-files.real" || fail "installed files differ from the expected list"
while read -r f; do
	m=$(stat -c %a "$f")
	case $f in */bin/scbridge|*.so) want=755 ;; *) want=644 ;; esac
	[ "$m" = $want ] || fail "$f has mode $m, not $want"
done < "$W/expected-live.real"
[ -e /lib/modules/6.1.192 ] && fail "make install wrote /lib/modules/6.1.192"
getent group scard > /dev/null || fail "no group scard"
v=$(/usr/local/bin/scbridge --version) || fail "scbridge --version failed"
[ "$v" = "scbridge $VERSION" ] || fail "scbridge --version says '$v', VERSION is $VERSION"
grep -q "<string>$VERSION</string>" /usr/lib/pcsc/drivers/ifd-scpnp.bundle/Contents/Info.plist ||
	fail "the bundle's Info.plist does not carry version $VERSION"
grep -q 'ExecStart=/usr/local/bin/scbridge daemon' /lib/systemd/system/scbridge.service ||
	fail "the unit does not name the installed scbridge"
result pkg-install-live ok

for m in ccid scfilter; do
	p=$(modinfo -n $m 2>&1)
	[ "$p" = "$MODS/updates/scpnp/kernel/$m/$m.ko" ] || fail "modinfo -n $m: $p"
done
modprobe --show-depends scfilter > "$W/scfilter-deps" 2>&1 || fail "modprobe --show-depends scfilter: $(cat "$W/scfilter-deps")"
grep -q "updates/scpnp/kernel/ccid/ccid.ko" "$W/scfilter-deps" || fail "scfilter does not depend on ccid: $(cat "$W/scfilter-deps")"
result pkg-install-index ok

# --- uninstall -----------------------------------------------------------
log "make uninstall"
make -C "$SRC" uninstall > "$W/uninstall.log" 2>&1 || fail "make uninstall: $(tail -n 20 "$W/uninstall.log")"
installed=
modinfo -n ccid > /dev/null 2>&1 && fail "modprobe still finds ccid after uninstall: $(modinfo -n ccid)"
snapshot "$W/after-uninstall"
# What is left: entries that were not there before, and files changed in
# place (the group database)
diff "$W/before" "$W/after-uninstall" | sed -n 's/^> //p' > "$W/survivors"
log "left after uninstall:"
cat "$W/survivors"
while read -r y m p size mtime; do
	case "$y $p" in
	"f /etc/group"|"f /etc/gshadow"|"f /etc/group-"|"f /etc/gshadow-") ;;   # the scard group
	"f $MODS/modules."*)                       # depmod's index: as it was
		cmp -s "$p" "/run/scpnp/modindex-orig/${p##*/}" ||
			fail "$p differs from the index before make install" ;;
	"d /usr/local/share/man/man1") ;;          # a directory install -D made
	*) fail "make uninstall left $y $p" ;;
	esac
done < "$W/survivors"
getent group scard > /dev/null || fail "uninstall removed group scard (packaging.rst says it stays)"
result pkg-uninstall-clean ok
ok
