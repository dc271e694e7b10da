/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The user-space filter stage: what the kernel-side filters (pid tree, uid,
 * cgroup, denied-only) cannot know, because it needs the container an event
 * was attributed to: --containers-only, --host-only, --container.
 */
#ifndef PT_FILTER_H
#define PT_FILTER_H

#include <stdbool.h>
#include "options.h"
#include "record.h"

#define FILTER_MIN_ID_PREFIX 12 /* as `docker ps` shows ids */

struct filter {
	enum scope scope;
	const char *const *match; /* container names or id prefixes; any one will do */
	int n_match;
};

void filter_init(struct filter *f, const struct env *env);

/* Does r pass? A record whose container has not been named yet matches by id only. */
bool filter_pass(const struct filter *f, const struct record *r);

#endif
