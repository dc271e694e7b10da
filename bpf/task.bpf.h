/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who did it: the task and its credentials, every kernel struct reached
 * through CO-RE, and each uid/gid translated into the task's own user
 * namespace by walking that namespace's uid_map/gid_map as the kernel's
 * from_kuid() does.
 *
 * The fill functions are real BPF functions (__noinline): one copy in each
 * program that calls them, not one per call site. Where the kernel hands
 * the program BTF-typed pointers (tp_btf, fexit, LSM) the fields are read
 * with plain loads, which the JIT turns into single instructions guarded by
 * the exception table; a pointer known only as a number (kept by a kprobe
 * for its kretprobe) is read through bpf_probe_read_kernel, field by field.
 */
#ifndef PT_TASK_BPF_H
#define PT_TASK_BPF_H

#include "maps.bpf.h"
#include "idmap.h"

/* A field of *p: a plain BTF load, or (probed) a bpf_probe_read_kernel. */
#define PT_LD(probed, p, f) ((probed) ? BPF_CORE_READ(p, f) : (p)->f)

/*
 * Before 6.3 kernel_cap_t was { __u32 cap[2]; } (commit f122a08b197d),
 * since then { u64 val; }: both are 8 bytes, low word first.
 */
struct kernel_cap_struct___pre63 {
	__u32 cap[2];
} __attribute__((preserve_access_index));

struct cred___pre63 {
	struct kernel_cap_struct___pre63 cap_inheritable, cap_permitted, cap_effective;
} __attribute__((preserve_access_index));

#define PT_CAPS_LOAD(cred, set)                                                        \
	(bpf_core_field_exists((cred)->set.val) ?                                      \
		 (cred)->set.val :                                                     \
		 ((const struct cred___pre63 *)(cred))->set.cap[0] |                   \
			 (__u64)((const struct cred___pre63 *)(cred))->set.cap[1] << 32)

static __always_inline __u64 read_caps(const kernel_cap_t *caps)
{
	__u64 v = 0;

	bpf_core_read(&v, sizeof(v), caps);
	return v;
}

/* Four ids of one kind (uid, euid, suid, fsuid; or the gids) as one argument. */
struct pt_id4 {
	__u32 v[4];
};

/*
 * The four ids in *ids mapped into the namespace whose uid_map or gid_map
 * lies at map_addr (bpf/idmap.bpf.c): a global BPF function, which the
 * verifier checks once per program, not at every call.
 */
extern int map_ids_up(__u64 map_addr, struct pt_id4 *ids);

static __always_inline void fill_creds_body(struct pt_creds *c, const struct cred *cred,
					    bool probed)
{
	struct user_namespace *ns = PT_LD(probed, cred, user_ns);

	c->host.uid = PT_LD(probed, cred, uid.val);
	c->host.euid = PT_LD(probed, cred, euid.val);
	c->host.suid = PT_LD(probed, cred, suid.val);
	c->host.fsuid = PT_LD(probed, cred, fsuid.val);
	c->host.gid = PT_LD(probed, cred, gid.val);
	c->host.egid = PT_LD(probed, cred, egid.val);
	c->host.sgid = PT_LD(probed, cred, sgid.val);
	c->host.fsgid = PT_LD(probed, cred, fsgid.val);
	if (probed) {
		c->cap_effective = read_caps(&cred->cap_effective);
		c->cap_permitted = read_caps(&cred->cap_permitted);
		c->cap_inheritable = read_caps(&cred->cap_inheritable);
		c->ngroups = BPF_CORE_READ(cred, group_info, ngroups);
	} else {
		c->cap_effective = PT_CAPS_LOAD(cred, cap_effective);
		c->cap_permitted = PT_CAPS_LOAD(cred, cap_permitted);
		c->cap_inheritable = PT_CAPS_LOAD(cred, cap_inheritable);
		c->ngroups = cred->group_info->ngroups;
	}
	c->_pad = 0;
	c->ns = c->host;
	/* the init namespace maps every id to itself */
	if (ns && PT_LD(probed, ns, level) > 0) {
		/* map_ids_up takes addresses: read, not the typed pointer */
		ns = BPF_CORE_READ(cred, user_ns);
		map_ids_up((__u64)&ns->uid_map, (struct pt_id4 *)&c->ns.uid);
		map_ids_up((__u64)&ns->gid_map, (struct pt_id4 *)&c->ns.gid);
	}
}

