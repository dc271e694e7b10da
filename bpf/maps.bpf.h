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

/*
 * A helper shared by several programs as a real BPF function: the program
 * holds one copy, called, not one inlined per call site. Not every object
 * that includes a header uses all of its helpers.
 */
#define PT_FUNC static __noinline __attribute__((unused))

extern const volatile __u32 self_tgid;
extern const volatile __u32 targ_tree;
extern const volatile __u32 targ_uid;
extern const volatile __u64 targ_cgroup_id;
extern const volatile __u32 denied_only;
extern const volatile __u32 all_caps;
extern const volatile __u32 exec_from_lsm;
extern const volatile __u32 file_from_lsm;
extern const volatile __u32 host_mntns_inum;
extern const volatile __u32 changes_seen;
extern const volatile __u64 host_root_ino;
extern const volatile __u32 host_root_dev;
extern const volatile __u64 ringbuf_bytes;
extern const volatile struct pt_systab systab;

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

/* arch/x86/include/asm/thread_info.h: set while a 32-bit syscall runs */
#define TS_COMPAT 0x0002
/* arch/x86/include/uapi/asm/unistd.h: an x32 syscall's number has it */
#define X32_SYSCALL_BIT 0x40000000

/* task_state.flags, besides the PT_F_ABI_* of the call */
#define PT_TS_UID16 (1u << 31) /* the call takes 16-bit ids (32-bit ABI's old calls) */
/*
 * The call may change a file and its caller is host uid 0 outside the
 * host's mount namespace with its own credentials: the inodes whose ctime
 * it sets are noted (bpf/changes.bpf.c) for its exit to judge.
 */
#define PT_TS_WATCH (1u << 30)
#define PT_TS_ATTR (1u << 29) /* ... and changes the attributes of one file, no name */

/*
 * What a thread is doing between a traced syscall's entry and exit: the
 * syscall (0 when none), where its path argument is, the capability checks
 * made inside it, and for credential changes the credentials before, the
 * arguments and what an LSM hook saw about to be committed. The path is read
 * lazily (at a capability check inside the syscall, or at a failing exit),
 * so the common successful open writes a few words and copies nothing.
 *
 * Task local storage, not a hash keyed by tid: it goes with the task (no
 * cleanup at exit, no table to fill up, a tid reused by a new thread starts
 * clean) and was measured cheaper per syscall (README, Performance).
 */
/* A file's owner and mode as the kernel had them (struct inode's). */
struct owner {
	__u32 uid, gid, mode;
};

/*
 * A file record of a call that succeeded (bpf/syscalls.bpf.c, emit_owned):
 * the object's owner, and for a change its directory's, with the flags that
 * say why it is reported. Kept here, not on the stack: read back from map
 * memory, its values are not constants the verifier tells apart, so the
 * record's making is walked once for every reason to make it.
 */
struct owned {
	__u32 flags, want;
	struct owner o, d; /* d.mode 0: no directory */
};

struct task_state {
	__u32 syscall;  /* enum pt_syscall in progress, 0 none */
	__u32 flags;    /* PT_F_ABI_*, PT_TS_UID16 */
	__u32 nr;       /* its number as the kernel ran it (x32: with __X32_SYSCALL_BIT) */
	__u32 lsm_hook; /* enum pt_hook of an LSM hook that filled lsm_new; 0 none */
	__u64 path_ptr;
	__u64 caps_granted; /* capability checks made inside the syscall, by verdict */
	__u64 caps_denied;
	__s64 args[3];
	struct pt_creds old;
	struct pt_creds lsm_new;
	/*
	 * The task's pids as its pid namespace sees them, which are the
	 * task's for as long as it has the same struct pids (an exec by a
	 * thread other than the leader gives it the leader's): kept with the
	 * pointers they were read through, compared at every event.
	 */
	__u64 pid_key, leader_key;
	__u32 ns_tid, ns_pid, pidns_inum;
	/* the path argument once read: its bytes with the NUL, -1 a fault, 0 not yet */
	__s32 path_read;
	char path[PT_PATH_LEN];
	/*
	 * with PT_TS_WATCH: what the call changed (bpf/changes.bpf.c), the
	 * object and the directory, as their ctime was set
	 */
	struct pt_touched {
		__u64 inode, ino, sb; /* inode: the address, read again at exit; 0: none */
		__u32 uid, gid, mode, nlink;
	} obj, dir;
	struct owned owned;
	/* events this task reported since flood_start_ns (bpf/fold.bpf.h) */
	__u64 flood_start_ns;
	__u32 flood_events, _pad2;
};

struct task_state_map {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_state);
};
struct task_state_map task_state SEC(".maps") __weak;

/* The task's state, created on first use when create is set; NULL is counted by the caller. */
static __always_inline struct task_state *state_get(struct task_struct *task, bool create)
{
	return bpf_task_storage_get(&task_state, task, 0,
				    create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
}

/*
 * st if its task is inside the traced syscall st names, else NULL. The syscall the
 * task is in now (its saved orig_ax and ABI) must be the one the state
 * names: an entry whose exit was never seen cannot lend its syscall and path
 * to a later check. Not for the exec hooks, where a new personality
 * rewrites orig_ax (set_personality_64bit()).
 */
static __always_inline struct task_state *state_current(struct task_struct *task,
							struct task_state *st)
{
	struct pt_regs *regs;
	bool compat;

	if (!st || !st->syscall)
		return NULL;
	regs = (struct pt_regs *)bpf_task_pt_regs(task);
	compat = task->thread_info.status & TS_COMPAT;
	if ((__u32)(int)regs->orig_ax != st->nr || compat != !!(st->flags & PT_F_ABI_IA32)) {
		st->syscall = PT_SYS_NONE;
		return NULL;
	}
	return st;
}

static __always_inline struct task_state *state_in_syscall(struct task_struct *task)
{
	return state_current(task, state_get(task, false));
}

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
