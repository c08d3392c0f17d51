#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What 'make run' shows: the mm of a sample process, dumped by mmdump:
# its VMAs, its page tables, the walk of one address of its stack, and
# the consistency check of the whole.
D=/sys/kernel/debug/mmdump
if [ ! -d $D ]; then
	echo "demo: $D does not exist (is CONFIG_MMDUMP=y?)"
	exit 1
fi
sleep 1000 &
pid=$!
echo "demo: dumping 'sleep' (pid $pid)"
echo $pid > $D/pid
echo "--- cat $D/pid"
cat $D/pid
echo "--- cat /proc/$pid/maps"
cat /proc/$pid/maps
echo "--- cat $D/vmas"
cat $D/vmas || exit 1
echo "--- cat $D/pagetables"
cat $D/pagetables || exit 1
# The last page of the stack VMA, which the process has touched.
stack=$(grep '\[stack\]' /proc/$pid/maps | cut -d' ' -f1 | cut -d- -f2)
addr=$(printf '%x' $((0x$stack - 8)))
echo "--- echo $addr > $D/addr; cat $D/walk"
echo "$addr" > $D/addr || exit 1
cat $D/walk || exit 1
echo "--- cat $D/check"
cat $D/check || exit 1
kill $pid
