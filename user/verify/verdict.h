/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* A container's verdict from its facts and what its runtime says. */
#ifndef PT_VERIFY_VERDICT_H
#define PT_VERIFY_VERDICT_H

#include <stdbool.h>

#include "enrich/container.h"
#include "verify/facts.h"

#define VERDICT_LINES 16
#define VERDICT_LINE_LEN 256

enum verdict { V_ISOLATED = 0, V_WARNINGS, V_NOT_ISOLATED, V_ERROR };

struct subject {
	char id[CT_ID_LEN];
	char daemon[256];              /* the socket it was found on */
	struct ct_meta meta;           /* what the runtime said of it */
	bool daemon_remaps;            /* the daemon runs with userns-remap */
	bool daemon_known;             /* ... and it said so (/info answered) */
	struct facts f;
	enum verdict v;
	char lines[VERDICT_LINES][VERDICT_LINE_LEN]; /* the evidence, in order */
	int n_lines;
};

/* s->v and its evidence from s->f and what the runtime said */
void verdict_judge(struct subject *s);
/* "isolated", "isolated_with_warnings", "not_isolated", "error" */
const char *verdict_word(enum verdict v);

#endif
