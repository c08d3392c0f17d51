#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What 'make run' shows: the mm of a sample process, dumped by mmdump.
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
kill $pid
