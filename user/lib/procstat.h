/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_PROCSTAT_H
#define PT_PROCSTAT_H

#include <linux/types.h>

/*
 * A process's start time, field 22 of its stat file (clock ticks since
 * boot): path opened at dfd ("stat" in a /proc/PID directory, or
 * "/proc/PID/stat" at AT_FDCWD). With its pid, what names one process
 * across pid reuse. 0 if it cannot be read.
 */
__u64 proc_start_time(int dfd, const char *path);

#endif
