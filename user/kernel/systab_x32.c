// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The x32 ABI (64-bit registers, 32-bit pointers, numbers with
 * __X32_SYSCALL_BIT): the same names as the 64-bit ABI, partly other
 * numbers (execve, execveat). Kernels built without CONFIG_X86_X32_ABI, or
 * booted without it, refuse these calls before any tracepoint.
 */
/* asm/unistd.h defines it, with the 64-bit numbers this file must not see */
#define __X32_SYSCALL_BIT 0x40000000
#include <asm/unistd_x32.h>

#include "kernel/systab.h"

/* newer than some uapi headers (see systab_64.c) */
#ifndef __NR_fchmodat2
#define __NR_fchmodat2 (__X32_SYSCALL_BIT + 452)
#endif
#ifndef __NR_setxattrat
#define __NR_setxattrat (__X32_SYSCALL_BIT + 463)
#endif
#ifndef __NR_removexattrat
#define __NR_removexattrat (__X32_SYSCALL_BIT + 466)
#endif
#ifndef __NR_file_setattr
#define __NR_file_setattr (__X32_SYSCALL_BIT + 469)
#endif

PT_SYSTAB_BY_NAME(systab_x32);
PT_SYSTAB_LOADER(systab_x32);
