#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The reverse of apply.sh: write the commits $BASE..$WORK_BRANCH of the
# kernel tree back to patches/ and series.  The output depends only on the
# commits' contents, authorship and messages, so re-exporting an unchanged
# branch changes no byte.  Comment lines in series stay where they were
# (each is kept in front of the patch it preceded, by position).

. "$(dirname "$0")/lib.sh"

cd "$TREE"
git rev-parse -q --verify "refs/heads/$WORK_BRANCH" >/dev/null ||
	die "no branch $WORK_BRANCH in $TREE; run 'make apply' first"
count=$(git rev-list --count "$BASE..$WORK_BRANCH")
[[ $count -gt 0 ]] || die "$WORK_BRANCH has no commits on top of $BASE"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
msg "Exporting $count commits of $WORK_BRANCH ($BASE..) to patches/"
# Pin everything that could vary between git versions or user settings.
git -c core.abbrev=12 -c diff.algorithm=myers -c diff.noprefix=false \
    -c diff.mnemonicPrefix=false -c diff.renames=true -c format.coverLetter=false \
    -c format.signOff=false -c format.thread=false \
	format-patch -q --no-numbered --zero-commit --no-signature --no-cover-letter \
	--no-base --no-to --no-cc -o "$tmp/out" "$BASE..$WORK_BRANCH"

# New series: comments and blank lines from the old one, attached by
# position to the patch line that followed them; trailing ones kept.
flush() {
	local l

	for l in "${pending[@]+"${pending[@]}"}"; do
		printf '%s\n' "$l"
	done
	pending=()
}

# What follows a patch's name on its series line ("# local") belongs to
# that patch, found by its name less the number, so that it follows the
# patch when commits are reordered; by position for a renamed patch.
declare -A trailer_of=()
while IFS= read -r line; do
	[[ $line =~ ^[[:space:]]*(#|$) ]] && continue
	name=${line%%.patch*}
	trailer_of[${name#[0-9][0-9][0-9][0-9]-}]=${line#*.patch}
done < <(cat "$TOP/series" 2>/dev/null || true)

# trailer NEW_NAME POSITIONAL_TRAILER
trailer() {
	local key=${1%.patch}

	key=${key#[0-9][0-9][0-9][0-9]-}
	if [[ -v trailer_of[$key] ]]; then
		printf '%s' "${trailer_of[$key]}"
	else
		printf '%s' "$2"
	fi
}

{
	i=0
	mapfile -t names < <(cd "$tmp/out" && ls -1 | LC_ALL=C sort)
	pending=()
	while IFS= read -r line; do
		if [[ $line =~ ^[[:space:]]*(#|$) ]]; then
			pending+=("$line")
			continue
		fi
		flush
		[[ $i -lt ${#names[@]} ]] &&
			printf '%s%s\n' "${names[$i]}" "$(trailer "${names[$i]}" "${line#*.patch}")"
		i=$((i + 1))
	done < <(cat "$TOP/series" 2>/dev/null || true)
	while [[ $i -lt ${#names[@]} ]]; do
		flush
		printf '%s%s\n' "${names[$i]}" "$(trailer "${names[$i]}" "")"
		i=$((i + 1))
	done
	flush
} >"$tmp/series.new"

# The cover letter (patches/0000-cover-letter.patch) is written by hand
# down to the shortlog; the shortlog, the diffstat and the patch count in
# its subject are regenerated here so they always match the series, less
# the patches marked "# local", which are not sent (they follow the
# upstream ones, so that the upstream part is one range of commits).
cover=$TOP/patches/0000-cover-letter.patch
if [[ -f $cover ]]; then
	list=$(upstream_commits "$tmp/series.new") || die "cannot write the cover letter (see above)"
	sent=$(wc -l <<<"$list")
	last=$(tail -n 1 <<<"$list")
	{
		sed -e "s|^Subject: \[PATCH 0/[0-9]*\]|Subject: [PATCH 0/$sent]|" \
		    -e '/^[^ ].* ([0-9]*):$/,$d' "$cover"
		git shortlog --no-merges -w72,2,4 "$BASE..$last"
		git diff --stat=72 --summary "$BASE..$last"
	} >"$tmp/cover"
	mv "$tmp/cover" "$cover"
fi

# Replace the numbered patches (the cover letter, 0000-*, is kept).
find "$TOP/patches" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
	! -name '0000-*' -delete
cp "$tmp"/out/*.patch "$TOP/patches/"
mv "$tmp/series.new" "$TOP/series"
info "wrote $count patches and series; 'git -C $TOP status' shows what changed"
