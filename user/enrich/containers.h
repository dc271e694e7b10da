/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The container cache of the enrich stage: cgroup id (+ pid) -> container.
 * It answers from the cgroup path at once and asks the runtime for names
 * on a worker thread, so the event loop never waits for a runtime.
 *
 * Threading: every containers_* function is for one thread (the event
 * loop). The worker only calls cfg->query, on its own copy of the
 * container, and hands the answer back; containers_poll() applies it.
 * The caller:
 *   - calls containers_get() per event;
 *   - polls containers_fd() for POLLIN with its ring buffer and then calls
 *     containers_poll() (calling it on every loop turn is fine too);
 *   - calls containers_sweep() every few seconds;
 *   - containers_free() at exit: it waits for a query in progress to end.
 */
#ifndef PT_CONTAINERS_H
#define PT_CONTAINERS_H

#include <linux/types.h>
#include "enrich/container.h"

struct containers;

struct containers_cfg {
	unsigned int max_entries;   /* containers kept (LRU beyond); 0: 1024 */
	unsigned int max_hosts;     /* host answers kept (LRU beyond); 0: 4 * max_entries */
	unsigned int max_queue;     /* metadata requests queued or in progress; 0: 64 */
	/*
	 * Runs on the worker thread, one call at a time, and may block. Fills
	 * *out (zeroed before) for c; <0 when the runtime could not say. NULL:
	 * no metadata, every container is meta_done at once.
	 */
	int (*query)(void *arg, const struct container *c, struct ct_meta *out);
	void *query_arg;
	const char *cgroup_root;    /* NULL: the cgroup2 mount (tests give a tree) */
	const char *proc_root;      /* NULL: /proc (tests give a fake one) */
};

struct containers_stats {
	__u64 lookups;          /* containers_get() calls */
	__u64 misses;           /* ... not answered by the cache */
	__u64 unresolved;       /* ... whose cgroup could not be found (answered as host) */
	__u64 meta_requests;    /* queued to the worker */
	__u64 meta_results;     /* answers applied by containers_poll() */
	__u64 meta_failed;      /* ... of them the query failed: no metadata */
	__u64 meta_dropped;     /* not queued, the queue was full: no metadata */
	__u64 evictions;        /* containers dropped for room */
	__u64 host_evictions;   /* host answers dropped for room */
	__u64 swept;            /* entries dropped by containers_sweep() */
	__u64 notes;            /* the kernel's cgroup notes taken (containers_note()) */
	__u64 notes_unused;     /* ... not kept: table full, a path cut or not canonical,
				 * or a v2 tree that is not the whole hierarchy */
	__u64 noted;            /* cgroups whose path the kernel gave, now */
};

/* cfg NULL: all defaults. NULL with errno on failure. */
struct containers *containers_new(const struct containers_cfg *cfg);
void containers_free(struct containers *cs);

/*
 * The container of a task with this cgroup v2 id and host tgid, or NULL
 * for the host (also when nothing can tell). Never waits for a runtime; a
 * cache miss costs a read of /proc/<pid>/cgroup, rarely a tree scan (at
 * most once a second). A new container comes back with meta_done false.
 * The pointer is valid until the next containers_* call.
 */
const struct container *containers_get(struct containers *cs, __u64 cgroup_id, __u32 pid);

/*
 * The kernel's word on a cgroup, in the events' order (struct
 * pt_cgroup_note): path is cgroup_id's from now on (made, renamed), or
 * with path NULL the cgroup is gone. An id the kernel named is a container
 * or not by its path alone, even once its directory is removed.
 */
void containers_note(struct containers *cs, __u64 cgroup_id, const char *path);

/* Readable when metadata answers wait for containers_poll(). */
int containers_fd(struct containers *cs);
/* Apply the waiting answers: how many (0 when none; never blocks). */
int containers_poll(struct containers *cs);
/* Forget containers whose cgroup is gone and processes that exited. */
void containers_sweep(struct containers *cs);
void containers_stats(const struct containers *cs, struct containers_stats *out);

#endif
