/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_KALLSYMS_H
#define PT_KALLSYMS_H

#include <stdio.h>
#include <linux/types.h>

/*
 * For each of the n function names, its [start, end) address range in the
 * symbol table read from f (/proc/kallsyms format): end is the next symbol's
 * address. A name not found (or hidden by kptr_restrict, all zeros) is left
 * {0, 0}. Returns how many were resolved.
 */
int kallsyms_ranges(FILE *f, const char *const *names, int n, __u64 (*ranges)[2]);

#endif
