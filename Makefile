# SPDX-License-Identifier: GPL-2.0
#
# The mmdump patch stack.  The two commands that matter:
#
#   make run     apply, build, boot the arm64 (Cortex-A76) guest, show a dump
#   make check   every check, on x86_64, arm64 (and riscv64: the generic
#                core); ends in "N passed, N failed"
#   make lint    only the static checks, b4 round trip and bisect builds
#   make bench   the mmdump benchmark in x86_64 and arm64 guests (ratios)
#   make board   the Radxa ROCK 5B+ kernel: Image, DTB, modules (results/board)
#   make board-qemu  that Image under QEMU (Cortex-A76), mmdump selftests
#
# Variables (see scripts/lib.sh): ARCH=x86_64|arm64|riscv64,
# KERNEL_SRC=/your/linux, BASE=<ref>, MMDUMP_CACHE=<dir>, DEBIAN_MIRROR=<url>.

SHELL := /bin/bash
S := scripts

.PHONY: help run check lint bench b4 apply export kernel selftests shell clean \
	board board-qemu board-check

help:
	@sed -n '3,16s/^# \{0,1\}//p' Makefile

run:
	$(S)/run.sh

check:
	$(S)/check.sh all

# Only the static checks (checkpatch, sparse, coccinelle, kernel-doc, rst,
# series hygiene), the b4 round trip and the bisect builds.
lint:
	$(S)/check.sh lint

# The mmdump benchmark (tools/testing/selftests/mm/mmdump_bench.c) in an
# x86_64 and an arm64 guest; prints its tables (results/<arch>/bench.txt).
bench:
	$(S)/bench.sh

# The Radxa ROCK 5B+ kernel (arm64 defconfig + rk3588.config): Image, DTB
# and modules in results/board/; that Image under QEMU with the mmdump
# selftests; the fragment against defconfig and the board's device tree
# (also part of 'make check').
board:
	$(S)/board.sh build

board-qemu:
	$(S)/board.sh qemu

board-check:
	$(S)/board-check.sh

# The series as mails in results/b4/, written by b4, not sent; from the
# submitter, who signs off every patch: B4_AUTHOR='Name <email>' or the
# kernel tree's git user.name and user.email.
b4:
	$(S)/apply.sh
	$(S)/b4-send.sh

# The edit loop: 'make apply', change the commits in the kernel tree
# (git commit --amend, git rebase -i), 'make export'.
apply:
	$(S)/apply.sh

export:
	$(S)/export.sh

# Single steps, for when you iterate on one thing.
kernel:
	$(S)/build-kernel.sh

selftests:
	$(S)/build-selftests.sh >/dev/null

shell:
	$(S)/vmtest.sh shell "$$($(S)/mkinitramfs.sh "$$($(S)/build-selftests.sh)")"

clean:
	rm -rf results
