/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Floods folded in the kernel, so that a task repeating one privileged
 * access a million times cannot fill the ring buffer and hide what it, or
 * anyone, does next.
 *
 * A task that reports more than PT_FLOOD_EVENTS events within
 * PT_FLOOD_WINDOW_NS is flooding: it gets PT_FOLD_SLOTS slots (task local
 * storage, freed when its floods end). Each slot holds an event as it was
 * reported, the template, and its key: what makes another event the same
 * one (struct fold_key: kind, hook, capability or syscall, verdict, flags,
 * target namespace, the syscall's capability verdicts and arguments, the
 * credentials' and namespaces' identity, cgroup, comm, and the path, byte
 * for byte). An event equal to a slot's within PT_FOLD_WINDOW_NS of its
 * window's start is counted there, not reported; a different one is
 * reported and becomes a template. A slot's count goes out as a repeat
 * record (pt_event.repeat: the template, with the count and the first and
 * last time) when the window has passed and the same event comes again,
 * when the slot is taken for another event, when the task exits, and from
 * the loader's periodic sweep (fold_sweep, bpf/fold.bpf.c). A repeat record
 * that finds the ring full is not lost: the count waits for the next try.
 * Nothing distinct is ever folded, and every folded event is counted
 * (PT_CNT_FOLDED). --no-coalesce turns it all off.
 */
#ifndef PT_FOLD_BPF_H
#define PT_FOLD_BPF_H

#include "emit.bpf.h"

#define PT_FOLD_SLOTS 4
#define PT_FOLD_WINDOW_NS 1000000000ULL  /* a repeat record per kind of event per second, at most */
#define PT_FLOOD_EVENTS 32               /* a task reporting this many events ... */
#define PT_FLOOD_WINDOW_NS 100000000ULL  /* ... within this long is flooding */

extern const volatile __u32 fold_events; /* 0: --no-coalesce */

/* What makes two events the same; zero-filled, compared word by word. */
struct fold_key {
	__u32 kind, hook, syscall, sys_nr;
	__s32 ret, cap;
	__u32 flags, target_inum;
	__u64 caps_granted, caps_denied;
	__s64 args[3];
	__u64 cred, nsproxy, cgroup_id; /* identities: a commit_creds() or setns() makes new ones */
	char comm[PT_COMM_LEN];
	__u32 path_len, _pad;
};

struct fold_slot {
	struct fold_key key;
	__u32 count;          /* events folded in this window */
	__u32 _pad;
	__u64 window_ns;      /* when the window began; 0: the slot is free */
	__u64 first_ns, last_ns;
	struct pt_event ev;   /* the template: the window's first event, as reported */
};

struct fold_state {
	struct fold_slot slot[PT_FOLD_SLOTS];
};

struct fold_map {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct fold_state);
};
struct fold_map fold_state SEC(".maps") __weak;

/*
 * The key of an event about to be made: the caller sets what its kind has
 * (cap, target_inum, ret, syscall fields, args, path_len).
 */
static __always_inline void fold_key_init(struct fold_key *k, __u32 kind, __u32 hook,
					  const struct cred *cred, struct task_struct *task)
{
	__builtin_memset(k, 0, sizeof(*k));
	k->kind = kind;
	k->hook = hook;
	/* the addresses, read as numbers: identities, never followed */
	bpf_probe_read_kernel(&k->cred, sizeof(k->cred), &cred);
	bpf_probe_read_kernel(&k->nsproxy, sizeof(k->nsproxy), &task->nsproxy);
	k->cgroup_id = bpf_get_current_cgroup_id();
	bpf_get_current_comm(k->comm, sizeof(k->comm));
}

/* The syscall a task is in, into the key, as event_syscall() puts it in the event. */
static __always_inline void fold_key_syscall(struct fold_key *k, const struct task_state *st)
{
	k->syscall = st->syscall;
	k->sys_nr = st->nr;
	k->flags |= st->flags & (PT_F_ABI_IA32 | PT_F_ABI_X32);
	k->path_len = st->path_read > 0 ? st->path_read : 0;
}

/*
 * Global BPF functions (bpf/fold.bpf.c), checked by the verifier once per
 * program whatever the number of callers; they act for the running task.
 * Addresses are passed as numbers where the verifier could not type them.
 */

/*
 * Fold the event keyed k, its path at address path (k->path_len bytes),
 * into the task's slots: 1 when it was counted there and must not be
 * reported.
 */
extern int fold_try(const struct fold_key *k, __u64 path);

/*
 * The event at address e (keyed k) is being reported: count it towards
 * the task's flood (st: its state), and once it floods keep the event as a
 * template.
 */
extern int fold_note(const struct fold_key *k, __u64 e, struct task_state *st);

/* A slot's count out as a repeat record: 0 when done, -1 when the ring is full (kept). */
extern int fold_flush(struct fold_slot *s);

/* An address as a number, for the functions above. */
static __always_inline __u64 addr_of(const void *p)
{
	__u64 a = 0;

	bpf_probe_read_kernel(&a, sizeof(a), &p);
	return a;
}

/*
 * Every slot of a task whose window has passed (all: every slot) out as
 * repeat records, the slots freed; the task's storage goes once all are
 * free. From the task's exit and the loader's sweep.
 */
static __always_inline void fold_sweep_task(struct task_struct *task, bool all)
{
	struct fold_state *fs = bpf_task_storage_get(&fold_state, task, 0, 0);
	__u64 now = bpf_ktime_get_boot_ns();
	int i, busy = 0;

	if (!fs)
		return;
	for (i = 0; i < PT_FOLD_SLOTS; i++) {
		struct fold_slot *s = &fs->slot[i];

		if (!s->window_ns)
			continue;
		if (!all && now - s->window_ns < PT_FOLD_WINDOW_NS) {
			busy++;
			continue;
		}
		if (fold_flush(s))
			busy++;
		else
			s->window_ns = 0;
	}
	if (!busy)
		bpf_task_storage_delete(&fold_state, task);
}

#endif /* PT_FOLD_BPF_H */
