# SPDX-License-Identifier: GPL-2.0
# Helpers for VM scenarios (tests/vm/scenarios/*.sh). guest-run sources this
# file before the scenario, in the guest, in bash. Environment:
#   SCPNP_TOP        checkout path (the host's, seen through the overlay)
#   SCPNP_KERNEL     debian | debug
#   SCPNP_KVER       release of the running kernel
#   SCPNP_KDIR       its build tree (headers for debian)
#   SCPNP_MODDIR     the project's modules built for this kernel (*.ko)
#   SCPNP_KUNITDIR   KUnit modules built for this kernel (debug only)
#   SCPNP_FAULTMOD   the fault self-test module for this kernel
#   SCPNP_MODINDEX   module index (modules.dep...) with SCPNP_MODDIR installed
#   SCPNP_OUT        writable directory for artifacts (host: build/vm/out/...)
#   SCPNP_NAME       this scenario's name
#   SCPNP_DEVICES    none | ccid
#   SCPNP_PCAP       ccid: capture file of the current reader
#   SCPNP_PCAP_START ccid: its size when the scenario started
# See Documentation/testing.rst.

[ -n "${SCPNP_LIB:-}" ] && return 0
SCPNP_LIB=1
SCPNP_VM=$SCPNP_TOP/tests/vm

# ok [MSG]: end the scenario, passed.
ok() {
	echo "ok${1:+: $*}"
	exit 0
}

# fail MSG: end the scenario, failed.
fail() {
	echo "FAIL: $*"
	exit 1
}

# log MSG: a time-stamped line in the scenario's output.
log() {
	echo "[$(date +%T.%3N)] $*"
}

# kmsg MSG: a line in the kernel log (and so in this scenario's slice).
kmsg() {
	echo "<5>scpnp: $*" > /dev/kmsg
}

# result NAME ok|FAIL|skip [MSG]: report a sub-result; each counts in the
# totals, and the scenario's header declares how many it reports
# (scpnp-results, see Documentation/testing.rst).
result() {
	local name=$1 st=$2
	shift 2
	case $st in
	ok|FAIL|skip|qemu-lost-answer) ;;
	*) fail "result $name: status '$st' is not ok, FAIL or skip" ;;
	esac
	echo "$st $name $*" >> "$SCPNP_OUT/results"
}

# wait_for COND [TIMEOUT_S]: evaluate COND every 0.1 s until it succeeds;
# returns 1 after TIMEOUT_S seconds (default 10).
wait_for() {
	local cond=$1 t=${2:-10} end
	end=$(( $(date +%s%N) / 1000000 + t * 1000 ))
	until eval "$cond"; do
		(( $(date +%s%N) / 1000000 > end )) && return 1
		sleep 0.1
	done
	return 0
}

# qmp OP [ARGS]: ask the host to change the devices. OP is one of
#   card-remove, card-insert, reader-unplug, reader-plug [pcap=NAME] [card=no],
#   status
# Prints the host's answer ("reader=yes card=no pcap=..."), returns 1 on error.
# reader-plug's pcap=NAME writes the new reader's capture to $SCPNP_OUT/NAME and
# points SCPNP_PCAP (and SCPNP_PCAP_START=0) at it.
qmp() {
	local seq=$$-$RANDOM fd reply args=() w
	for w in "$@"; do
		case $w in pcap=*) w="pcap=$SCPNP_NAME/${w#pcap=}" ;; esac
		args+=("$w")
	done
	exec {fd}<>/dev/ttyS1
	flock "$fd"
	printf 'Q %s %s\n' "$seq" "${args[*]}" >&"$fd"
	reply=
	while IFS= read -r -t 60 reply <&"$fd"; do
		reply=${reply%$'\r'}
		case $reply in "R $seq "*) break ;; esac
		reply=
	done
	exec {fd}>&-
	reply=${reply#R "$seq" }
	case $reply in
	ok*)
		reply=${reply#ok }
		case $reply in
		*pcap=*)
			local p=/scpnp/out/${reply##*pcap=}
			if [ "$p" != "${SCPNP_PCAP:-}" ]; then
				SCPNP_PCAP=$p
				SCPNP_PCAP_START=0
			fi
			;;
		esac
		echo "$reply"
		return 0
		;;
	"")
		echo "qmp $*: no answer from the host" >&2
		return 1
		;;
	*)
		echo "qmp $*: ${reply#error }" >&2
		return 1
		;;
	esac
}

