#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fault self-test: scpnp_faultmod shifts a u32 by 40 bits; UBSAN reports it
# and the runner must catch it (expected-fail-caught; FAIL if not).
# scpnp-devices: none
# scpnp-kernels: debug
# (the debug kernel alone has UBSAN)
# scpnp-expect: fault=ubsan
# scpnp-timeout: 60
# scpnp-order: 90

[ -f "$SCPNP_FAULTMOD" ] || fail "$SCPNP_FAULTMOD not built (tests/vm/build-modules $SCPNP_KERNEL)"
insmod "$SCPNP_FAULTMOD" || fail "insmod scpnp_faultmod"
echo ubsan > /sys/kernel/debug/scpnp_faultmod/trigger || fail "trigger ubsan"
ok "ubsan triggered"
