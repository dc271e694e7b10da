// SPDX-License-Identifier: GPL-2.0
/*
 * File and credential syscalls, through their syscalls:sys_enter_X /
 * sys_exit_X tracepoints: one pair per syscall in PT_SYSCALLS, never the raw
 * sys_enter that every syscall on the machine would pay for.
 *
 * Entry records what the thread is doing (struct inflight) so that:
 *  - a capability check made inside the syscall can name it and its path;
 *  - a file syscall that fails with EACCES/EPERM is reported with its path;
 *  - a credential change is reported with the credentials before and after.
 */
#include "emit.bpf.h"

static __always_inline int on_enter(struct trace_event_raw_sys_enter *ctx, __u32 sys, int fam,
				    int path_arg)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct inflight in = {};

	if (skip_current(task))
		return 0;
	in.syscall = sys;
	if (path_arg >= 0)
		in.path_ptr = BPF_CORE_READ(ctx, args[path_arg]);
	if (fam == PT_FAM_CRED || fam == PT_FAM_EXEC) {
		/* ids are uid_t/gid_t: the kernel uses the low 32 bits of each register */
		in.args[0] = (__u32)BPF_CORE_READ(ctx, args[0]);
		in.args[1] = (__u32)BPF_CORE_READ(ctx, args[1]);
		in.args[2] = (__u32)BPF_CORE_READ(ctx, args[2]);
		fill_creds(&in.old, BPF_CORE_READ(task, cred));
	}
	if (bpf_map_update_elem(&inflight, &tid, &in, BPF_ANY))
		count(PT_CNT_INFLIGHT_FULL);
	return 0;
}

/*
 * setfsuid/setfsgid never fail with an errno: a refusal leaves the fs id as
 * it was. (uid_t)-1 is never set, and must not match an unmapped new id.
 * Same rule as event_success() in user/names.c.
 */
static __always_inline bool cred_change_failed(const struct pt_event *e)
{
	__u32 want = (__u32)e->change.args[0];

	if (e->syscall == PT_SYS_setfsuid)
		return want == PT_ID_UNMAPPED || e->change.new_cred.ns.fsuid != want;
	if (e->syscall == PT_SYS_setfsgid)
		return want == PT_ID_UNMAPPED || e->change.new_cred.ns.fsgid != want;
	return e->ret < 0;
}

static __always_inline void emit_cred(struct task_struct *task, const struct inflight *in, long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct cred_new *lsm = bpf_map_lookup_elem(&cred_new, &tid);
	struct pt_event *e = event_start(PT_EV_CRED, lsm ? lsm->hook : PT_HOOK_SYSCALL_TP, task);

	if (!e)
		goto out;
	e->syscall = in->syscall;
	e->ret = ret;
	e->sys_caps_granted = in->caps_granted;
	e->sys_caps_denied = in->caps_denied;
	e->cred = in->old;
	/* the LSM saw the very credentials the kernel committed; else read them now */
	if (lsm)
		e->change.new_cred = lsm->new_cred;
	else
		fill_creds(&e->change.new_cred, BPF_CORE_READ(task, cred));
	e->change.args[0] = in->args[0];
	e->change.args[1] = in->args[1];
	e->change.args[2] = in->args[2];
	if (denied_only && !cred_change_failed(e))
		bpf_ringbuf_discard(e, 0);
	else
		bpf_ringbuf_submit(e, 0);
out:
	if (lsm)
		bpf_map_delete_elem(&cred_new, &tid);
}

static __always_inline void emit_file(struct task_struct *task, const struct inflight *in, long ret)
{
	struct pt_event *e = event_start(PT_EV_FILE, PT_HOOK_SYSCALL_TP, task);

	if (!e)
		return;
	e->syscall = in->syscall;
	e->ret = ret;
	e->sys_caps_granted = in->caps_granted;
	e->sys_caps_denied = in->caps_denied;
	fill_creds(&e->cred, BPF_CORE_READ(task, cred));
	if (in->path_ptr)
		event_user_path(e, in->path_ptr);
	else
		e->flags |= PT_F_NO_PATH;
	bpf_ringbuf_submit(e, 0);
}

#define FMODE_READ 0x1
#define FMODE_WRITE 0x2
#define S_IRWXO 07
#define S_IRWXG 070

#define CAP_DAC_OVERRIDE 1
#define CAP_DAC_READ_SEARCH 2
#define CAP_FOWNER 3
/* Capabilities that override file permission bits (DAC). */
#define PT_DAC_CAPS ((1ULL << CAP_DAC_OVERRIDE) | (1ULL << CAP_DAC_READ_SEARCH) | (1ULL << CAP_FOWNER))

