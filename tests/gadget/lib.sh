# SPDX-License-Identifier: GPL-2.0
# Helpers for the gadget VM scenarios (tests/vm/scenarios/gadget-*.sh), sourced
# after tests/vm/lib.sh. A gadget is one ccid-gadget process on one dummy_udc
# instance, named by the scenario: its scenario file and log are
# $SCPNP_OUT/gadget-NAME.{conf,log}, its control FIFO /run/gadget/NAME.fifo
# (9p has no FIFOs).

GADGET=$SCPNP_TOP/tests/gadget/ccid-gadget
CCIDTEST=$SCPNP_TOP/tests/vm/tools/ccidtest
GADGET_RUN=/run/gadget
declare -A GADGET_PID GADGET_VIDPID
mkdir -p "$GADGET_RUN"

# gadget_need: the binaries and the kernel side are there.
gadget_need() {
	[ -x "$GADGET" ] || fail "$GADGET not built (make -C tests/gadget)"
	[ -x "$CCIDTEST" ] || fail "$CCIDTEST not built (make -C tests/vm/tools)"
	[ -c /dev/raw-gadget ] || fail "no /dev/raw-gadget (CONFIG_USB_RAW_GADGET)"
	[ -d /sys/class/udc/dummy_udc.0 ] || fail "no dummy_udc.0 (CONFIG_USB_DUMMY_HCD)"
}

# gadget_start NAME [UDC]: start the reader described on stdin; wait until
# the host configured it. Returns 1 (with the log shown) when it did not.
gadget_start() {
	local name=$1 udc=${2:-dummy_udc.0} conf=$SCPNP_OUT/gadget-$1.conf
	local log=$SCPNP_OUT/gadget-$1.log vid pid
	cat > "$conf"
	vid=$(awk '$1 == "idVendor" {print $2}' "$conf" | tail -n1)
	pid=$(awk '$1 == "idProduct" {print $2}' "$conf" | tail -n1)
	vid=$(printf %04x "${vid:-0x08e6}")
	pid=$(printf %04x "${pid:-0x3437}")
	GADGET_VIDPID[$name]=$vid:$pid
	rm -f "$GADGET_RUN/$name.fifo"
	: > "$log"
	"$GADGET" -u "$udc" -c "$GADGET_RUN/$name.fifo" -l "$log" \
		${GADGET_VERBOSE:+-v} "$conf" &
	GADGET_PID[$name]=$!
	if ! wait_for "grep -q configured '$log'" 60; then
		log "gadget $name did not get configured:"
		cat "$log"
		return 1
	fi
	wait_for "usb_present $vid:$pid" 30
}

# gadget_ctl NAME COMMAND...: a line to the gadget's control FIFO.
gadget_ctl() {
	local name=$1
	shift
	echo "$*" > "$GADGET_RUN/$name.fifo"
}

# gadget_stop NAME: unplug the reader and wait for the process to end.
gadget_stop() {
	local name=$1 vp=${GADGET_VIDPID[$1]}
	[ -n "${GADGET_PID[$name]:-}" ] || return 0
	gadget_ctl "$name" quit
	wait "${GADGET_PID[$name]}" 2>/dev/null
	unset "GADGET_PID[$name]"
	wait_for "! usb_present $vp" 30
}

# gadget_log NAME: the path of its log.
gadget_log() {
	echo "$SCPNP_OUT/gadget-$1.log"
}

# gadget_intf NAME: sysfs directory of the reader's USB interface.
gadget_intf() {
	local d
	d=$(usb_path "${GADGET_VIDPID[$1]}") || return 1
	echo "$d/$(basename "$d"):1.0"
}

# gadget_node NAME SLOT: /dev/ccidRsS of the reader's slot, once it exists.
gadget_node() {
	local intf n
	intf=$(gadget_intf "$1") || return 1
	for n in "$intf"/ccid/ccid*s"$2"; do
		[ -e "$n" ] || return 1
		echo "/dev/$(basename "$n")"
		return 0
	done
	return 1
}

# gadget_wait_node NAME SLOT [TIMEOUT]: wait for the node, print it.
# (Shell builtins only in the loop: forks are slow under TCG.)
gadget_wait_node() {
	local intf p
	wait_for "usb_present ${GADGET_VIDPID[$1]}" "${3:-60}" || return 1
	intf=$(gadget_intf "$1") || return 1
	wait_for "compgen -G '$intf/ccid/ccid*s$2' >/dev/null" "${3:-60}" || return 1
	p=("$intf"/ccid/ccid*s"$2")
	p=/dev/${p[0]##*/}
	wait_for "[ -c $p ]" 30 || return 1
	echo "$p"
}

# gadget_active NODE [TIMEOUT]: wait until the card in NODE is active.
gadget_active() {
	wait_for "$CCIDTEST $1 status | grep -q 'state=2'" "${2:-60}"
}

# gadget_cleanup: stop every gadget still running (trap on EXIT).
gadget_cleanup() {
	local n
	for n in "${!GADGET_PID[@]}"; do
		gadget_stop "$n"
	done
}
trap gadget_cleanup EXIT
