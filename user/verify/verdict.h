/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* A container's verdict from its facts and what its runtime says. */
#ifndef PT_VERIFY_VERDICT_H
#define PT_VERIFY_VERDICT_H

#include <stdbool.h>

#include "enrich/container.h"
#include "verify/facts.h"
#include "verify/trial.h"

#define VERDICT_LINES 40
#define VERDICT_LINE_LEN (TRIAL_CITE_LEN + 64)

enum verdict { V_ISOLATED = 0, V_WARNINGS, V_NOT_ISOLATED, V_ERROR };

struct subject {
	char id[CT_ID_LEN];
	char daemon[256];              /* the socket it was found on; else its state directory */
	/*
	 * NULL: a daemon's (Docker's API); else the state it was found in,
	 * with no daemon asked: "runc" (runc's own), "containerd" (a shim's task)
	 */
	const char *state;
	struct ct_meta meta;           /* what the runtime said of it */
	bool daemon_remaps;            /* the daemon runs with userns-remap */
	bool daemon_known;             /* ... and it said so (/info answered) */
	struct facts f;
	struct exercise ex;            /* --exercise: the probe's tries and their records */
	struct watch watch;            /* --watch: what its own tasks did meanwhile */
	enum verdict v;
	char lines[VERDICT_LINES][VERDICT_LINE_LEN]; /* the evidence, in order */
	int n_lines;
};

/* s->v and its evidence from s->f, what the runtime said, and s->ex and s->watch if asked */
void verdict_judge(struct subject *s, int watch_s);
/* "isolated", "isolated_with_warnings", "not_isolated", "error" */
const char *verdict_word(enum verdict v);

#endif
