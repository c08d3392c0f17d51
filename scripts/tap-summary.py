#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count the results in a guest console log of nested (K)TAP.

run_kselftest.sh prints one result per ksft_*.sh; inside it, prefixed with
"# ", run_vmtests.sh prints one per test program; inside that, prefixed
again, each kselftest_harness program prints one per test case.  We count
the innermost results: a result whose nested results were printed stands
for them, and a failed result whose nested results all passed (a crash, a
bad exit code) adds one failure of its own.  Skips are counted apart and
never as passes.

With --require FILE (scripts/must-pass.py's list), every test named there
must have a result in the log, and pass: one that is missing or skipped
is one more failure, named, unless its line says "may-skip: REASON",
when a skip is allowed (a missing one is still a failure).

usage: tap-summary.py [--require FILE] CONSOLE_LOG LABEL COUNTS_FILE
Prints the failing tests, then "LABEL: N passed, N failed, N skipped";
writes "PASS FAIL SKIP" to COUNTS_FILE and the skipped tests' names to
COUNTS_FILE.skipped.
"""

import re
import sys

RESULT = re.compile(r'^((?:# )*)(ok|not ok) +\d+ *-? *(.*?)\s*$')
KERNEL_LINE = re.compile(r'^\[ *\d+\.\d+\]')


def classify(status, rest):
    directive = ''
    if ' # ' in ' ' + rest:
        name, _, directive = (' ' + rest).partition(' # ')
        name = name.strip()
    else:
        name = rest
    d = directive.strip().upper()
    if not name:
        # "ok 2 # SKIP Basic COW after fork() ...": the reason names it.
        name = directive.strip()
    if d.startswith('SKIP'):
        return 'skip', name
    if d.startswith('XFAIL'):
        return 'pass', name
    return ('pass' if status == 'ok' else 'fail'), name


def new_counts():
    return {'pass': 0, 'fail': 0, 'skip': 0, 'any': False, 'failed': [],
            'skipped': []}


def merge(into, c):
    for k in ('pass', 'fail', 'skip'):
        into[k] += c[k]
    into['failed'] += c['failed']
    into['skipped'] += c['skipped']
    into['any'] = into['any'] or c['any']


def required(path, seen):
    """Failures for the tests of PATH that did not pass (see above)."""
    failed = []
    with open(path) as f:
        for line in f:
            name, _, may_skip = line.strip().partition('  may-skip: ')
            if not name:
                continue
            kinds = seen.get(name, set())
            if not kinds:
                failed.append(f'{name} (must pass: no result in the log)')
            elif 'skip' in kinds and not may_skip and 'fail' not in kinds:
                failed.append(f'{name} (must pass: skipped)')
    return failed


def main():
    args = sys.argv[1:]
    require = None
    if args[:1] == ['--require']:
        require, args = args[1], args[2:]
    log, label, counts_file = args[:3]
    pending = {}
    seen = {}	# every result's name: the kinds it was reported with
    with open(log, errors='replace') as f:
        for line in f:
            line = line.rstrip('\r\n')
            if KERNEL_LINE.match(line):
                continue
            m = RESULT.match(line)
            if not m:
                continue
            depth = len(m.group(1)) // 2
            kind, name = classify(m.group(2), m.group(3))
            seen.setdefault(name, set()).add(kind)
            child = new_counts()
            for d in sorted(k for k in pending if k > depth):
                merge(child, pending.pop(d))
            if child['any']:
                counts = child
                if kind == 'fail' and child['fail'] == 0:
                    counts['fail'] += 1
                    counts['failed'].append(name + ' (exit status)')
            else:
                counts = new_counts()
                counts[kind] += 1
                counts['any'] = True
                if kind == 'fail':
                    counts['failed'].append(name)
                elif kind == 'skip':
                    counts['skipped'].append(name)
            merge(pending.setdefault(depth, new_counts()), counts)

    total = new_counts()
    for c in pending.values():
        merge(total, c)
    if require:
        missed = required(require, seen)
        total['fail'] += len(missed)
        total['failed'] += missed
    with open(counts_file + '.skipped', 'w') as f:
        for name in total['skipped']:
            f.write(name + '\n')
    for name in total['failed']:
        print(f'    FAIL {name}')
    print(f"{label}: {total['pass']} passed, {total['fail']} failed, "
          f"{total['skip']} skipped (list: {counts_file}.skipped)")
    with open(counts_file, 'w') as f:
        f.write(f"{total['pass']} {total['fail']} {total['skip']}\n")
    return 1 if total['fail'] or not total['any'] else 0


if __name__ == '__main__':
    sys.exit(main())
