#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of the host scripts that judge a guest run, on the console logs in
# scripts/testdata/: a clean run passes with the right counts, and a
# kernel WARNING (also early in a long log), a guest that never
# finished, a failed test case and a crashed test program each fail
# with a message that says which.

. "$(dirname "$0")/lib.sh"

data=$TOP/scripts/testdata
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# expect NAME LOG WANT_EXIT WANT_TEXT
expect() {
	local name=$1 log=$2 want_rc=$3 want_text=$4 rc=0

	if [[ -f $data/$log ]]; then
		cp "$data/$log" "$tmp/console.log"
	else
		cp "$tmp/$log" "$tmp/console.log"
	fi
	"$TOP/scripts/judge-console.sh" "$tmp/console.log" check fixture 0 \
		>"$tmp/out" 2>&1 || rc=$?
	# A failure's reason must also be in the verdict file (check.sh
	# repeats it at the end of its output).
	if [[ $rc -ne $want_rc ]] || ! grep -q -- "$want_text" "$tmp/out" ||
	   { [[ $rc -ne 0 ]] && ! grep -q -- "$want_text" "$tmp/verdict"; }; then
		echo "FAIL: $name: exit $rc (want $want_rc), output:" >&2
		sed 's/^/    /' "$tmp/out" >&2
		failures=$((failures + 1))
	else
		info "ok: $name"
	fi
}

# A splat early in a long log (the judge once lost it: under pipefail,
# 'grep | grep -q' fails when -q stops reading first).
{
	cat "$data/warn.log"
	for i in $(seq 20000); do
		echo "[  100.$i] a kernel line after the splat, number $i"
	done
} >"$tmp/warn-long.log"

msg "Testing the console judge on scripts/testdata/"
expect "clean run"         pass.log            0 "fixture: 3 passed, 0 failed, 1 skipped"
expect "kernel WARNING"    warn.log            1 "kernel splat"
expect "WARNING, long log" warn-long.log       1 "kernel splat"
expect "guest unfinished"  unfinished.log      1 "did not finish"
expect "failed test case"  failed-case.log     1 "FAIL mmdump.b"
expect "crashed program"   crashed-program.log 1 "FAIL cow (exit status)"
[[ $failures -eq 0 ]]
