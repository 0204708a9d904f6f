#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fault self-test: the guest dies in the middle of this scenario (an
# immediate reboot through sysrq, which prints nothing; QEMU runs with
# -no-reboot and exits). The runner must fail the scenario ("guest died")
# and the boot's result; as a self-test both are expected-fail-caught (FAIL
# if the runner missed the death). It ends its boot.
# scpnp-devices: none
# scpnp-kernels: debian
# scpnp-expect: guest-died
# scpnp-timeout: 60
# scpnp-order: 95

log "rebooting the guest from under the runner"
echo b > /proc/sysrq-trigger
sleep 30
fail "still alive 30 s after sysrq b"
