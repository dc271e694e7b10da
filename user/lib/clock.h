/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_CLOCK_H
#define PT_CLOCK_H

#include <linux/types.h>

/* Events carry CLOCK_BOOTTIME (it keeps counting through suspend); print wall time. */
void clock_init(void);
__u64 clock_boot_to_real(__u64 boot_ns);
__u64 clock_real_now(void);
__u64 clock_mono_now(void);
/* Milliseconds from now to a CLOCK_MONOTONIC deadline, rounded up, for poll():
 * 0 once it passed, -1 (forever) for (__u64)-1. */
int clock_ms_until(__u64 deadline_ns);

#endif
