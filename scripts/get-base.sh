#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make sure the base kernel tree exists and print its path.
#
# With KERNEL_SRC, that is your clone, and BASE (default v7.3-rc7) must
# exist in it.  Without it, Debian's linux-source-7.3 package is fetched
# through a private apt configuration and unpacked once into a git
# repository under $MMDUMP_CACHE, with the base as a tagged commit.

. "$(dirname "$0")/lib.sh"

if [[ -n ${KERNEL_SRC:-} ]]; then
	git -C "$TREE" rev-parse -q --verify "$BASE^{commit}" >/dev/null ||
		die "BASE=$BASE is not a commit in KERNEL_SRC=$TREE (fetch the tag, or set BASE)"
	echo "$TREE"
	exit 0
fi

if [[ -f $CACHE/base-ref ]] &&
   git -C "$TREE" rev-parse -q --verify "$(cat "$CACHE/base-ref")^{commit}" >/dev/null 2>&1; then
	echo "$TREE"
	exit 0
fi

need_packages git xz-utils ca-certificates
papt_setup

version=$(papt apt-cache madison "$DEB_PACKAGE" 2>/dev/null | awk '{print $3}' |
	  grep -Fx -- "$DEB_VERSION" | head -n1 || true)
if [[ -z $version ]]; then
	version=$(papt apt-cache madison "$DEB_PACKAGE" 2>/dev/null | awk '{print $3}' |
		  sort -uV | tail -n1)
	[[ -n $version ]] || die "$DEB_PACKAGE is not in the registry at all"
	warn "$DEB_PACKAGE $DEB_VERSION has left the registry; using the newest, $version.
*** The series targets v7.3-rc7: expect fuzz or conflicts when applying."
	tag=debian-$(echo "$version" | tr '~:' '_.')
else
	tag=$BASE_TAG
fi

msg "Fetching $DEB_PACKAGE $version"
deb=$(papt_fetch "$DEB_PACKAGE=$version")

msg "Unpacking $(basename "$deb") into $TREE (about a minute)"
tmp=$CACHE/unpack.$$
trap 'rm -rf "$tmp"' EXIT
rm -rf "$tmp" "$TREE"
mkdir -p "$tmp"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards './usr/src/linux-source-*.tar.*'
tarball=$(ls "$tmp"/usr/src/linux-source-*.tar.*)
mkdir -p "$TREE"
tar -xf "$tarball" -C "$TREE" --strip-components=1

msg "Committing the base as $tag"
# A fixed identity and date make the base commit, and so every commit built
# on it, the same on every machine.
stamp=$(date -u -r "$tarball" +%Y-%m-%dT%H:%M:%SZ)
git -C "$TREE" init -q -b base
git -C "$TREE" config core.untrackedCache true
git -C "$TREE" config user.name "$PROJECT_NAME"
git -C "$TREE" config user.email "$PROJECT_EMAIL"
# Debian's .gitignore ignores the top level ('/*', for its packaging):
# -f adds everything anyway.  New files you create need 'git add -f' too.
git -C "$TREE" add -A -f
GIT_AUTHOR_NAME="$DEB_PACKAGE package" GIT_AUTHOR_EMAIL=base@localhost \
GIT_COMMITTER_NAME="$DEB_PACKAGE package" GIT_COMMITTER_EMAIL=base@localhost \
GIT_AUTHOR_DATE=$stamp GIT_COMMITTER_DATE=$stamp \
	git -C "$TREE" commit -q -m "Linux $version from Debian's $DEB_PACKAGE package"
git -C "$TREE" tag -f "$tag" >/dev/null
echo "$tag" >"$CACHE/base-ref"
msg "Base ready: $TREE at $tag ($(git -C "$TREE" rev-parse --short HEAD))"
echo "$TREE"
