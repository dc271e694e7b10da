// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
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
	return e;
}
