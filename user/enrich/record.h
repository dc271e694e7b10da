/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * One event on its way out: the kernel's record, and what the enrich stage
 * added (container, user-namespace picture, names) and explain derived.
 * Every pointer may be NULL: unknown, or (ct) the host.
 */
#ifndef PT_RECORD_H
#define PT_RECORD_H

#include "enrich/container.h"
#include "event/explain.h"
#include "privtrace.h"
#include "enrich/userns_map.h"

struct record {
	const struct pt_event *e;
	__u64 real_ns;                /* wall-clock time, ns since the epoch */
	__u64 first_real_ns;          /* a repeat record (e->repeat): its first folded event's */
	const struct container *ct;   /* NULL: the host */
	const char *cgroup_path;      /* privtrace.cgroup.path */
	const struct userns_map *map; /* the task's user namespace, as the host sees it */
	const char *host_user;        /* user.name: the host's name for the host euid */
	const char *ns_user;          /* privtrace.ns.user_name: the container's name for the ns euid */
	int ns_match;                 /* the task is in its container's mount and pid namespaces:
				       * 1 yes, 0 no, -1 unknown (privtrace.container.ns_match) */
	struct explanation why;       /* event.reason, privtrace.reason */
};

/* A record of e alone: explained, nothing enriched. */
void record_init(struct record *r, const struct pt_event *e, __u64 real_ns);

#endif
