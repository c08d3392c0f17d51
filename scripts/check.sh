#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Everything 'make check' runs, in order: the host scripts' own tests,
# then, for every arch in $ARCHS, apply the series, build the kernel and
# the mm kselftests, boot the guest and run the tests.  Each stage's result is counted; the last line is
# "N passed, N failed, N skipped" and the exit status is non-zero on any
# failure.

. "$(dirname "$0")/lib.sh"

ARCHS=${ARCHS:-x86_64 arm64}
S=$TOP/scripts
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
		failed+=("$label: guest run")
	fi
}

finish() {
	msg "make check took $((SECONDS - start)) s; results in ${RESULTS#"$TOP"/}/"
	if [[ ${#failed[@]} -gt 0 ]]; then
		printf '    failed: %s\n' "${failed[@]}"
	fi
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

for arch in $ARCHS; do
	stage "$arch: kernel build" env ARCH="$arch" "$S/build-kernel.sh" || continue
	install=$(ARCH=$arch "$S/build-selftests.sh") ||
		{ stage "$arch: selftest build" false; continue; }
	initramfs=$(ARCH=$arch "$S/mkinitramfs.sh" "$install") ||
		{ stage "$arch: initramfs" false; continue; }
	rc=0
	ARCH=$arch "$S/vmtest.sh" check "$initramfs" || rc=$?
	guest_counts "$arch" "$rc"
done
