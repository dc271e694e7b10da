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
	fill_creds(&e->cred, BPF_CORE_READ(task, cred));
	if (in->path_ptr)
		event_user_path(e, in->path_ptr);
	else
		e->flags |= PT_F_NO_PATH;
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
