#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configure and build the guest kernel for $ARCH out of tree (O=$KBUILD):
# allnoconfig plus the fragments in configs/, merged with the kernel's own
# scripts/kconfig/merge_config.sh.  Any option a fragment asks for that does
# not end up in the final .config is an error.
#
# usage: build-kernel.sh [FRAGMENT...]
#   (default: guest $ARCH mmdump, and $FLAVOUR if it is set)

. "$(dirname "$0")/lib.sh"

fragments=("$@")
[[ ${#fragments[@]} -gt 0 ]] || fragments=(guest "$ARCH" mmdump $FLAVOUR)

need_packages make gcc flex bison bc libelf-dev libssl-dev cpio ccache
case $ARCH in
arm64)   need_packages gcc-aarch64-linux-gnu ;;
riscv64) need_packages gcc-riscv64-linux-gnu ;;
esac

files=()
for f in "${fragments[@]}"; do
	[[ -f $TOP/configs/$f.config ]] || die "no config fragment configs/$f.config"
	files+=("$TOP/configs/$f.config")
done

mkdir -p "$KBUILD"
msg "Configuring $LABEL kernel in $KBUILD (allnoconfig + ${fragments[*]})"
(cd "$TREE" && ARCH=$KARCH CROSS_COMPILE=$CROSS_COMPILE \
	scripts/kconfig/merge_config.sh -n -O "$KBUILD" "${files[@]}" >"$KBUILD/merge_config.log" 2>&1) ||
	{ tail -n 20 "$KBUILD/merge_config.log" >&2; die "merge_config.sh failed"; }
# bisect-build.sh builds commits before the one that adds an option.
if [[ -z ${ALLOW_MISSING_OPTIONS:-} ]]; then
	bad=0
	for f in "${files[@]}"; do
		check_fragment "$KBUILD/.config" "$f" || bad=1
	done
	[[ $bad -eq 0 ]] || die "the $LABEL .config lacks options the fragments request (see above)"
fi

msg "Building $LABEL kernel ($JOBS jobs; a few minutes when cold)"
start=$SECONDS
kmake -s "$(basename "$KIMAGE")" >"$KBUILD/build.log" 2>&1 ||
	{ grep -E -B2 -A6 'error|Error' "$KBUILD/build.log" | head -n 60 >&2
	  die "$LABEL kernel build failed (full log: $KBUILD/build.log)"; }
if grep -q 'warning:' "$KBUILD/build.log"; then
	grep -A3 'warning:' "$KBUILD/build.log" | head -n 40 >&2
	die "$LABEL kernel build has compiler warnings (full log: $KBUILD/build.log)"
fi
info "built $KBUILD/$KIMAGE in $((SECONDS - start)) s"
