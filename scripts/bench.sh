#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 'make bench': for every arch in $ARCHS, build the kernel and the mm
# kselftests (from the kernel tree as it is: no apply), boot the guest with
# MMDUMP_MODE=bench, which runs tools/testing/selftests/mm/mmdump_bench, and
# print the tables it wrote to the console.  They are also kept in
# results/<arch>/bench.txt.  Nothing is asserted: a run fails only if the
# guest did not finish, timed out or the kernel splatted.
#
# usage: bench.sh [SET]   SET: vma, pt, sparse, lat or hold (default: all)
# Environment: ARCHS (default "x86_64 arm64"), BENCH_ARGS (e.g. -q for
# smaller sizes), VM_TIMEOUT (default 900 s per guest).

. "$(dirname "$0")/lib.sh"

ARCHS=${ARCHS:-x86_64 arm64}
# The test guest's kernel, whatever kernel flavour the environment asks for.
export FLAVOUR=
S=$TOP/scripts
args="${BENCH_ARGS:-} ${1:-}"
export VM_TIMEOUT=${VM_TIMEOUT:-900}
rc=0

for arch in $ARCHS; do
	ARCH=$arch "$S/build-kernel.sh"
	install=$(ARCH=$arch "$S/build-selftests.sh")
	[[ -x $install/mm/mmdump_bench ]] ||
		die "no mm/mmdump_bench in $install (the tree lacks the benchmark commit)"
	initramfs=$(ARCH=$arch "$S/mkinitramfs.sh" "$install")
	# The kernel hands unknown name=value parameters to init as environment.
	ARCH=$arch VM_CMDLINE="${VM_CMDLINE:-} MMDUMP_BENCH_ARGS=\"${args# }\"" \
		"$S/vmtest.sh" bench "$initramfs" >&2 || rc=1
	log=$RESULTS/$arch/console-bench.log
	# The tables: what mmdump_bench printed, without kernel messages.
	sed -n '/^mmdump_bench: /,/^mmdump_bench: done/p' "$log" |
		grep -v '^\[ *[0-9]*\.[0-9]*\]' >"$RESULTS/$arch/bench.txt" || true
done

for arch in $ARCHS; do
	echo
	echo "######## $arch: $(grep -m1 '^mmdump-guest: Linux' "$RESULTS/$arch/console-bench.log" |
		cut -d' ' -f2-4 | tr -d ,)"
	cat "$RESULTS/$arch/bench.txt"
done
exit $rc
