#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fault self-test: scpnp_faultmod causes a warn fault; the runner must catch it
# (it then reports this scenario as expected-fail-caught, and as FAIL if not).
# scpnp-devices: none
# scpnp-kernels: debian debug
# scpnp-expect: fault=warn
# scpnp-timeout: 60
# scpnp-order: 90
# scpnp-clean: yes

[ -f "$SCPNP_FAULTMOD" ] || fail "$SCPNP_FAULTMOD not built (tests/vm/build-modules $SCPNP_KERNEL)"
insmod "$SCPNP_FAULTMOD" || fail "insmod scpnp_faultmod"
echo warn > /sys/kernel/debug/scpnp_faultmod/trigger || fail "trigger warn"
ok "warn triggered"
