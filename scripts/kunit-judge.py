#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge kunit.py's JSON result against the cases that must pass.

Every case of the must-pass file (scripts/must-pass.py's list: one name a
line, "  may-skip: REASON" after a name that may skip) must be in the
result and pass; one that is missing, or skipped without leave, is a
failure, named.  Any case that failed or crashed is a failure too.

usage: kunit-judge.py KUNIT_JSON MUST_PASS COUNTS_FILE LABEL
Prints the failures, then "LABEL: N passed, N failed, N skipped (N must
pass)"; writes "PASS FAIL SKIP" to COUNTS_FILE; exits 1 on any failure.
"""

import json
import sys


def cases(group, status):
    """Every test case of the KernelCI-style JSON kunit.py writes."""
    for case in group.get('test_cases', []):
        status[case['name']] = case['status']
    for sub in group.get('sub_groups', []):
        cases(sub, status)
    return status


def main():
    result, required, counts, label = sys.argv[1:]
    with open(result) as f:
        status = cases(json.load(f), {})
    need, may_skip = [], set()
    with open(required) as f:
        for line in f:
            name, _, reason = line.rstrip('\n').partition('  may-skip: ')
            need.append(name)
            if reason:
                may_skip.add(name)
    bad = 0
    for name in need:
        s = status.get(name)
        if s is None:
            print(f'    FAIL {name} (must pass: did not run)')
            bad += 1
        elif s == 'SKIP' and name not in may_skip:
            print(f'    FAIL {name} (must pass: skipped)')
            bad += 1
    for name, s in status.items():
        if s not in ('PASS', 'SKIP'):
            print(f'    FAIL {name} ({s})')
            bad += 1
    passed = sum(s == 'PASS' for s in status.values())
    skipped = sum(s == 'SKIP' for s in status.values())
    with open(counts, 'w') as f:
        f.write(f'{passed} {bad} {skipped}\n')
    print(f'{label}: {passed} passed, {bad} failed, {skipped} skipped '
          f'({len(need)} must pass)')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
