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

/* max: paths kept at most (0: a default); NULL with errno on failure */
struct cgroup_notes *cgroup_notes_new(unsigned int max);
void cgroup_notes_free(struct cgroup_notes *n);

/*
 * id's path is path from now on (made, or renamed). 0; -ENOSPC when max
 * paths are held already (the id is then looked up as before), -ENOMEM.
 */
int cgroup_notes_set(struct cgroup_notes *n, __u64 id, const char *path);

/* id was removed: its events were all read before its note */
void cgroup_notes_drop(struct cgroup_notes *n, __u64 id);

/* id's path, or NULL; valid until the next set or drop */
const char *cgroup_notes_find(const struct cgroup_notes *n, __u64 id);

/* paths held now */
size_t cgroup_notes_count(const struct cgroup_notes *n);

#endif
