#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the mmdump KUnit suite the way kernel developers do, with the
# kernel's own tools/testing/kunit/kunit.py and the suite's kunitconfig:
#
#   tools/testing/kunit/kunit.py run --kunitconfig=mm/tests/mmdump.kunitconfig \
#           --arch=$ARCH [--cross_compile=...]
#
# Two steps:
#  1. 'kunit.py config' in a scratch directory: the kunitconfig alone, on
#     olddefconfig, must give a .config with every option it asks for
#     (what a developer who runs it gets; configuring only, seconds).
#  2. 'kunit.py run' in the guest kernel's build directory (build-kernel.sh
#     built it; its .config holds the kunitconfig and kunit.py's QEMU
#     config), so that nothing is built twice: a kernel of kunit.py's own
#     took 11 minutes cold here.  kunit.py keeps a .config that holds
#     what it asks for, and replaces it otherwise, or when the kunitconfig
#     differs from the one it last used ($dir/.kunitconfig); so this
#     checks the first with kunit.py's own code, records the second, and
#     stops rather than let kunit.py replace the guest's .config.
#     kunit.py then runs make (nothing to do), boots the kernel under its
#     QEMU config and parses the KTAP it prints.
# The JSON result is held against scripts/must-pass.py's list for that
# .config: every mmdump KUnit case must have run and passed (a skip is
# allowed only where selftests/may-skip.txt says so for "kunit-$ARCH"); a
# case that did not run is a failure, as in the guests.  A kernel splat
# in its console fails the run too.
#
# Writes $RESULTS/kunit-$ARCH/: kunit.log, kunit.json, must-pass, counts,
# console.log.
# usage: ARCH=x86_64|arm64 kunit-tool.sh   (after build-kernel.sh)

. "$(dirname "$0")/lib.sh"

KUNITCONFIG=mm/tests/mmdump.kunitconfig
label=kunit-$ARCH
out=$RESULTS/$label
dir=$KBUILD
scratch=$CACHE/build/kunit-config-$ARCH

need_packages make gcc flex bison bc libelf-dev libssl-dev ccache python3
case $ARCH in
x86_64) need_packages qemu-system-x86 ;;
arm64)  need_packages qemu-system-arm gcc-aarch64-linux-gnu ;;
*)      die "kunit.py runs here on x86_64 and arm64, not $ARCH" ;;
esac
[[ -f $TREE/$KUNITCONFIG ]] || die "no $KUNITCONFIG in $TREE (the series is not applied?)"
[[ -f $dir/.config ]] || die "no $LABEL kernel in $dir: build-kernel.sh first"

mkdir -p "$out"
# PRINTK_TIME: the splat judge reads kernel lines by their timestamp.
common=(--kunitconfig="$KUNITCONFIG" --arch="$ARCH" --kconfig_add=CONFIG_PRINTK_TIME=y)
command -v ccache >/dev/null && common+=(--make_options="CC=ccache ${CROSS_COMPILE}gcc")
[[ -n $CROSS_COMPILE ]] && common+=(--cross_compile="$CROSS_COMPILE")
kunit() { (cd "$TREE" && python3 tools/testing/kunit/kunit.py "$@"); }

msg "kunit.py config --kunitconfig=$KUNITCONFIG --arch=$ARCH (the kunitconfig alone)"
rm -rf "$scratch"
kunit config "${common[@]}" --build_dir="$scratch" >"$out/kunit-config.log" 2>&1 ||
	{ tail -n 20 "$out/kunit-config.log" >&2
	  die "the kunitconfig does not configure on its own (log: $out/kunit-config.log)"; }
rm -rf "$scratch"

# kunit.py's own test: does the guest's .config hold what it asks for?
# Then record that as the kunitconfig last used there.
(cd "$TREE/tools/testing/kunit" &&
 python3 - "$dir" "$ARCH" "$CROSS_COMPILE" "$TREE/$KUNITCONFIG" <<'PY'
import os
import sys
import kunit_config
import kunit_kernel

build_dir, arch, cross, kunitconfig = sys.argv[1:]
tree = kunit_kernel.LinuxSourceTree(build_dir, kunitconfig_paths=[kunitconfig],
                                    kconfig_add=['CONFIG_PRINTK_TIME=y'],
                                    arch=arch, cross_compile=cross or None)
want = tree._ops.make_arch_config(tree._kconfig)
have = kunit_config.parse_file(kunit_kernel.get_kconfig_path(build_dir))
if not want.is_subset_of(have):
    missing = set(want.as_entries()) - set(have.as_entries())
    sys.exit('the guest .config lacks what kunit.py asks for: ' +
             ', '.join(sorted(str(e) for e in missing)))
path = kunit_kernel.get_old_kunitconfig_path(build_dir)
if os.path.exists(path):
    os.remove(path)
want.write_to_file(path)
PY
) || die "kunit.py would replace the $LABEL .config (above); add the options to configs/"

args=(run "${common[@]}" --build_dir="$dir" --jobs="$JOBS" --timeout=600
      --json="$out/kunit.json")
msg "kunit.py run --kunitconfig=$KUNITCONFIG --arch=$ARCH (in the $LABEL build)"
start=$SECONDS
rc=0
rm -f "$out/kunit.json" "$dir/test.log"
kunit "${args[@]}" >"$out/kunit.log" 2>&1 || rc=$?
grep -E '^\[[0-9:]+\] (Testing complete|Elapsed time)' "$out/kunit.log" | sed 's/^/    /' >&2 || true
info "kunit.py took $((SECONDS - start)) s and exited $rc (log: ${out#"$TOP"/}/kunit.log)"

python3 "$TOP/scripts/must-pass.py" "$TREE" "$dir/.config" /dev/null \
	"$TOP/selftests/kunit-suites.txt" "$label" "$TOP/selftests/may-skip.txt" \
	>"$out/must-pass" || die "must-pass.py could not list the KUnit cases"
[[ -s $out/must-pass ]] || die "must-pass.py lists no KUnit case for $dir/.config"
[[ -s $out/kunit.json ]] || { tail -n 30 "$out/kunit.log" >&2; die "kunit.py wrote no results"; }

# Every must-pass case ran and passed, and no case failed.
python3 "$TOP/scripts/kunit-judge.py" "$out/kunit.json" "$out/must-pass" \
	"$out/counts" "$label" || rc=1
# The kernel's console, as kunit.py saved it: no splat.
cp "$dir/test.log" "$out/console.log" 2>/dev/null ||
	{ echo "ERROR: kunit.py left no console log ($dir/test.log)" >&2; rc=1; }
[[ -f $out/console.log ]] &&
	{ "$TOP/scripts/judge-console.sh" "$out/console.log" kunit "$label" 0 || rc=1; }
[[ $rc -eq 0 ]] || { grep -E -A3 'FAILED|not ok|ERROR' "$out/kunit.log" | head -n 30 >&2 || true; }
exit $rc
