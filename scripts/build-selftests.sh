#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build and install the mm kselftests for $ARCH, statically linked so the
# initramfs needs no libc:
#
#   make -C tools/testing/selftests TARGETS=mm O=$KBUILD install
#
# against the UAPI headers of the kernel built in $KBUILD.  For arm64 and
# riscv64, the static libcap and libnuma come from Debian's packages of
# that arch, unpacked into a sysroot under $MMDUMP_CACHE.  Prints the
# install directory.

. "$(dirname "$0")/lib.sh"

need_packages rsync libc6-dev libcap-dev libnuma-dev
# The cross libc for static linking is only a Recommends of the compiler.
case $ARCH in
arm64)   need_packages libc6-dev-arm64-cross ;;
riscv64) need_packages libc6-dev-riscv64-cross ;;
esac
[[ -f $KBUILD/.config ]] || die "no kernel configured in $KBUILD; run build-kernel.sh first"

extra_cflags=()
extra_ldflags=(-static)
if [[ $ARCH != x86_64 ]]; then
	sysroot=$CACHE/sysroot/$ARCH
	if [[ ! -f $sysroot/.done ]]; then
		msg "Fetching $DEBARCH libcap and libnuma for the static selftests"
		papt_setup
		rm -rf "$sysroot"
		mkdir -p "$sysroot"
		for p in libcap-dev libcap2 libnuma-dev libnuma1; do
			dpkg-deb -x "$(PAPT_RELEASE=$GUEST_SUITE papt_fetch "$p:$DEBARCH")" "$sysroot"
		done
		touch "$sysroot/.done"
	fi
	extra_cflags+=(-I"$sysroot/usr/include")
	extra_ldflags+=(-L"$sysroot/usr/lib/$TRIPLET")
fi
if [[ $ARCH == riscv64 ]]; then
	# trixie's libraries with bookworm's libc: scripts/isoc23-shim.c.
	"${CROSS_COMPILE}gcc" -O2 -c -o "$sysroot/isoc23-shim.o" "$TOP/scripts/isoc23-shim.c"
	extra_ldflags+=("$sysroot/isoc23-shim.o")
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
