/* SPDX-License-Identifier: GPL-2.0 */
/* The in-kernel filter every hook runs first, and the one way events leave. */
#ifndef PT_EMIT_BPF_H
#define PT_EMIT_BPF_H

#include "task.bpf.h"

/*
 * Settings fixed at load (rodata), so the verifier prunes the branches a run
 * does not use and an unfiltered run pays nothing for them.
 */
static __always_inline bool skip_current(struct task_struct *task)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	if (tgid == self_tgid)
		return true;
	if (targ_tree && !bpf_map_lookup_elem(&traced, &tgid))
		return true;
	if (targ_uid != PT_ID_UNMAPPED) {
		/* the task's own ids, not credentials it is borrowing (override_creds) */
		const struct cred *cred = task->real_cred;

		if (cred->uid.val != targ_uid && cred->euid.val != targ_uid)
			return true;
	}
	if (targ_cgroup_id && bpf_get_current_cgroup_id() != targ_cgroup_id)
		return true;
	return false;
}

/*
 * A ring-buffer record with the kind and the task filled (the caller fills the
 * credentials), or NULL: the loss is counted, never silent. st: the task's
 * state, or NULL where it has none.
 */
static __always_inline struct pt_event *event_start(__u32 kind, __u32 hook,
						    struct task_struct *task,
						    struct task_state *st)
{
	struct pt_event *e;

	/*
	 * A full ring refuses the reservation under its lock; reading the
	 * positions costs no lock, which a flood that fills it makes matter
	 */
	if (bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) + sizeof(*e) + 8 > ringbuf_bytes)
		e = NULL;
	else
		e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count(PT_CNT_LOST);
		return NULL;
	}
	e->kind = kind;
	e->flags = 0;
	e->syscall = PT_SYS_NONE;
	e->ret = 0;
	e->sys_nr = 0;
	e->repeat = 0;
	e->repeat_first_ns = 0;
	e->sys_caps_granted = 0;
	e->sys_caps_denied = 0;
	e->path_len = 0;
	e->hook = hook;
	e->path[0] = '\0';
	__builtin_memset(&e->change, 0, sizeof(e->change));
	fill_task(&e->task, task, st);
	return e;
}

/* The syscall a task is in, with its ABI and number, into the event. */
static __always_inline void event_syscall(struct pt_event *e, const struct task_state *st)
{
	e->syscall = st->syscall;
	e->sys_nr = st->nr;
	e->flags |= st->flags & (PT_F_ABI_IA32 | PT_F_ABI_X32);
}

/*
 * The syscall's path argument into the event; a fault is flagged, not
 * hidden. It is read from the process once per syscall, at the first event
 * that needs it, and kept in the task's state: the events of one call (the
 * checks inside it, its failure) show the same path, read once.
 */
static __always_inline long state_read_path(struct task_state *st)
{
	long n = st->path_read;

	if (!n && st->path_ptr) {
		n = bpf_probe_read_user_str(st->path, sizeof(st->path), (const void *)st->path_ptr);
		st->path_read = n < 0 ? -1 : n;
	}
	return n;
}

PT_FUNC void event_user_path(struct pt_event *e, struct task_state *st)
{
	long n;

	if (!st->path_ptr)
		return;
	n = state_read_path(st);
	if (n <= 0 || n > sizeof(e->path) || bpf_probe_read_kernel(e->path, n, st->path)) {
		e->flags |= PT_F_PATH_FAULT;
		e->path[0] = '\0';
		return;
	}
	e->path_len = n;
	if (n == sizeof(e->path))
		e->flags |= PT_F_PATH_TRUNC;
}

/*
 * The opened file's owner, as the host and as the credentials' namespace see
 * it, its mode and the access asked for: struct pt_file, flagged PT_F_OWNER.
 */
/*
 * struct pt_file's owners: the object's (PT_F_OWNER) and the directory's
 * (PT_F_DIR_OWNER; none if its mode is 0: every inode's has its type bits),
 * each as the host and as the task's user namespace see them; want: the
 * access asked for (PT_MAY_*). dir is never NULL: one path to verify.
 */
PT_FUNC void event_owners(struct pt_event *e, const struct cred *cred, const struct owner *obj,
			  const struct owner *dir, __u32 want)
{
	struct pt_id4 uids = { { obj->uid, dir->uid } };
	struct pt_id4 gids = { { obj->gid, dir->gid } };

	if (e->task.userns_level > 0) {
		/* map_ids_up takes addresses: read, not the typed pointer */
		struct user_namespace *ns = BPF_CORE_READ(cred, user_ns);

		map_ids_up((__u64)&ns->uid_map, &uids);
		map_ids_up((__u64)&ns->gid_map, &gids);
	}
	e->file.owner_uid = obj->uid;
	e->file.owner_gid = obj->gid;
	e->file.owner_ns_uid = uids.v[0];
	e->file.owner_ns_gid = gids.v[0];
	e->file.mode = obj->mode;
	e->file.access = want;
	e->flags |= PT_F_OWNER;
	if (!dir->mode)
		return;
	e->file.dir_uid = dir->uid;
	e->file.dir_gid = dir->gid;
	e->file.dir_ns_uid = uids.v[1];
	e->file.dir_ns_gid = gids.v[1];
	e->file.dir_mode = dir->mode;
	e->flags |= PT_F_DIR_OWNER;
}

/* The opened file's owner (PT_F_OWNER), for the access asked (PT_MAY_*). */
static __always_inline void event_file_owner(struct pt_event *e, const struct cred *cred,
					     const struct inode *inode, __u32 want)
{
	struct owner o = {
		.uid = BPF_CORE_READ(inode, i_uid.val),
		.gid = BPF_CORE_READ(inode, i_gid.val),
		.mode = BPF_CORE_READ(inode, i_mode),
	}, none = {};

	event_owners(e, cred, &o, &none, want);
}

#endif /* PT_EMIT_BPF_H */
