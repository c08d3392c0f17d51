// SPDX-License-Identifier: GPL-2.0
/*
 * Debian has riscv64 packages only from trixie on, so the riscv64
 * selftests link trixie's static libnuma and libcap (built against glibc
 * 2.41) with bookworm's riscv64 cross libc (2.36).  The first refers to
 * the C23 variants of the strto*() and sscanf() functions that glibc 2.38
 * added; they differ from the old ones only in also reading a "0b" binary
 * prefix, which neither library's input has.  scripts/build-selftests.sh
 * links this into the riscv64 test programs.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

long __isoc23_strtol(const char *s, char **end, int base)
{
	return strtol(s, end, base);
}

unsigned long __isoc23_strtoul(const char *s, char **end, int base)
{
	return strtoul(s, end, base);
}

long long __isoc23_strtoll(const char *s, char **end, int base)
{
	return strtoll(s, end, base);
}

unsigned long long __isoc23_strtoull(const char *s, char **end, int base)
{
	return strtoull(s, end, base);
}

int __isoc23_sscanf(const char *s, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vsscanf(s, fmt, ap);
	va_end(ap);
	return ret;
}
