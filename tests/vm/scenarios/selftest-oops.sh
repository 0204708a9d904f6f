#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fault self-test: scpnp_faultmod writes through a NULL pointer in a kernel
# thread of its own, which oopses and dies; the runner must catch the oops
# (expected-fail-caught; FAIL if not). The oops taints the kernel (D), so
# only scenarios that do not need a clean kernel may follow it in its boot.
# scpnp-devices: none
# scpnp-kernels: debian
# scpnp-expect: fault=oops
# scpnp-timeout: 60
# scpnp-order: 98

[ -f "$SCPNP_FAULTMOD" ] || fail "$SCPNP_FAULTMOD not built (tests/vm/build-modules $SCPNP_KERNEL)"
insmod "$SCPNP_FAULTMOD" || fail "insmod scpnp_faultmod"
echo oops > /sys/kernel/debug/scpnp_faultmod/trigger || fail "trigger oops"
# The thread oopses on its own time: wait for the taint (D), so that the
# report lands in this scenario's slice.
wait_for '(( $(</proc/sys/kernel/tainted) & 128 ))' 30 || fail "no oops taint after 30 s"
ok "oops triggered"
