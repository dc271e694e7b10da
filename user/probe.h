/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the running kernel accepts, found by trying (feature detection, not
 * version numbers), and the program chosen for each event family.
 */
#ifndef PT_PROBE_H
#define PT_PROBE_H

#include <stdbool.h>
#include <stdio.h>

enum cap_backend { CAP_BE_AUTO = 0, CAP_BE_FEXIT, CAP_BE_TP_BTF, CAP_BE_NONE };

struct feature {
	bool ok;
	char why[160];
};

struct probe {
	struct feature btf;          /* /sys/kernel/btf/vmlinux */
	struct feature tp_cap;       /* capability:cap_capable in BTF */
	struct feature fexit;        /* an fexit program on security_capable loads and attaches */
	struct feature lsm;          /* BPF LSM active and a BPF LSM program loads */
	struct feature kprobes;      /* kprobe_events in tracefs */
	struct feature syscall_tps;  /* syscalls:sys_enter_* in tracefs */
	enum cap_backend cap;        /* chosen for capability checks */
	char cap_why[160];
};

/* Probe the kernel; `want` forces the capability backend. -1 if it cannot be had. */
int probe_kernel(struct probe *p, enum cap_backend want);
void probe_print(FILE *out, const struct probe *p);
const char *cap_backend_name(enum cap_backend b);
/* "fexit", "tracepoint" (tp_btf), "auto"; -1 if unknown */
int cap_backend_parse(const char *s, enum cap_backend *b);

#endif
