#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# APDU-level readers (tests/gadget): at extended-APDU level a 32 KiB
# command and a 32 KiB answer cross a reader whose messages hold 5000
# bytes (wLevelParameter chaining both ways), and the reader's time
# extensions are honoured; at short-APDU level a 64-byte message length
# chains a 255-byte command and a 256-byte answer, and an extended APDU
# is refused before it reaches the reader.
# scpnp-devices: none
# scpnp-kernels: debug
# scpnp-timeout: 300
# scpnp-results: 3
. "$SCPNP_TOP/tests/gadget/lib.sh"
gadget_need
install_modules
modprobe ccid || fail "modprobe ccid"
T=$CCIDTEST

gadget_start ext <<'CONF' || fail "gadget did not start"
idVendor 0x08e6
idProduct 0x3439
dwProtocols 0x00000003
dwFeatures 0x000404FE
dwMaxCCIDMessageLength 5000
card 0 atr+tck 3B 80 81 31 FE 45
CONF
glog=$(gadget_log ext)
node=$(gadget_wait_node ext 0) || fail "no node"
gadget_active "$node" || fail "card not active: $($T "$node" status)"
intf=$(gadget_intf ext)
[ "$(<"$intf/ccid_exchange_level")" = extended-apdu ] || fail "level $(<"$intf/ccid_exchange_level")"
[ "$(<"$intf/ccid_max_message")" = 5000 ] || fail "max message $(<"$intf/ccid_max_message")"
out=$($T "$node" echo:32768 getdata:32768 "apdu:00 E1 02 02")
log "$out"
echo "$out" | grep -q '^echo:32768: ok 32768$' || fail "32 KiB echo: $out"
echo "$out" | grep -q '^getdata:32768: ok 32768$' || fail "32 KiB answer: $out"
grep -q 'slot 0: APDU ins ee, 32777 bytes in, 32770 out' "$glog" || fail "the reader did not get the whole command"
parts=$(grep -c 'slot 0: APDU command part' "$glog")
(( parts >= 6 )) || fail "command in $parts parts, expected chaining"
grep -q 'slot 0: APDU answer part .* chain 2' "$glog" || fail "answer not chained"
result gadget-apdu-extended ok "command in $((parts + 1)) messages"
echo "$out" | grep -q '^apdu:00 E1 02 02: ok 90 00$' || fail "time extension: $out"
[ "$(grep -c 'slot 0: time extension 2' "$glog")" = 2 ] || fail "no time extensions sent"
result gadget-apdu-time-extension ok
gadget_stop ext

gadget_start short <<'CONF' || fail "gadget did not start"
idVendor 0x08e6
idProduct 0x343a
dwProtocols 0x00000001
dwFeatures 0x000204FE
dwMaxCCIDMessageLength 64
CONF
glog=$(gadget_log short)
node=$(gadget_wait_node short 0) || fail "no node"
gadget_active "$node" || fail "card not active: $($T "$node" status)"
[ "$(<"$(gadget_intf short)/ccid_max_message")" = 64 ] || fail "max message"
out=$($T "$node" echo:255 getdata:256 echo:256)
log "$out"
echo "$out" | grep -q '^echo:255: ok 255$' || fail "255-byte echo: $out"
echo "$out" | grep -q '^getdata:256: ok 256$' || fail "256-byte answer: $out"
echo "$out" | grep -q '^echo:256: EINVAL$' || fail "extended APDU at short level: $out"
grep -q 'slot 0: APDU ins ee, 261 bytes in, 257 out' "$glog" || fail "the reader did not get the whole command"
grep -q 'slot 0: APDU command part 54 bytes chain 3' "$glog" || fail "command not chained"
grep -q 'slot 0: APDU answer part .* chain 2' "$glog" || fail "answer not chained"
result gadget-apdu-short ok
ok
