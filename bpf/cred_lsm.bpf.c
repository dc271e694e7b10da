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

static __always_inline int keep_new(const struct cred *new, __u32 hook)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct cred_new v = { .hook = hook };

	/* only for a call the syscall tracepoints are following */
	if (!bpf_map_lookup_elem(&inflight, &tid))
		return 0;
	fill_creds(&v.new_cred, new);
	bpf_map_update_elem(&cred_new, &tid, &v, BPF_ANY);
	return 0;
}

SEC("lsm/task_fix_setuid")
int BPF_PROG(lsm_task_fix_setuid, struct cred *new, const struct cred *old, int flags, int ret)
{
	return ret ? ret : keep_new(new, PT_HOOK_LSM_TASK_FIX_SETUID);
}

SEC("lsm/task_fix_setgid")
int BPF_PROG(lsm_task_fix_setgid, struct cred *new, const struct cred *old, int flags, int ret)
{
	return ret ? ret : keep_new(new, PT_HOOK_LSM_TASK_FIX_SETGID);
}

SEC("lsm/task_fix_setgroups")
int BPF_PROG(lsm_task_fix_setgroups, struct cred *new, const struct cred *old, int ret)
{
	return ret ? ret : keep_new(new, PT_HOOK_LSM_TASK_FIX_SETGROUPS);
}

SEC("lsm/capset")
int BPF_PROG(lsm_capset, struct cred *new, const struct cred *old, const kernel_cap_t *effective,
	     const kernel_cap_t *inheritable, const kernel_cap_t *permitted, int ret)
{
	/* the new sets are not in `new` yet: capset copies them in after the hook */
	struct cred_new v = { .hook = PT_HOOK_LSM_CAPSET };
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	if (ret || !bpf_map_lookup_elem(&inflight, &tid))
		return ret;
	fill_creds(&v.new_cred, new);
	v.new_cred.cap_effective = read_caps(effective);
	v.new_cred.cap_inheritable = read_caps(inheritable);
	v.new_cred.cap_permitted = read_caps(permitted);
	bpf_map_update_elem(&cred_new, &tid, &v, BPF_ANY);
	return 0;
}

SEC("lsm/bprm_committing_creds")
int BPF_PROG(lsm_bprm_committing_creds, struct linux_binprm *bprm)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct pt_creds old = {}, now = {};
	struct inflight *in;
	struct pt_event *e;

	if (skip_current(task) || denied_only)
		return 0;
	fill_creds(&old, BPF_CORE_READ(task, cred));
	fill_creds(&now, BPF_CORE_READ(bprm, cred));
	if (!raised(&old, &now))
		return 0;
	e = event_start(PT_EV_EXEC, PT_HOOK_LSM_BPRM_COMMITTING_CREDS, task);
	if (!e)
		return 0;
	in = bpf_map_lookup_elem(&inflight, &tid);
	e->syscall = in ? in->syscall : PT_SYS_NONE;
	exec_event_submit(e, &old, &now, bprm);
	return 0;
}
