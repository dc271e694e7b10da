// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The 64-bit ABI: every traced syscall under its own name. */
#include <asm/unistd_64.h>

#include "systab.h"

/* Linux 6.6; older uapi headers lack it (the number is the same in every ABI) */
#ifndef __NR_fchmodat2
#define __NR_fchmodat2 452
#endif

const struct systab_entry systab_64[] = {
#define PT_X_NR(name, fam, parg) { __NR_##name, PT_SYS_##name },
	PT_SYSCALLS(PT_X_NR)
#undef PT_X_NR
};
const size_t systab_64_len = sizeof(systab_64) / sizeof(systab_64[0]);
