// SPDX-License-Identifier: GPL-2.0
/*
 * `run --`: the traced command's fork tree, followed in the kernel. Loaded
 * only in that mode; per-thread state needs no cleanup (task storage goes
 * with its task).
 */
#include "maps.bpf.h"

SEC("tp_btf/sched_process_fork")
int BPF_PROG(on_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 ptgid = parent->tgid;
	__u32 ctgid = child->tgid;
	__u8 one = 1;

	if (ptgid != ctgid && bpf_map_lookup_elem(&traced, &ptgid))
		bpf_map_update_elem(&traced, &ctgid, &one, BPF_ANY);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(on_task_exit, struct task_struct *p)
{
	__u32 tgid = p->tgid;

	/* the last thread: the tgid may be reused by an unrelated process */
	if (p->signal->live.counter == 0)
		bpf_map_delete_elem(&traced, &tgid);
	return 0;
}
