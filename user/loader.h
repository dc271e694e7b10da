/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_LOADER_H
#define PT_LOADER_H

#include "options.h"
#include <stdio.h>

#include "probe.h"

struct privtrace_bpf;

/*
 * Root, BTF and tracefs checked (tracefs mounted if needed), then what the
 * kernel offers probed and a program chosen per family. On failure prints
 * one line saying what is missing and what to do, and returns -1.
 */
int loader_probe(const struct env *env, struct probe *probe);

/*
 * loader_probe(), then open the BPF object, apply the settings in env and
 * the choices in probe, load and attach. On failure prints one line saying
 * what is missing and what to do, and returns NULL.
 */
struct privtrace_bpf *loader_start(const struct env *env, struct probe *probe);

/*
 * Load the programs a run would, nothing attached, and print each one's
 * instructions and what the verifier processed, with totals. -1 on failure.
 */
int loader_print_programs(const struct env *env, const struct probe *probe, FILE *out);

/*
 * Folded counts out as repeat records: those whose window has passed, or
 * all of them. 0, or -errno.
 */
int loader_fold_sweep(struct privtrace_bpf *skel, bool all);

/* Put a process (the `run` command) in the traced tree. */
int loader_trace_pid(struct privtrace_bpf *skel, unsigned int pid);

/* Sum of a per-CPU counter (enum pt_counter) across CPUs. */
unsigned long long loader_counter(struct privtrace_bpf *skel, unsigned int idx);

void loader_stop(struct privtrace_bpf *skel);

#endif
