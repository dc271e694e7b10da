/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the running kernel accepts, found by trying (feature detection, not
 * version numbers), and the program chosen for each event family.
 */
#ifndef PT_PROBE_H
#define PT_PROBE_H

#include <stdbool.h>
#include <stdio.h>

enum cap_backend { CAP_BE_AUTO = 0, CAP_BE_FEXIT, CAP_BE_TP_BTF, CAP_BE_KPROBE, CAP_BE_NONE };
/*
 * Syscalls (file and credential): the raw sys_enter/sys_exit tracepoints
 * (tp_btf), else the per-syscall tracepoints, which miss 32-bit calls.
 */
enum sys_backend { SYS_BE_AUTO = 0, SYS_BE_RAW, SYS_BE_TRACEPOINT, SYS_BE_NONE };
/*
 * For the credential, exec and file families the syscall programs always
 * run; with the BPF LSM, LSM programs add to them (see bpf/cred_lsm.bpf.c,
 * bpf/file_lsm.bpf.c).
 */
enum lsm_backend { LSM_BE_AUTO = 0, LSM_BE_LSM, LSM_BE_TRACEPOINT };
enum { FAM_CRED, FAM_EXEC, FAM_FILE, FAM_LSM_MAX };

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
	struct feature raw_sys;      /* tp_btf/sys_enter loads and attaches */
	struct feature syscall_tps;  /* syscalls:sys_enter_* in tracefs */
	struct feature ctime_tps;    /* the timestamp:*ctime* tracepoints in BTF (bpf/changes.bpf.c) */
	struct feature cgroup_tps;   /* cgroup:cgroup_mkdir/rename/rmdir as tp_btf (bpf/cgroups.bpf.c) */
	enum cap_backend cap;        /* chosen for capability checks */
	char cap_why[160];
	enum sys_backend sys;        /* chosen for syscalls */
	char sys_why[160];
	enum lsm_backend lsm_fam[FAM_LSM_MAX]; /* chosen for credentials, exec, file */
	char lsm_why[FAM_LSM_MAX][160];
	bool lsm_setgroups;          /* this kernel has the task_fix_setgroups hook */
};

/* What --backend asked for, family by family. */
struct backend_want {
	enum cap_backend cap;
	enum sys_backend sys;
	enum lsm_backend lsm_fam[FAM_LSM_MAX];
};

/*
 * Probe the kernel and choose; a forced choice the kernel cannot have is -1,
 * with *why pointing at the reason.
 */
int probe_kernel(struct probe *p, const struct backend_want *want, const char **why);
void probe_print(FILE *out, const struct probe *p);
const char *cap_backend_name(enum cap_backend b);
const char *sys_backend_name(enum sys_backend b);
/* FAM_*: "credentials", "exec", "file"; and the programs chosen for it */
const char *probe_family_name(int fam);
const char *probe_family_programs(const struct probe *p, int fam);
/*
 * "capability=fexit|tracepoint|kprobe|auto", "syscalls=raw|tracepoint|auto",
 * "credentials|exec|file=lsm|tracepoint|auto"; -1 if not one
 */
int backend_parse(const char *s, struct backend_want *w);

#endif
