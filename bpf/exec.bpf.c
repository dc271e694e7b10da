// SPDX-License-Identifier: GPL-2.0
/*
 * Execs that raised privileges: a setuid/setgid binary or file capabilities.
 * sched_process_exec fires after the new credentials were committed and
 * before the new image runs, so comparing them with the credentials saved at
 * sys_enter_execve(at) shows exactly what the exec granted. The pre-exec tid
 * (old_pid) is the key: a multi-threaded exec takes over the leader's tid.
 */
#include "emit.bpf.h"
#include "creds.bpf.h"

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	__u32 key = old_pid;
	struct inflight *in = bpf_map_lookup_elem(&inflight, &key);
	struct pt_event *e;
	struct pt_creds now = {};

	if (!in)
		return 0;
	fill_creds(&now, BPF_CORE_READ(p, cred));
	if (exec_from_lsm || denied_only || !raised(&in->old, &now))
		goto out;
	e = event_start(PT_EV_EXEC, PT_HOOK_TP_SCHED_PROCESS_EXEC, p);
	if (!e)
		goto out;
	e->syscall = in->syscall;
	exec_event_submit(e, &in->old, &now, bprm);
out:
	/* the old address space is gone: the saved path pointer means nothing now */
	bpf_map_delete_elem(&inflight, &key);
	return 0;
}