# usb_present VID:PID: the USB device is enumerated (sysfs).
usb_present() {
	local d
	for d in /sys/bus/usb/devices/*; do
		[ -f "$d/idVendor" ] || continue
		[ "$(<"$d/idVendor"):$(<"$d/idProduct")" = "$1" ] && return 0
	done
	return 1
}

# usb_path VID:PID: print the sysfs path of the (first) matching USB device.
usb_path() {
	local d
	for d in /sys/bus/usb/devices/*; do
		[ -f "$d/idVendor" ] || continue
		if [ "$(<"$d/idVendor"):$(<"$d/idProduct")" = "$1" ]; then
			echo "$d"
			return 0
		fi
	done
	return 1
}

# install_modules: put the project's modules where modprobe and udev find
# them (/lib/modules/$SCPNP_KVER/updates/scpnp, on the guest's overlay) with
# a module index that lists them. The index is made on the host before the
# boot (depmod over Debian's 4000 modules through 9p takes minutes under
# TCG); the runner puts the original index back after the scenario.
install_modules() {
	local d=/lib/modules/$SCPNP_KVER
	compgen -G "$SCPNP_MODDIR/*.ko" >/dev/null ||
		fail "no modules in $SCPNP_MODDIR (tests/vm/build-modules $SCPNP_KERNEL)"
	if [ ! -d /run/scpnp/modindex-orig ]; then
		mkdir -p /run/scpnp/modindex-orig
		cp -a "$d"/modules.* /run/scpnp/modindex-orig/ 2>/dev/null
	fi
	mkdir -p "$d/updates/scpnp"
	cp "$SCPNP_MODDIR"/*.ko "$d/updates/scpnp/"
	if [ -f "${SCPNP_MODINDEX:-}/modules.dep" ]; then
		cp "$SCPNP_MODINDEX"/modules.* "$d/"
	else
		depmod -a "$SCPNP_KVER"
	fi
}

# start_udevd: the host's systemd-udevd, then replay the coldplug events and
# wait until they are processed (so modules get autoloaded).
start_udevd() {
	# systemd's tools ignore requests inside a chroot unless told otherwise
	export SYSTEMD_IGNORE_CHROOT=1
	mkdir -p /run/udev
	local t0=$SECONDS
	/lib/systemd/systemd-udevd --daemon --resolve-names=never || fail "systemd-udevd did not start"
	# Coldplug only what the scenarios are about: replaying every device of
	# the guest costs a minute of forks on the debug kernel under TCG.
	udevadm trigger --type=subsystems --action=add \
		--subsystem-match=usb --subsystem-match=ccid --subsystem-match=smartcard
	udevadm trigger --type=devices --action=add \
		--subsystem-match=usb --subsystem-match=ccid --subsystem-match=smartcard
	udevadm settle --timeout=60 || fail "udevadm settle timed out"
	log "udevd started and settled in $((SECONDS - t0)) s"
}

# card_apdu CMD...: run CMD, which sends one APDU to QEMU's emulated card and
# prints the answer or the error; if that is a timeout, run CMD once more.
# QEMU's ccid-card-emulated loses the wakeup of its APDU thread now and then
# (it signals a condition variable under another mutex than the one the
# thread waits under, and the thread waits without checking its queue), so
# an APDU may sit unanswered until the next one arrives. ccid.ko aborts it
# after its timeout (ETIMEDOUT); the second try shows the slot recovered.
# The retry is logged (stderr), never silent.
card_apdu() {
	local out
	out=$("$@")
	case $out in
	*ETIMEDOUT*|*"timed out"*)
		log "QEMU's emulated card lost an APDU ($out): sending it again" >&2
		out=$("$@")
		;;
	esac
	printf '%s\n' "$out"
}

# pcap_decode [ARGS]: the CCID messages the reader saw since the scenario
# started (or since the last pcap_mark), one per line (see tests/vm/ccid-pcap).
pcap_decode() {
	[ -n "${SCPNP_PCAP:-}" ] || fail "no reader capture in this scenario"
	python3 "$SCPNP_VM/ccid-pcap" --from "${SCPNP_PCAP_START:-0}" "$@" "$SCPNP_PCAP"
}

# pcap_mark: later pcap_decode calls start from here.
pcap_mark() {
	SCPNP_PCAP_START=$(stat -c %s "$SCPNP_PCAP")
}
