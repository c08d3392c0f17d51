#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build and install the mm kselftests for $ARCH, statically linked so the
# initramfs needs no libc:
#
#   make -C tools/testing/selftests TARGETS=mm O=$KBUILD install
#
# against the UAPI headers of the kernel built in $KBUILD.  For arm64, the
# static libcap and libnuma come from Debian's arm64 packages, unpacked into
# a sysroot under $MMDUMP_CACHE.  Prints the install directory.

. "$(dirname "$0")/lib.sh"

need_packages rsync libc6-dev libcap-dev libnuma-dev
# The arm64 libc for static linking is only a Recommends of the compiler.
[[ $ARCH == arm64 ]] && need_packages libc6-dev-arm64-cross
[[ -f $KBUILD/.config ]] || die "no kernel configured in $KBUILD; run build-kernel.sh first"

extra_cflags=()
extra_ldflags=(-static)
if [[ $ARCH == arm64 ]]; then
	sysroot=$CACHE/sysroot/arm64
	if [[ ! -f $sysroot/.done ]]; then
		msg "Fetching arm64 libcap and libnuma for the static selftests"
		papt_setup
		rm -rf "$sysroot"
		mkdir -p "$sysroot"
		for p in libcap-dev libcap2 libnuma-dev libnuma1; do
			dpkg-deb -x "$(papt_fetch "$p:arm64")" "$sysroot"
		done
		touch "$sysroot/.done"
	fi
	extra_cflags+=(-I"$sysroot/usr/include")
	extra_ldflags+=(-L"$sysroot/usr/lib/$TRIPLET")
fi

msg "Installing $ARCH UAPI headers into $KBUILD/usr/include"
kmake -s headers >"$KBUILD/headers.log" 2>&1 ||
	{ tail -n 20 "$KBUILD/headers.log" >&2; die "make headers failed"; }

install=$KBUILD/kselftest/kselftest_install
msg "Building the mm kselftests for $ARCH (static)"
start=$SECONDS
rm -rf "$install"
# TEST_GEN_MODS_DIR= skips page_frag's out-of-tree module, which would need
# a modular kernel; its test is not part of our runs.
make -C "$TREE/tools/testing/selftests" O="$KBUILD" ARCH="$ARCH" \
	CROSS_COMPILE="$CROSS_COMPILE" TARGETS=mm TEST_GEN_MODS_DIR= \
	EXTRA_CFLAGS="${extra_cflags[*]}" LDFLAGS="${extra_ldflags[*]}" \
	-j"$JOBS" install >"$KBUILD/selftests.log" 2>&1 ||
	{ grep -E -B3 -A8 'error|Error' "$KBUILD/selftests.log" | head -n 60 >&2
	  die "mm selftest build failed (full log: $KBUILD/selftests.log)"; }
[[ -x $install/run_kselftest.sh ]] || die "no run_kselftest.sh in $install"
info "built in $((SECONDS - start)) s: $install"
echo "$install"
