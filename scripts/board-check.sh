#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check the board config fragment, arch/arm64/configs/rk3588.config (Radxa
# ROCK 5B+), without building a kernel (config and one DTB; seconds when
# warm):
#
#  1. config: arm64 defconfig, the fragment merged onto it with the
#     kernel's scripts/kconfig/merge_config.sh and olddefconfig (what
#     'make defconfig rk3588.config' does).  Every option the fragment asks
#     for must land in the .config as written; and no line of the fragment
#     may repeat what defconfig already sets.
#  2. dtb: build rockchip/rk3588-rock-5b-plus.dtb.
#  3. coverage: every node that DTB enables whose compatible a driver in
#     the tree matches must have that driver enabled: built in for the
#     compatibles the fragment names on its "# boot path:" lines, built in
#     or modular for the others; a gap is allowed only when the fragment
#     documents it as "# out of scope: <compatible>: <reason>"
#     (scripts/board-coverage.py, which uses the tree's
#     scripts/dtc/dt-extract-compatibles).
#
# usage: board-check.sh [--fragment FILE]   check FILE instead of the tree's
#        board-check.sh --self-test         prove that the check fails on a
#                                           bad fragment, and says why

. "$(dirname "$0")/lib.sh"

FRAG_NAME=rk3588.config
DTB=rockchip/rk3588-rock-5b-plus.dtb
fragment=$TREE/arch/arm64/configs/$FRAG_NAME
KBUILD=$(kbuild_dir board-check)	# for kmake; not the board build's directory
DTBDIR=$(kbuild_dir board-dtb)
ARCH=arm64 KARCH=arm64 CROSS_COMPILE=${ARM64_CROSS_COMPILE:-aarch64-linux-gnu-}

check() {
	local frag=$1 start=$SECONDS t dts

	[[ -f $frag ]] || die "no board config fragment $frag"
	need_packages make gcc flex bison gcc-aarch64-linux-gnu python3
	mkdir -p "$KBUILD"
	frag=$(cd "$(dirname "$frag")" && pwd)/$(basename "$frag")

	msg "Board config: arm64 defconfig + ${frag#"$TREE"/} (in $KBUILD)"
	t=$SECONDS
	kmake -s defconfig >"$KBUILD/config.log" 2>&1 ||
		{ tail -n 20 "$KBUILD/config.log" >&2; die "make defconfig failed"; }
	cp "$KBUILD/.config" "$KBUILD/defconfig.config"
	(cd "$TREE" && ARCH=$KARCH CROSS_COMPILE=$CROSS_COMPILE \
		scripts/kconfig/merge_config.sh -m -O "$KBUILD" "$KBUILD/defconfig.config" \
		"$frag" >>"$KBUILD/config.log" 2>&1) ||
		{ tail -n 20 "$KBUILD/config.log" >&2; die "merge_config.sh of $frag failed"; }
	kmake -s olddefconfig >>"$KBUILD/config.log" 2>&1 ||
		{ tail -n 20 "$KBUILD/config.log" >&2; die "make olddefconfig failed"; }
	# As build-kernel.sh checks its fragments, and no line may ask for
	# what defconfig already has.
	check_fragment "$KBUILD/.config" "$frag" "$KBUILD/defconfig.config" ||
		die "the board .config does not match the fragment ${frag#"$TREE"/} (see above)"
	info "every option of the fragment is in the .config ($(grep -c '=y$' "$KBUILD/.config") =y, $(grep -c '=m$' "$KBUILD/.config") =m; defconfig: $(grep -c '=y$' "$KBUILD/defconfig.config") =y, $(grep -c '=m$' "$KBUILD/defconfig.config") =m) [$((SECONDS - t)) s]"

	# The DTB does not depend on the config: it is built in a directory of
	# its own, configured once, so that a warm check rebuilds nothing.
	msg "Board DTB: $DTB"
	t=$SECONDS
	mkdir -p "$DTBDIR"
	if [[ ! -f $DTBDIR/.config ]]; then
		KBUILD=$DTBDIR kmake -s defconfig >"$DTBDIR/dtb.log" 2>&1 ||
			{ tail -n 20 "$DTBDIR/dtb.log" >&2; die "make defconfig for the DTB failed"; }
	fi
	KBUILD=$DTBDIR kmake -s "$DTB" >"$DTBDIR/dtb.log" 2>&1 ||
		{ tail -n 20 "$DTBDIR/dtb.log" >&2; die "building $DTB failed (log: $DTBDIR/dtb.log)"; }
	dts=$KBUILD/$(basename "$DTB" .dtb).dts
	"$DTBDIR/scripts/dtc/dtc" -q -I dtb -O dts -o "$dts" "$DTBDIR/arch/arm64/boot/dts/$DTB" ||
		die "dtc could not decompile $DTB"
	info "$DTBDIR/arch/arm64/boot/dts/$DTB [$((SECONDS - t)) s]"

	msg "Device-tree coverage of the board config"
	t=$SECONDS
	python3 "$TOP/scripts/board-coverage.py" "$TREE" "$dts" "$KBUILD/.config" "$frag" ||
		die "the board config fails the device-tree coverage of $DTB or its boot path (see above)"
	info "[$((SECONDS - t)) s]"
	info "board check passed in $((SECONDS - start)) s"
}

