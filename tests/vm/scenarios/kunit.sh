#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every tests/kunit/*_kunit.c, built against the debug kernel, loaded: each
# KUnit case becomes a result of its own (kunit:SUITE.CASE). A source without
# a module, a module that does not load or reports no case, a failing or
# missing case: each is a failure.
# scpnp-devices: none
# scpnp-kernels: debug
# scpnp-expect: ok
# scpnp-timeout: 300
# scpnp-results: 849

shopt -s nullglob
srcs=("$SCPNP_TOP"/tests/kunit/*_kunit.c)
[ ${#srcs[@]} -gt 0 ] || fail "no tests/kunit/*_kunit.c"
status=0
for src in "${srcs[@]}"; do
	mod=$(basename "$src" .c)
	ko=$SCPNP_KUNITDIR/$mod.ko
	if [ ! -f "$ko" ]; then
		result "$mod" FAIL "not built ($ko missing)"
		status=1
		continue
	fi
	kmsg "kunit-begin $mod"
	if ! insmod "$ko"; then
		result "$mod" FAIL "insmod failed"
		status=1
		continue
	fi
	rmmod "$mod" || { result "$mod" FAIL "rmmod failed"; status=1; }
	dmesg | sed -n "/scpnp: kunit-begin $mod\$/,\$p" > "$SCPNP_OUT/$mod.ktap"
	python3 "$SCPNP_VM/ktap" --name "$mod" < "$SCPNP_OUT/$mod.ktap" > "$SCPNP_OUT/$mod.results" || status=1
	log "$mod: $(grep -c '^ok' "$SCPNP_OUT/$mod.results") ok, $(grep -c '^FAIL' "$SCPNP_OUT/$mod.results") failed"
	cat "$SCPNP_OUT/$mod.results" >> "$SCPNP_OUT/results"
done
[ "$status" = 0 ] || fail "KUnit failures (see the kunit:* results)"
ok
