#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Turn the series into a b4-managed branch and write the mails, without
# sending anything:
#
#   b4 prep -n mmdump -f $BASE        branch b4/mmdump with a cover letter
#   (cherry-pick the upstream patches; the cover letter text comes from
#    patches/0000-cover-letter.patch)
#   b4 prep --auto-to-cc              To/Cc from get_maintainer.pl
#   b4 prep --check                   checkpatch --strict on every patch
#   b4 send --no-sign -o DIR          the mails, into results/b4/
#
# The mails are the submitter's: a person, whose Signed-off-by the DCO
# needs and the repository's role identity ("$PROJECT_NAME") cannot give.
# The submitter is B4_AUTHOR ("Name <email>") or else the kernel tree's git
# user.name and user.email; with neither, or with the role identity, this
# refuses to run.  On the branch b4/mmdump every upstream patch gets the
# submitter as author and committer, and the submitter's Signed-off-by in
# place of the role identity's; the patch files here are not changed.
#
# With --roundtrip, also check that the mails apply with git am onto the
# base and give exactly the tree of the applied (upstream) series, and
# that every mail is from the submitter and carries their Signed-off-by
# ('make check' runs it so with a test identity).
#
# Patches marked "# local" in series (board configs) are not sent.
# Bookworm's b4 0.12 has no 'prep --check', so this uses trixie's b4
# 0.14.2, a pure Python package that runs on bookworm's Python, unpacked
# under $MMDUMP_CACHE.  A submitter then sends for real with their own
# b4 setup: 'b4 send' from the branch b4/mmdump in the kernel tree.

. "$(dirname "$0")/lib.sh"

roundtrip=
[[ ${1:-} == --roundtrip ]] && roundtrip=1
B4_VERSION=0.14.2-2
B4_ROOT=$CACHE/b4-$B4_VERSION
out=$RESULTS/b4

need_packages python3-dkim python3-dnspython python3-requests python3-patatt \
	git-filter-repo python3-ply python3-git
if [[ ! -f $B4_ROOT/.done ]]; then
	msg "Fetching b4 $B4_VERSION (trixie)"
	papt_setup
	rm -rf "$B4_ROOT"
	mkdir -p "$B4_ROOT"
	dpkg-deb -x "$(PAPT_RELEASE=trixie papt_fetch "b4=$B4_VERSION")" "$B4_ROOT"
	touch "$B4_ROOT/.done"
fi
# Debian's python3 first: checkpatch's spdxcheck.py needs python3-ply and
# python3-git, which another python3 on PATH (pyenv) would not see.
export PATH=/usr/bin:$PATH
b4() {
	# Debian's python3, whose dist-packages hold b4's dependencies.
	PYTHONPATH=$B4_ROOT/usr/lib/python3/dist-packages /usr/bin/python3 -m b4.command "$@"
}

cd "$TREE"
# The submitter: B4_AUTHOR, or the tree's git identity (which for the
# cached tree get-base.sh sets to the role identity: that one is refused).
if [[ -n ${B4_AUTHOR:-} ]]; then
	[[ $B4_AUTHOR =~ ^([^<>]*[^<> ])\ *\<([^<> ]+@[^<> ]+)\>$ ]] ||
		die "B4_AUTHOR='$B4_AUTHOR' is not 'Name <email>'"
	name=${BASH_REMATCH[1]} email=${BASH_REMATCH[2]}
else
	name=$(git config user.name || true)
	email=$(git config user.email || true)
fi
if [[ -z $name || -z $email || $email == "$PROJECT_EMAIL" || $name == "$PROJECT_NAME" ]]; then
	die "who sends this? Signed-off-by needs a person, not '${name:-no name} <${email:-no email}>':
       make b4 B4_AUTHOR='Your Name <you@example.org>'
       (or set user.name and user.email in $TREE)"
fi
submitter="$name <$email>"
# Every git (and b4's) below sees the submitter as its identity.
export GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0=$name \
	GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1=$email
export GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$email \
	GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email
require_clean_tree
trap 'git -C "$TREE" checkout -q -f "$WORK_BRANCH"' EXIT

# The upstream commits: the series minus the patches marked local.
list=$(upstream_commits) || die "series and $WORK_BRANCH disagree (see above)"
mapfile -t upstream <<<"$list"

