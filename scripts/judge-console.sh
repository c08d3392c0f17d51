#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Judge a guest's console log.  Fails (exit 1, with a message saying why)
# on a timeout, on a guest that did not finish (not asked of kunit.py's
# kernels, MODE kunit, whose results kunit-tool.sh judges), and on any
# kernel splat:
# panic, Oops, BUG, WARNING, KASAN, UBSAN, KFENCE, kmemleak, lockdep, hung
# task, soft lockup, RCU stall, page_table_check.  In check mode, also
# counts the TAP results (scripts/tap-summary.py) and fails on any failed
# test, and on any test of the must-pass file next to the log (written
# by vmtest.sh with scripts/must-pass.py) that is missing or skipped.
#
# The reasons also go to VERDICT next to the log, for 'make check' to
# repeat at its end (CI shows the tail of the output).
#
# usage: judge-console.sh LOG MODE LABEL QEMU_EXIT_STATUS

. "$(dirname "$0")/lib.sh"

log=$1 mode=$2 label=$3 status=$4
verdict=$(dirname "$log")/verdict
bad=0
: >"$verdict"

# why TEXT...: say why the run fails, here and in the verdict file.
why() {
	printf '%s\n' "$@" | tee -a "$verdict" >&2
}

if [[ $status -eq 124 || $status -eq 137 ]]; then
	why "ERROR: $label guest timed out (log: $log)"
	bad=1
elif [[ $mode != kunit ]] && ! grep -q '^mmdump-guest: done rc=' "$log"; then
	why "ERROR: $label guest did not finish (qemu exit $status; log: $log)"
	bad=1
fi

# Kernel messages carry a [timestamp]; test output does not.
splat='Kernel panic|Oops|BUG:|kernel BUG|WARNING:|general protection fault|'
splat+='Unable to handle kernel|Internal error:|KASAN:|UBSAN:|KFENCE:|'
splat+='kmemleak:.*new suspected|possible circular locking|possible recursive locking|'
splat+='inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|'
splat+='soft lockup|hard LOCKUP|rcu_.* detected stall|Call [Tt]race:|page_table_check'
# No 'grep -q' at the end of a pipe: under pipefail, the grep feeding it
# dies of SIGPIPE when -q stops reading at the first match, and the
# splat of a long log would read as no splat.
kernel_lines=$(grep -E '^\[ *[0-9]+\.[0-9]+\] ' "$log" || true)
splats=$(grep -E -m 5 -A 12 "$splat" <<<"$kernel_lines" || true)
if [[ -n $splats ]]; then
	why "ERROR: kernel splat in the $label console (log: $log):" \
		"$(sed 's/^/    /' <<<"$splats")"
	bad=1
fi

case $mode in
check)
	# The guest's own status: a test list naming no such test, a
	# missing KUnit suite or a failed test make it non-zero.
	done_rc=$(sed -n 's/^mmdump-guest: done rc=//p' "$log" | tail -n 1)
	if [[ -n $done_rc && $done_rc != 0 ]]; then
		why "ERROR: the $label guest's tests ended with rc=$done_rc (log: $log)"
		bad=1
	fi
	require=()
	[[ -f $(dirname "$log")/must-pass ]] && require=(--require "$(dirname "$log")/must-pass")
	summary=$(python3 "$TOP/scripts/tap-summary.py" "${require[@]}" "$log" \
		"$label" "$(dirname "$log")/counts") || bad=1
	echo "$summary"
	[[ $bad -eq 0 ]] || grep -E '^[[:space:]]*FAIL ' <<<"$summary" | head -n 20 >>"$verdict" || true
	;;
demo|bench)
	grep -q '^mmdump-guest: done rc=0' "$log" ||
		{ why "ERROR: the $label $mode run did not end with rc=0 (log: $log)"; bad=1; }
	;;
esac
exit $bad
