#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""List the mmdump tests a guest run must pass, from the test sources.

Read from the kernel tree the series is applied to, never kept by hand:
  - the KUnit cases of the suites the guest prints (KUNIT_CASE*() in the
    case arrays of mm/tests/mmdump_kunit.c), with the #ifdef/#if around
    them decided by the guest kernel's .config, if that .config builds the
    test (CONFIG_MMDUMP_KUNIT_TEST);
  - the kselftest_harness tests of the programs run_vmtests.sh runs in the
    "mmdump" category (TEST(), TEST_F() and their _TIMEOUT and _SIGNAL
    forms, times each FIXTURE_VARIANT_ADD()), as the harness names them
    ("fixture.test", "fixture.variant.test", "global.test"), if the
    guest's test list runs ksft_mmdump.sh.
Each name is one line.  A name the exceptions file lets skip on this
guest (lines "GUEST-LABEL TEST-NAME REASON", the label may be a shell
pattern) is followed by "  may-skip: REASON"; the judge still wants it in
the log, passed or skipped, never failed.

usage: must-pass.py TREE DOTCONFIG TESTS_LIST KUNIT_SUITES LABEL EXCEPTIONS
"""

import fnmatch
import os
import re
import sys

KUNIT_SOURCES = {'mmdump': 'mm/tests/mmdump_kunit.c'}
KUNIT_CONFIG = 'CONFIG_MMDUMP_KUNIT_TEST'
SELFTEST_SCRIPT = 'mm:ksft_mmdump.sh'
SELFTEST_DIR = 'tools/testing/selftests/mm'


def die(msg):
    sys.exit(f'must-pass.py: {msg}')


def read_config(path):
    config = {}
    with open(path) as f:
        for line in f:
            m = re.match(r'^(CONFIG_\w+)=(.*)$', line.strip())
            if m:
                config[m.group(1)] = m.group(2)
    return config


def list_lines(path):
    with open(path) as f:
        return [line.split('#')[0].strip() for line in f
                if line.split('#')[0].strip()]


def condition(expr, config):
    """Decide an #if of CONFIG_ symbols; None if it is made of more."""
    def enabled(sym):
        return config.get(sym) in ('y', 'm')

    e = expr
    e = re.sub(r'IS_ENABLED\((CONFIG_\w+)\)',
               lambda m: str(enabled(m.group(1))), e)
    e = re.sub(r'IS_BUILTIN\((CONFIG_\w+)\)',
               lambda m: str(config.get(m.group(1)) == 'y'), e)
    e = re.sub(r'defined\s*\(?\s*(CONFIG_\w+)\s*\)?',
               lambda m: str(m.group(1) in config), e)
    e = e.replace('&&', ' and ').replace('||', ' or ')
    e = re.sub(r'!(?!=)', ' not ', e)
    if not re.fullmatch(r'[\sA-Za-z()]*', e) or \
       set(re.findall(r'[A-Za-z]+', e)) - {'True', 'False', 'and', 'or', 'not'}:
        return None
    return eval(e)  # only True, False, and, or, not and parentheses


