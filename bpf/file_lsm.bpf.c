// SPDX-License-Identifier: GPL-2.0
/*
 * Opens that succeeded only because of privilege, through the BPF LSM
 * (lsm=...,bpf). security_file_open() runs once per open after the path walk
 * and permission checks passed, so here the access is granted; what makes it
 * worth reporting is that the inode's mode bits alone would have refused it
 * to this task's fs ids: a capability (CAP_DAC_OVERRIDE/READ_SEARCH) or an
 * owner crossing let it through, e.g. host root opening another user's 0600
 * file. Everything else returns at once: this hook sees every open.
 * Sleepable (lsm.s) because bpf_d_path is allowed only there for LSM programs.
 * ACLs are not evaluated: a file whose ACL grants the access would be
 * reported; group membership past the first 64 supplementary groups is not
 * searched, and such an open is not reported.
 */
#include "emit.bpf.h"
#include "fold.bpf.h"

#define FMODE_READ 0x1
#define FMODE_WRITE 0x2
#define PT_MAX_GROUPS 64

/* Is gid one of the credentials' groups? -1 when there are too many to tell. */
static __always_inline int in_groups(const struct cred *cred, __u32 gid)
{
	struct group_info *gi = BPF_CORE_READ(cred, group_info);
	int i, n = BPF_CORE_READ(gi, ngroups);
	kgid_t g;

	if (BPF_CORE_READ(cred, fsgid.val) == gid)
		return 1;
	for (i = 0; i < PT_MAX_GROUPS && i < n; i++) {
		if (bpf_core_read(&g, sizeof(g), &gi->gid[i]))
			return -1;
		if (g.val == gid)
			return 1;
	}
	return n > PT_MAX_GROUPS ? -1 : 0;
}

SEC("lsm.s/file_open")
int BPF_PROG(lsm_file_open, struct file *file, int ret)
{
	struct task_struct *task;
	const struct cred *cred;
	struct inode *inode;
	struct task_state *st;
	struct fold_key k;
	struct pt_event *e;
	__u32 mode, uid, gid, want = 0, bits;
	unsigned int fmode;
	int member;
	long n;

	if (ret)
		return ret; /* already refused by another program: not ours to report */
	task = bpf_get_current_task_btf();
	if (skip_current(task) || denied_only)
		return 0;
	fmode = BPF_CORE_READ(file, f_mode);
	if (fmode & FMODE_READ)
		want |= PT_MAY_READ;
	if (fmode & FMODE_WRITE)
		want |= PT_MAY_WRITE;
	if (!want)
		return 0;
	inode = BPF_CORE_READ(file, f_inode);
	mode = BPF_CORE_READ(inode, i_mode);
	uid = BPF_CORE_READ(inode, i_uid.val);
	gid = BPF_CORE_READ(inode, i_gid.val);
	cred = task->cred;

	/* the kernel's acl_permission_check(), without the ACL */
	if (BPF_CORE_READ(cred, fsuid.val) == uid) {
		bits = (mode >> 6) & 7;
	} else {
		member = in_groups(cred, gid);
		if (member < 0)
			return 0;
		bits = member ? (mode >> 3) & 7 : mode & 7;
	}
	if (!(want & ~bits))
		return 0;

	st = state_get(task, false);
	e = event_start(PT_EV_FILE, PT_HOOK_LSM_FILE_OPEN, task, st);
	if (!e)
		return 0;
	fill_creds(&e->cred, cred);
	event_file_owner(e, cred, inode, want);
	if (state_current(task, st))
		event_syscall(e, st);
	/* f_path is const since 6.x; bpf_d_path only reads it */
	n = bpf_d_path((struct path *)&file->f_path, e->path, sizeof(e->path));
	if (n > 0)
		e->path_len = n;
	else
		e->flags |= PT_F_PATH_FAULT;
	/* the path is the event's own (bpf_d_path): the flood check comes after it */
	if (fold_events) {
		fold_key_init(&k, PT_EV_FILE, PT_HOOK_LSM_FILE_OPEN, cred, task);
		k.syscall = e->syscall;
		k.sys_nr = e->sys_nr;
		k.flags = e->flags;
		k.cap = mode;
		k.target_inum = uid;
		k.args[0] = want;
		k.path_len = e->path_len;
		if (fold_try(&k, addr_of(e->path))) {
			bpf_ringbuf_discard(e, 0);
			return 0;
		}
		if (!st)
			st = state_get(task, true);
		fold_note(&k, addr_of(e), st);
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}