static __always_inline bool is_open(__u32 sys)
{
	return sys == PT_SYS_open || sys == PT_SYS_openat || sys == PT_SYS_openat2 ||
	       sys == PT_SYS_creat;
}

static __always_inline struct file *fd_file(struct task_struct *task, long fd)
{
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;

	if (fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

/*
 * An open that succeeded is reported when it is worth a look, with the
 * opened (or created) file's owner and mode read from the new descriptor:
 *  - a DAC capability was granted while the kernel decided it: privilege,
 *    not the mode bits, let it through (where lsm.s/file_open is loaded it
 *    reports these itself);
 *  - host uid 0 in a container (a mount namespace other than the host's)
 *    opened a host-root-owned file whose mode gives that access to its
 *    owner alone: container root is host root, no capability needed.
 * Everything else returns before the descriptor is looked at, so the common
 * open costs a mask test and, on the host, one namespace read.
 */
static __always_inline void emit_open(struct task_struct *task, const struct inflight *in, long fd)
{
	bool privileged = !file_from_lsm && (in->caps_granted & PT_DAC_CAPS);
	const struct cred *cred = task->cred;
	__u32 mode, uid, want = 0, flags = 0;
	unsigned int fmode;
	struct pt_event *e;
	struct inode *inode;
	struct file *f;

	/*
	 * Every successful open comes here: plain BTF loads (no helper call)
	 * decide, the cheapest test first.
	 */
	if (!privileged) {
		if (!host_mntns_inum || cred->fsuid.val != 0 ||
		    task->nsproxy->mnt_ns->ns.inum == host_mntns_inum)
			return;
	}
	f = fd_file(task, fd);
	if (!f)
		return;
	fmode = BPF_CORE_READ(f, f_mode);
	if (fmode & FMODE_READ)
		want |= PT_MAY_READ;
	if (fmode & FMODE_WRITE)
		want |= PT_MAY_WRITE;
	inode = BPF_CORE_READ(f, f_inode);
	mode = BPF_CORE_READ(inode, i_mode);
	uid = BPF_CORE_READ(inode, i_uid.val);
	/* MAY_READ/MAY_WRITE line up with the r and w bits of each triplet */
	if (uid == 0 && want && !(((mode & S_IRWXG) >> 3) & want) && !((mode & S_IRWXO) & want) &&
	    BPF_CORE_READ(cred, fsuid.val) == 0 && host_mntns_inum &&
	    BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum) != host_mntns_inum)
		flags |= PT_F_HOST_ROOT_FILE;
	if (!privileged && !flags)
		return;

	e = event_start(PT_EV_FILE, PT_HOOK_SYSCALL_TP, task);
	if (!e)
		return;
	e->syscall = in->syscall;
	e->flags = flags;
	e->sys_caps_granted = in->caps_granted;
	e->sys_caps_denied = in->caps_denied;
	fill_creds(&e->cred, cred);
	event_file_owner(e, cred, uid, BPF_CORE_READ(inode, i_gid.val), mode, want);
	event_user_path(e, in->path_ptr);
	bpf_ringbuf_submit(e, 0);
}

static __always_inline int on_exit(struct trace_event_raw_sys_exit *ctx, int fam)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct inflight *in = bpf_map_lookup_elem(&inflight, &tid);
	struct task_struct *task;
	long ret;

	if (!in)
		return 0;
	task = bpf_get_current_task_btf();
	ret = BPF_CORE_READ(ctx, ret);
	if (fam == PT_FAM_CRED)
		emit_cred(task, in, ret);
	else if (ret == -EACCES || ret == -EPERM)
		emit_file(task, in, ret);
	else if (ret >= 0 && !denied_only && is_open(in->syscall))
		emit_open(task, in, ret);
	bpf_map_delete_elem(&inflight, &tid);
	return 0;
}

#define PT_X_PROGS(name, fam, parg)                                            \
	SEC("tracepoint/syscalls/sys_enter_" #name)                            \
	int enter_##name(struct trace_event_raw_sys_enter *ctx)                \
	{                                                                      \
		return on_enter(ctx, PT_SYS_##name, fam, parg);                \
	}                                                                      \
	SEC("tracepoint/syscalls/sys_exit_" #name)                             \
	int exit_##name(struct trace_event_raw_sys_exit *ctx)                  \
	{                                                                      \
		return on_exit(ctx, fam);                                      \
	}
PT_SYSCALLS(PT_X_PROGS)
