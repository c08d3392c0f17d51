#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the $ARCH guest kernel from $KBUILD under QEMU (TCG) with the test
# initramfs, keep the console log, and judge it.
#
# usage: vmtest.sh MODE INITRAMFS
#   MODE is check (run the selftests and count them), demo (show a dump),
#   bench (run the mmdump benchmark) or shell (interactive).
#
# The run fails on a timeout, on a guest that did not finish, and on any
# kernel splat in the console (panic, Oops, BUG, WARNING, KASAN, UBSAN,
# KFENCE, lockdep, hung task, soft lockup, RCU stall), whatever the tests
# said.  Logs go to results/$LABEL/ ($ARCH, or ARCH-FLAVOUR).

. "$(dirname "$0")/lib.sh"

mode=${1:?usage: vmtest.sh check|demo|bench|shell INITRAMFS}
initramfs=${2:?usage: vmtest.sh check|demo|bench|shell INITRAMFS}
timeout=${VM_TIMEOUT:-1800}
label=$LABEL
outdir=$RESULTS/$label
mkdir -p "$outdir"
log=$outdir/console-$mode.log

cmdline="panic=-1 MMDUMP_MODE=$mode"
# One 1 GiB hugetlb page, reserved at boot, for the test that dumps a PUD
# leaf: at run time a guest rarely has a free gigantic range left.  It
# comes from a CMA area of 1 GiB that gigantic pages may only come from:
# no second one can be allocated later, so upstream tests that want two
# (cow) skip their 1 GiB cases, as they did before the reservation; they
# take minutes under TCG.
[[ $mode == check ]] &&
	cmdline+=" hugepagesz=1G hugepages=1 hugetlb_cma=1G hugetlb_cma_only=1"
cmdline+=" ${VM_CMDLINE:-}"
case $ARCH in
x86_64)
	need_packages qemu-system-x86
	qemu=(qemu-system-x86_64 -M pc -cpu max -append "console=ttyS0 $cmdline")
	# 5 GiB, so that one aligned GiB is free when the kernel reserves
	# the page: below 4 GiB, QEMU puts the initramfs at the top of the
	# second GiB and the firmware's tables at the top of the third;
	# above, RAM runs 4-6 GiB and the kernel's first allocations take
	# the top.  With 3 or 4 GiB the reservation fails.  The debug
	# kernel keeps 3 GiB, and may skip the PUD test (may-skip.txt): at
	# 5 GiB one of its two boots here reported a KASAN wild-memory-access
	# in an interrupt taken during cpu_detect() (handle_edge_irq() on an
	# irq_desc lock above 4 GiB), before any mmdump code runs; not
	# understood yet.
	if [[ ${FLAVOUR:-} == debug ]]; then
		memory=${VM_MEMORY:-3G}
	else
		memory=${VM_MEMORY:-5G}
	fi
	;;
arm64)
	# The RK3588's big core.
	need_packages qemu-system-arm
	qemu=(qemu-system-aarch64 -M virt -cpu cortex-a76 -append "console=ttyAMA0 $cmdline")
	memory=${VM_MEMORY:-3G}
	;;
riscv64)
	# OpenSBI (Debian's opensbi) as firmware, the NS16550 UART.
	need_packages qemu-system-misc opensbi
	qemu=(qemu-system-riscv64 -M virt -bios default -append "console=ttyS0 $cmdline")
	memory=${VM_MEMORY:-3G}
	;;
esac
# VM_QEMU_ARGS: more QEMU options (bench.sh's -icount, for one).
# shellcheck disable=SC2206
qemu+=(${VM_QEMU_ARGS:-})
qemu+=(-accel tcg -smp 2 -m "$memory" -nographic -no-reboot
       -kernel "$KBUILD/$KIMAGE" -initrd "$initramfs")

if [[ $mode == shell ]]; then
	exec "${qemu[@]}"
fi

# The mmdump tests this run must pass, from the test sources and this
# kernel's .config (scripts/must-pass.py); the judge fails the run on
# any of them missing, skipped or failed.
if [[ $mode == check ]]; then
	python3 "$TOP/scripts/must-pass.py" "$TREE" "$KBUILD/.config" \
		"$(guest_list tests)" "$(guest_list kunit-suites)" "$label" \
		"$TOP/selftests/may-skip.txt" >"$outdir/must-pass" ||
		die "cannot list the tests the $label guest must pass"
	info "$(grep -c . "$outdir/must-pass") mmdump tests must pass (${outdir#"$TOP"/}/must-pass)"
fi

msg "Booting the $label guest ($mode; QEMU TCG, timeout ${timeout}s); console: ${log#"$TOP"/}"
start=$SECONDS
set +e
timeout --foreground -k 10 "$timeout" "${qemu[@]}" </dev/null 2>&1 |
	sed -u 's/\r$//' | tee "$log" |
	if [[ $mode == check ]]; then
		# Progress: one line per test program and per ksft script.
		grep --line-buffered -E '^(# )?(not )?ok [0-9]+ ' | sed -u 's/^/    /'
	else
		# The demo is the point: show what init prints, not the boot.
		awk '/^mmdump-guest:/ { on = 1 } on && !/^\[ *[0-9]+\.[0-9]+\]/ { print; fflush() }'
	fi
status=${PIPESTATUS[0]}
set -e
info "guest ran for $((SECONDS - start)) s"

"$TOP/scripts/judge-console.sh" "$log" "$mode" "$label" "$status"
