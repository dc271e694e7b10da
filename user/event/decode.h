/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_DECODE_H
#define PT_DECODE_H

#include <stddef.h>
#include "privtrace.h"

/*
 * A ring-buffer sample as an event, or NULL if it is not a well-formed
 * struct pt_event (not exactly its size, unknown kind, path length or
 * syscall out of bounds, a path without its NUL):
 * later stages may then trust kind and path_len.
 */
const struct pt_event *decode_event(const void *data, size_t size);

/*
 * A ring-buffer sample as a cgroup note, or NULL if it is not a
 * well-formed struct pt_cgroup_note (size, kind, op, a path that is one
 * NUL-terminated string of path_len bytes).
 */
const struct pt_cgroup_note *decode_cgroup_note(const void *data, size_t size);

#endif
