#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of the host scripts that judge a guest run, on the console logs in
# scripts/testdata/: a clean run passes with the right counts, and a
# kernel WARNING (also early in a long log), a guest that never
# finished, a failed test case, a crashed test program, a test list
# naming no such test, a guest ending with rc != 0, and a test the
# guest must pass (scripts/must-pass.py) missing or skipped each fail
# with a message that says which.  Then the judge of kunit.py's results
# (kunit-judge.py) on made-up JSON: a case that must pass and did not run,
# or skipped without leave, or any failed case fails it; and the console
# judge's kunit mode wants no "done" line but still fails on a splat.

. "$(dirname "$0")/lib.sh"

data=$TOP/scripts/testdata
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# expect NAME LOG WANT_EXIT WANT_TEXT [MUST_PASS]: MUST_PASS is the
# content of the run's must-pass file (none without it).
expect() {
	local name=$1 log=$2 want_rc=$3 want_text=$4 rc=0

	rm -f "$tmp/must-pass"
	[[ $# -lt 5 ]] || printf '%s\n' "$5" >"$tmp/must-pass"
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
expect "no such test"      no-such-test.log    1 "FAIL selftests: mm:ksft_mmdupm.sh"
expect "guest status only" rc-only.log         1 "tests ended with rc=1"
expect "required, passed"  pass.log            0 "fixture: 3 passed, 0 failed, 1 skipped" \
	"$(printf 'mmdump.a\nmmdump.c  may-skip: no THP here')"
expect "required, missing" pass.log            1 "FAIL mmdump.d (must pass: no result" \
	"$(printf 'mmdump.a\nmmdump.d')"
expect "required, skipped" pass.log            1 "FAIL mmdump.c (must pass: skipped)" \
	"mmdump.c"

# kjudge NAME WANT_EXIT WANT_TEXT MUST_PASS CASE=STATUS...
kjudge() {
	local name=$1 want_rc=$2 want_text=$3 rc=0 c sep=''

	printf '%s\n' "$4" >"$tmp/must-pass"
	{
		printf '{"name": "KUnit Test Group", "test_cases": [], "sub_groups": [{"name": "mmdump", "sub_groups": [], "test_cases": ['
		for c in "${@:5}"; do
			printf '%s{"name": "%s", "status": "%s"}' "$sep" "${c%=*}" "${c#*=}"
			sep=', '
		done
		printf ']}]}\n'
	} >"$tmp/kunit.json"
	python3 "$TOP/scripts/kunit-judge.py" "$tmp/kunit.json" "$tmp/must-pass" \
		"$tmp/counts" fixture-kunit >"$tmp/out" 2>&1 || rc=$?
	if [[ $rc -ne $want_rc ]] || ! grep -q -- "$want_text" "$tmp/out"; then
		echo "FAIL: $name: exit $rc (want $want_rc), output:" >&2
		sed 's/^/    /' "$tmp/out" >&2
		failures=$((failures + 1))
	else
		info "ok: $name"
	fi
}

msg "Testing the kunit.py result judge"
kjudge "kunit: all pass"      0 "fixture-kunit: 2 passed, 0 failed, 1 skipped (3 must pass)" \
	"$(printf 'a\nb\nc  may-skip: no hook')" a=PASS b=PASS c=SKIP
kjudge "kunit: did not run"   1 "FAIL b (must pass: did not run)" \
	"$(printf 'a\nb')" a=PASS
kjudge "kunit: skipped"       1 "FAIL b (must pass: skipped)" \
	"$(printf 'a\nb')" a=PASS b=SKIP
kjudge "kunit: failed case"   1 "FAIL c (FAIL)" \
	"a" a=PASS c=FAIL
kjudge "kunit: crashed case"  1 "FAIL a (ERROR)" \
	"a" a=ERROR

# kunit mode: kunit.py's kernel prints no "mmdump-guest: done" line.
grep -v '^mmdump-guest: done' "$data/pass.log" >"$tmp/kunit-console.log"
for log in kunit-console warn; do
	rc=0
	[[ $log == warn ]] && cp "$data/warn.log" "$tmp/kunit-console.log"
	"$TOP/scripts/judge-console.sh" "$tmp/kunit-console.log" kunit fixture 0 \
		>"$tmp/out" 2>&1 || rc=$?
	want=0
	[[ $log == warn ]] && want=1
	if [[ $rc -ne $want ]]; then
		echo "FAIL: console judge, kunit mode, $log: exit $rc (want $want)" >&2
		sed 's/^/    /' "$tmp/out" >&2
		failures=$((failures + 1))
	else
		info "ok: console judge, kunit mode, $log"
	fi
done
[[ $failures -eq 0 ]]
