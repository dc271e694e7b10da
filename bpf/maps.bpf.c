// SPDX-License-Identifier: GPL-2.0
/*
 * The one definition of each load-time setting; the other objects declare
 * them extern (maps.bpf.h) and bpftool gen object resolves them. The maps
 * themselves are __weak definitions in maps.bpf.h: libbpf 1.1's linker
 * mislays the offsets of several extern maps, while identical weak
 * definitions merge into one map.
 */
#include "maps.bpf.h"

const volatile __u32 self_tgid = 0;            /* the loader: never traced */
const volatile __u32 targ_tree = 0;            /* 1: only tasks in `traced` */
const volatile __u32 targ_uid = PT_ID_UNMAPPED; /* host ruid or euid; PT_ID_UNMAPPED = any */
const volatile __u64 targ_cgroup_id = 0;       /* cgroup v2 id; 0 = any */
const volatile __u32 denied_only = 0;          /* 1: only denials and failures */
const volatile __u32 all_caps = 0;             /* 1: keep the checks cap_is_noise() hides */
const volatile __u32 fold_events = 1;          /* 0: --no-coalesce, every event reported */
const volatile __u32 exec_from_lsm = 0;        /* 1: lsm/bprm_committing_creds reports execs */
const volatile __u32 file_from_lsm = 0;        /* 1: lsm.s/file_open reports privileged opens */
const volatile __u32 host_mntns_inum = 0;      /* the host's mount namespace (pid 1's); 0 = unknown */
/* the host's root directory (pid 1's): a task whose root it is lives in no container */
const volatile __u64 host_root_ino = 0;
const volatile __u32 host_root_dev = 0;
const volatile __u32 changes_seen = 0;         /* 1: bpf/changes.bpf.c is loaded (the ctime tracepoints) */
const volatile __u64 ringbuf_bytes = 1 << 20;     /* the ring buffer's size (set with its max_entries) */
const volatile struct pt_systab systab = {};   /* syscall number -> pt_syscall, per ABI */

char LICENSE[] SEC("license") = "GPL";
