/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What a health record says (docs/schema.md): whether the sensor sees, and
 * whether what it sees gets out. A SIEM alerts on a blind or muted sensor
 * from these: events stop growing, lost or dropped start to.
 */
#ifndef PT_HEALTH_H
#define PT_HEALTH_H

#include <stdbool.h>
#include <linux/types.h>

#define HEALTH_MAX_SINKS 8

/* One sink's figures, as the pipeline read them from it. */
struct health_sink {
	const char *name;
	unsigned long long written, dropped, queued;
	bool up;
};

struct health {
	__u64 real_ns;
	__u64 seq;                   /* its event.sequence */
	unsigned long long events;   /* read from the ring buffer */
	unsigned long long emitted;  /* passed the filters and went to the outputs */
	unsigned long long filtered; /* left out by the user-space filters */
	unsigned long long lost;     /* dropped in the kernel: ring buffer full (since start) */
	unsigned long long untracked; /* traced syscalls the kernel could not follow (since start) */
	unsigned long long coalesced; /* events folded into repeat records in the kernel (since start) */
	unsigned long long dropped;  /* dropped by the sinks, all together (since start) */
	unsigned long long queued;   /* waiting in the sinks' queues now, all together */
	int n_sinks;
	struct health_sink sinks[HEALTH_MAX_SINKS];
};

#endif
