/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What privtrace needs of root, asked of the kernel (capget), not assumed
 * from uid 0: a root whose capabilities are bounded (a container, systemd's
 * CapabilityBoundingSet) may lack some. dist/privtrace.service bounds it to
 * exactly these; README and privtrace(8) name the same five.
 */
#ifndef PT_PRIVILEGES_H
#define PT_PRIVILEGES_H

#include <stdbool.h>

/*
 * CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN, which stands in for both) are
 * needed: without them one line on stderr says which is missing, and -1.
 * Each of CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE, CAP_SYSLOG missing is said
 * with what is lost without it, and the run goes on.
 */
int privileges_check(void);

/*
 * Once the programs are loaded and attached, what the rest of a run needs
 * and nothing more (README, Privileges). The thread calling this must be
 * the process's only one: credentials are per thread, and threads made
 * later inherit the caller's.
 *   - Capabilities: CAP_DAC_READ_SEARCH (open_by_handle_at, container
 *     roots) and CAP_SYS_PTRACE (/proc/PID/root, /proc/PID/ns of other
 *     users' tasks) are kept where held, CAP_KILL too with keep_kill (the
 *     `run` command may change its uid and must still get SIGTERM). The
 *     rest go from the effective, permitted, inheritable and ambient sets.
 *   - bpf_ok(arg) is asked with CAP_BPF and CAP_SYS_ADMIN out of the
 *     effective set: 0 when the BPF commands the run still makes (map
 *     lookups, iterators, object info) work without them, else -errno.
 *     Kernels before 6.5 refuse every bpf() command to a task without
 *     CAP_BPF when unprivileged BPF is disabled: there CAP_BPF is kept, and
 *     said on stderr.
 *   - no_new_privs, then the syscall filter (kernel/syscall_filter.h).
 * 0, or -1 with one line on stderr: the caller must not trace on.
 */
int privileges_drop(int (*bpf_ok)(void *arg), void *arg, bool keep_kill);

#endif