# Each case: a copy of the fragment changed one way, the message the check
# must fail with (or "pass"), in a build directory of its own.
self_test() {
	local frag name expect out rc bad=0

	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	KBUILD=$(kbuild_dir board-check-selftest)
	while IFS='|' read -r name expect edit; do
		frag=$tmp/$name.config
		cp "$fragment" "$frag"
		eval "$edit"
		msg "Self-test: $name (expect: ${expect:-pass})"
		rc=0
		out=$(check "$frag" 2>&1) || rc=$?
		printf '%s\n' "$out" | grep -E '^(ERROR|    [0-9]+ enabled|    out of scope)' | sed 's/^/    | /' >&2
		if [[ -z $expect ]]; then
			[[ $rc -eq 0 ]] || { echo "ERROR: self-test $name: the check failed" >&2; bad=1; }
		elif [[ $rc -eq 0 ]]; then
			echo "ERROR: self-test $name: the check passed a bad fragment" >&2
			bad=1
		elif ! grep -qF -- "$expect" <<<"$out"; then
			echo "ERROR: self-test $name: the check failed without saying \"$expect\"" >&2
			bad=1
		fi
	done <<-'EOF'
	no-such-option|CONFIG_MMDUMP_NO_SUCH_OPTION=y requested, but .config has nothing|echo CONFIG_MMDUMP_NO_SUCH_OPTION=y >>"$frag"
	emmc-driver-off|uncovered: /mmc@fe2e0000 (rockchip,rk3588-dwcmshc): drivers/mmc/host/sdhci-of-dwcmshc.c needs CONFIG_MMC_SDHCI_OF_DWCMSHC|echo '# CONFIG_MMC_SDHCI_OF_DWCMSHC is not set' >>"$frag"
	boot-driver-modular|needs CONFIG_ROCKCHIP_THERMAL=y (boot path), has =m|sed -i '/^CONFIG_ROCKCHIP_THERMAL=y$/d' "$frag"
	nic-modular|boot path: CONFIG_R8169 must be =y, .config has =m|sed -i '/^CONFIG_R8169=y$/d' "$frag"
	redundant-line|CONFIG_MMC_DW_ROCKCHIP=y is what defconfig already has|echo CONFIG_MMC_DW_ROCKCHIP=y >>"$frag"
	emmc-out-of-scope||printf '%s\n' '# CONFIG_MMC_SDHCI_OF_DWCMSHC is not set' '# out of scope: rockchip,rk3588-dwcmshc: self-test' >>"$frag"
	EOF
	[[ $bad -eq 0 ]] || die "board-check.sh self-test failed"
	msg "Self-test passed: the check fails, naming the problem, on each bad fragment"
}

case ${1:-} in
"")		check "$fragment" ;;
--fragment)	check "${2:?usage: board-check.sh --fragment FILE}" ;;
--self-test)	self_test ;;
*)		die "usage: board-check.sh [--fragment FILE | --self-test]" ;;
esac
