// SPDX-License-Identifier: GPL-2.0
/*
 * Process lifetime: `run --` follows the traced command's fork tree in the
 * kernel, and a thread that dies inside a traced syscall (killed while
 * blocked in open, say) never reaches sys_exit, so its context (and what an
 * LSM hook kept for that exit) goes here.
 */
#include "maps.bpf.h"

SEC("tp_btf/sched_process_fork")
int BPF_PROG(on_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 ptgid = BPF_CORE_READ(parent, tgid);
	__u32 ctgid = BPF_CORE_READ(child, tgid);
	__u8 one = 1;

	if (ptgid != ctgid && bpf_map_lookup_elem(&traced, &ptgid))
		bpf_map_update_elem(&traced, &ctgid, &one, BPF_ANY);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(on_task_exit, struct task_struct *p)
{
	__u32 tid = BPF_CORE_READ(p, pid);
	__u32 tgid = BPF_CORE_READ(p, tgid);

	bpf_map_delete_elem(&inflight, &tid);
	bpf_map_delete_elem(&cred_new, &tid);
	/* the last thread: the tgid may be reused by an unrelated process */
	if (targ_tree && BPF_CORE_READ(p, signal, live.counter) == 0)
		bpf_map_delete_elem(&traced, &tgid);
	return 0;
}
