/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * uid_map / gid_map arithmetic, shared by the BPF side (which walks the
 * kernel's struct uid_gid_map) and userspace (unit tests, /proc/PID/uid_map).
 *
 * The kernel stores a namespace's map with lower_first already translated to
 * host (init namespace) ids, whatever the nesting depth, so one extent lookup
 * turns a host id into the namespace's id: no walk up the parents is needed.
 */
#ifndef PRIVTRACE_IDMAP_H
#define PRIVTRACE_IDMAP_H

#include "privtrace.h"

/*
 * The namespace's id for host id `id` if this extent covers it, else
 * PT_ID_UNMAPPED. Written to avoid overflow: lower_first + count can exceed
 * 2^32 for the init namespace's 0 0 4294967295 line.
 */
static inline __u32 pt_extent_map_up(const struct pt_extent *e, __u32 id)
{
	if (e->count == 0 || id < e->lower_first || id - e->lower_first >= e->count)
		return PT_ID_UNMAPPED;
	return e->first + (id - e->lower_first);
}

#endif /* PRIVTRACE_IDMAP_H */
