# SPDX-License-Identifier: GPL-2.0
#
# The mmdump patch stack.  The two commands that matter:
#
#   make run     apply, build, boot the arm64 (Cortex-A76) guest, show a dump
#   make check   every check, on x86_64 and arm64; ends in "N passed, N failed"
#   make lint    only the static checks, b4 round trip and bisect builds
#
# Variables (see scripts/lib.sh): ARCH=x86_64|arm64, KERNEL_SRC=/your/linux,
# BASE=<ref>, MMDUMP_CACHE=<dir>, DEBIAN_MIRROR=<url>.

SHELL := /bin/bash
S := scripts

.PHONY: help run check lint b4 apply export kernel selftests shell clean

help:
	@sed -n '3,12s/^# \{0,1\}//p' Makefile

run:
	$(S)/run.sh

check:
	$(S)/check.sh all

# Only the static checks (checkpatch, sparse, coccinelle, kernel-doc, rst,
# series hygiene), the b4 round trip and the bisect builds.
lint:
	$(S)/check.sh lint

# The series as mails in results/b4/, written by b4, not sent.
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
