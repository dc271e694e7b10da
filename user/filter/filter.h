/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The user-space filter stage: what the kernel-side filters (pid tree, uid,
 * cgroup, denied-only) cannot know, because it needs the container an event
 * was attributed to: --containers-only, --host-only, --container.
 */
#ifndef PT_FILTER_H
#define PT_FILTER_H

#include <stdbool.h>
#include <stdio.h>

#include "enrich/record.h"

#define FILTER_MIN_ID_PREFIX 12 /* as `docker ps` shows ids */
#define FILTER_MAX_MATCH 16     /* --container patterns at most */

/* Which tasks' events pass, by where they run. */
enum scope { SCOPE_ALL = 0, SCOPE_CONTAINERS, SCOPE_HOST };

struct filter {
	enum scope scope;
	const char *const *match; /* container names or id prefixes; any one will do */
	int n_match;              /* FILTER_MAX_MATCH at most */
	unsigned long long hits[FILTER_MAX_MATCH]; /* records each pattern let through */
};

/* Is ct the container want names: its name whole, or an id prefix of FILTER_MIN_ID_PREFIX+ digits? */
bool filter_matches(const struct container *ct, const char *want);

/*
 * Does r pass? A record whose container has not been named yet matches by
 * id only. Counts, per pattern, the records it let through.
 */
bool filter_pass(struct filter *f, const struct record *r);

/*
 * At exit, on out: each --container pattern that matched nothing, and why
 * that may be (no runtime named containers: only an id prefix can match).
 */
void filter_report_unmatched(const struct filter *f, bool names_known, FILE *out);

#endif