/* Credentials the program got as a BTF-typed pointer. */
PT_FUNC void fill_creds(struct pt_creds *c, const struct cred *cred)
{
	fill_creds_body(c, cred, false);
}

/* Credentials known only by address (a kprobe's saved argument). */
PT_FUNC void fill_creds_probed(struct pt_creds *c, const struct cred *cred)
{
	fill_creds_body(c, cred, true);
}

/* The pid of `p` as its own (innermost) pid namespace sees it, and that namespace. */
static __always_inline __u32 pid_in_ns(struct pid *p, __u32 *ns_inum)
{
	unsigned int level = BPF_CORE_READ(p, level);
	struct upid up = {};

	bpf_probe_read_kernel(&up, sizeof(up),
			      (void *)p + bpf_core_field_offset(struct pid, numbers) +
				      (__u64)level * sizeof(struct upid));
	if (ns_inum)
		*ns_inum = BPF_CORE_READ(up.ns, ns.inum);
	return up.nr;
}

/*
 * The first lines of a namespace's map: inline up to five, behind forward
 * (sorted by first) beyond; nothing for the init namespace.
 */
static __always_inline void fill_idmap(struct pt_idmap *m, const struct uid_gid_map *map)
{
	__u32 nr = BPF_CORE_READ(map, nr_extents);
	const void *src = nr > PT_MAP_INLINE_EXTENTS ? (const void *)BPF_CORE_READ(map, forward) :
						       (const void *)&map->extent[0];

	m->nr_extents = nr;
	if (bpf_probe_read_kernel(m->extent, sizeof(m->extent), src))
		m->nr_extents = 0;
}

/* The task's pids as its own pid namespace sees them, and that namespace. */
static __always_inline void fill_ns_pids(struct pt_task *t, struct task_struct *task,
					 struct task_state *st)
{
	struct pid *tp = task->thread_pid, *lp = task->group_leader->thread_pid;

	if (st && st->pid_key == (__u64)tp && st->leader_key == (__u64)lp && tp) {
		t->ns_tid = st->ns_tid;
		t->ns_pid = st->ns_pid;
		t->pidns_inum = st->pidns_inum;
		return;
	}
	t->ns_tid = pid_in_ns(BPF_CORE_READ(task, thread_pid), &t->pidns_inum);
	t->ns_pid = pid_in_ns(BPF_CORE_READ(task, group_leader, thread_pid), NULL);
	if (st) {
		st->pid_key = (__u64)tp;
		st->leader_key = (__u64)lp;
		st->ns_tid = t->ns_tid;
		st->ns_pid = t->ns_pid;
		st->pidns_inum = t->pidns_inum;
	}
}

/*
 * task is current (the pids and comm are read from the running task); st
 * its state, or NULL where it has none.
 */
PT_FUNC void fill_task(struct pt_task *t, struct task_struct *task, struct task_state *st)
{
	__u64 id = bpf_get_current_pid_tgid();
	/*
	 * The namespace the task lives in: its own credentials' (real_cred).
	 * The subjective ones (cred) can be someone else's for a while
	 * (override_creds(): overlayfs acting with its mounter's).
	 */
	struct user_namespace *uns = task->real_cred->user_ns;
	struct nsproxy *nsp = task->nsproxy;

	t->ts_ns = bpf_ktime_get_boot_ns();
	t->pid = id >> 32;
	t->tid = (__u32)id;
	fill_ns_pids(t, task, st);
	t->ppid = task->real_parent->tgid;
	t->userns_inum = uns->ns.inum;
	t->userns_level = uns->level;
	t->userns_owner = uns->owner.val;
	/* an exiting task has dropped its namespaces: nsproxy is NULL, read as 0 */
	t->mntns_inum = nsp->mnt_ns->ns.inum;
	t->cgroupns_inum = nsp->cgroup_ns->ns.inum;
	t->_pad = 0;
	t->cgroup_id = bpf_get_current_cgroup_id();
	bpf_get_current_comm(t->comm, sizeof(t->comm));
	t->uid_map.nr_extents = 0;
	t->gid_map.nr_extents = 0;
	if (t->userns_level > 0) {
		fill_idmap(&t->uid_map, &uns->uid_map);
		fill_idmap(&t->gid_map, &uns->gid_map);
	}
}

#endif /* PT_TASK_BPF_H */
