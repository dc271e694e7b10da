/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * cgroup id (the cgroup v2 directory's inode number, what
 * bpf_get_current_cgroup_id() gives) -> cgroup path. Single-threaded: one
 * resolver belongs to one thread.
 */
#ifndef PT_CGROUP_RESOLVE_H
#define PT_CGROUP_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>
#include "enrich/container.h"

struct cgroup_resolver;

struct cgroup_where {
	/*
	 * v2 path relative to the v2 mount ("/docker/<id>"); when !by_id the
	 * path of a v1 hierarchy instead (see cgroup_resolve.c).
	 */
	char path[CT_PATH_LEN];
	/* the path was checked to be the id's own directory: cache by id alone */
	bool by_id;
	/* the real path was longer: this is its ancestor, cut at a '/' */
	bool truncated;
	/* !by_id: the start time of the process the answer is for (clock ticks
	 * since boot, /proc/<pid>/stat field 22), 0 when unknown */
	__u64 start_time;
};

/*
 * cgroup_root: the v2 tree to use; NULL finds the cgroup2 mount in
 * /proc/self/mountinfo (a host without one resolves from v1 lines only).
 * proc_root: NULL for "/proc". Both overrides exist for tests.
 * NULL with errno set on failure.
 */
struct cgroup_resolver *cgroup_resolver_new(const char *cgroup_root, const char *proc_root);
void cgroup_resolver_free(struct cgroup_resolver *r);

/*
 * The kernel's word on cgroup id (a struct pt_cgroup_note, in ring-buffer
 * order): path (canonical, as /proc/PID/cgroup shows it) is the id's from
 * now on, or with path NULL the id is gone. 0; -EOPNOTSUPP when the v2
 * tree privtrace sees is not the whole hierarchy (the kernel's paths name
 * other directories there); -EINVAL for a path that is not canonical;
 * -ENOSPC when the table is full (the id is looked up as before).
 */
int cgroup_resolver_note(struct cgroup_resolver *r, __u64 id, const char *path);
/* how many ids have a path from the kernel now */
size_t cgroup_resolver_noted(const struct cgroup_resolver *r);

/*
 * In order: (0) the kernel's notes; (a) a small cache of by-id answers; (b) the 0:: line of
 * /proc/<pid>/cgroup, checked by inode; (c) a v1 line when the task is in
 * the v2 root; (d) when the pid is gone or was reused: the id as a file
 * handle (cgroup2 only), else a scan of the v2 tree, at most once a second.
 * pid 0 skips (b) and (c).
 * 0 and *w filled; -ENOENT: no such cgroup (it is gone; ids are not
 * reused); -EAGAIN: not found now, the scan was skipped (rate limit), ask
 * again later; -ENOBUFS: the scan hit its bounds; other -errno. Never prints.
 */
int cgroup_resolve(struct cgroup_resolver *r, __u64 id, __u32 pid, struct cgroup_where *w);

/*
 * For sweeps. cgroup_alive: the v2 directory path (a by_id answer) still
 * exists and, unless truncated, is still the id's. pid_alive: pid still
 * runs the process that started at start_time.
 */
bool cgroup_alive(struct cgroup_resolver *r, __u64 id, const char *path, bool truncated);
bool cgroup_pid_alive(struct cgroup_resolver *r, __u32 pid, __u64 start_time);

/*
 * From a mountinfo file: the cgroup2 mount point into dir (preferring one
 * that shows the whole tree, root "/"); *has_v1 tells whether any cgroup
 * v1 hierarchy is mounted. 0, -ENOENT if no cgroup2 mount, -ENAMETOOLONG.
 */
int cgroup_v2_mount(FILE *mountinfo, char *dir, size_t size, bool *has_v1);

#endif
