#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fault self-test: a WARN printed after this scenario's end marker and
# before the next scenario begins (guest-run's hook-after loads
# scpnp_faultmod with trigger=warn), outside every scenario's slice. The
# runner must fail the boot's result for it, naming the line and the
# scenarios before it; as a self-test, that boot result is then
# expected-fail-caught (FAIL if the warning went unseen). Runs first in its
# boot, so that a scenario follows it.
# scpnp-devices: none
# scpnp-kernels: debian
# scpnp-expect: fault=warn@after
# scpnp-timeout: 60
# scpnp-order: 80

[ -f "$SCPNP_FAULTMOD" ] || fail "$SCPNP_FAULTMOD not built (tests/vm/build-modules $SCPNP_KERNEL)"
mkdir -p /run/scpnp
printf 'insmod %q trigger=warn && rmmod scpnp_faultmod\n' "$SCPNP_FAULTMOD" > /run/scpnp/hook-after
ok "a warning will follow the end marker"
