#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bisectability: build the kernel for every arch in $ARCHS after each patch
# of the series in turn, incrementally in the usual build directories, and
# also mm/ of that arch's second configuration, without THP, hugetlbfs or
# KUnit and with CONFIG_WERROR=y (build-coverage.sh's ARCH-nohuge target);
# end with the whole series checked out again.  An option a patch has not
# added yet is allowed to be missing from .config; a build error or
# warning at any step fails, naming the patch.
#
# The arches of one patch build side by side (each in its own build
# directories): much of a step is configuring and linking, on one CPU.

. "$(dirname "$0")/lib.sh"

ARCHS=${ARCHS:-x86_64 arm64}
cd "$TREE"
require_clean_tree
mapfile -t commits < <(git rev-list --reverse "$BASE..$WORK_BRANCH")
tmp=$(mktemp -d)
trap 'git -C "$TREE" checkout -q "$WORK_BRANCH"; rm -rf "$tmp"' EXIT

# build_arch ARCH: both builds of ARCH at the commit checked out.
build_arch() {
	local arch=$1 rc=0

	if ! ALLOW_MISSING_OPTIONS=1 ARCH=$arch "$TOP/scripts/build-kernel.sh" >/dev/null; then
		echo "ERROR: the kernel does not build for $arch" >&2
		rc=1
	fi
	if ! ALLOW_MISSING_OPTIONS=1 "$TOP/scripts/build-coverage.sh" "$arch-nohuge" >/dev/null; then
		echo "ERROR: mm/ does not build for $arch without THP, hugetlbfs and KUnit (WERROR)" >&2
		rc=1
	fi
	return $rc
}

bad=0
i=0
for c in "${commits[@]}"; do
	i=$((i + 1))
	subject=$(git log -1 --format=%s "$c")
	git checkout -q --detach "$c"
	pids=()
	for arch in $ARCHS; do
		build_arch "$arch" >"$tmp/$arch.log" 2>&1 &
		pids+=($!)
	done
	j=0
	for arch in $ARCHS; do
		wait "${pids[$j]}" || bad=1
		j=$((j + 1))
		msg "bisect: patch $i/${#commits[@]} on $arch: $subject"
		sed 's/^/    /' "$tmp/$arch.log"
	done
	if [[ $bad -ne 0 ]]; then
		echo "ERROR: the tree does not build after patch $i: $subject" >&2
		break
	fi
done
exit $bad
