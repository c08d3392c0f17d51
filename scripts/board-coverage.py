#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Device-tree coverage of a board config, for scripts/board-check.sh.
#
# For every node the board's DTB enables (status "okay" or absent, on the
# node and on all its parents) that has a compatible matched by a driver in
# the tree, the driver's Kconfig option must be enabled in the .config: =y
# for the nodes on the boot path, =y or =m for the others.  A compatible the
# fragment lists as "# out of scope: <compatible>: <reason>" is exempt.
#
# Driver matching uses the tree's own scripts/dtc/dt-extract-compatibles -H -d
# (compatibles in of_match_tables), on the files that mention one of the
# board's compatibles.  A driver file's options are read from the Makefiles
# (obj-$(CONFIG_X) += file.o, composite objects, and the obj-$(CONFIG_Y) +=
# dir/ lines of every parent directory): all of them must be on.
#
# The boot path is declared in the fragment, on comment lines
#   # boot path: <glob|CONFIG_X> [...]
# whose globs match compatibles (fnmatch): a node with a matching compatible
# needs its driver built in; and CONFIG_X (for what the DT does not
# describe: PCIe devices, file systems) must be =y.
#
# usage: board-coverage.py SRCTREE DTS CONFIG FRAGMENT
# Exit status 1 on any gap.

import fnmatch
import os
import re
import subprocess
import sys

# The directories whose drivers can match a DT node.
DRIVER_DIRS = ['drivers', 'sound']


def parse_dts(path):
	"""Enabled nodes with a compatible: list of (path, [compatibles])."""
	nodes = []
	stack = []	# [name, enabled, compatibles]
	with open(path) as f:
		for line in f:
			s = line.strip()
			m = re.match(r'^(?:[\w-]+:\s*)*([^\s=]+)\s*\{$', s)
			if m:
				parent_on = stack[-1][1] if stack else True
				stack.append([m[1], parent_on, None])
				continue
			if s == '};':
				name, on, compat = stack.pop()
				if on and compat:
					path = '/'.join(n[0] for n in stack[1:]) + '/' + name
					nodes.append(('/' + path.lstrip('/'), compat))
				continue
			if not stack:
				continue
			m = re.match(r'^status\s*=\s*"([^"]*)";', s)
			if m and m[1] not in ('okay', 'ok'):
				stack[-1][1] = False
				continue
			m = re.match(r'^compatible\s*=\s*(.*);$', s)
			if m:
				stack[-1][2] = re.findall(r'"([^"]*)"', m[1])
	return nodes


def read_config(path):
	conf = {}
	with open(path) as f:
		for line in f:
			m = re.match(r'^(CONFIG_\w+)=(.*)$', line)
			if m:
				conf[m[1]] = m[2]
	return conf


def read_fragment(path):
	out_of_scope = {}
	boot_globs = []
	with open(path) as f:
		for line in f:
			m = re.match(r'^#\s*out of scope:\s*(\S+?):\s*(.*)$', line)
			if m:
				out_of_scope[m[1]] = m[2].strip()
			m = re.match(r'^#\s*boot path:\s*(.*)$', line)
			if m:
				boot_globs += m[1].split()
	return out_of_scope, boot_globs


def makefile_lines(path):
	"""Logical lines of a Makefile (continuations joined, comments cut)."""
	try:
		with open(path) as f:
			text = f.read()
	except FileNotFoundError:
		return []
	text = text.replace('\\\n', ' ')
	return [l.split('#', 1)[0] for l in text.split('\n')]


_mk_cache = {}


def makefile_assignments(d):
	"""[(lhs, [words])] of the += / := / = lines of directory d's Makefile."""
	if d not in _mk_cache:
		res = []
		for fn in ('Makefile', 'Kbuild'):
			for l in makefile_lines(os.path.join(d, fn)):
				m = re.match(r'^\s*([\w-]+(?:\$\(.*?\)+)?)\s*(\+=|:=|=)\s*(.*)$', l)
				if m:
					res.append((m[1], m[3].split()))
		_mk_cache[d] = res
	return _mk_cache[d]


def conds_of_lhs(lhs):
	"""The CONFIG_ options in a left-hand side like obj-$(CONFIG_X)."""
	return re.findall(r'\$\((CONFIG_\w+)\)', lhs)


def object_conditions(srctree, d, obj, depth=0):
	"""Options that all must be on for object obj (foo.o or sub/) in
	directory d to be built: a list of alternatives, each a list of options
	(an object can be listed under several options).  None if not found."""
	if depth > 8:
		return None
	alts = []
	for lhs, words in makefile_assignments(os.path.join(srctree, d)):
		if obj not in words:
			continue
		conds = conds_of_lhs(lhs)
		base = re.sub(r'-(\$\(.*\)|y|objs|m)$', '', lhs)
		if base in ('obj', 'obj-'):
			alts.append(conds)
		elif base in ('lib', 'core', 'subdir', 'always', 'ccflags',
			      'asflags', 'ldflags', 'extra', 'targets', 'hostprogs'):
			continue
		else:
			# A member of the composite object base.o.
			parent = object_conditions(srctree, d, base + '.o', depth + 1)
			for p in parent or []:
				alts.append(p + conds)
	if not alts:
		return None
	return alts


def dir_conditions(srctree, d):
	"""Alternatives of option lists for directory d (relative) to be built."""
	parts = d.split('/')
	if len(parts) <= 1:
		return [[]]
	parent = '/'.join(parts[:-1])
	pconds = dir_conditions(srctree, parent)
	if pconds is None:
		return None
	own = object_conditions(srctree, parent, parts[-1] + '/')
	if own is None:
		# Some trees descend with a sub/ path one level up (obj-y += a/b/).
		if len(parts) >= 3:
			gp = '/'.join(parts[:-2])
			own = object_conditions(srctree, gp, '/'.join(parts[-2:]) + '/')
			if own is not None:
				gconds = dir_conditions(srctree, gp)
				if gconds is None:
					return None
				return [g + o for g in gconds for o in own]
		return None
	return [p + o for p in pconds for o in own]


