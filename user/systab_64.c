// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The 64-bit ABI: every traced syscall under its own name. */
#include <asm/unistd_64.h>

#include "systab.h"

/* Linux 6.6; older uapi headers lack it (the number is the same in every ABI) */
#ifndef __NR_fchmodat2
#define __NR_fchmodat2 452
#endif

PT_SYSTAB_BY_NAME(systab_64);
