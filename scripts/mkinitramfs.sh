#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Pack the guest's initramfs for $ARCH: busybox-static and bash-static
# (run_vmtests.sh needs bash) from Debian's packages for that arch, the
# installed kselftests, and the guest side from selftests/.
#
# usage: mkinitramfs.sh [KSELFTEST_INSTALL_DIR]   (prints the .cpio.gz path)
# Without the kselftests, the initramfs can only run the demo.

. "$(dirname "$0")/lib.sh"

install=${1:-}

tools=$CACHE/guest-tools/$ARCH
if [[ ! -f $tools/.done ]]; then
	msg "Fetching busybox-static and bash-static ($DEBARCH)"
	papt_setup
	rm -rf "$tools"
	mkdir -p "$tools"
	for p in busybox-static bash-static; do
		dpkg-deb -x "$(PAPT_RELEASE=$GUEST_SUITE papt_fetch "$p:$DEBARCH")" "$tools"
	done
	touch "$tools/.done"
fi

root=$CACHE/initramfs/$LABEL
out=$CACHE/initramfs/$LABEL${install:+-kselftest}.cpio.gz
# The tests and KUnit suites this guest reports (lib.sh's guest_list).
tests=$(guest_list tests)
kunit=$(guest_list kunit-suites)
msg "Packing the $LABEL initramfs ($(basename "$tests"))"
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc/mmdump,proc,sys,dev,tmp,root,kselftest}
# bookworm's packages put them in /bin, trixie's (merged /usr) in /usr/bin.
tool() { if [[ -f $tools/bin/$1 ]]; then echo "$tools/bin/$1"; else echo "$tools/usr/bin/$1"; fi; }
cp "$(tool busybox)" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$(tool bash-static)" "$root/bin/bash"
[[ -n $install ]] && cp -a "$install/." "$root/kselftest/"
install -m 755 "$TOP/selftests/init" "$root/init"
install -m 644 "$TOP/selftests/demo.sh" "$root/etc/mmdump/demo.sh"
install -m 644 "$tests" "$root/etc/mmdump/tests"
install -m 644 "$kunit" "$root/etc/mmdump/kunit-suites"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
(cd "$root" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --quiet --owner=0:0 | gzip -1 >"$out")
info "$out ($(du -h "$out" | cut -f1))"
echo "$out"
