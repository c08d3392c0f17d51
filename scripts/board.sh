#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The board kernel: arm64 defconfig plus arch/arm64/configs/rk3588.config
# (Radxa ROCK 5B+), built out of tree in $(kbuild_dir board).
#
# usage: board.sh build   Image, DTB and modules into results/board/, ready
#                         to copy to the board's boot partition (with an
#                         extlinux/extlinux.conf for U-Boot)
#        board.sh qemu    boot that same Image under qemu-system-aarch64
#                         -M virt -cpu cortex-a76 with the test initramfs
#                         and run the tests in selftests/tests-board.txt
#                         (the mmdump selftests); console in
#                         results/arm64-board/
#        board.sh selftests  only build those selftests (qemu does it too)
#
# The board is the arm64 flavour "board" (FLAVOUR=board, see lib.sh): its
# kernel, selftests and initramfs are built in their own directories by
# the same scripts as the test kernel's, and the guest runs under
# vmtest.sh.  The board kernel has no KUnit and no CONFIG_MMDUMP_INJECT
# (those are for the test kernels), so selftests/kunit-suites-board.txt
# lists no suites; the selftest skips what needs the inject file.

export FLAVOUR=board
. "$(dirname "$0")/lib.sh"

[[ $ARCH == arm64 ]] || die "the board is arm64 (ARCH=$ARCH)"
what=${1:-}
S=$TOP/scripts
# lib.sh's kmake builds in $KBUILD: the board flavour's own directory.
BKBUILD=$KBUILD
DTB=rockchip/rk3588-rock-5b-plus.dtb
OUT=$RESULTS/board

configure() {
	[[ -f $TREE/arch/arm64/configs/rk3588.config ]] ||
		die "no arch/arm64/configs/rk3588.config in $TREE (is the board commit applied?)"
	mkdir -p "$BKBUILD"
	msg "Configuring the board kernel in $BKBUILD (defconfig + rk3588.config)"
	kmake -s defconfig rk3588.config >"$BKBUILD/config.log" 2>&1 ||
		{ tail -n 20 "$BKBUILD/config.log" >&2; die "make defconfig rk3588.config failed"; }
}

build() {
	local start=$SECONDS t kver size

	need_packages make gcc flex bison bc libelf-dev libssl-dev cpio ccache \
		gcc-aarch64-linux-gnu kmod
	configure
	msg "Building the board kernel: Image, modules, $DTB ($JOBS jobs)"
	kmake -s Image modules "$DTB" >"$BKBUILD/build.log" 2>&1 ||
		{ grep -E -B2 -A6 'error|Error' "$BKBUILD/build.log" | head -n 60 >&2
		  die "board kernel build failed (full log: $BKBUILD/build.log)"; }
	t=$((SECONDS - start))
	if grep -q 'warning:' "$BKBUILD/build.log"; then
		grep -A3 'warning:' "$BKBUILD/build.log" | head -n 20 >&2
		warn "the board kernel build has compiler warnings (full log: $BKBUILD/build.log)"
	fi

	msg "Installing into ${OUT#"$TOP"/}/"
	rm -rf "$OUT"
	mkdir -p "$OUT/dtbs/rockchip" "$OUT/extlinux"
	cp "$BKBUILD/arch/arm64/boot/Image" "$OUT/Image"
	cp "$BKBUILD/arch/arm64/boot/dts/$DTB" "$OUT/dtbs/$DTB"
	# Stripped: what goes onto the board, not the debug info.
	kmake -s INSTALL_MOD_PATH="$OUT" INSTALL_MOD_STRIP=1 DEPMOD=/sbin/depmod \
		modules_install >"$BKBUILD/modules_install.log" 2>&1 ||
		{ tail -n 20 "$BKBUILD/modules_install.log" >&2; die "modules_install failed"; }
	kver=$(cat "$BKBUILD/include/config/kernel.release")
	cat >"$OUT/extlinux/extlinux.conf" <<-EOF
	# U-Boot's distro boot reads /extlinux/extlinux.conf (or
	# /boot/extlinux/extlinux.conf) from the first bootable partition.
	# Copy Image and dtbs/ next to extlinux/ on that partition and
	# lib/modules/$kver/ to the root filesystem's /lib/modules/.
	# root= names the root filesystem: eMMC, microSD or NVMe
	# (e.g. /dev/mmcblk0p2, /dev/nvme0n1p2; a PARTUUID= is safer).
	default mmdump
	timeout 3
	label mmdump
	    menu label Linux $kver (mmdump, ROCK 5B+)
	    kernel /Image
	    fdt /dtbs/$DTB
	    append console=ttyS2,1500000n8 earlycon root=/dev/mmcblk0p2 rootwait rw
	EOF
	size=$(stat -c %s "$OUT/Image")
	{
		echo "kernel release: $kver"
		echo "build time (Image + modules + DTB, $JOBS jobs): ${t} s"
		echo "Image: $size bytes ($(du -h "$OUT/Image" | cut -f1))"
		echo "modules: $(find "$OUT/lib/modules" -name '*.ko*' | wc -l) files, $(du -sh "$OUT/lib/modules" | cut -f1) (stripped)"
		echo "options: $(grep -c '=y$' "$BKBUILD/.config") =y, $(grep -c '=m$' "$BKBUILD/.config") =m"
	} | tee "$OUT/build-info.txt" | sed 's/^/    /' >&2
}

# vmtest.sh boots $KBUILD's Image, which must be the one installed.
qemu() {
	local install initrd

	[[ -f $OUT/Image ]] || die "no $OUT/Image; run 'board.sh build' first"
	cmp -s "$OUT/Image" "$BKBUILD/arch/arm64/boot/Image" ||
		die "$OUT/Image is not the Image in $BKBUILD; run 'board.sh build' again"
	install=$("$S/build-selftests.sh")
	initrd=$("$S/mkinitramfs.sh" "$install")
	"$S/vmtest.sh" check "$initrd"
}

case $what in
build) build ;;
qemu)  qemu ;;
selftests) "$S/build-selftests.sh" >/dev/null ;;
*)     die "usage: board.sh build|qemu|selftests" ;;
esac
