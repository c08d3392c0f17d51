#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Everything 'make check' runs, in order: the host scripts' own tests;
# apply the series; check the RK3588 board fragment against defconfig and
# the board's device tree (board-check.sh); for every arch in $ARCHS,
# build the kernel and the mm kselftests, boot the guest and run the
# tests, then run the KUnit suite once more with kunit.py and its
# kunitconfig in the same build (kunit-tool.sh); the same guest runs for
# every arch in $CORE_ARCHS (riscv64: no mmdump arch hook, the generic
# core alone, mmdump's tests only); for every arch in $DEBUG_ARCHS, build
# the debug kernel (configs/debug.config: KASAN, lockdep, DEBUG_VM, ...)
# and run the mmdump tests on it (selftests/tests-debug.txt); then the
# build coverage of mm/ on other architectures and configurations
# (build-coverage.sh), the static checks of the series (lint.sh), the b4
# round trip and the bisect builds.  Each stage's result is counted; the
# last line is "N passed, N failed, N skipped" and the exit status is
# non-zero on any failure.
#
# usage: check.sh [all|tests|lint]

. "$(dirname "$0")/lib.sh"

ARCHS=${ARCHS:-x86_64 arm64}
# Guests of architectures without an mmdump hook (set it empty to leave
# them out); not in the bisect builds.
CORE_ARCHS=${CORE_ARCHS-riscv64}
# Set it empty to leave the debug kernels out.
DEBUG_ARCHS=${DEBUG_ARCHS-x86_64 arm64}
S=$TOP/scripts
what=${1:-all}	# all, tests (the guest runs only) or lint (the static checks only)
case $what in all|tests|lint) ;; *) die "usage: check.sh [all|tests|lint]" ;; esac
start=$SECONDS
pass=0 fail=0 skip=0
failed=()

# stage NAME COMMAND...: one counted step; a failure stops nothing else
# unless later stages depend on it.
stage() {
	local name=$1

	shift
	if "$@"; then
		pass=$((pass + 1))
		return 0
	fi
	fail=$((fail + 1))
	failed+=("$name")
	return 1
}

# Add a guest run's test counts; a run that failed without a failing test
# (timeout, splat, no results) is one more failure.
guest_counts() {
	local label=$1 rc=$2 p=0 f=0 s=0

	[[ -f $RESULTS/$label/counts ]] && read -r p f s <"$RESULTS/$label/counts"
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	[[ $f -gt 0 ]] && failed+=("$label: $f tests")
	if [[ $rc -ne 0 && $f -eq 0 ]]; then
		fail=$((fail + 1))
		failed+=("$label: guest run (timeout, kernel splat or no results; why below)")
	fi
}

finish() {
	msg "make check took $((SECONDS - start)) s; results in ${RESULTS#"$TOP"/}/"
	if [[ ${#failed[@]} -gt 0 ]]; then
		printf '    failed: %s\n' "${failed[@]}"
	fi
	# Why each failed guest run failed: its console judge's verdict
	# (written, empty when the run passed, next to every console log).
	for verdict in "$RESULTS"/*/verdict; do
		[[ -s $verdict ]] || continue
		echo "    $(basename "$(dirname "$verdict")"):"
		head -n 40 "$verdict" | sed 's/^/      /'
	done
	echo "$pass passed, $fail failed, $skip skipped"
	[[ $fail -eq 0 ]] || exit 1
}
trap 'finish' EXIT

rm -rf "$RESULTS"
mkdir -p "$RESULTS"

stage "host scripts judge guest runs correctly" "$S/test-scripts.sh" || true

if ! stage "apply the series" "$S/apply.sh"; then
	exit 1
fi

# The board fragment (a local patch) against defconfig and the board's DTB;
# config and one DTB, no kernel build.
if [[ $what != tests ]]; then
	stage "board: rk3588.config against defconfig and rk3588-rock-5b-plus.dtb" \
		"$S/board-check.sh" || true
	stage "board: the board check fails on bad fragments" \
		"$S/board-check.sh" --self-test || true
fi

declare -A installs=()
[[ $what == lint ]] && CORE_ARCHS=
for arch in $ARCHS $CORE_ARCHS; do
	stage "$arch: kernel build" env ARCH="$arch" "$S/build-kernel.sh" || continue
	[[ $what == lint ]] && continue
	install=$(ARCH=$arch "$S/build-selftests.sh") ||
		{ stage "$arch: selftest build" false; continue; }
	installs[$arch]=$install
	initramfs=$(ARCH=$arch "$S/mkinitramfs.sh" "$install") ||
		{ stage "$arch: initramfs" false; continue; }
	rc=0
	ARCH=$arch "$S/vmtest.sh" check "$initramfs" || rc=$?
	guest_counts "$arch" "$rc"
	# The KUnit suite again, as kunit.py runs it, in this build.
	if [[ " $ARCHS " == *" $arch "* ]]; then
		rc=0
		ARCH=$arch "$S/kunit-tool.sh" || rc=$?
		guest_counts "kunit-$arch" "$rc"
	fi
done

# The same selftest binaries, on a kernel full of checkers.
[[ $what == lint ]] && DEBUG_ARCHS=
for arch in $DEBUG_ARCHS; do
	install=${installs[$arch]:-}
	if [[ -z $install ]]; then
		stage "$arch-debug: needs the $arch selftests (is $arch in ARCHS?)" false
		continue
	fi
	stage "$arch-debug: kernel build (KASAN, KFENCE, lockdep, DEBUG_VM, ...)" \
		env ARCH="$arch" FLAVOUR=debug "$S/build-kernel.sh" || continue
	initramfs=$(ARCH=$arch FLAVOUR=debug "$S/mkinitramfs.sh" "$install") ||
		{ stage "$arch-debug: initramfs" false; continue; }
	rc=0
	ARCH=$arch FLAVOUR=debug "$S/vmtest.sh" check "$initramfs" || rc=$?
	guest_counts "$arch-debug" "$rc"
done

[[ $what == tests ]] && exit 0

# What the build robot tries first: mm/ with MMDUMP=y and WERROR=y on
# architectures without an mmdump hook, and without THP and hugetlbfs.
# riscv64 with THP only when its guest kernel was not built: that kernel
# has every option of the coverage target (MMDUMP, THP, hugetlbfs) and
# fails on any warning.
targets="riscv64-nohuge ppc64le s390x arm-lpae arm64-nohuge x86_64-nohuge"
[[ " $CORE_ARCHS " == *" riscv64 "* ]] || targets="riscv64 $targets"
for target in $targets; do
	stage "build coverage: $target: mm/ with MMDUMP=y, WERROR=y" \
		"$S/build-coverage.sh" "$target" || true
done

# Upstream readiness: static checks, the b4 round trip, bisectability.
for c in checkpatch series sparse coccinelle kernel-doc rst; do
	stage "lint: $c" "$S/lint.sh" "$c" || true
done
# A test submitter: the mails must carry a person's identity and sign-off.
stage "b4: prep, check, send -o; the mails are the submitter's and apply to the same tree" \
	env B4_AUTHOR="Test Submitter <test.submitter@example.org>" \
	"$S/b4-send.sh" --roundtrip || true
stage "bisect: the tree builds after every patch on $ARCHS" \
	env ARCHS="$ARCHS" "$S/bisect-build.sh" || true
