# SPDX-License-Identifier: GPL-2.0
# Sourced by the bench scenarios: kernel memory a reader costs, from the kmem
# trace events of its bind (Documentation/testing.rst, "Benchmarks").
#
#   footprint_ready              0 when the kmem events can be traced
#   footprint_bind INTF NODE SAMPLE
#       unbind INTF from ccid.ko, then trace its bind until NODE exists
#       and 2 s more (probe, slot nodes, the cards' power-on); prints
#       "TOTAL CCID": bytes of slab objects allocated in the window and
#       still live at its end, all of them and those from ccid.ko's call
#       sites. The trace is kept in $SCPNP_OUT/footprint-SAMPLE.
#   footprint_median N...        the median of the numbers
#
# Only shell builtins run in the window: a fork's task structures would
# outlive it and be counted. Allocations made in the context of udevd, of
# the virtual reader's own process (the device side) and of the other
# daemons are not the driver's and are left out, and so are socket buffers
# (uevents queued to listeners) and threads a kernel worker pool happened
# to add in the window; the bind itself runs in
# the shell's context, the rest of the driver's work in kernel threads and
# interrupts.

FP_T=/sys/kernel/tracing
FP_EVENTS=

footprint_ready() {
	local e
	[ -d $FP_T/events ] || mount -t tracefs nodev $FP_T 2>/dev/null
	# real addresses, not hashes (which read "(____ptrval____)" until the
	# guest's random pool is ready): allocations are matched to frees by them
	[ -f $FP_T/options/hash-ptr ] && echo 0 > $FP_T/options/hash-ptr
	FP_EVENTS=
	for e in kmalloc kmalloc_node kmem_cache_alloc kmem_cache_alloc_node kfree kmem_cache_free; do
		[ -d $FP_T/events/kmem/$e ] && FP_EVENTS+=" $e"
	done
	[ -n "$FP_EVENTS" ] && echo 8192 > $FP_T/buffer_size_kb
}

footprint_spin() {	# footprint_spin MS: wait with builtins only
	local end=$(( ${EPOCHREALTIME/./} + $1 * 1000 ))
	while (( ${EPOCHREALTIME/./} < end )); do :; done
}

footprint_live() {	# footprint_live TRACE
	awk '
	# user-space bystanders: udevd reacting to the bind, the virtual
	# reader itself (the device side), the daemons of other steps
	$1 ~ /^(systemd-udevd|\(udev-worker\)|ccid-gadget|pcscd|nginx|scbridge)-[0-9]+$/ { next }
	# transient: uevents queued to listening sockets; a worker thread
	# that a kernel pool happened to add
	/ call_site=(__alloc_skb|skb_clone|__alloc_skb_for_msg|copy_process)\+/ { next }
	/ (kmalloc|kmalloc_node|kmem_cache_alloc|kmem_cache_alloc_node): / {
		p = ""; n = 0
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^ptr=/) p = substr($i, 5)
			if ($i ~ /^bytes_alloc=/) n = substr($i, 13)
		}
		if (p != "") { live[p] = n; ours[p] = ($0 ~ /\[ccid\]/) }
		next
	}
	/ (kfree|kmem_cache_free): / {
		for (i = 1; i <= NF; i++)
			if ($i ~ /^ptr=/) { delete live[substr($i, 5)]; delete ours[substr($i, 5)] }
	}
	END {
		t = 0; o = 0
		for (p in live) { t += live[p]; if (ours[p]) o += live[p] }
		print t, o
	}' "$1"
}

footprint_bind() {
	local intf=$1 node=$2 e
	if [ -e "/sys/bus/usb/drivers/ccid/$intf" ]; then
		echo -n "$intf" > /sys/bus/usb/drivers/ccid/unbind || return 1
	fi
	wait_for "[ ! -e $node ]" 30 || return 1
	sleep 1
	echo 0 > $FP_T/tracing_on
	echo > $FP_T/trace
	for e in $FP_EVENTS; do echo 1 > $FP_T/events/kmem/$e/enable; done
	echo 1 > $FP_T/tracing_on
	echo -n "$intf" > /sys/bus/usb/drivers/ccid/bind
	until [ -c "$node" ]; do :; done
	footprint_spin 2000
	echo 0 > $FP_T/tracing_on
	for e in $FP_EVENTS; do echo 0 > $FP_T/events/kmem/$e/enable; done
	cat $FP_T/trace > "$SCPNP_OUT/footprint-$3"
	echo > $FP_T/trace
	footprint_live "$SCPNP_OUT/footprint-$3"
}

footprint_median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