def file_conditions(srctree, cfile):
	d, base = os.path.split(cfile)
	obj = base[:-2] + '.o'
	own = object_conditions(srctree, d, obj)
	dirs = dir_conditions(srctree, d)
	if own is None or dirs is None:
		return None
	return [dc + o for dc in dirs for o in own]


def state(conf, options):
	"""y, m or n for a list of options that all must be on."""
	st = 'y'
	for o in options:
		v = conf.get(o, 'n')
		if v == 'm':
			st = 'm'
		elif v != 'y':
			return 'n'
	return st


def best(conf, alts):
	"""The best state over alternatives, and the alternative that gives it."""
	rank = {'y': 2, 'm': 1, 'n': 0}
	result = ('n', alts[0])
	for a in alts:
		s = state(conf, a)
		if rank[s] > rank[result[0]]:
			result = (s, a)
	return result


def main():
	srctree, dts, config, fragment = sys.argv[1:5]
	conf = read_config(config)
	out_of_scope, boot_globs = read_fragment(fragment)
	nodes = parse_dts(dts)
	board_compats = sorted({c for _, cs in nodes for c in cs})

	# The driver files that mention a board compatible at all, then the
	# tree's own tool on them to keep only of_match_table matches.
	pat = '\n'.join('"%s"' % c for c in board_compats)
	grep = subprocess.run(['grep', '-rlF', '--include=*.c', '-f', '/dev/stdin']
			      + DRIVER_DIRS, cwd=srctree, input=pat,
			      capture_output=True, text=True)
	files = sorted(grep.stdout.split())
	ext = subprocess.run([os.path.join(srctree, 'scripts/dtc/dt-extract-compatibles'),
			      '-H', '-d'] + files, cwd=srctree, capture_output=True,
			     text=True, check=True)
	drivers = {}	# compatible -> [files]
	for line in ext.stdout.splitlines():
		f, _, cs = line.partition(': compatible(s): ')
		for c in cs.split():
			drivers.setdefault(c, []).append(f)

	for c in out_of_scope:
		if c not in board_compats:
			print('ERROR: out of scope: %s is not a compatible of an enabled node'
			      % c)
			return 1

	# Options named on the boot path lines (devices found on PCIe, file
	# systems: nothing in the DT to match) must be built in.
	for o in [g for g in boot_globs if g.startswith('CONFIG_')]:
		if conf.get(o) != 'y':
			print('ERROR: boot path: %s must be =y, .config has %s'
			      % (o, '=' + conf[o] if o in conf else 'it off'))
			return 1
	boot_globs = [g for g in boot_globs if not g.startswith('CONFIG_')]
	for g in boot_globs:
		if not any(fnmatch.fnmatch(c, g) for c in board_compats):
			print('ERROR: boot path: %s matches no compatible of an enabled node'
			      % g)
			return 1

	counts = {'nodes': len(nodes), 'matched': 0, 'y': 0, 'm': 0, 'oos': 0}
	gaps = []
	for path, compats in nodes:
		boot = any(fnmatch.fnmatch(c, g) for c in compats for g in boot_globs)
		cands = []	# (state, compatible, file, options)
		for c in compats:
			for f in drivers.get(c, []):
				alts = file_conditions(srctree, f)
				if alts is None:
					print('ERROR: %s: no Kconfig option found for %s in the Makefiles'
					      % (c, f))
					return 1
				s, opts = best(conf, alts)
				cands.append((s, c, f, opts))
		if not cands:
			continue
		# A device on a bus matches the driver for that bus (the RK806
		# has an I2C and an SPI driver; on this board it sits on SPI).
		bus = path.rsplit('/', 2)[-2].split('@')[0] if path.count('/') > 1 else ''
		if bus in ('spi', 'i2c'):
			onbus = [x for x in cands if bus in os.path.basename(x[2])]
			cands = onbus or cands
		counts['matched'] += 1
		rank = {'y': 2, 'm': 1, 'n': 0}
		cands.sort(key=lambda x: -rank[x[0]])
		s, c, f, opts = cands[0]
		if os.environ.get('BOARD_COVERAGE_VERBOSE'):
			print('    %s %s %s %s %s %s' % ('boot' if boot else '-', s, path, c, f,
						     ' '.join(opts)))
		if s == 'n' or (boot and s != 'y'):
			oos = [x for x in compats if x in out_of_scope]
			if oos:
				counts['oos'] += 1
				print('    out of scope: %s (%s): %s' %
				      (path, oos[0], out_of_scope[oos[0]]))
				continue
			# Name the option(s) that are not on.
			need = [o for o in opts if conf.get(o) != 'y'] or opts
			want = '=y (boot path)' if boot else '=y or =m'
			gaps.append('%s (%s): %s needs %s%s%s' %
				    (path, c, f, '=y and '.join(need), want,
				     ', has =m' if s == 'm' else ''))
			continue
		counts[s] += 1
	print('    %d enabled nodes with a compatible, %d match a driver, '
	      '%d covered (%d y, %d m), %d out of scope, %d gaps'
	      % (counts['nodes'], counts['matched'], counts['y'] + counts['m'],
		 counts['y'], counts['m'], counts['oos'], len(gaps)))
	for g in gaps:
		print('ERROR: uncovered: ' + g)
	return 1 if gaps else 0


if __name__ == '__main__':
	sys.exit(main())
