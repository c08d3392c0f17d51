#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Apply the series to a fresh branch $WORK_BRANCH (default mmdump) from
# $BASE in the kernel tree, with git am.  Stops at, and names, the first
# patch that does not apply.  The previous branch, if any, is kept as
# $WORK_BRANCH-prev, so commits not yet exported are never lost.

. "$(dirname "$0")/lib.sh"

"$TOP/scripts/get-base.sh" >/dev/null
cd "$TREE"

# Already applied, unchanged since?  Then keep the tree as it is: touching
# every patched file again would cost a rebuild of everything including them.
stamp=$(cd "$TOP" && { cat series; series_patches | sed 's|^|patches/|' | xargs cat; } |
	sha256sum | cut -c1-16)
require_clean_tree "commit them and run
    'make export', or discard them, before applying the series again"
if [[ $(git config --get mmdump.applied || true) == "$stamp $(git rev-parse HEAD) $BASE" ]]; then
	msg "Series already applied on $WORK_BRANCH in $TREE (unchanged)"
	exit 0
fi
if git rev-parse -q --verify "refs/heads/$WORK_BRANCH" >/dev/null; then
	git branch -f "$WORK_BRANCH-prev" "$WORK_BRANCH"
fi
git am --abort >/dev/null 2>&1 || true

msg "Applying the series to $BASE on branch $WORK_BRANCH in $TREE"
git checkout -q -f -B "$WORK_BRANCH" "$BASE"
n=0
while read -r p; do
	[[ -f $TOP/patches/$p ]] || die "series names patches/$p, which does not exist"
	if ! git am -q --keep-cr "$TOP/patches/$p" >/tmp/mmdump-am.$$ 2>&1; then
		sed 's/^/    /' /tmp/mmdump-am.$$ >&2
		rm -f /tmp/mmdump-am.$$
		git am --abort >/dev/null 2>&1 || true
		die "patches/$p does not apply to $BASE (after $n patches)"
	fi
	n=$((n + 1))
done < <(series_patches)
rm -f /tmp/mmdump-am.$$
git config mmdump.applied "$stamp $(git rev-parse HEAD) $BASE"
info "applied $n patches: $(git rev-parse --short HEAD) on $BASE"
