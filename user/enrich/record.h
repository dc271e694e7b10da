/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * One event on its way out: the kernel's record, what it means (decided
 * once, when the record is made: every stage after reads it), and what the
 * enrich stage added (container, user-namespace picture, names). Every
 * enrichment pointer may be NULL: unknown, or (ct) the host.
 */
#ifndef PT_RECORD_H
#define PT_RECORD_H

#include <stdbool.h>

#include "enrich/container.h"
#include "event/explain.h"
#include "privtrace.h"
#include "enrich/userns_map.h"

/* RFC 5424 severities of event records */
#define RECORD_SEV_WARNING 4 /* a denial, a refused change */
#define RECORD_SEV_NOTICE 5  /* a privileged access granted, a credential change, an exec */

struct record {
	const struct pt_event *e;
	__u64 real_ns;                /* wall-clock time, ns since the epoch */
	__u64 first_real_ns;          /* a repeat record (e->repeat): its first folded event's */
	__u64 seq;                    /* event.sequence: set by the pipeline as the record goes out */
	/* what it means (record_init) */
	const char *action;           /* event.action */
	bool ok;                      /* event.outcome: success */
	int severity;                 /* RECORD_SEV_* */
	struct explanation why;       /* event.reason, privtrace.reason */
	/* what enrich added */
	const struct container *ct;   /* NULL: the host */
	const char *cgroup_path;      /* privtrace.cgroup.path */
	const struct userns_map *map; /* the task's user namespace, as the host sees it */
	const char *host_user;        /* user.name: the host's name for the host euid */
	const char *ns_user;          /* privtrace.ns.user_name: the container's name for the ns euid */
	int ns_match;                 /* the task is in its container's mount and pid namespaces:
				       * 1 yes, 0 no, -1 unknown (privtrace.container.ns_match) */
};

/* A record of e alone: what it means, nothing enriched. */
void record_init(struct record *r, const struct pt_event *e, __u64 real_ns);

#endif
