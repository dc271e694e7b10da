// SPDX-License-Identifier: GPL-2.0
/*
 * Capability checks through the capability:cap_capable tracepoint (Linux
 * 6.14+). It fires inside commoncap's cap_capable(), the capability LSM, for
 * every check however it was made (capable(), ns_capable(), file_ns_capable(),
 * the *_noaudit variants), with the credentials checked, the user namespace
 * that owns the resource, and where the capability was found (NULL when
 * denied). tp_btf gives typed arguments at the cost of a direct call.
 */
#include "emit.bpf.h"
#include "noise.bpf.h"

SEC("tp_btf/cap_capable")
int BPF_PROG(on_cap_capable, const struct cred *cred, struct user_namespace *target_ns,
	     const struct user_namespace *capable_ns, int cap, int ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct inflight *in;
	struct pt_event *e;

	if (skip_current(task))
		return 0;
	if (denied_only && ret == 0)
		return 0;
	in = bpf_map_lookup_elem(&inflight, &tid);
	if (!all_caps && cap_is_noise(ctx, cap))
		return 0;

	e = event_start(PT_EV_CAP, task);
	if (!e)
		return 0;
	e->ret = ret;
	fill_creds(&e->cred, cred);
	e->cap.cap = cap;
	e->cap.target_userns_inum = BPF_CORE_READ(target_ns, ns.inum);
	e->cap.target_userns_level = BPF_CORE_READ(target_ns, level);
	e->cap.capable_userns_inum = capable_ns ? BPF_CORE_READ(capable_ns, ns.inum) : 0;
	if (in) {
		e->syscall = in->syscall;
		e->flags |= PT_F_IN_SYSCALL;
		event_user_path(e, in->path_ptr);
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}