msg "b4 prep: branch b4/mmdump from $BASE with ${#upstream[@]} patches"
git config b4.prep-perpatch-check-cmd \
	"scripts/checkpatch.pl -q --terse --no-summary --mailback --strict --showfile --ignore FILE_PATH_CHANGES"
# -o only writes the mails; b4 insists on a sending method being set.
git config sendemail.smtpserver /bin/false
git checkout -q -f "$WORK_BRANCH"
git branch -D b4/mmdump >/dev/null 2>&1 || true
b4 prep -n mmdump -f "$BASE" >/dev/null
# Each upstream patch, the submitter's: author, committer, Signed-off-by.
for c in "${upstream[@]}"; do
	git cherry-pick "$c" >/dev/null
	git log -1 --format=%B |
		grep -v -F -x "Signed-off-by: $PROJECT_NAME <$PROJECT_EMAIL>" |
		git commit -q --amend --reset-author --signoff -F -
done
info "submitter: $submitter"

# The cover letter text: the subject and the hand-written part of
# patches/0000-cover-letter.patch (b4 writes its own shortlog).
editor=$(mktemp)
cat >"$editor" <<EOF
#!/bin/sh
{
	sed -n 's/^Subject: \[PATCH 0\/[0-9]*\] //p' "$TOP/patches/0000-cover-letter.patch"
	echo
	sed -e '1,/^\$/d' -e '/^[^ ].* ([0-9]*):\$/,\$d' "$TOP/patches/0000-cover-letter.patch"
	sed -n '/^--- b4-submit-tracking ---/,\$p' "\$1"
} >"\$1.new" && mv "\$1.new" "\$1"
EOF
chmod +x "$editor"
EDITOR=$editor b4 prep --edit-cover >/dev/null 2>&1
rm -f "$editor"
b4 prep --auto-to-cc >/dev/null 2>&1

msg "b4 prep --check"
check=$(b4 prep --check 2>&1 | sed 's/\x1b\[[0-9;]*m//g')
printf '%s\n' "$check" | sed 's/^/    /' >&2
grep -q 'Warning: 0, Error: 0' <<<"$check" || die "b4 prep --check found problems (above)"

msg "b4 send --no-sign -o ${out#"$TOP"/}"
rm -rf "$out"
b4 send --no-sign -o "$out" >/dev/null 2>&1 || die "b4 send -o failed"
ls "$out"/*.eml >/dev/null 2>&1 || die "b4 wrote no mails to $out"
info "$(ls "$out" | wc -l) mails; cover: $(ls "$out" | head -n1)"

# Every mail from the submitter; every patch signed off by them, none by
# the role identity.
for m in "$out"/*.eml; do
	grep -q -F -x "From: $submitter" "$m" ||
		die "$(basename "$m") is not from $submitter"
	grep -q '^Subject: \[PATCH \(v[0-9]\+ \)\?0\+/' "$m" && continue
	grep -q -F -x "Signed-off-by: $submitter" "$m" ||
		die "$(basename "$m") lacks Signed-off-by: $submitter"
	! grep -q -F -x "Signed-off-by: $PROJECT_NAME <$PROJECT_EMAIL>" "$m" ||
		die "$(basename "$m") is still signed off by the role identity"
done
info "every mail is from $submitter and signed off by them"

[[ -n $roundtrip ]] || exit 0

msg "Round trip: git am the mails onto $BASE"
want=$(git rev-parse "b4/mmdump^{tree}")
git checkout -q -f --detach "$BASE"
for m in "$out"/*.eml; do
	# The cover letter: [PATCH 0/N], [PATCH 00/NN], [PATCH v2 00/NN], ...
	grep -q '^Subject: \[PATCH \(v[0-9]\+ \)\?0\+/' "$m" && continue
	git am -q "$m" || { git am --abort; die "$(basename "$m") does not apply"; }
done
got=$(git rev-parse "HEAD^{tree}")
[[ $got == "$want" ]] ||
	die "the mails give tree $got, the series gives $want"
if [[ ${#upstream[@]} -eq $(git rev-list --count "$BASE..$WORK_BRANCH") ]]; then
	[[ $got == $(git rev-parse "$WORK_BRANCH^{tree}") ]] ||
		die "the mails do not give the tree of $WORK_BRANCH"
fi
info "the mails apply and give exactly the series' tree ($got)"
