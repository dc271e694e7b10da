/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Syscall numbers, per ABI, of the syscalls privtrace traces (PT_SYSCALLS),
 * taken from the kernel's uapi headers (asm/unistd_64.h, unistd_32.h,
 * unistd_x32.h), one file per ABI since the three define the same names.
 */
#ifndef PT_SYSTAB_H
#define PT_SYSTAB_H

#include <stddef.h>
#include "privtrace.h"

struct systab_entry {
	unsigned int nr;   /* the ABI's number (x32: with __X32_SYSCALL_BIT) */
	unsigned char ent; /* enum pt_syscall | PT_SYSTAB_UID16 */
};

extern const struct systab_entry systab_64[], systab_ia32[], systab_x32[];

/* A table with every traced syscall under its own name, from the __NR_* in scope. */
#define PT_SYSTAB_BY_NAME(table)                                               \
	const struct systab_entry table[] = { PT_SYSCALLS(PT_SYSTAB_X_NR) };   \
	const size_t table##_len = sizeof(table) / sizeof(table[0])
#define PT_SYSTAB_X_NR(name, fam, parg) { __NR_##name, PT_SYS_##name },
extern const size_t systab_64_len, systab_ia32_len, systab_x32_len;

/* bpf's and perf_event_open's numbers in an ABI (pt_systab.loader_nr) */
#define PT_SYSTAB_LOADER(table) const unsigned int table##_loader[2] = { __NR_bpf, __NR_perf_event_open }
extern const unsigned int systab_64_loader[2], systab_ia32_loader[2], systab_x32_loader[2];

/* The tables the raw sys_enter/sys_exit programs index (include/privtrace.h). */
void systab_fill(struct pt_systab *t);

#endif
