/* SPDX-License-Identifier: GPL-2.0 */
/* Maps and load-time settings shared by every privtrace BPF object. */
#ifndef PT_MAPS_BPF_H
#define PT_MAPS_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "privtrace.h"

#define EPERM 1
#define EACCES 13

extern const volatile __u32 self_tgid;
extern const volatile __u32 targ_tree;
extern const volatile __u32 targ_uid;
extern const volatile __u64 targ_cgroup_id;
extern const volatile __u32 denied_only;
extern const volatile __u32 all_caps;
extern const volatile __u32 exec_from_lsm;
extern const volatile __u32 file_from_lsm;
extern const volatile __u32 host_mntns_inum;

/* The ring buffer all events go through; its size is set by the loader. */
struct events_map {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
};
struct events_map events SEC(".maps") __weak;

/* enum pt_counter, per CPU so counting a loss never contends. */
struct counters_map {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, PT_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
};
struct counters_map counters SEC(".maps") __weak;

/*
 * What a thread is doing between a traced syscall's entry and exit: the
 * syscall, where its path argument is, and for credential changes the
 * credentials before and the arguments. Keyed by tid. The path is read
 * lazily (at a capability check inside the syscall, or at a failing exit),
 * so the common successful open costs one update and one delete, no copy.
 */
struct inflight {
	__u32 syscall;
	__u32 flags;
	__u64 path_ptr;
	__u64 caps_granted; /* capability checks made inside the syscall, by verdict */
	__u64 caps_denied;
	__s64 args[3];
	struct pt_creds old;
};

struct inflight_map {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, struct inflight);
};
struct inflight_map inflight SEC(".maps") __weak;

/*
 * The credentials an LSM hook saw about to be committed by a set*id,
 * setgroups or capset call, for that call's sys_exit to report. Keyed by tid.
 */
struct cred_new {
	__u32 hook; /* enum pt_hook */
	__u32 _pad;
	struct pt_creds new_cred;
};

struct cred_new_map {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct cred_new);
};
struct cred_new_map cred_new SEC(".maps") __weak;

/* `run --` mode: the thread-group ids of the traced command's process tree. */
struct traced_map {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, __u8);
};
struct traced_map traced SEC(".maps") __weak;

static __always_inline void count(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&counters, &idx);

	if (v)
		*v += 1;
}

#endif /* PT_MAPS_BPF_H */
