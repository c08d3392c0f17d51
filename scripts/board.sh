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
#                         and run the mmdump selftests (mm:ksft_mmdump.sh);
#                         console in results/board-qemu/
#        board.sh selftests  only build those selftests (qemu does it too)
#
# The board kernel has no KUnit and no CONFIG_MMDUMP_INJECT (those are for
# the test kernels), so the guest runs only the mmdump selftest and reports
# no KUnit suites; the selftest skips what needs the inject file.

. "$(dirname "$0")/lib.sh"

[[ $ARCH == arm64 ]] || die "the board is arm64 (ARCH=$ARCH)"
what=${1:-}
# lib.sh's kmake builds in $KBUILD: the board's own directory.
BKBUILD=$(kbuild_dir board)
KBUILD=$BKBUILD
DTB=rockchip/rk3588-rock-5b-plus.dtb
OUT=$RESULTS/board
# The selftests the board guest runs (collection:test for run_kselftest.sh).
BOARD_TESTS=${BOARD_TESTS:-mm:ksft_mmdump.sh}

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

# The mm kselftests, built as build-selftests.sh builds them for the test
# kernel (same arm64 sysroot), against the UAPI headers of this tree in a
# directory of their own (headers need no .config), so they can be built
# while the kernel builds.
selftests() {
	local sysroot=$CACHE/sysroot/arm64 dir install

	dir=$(kbuild_dir board-selftests)
	install=$dir/kselftest/kselftest_install
	if [[ ! -f $sysroot/.done ]]; then
		die "no arm64 sysroot in $sysroot; run 'make selftests' (scripts/build-selftests.sh) once"
	fi
	need_packages rsync libc6-dev-arm64-cross
	mkdir -p "$dir"
	msg "Building the mm kselftests (static) in $dir"
	KBUILD=$dir kmake -s headers >"$dir/headers.log" 2>&1 ||
		{ tail -n 20 "$dir/headers.log" >&2; die "make headers failed"; }
	rm -rf "$install"
	make -C "$TREE/tools/testing/selftests" O="$dir" ARCH=arm64 \
		CROSS_COMPILE="$CROSS_COMPILE" TARGETS=mm TEST_GEN_MODS_DIR= \
		EXTRA_CFLAGS="-I$sysroot/usr/include" \
		LDFLAGS="-static -L$sysroot/usr/lib/$TRIPLET" \
		-j"$JOBS" install >"$dir/selftests.log" 2>&1 ||
		{ grep -E -B3 -A8 'error|Error' "$dir/selftests.log" | head -n 60 >&2
		  die "mm selftest build failed (full log: $dir/selftests.log)"; }
	[[ -x $install/run_kselftest.sh ]] || die "no run_kselftest.sh in $install"
	echo "$install"
}

# The test initramfs of mkinitramfs.sh, packed here so the test kernel's
# one in $CACHE/initramfs is left alone, with the board's test list and
# no KUnit suites.
initramfs() {
	local install=$1 tools=$CACHE/guest-tools/arm64 root=$BKBUILD/initramfs
	local out=$BKBUILD/initramfs.cpio.gz

	[[ -f $tools/.done ]] ||
		die "no busybox/bash for the guest in $tools; run scripts/mkinitramfs.sh once"
	msg "Packing the board guest's initramfs (tests: $BOARD_TESTS)"
	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc/mmdump,proc,sys,dev,tmp,root,kselftest}
	cp "$tools/bin/busybox" "$root/bin/busybox"
	ln -s busybox "$root/bin/sh"
	cp "$tools/bin/bash-static" "$root/bin/bash"
	cp -a "$install/." "$root/kselftest/"
	install -m 755 "$TOP/selftests/init" "$root/init"
	install -m 644 "$TOP/selftests/demo.sh" "$root/etc/mmdump/demo.sh"
	# shellcheck disable=SC2086 # one test per word
	printf '%s\n' $BOARD_TESTS >"$root/etc/mmdump/tests"
	echo '# none: the board kernel has no KUnit' >"$root/etc/mmdump/kunit-suites"
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
	(cd "$root" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --quiet --owner=0:0 | gzip -1 >"$out")
	echo "$out"
}

qemu() {
	local image=$OUT/Image initrd install label=board-qemu outdir log status start
	local timeout=${VM_TIMEOUT:-1800}

	need_packages qemu-system-arm
	[[ -f $image ]] || die "no $image; run 'board.sh build' first"
	cmp -s "$image" "$BKBUILD/arch/arm64/boot/Image" ||
		die "$image is not the Image in $BKBUILD; run 'board.sh build' again"
	install=$(selftests)
	initrd=$(initramfs "$install")
	outdir=$RESULTS/$label
	mkdir -p "$outdir"
	log=$outdir/console-check.log
	# defconfig has the PL011 of QEMU's virt machine (ttyAMA0).
	msg "Booting the board Image under QEMU (virt, cortex-a76, TCG, timeout ${timeout}s); console: ${log#"$TOP"/}"
	start=$SECONDS
	set +e
	timeout --foreground -k 10 "$timeout" \
		qemu-system-aarch64 -M virt -cpu cortex-a76 -accel tcg -smp 2 \
		-m "${VM_MEMORY:-3G}" -nographic -no-reboot \
		-kernel "$image" -initrd "$initrd" \
		-append "console=ttyAMA0 panic=-1 MMDUMP_MODE=check ${VM_CMDLINE:-}" </dev/null 2>&1 |
		sed -u 's/\r$//' | tee "$log" |
		grep --line-buffered -E '^(# )?(not )?ok [0-9]+ ' | sed -u 's/^/    /'
	status=${PIPESTATUS[0]}
	set -e
	info "guest ran for $((SECONDS - start)) s"
	"$TOP/scripts/judge-console.sh" "$log" check "$label" "$status"
}

case $what in
build) build ;;
qemu)  qemu ;;
selftests) selftests >/dev/null ;;
*)     die "usage: board.sh build|qemu|selftests" ;;
esac
