#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 'make run': apply the series, build the $ARCH guest kernel, boot it and
# show mmdump's view of a sample process (selftests/demo.sh).

. "$(dirname "$0")/lib.sh"

"$TOP/scripts/apply.sh"
"$TOP/scripts/build-kernel.sh"
initramfs=$("$TOP/scripts/mkinitramfs.sh")
"$TOP/scripts/vmtest.sh" demo "$initramfs"
