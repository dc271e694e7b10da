// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <string.h>

#include "event/decode.h"

const struct pt_event *decode_event(const void *data, size_t size)
{
	const struct pt_event *e = data;

	/* one build makes both sides: any other size is a mismatch, not an event */
	if (!data || size != sizeof(*e))
		return NULL;
	if (e->kind < PT_EV_CAP || e->kind > PT_EV_FILE)
		return NULL;
	if (e->path_len > PT_PATH_LEN || e->syscall >= PT_SYS_MAX)
		return NULL;
	/* a path is a string: later stages, and a capture read back, need its NUL */
	if (e->path_len && e->path[e->path_len - 1])
		return NULL;
	return e;
}

const struct pt_cgroup_note *decode_cgroup_note(const void *data, size_t size)
{
	const struct pt_cgroup_note *n = data;

	if (!data || size != sizeof(*n) || n->kind != PT_EV_CGROUP)
		return NULL;
	if (n->op < PT_CG_MKDIR || n->op > PT_CG_RMDIR)
		return NULL;
	/* one string filling path_len exactly, NUL included */
	if (!n->path_len || n->path_len > PT_PATH_LEN || n->path[n->path_len - 1] ||
	    memchr(n->path, 0, n->path_len - 1))
		return NULL;
	return n;
}
