/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The report's default view: per container (and the host), what it did
 * with privilege. Every table is a tally (user/report/tally.h) whose keys
 * are raw bytes, as the records had them: they are escaped where they are
 * written, for each output in its own way.
 */
#ifndef PT_REPORT_SUMMARY_H
#define PT_REPORT_SUMMARY_H

#include <stdbool.h>
#include <linux/types.h>

#include "enrich/container.h"
#include "enrich/record.h"
#include "report/tally.h"

/* event.action values, in the order the tables show them */
enum sum_action {
	SA_CAPABILITY, SA_SETUID, SA_SETGID, SA_SETGROUPS, SA_CAPSET, SA_EXEC, SA_FILE, SA_MAX
};

#define SUM_BINS 120        /* the page's timeline: time slices per container */
#define SUM_DENIED_ROWS 200 /* denied accesses listed one by one per container, the first ones */

/* One denied access, as the page lists it. */
struct sum_denial {
	__u64 real_ns;
	unsigned long long events;  /* 1 + the repeat count */
	char action[16];
	char what[PT_PATH_LEN + 32];  /* capability name, path, or the change */
	char process[PT_COMM_LEN];
	__u32 pid, host_uid, ns_uid;
	char reason[40];
};

struct sum_group {
	bool host;                    /* the host: no container */
	char id[CT_ID_LEN];
	char name[CT_NAME_LEN], image[CT_NAME_LEN], pod[CT_NAME_LEN * 2];
	const char *runtime;
	__u64 first_ns, last_ns;
	unsigned long long records, events;
	unsigned long long counts[SA_MAX][2]; /* events by action, [0] denied [1] granted */
	/* "root is host uid 100000 (uid_map 0:100000:65536)": what its user namespaces were */
	struct tally userns;
	/*
	 * Its root is host root: events ran with ns root = host root and none
	 * in a namespace that remaps root (summary_finish). A remapped
	 * container also shows some in the initial namespace: the runtime's
	 * own setup processes in its cgroup, checks made with a mounter's
	 * credentials; those are counted apart (host_root_events).
	 */
	bool root_is_host_root;
	unsigned long long host_root_events, remapped_events;
	struct tally users;           /* "host uid 0 (root) as ns uid 0 (root)" */
	struct tally denied_caps;     /* CAP_* names */
	struct tally reasons;         /* reason codes, of denials and of flagged grants */
	struct tally denied_paths;
	struct tally execs;           /* privilege-raising execs: "PATH: host euid A -> B" */
	struct tally changes;         /* "setuid: host uid 0 -> 1000, ns 0 -> 1000" */
	struct tally flagged;         /* granted but flagged (reason on a success): "reason: path" */
	/*
	 * checks the kernel made with credentials other than the task's own
	 * (overlayfs: its mounter's): "CAP_FOWNER as host uid 0 (ns uid 0)",
	 * counted here apart; the rest of the tables count them as the task's
	 */
	struct tally checked_as;
	struct sum_denial *denials;   /* the first SUM_DENIED_ROWS */
	int n_denials;
	unsigned long long bins[SUM_BINS][2]; /* events per time slice (summary_report.bin_*), [0] denied */
};

struct summary_report {
	struct sum_group **groups;    /* the host first, then containers by name */
	int n_groups, cap_groups;
	struct tally index;           /* container id -> group */
	struct sum_group *host;
	__u64 first_ns, last_ns;
	unsigned long long records, events, matched_records;
	unsigned long long folded;    /* events standing in repeat records (repeat counts) */
	unsigned long long lost;      /* lost records' events: the ring buffer was full */
	unsigned long long lost_records;
	__u64 first_lost_ns, last_lost_ns;
	bool health_seen;             /* the last health record's counts: */
	unsigned long long h_events, h_emitted, h_filtered, h_lost, h_coalesced, h_dropped;
	bool oom;                     /* a table could not grow: it is short */
	/*
	 * The page's time slices, the same for every group: SUM_BINS of
	 * bin_ns from bin_start_ns; a record past the last doubles bin_ns
	 * (every group's slices merged in pairs), so one pass does it.
	 */
	__u64 bin_start_ns, bin_ns;
};

void summary_init(struct summary_report *s);
/* One record that matched the query. */
void summary_report_add(struct summary_report *s, const struct record *r);
/* A metric record (lost, health) as its JSON line: their counts. */
void summary_metric(struct summary_report *s, const char *json, size_t len, __u64 real_ns);
/* Groups sorted: the host first, then containers by name (or id). */
void summary_finish(struct summary_report *s);
void summary_free(struct summary_report *s);

/* "capability", "setuid", ... for SA_* */
const char *summary_action_name(int a);

#endif
