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
# One guest boot per set.  The sets that measure work (vma, pt, sparse)
# run under QEMU's -icount shift=0: the guest's clock then advances one
# nanosecond per instruction executed, so a time is an instruction count,
# the same from run to run and from build to build, whatever the host or
# TCG's translation does (plain TCG time moved a ratio by half between two
# builds of the same code here).  The sets that measure how long the
# target waits (lat, hold) need real time and two CPUs running at once,
# which -icount does not give (it runs the CPUs in turn): they run
# without it.
#
# usage: bench.sh [SET...]   SET: vma, pt, sparse, lat or hold (default: all)
# Environment: ARCHS (default "x86_64 arm64"), BENCH_ARGS (e.g. -q for
# smaller sizes), BENCH_ICOUNT=0 (time every set in real time),
# VM_TIMEOUT (default 900 s per boot).

. "$(dirname "$0")/lib.sh"

ARCHS=${ARCHS:-x86_64 arm64}
# The test guest's kernel, whatever kernel flavour the environment asks for.
export FLAVOUR=
S=$TOP/scripts
sets=${*:-vma pt sparse lat hold}
for set in $sets; do
	case $set in vma|pt|sparse|lat|hold) ;; *) die "no benchmark set '$set'" ;; esac
done
export VM_TIMEOUT=${VM_TIMEOUT:-900}
rc=0

for arch in $ARCHS; do
	ARCH=$arch "$S/build-kernel.sh"
	install=$(ARCH=$arch "$S/build-selftests.sh")
	[[ -x $install/mm/mmdump_bench ]] ||
		die "no mm/mmdump_bench in $install (the tree lacks the benchmark commit)"
	initramfs=$(ARCH=$arch "$S/mkinitramfs.sh" "$install")
	mkdir -p "$RESULTS/$arch"
	: >"$RESULTS/$arch/bench.txt.new"
	for set in $sets; do
		qemu_args=${VM_QEMU_ARGS:-}
		clock="real time"
		if [[ ${BENCH_ICOUNT:-1} != 0 && $set != lat && $set != hold ]]; then
			qemu_args+=" -icount shift=0,sleep=off"
			clock="instructions (-icount shift=0: 1 ns = 1 instruction)"
		fi
		# The kernel hands unknown name=value parameters to init as
		# environment.
		ARCH=$arch VM_QEMU_ARGS=$qemu_args \
			VM_CMDLINE="${VM_CMDLINE:-} MMDUMP_BENCH_ARGS=\"${BENCH_ARGS:-} $set\"" \
			"$S/vmtest.sh" bench "$initramfs" >&2 || rc=1
		log=$RESULTS/$arch/console-bench.log
		cp "$log" "$RESULTS/$arch/console-bench-$set.log"
		# The tables: what mmdump_bench printed, without kernel messages.
		{
			echo "#### set $set, clock: $clock"
			sed -n '/^mmdump_bench: /,/^mmdump_bench: done/p' "$log" |
				grep -v '^\[ *[0-9]*\.[0-9]*\]' || true
		} >>"$RESULTS/$arch/bench.txt.new"
	done
	mv "$RESULTS/$arch/bench.txt.new" "$RESULTS/$arch/bench.txt"
done

for arch in $ARCHS; do
	echo
	echo "######## $arch: $(grep -m1 '^mmdump-guest: Linux' "$RESULTS/$arch/console-bench.log" |
		cut -d' ' -f2-4 | tr -d ,)"
	cat "$RESULTS/$arch/bench.txt"
done
exit $rc
