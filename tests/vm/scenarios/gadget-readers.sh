#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Real readers' descriptors as virtual readers (tests/gadget/sweep): one
# row of tests/data/readers/readers.tsv per equivalence class, listed in
# tests/data/readers/classes (every exchange level, protocol mix, slot
# count, PIN support, busy-slot rule, message-length extreme, vendor class,
# polled reader, and the refused kinds: ICCD, character level, no
# protocol). ccid.ko binds or refuses each as Documentation/testing.rst
# says, the bound ones show the row's attributes after its rules, and a
# card answers a SELECT. SCPNP_SWEEP=all (make stress) does all 461 rows.
# The sweep counts the rows it will check before the boot (sweep --count):
# a row that is never checked is a result missing.
# scpnp-devices: none
# scpnp-kernels: debug
# scpnp-timeout: 600
# scpnp-results: from tests/gadget/sweep --count
. "$SCPNP_TOP/tests/gadget/lib.sh"
gadget_need
install_modules
modprobe ccid || fail "modprobe ccid"

python3 "$SCPNP_TOP/tests/gadget/sweep" --results "$SCPNP_OUT/results" ||
	fail "some readers were not handled as documented"
ok
