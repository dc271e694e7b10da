/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What verify saw happen, besides what it read: the --exercise probe's
 * tries and the records privtrace's own tracer made of them, and what a
 * container did while --watch traced it. A record is cited by its
 * event.sequence with a line that says what it says.
 */
#ifndef PT_VERIFY_TRIAL_H
#define PT_VERIFY_TRIAL_H

#include <stdbool.h>

#define TRIAL_CITE_LEN 320

struct cited {
	unsigned long long seq;     /* its event.sequence in the tracer's output */
	bool ok;                    /* its event.outcome is success */
	bool file;                  /* a file record (else a capability check or a change of ids) */
	char text[TRIAL_CITE_LEN];  /* "file unlink /host/secret: success (host_root_change: ...)" */
};

/* The probe's tries, in the order it makes them (the file is removed last). */
enum trial_step { TRIAL_READ, TRIAL_CHMOD, TRIAL_CREATE, TRIAL_REMOVE, TRIAL_STEPS };
#define TRIAL_CITES 2 /* per step: its file record, else its capability checks */

struct exercise {
	bool asked, ran;            /* --exercise given; the probe reported its tries */
	char why[200];              /* what kept it from running, if not */
	int probe_pid;
	unsigned int host_uid;      /* the host uid the probe acted as (its namespace's 0) */
	int err[TRIAL_STEPS];       /* 0 done, else the errno */
	struct cited cite[TRIAL_STEPS][TRIAL_CITES];
	int n_cite[TRIAL_STEPS];
};

#define WATCH_CITES 4

/* --watch: what the container's own tasks did while privtrace traced it */
struct watch {
	bool asked, failed;              /* failed: privtrace's tracer did not run to its end */
	unsigned long long records;      /* the container's records */
	unsigned long long host_root;    /* host_root_file and host_root_change */
	unsigned long long unmapped;     /* refusals because a host owner is not mapped */
	struct cited cite[WATCH_CITES];  /* host-root records first */
	int n_cite;
};

#endif
