#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fault self-test: the hung task detector, with its timeout lowered to 5 s,
# reports a task that scpnp_faultmod keeps in uninterruptible sleep for
# 20 s; the runner must catch the report (expected-fail-caught; FAIL if
# not). The timeout goes back to guest-run's 120 s afterwards.
# scpnp-devices: none
# scpnp-kernels: debian
# scpnp-expect: fault=hung-task
# scpnp-timeout: 90
# scpnp-order: 85

knob=/proc/sys/kernel/hung_task_timeout_secs
[ -w $knob ] || fail "no $knob (CONFIG_DETECT_HUNG_TASK)"
[ -f "$SCPNP_FAULTMOD" ] || fail "$SCPNP_FAULTMOD not built (tests/vm/build-modules $SCPNP_KERNEL)"
insmod "$SCPNP_FAULTMOD" hang_ms=20000 || fail "insmod scpnp_faultmod"
old=$(<$knob)
echo 5 > $knob
echo hang > /sys/kernel/debug/scpnp_faultmod/trigger
echo "$old" > $knob
dmesg | grep -q 'blocked for more than' || fail "no hung task report after 20 s asleep"
ok "hung task reported"
