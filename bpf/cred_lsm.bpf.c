// SPDX-License-Identifier: GPL-2.0
/*
 * Credential changes and privilege-raising execs through the BPF LSM, where
 * it is active (lsm=...,bpf). The task_fix_* and capset hooks run after the
 * kernel's own permission checks, with the exact credentials it is about to
 * commit; they are kept for the call's sys_exit, which adds the result (a
 * refused call never reaches the hook: its report carries the unchanged
 * credentials read at exit). bprm_committing_creds sees the old credentials
 * (current's) and the new (bprm->cred) together at the point of no return,
 * so an exec is judged without depending on state saved at execve entry.
 * Each hook is loaded only if this kernel has it (task_fix_setgroups is
 * newer than the others).
 */
#include "emit.bpf.h"
#include "creds.bpf.h"

/* only for a call the syscall programs are following: its sys_exit reports it */
static __always_inline struct task_state *keep_new(const struct cred *new, __u32 hook)
{
	struct task_state *st = state_in_syscall(bpf_get_current_task_btf());

	if (!st)
		return NULL;
	fill_creds(&st->lsm_new, new);
	st->lsm_hook = hook;
	return st;
}

SEC("lsm/task_fix_setuid")
int BPF_PROG(lsm_task_fix_setuid, struct cred *new, const struct cred *old, int flags, int ret)
{
	if (!ret)
		keep_new(new, PT_HOOK_LSM_TASK_FIX_SETUID);
	return ret;
}

SEC("lsm/task_fix_setgid")
int BPF_PROG(lsm_task_fix_setgid, struct cred *new, const struct cred *old, int flags, int ret)
{
	if (!ret)
		keep_new(new, PT_HOOK_LSM_TASK_FIX_SETGID);
	return ret;
}

SEC("lsm/task_fix_setgroups")
int BPF_PROG(lsm_task_fix_setgroups, struct cred *new, const struct cred *old, int ret)
{
	if (!ret)
		keep_new(new, PT_HOOK_LSM_TASK_FIX_SETGROUPS);
	return ret;
}

SEC("lsm/capset")
int BPF_PROG(lsm_capset, struct cred *new, const struct cred *old, const kernel_cap_t *effective,
	     const kernel_cap_t *inheritable, const kernel_cap_t *permitted, int ret)
{
	struct task_state *st;

	if (ret)
		return ret;
	st = keep_new(new, PT_HOOK_LSM_CAPSET);
	/* the new sets are not in `new` yet: capset copies them in after the hook */
	if (st) {
		st->lsm_new.cap_effective = read_caps(effective);
		st->lsm_new.cap_inheritable = read_caps(inheritable);
		st->lsm_new.cap_permitted = read_caps(permitted);
	}
	return 0;
}

SEC("lsm/bprm_committing_creds")
int BPF_PROG(lsm_bprm_committing_creds, struct linux_binprm *bprm)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pt_creds old = {}, now = {};
	struct task_state *st;
	struct pt_event *e;

	if (skip_current(task) || denied_only)
		return 0;
	fill_creds(&old, task->cred);
	fill_creds(&now, bprm->cred);
	if (!raised(&old, &now))
		return 0;
	st = state_get(task, false);
	e = event_start(PT_EV_EXEC, PT_HOOK_LSM_BPRM_COMMITTING_CREDS, task, st);
	if (!e)
		return 0;
	if (st && st->syscall)
		event_syscall(e, st);
	exec_event_submit(e, &old, &now, bprm);
	return 0;
}
