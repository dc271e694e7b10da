// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdio.h>
#include <string.h>

#include "enrich/userns_map.h"

static void format_map(char *out, size_t len, const struct pt_idmap *map)
{
	__u32 i, shown = map->nr_extents < PT_MAP_INLINE_EXTENTS ? map->nr_extents :
								     PT_MAP_INLINE_EXTENTS;
	size_t used = 0;

	out[0] = '\0';
	for (i = 0; i < shown && used < len; i++) {
		const struct pt_extent *e = &map->extent[i];
		int w = snprintf(out + used, len - used, "%s%u:%u:%u", i ? "," : "", e->first,
				 e->lower_first, e->count);

		if (w < 0)
			break;
		used += (size_t)w;
	}
	/* the lines the event did not carry: said, never a plausible shorter map */
	if (map->nr_extents > shown && used < len)
		snprintf(out + used, len - used, ",...");
}

void userns_map_from_task(const struct pt_task *t, struct userns_map *m)
{
	__u32 i;

	/* as the kernel shows the init namespace's identity map; most events are the host's */
	static const struct userns_map identity = {
		.root_is_host_root = true, .uid = "0:0:4294967295", .gid = "0:0:4294967295",
	};

	if (t->userns_level == 0) {
		*m = identity;
		return;
	}
	memset(m, 0, sizeof(*m));
	format_map(m->uid, sizeof(m->uid), &t->uid_map);
	format_map(m->gid, sizeof(m->gid), &t->gid_map);
	for (i = 0; i < t->uid_map.nr_extents && i < PT_MAP_INLINE_EXTENTS; i++)
		if (t->uid_map.extent[i].first == 0 && t->uid_map.extent[i].lower_first == 0 &&
		    t->uid_map.extent[i].count)
			m->root_is_host_root = true;
}
