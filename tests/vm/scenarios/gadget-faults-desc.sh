#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Hostile descriptors (tests/gadget/fault.c): a class descriptor cut short,
# dwMaxCCIDMessageLength too small for a header, bMaxSlotIndex 255, no
# bulk-OUT endpoint, no bulk pair at all. ccid.ko refuses each with a
# clear error and no node; the device is unplugged cleanly afterwards.
# An interrupt endpoint of the wrong type (bulk, or OUT) is no interrupt
# endpoint: the reader binds, polled, and a card answers. make check runs
# one of each kind; the long form (SCPNP_SWEEP=all, from tests/stress)
# adds a reader without any bulk endpoint and an interrupt-OUT endpoint.
# scpnp-devices: none
# scpnp-kernels: debug
# scpnp-timeout: 300
# scpnp-results: 5
. "$SCPNP_TOP/tests/gadget/lib.sh"
gadget_need
install_modules
modprobe ccid || fail "modprobe ccid"
T=$CCIDTEST
failed=()
INT_TYPES="bulk"
[ "${SCPNP_SWEEP:-}" = all ] && INT_TYPES="bulk out"

bad() {
	log "FAIL $1: $2"
	result "gadget-fault-$1" FAIL "$2"
	failed+=("$1")
}

# refused NAME "DMESG REGEX" < SCENARIO: the reader enumerates, ccid.ko
# says REGEX and does not bind.
refused() {
	local name=$1 re=$2 before intf
	before=$(dmesg | wc -l)
	if ! gadget_start "$name"; then
		bad "$name" "the gadget did not start"
		return
	fi
	if ! wait_for "dmesg | tail -n +$((before + 1)) | grep -Eq 'ccid .*($re)'" 30; then
		bad "$name" "no error like '$re': $(dmesg | tail -n +$((before + 1)) | tail -n 5)"
	elif ! intf=$(gadget_intf "$name") || [ -e "$intf/driver" ] ||
	     ls "$intf"/ccid/* >/dev/null 2>&1; then
		bad "$name" "bound anyway ($intf)"
	else
		log "$name: $(dmesg | tail -n +$((before + 1)) | grep -E "$re" | head -n 1)"
		result "gadget-fault-$name" ok
	fi
	gadget_stop "$name" || bad "$name" "the unplug did not end"
}

refused desc-short 'malformed CCID class descriptor \(bLength 32\)' <<'CONF'
idProduct 0x3441
fault_desc_len 32
CONF
refused desc-tiny-message 'dwMaxCCIDMessageLength too small' <<'CONF'
idProduct 0x3442
dwMaxCCIDMessageLength 8
CONF
refused desc-many-slots 'too many slots' <<'CONF'
idProduct 0x3443
bMaxSlotIndex 0xFF
CONF
refused desc-no-bulk-out 'no bulk-IN/bulk-OUT endpoint pair' <<'CONF'
idProduct 0x3444
fault_drop_ep 0x02
CONF
[ "${SCPNP_SWEEP:-}" = all ] &&
refused desc-no-bulk 'no bulk-IN/bulk-OUT endpoint pair' <<'CONF'
idProduct 0x3445
bNumEndpoints 1
CONF

# The interrupt endpoint described as bulk-IN, then as interrupt-OUT.
for t in $INT_TYPES; do
	name=desc-int-$t
	if ! gadget_start "$name" <<CONF; then
idProduct 0x3446
fault_int_type $t
CONF
		bad "$name" "the gadget did not start"
		continue
	fi
	if node=$(gadget_wait_node "$name" 0 30) &&
	   intf=$(gadget_intf "$name") &&
	   $T "$node" info | grep -q 'int=0' &&
	   gadget_active "$node" 30 &&
	   $T "$node" "apdu:00A40400023F0000" | grep -q ': ok .*90 00$'; then
		result "gadget-fault-$name" ok "polled"
	else
		bad "$name" "no polled reader: $($T "${node:-/dev/null}" info 2>&1)"
	fi
	gadget_stop "$name" || bad "$name" "the unplug did not end"
done

[ ${#failed[@]} = 0 ] || fail "descriptor faults that did not end well: ${failed[*]}"
ok
