#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scbridge's unit and udev rules as "make -C udev install" puts them (on the
# guest's overlay; issue 7): "systemd-analyze verify" accepts the unit
# without a word, its exposure ("systemd-analyze security --offline") stays
# low, and udev parses both rules files without a complaint and applies
# them to a slot node (group, mode, by-id link, scfilter, the daemon's
# start through SYSTEMD_WANTS or, without systemd, RUN).
# Kernel-independent: Debian's kernel only.
# scpnp-devices: ccid
# scpnp-kernels: debian
# scpnp-timeout: 300
# scpnp-results: 3

SCB_BUILT=$SCPNP_TOP/user/scbridge/scbridge
UNIT=/lib/systemd/system/scbridge.service
# "systemd-analyze security" exposure, in tenths (1.8 when written)
EXPOSURE_MAX=25
W=$SCPNP_OUT

[ -x "$SCB_BUILT" ] || fail "$SCB_BUILT not built (make -C user)"
cleanup() {
	local p
	# the coldplug started a daemon (the fallback rule)
	read -r p 2>/dev/null < /run/scpnp/scbridge.pid && [ -n "$p" ] && kill "$p"
	udevadm control --exit 2>/dev/null
	make -s -C "$SCPNP_TOP/udev" uninstall > /dev/null 2>&1
	rm -f /usr/local/bin/scbridge /usr/local/share/man/man1/scbridge.1
}
trap cleanup EXIT
# systemd's tools ignore requests in a chroot unless told otherwise
export SYSTEMD_IGNORE_CHROOT=1

install -D -m 0755 "$SCB_BUILT" /usr/local/bin/scbridge
install -D -m 0644 "$SCPNP_TOP/user/scbridge/scbridge.1" /usr/local/share/man/man1/scbridge.1
make -s -C "$SCPNP_TOP/udev" install PREFIX=/usr/local > $W/install.log 2>&1 ||
	fail "make -C udev install: $(cat $W/install.log)"
[ -f $UNIT ] || fail "no $UNIT"

systemd-analyze verify $UNIT > $W/verify.txt 2>&1
rc=$?
log "systemd-analyze verify: exit $rc, $(wc -l < $W/verify.txt) line(s)"
[ $rc = 0 ] && [ ! -s $W/verify.txt ] || fail "systemd-analyze verify ($rc): $(cat $W/verify.txt)"
result service-unit-verify ok

systemd-analyze security --offline=yes --threshold=$EXPOSURE_MAX $UNIT > $W/security.txt 2>&1
rc=$?
log "$(grep 'Overall exposure' $W/security.txt)"
[ $rc = 0 ] || fail "exposure above $EXPOSURE_MAX/10: $(grep -e '✗' -e Overall $W/security.txt)"
for k in NoNewPrivileges=yes PrivateTmp=yes ProtectSystem=strict ProtectHome=yes \
	'RestrictAddressFamilies=AF_NETLINK AF_UNIX AF_INET AF_INET6' \
	CapabilityBoundingSet=CAP_NET_ADMIN; do
	grep -qx "$k" $UNIT || fail "$UNIT lacks $k"
done
result service-unit-hardening ok

# udev: rules parsed without complaint and applied to the slot node
install_modules
# start_udevd, but resolving names as a distribution's udevd does (the
# rules give the nodes to group scard; lib.sh's udevd resolves none)
export SYSTEMD_IGNORE_CHROOT=1
mkdir -p /run/udev
/lib/systemd/systemd-udevd --daemon || fail "systemd-udevd did not start"
udevadm trigger --type=subsystems --action=add
udevadm trigger --type=devices --action=add
udevadm settle --timeout=60 || fail "udevadm settle timed out"
wait_for "[ -e /sys/class/ccid/ccid0s0 ]" 60 || fail "no slot device (ccid.ko not autoloaded?)"
udevadm test --action=add /sys/class/ccid/ccid0s0 > $W/udev-test.txt 2>&1 ||
	fail "udevadm test: $(tail -n 20 $W/udev-test.txt)"
if grep -iE 'scpnp|scbridge' $W/udev-test.txt | grep -iE 'invalid|unknown|error|fail|ignor'; then
	fail "udev complains about the rules"
fi
gid=$(getent group scard | cut -d: -f3)
[ -n "$gid" ] || fail "make install made no group scard"
for p in "70-scpnp.rules:[0-9]+ GROUP $gid\$" '70-scpnp.rules:[0-9]+ MODE 0660$' \
	"(Setting permissions|Preserve permissions of) /dev/ccid0s0, uid=0, gid=$gid, mode=0660" 'TAGS=.*:uaccess:' \
	'smartcard/by-id/08e6-4433-SCPNP0001-slot0' 'kmod load scfilter' \
	'SYSTEMD_WANTS=scbridge.service' \
	"run: '/usr/local/bin/scbridge daemon --detach --if-not-running'"; do
	grep -qE -- "$p" $W/udev-test.txt || fail "udevadm test lacks '$p'"
done
result service-rules ok
ok