def kunit_cases(path, config):
    """The KUNIT_CASE*() names in the case arrays, as this .config builds."""
    names = []
    # For each open #if: is this branch on (None: not decided by the
    # .config), was any branch taken.
    stack = []
    in_cases = False
    with open(path) as f:
        for line in f:
            s = line.strip()
            m = re.match(r'#\s*(ifdef|ifndef|if|elif|else|endif)\b\s*(.*)', s)
            if m:
                kw, arg = m.group(1), m.group(2).split('/*')[0].strip()
                if kw == 'ifdef':
                    on = arg in config
                    stack.append([on, on])
                elif kw == 'ifndef':
                    on = arg not in config
                    stack.append([on, on])
                elif kw == 'if':
                    on = condition(arg, config)
                    stack.append([on, on])
                elif kw == 'elif':
                    taken = stack[-1][1]
                    on = None if taken is None else \
                        (not taken and condition(arg, config))
                    stack[-1] = [on, None if on is None else taken or on]
                elif kw == 'else':
                    taken = stack[-1][1]
                    stack[-1] = [None if taken is None else not taken, True]
                else:
                    stack.pop()
                continue
            if any(on is False for on, _ in stack):
                continue
            undecided = any(on is None for on, _ in stack)
            if re.match(r'static\s+struct\s+kunit_case\s+\w+\[\]', s):
                in_cases = True
            elif in_cases and s.startswith('};'):
                in_cases = False
            elif in_cases:
                m = re.match(r'KUNIT_CASE\w*\(\s*(\w+)', s)
                if m and undecided:
                    die(f'{path}: {m.group(1)} is under an #if that the '
                        '.config does not decide')
                if m:
                    names.append(m.group(1))
    if stack:
        die(f'{path}: unbalanced #if')
    return names


def harness_tests(path):
    """kselftest_harness names: fixture[.variant].test, global.test."""
    text = open(path).read()
    variants = {}
    for m in re.finditer(r'^FIXTURE_VARIANT_ADD\(\s*(\w+)\s*,\s*(\w+)\s*\)',
                         text, re.M):
        variants.setdefault(m.group(1), []).append(m.group(2))
    names = []
    for m in re.finditer(r'^TEST(_F)?(?:_TIMEOUT|_SIGNAL)?\(\s*(\w+)\s*(?:,\s*(\w+))?',
                         text, re.M):
        if m.group(1):
            fixture, test = m.group(2), m.group(3)
        else:
            fixture, test = 'global', m.group(2)
        for v in variants.get(fixture, [None]):
            names.append('.'.join(p for p in (fixture, v, test) if p))
    return names


def selftest_programs(tree):
    """The programs run_vmtests.sh runs in the mmdump category."""
    path = os.path.join(tree, SELFTEST_DIR, 'run_vmtests.sh')
    progs = re.findall(r'^\s*CATEGORY="mmdump"\s+run_test\s+\./(\w+)',
                       open(path).read(), re.M)
    if not progs:
        die(f'{path} runs no program in the mmdump category')
    return progs


def main():
    if len(sys.argv) != 7:
        die('usage: must-pass.py TREE DOTCONFIG TESTS_LIST KUNIT_SUITES '
            'LABEL EXCEPTIONS')
    tree, dotconfig, tests_list, suites_list, label, exceptions = sys.argv[1:]
    config = read_config(dotconfig)

    names = []
    if KUNIT_CONFIG in config:
        for suite in list_lines(suites_list):
            if suite not in KUNIT_SOURCES:
                die(f'{suites_list}: no source known for KUnit suite {suite}')
            found = kunit_cases(os.path.join(tree, KUNIT_SOURCES[suite]),
                                config)
            if not found:
                die(f'no KUnit case found for suite {suite}')
            names += found
    if SELFTEST_SCRIPT in list_lines(tests_list):
        for prog in selftest_programs(tree):
            found = harness_tests(os.path.join(tree, SELFTEST_DIR,
                                               prog + '.c'))
            if not found:
                die(f'no test found in {prog}.c')
            names += found
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        die(f'test names not unique: {" ".join(dup)}')

    may_skip = {}
    for line in list_lines(exceptions):
        parts = line.split(None, 2)
        if len(parts) < 3:
            die(f'{exceptions}: want "GUEST-LABEL TEST-NAME REASON": {line}')
        if parts[1] not in names and fnmatch.fnmatch(label, parts[0]):
            die(f'{exceptions}: {parts[1]} is not a test of the {label} guest')
        if fnmatch.fnmatch(label, parts[0]):
            may_skip[parts[1]] = parts[2]
    for n in names:
        print(f'{n}  may-skip: {may_skip[n]}' if n in may_skip else n)


if __name__ == '__main__':
    main()
