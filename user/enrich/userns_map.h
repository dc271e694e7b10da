/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The user-namespace picture of a task: its uid_map and gid_map as the host
 * sees them, and whether its root is host root. The kernel side copies the
 * maps into every event (struct pt_idmap), so the picture is what held when
 * the event happened, whether or not the task is still there.
 */
#ifndef PT_USERNS_MAP_H
#define PT_USERNS_MAP_H

#include <stdbool.h>
#include "privtrace.h"

/* PT_MAP_INLINE_EXTENTS lines of "4294967295:4294967295:4294967296", and ",..." */
#define USERNS_MAP_LEN 192

struct userns_map {
	bool root_is_host_root;   /* ns uid 0 is host uid 0 */
	char uid[USERNS_MAP_LEN]; /* privtrace.userns.map.uid: "ns:host:count" extents joined by "," */
	char gid[USERNS_MAP_LEN];
};

/*
 * The picture of task t's namespace. The init namespace (level 0) maps every
 * id to itself: "0:0:4294967295". A map of more lines than the event carries
 * ends in ",..."; a namespace whose map is not written yet maps nothing: "".
 */
void userns_map_from_task(const struct pt_task *t, struct userns_map *m);

#endif
