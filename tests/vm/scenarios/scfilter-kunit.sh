#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# KUnit: scfilter's discovery sequence against transcripts of a fake slot
# (tests/kunit/discovery_kunit.c), on the debug kernel.
# scpnp-devices: none
# scpnp-kernels: debug
# scpnp-timeout: 120

ko=$SCPNP_KUNITDIR/discovery_kunit.ko
[ -f "$ko" ] || fail "$ko not built (tests/vm/build-modules debug)"
dmesg -C
insmod "$ko" || fail "insmod discovery_kunit"
dmesg > "$SCPNP_OUT/ktap"
rmmod discovery_kunit
grep -q 'ok 1 scfilter-discovery$' "$SCPNP_OUT/ktap" || fail "suite failed: $(grep -E 'not ok|# ' "$SCPNP_OUT/ktap")"
grep -q 'not ok' "$SCPNP_OUT/ktap" && fail "failures: $(grep 'not ok' "$SCPNP_OUT/ktap")"
log "$(grep -E '# (disc_test|Totals)' "$SCPNP_OUT/ktap")"
ok
