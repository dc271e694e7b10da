/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_LOADER_H
#define PT_LOADER_H

#include <stdbool.h>
#include <stdio.h>

#include "kernel/probe.h"

struct privtrace_bpf;

/* What the programs are loaded for: the kernel-side settings of a run. */
struct loader_cfg {
	bool verbose;               /* libbpf's debug messages, what is skipped and why */
	bool run_mode;              /* only the traced tree (loader_trace_pid) */
	unsigned int uid;           /* host ruid or euid; PT_ID_UNMAPPED: any */
	const char *cgroup_path;    /* a cgroup v2 directory; NULL: any */
	bool denied_only;
	bool all_caps;              /* keep the noise checks */
	bool no_coalesce;           /* fold no flood */
	unsigned long ringbuf_kb;
	struct backend_want backend;
};

/*
 * Root, BTF and tracefs checked (tracefs mounted if needed), then what the
 * kernel offers probed and a program chosen per family. On failure prints
 * one line saying what is missing and what to do, and returns -1.
 */
int loader_probe(const struct loader_cfg *cfg, struct probe *probe);

/*
 * loader_probe(), then open the BPF object, apply the settings in env and
 * the choices in probe, load and attach. On failure prints one line saying
 * what is missing and what to do, and returns NULL.
 */
struct privtrace_bpf *loader_start(const struct loader_cfg *cfg, struct probe *probe);

/*
 * Load the programs a run would, nothing attached, and print each one's
 * instructions and what the verifier processed, with totals. -1 on failure.
 */
int loader_print_programs(const struct loader_cfg *cfg, const struct probe *probe, FILE *out);

/*
 * Folded counts out as repeat records: those whose window has passed, or
 * all of them. 0, or -errno.
 */
int loader_fold_sweep(struct privtrace_bpf *skel, bool all);

/* Put a process (the `run` command) in the traced tree. */
int loader_trace_pid(struct privtrace_bpf *skel, unsigned int pid);

/*
 * 0 when the BPF commands a run makes after its start (the ring buffer's
 * setup, counter lookups) work with the caller's privileges, else -errno.
 * arg: the struct privtrace_bpf (privileges_drop()'s callback).
 */
int loader_maps_readable(void *arg);

/* Sum of a per-CPU counter (enum pt_counter) across CPUs. */
unsigned long long loader_counter(struct privtrace_bpf *skel, unsigned int idx);

void loader_stop(struct privtrace_bpf *skel);

#endif
