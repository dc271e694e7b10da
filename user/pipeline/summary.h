/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_SUMMARY_H
#define PT_SUMMARY_H

#include <stdio.h>
#include "enrich/record.h"
#include "privtrace.h"

#define SUMMARY_ACTIONS 8

/* Events seen, by action and outcome, for the line printed at exit. */
struct summary {
	const char *action[SUMMARY_ACTIONS];
	unsigned long long ok[SUMMARY_ACTIONS];
	unsigned long long failed[SUMMARY_ACTIONS];
	unsigned long long malformed;
	unsigned long long folded;         /* events the repeat records stand for */
	unsigned long long repeat_records;
};

void summary_add(struct summary *s, const struct record *r);
/*
 * "privtrace: summary: N events, ...", "; coalesced N into N repeat
 * records" when floods were folded, "; lost N", then "; untracked syscalls
 * N" (traced syscalls the kernel side could not follow), "; filtered N"
 * (left out by container filters), "; unnamed N" (written before their
 * container's runtime answered) and "; dropped by sinks N" when not 0, with
 * how many of them were still queued after the last health record went out
 * (unsent_at_exit, that record among them): its "dropped D" plus these is
 * what the sinks lost.
 */
void summary_print(FILE *out, const struct summary *s, unsigned long long lost,
		   unsigned long long untracked, unsigned long long filtered,
		   unsigned long long unnamed, unsigned long long sink_dropped,
		   unsigned long long unsent_at_exit);

#endif
