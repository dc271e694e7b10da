/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Which records a report is about: a time window, containers (as the live
 * --container: a name whole, or an id prefix of 12 or more digits; or the
 * host), host and namespace uids, the outcome, the action, a capability, a
 * path glob, a process and its descendants, a reason.
 */
#ifndef PT_REPORT_QUERY_H
#define PT_REPORT_QUERY_H

#include <stdbool.h>
#include <linux/types.h>

#include "enrich/record.h"
#include "filter/filter.h"

#define QUERY_MAX 16 /* of each repeatable option */

struct pid_set {
	__u32 *slots;    /* open addressing; 0 free */
	size_t cap, n;
};

struct query {
	__u64 since_ns, until_ns;      /* [since, until); 0: open */
	const char *since_text, *until_text; /* as given: a time of day is resolved later */
	bool since_day, until_day;     /* a time of day, waiting for the day of the first record */
	struct filter where;           /* --container, --host, --containers-only */
	__u32 uid[QUERY_MAX];          /* host real or effective uid */
	int n_uid;
	__u32 ns_uid[QUERY_MAX];       /* ... as the task's user namespace sees it */
	int n_ns_uid;
	int outcome;                   /* -1 any, 1 granted, 0 denied */
	const char *action[QUERY_MAX];
	int n_action;
	int cap[QUERY_MAX];
	int n_cap;
	const char *path_glob[QUERY_MAX];
	int n_path;
	__u32 pid[QUERY_MAX];          /* and every process whose parent is among them */
	int n_pid;
	struct pid_set tree;
	int reason[QUERY_MAX];         /* enum pt_reason */
	int n_reason;
};

void query_init(struct query *q);
void query_free(struct query *q);

/*
 * --since / --until: "2026-12-01T10:00:00Z" (RFC 3339, or without a zone:
 * local time; a date alone is its local midnight), "10:00" or "10:00:30"
 * (on the day of the first record read, local time), "-15m" (s, m, h, d
 * before now). 0, or -1 with the reason in err.
 */
int query_time(const char *s, __u64 now_ns, __u64 *out, bool *time_of_day, char *err, size_t len);
/* A time of day, on the local day of day_ns. */
__u64 query_time_on_day(const char *s, __u64 day_ns);

/* --cap: "CAP_SYS_ADMIN", "sys_admin", or its number; -1 if none. */
int query_cap(const char *s);
/* --reason: a code as privtrace.reason says it; -1 if none. */
int query_reason(const char *s);

/* Does r pass? Called in time order: a process joins the --pid tree when its parent is in it. */
bool query_match(struct query *q, const struct record *r);

/* Is anything asked beyond the time window? (the report says what it was asked) */
bool query_narrowed(const struct query *q);

#endif
