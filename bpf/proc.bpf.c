// SPDX-License-Identifier: GPL-2.0
/*
 * Task lifetime: `run --` follows the traced command's fork tree in the
 * kernel, and a task that exits takes its folded counts out as repeat
 * records (bpf/fold.bpf.h). Per-thread state needs no other cleanup: task
 * storage goes with its task.
 */
#include "fold.bpf.h"

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

	if (fold_events)
		fold_sweep_task(p, true);
	/* the last thread: the tgid may be reused by an unrelated process */
	if (targ_tree && p->signal->live.counter == 0)
		bpf_map_delete_elem(&traced, &tgid);
	return 0;
}
