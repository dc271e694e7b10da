/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The cgroup v2 paths the kernel announced (struct pt_cgroup_note): id ->
 * path for every cgroup made or renamed since privtrace started and not
 * removed yet. Read in ring-buffer order with the events, so an event's
 * cgroup is here whenever it was made after the start, even when it is
 * gone by the time the event is read (include/privtrace.h says why).
 * Single-threaded, like the resolver that owns it.
 */
#ifndef PT_CGROUP_NOTES_H
#define PT_CGROUP_NOTES_H

#include <stddef.h>
#include <linux/types.h>

struct cgroup_notes;

#define CGROUP_NOTES_GRACE_DEFAULT (~0UL)

/*
 * max: paths kept at most (0: a default); grace_ms: how long a removed
 * cgroup's path is still given (CGROUP_NOTES_GRACE_DEFAULT: 30 s, past
 * the longest hold of an event for its container's name).
 * NULL with errno on failure.
 */
struct cgroup_notes *cgroup_notes_new(unsigned int max, unsigned long grace_ms);
void cgroup_notes_free(struct cgroup_notes *n);

/*
 * id's path is path from now on (made, or renamed). 0; -ENOSPC when max
 * paths of cgroups still there are held already (the id is then looked up
 * as before), -EINVAL for an id removed already, -ENOMEM.
 */
int cgroup_notes_set(struct cgroup_notes *n, __u64 id, const char *path);

/*
 * id was removed: its events were all read before its note. Its path is
 * still found for the grace, for the events held since.
 */
void cgroup_notes_drop(struct cgroup_notes *n, __u64 id);

/* id's path, or NULL; valid until the next set or drop */
const char *cgroup_notes_find(const struct cgroup_notes *n, __u64 id);

/* paths of cgroups still there */
size_t cgroup_notes_count(const struct cgroup_notes *n);

#endif
