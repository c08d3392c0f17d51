#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build coverage, the way the build robot tries a posted mm series: for
# each target, allnoconfig plus configs/build/common.config (MMDUMP=y,
# WERROR=y) plus configs/build/TARGET.config, and only mm/ and the arch's
# mm/ compiled (with ccache), in $MMDUMP_CACHE/build/cover-TARGET.
#
#   riscv64, ppc64le, s390x, arm-lpae   architectures without an mmdump
#                                       arch hook: the generic core alone
#   riscv64-nohuge                       riscv64 without THP
#   arm64-nohuge, x86_64-nohuge          the two with a hook, without THP,
#                                       hugetlbfs or KUnit
#
# Fails naming every target that does not build, or whose .config lacks
# an option its fragments ask for (MMDUMP above all).  With
# ALLOW_MISSING_OPTIONS set (bisect-build.sh, before the patch that adds
# MMDUMP), a missing option is not an error.
#
# usage: build-coverage.sh [TARGET...]   (default: all seven)

. "$(dirname "$0")/lib.sh"

ALL_TARGETS="riscv64 riscv64-nohuge ppc64le s390x arm-lpae arm64-nohuge x86_64-nohuge"

# TARGET -> kernel ARCH, cross-compiler prefix, Debian package of it.
declare -A KARCH_OF=(
	[riscv64]=riscv [riscv64-nohuge]=riscv [ppc64le]=powerpc [s390x]=s390
	[arm-lpae]=arm [arm64-nohuge]=arm64 [x86_64-nohuge]=x86
)
declare -A CROSS_OF=(
	[riscv64]=riscv64-linux-gnu- [riscv64-nohuge]=riscv64-linux-gnu-
	[ppc64le]=powerpc64le-linux-gnu-
	[s390x]=s390x-linux-gnu- [arm-lpae]=arm-linux-gnueabihf-
	[arm64-nohuge]=aarch64-linux-gnu- [x86_64-nohuge]=
)
declare -A PACKAGE_OF=(
	[riscv64]=gcc-riscv64-linux-gnu [riscv64-nohuge]=gcc-riscv64-linux-gnu
	[ppc64le]=gcc-powerpc64le-linux-gnu
	[s390x]=gcc-s390x-linux-gnu [arm-lpae]=gcc-arm-linux-gnueabihf
	[arm64-nohuge]=gcc-aarch64-linux-gnu [x86_64-nohuge]=gcc
)

targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || read -ra targets <<<"$ALL_TARGETS"

# build_target TARGET: configure and build; 0 if it built without warnings.
build_target() {
	local t=$1 karch=${KARCH_OF[$1]} cross=${CROSS_OF[$1]} dir cc frags f bad=0

	dir=$(kbuild_dir "cover-$t")
	frags=("$TOP/configs/build/common.config" "$TOP/configs/build/$t.config")
	mkdir -p "$dir"
	(cd "$TREE" && ARCH=$karch CROSS_COMPILE=$cross \
		scripts/kconfig/merge_config.sh -n -O "$dir" "${frags[@]}" \
		>"$dir/merge_config.log" 2>&1) ||
		{ tail -n 20 "$dir/merge_config.log" >&2; echo "ERROR: $t: merge_config.sh failed" >&2; return 1; }
	if [[ -z ${ALLOW_MISSING_OPTIONS:-} ]]; then
		for f in "${frags[@]}"; do
			check_fragment "$dir/.config" "$f" || bad=1
		done
		[[ $bad -eq 0 ]] || { echo "ERROR: $t: .config lacks options its fragments ask for" >&2; return 1; }
	fi
	cc=${cross}gcc
	command -v ccache >/dev/null && cc="ccache $cc"
	if ! make -C "$TREE" O="$dir" ARCH="$karch" CROSS_COMPILE="$cross" CC="$cc" \
		-j"$JOBS" -s mm/ "arch/$karch/mm/" >"$dir/build.log" 2>&1; then
		grep -E -B2 -A6 'error|Error' "$dir/build.log" | head -n 40 >&2
		echo "ERROR: $t: mm/ does not build (log: $dir/build.log)" >&2
		return 1
	fi
	if grep -q 'warning:' "$dir/build.log"; then
		grep -A3 'warning:' "$dir/build.log" | head -n 20 >&2
		echo "ERROR: $t: compiler warnings (log: $dir/build.log)" >&2
		return 1
	fi
}

pkgs=(make flex bison bc ccache)
for t in "${targets[@]}"; do
	[[ -n ${KARCH_OF[$t]:-} ]] || die "unknown build-coverage target $t (known: $ALL_TARGETS)"
	pkgs+=("${PACKAGE_OF[$t]}")
done
need_packages "${pkgs[@]}"

failed=()
for t in "${targets[@]}"; do
	msg "build coverage: $t (${KARCH_OF[$t]}, mm/ and arch/${KARCH_OF[$t]}/mm/, MMDUMP=y WERROR=y)"
	start=$SECONDS
	if build_target "$t"; then
		info "$t: built in $((SECONDS - start)) s"
	else
		failed+=("$t")
	fi
done
[[ ${#failed[@]} -eq 0 ]] || die "build coverage failed for: ${failed[*]}"
