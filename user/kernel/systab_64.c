// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The 64-bit ABI: every traced syscall under its own name. */
#include <asm/unistd_64.h>

#include "kernel/systab.h"

/*
 * Newer than some uapi headers (the numbers are the same in every ABI since
 * the tables were unified): fchmodat2 6.6, setxattrat and removexattrat
 * 6.13, file_setattr 6.17
 */
#ifndef __NR_fchmodat2
#define __NR_fchmodat2 452
#endif
#ifndef __NR_setxattrat
#define __NR_setxattrat 463
#endif
#ifndef __NR_removexattrat
#define __NR_removexattrat 466
#endif
#ifndef __NR_file_setattr
#define __NR_file_setattr 469
#endif

PT_SYSTAB_BY_NAME(systab_64);
PT_SYSTAB_LOADER(systab_64);
