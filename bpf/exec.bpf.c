// SPDX-License-Identifier: GPL-2.0
/*
 * Execs that raised privileges: a setuid/setgid binary or file capabilities.
 * sched_process_exec fires after the new credentials were committed and
 * before the new image runs, so comparing them with the credentials saved at
 * execve(at)'s entry shows exactly what the exec granted. The state is the
 * task's own: a multi-threaded exec's thread keeps it when it takes over the
 * leader's tid.
 */
#include "emit.bpf.h"
#include "creds.bpf.h"

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	/* not state_in_syscall(): the new image's personality may have rewritten orig_ax */
	struct task_state *st = state_get(p, false);
	struct pt_event *e;
	struct pt_creds now = {};

	if (!st || !st->syscall)
		return 0;
	fill_creds(&now, p->cred);
	if (exec_from_lsm || denied_only || !raised(&st->old, &now))
		goto out;
	e = event_start(PT_EV_EXEC, PT_HOOK_TP_SCHED_PROCESS_EXEC, p, st);
	if (!e)
		goto out;
	event_syscall(e, st);
	exec_event_submit(e, &st->old, &now, bprm);
out:
	/*
	 * the old address space is gone, so is the saved path pointer's
	 * meaning: the call's exit has nothing left to report
	 */
	st->syscall = PT_SYS_NONE;
	return 0;
}
