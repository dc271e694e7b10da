// SPDX-License-Identifier: GPL-2.0
/*
 * Cgroup v2 directories made, renamed and removed, as notes in the events'
 * ring buffer (struct pt_cgroup_note, include/privtrace.h).
 *
 * An event carries its task's cgroup id; the loader turns the id into a
 * path, and the path into a container, when it reads the event. A container
 * that has exited by then (a short job, or a reader behind) has no cgroup
 * left to look up. These tracepoints fire where the kernel has just made the
 * directory, with its path, so the path reaches the loader before any
 * event of a task inside (a task can only join a cgroup that exists), and
 * the removal after every one of them (the kernel refuses to remove a
 * cgroup that still has tasks). Cgroup creation is rare next to events:
 * the notes cost nothing on the paths events take.
 */
#include "maps.bpf.h"

static __always_inline int note(struct cgroup *cgrp, const char *path, __u32 op)
{
	struct pt_cgroup_note *n;
	long len;

	/* v1 hierarchies have ids of their own, which no event carries */
	if (BPF_CORE_READ(cgrp, root, hierarchy_id) != 0)
		return 0;
	n = bpf_ringbuf_reserve(&events, sizeof(*n), 0);
	if (!n) {
		count(PT_CNT_NOTE_LOST);
		return 0;
	}
	n->kind = PT_EV_CGROUP;
	n->op = op;
	n->id = BPF_CORE_READ(cgrp, kn, id);
	n->ts_ns = bpf_ktime_get_boot_ns();
	n->_pad = 0;
	len = bpf_probe_read_kernel_str(n->path, sizeof(n->path), path);
	n->path_len = len > 0 ? len : 0;
	if (len <= 0)
		n->path[0] = '\0';
	bpf_ringbuf_submit(n, 0);
	return 0;
}

SEC("tp_btf/cgroup_mkdir")
int BPF_PROG(cgroup_made, struct cgroup *cgrp, const char *path)
{
	return note(cgrp, path, PT_CG_MKDIR);
}

SEC("tp_btf/cgroup_rename")
int BPF_PROG(cgroup_renamed, struct cgroup *cgrp, const char *path)
{
	return note(cgrp, path, PT_CG_RENAME);
}

SEC("tp_btf/cgroup_rmdir")
int BPF_PROG(cgroup_removed, struct cgroup *cgrp, const char *path)
{
	return note(cgrp, path, PT_CG_RMDIR);
}
