#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fault self-test: the guest hangs after its last scenario (guest-run's
# hook-after blocks for ever in scpnp_faultmod's "hang", uninterruptibly, so
# the boot never reaches its end). The runner must fail the boot's result
# once BETWEEN_TIMEOUT has passed; as a self-test that result is then
# expected-fail-caught (FAIL if the runner waited for ever or said nothing).
# scpnp-devices: none
# scpnp-kernels: debian
# scpnp-expect: guest-hung@after
# scpnp-timeout: 60
# scpnp-order: 99
# scpnp-clean: no

[ -f "$SCPNP_FAULTMOD" ] || fail "$SCPNP_FAULTMOD not built (tests/vm/build-modules $SCPNP_KERNEL)"
mkdir -p /run/scpnp
printf 'insmod %q hang_ms=0 trigger=hang\n' "$SCPNP_FAULTMOD" > /run/scpnp/hook-after
ok "the guest will hang after this scenario"
