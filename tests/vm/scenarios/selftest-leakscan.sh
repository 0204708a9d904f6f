#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fault self-test: a WARN printed during the final kmemleak scan of the boot
# (guest-run's hook-leakscan loads scpnp_faultmod with trigger=warn),
# after every scenario's slice. The runner must fail the boot's result for
# it; as a self-test, that boot result is then expected-fail-caught (FAIL if
# the warning went unseen).
# scpnp-devices: none
# scpnp-kernels: debug
# (the debug kernel alone scans for leaks at the end of a boot)
# scpnp-expect: fault=warn@leakscan
# scpnp-timeout: 60
# scpnp-order: 90

[ -f "$SCPNP_FAULTMOD" ] || fail "$SCPNP_FAULTMOD not built (tests/vm/build-modules $SCPNP_KERNEL)"
mkdir -p /run/scpnp
printf 'insmod %q trigger=warn && rmmod scpnp_faultmod\n' "$SCPNP_FAULTMOD" > /run/scpnp/hook-leakscan
ok "a warning will come during the leak scan"
