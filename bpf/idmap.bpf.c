// SPDX-License-Identifier: GPL-2.0
/*
 * Ids as a user namespace sees them: map_id_up() over its uid_map/gid_map,
 * as the kernel's from_kuid() does (include/idmap.h has the arithmetic).
 */
#include "task.bpf.h"

struct map_walk {
	const struct uid_gid_extent *ext; /* the inline extents, or map->forward */
	struct pt_extent cur;             /* the extent being looked at */
	__u32 ids[4];
	__u32 out[4];
};

/* One id through the current extent (a callback: the verifier sees one id, not four). */
static long map_one(__u64 j, void *ctx)
{
	struct map_walk *w = ctx;
	__u32 v;

	if (j >= 4)
		return 1;
	v = pt_extent_map_up(&w->cur, w->ids[j]);
	if (v != PT_ID_UNMAPPED)
		w->out[j] = v;
	return 0;
}

static long map_extent(__u64 i, void *ctx)
{
	struct map_walk *w = ctx;

	/* bounded for the verifier: ext may be a typed pointer (the inline extents) */
	if (i >= PT_MAP_MAX_EXTENTS ||
	    bpf_probe_read_kernel(&w->cur, sizeof(w->cur), &w->ext[i]))
		return 1;
	bpf_loop(4, map_one, w, 0);
	return 0;
}

/*
 * map_id_up() for four ids at once over one uid_gid_map. Up to five extents
 * live inline, larger maps (up to 340) behind map->forward; either way
 * bpf_loop() walks them, which the verifier checks once, not per extent.
 * Only tasks in a user namespace other than the host's come here.
 */
__noinline int map_ids_up(__u64 map_addr, struct pt_id4 *ids)
{
	const struct uid_gid_map *map = (const void *)map_addr;
	struct map_walk w = {};
	__u32 nr;

	if (!ids)
		return 0;
	nr = BPF_CORE_READ(map, nr_extents);
	__builtin_memcpy(w.ids, ids, sizeof(w.ids));
	__builtin_memset(w.out, 0xff, sizeof(w.out)); /* PT_ID_UNMAPPED */
	w.ext = nr > PT_MAP_INLINE_EXTENTS ? BPF_CORE_READ(map, forward) : &map->extent[0];
	bpf_loop(nr < PT_MAP_MAX_EXTENTS ? nr : PT_MAP_MAX_EXTENTS, map_extent, &w, 0);
	__builtin_memcpy(ids, w.out, sizeof(w.out));
	return 0;
}

