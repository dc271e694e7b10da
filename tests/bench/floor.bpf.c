// SPDX-License-Identifier: GPL-2.0
/*
 * The floor of the benchmark: empty programs on the hooks privtrace uses on
 * this kind of kernel (the raw syscall tracepoints and the cap_capable
 * tracepoint, the ctime tracepoints), so what the hook itself costs is measured apart from what
 * privtrace's programs do; and, for comparison, on the per-syscall
 * tracepoints of openat, the fallback's hooks (floor.c loads one set).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("tp_btf/sys_enter")
int BPF_PROG(floor_sys_enter)
{
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(floor_sys_exit)
{
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int floor_tp_enter_openat(void *ctx)
{
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_openat")
int floor_tp_exit_openat(void *ctx)
{
	return 0;
}

/* the ctime tracepoints privtrace watches container root's changes with (6.13+) */
SEC("tp_btf/inode_set_ctime_to_ts")
int BPF_PROG(floor_ctime_set)
{
	return 0;
}

SEC("tp_btf/ctime_ns_xchg")
int BPF_PROG(floor_ctime_xchg)
{
	return 0;
}

SEC("tp_btf/ctime_xchg_skip")
int BPF_PROG(floor_ctime_skip)
{
	return 0;
}

SEC("tp_btf/cap_capable")
int BPF_PROG(floor_cap_capable)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
